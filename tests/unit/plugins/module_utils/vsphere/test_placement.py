# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Placement look-ups (vsphere.placement) against a fake two-datacenter inventory: what is found, and errors that
name the option and list what exists."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyVmomi import vim

from ansible_collections.vic.vch.plugins.module_utils.vsphere import placement
from ansible_collections.vic.vch.plugins.module_utils.vsphere.placement import PlacementError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError
from tests.unit.plugins.module_utils.vsphere.fake_inventory import get, one_datacenter, two_datacenters

INV = two_datacenters()
DC0 = get(INV, "datacenter-2")
DC1 = get(INV, "datacenter-30")


def moids(result):
    return tuple(o.moid if o is not None else None for o in result)


# -- datacenter ---------------------------------------------------------------------------------------------------

def test_datacenter_by_name():
    assert placement.datacenter(INV, "DC0") is DC0
    assert placement.datacenter(INV, "DC1") is DC1


def test_datacenter_not_found_names_the_option_and_lists_what_exists():
    with pytest.raises(PlacementError) as caught:
        placement.datacenter(INV, "DC9")
    assert caught.value.field == "datacenter"
    assert str(caught.value) == "datacenter: datacenter 'DC9' not found (there are: DC0, DC1)"
    assert isinstance(caught.value, VSphereError)


def test_datacenter_required_when_there_are_two():
    for name in (None, ""):
        with pytest.raises(PlacementError) as caught:
            placement.datacenter(INV, name)
        assert caught.value.field == "datacenter"
        assert "required" in str(caught.value)
        assert "2 datacenters (DC0, DC1)" in str(caught.value)


def test_the_only_datacenter_needs_no_name():
    inv = one_datacenter()
    assert placement.datacenter(inv, None).moid == "datacenter-2"


def test_datacenter_ambiguous():
    twin = (vim.Datacenter("datacenter-99"), {"name": "DC0", "parent": INV.objects[0].ref})
    inv = two_datacenters([twin])
    with pytest.raises(PlacementError) as caught:
        placement.datacenter(inv, "DC0")
    assert caught.value.field == "datacenter"
    assert "'DC0' is ambiguous (2 found)" in str(caught.value)


# -- compute: cluster, host, resource pool ------------------------------------------------------------------------

def test_cluster_gives_its_root_pool_and_no_host():
    assert moids(placement.compute(INV, DC0, cluster="cluster-a")) == ("resgroup-8", None, "domain-c7")
    assert moids(placement.compute(INV, DC1, cluster="cluster-b")) == ("resgroup-36", None, "domain-c35")


def test_cluster_is_looked_up_in_the_datacenter_only():
    with pytest.raises(PlacementError) as caught:
        placement.compute(INV, DC0, cluster="cluster-b")
    assert caught.value.field == "cluster"
    assert str(caught.value) == "cluster: cluster 'cluster-b' not found (there are: cluster-a)"


def test_host_in_a_cluster_and_a_standalone_host():
    assert moids(placement.compute(INV, DC0, host="esx-02")) == ("resgroup-8", "host-12", "domain-c7")
    assert moids(placement.compute(INV, DC0, host="esx-03.example.com")) == ("resgroup-14", "host-15", "domain-s13")


def test_host_not_found_lists_the_datacenters_hosts():
    with pytest.raises(PlacementError) as caught:
        placement.compute(INV, DC0, host="esx-11")
    assert caught.value.field == "host"
    assert "host 'esx-11' not found (there are: esx-01, esx-02, esx-03.example.com)" in str(caught.value)


def test_cluster_wins_over_host_and_pool():
    found = placement.compute(INV, DC0, cluster="cluster-a", host="esx-03.example.com", resource_pool="prod")
    assert moids(found) == ("resgroup-8", None, "domain-c7")


def test_resource_pool_by_name():
    assert moids(placement.compute(INV, DC0, resource_pool="vic-pool")) == ("resgroup-9", None, "domain-c7")


def test_resource_pool_ambiguous_by_name():
    with pytest.raises(PlacementError) as caught:
        placement.compute(INV, DC0, resource_pool="prod")
    assert caught.value.field == "resource_pool"
    assert "resource pool 'prod' is ambiguous (2 found)" in str(caught.value)


