# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A two-datacenter inventory snapshot built without a server: real pyVmomi references made locally, with the
properties vsphere.inventory retrieves (PLACEMENT_PROPERTIES, VM_PROPERTIES).

Root folder "Datacenters"
  DC0                                 DC1
    vm/      vic/prod  vch-1 (vm-25)    vm/      vic  vch-1 (vm-42)
             vic/test  vch-1 (vm-26)
             web (vm-27, powered off)
    host/    cluster-a: esx-01, esx-02    host/  cluster-b: esx-11
               Resources/vic-pool/prod             Resources
             esx-03.example.com (standalone)
               Resources/prod
    datastore/  shared-ds, local-ds      datastore/  shared-ds
    network/    dvs-a, vic-bridge (DVPG), VM Network
                                         network/    vic-bridge (DVPG), VM Network (a Network AND a DVPG)
"""

from pyVmomi import vim

from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import Inventory


def _add(out, ref, name, parent, **props):
    props = dict(props, name=name, parent=parent)
    out.append((ref, props))
    return ref


def _datacenter(out, root, moid, name, vm, host, datastore, network):
    kinds = (("vm", vm), ("host", host), ("datastore", datastore), ("network", network))
    folders = dict((kind, vim.Folder(folder_moid)) for kind, folder_moid in kinds)
    dc = _add(out, vim.Datacenter(moid), name, root, vmFolder=folders["vm"], hostFolder=folders["host"],
              datastoreFolder=folders["datastore"], networkFolder=folders["network"])
    for kind, ref in folders.items():
        _add(out, ref, kind, dc)
    return dc, folders


def _vm(out, moid, name, folder, pool, extra_config=None, power_state="poweredOn", change_version="1"):
    values = [vim.option.OptionValue(key=k, value=v) for k, v in sorted((extra_config or {}).items())]
    return _add(out, vim.VirtualMachine(moid), name, folder, resourcePool=pool,
                **{"config.extraConfig": values, "config.changeVersion": change_version,
                   "runtime.powerState": power_state})


def objects():
    """The [(ref, props)] of the two-datacenter inventory (extend it, then build an Inventory)."""
    out = []
    root = _add(out, vim.Folder("group-d1"), "Datacenters", None)

    # DC0
    dc0, f0 = _datacenter(out, root, "datacenter-2", "DC0", "group-v3", "group-h4", "group-s5", "group-n6")
    cluster = vim.ClusterComputeResource("domain-c7")
    root_pool = vim.ResourcePool("resgroup-8")
    _add(out, cluster, "cluster-a", f0["host"], resourcePool=root_pool)
    _add(out, root_pool, "Resources", cluster)
    vic_pool = _add(out, vim.ResourcePool("resgroup-9"), "vic-pool", root_pool)
    _add(out, vim.ResourcePool("resgroup-10"), "prod", vic_pool)
    _add(out, vim.HostSystem("host-11"), "esx-01", cluster)
    _add(out, vim.HostSystem("host-12"), "esx-02", cluster)
    standalone = vim.ComputeResource("domain-s13")
    standalone_pool = vim.ResourcePool("resgroup-14")
    _add(out, standalone, "esx-03.example.com", f0["host"], resourcePool=standalone_pool)
    _add(out, standalone_pool, "Resources", standalone)
    _add(out, vim.HostSystem("host-15"), "esx-03.example.com", standalone)
    _add(out, vim.ResourcePool("resgroup-16"), "prod", standalone_pool)
    _add(out, vim.Datastore("datastore-17"), "shared-ds", f0["datastore"])
    _add(out, vim.Datastore("datastore-18"), "local-ds", f0["datastore"])
    dvs = _add(out, vim.dvs.VmwareDistributedVirtualSwitch("dvs-19"), "dvs-a", f0["network"], uuid="50 1a")
    _add(out, vim.dvs.DistributedVirtualPortgroup("dvportgroup-20"), "vic-bridge", f0["network"],
         key="dvportgroup-20", **{"config.distributedVirtualSwitch": dvs})
    _add(out, vim.Network("network-21"), "VM Network", f0["network"])
    vic0 = _add(out, vim.Folder("group-v22"), "vic", f0["vm"])
    prod = _add(out, vim.Folder("group-v23"), "prod", vic0)
    test = _add(out, vim.Folder("group-v24"), "test", vic0)
    _vm(out, "vm-25", "vch-1", prod, vic_pool, {"guestinfo.vice./connect/target": "https://vc0", "empty": "<nil>"},
        change_version="2024-01-02T03:04:05.000001Z")
    _vm(out, "vm-26", "vch-1", test, vic_pool)
    _vm(out, "vm-27", "web", f0["vm"], root_pool, power_state="poweredOff")

    # DC1
    dc1, f1 = _datacenter(out, root, "datacenter-30", "DC1", "group-v31", "group-h32", "group-s33", "group-n34")
    cluster_b = vim.ClusterComputeResource("domain-c35")
    pool_b = vim.ResourcePool("resgroup-36")
    _add(out, cluster_b, "cluster-b", f1["host"], resourcePool=pool_b)
    _add(out, pool_b, "Resources", cluster_b)
    _add(out, vim.HostSystem("host-37"), "esx-11", cluster_b)
    _add(out, vim.Datastore("datastore-38"), "shared-ds", f1["datastore"])
    _add(out, vim.dvs.DistributedVirtualPortgroup("dvportgroup-39"), "vic-bridge", f1["network"],
         key="dvportgroup-39")
    _add(out, vim.Network("network-40"), "VM Network", f1["network"])
    _add(out, vim.dvs.DistributedVirtualPortgroup("dvportgroup-43"), "VM Network", f1["network"],
         key="dvportgroup-43")
    vic1 = _add(out, vim.Folder("group-v41"), "vic", f1["vm"])
    _vm(out, "vm-42", "vch-1", vic1, pool_b, power_state=None, change_version=None)
    return out


def two_datacenters(extra=()):
    """The inventory, with ``extra`` [(ref, props)] added (props name their parent by ref)."""
    return Inventory(objects() + list(extra))


def one_datacenter():
    """Only DC0 (the objects under DC1 left out), for the look-ups that need no datacenter."""
    inv = two_datacenters()
    dc1 = inv.by_moid["datacenter-30"]
    return Inventory([(o.ref, o.props) for o in inv.objects if o is not dc1 and inv.datacenter_of(o) is not dc1])


def get(inv, moid):
    """The snapshot's object for a managed object id (a KeyError names a typo in a test)."""
    return inv.by_moid[moid]
