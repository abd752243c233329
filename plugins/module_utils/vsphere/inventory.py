# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the inventory with the PropertyCollector: one retrieval, only the properties needed.

A snapshot walks the whole inventory from the root folder in ONE RetrievePropertiesEx (more only when
vSphere pages a very large result) and returns, per object, just the listed properties. VMs never bring
their whole ``config``: only ``config.extraConfig`` and ``config.changeVersion``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from pyVmomi import vim, vmodl
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError, fault_message
from ansible_collections.vic.vch.plugins.module_utils.vsphere.option_values import extra_config_map

VM_PROPERTIES = ("name", "parent", "resourcePool", "config.extraConfig", "config.changeVersion",
                 "runtime.powerState", "config.hardware.numCPU", "config.hardware.memoryMB")
PLACEMENT_PROPERTIES = {
    "Datacenter": ("name", "parent", "vmFolder", "hostFolder", "datastoreFolder", "networkFolder"),
    "Folder": ("name", "parent"),
    "ClusterComputeResource": ("name", "parent", "resourcePool"),
    "ComputeResource": ("name", "parent", "resourcePool"),
    "HostSystem": ("name", "parent"),
    "ResourcePool": ("name", "parent", "config.cpuAllocation", "config.memoryAllocation"),
    "Datastore": ("name", "parent"),
    "Network": ("name", "parent"),
    "DistributedVirtualPortgroup": ("name", "parent", "key", "config.distributedVirtualSwitch"),
    "DistributedVirtualSwitch": ("name", "parent", "uuid"),
}


class InventoryObject:
    """An inventory object with the properties that were retrieved."""

    __slots__ = ("ref", "props")

    def __init__(self, ref, props):
        self.ref = ref
        self.props = props

    @property
    def moid(self):
        return self.ref._moId

    @property
    def kind(self):
        return type(self.ref).__name__.split(".")[-1]

    @property
    def name(self):
        return self.props.get("name")

    @property
    def reference(self):
        """'DistributedVirtualPortgroup:dvportgroup-13': the managed object reference as VIC records it."""
        return "%s:%s" % (self.kind, self.moid)

    def __repr__(self):
        return "%s(%s %r)" % (self.kind, self.moid, self.name)


class VmRecord(InventoryObject):
    """A VM as the modules need it: its extraConfig (as a map), changeVersion and power state."""

    __slots__ = ()

    @property
    def extra_config(self):
        return extra_config_map(self.props.get("config.extraConfig") or [])

    @property
    def change_version(self):
        return self.props.get("config.changeVersion")

    @property
    def power_state(self):
        return str(self.props.get("runtime.powerState") or "")

    @property
    def pool_moid(self):
        """The managed object id of the resource pool the VM runs in (None when not read)."""
        return getattr(self.props.get("resourcePool"), "_moId", None)

    @property
    def hardware(self):
        """{"cpus": n, "memory_mb": n} as the VM has them (None where not read)."""
        return {"cpus": self.props.get("config.hardware.numCPU"),
                "memory_mb": self.props.get("config.hardware.memoryMB")}


def _traversal_specs():
    """From the root folder down to every VM, compute resource, pool, datastore and network."""
    def spec(name, kind, path, *select):
        return vmodl.query.PropertyCollector.TraversalSpec(
            name=name, type=kind, path=path, skip=False,
            selectSet=[vmodl.query.PropertyCollector.SelectionSpec(name=s) for s in select])

    datacenter_folders = ("dc-vm", "dc-host", "dc-ds", "dc-net")
    return [
        spec("folder", vim.Folder, "childEntity", "folder", "cr-host", "cr-rp", "vapp", *datacenter_folders),
        spec("dc-vm", vim.Datacenter, "vmFolder", "folder"),
        spec("dc-host", vim.Datacenter, "hostFolder", "folder"),
        spec("dc-ds", vim.Datacenter, "datastoreFolder", "folder"),
        spec("dc-net", vim.Datacenter, "networkFolder", "folder"),
        spec("cr-host", vim.ComputeResource, "host"),
        spec("cr-rp", vim.ComputeResource, "resourcePool", "rp", "vapp"),
        spec("rp", vim.ResourcePool, "resourcePool", "rp", "vapp"),
        spec("vapp", vim.VirtualApp, "vm"),
    ]


def retrieve(session, object_specs, prop_specs, action):
    """RetrievePropertiesEx (and its continuations) -> [(ref, {path: value})]."""
    collector = session.content.propertyCollector
    spec = vmodl.query.PropertyCollector.FilterSpec(objectSet=object_specs, propSet=prop_specs)
    out = []
    try:
        result = session.call(action, collector.RetrievePropertiesEx, [spec],
                              vmodl.query.PropertyCollector.RetrieveOptions(), raw_faults=True)
        while result is not None:
            for obj in result.objects or ():
                props = dict((p.name, p.val) for p in obj.propSet or ())
                out.append((obj.obj, props))
            result = session.call(action, collector.ContinueRetrievePropertiesEx, result.token, raw_faults=True) \
                if result.token else None
    except vmodl.fault.ManagedObjectNotFound:
        return out
    except vmodl.MethodFault as exc:
        raise VSphereError("%s: %s" % (action, fault_message(exc))) from None
    return out


