# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Building and removing VMs: device specs, resource pools, and undoing a half-made creation."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from pyVmomi import vim, vmodl
except ImportError:  # reported by the module (see _vsphere_session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils._vsphere_session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils._vsphere_tasks import run_task

IDE_CONTROLLER_KEY = 200  # vSphere's first IDE controller, present on every VM
GUEST_ID = "other3xLinux64Guest"  # VIC's appliance and containerVMs run a 64-bit Linux kernel of their own


def pool_spec():
    """A resource pool with no reservation or limit of its own (as VIC made the VCH's)."""
    def allocation():
        return vim.ResourceAllocationInfo(reservation=0, limit=-1, expandableReservation=True,
                                          shares=vim.SharesInfo(level="normal", shares=0))
    return vim.ResourceConfigSpec(cpuAllocation=allocation(), memoryAllocation=allocation())


def nic_spec(key, network, inv, mac=None):
    """Add a vmxnet3 NIC on ``network`` (a port group of the inventory snapshot), with a fixed MAC if given."""
    if network.kind == "DistributedVirtualPortgroup":
        switch = inv.by_moid[network.props["config.distributedVirtualSwitch"]._moId]
        backing = vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo(
            port=vim.dvs.PortConnection(portgroupKey=network.props["key"], switchUuid=switch.props["uuid"]))
    else:
        backing = vim.vm.device.VirtualEthernetCard.NetworkBackingInfo(deviceName=network.name, network=network.ref)
    nic = vim.vm.device.VirtualVmxnet3(
        key=key, backing=backing, addressType="manual" if mac else "generated",
        connectable=vim.vm.device.VirtualDevice.ConnectInfo(startConnected=True, allowGuestControl=True,
                                                            connected=False))
    if mac:
        nic.macAddress = mac
    return vim.vm.device.VirtualDeviceSpec(operation="add", device=nic)


def cdrom_spec(iso_path):
    """Add a CD-ROM holding ``iso_path`` ('[datastore] path/file.iso') on the first IDE controller."""
    return vim.vm.device.VirtualDeviceSpec(operation="add", device=vim.vm.device.VirtualCdrom(
        key=-100, controllerKey=IDE_CONTROLLER_KEY, unitNumber=0,
        backing=vim.vm.device.VirtualCdrom.IsoBackingInfo(fileName=iso_path),
        connectable=vim.vm.device.VirtualDevice.ConnectInfo(startConnected=True, allowGuestControl=False,
                                                            connected=False)))


def destroy_vm(session, vm_ref):
    """Power a VM off (if on) and remove it; a VM already gone is fine."""
    try:
        state = str(session.call("reading VM %s" % vm_ref._moId, lambda: vm_ref.runtime.powerState, raw_faults=True))
    except vmodl.fault.ManagedObjectNotFound:
        return  # already gone
    if state != "poweredOff":
        run_task(session, vm_ref.PowerOffVM_Task, "powering off %s" % vm_ref._moId)
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
                    run_task(self.session, ref.Destroy_Task, "removing %s" % kind)
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
