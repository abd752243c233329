# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creating (provably, by this run), powering and removing inventory objects, and undoing what a failed run made."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

try:
    from pyVmomi import vim, vmodl
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.vsphere.files import delete_file
from ansible_collections.vic.vch.plugins.module_utils.vsphere.groups import create_group, remove_group
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import children
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import ConnectionLost, VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.specs import pool_spec
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import WaitTimeout, run_task

NAME_LIMIT = 80  # characters in an inventory object's name


# Power and removal are not repeated blindly after a lost reply either (a second PowerOff of a VM the first one
# stopped is refused): whatever happened, the VM's state then decides whether it is done.

def power_on(session, vm_ref, what):
    _set_power(session, vm_ref, vm_ref.PowerOnVM_Task, "poweredOn", "powering on %s" % what)


def power_off(session, vm_ref, what):
    _set_power(session, vm_ref, vm_ref.PowerOffVM_Task, "poweredOff", "powering off %s" % what)


def _set_power(session, vm_ref, method, wanted, what):
    for attempt in (1, 2):
        try:
            run_task(session, method, what, idempotent=False)
            return
        except VSphereError as exc:
            if power_state(session, vm_ref) == wanted:
                return  # done: by this call, whose reply was lost, or before it
            if attempt == 2 or not isinstance(exc, ConnectionLost):
                raise  # refused, or not done twice
            # the connection dropped and the VM is not there yet: ask once more


def power_state(session, vm_ref):
    """'poweredOn', 'poweredOff', 'suspended', or None when the VM no longer exists."""
    try:
        return str(session.call("reading VM %s" % vm_ref._moId, lambda: vm_ref.runtime.powerState, raw_faults=True))
    except vmodl.fault.ManagedObjectNotFound:
        return None


def exists(session, ref):
    try:
        session.call("reading %s" % ref._moId, lambda: ref.name, raw_faults=True)
    except vmodl.fault.ManagedObjectNotFound:
        return False
    return True


def destroy(session, ref, what):
    """Remove a folder or a resource pool (a VM: destroy_vm); one already gone is fine."""
    for attempt in (1, 2):
        try:
            run_task(session, ref.Destroy_Task, "removing %s" % what, idempotent=False)
            return
        except VSphereError as exc:
            if not exists(session, ref):
                return  # gone: by this call, whose reply was lost, or before it
            if attempt == 2 or not isinstance(exc, ConnectionLost):
                raise
            # the connection dropped and it is still there: ask once more


def destroy_vm(session, vm_ref):
    """Power a VM off (if on) and remove it; a VM already gone is fine."""
    state = power_state(session, vm_ref)
    if state is None:
        return  # already gone
    if state != "poweredOff":
        power_off(session, vm_ref, vm_ref._moId)
    destroy(session, vm_ref, "VM %s" % vm_ref._moId)


def contents(session, ref):
    """The names of what a folder or resource pool holds (VMs, pools, folders), read now."""
    what = "reading what %s holds" % ref._moId
    properties = ("childEntity",) if isinstance(ref, vim.Folder) else ("resourcePool", "vm")
    return [name for prop in properties for _ref, name in children(session, ref, prop, what)]


def existing_folder(session, parent_ref, name):
    """The folder ``name`` under ``parent_ref`` (made by someone else); VSphereError when there is none."""
    for ref, child_name in children(session, parent_ref, "childEntity", "looking for folder %s" % name):
        if child_name == name and isinstance(ref, vim.Folder):
            return ref
    raise VSphereError("folder %s: made meanwhile by another run, then gone" % name)


