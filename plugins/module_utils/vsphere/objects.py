# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creating, powering and removing inventory objects, and undoing what a failed run created."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from pyVmomi import vmodl
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.specs import pool_spec
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import run_task


# creations are never retried (idempotent=False): a lost reply must not make a second object

def create_folder(session, parent_ref, name):
    return session.call("creating folder %s" % name, parent_ref.CreateFolder, name, idempotent=False)


def create_pool(session, parent_ref, name):
    return session.call("creating resource pool %s" % name, parent_ref.CreateResourcePool, name, pool_spec(),
                        idempotent=False)


def create_vm(session, folder_ref, spec, pool_ref, host_ref, what):
    return run_task(session, folder_ref.CreateVM_Task, what, spec, pool_ref, host_ref, idempotent=False)


def power_on(session, vm_ref, what):
    run_task(session, vm_ref.PowerOnVM_Task, "powering on %s" % what)


def power_off(session, vm_ref, what):
    run_task(session, vm_ref.PowerOffVM_Task, "powering off %s" % what)


def destroy(session, ref, what):
    """Remove a folder or a resource pool (a VM: destroy_vm)."""
    run_task(session, ref.Destroy_Task, "removing %s" % what)


def destroy_vm(session, vm_ref):
    """Power a VM off (if on) and remove it; a VM already gone is fine."""
    try:
        state = str(session.call("reading VM %s" % vm_ref._moId, lambda: vm_ref.runtime.powerState, raw_faults=True))
    except vmodl.fault.ManagedObjectNotFound:
        return  # already gone
    if state != "poweredOff":
        power_off(session, vm_ref, vm_ref._moId)
    run_task(session, vm_ref.Destroy_Task, "removing VM %s" % vm_ref._moId)


class Undo:
    """What a run created (folders, pools, VMs), to remove again, newest first, if the run fails."""

    def __init__(self, session):
        self.session = session
        self.objects = []

    def created(self, kind, ref):
        self.objects.append((kind, ref))
        return ref

    def attempt(self, kind, create, parent, children, name):
        """``create()`` an object that must not be made twice. If the call fails (a connection lost on the way,
        say), the object may exist anyway: rollback then looks for it among ``parent.<children>`` by ``name``."""
        try:
            return self.created(kind, create())
        except Exception:
            self.objects.append((kind, _Lookup(self.session, parent, children, name)))
            raise

    def rollback(self, error, keep=False):
        """Remove what was created unless ``keep``; returns the VSphereError to raise, saying what happened."""
        message = str(error) if isinstance(error, VSphereError) else "%s: %s" % (type(error).__name__, error)
        if not self.objects:
            return VSphereError(message)
        if keep:
            kept = ", ".join("%s %s" % (kind, ref._moId) for kind, ref in self.objects)
            return VSphereError("%s; kept for inspection (keep_on_failure): %s" % (message, kept))
        undone, failed = [], []
        for kind, ref in reversed(self.objects):
            try:
                if isinstance(ref, _Lookup):
                    ref = ref.find()
                    if ref is None:
                        continue  # the failed creation did not happen
                if kind == "VM":
                    destroy_vm(self.session, ref)
                else:
                    destroy(self.session, ref, kind)
                undone.append(kind)
            except Exception as exc:  # report every leftover, keep undoing the rest
                failed.append("%s %s (%s)" % (kind, ref._moId, exc))
        text = "%s; rolled back: removed %s" % (message, ", ".join(undone) or "nothing")
        if failed:
            text += "; could NOT remove: " + "; ".join(failed)
        return VSphereError(text)


class _Lookup:
    """Finds, at rollback, an object whose creation failed midway: a child of ``parent`` named ``name``."""

    def __init__(self, session, parent, children, name):
        self.session, self.parent, self.children, self.name = session, parent, children, name
        self._moId = "%s/%s" % (getattr(parent, "_moId", "?"), name)

    def find(self):
        children = self.session.call("looking for %s" % self.name, getattr, self.parent, self.children)
        for child in children or ():
            if self.session.call("looking for %s" % self.name, getattr, child, "name") == self.name:
                return child
        return None