@pytest.mark.parametrize("path, expected", [
    ("vic-pool/prod", "resgroup-10"),
    ("Resources/vic-pool/prod", "resgroup-10"),
    ("cluster-a/Resources/vic-pool/prod", "resgroup-10"),
    ("/DC0/host/cluster-a/Resources/vic-pool/prod", "resgroup-10"),
    ("Resources/prod", "resgroup-16"),
    ("esx-03.example.com/Resources/prod", "resgroup-16"),
    ("cluster-a/Resources", "resgroup-8"),
])
def test_resource_pool_path_form(path, expected):
    pool, host, owner = placement.compute(INV, DC0, resource_pool=path)
    assert (pool.moid, host) == (expected, None)
    assert owner is placement.compute_of(INV, pool)


@pytest.mark.parametrize("path, count", [
    ("nowhere/prod", 0),
    ("ool/prod", 0),  # a path matches whole names, not the end of one
    ("DC1/host/cluster-b/Resources", 0),  # another datacenter's pool
    ("host/*/Resources", 0),
    ("/Resources", 0),  # a leading '/' is a whole path from the datacenter
])
def test_resource_pool_path_matching_nothing(path, count):
    with pytest.raises(PlacementError) as caught:
        placement.compute(INV, DC0, resource_pool=path)
    assert caught.value.field == "resource_pool"
    assert str(caught.value) == "resource_pool: %r matches %d resource pools" % (path, count)


def test_resource_pool_path_matching_two():
    second = (vim.ResourcePool("resgroup-91"), {"name": "prod", "parent": get(INV, "resgroup-8").ref})
    inv = two_datacenters([second])
    with pytest.raises(PlacementError) as caught:
        placement.compute(inv, get(inv, "datacenter-2"), resource_pool="Resources/prod")
    assert caught.value.field == "resource_pool"
    assert str(caught.value) == "resource_pool: 'Resources/prod' matches 2 resource pools"
    found = placement.compute(inv, get(inv, "datacenter-2"), resource_pool="cluster-a/Resources/prod")
    assert moids(found) == ("resgroup-91", None, "domain-c7")


def test_no_compute_option_with_one_compute_resource():
    assert moids(placement.compute(INV, DC1)) == ("resgroup-36", None, "domain-c35")


def test_no_compute_option_with_two_compute_resources():
    with pytest.raises(PlacementError) as caught:
        placement.compute(INV, DC0)
    assert caught.value.field == "cluster"
    assert str(caught.value) == ("cluster: give cluster, host or resource_pool: DC0 has 2 compute resources "
                                 "(cluster-a, esx-03.example.com)")


@pytest.mark.parametrize("pool, owner", [
    ("resgroup-8", "domain-c7"), ("resgroup-9", "domain-c7"), ("resgroup-10", "domain-c7"),
    ("resgroup-14", "domain-s13"), ("resgroup-16", "domain-s13"), ("resgroup-36", "domain-c35"),
])
def test_compute_of_a_pool(pool, owner):
    assert placement.compute_of(INV, get(INV, pool)).moid == owner


def test_compute_of_a_pool_whose_owner_is_not_in_the_snapshot():
    orphan = (vim.ResourcePool("resgroup-77"), {"name": "lost", "parent": vim.ResourcePool("resgroup-78")})
    inv = two_datacenters([orphan])
    assert placement.compute_of(inv, get(inv, "resgroup-77")) is None


# -- datastore and port groups ------------------------------------------------------------------------------------

def test_datastore_of_the_same_name_in_each_datacenter():
    assert placement.datastore(INV, DC0, "shared-ds").moid == "datastore-17"
    assert placement.datastore(INV, DC1, "shared-ds").moid == "datastore-38"


def test_datastore_not_found_names_the_field_given():
    with pytest.raises(PlacementError) as caught:
        placement.datastore(INV, DC1, "local-ds", field="volume_stores")
    assert caught.value.field == "volume_stores"
    assert str(caught.value) == "volume_stores: datastore 'local-ds' not found (there are: shared-ds)"
    with pytest.raises(PlacementError) as caught:
        placement.datastore(INV, DC0, "nope")
    assert caught.value.field == "datastore"
    assert "(there are: local-ds, shared-ds)" in str(caught.value)


