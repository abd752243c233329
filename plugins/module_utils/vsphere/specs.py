# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The specs vSphere creates things from: a new VM (its NICs, CD-ROM and whole extraConfig) and a resource pool."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from pyVmomi import vim
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.vsphere.option_values import option_values

IDE_CONTROLLER_KEY = 200  # vSphere's first IDE controller, present on every VM
GUEST_ID = "other3xLinux64Guest"  # VIC's appliance and containerVMs run a 64-bit Linux kernel of their own


# a resource pool's allocation of one resource with nothing of its own, as VIC made the VCH's pool
POOL_DEFAULTS = {"limit": -1, "reservation": 0, "shares": ("normal", 0)}


def pool_spec(settings=None):
    """A resource pool's configuration: ``settings`` {"cpu"|"memory": {"limit", "reservation", "shares": (level,
    shares)}}; what is not given has no reservation or limit of its own and normal shares (as VIC made the VCH's
    pool), and reservations stay expandable (vic-machine cannot set that)."""
    settings = settings or {}

    def allocation(resource):
        given = dict(POOL_DEFAULTS, **(settings.get(resource) or {}))
        level, shares = given["shares"]
        return vim.ResourceAllocationInfo(reservation=given["reservation"], limit=given["limit"],
                                          expandableReservation=True, shares=vim.SharesInfo(level=level,
                                                                                            shares=shares))
    return vim.ResourceConfigSpec(cpuAllocation=allocation("cpu"), memoryAllocation=allocation("memory"))


def pool_settings(cpu_allocation, memory_allocation):
    """A pool's live allocations (vim.ResourceAllocationInfo, as read) as ``pool_spec`` takes them; what vSphere
    leaves unset is the default."""
    out = {}
    for resource, info in (("cpu", cpu_allocation), ("memory", memory_allocation)):
        if info is not None:
            settings = dict(POOL_DEFAULTS)
            if info.limit is not None:
                settings["limit"] = info.limit
            if info.reservation is not None:
                settings["reservation"] = info.reservation
            if info.shares is not None:
                settings["shares"] = (info.shares.level, info.shares.shares if info.shares.level == "custom" else 0)
            out[resource] = settings
    return out


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


def new_vm_spec(name, datastore, cpus, memory_mb, inv, nics=(), iso_path=None, extra_config=None):
    """The ConfigSpec of a new VIC VM: ``nics`` is [(port group InventoryObject, static MAC or None)], one
    vmxnet3 NIC each in that order; ``iso_path`` a CD-ROM to boot from; ``extra_config`` {key: wire value}, the
    whole configuration written at creation."""
    devices = [nic_spec(-(index + 1), network, inv, mac) for index, (network, mac) in enumerate(nics)]
    if iso_path:
        devices.append(cdrom_spec(iso_path))
    return vim.vm.ConfigSpec(
        name=name, guestId=GUEST_ID, numCPUs=cpus, memoryMB=memory_mb,
        files=vim.vm.FileInfo(vmPathName="[%s]" % datastore), deviceChange=devices,
        extraConfig=option_values(sorted((extra_config or {}).items())))
