# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory snapshot (vsphere.inventory.Inventory) and its local look-ups, against a fake two-datacenter
inventory: kinds, parents, datacenters, paths, VMs by name, datacenter and folder."""

import pytest
from pyVmomi import vim

from ansible_collections.vic.vch.plugins.module_utils.vsphere import placement
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import (
    PLACEMENT_PROPERTIES, VM_PROPERTIES, Inventory, InventoryObject, VmRecord, folder_path_matches)
from tests.unit.plugins.module_utils.vsphere.fake_inventory import get, objects, two_datacenters

INV = two_datacenters()
DC0 = get(INV, "datacenter-2")
DC1 = get(INV, "datacenter-30")


def moids(found):
    return sorted(o.moid for o in found)


def test_the_fake_holds_only_properties_the_snapshot_retrieves():
    for ref, props in objects():
        kind = type(ref).__name__.split(".")[-1]
        if kind == "VirtualMachine":
            allowed = VM_PROPERTIES
        else:
            allowed = PLACEMENT_PROPERTIES["DistributedVirtualSwitch" if kind.endswith("DistributedVirtualSwitch")
                                           else kind]
        assert set(props) <= set(allowed), (kind, set(props) - set(allowed))


def test_objects_are_vm_records_for_vms_only():
    assert isinstance(get(INV, "vm-25"), VmRecord)
    assert not isinstance(get(INV, "datacenter-2"), VmRecord)
    assert isinstance(get(INV, "datacenter-2"), InventoryObject)
    assert len(INV.by_moid) == len(INV.objects) == len(objects())


def test_object_identity():
    pg = get(INV, "dvportgroup-20")
    assert (pg.moid, pg.kind, pg.name) == ("dvportgroup-20", "DistributedVirtualPortgroup", "vic-bridge")
    assert get(INV, "domain-c7").kind == "ClusterComputeResource"
    assert get(INV, "domain-s13").kind == "ComputeResource"
    assert repr(get(INV, "vm-27")) == "VirtualMachine(vm-27 'web')"


def test_vm_record_properties():
    vm = get(INV, "vm-25")
    assert vm.extra_config == {"guestinfo.vice./connect/target": "https://vc0", "empty": ""}  # <nil> read as ""
    assert vm.change_version == "2024-01-02T03:04:05.000001Z"
    assert vm.power_state == "poweredOn"
    assert get(INV, "vm-27").power_state == "poweredOff"
    bare = get(INV, "vm-42")  # properties vSphere did not return
    assert (bare.power_state, bare.change_version) == ("", None)
    assert VmRecord(vim.VirtualMachine("vm-1"), {"name": "x"}).extra_config == {}


def test_of_kind():
    assert moids(INV.of_kind("Datacenter")) == ["datacenter-2", "datacenter-30"]
    assert moids(INV.of_kind("ClusterComputeResource", "ComputeResource")) == ["domain-c35", "domain-c7",
                                                                               "domain-s13"]
    assert INV.of_kind("VirtualApp") == []


def test_parent():
    assert INV.parent(get(INV, "vm-25")) is get(INV, "group-v23")
    assert INV.parent(get(INV, "host-15")) is get(INV, "domain-s13")
    assert INV.parent(DC0) is get(INV, "group-d1")
    assert INV.parent(get(INV, "group-d1")) is None
    outside = Inventory([(vim.Folder("group-v5"), {"name": "f", "parent": vim.Folder("group-v4")})])
    assert outside.parent(outside.objects[0]) is None  # a parent not in the snapshot


@pytest.mark.parametrize("moid, dc", [
    ("vm-25", "datacenter-2"), ("vm-42", "datacenter-30"), ("resgroup-10", "datacenter-2"),
    ("host-15", "datacenter-2"), ("dvportgroup-39", "datacenter-30"), ("group-v3", "datacenter-2"),
    ("datacenter-30", "datacenter-30"),
])
def test_datacenter_of(moid, dc):
    assert INV.datacenter_of(get(INV, moid)) is get(INV, dc)


def test_datacenter_of_the_root_is_none():
    assert INV.datacenter_of(get(INV, "group-d1")) is None


def test_in_datacenter():
    assert moids(INV.in_datacenter(DC0, "Datastore")) == ["datastore-17", "datastore-18"]
    assert moids(INV.in_datacenter(DC1, "Datastore")) == ["datastore-38"]
    assert moids(INV.in_datacenter(DC1, "Network", "DistributedVirtualPortgroup")) == [
        "dvportgroup-39", "dvportgroup-43", "network-40"]
    assert moids(INV.in_datacenter(DC0, "HostSystem")) == ["host-11", "host-12", "host-15"]


@pytest.mark.parametrize("moid, path", [
    ("group-d1", "/"),
    ("datacenter-2", "/DC0"),
    ("group-v3", "/DC0/vm"),
    ("vm-25", "/DC0/vm/vic/prod/vch-1"),
    ("vm-42", "/DC1/vm/vic/vch-1"),
    ("resgroup-10", "/DC0/host/cluster-a/Resources/vic-pool/prod"),
    ("host-15", "/DC0/host/esx-03.example.com/esx-03.example.com"),
    ("datastore-38", "/DC1/datastore/shared-ds"),
    ("dvportgroup-20", "/DC0/network/vic-bridge"),
])
def test_path(moid, path):
    assert INV.path(get(INV, moid)) == path


def test_vms():
    assert moids(INV.vms()) == ["vm-25", "vm-26", "vm-27", "vm-42"]
    assert moids(INV.vms("vch-1")) == ["vm-25", "vm-26", "vm-42"]
    assert moids(INV.vms(datacenter=DC1)) == ["vm-42"]
    assert moids(INV.vms("web", DC1)) == []
    assert INV.vms("nothing") == []


@pytest.mark.parametrize("datacenter, folder, found", [
    (None, None, ["vm-25", "vm-26", "vm-42"]),
    ("DC0", None, ["vm-25", "vm-26"]),
    ("DC1", None, ["vm-42"]),
    ("DC9", None, []),
    ("DC0", "vic/prod", ["vm-25"]),
    ("DC0", "/vm/vic/prod", ["vm-25"]),
    ("DC0", "/vic/test/", ["vm-26"]),
    (None, "vic", ["vm-42"]),  # the folder itself, not the folders under it
    (None, "vm/vic", ["vm-42"]),
    (None, "vic/prod", ["vm-25"]),
    ("DC1", "vic/prod", []),
    (None, "prod", []),  # a path from the VM folder, not a folder's name
    (None, "", ["vm-25", "vm-26", "vm-42"]),  # no folder filter
])
def test_matching(datacenter, folder, found):
    assert moids(INV.matching("vch-1", datacenter, folder)) == found


@pytest.mark.parametrize("folder, expected", [
    ("", True), ("/", True), ("vm", True), ("/vm/", True), ("vic", False),
])
def test_folder_path_matches_a_vm_in_the_vm_folder_itself(folder, expected):
    assert folder_path_matches(INV, get(INV, "vm-27"), folder) is expected


def test_a_vm_placed_by_folder_is_found_by_that_folder():
    for path in ("vic/prod", "/vm/vic/test", "vic"):
        for dc in (DC0, DC1):
            current, missing = placement.folder(INV, dc, path)
            if missing:
                continue
            for vm in INV.vms(datacenter=dc):
                assert folder_path_matches(INV, vm, path) is (INV.parent(vm) is current), (path, vm)


def test_a_folder_named_vm_means_the_same_to_placement_and_to_matching():
    vm_folder = get(INV, "group-v31")
    named_vm = vim.Folder("group-v90")
    app = vim.Folder("group-v91")
    inv = two_datacenters([
        (named_vm, {"name": "vm", "parent": vm_folder.ref}),
        (app, {"name": "app", "parent": named_vm}),
        (vim.VirtualMachine("vm-92"), {"name": "app-1", "parent": app}),
    ])
    current, missing = placement.folder(inv, get(inv, "datacenter-30"), "vm/app")
    assert (current.moid, missing) == ("group-v91", [])  # where a VM with folder 'vm/app' is created
    assert moids(inv.matching("app-1", "DC1", "vm/app")) == ["vm-92"]