def test_port_groups_of_the_same_name_in_each_datacenter():
    wanted = [("bridge_network", "vic-bridge"), ("public_network", "VM Network")]
    found = placement.port_groups(INV, DC0, wanted)
    assert dict((name, obj.moid) for name, obj in found.items()) == {
        "vic-bridge": "dvportgroup-20", "VM Network": "network-21"}
    assert found["vic-bridge"].kind == "DistributedVirtualPortgroup"
    assert placement.port_groups(INV, DC1, [("bridge_network", "vic-bridge")])["vic-bridge"].moid == "dvportgroup-39"


def test_port_groups_same_name_given_twice():
    found = placement.port_groups(INV, DC0, [("bridge_network", "vic-bridge"), ("client_network", "vic-bridge")])
    assert list(found) == ["vic-bridge"]


def test_port_group_missing_names_its_option():
    wanted = [("bridge_network", "vic-bridge"), ("client_network", "client"), ("public_network", "other")]
    with pytest.raises(PlacementError) as caught:
        placement.port_groups(INV, DC0, wanted)
    assert caught.value.field == "client_network"
    # the switch is not a port group
    assert str(caught.value) == "client_network: port group 'client' not found (there are: VM Network, vic-bridge)"


def test_port_group_ambiguous_between_a_network_and_a_distributed_port_group():
    with pytest.raises(PlacementError) as caught:
        placement.port_groups(INV, DC1, [("public_network", "VM Network")])
    assert caught.value.field == "public_network"
    assert "port group 'VM Network' is ambiguous (2 found)" in str(caught.value)


def test_no_port_groups_wanted():
    assert placement.port_groups(INV, DC0, []) == {}


# -- child and folder ---------------------------------------------------------------------------------------------

def test_child_by_name_kind_and_parent():
    vm_folder = get(INV, "group-v3")
    assert placement.child(INV, vm_folder, "vic", "Folder").moid == "group-v22"
    assert placement.child(INV, get(INV, "group-v31"), "vic", "Folder").moid == "group-v41"
    assert placement.child(INV, vm_folder, "web", "VirtualMachine").moid == "vm-27"
    assert placement.child(INV, vm_folder, "web", "Folder") is None
    assert placement.child(INV, vm_folder, "prod", "Folder") is None  # a grandchild
    assert placement.child(INV, get(INV, "resgroup-8"), "vic-pool", "ResourcePool", "VirtualApp").moid == "resgroup-9"


@pytest.mark.parametrize("path, deepest, missing", [
    (None, "group-v3", []),
    ("", "group-v3", []),
    ("/", "group-v3", []),
    ("vic", "group-v22", []),
    ("vic/prod", "group-v23", []),
    ("/vic/prod/", "group-v23", []),
    ("/vm/vic/prod", "group-v23", []),
    ("vm/vic/test", "group-v24", []),
    ("vm", "group-v3", []),
    ("vic//prod", "group-v23", []),
    ("vic/prod/new", "group-v23", ["new"]),
    ("/vm/vic/staging/a/b", "group-v22", ["staging", "a", "b"]),
    ("other/vic", "group-v3", ["other", "vic"]),
])
def test_folder_paths(path, deepest, missing):
    current, rest = placement.folder(INV, DC0, path)
    assert (current.moid, rest) == (deepest, missing)


def test_folder_is_under_the_datacenters_vm_folder():
    assert moids(placement.folder(INV, DC1, "vic")[:1]) == ("group-v41",)
    current, rest = placement.folder(INV, DC1, "vic/prod")
    assert (current.moid, rest) == ("group-v41", ["prod"])


def test_folder_named_vm_is_a_real_folder_when_it_exists():
    vm_folder = get(INV, "group-v31")
    inv = two_datacenters([(vim.Folder("group-v90"), {"name": "vm", "parent": vm_folder.ref})])
    current, rest = placement.folder(inv, get(inv, "datacenter-30"), "vm/x")
    assert (current.moid, rest) == ("group-v90", ["x"])


NAMES = st.text(alphabet="abcxyz-_ 0.", min_size=1, max_size=6)  # never an existing name, never a "/"


@given(st.lists(NAMES, max_size=4))
def test_folder_returns_the_deepest_existing_folder_and_the_rest(new):
    current, rest = placement.folder(INV, DC0, "/".join(["vic", "prod"] + new))
    assert current.moid == "group-v23"
    assert rest == new