def snapshot(session, vms=True, placement=True):
    """The whole inventory in one retrieval: VmRecords and placement objects (InventoryObject)."""
    prop_specs = []
    if vms:
        prop_specs.append(vmodl.query.PropertyCollector.PropertySpec(type=vim.VirtualMachine,
                                                                     pathSet=list(VM_PROPERTIES)))
    if placement:
        for kind, paths in PLACEMENT_PROPERTIES.items():
            prop_specs.append(vmodl.query.PropertyCollector.PropertySpec(type=getattr(vim, kind),
                                                                         pathSet=list(paths)))
    root = vmodl.query.PropertyCollector.ObjectSpec(obj=session.content.rootFolder, skip=False,
                                                    selectSet=_traversal_specs())
    return Inventory(retrieve(session, [root], prop_specs, "reading the inventory"))


def children(session, parent_ref, children_property, what):
    """[(ref, name)] of a folder's ``childEntity`` or a pool's ``resourcePool`` / ``vm``, in one retrieval."""
    select = vmodl.query.PropertyCollector.TraversalSpec(
        name="children", type=type(parent_ref), path=children_property, skip=False)
    start = vmodl.query.PropertyCollector.ObjectSpec(obj=parent_ref, skip=True, selectSet=[select])
    names = vmodl.query.PropertyCollector.PropertySpec(type=vim.ManagedEntity, pathSet=["name"])
    return [(ref, props.get("name")) for ref, props in retrieve(session, [start], [names], what)]


def vm_by_moid(session, moid):
    """One VM by managed object id, in one retrieval; None when it does not exist."""
    ref = vim.VirtualMachine(moid, session.si._stub)
    prop = vmodl.query.PropertyCollector.PropertySpec(type=vim.VirtualMachine, pathSet=list(VM_PROPERTIES))
    found = retrieve(session, [vmodl.query.PropertyCollector.ObjectSpec(obj=ref, skip=False)], [prop],
                     "reading VM %s" % moid)
    return VmRecord(*found[0]) if found else None


class Inventory:
    """A snapshot of the inventory, with name and path look-ups done locally."""

    def __init__(self, objects):
        self.objects = [VmRecord(ref, props) if isinstance(ref, vim.VirtualMachine) else InventoryObject(ref, props)
                        for ref, props in objects]
        self.by_moid = dict((o.moid, o) for o in self.objects)

    def of_kind(self, *kinds):
        return [o for o in self.objects if o.kind in kinds]

    def parent(self, obj):
        ref = obj.props.get("parent")
        return self.by_moid.get(ref._moId) if ref is not None else None

    def datacenter_of(self, obj):
        while obj is not None and obj.kind != "Datacenter":
            obj = self.parent(obj)
        return obj

    def vms(self, name=None, datacenter=None):
        out = [o for o in self.objects if isinstance(o, VmRecord) and (name is None or o.name == name)]
        if datacenter is not None:
            out = [o for o in out if self.datacenter_of(o) is datacenter]
        return out

    def matching(self, name, datacenter=None, folder=None):
        """The VMs called ``name``, optionally in the datacenter named ``datacenter`` and in ``folder``."""
        found = self.vms(name)
        if datacenter:
            found = [vm for vm in found if (self.datacenter_of(vm) or vm).name == datacenter]
        if folder:
            found = [vm for vm in found if folder_path_matches(self, vm, folder)]
        return found

    def in_datacenter(self, datacenter, *kinds):
        return [o for o in self.of_kind(*kinds) if self.datacenter_of(o) is datacenter]

    def path(self, obj):
        """The inventory path, '/DC0/vm/folder/name' (the root folder left out)."""
        parts = []
        while obj is not None and self.parent(obj) is not None:
            parts.append(obj.name)
            obj = self.parent(obj)
        return "/" + "/".join(reversed(parts))


def folder_path_matches(inv, vm, folder):
    """Whether ``vm`` sits in ``folder``: a path under its datacenter's VM folder ('vic/prod' or '/vm/vic/prod');
    a leading 'vm' is that VM folder itself unless a folder named 'vm' is really there (as placement.folder)."""
    wanted = [p for p in folder.strip("/").split("/") if p]
    parts = []
    node = inv.parent(vm)
    while node is not None and node.kind == "Folder" and inv.parent(node) is not None \
            and inv.parent(node).kind != "Datacenter":
        parts.append(node.name)
        node = inv.parent(node)
    parts.reverse()
    if parts == wanted:
        return True
    if wanted[:1] == ["vm"] and parts == wanted[1:]:
        datacenter = inv.datacenter_of(vm)
        vm_folder = inv.by_moid.get(datacenter.props["vmFolder"]._moId) if datacenter is not None else None
        return not any(o.kind == "Folder" and o.name == "vm" and inv.parent(o) is vm_folder for o in inv.objects)
    return False


def locate_vm(session, name=None, moid=None, datacenter=None, folder=None, what="VM", inv=None):
    """The one VM given by moid, or by name (optionally in a datacenter and folder): (VmRecord, Inventory or None).

    A moid costs one retrieval of that VM; a name, one retrieval of the inventory; neither costs anything with
    ``inv``, an inventory already read (a batch's). VSphereError when there is no such VM or the name is ambiguous.
    """
    if moid:
        record = inv.by_moid.get(moid) if inv is not None else vm_by_moid(session, moid)
        if not isinstance(record, VmRecord):
            raise VSphereError("%s %s not found" % (what, moid))
        return record, inv
    inv = inv if inv is not None else snapshot(session)
    found = inv.matching(name, datacenter, folder)
    if not found:
        raise VSphereError("%s %r not found%s" % (what, name, " in %s" % "/".join(
            p for p in (datacenter, folder) if p) if (datacenter or folder) else ""))
    if len(found) > 1:
        raise VSphereError("%d VMs are named %r (%s): give datacenter, folder or moid" % (
            len(found), name, ", ".join(inv.path(vm) for vm in found)))
    return found[0], inv