class Creations:
    """What this run made, each provably its own, to remove again (newest first) if the run fails.

    Proof is the reference a creation returned or, when its reply was lost, the object carrying this run's mark:
    a VM's instanceUuid, chosen by this run; a folder's or pool's temporary name, unique to this run, until the
    object is renamed once it is complete. A vSphere fault is definite: nothing was made, nothing is removed -- so
    a DuplicateName never removes what another run made.
    """

    def __init__(self, session):
        self.session = session
        self.token = uuid.uuid4().hex[:12]
        self.objects = []  # (kind, ref or _Marked), in the order made

    def temporary_name(self, name):
        return "%s~vic-%s" % (name[:NAME_LIMIT - 17], self.token)

    def made(self, kind):
        return [ref for made_kind, ref in self.objects if made_kind == kind and not isinstance(ref, _Marked)]

    # -- creations ---------------------------------------------------------------------------------------------
    def folder(self, parent_ref, name):
        """A new folder ``name`` under ``parent_ref``; None when another run made one of that name meanwhile (the
        caller uses that one: it is not this run's)."""
        return self._named(
            "folder", parent_ref, "childEntity", name,
            lambda temp: self.session.call("creating folder %s" % name, parent_ref.CreateFolder, temp,
                                           idempotent=False),
            lambda ref: run_task(self.session, ref.Rename_Task, "naming folder %s" % name, name, idempotent=False),
            share=True)

    def datastore_file(self, datacenter_ref, path):
        """Note a file this run is about to upload (``[ds] dir/file``), to delete it again on rollback: noted
        first, so that an upload cut halfway is removed too."""
        self.objects.append(("datastore file", _DatastoreFile(datacenter_ref, path)))

    def vm_group(self, cluster_ref, name, vm_refs):
        """A new DRS VM group ``name`` in the cluster holding ``vm_refs`` (the caller saw none of that name)."""
        create_group(self.session, cluster_ref, name, vm_refs, "creating DRS VM group %s" % name)
        self.objects.append(("DRS VM group", _VmGroup(cluster_ref, name)))

    def pool(self, parent_ref, name, settings=None):
        """A new resource pool ``name`` under ``parent_ref`` with ``settings`` (see specs.pool_spec; none: no
        reservation or limit, as VIC made the VCH's); VSphereError when another run made one of that name
        meanwhile."""
        return self._named(
            "resource pool", parent_ref, "resourcePool", name,
            lambda temp: self.session.call("creating resource pool %s" % name, parent_ref.CreateResourcePool, temp,
                                           pool_spec(settings), idempotent=False),
            lambda ref: self.session.call("naming resource pool %s" % name, ref.UpdateConfig, name, None,
                                          idempotent=False),
            share=False)

    def vm(self, folder_ref, spec, pool_ref, host_ref, what):
        """A new VM from ``spec`` (its instanceUuid set to this run's mark) in ``folder_ref`` and ``pool_ref``."""
        spec.instanceUuid = mark = str(uuid.uuid4())
        try:
            ref = run_task(self.session, folder_ref.CreateVM_Task, what, spec, pool_ref, host_ref, idempotent=False)
        except (ConnectionLost, WaitTimeout):
            marked = _MarkedVM(self.session, mark)
            ref = marked.find()
            if ref is None:  # not there (yet): rollback looks again
                self.objects.append(("VM", marked))
                raise
        self.objects.append(("VM", ref))
        return ref

    def _named(self, kind, parent_ref, children_property, name, create, rename, share):
        temp = self.temporary_name(name)
        what = "looking for %s %s" % (kind, temp)
        try:
            ref = create(temp)
        except ConnectionLost:
            marked = _MarkedChild(self.session, parent_ref, children_property, temp, what)
            ref = marked.find()
            if ref is None:  # not there (yet): rollback looks again
                self.objects.append((kind, marked))
                raise
        self.objects.append((kind, ref))
        try:
            rename(ref)
        except VSphereError:
            if self.session.call(what, getattr, ref, "name") != name:
                if not any(n == name for _r, n in children(self.session, parent_ref, children_property, what)):
                    raise
        # vCenter refuses a name twice among siblings; vcsim does not for pools: another run may have made one
        twins = [r for r, n in children(self.session, parent_ref, children_property, what)
                 if n == name and r._moId != ref._moId]
        if not twins:
            return ref
        destroy(self.session, ref, "%s %s (made twice)" % (kind, temp))
        self.objects.remove((kind, ref))
        if share:
            return None
        raise VSphereError("creating %s %s: another run made one of that name meanwhile; nothing of it was "
                           "touched" % (kind, name))

    # -- undoing them --------------------------------------------------------------------------------------------
    def rollback(self, error, keep=False):
        """Remove what this run made unless ``keep``; returns the VSphereError to raise, saying what happened."""
        message = str(error) if isinstance(error, VSphereError) else "%s: %s" % (type(error).__name__, error)
        if not self.objects:
            return VSphereError(message)
        if keep:
            kept = ", ".join("%s %s" % (kind, ref._moId) for kind, ref in self.objects)
            return VSphereError("%s; kept for inspection (keep_on_failure): %s" % (message, kept))
        undone, failed, left = [], [], []
        for kind, ref in reversed(self.objects):
            try:
                if isinstance(ref, _Marked):
                    ref = ref.find()
                    if ref is None:
                        continue  # the failed creation did not happen
                if kind == "VM":
                    destroy_vm(self.session, ref)
                elif kind == "datastore file":
                    delete_file(self.session, ref.datacenter_ref, ref.path, "removing %s" % ref.path)
                elif kind == "DRS VM group":
                    remove_group(self.session, ref.cluster_ref, ref.name, "removing DRS VM group %s" % ref.name)
                else:
                    destroy(self.session, ref, kind)
                undone.append(kind)
            except Exception as exc:  # report every leftover, keep undoing the rest
                failed.append("%s %s (%s)" % (kind, ref._moId, exc))
                left.insert(0, (kind, ref))
        self.objects = left
        text = "%s; rolled back: removed %s" % (message, ", ".join(undone) or "nothing")
        if failed:
            text += "; could NOT remove: " + "; ".join(failed)
        return VSphereError(text)


class _DatastoreFile:
    """A file this run uploaded to a datastore."""

    def __init__(self, datacenter_ref, path):
        self.datacenter_ref, self.path = datacenter_ref, path
        self._moId = path  # how messages name it


class _VmGroup:
    """A DRS VM group this run made."""

    def __init__(self, cluster_ref, name):
        self.cluster_ref, self.name = cluster_ref, name
        self._moId = name  # how messages name it


class _Marked:
    """An object whose creation's reply was lost, found (at rollback) by this run's mark alone."""

    _moId = "?"

    def find(self):
        raise NotImplementedError


class _MarkedChild(_Marked):
    """A child of ``parent_ref`` under this run's temporary name."""

    def __init__(self, session, parent_ref, children_property, temp, what):
        self.session, self.parent_ref, self.children_property, self.temp, self.what = (
            session, parent_ref, children_property, temp, what)
        self._moId = temp

    def find(self):
        for ref, name in children(self.session, self.parent_ref, self.children_property, self.what):
            if name == self.temp:
                return ref
        return None


class _MarkedVM(_Marked):
    """The VM whose instanceUuid is this run's mark."""

    def __init__(self, session, mark):
        self.session, self.mark = session, mark
        self._moId = "instanceUuid " + mark

    def find(self):
        index = self.session.content.searchIndex
        return self.session.call("looking for the VM this run made", index.FindByUuid, None, self.mark, True, True)


def update_pool(session, pool_ref, settings, what):
    """Set a resource pool's allocations to ``settings`` (see specs.pool_spec: give both resources in full)."""
    session.call(what, pool_ref.UpdateConfig, None, pool_spec(settings))
