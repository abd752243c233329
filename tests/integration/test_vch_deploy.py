# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_deploy against the vCenter simulator: create, converge, drift, check/diff, wait, rollback, absent."""

import base64
import json
import threading
import time

import nacl.secret
import pytest
from tests.support.inventory import exists, extra_config, set_extra_config
from tests.support import builders
from tests.support.iso import iso_bytes
from tests.support.vcsim import VcsimError
from tests.support.modules import clean_failure, run_module
from pyVmomi import vim

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import MASK, decode, extra_config_map
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

PASSWORD = "canary-Ops-Pa55"


def vch_args(vc, name="vch-1", **extra):
    args = dict(name=name, folder="vic/prod", public_network="VM Network",
                client_network={"port_group": "DC0_DVPG1", "ip": "10.10.0.5/24", "gateway": "10.10.0.1"},
                dns_servers=["10.10.0.2", "10.10.0.3"],
                container_networks=[{"port_group": "DC0_DVPG2", "alias": "web", "gateway": "10.20.0.1/24",
                                     "ip_range": "10.20.0.10-10.20.0.100", "firewall": "published"}],
                volume_stores=[{"name": "default", "url": "ds://LocalDS_1/volumes"}],
                registries={"insecure": ["registry.lab:5000"], "whitelist": ["registry.lab:5000", "docker.io"]},
                target="https://vcenter.example.com", thumbprint=EXAMPLE_THUMBPRINT,
                ops_user="vic-ops@vsphere.local", ops_password=PASSWORD,
                syslog_address="udp://10.10.0.9:514", debug=1)
    args.update(extra)
    return builders.vch_args(vc.connection_params(), **args)  # None: leave the option out


EXAMPLE_THUMBPRINT = ":".join(["AB"] * 20)


def writes(vc):
    return {m: vc.count(m) for m in ("CreateVM_Task", "ReconfigVM_Task", "CreateFolder", "CreateResourcePool",
                                     "PowerOnVM_Task", "Destroy_Task")}


def test_deploy_converge_drift_check_diff_and_remove(fresh_vcsim):
    vc = fresh_vcsim
    created = run_module("vch_deploy", vch_args(vc))
    assert created["changed"] is True, created
    assert created["vch"]["power_state"] == "poweredOn" and created["vch"]["moid"].startswith("vm-")
    assert PASSWORD not in json.dumps(created)
    live = extra_config(vc, "vch-1")
    assert live["govcsim"] == "TRUE"  # the simulator's own key is untouched

    # the configuration read back from vSphere is the one deployed
    config = decode(VCHConfig, extra_config_map(live))
    assert config.executor_config.executor_config_common.id == "VirtualMachine:" + created["vch"]["moid"]
    assert config.executor_config.executor_config_common.name == "vch-1"
    assert config.network.bridge_network == "DC0_DVPG0"
    assert str(config.network.bridge_ip_range) == "172.16.0.0/12"
    client = config.executor_config.networks["client"]
    assert client.static and str(client.ip) == "10.10.0.5/24" and str(client.network.gateway.ip) == "10.10.0.1"
    assert [str(ip) for ip in client.network.nameservers] == ["10.10.0.2", "10.10.0.3"]
    assert client.network.common.id.startswith("DistributedVirtualPortgroup:dvportgroup-")
    assert config.executor_config.networks["public"].network.common.id.startswith("Network:network-")
    web = config.network.container_networks["web"]
    assert str(web.gateway) == "10.20.0.1/24" and web.trust_level == 1
    assert (str(web.pools[0].first_ip), str(web.pools[0].last_ip)) == ("10.20.0.10", "10.20.0.100")
    assert config.storage.volume_locations["default"].path == "[LocalDS_1] volumes"
    assert config.registry.insecure_registries == ["registry.lab:5000"]
    assert config.connection.username == "vic-ops@vsphere.local"
    assert config.executor_config.diagnostics.sys_log_config.r_addr == "10.10.0.9:514"
    assert set(config.executor_config.sessions) == {"docker-personality", "port-layer", "vicadmin"}
    assert config.container.compute_resources[0].type == "ResourcePool"
    # the ops password is stored as VIC does: sealed with the key in guestinfo.ovfEnv
    sealed = live["guestinfo.vice./connect/token@secret"]
    assert PASSWORD not in sealed and PASSWORD not in json.dumps(live)
    box = nacl.secret.SecretBox(base64.b64decode(live["guestinfo.ovfEnv"]))
    assert box.decrypt(base64.b64decode(sealed)).decode() == PASSWORD
    assert exists(vc, vim.Folder, "prod") and exists(vc, vim.ResourcePool, "vch-1")

    # converged: no change, no reconfigure; four SOAP requests in all
    before = writes(vc)
    calls_before = len(vc.soap_requests())
    again = run_module("vch_deploy", vch_args(vc))
    assert again["changed"] is False and again["changed_keys"] == []
    assert writes(vc) == before
    assert vc.soap_requests()[calls_before:] == ["RetrieveServiceContent", "Login", "RetrievePropertiesEx", "Logout"]

    # out of band: a key of a given option changed, another removed -> exactly those two restored, in one
    # reconfigure
    set_extra_config(vc, "vch-1", {"guestinfo.vice./registry/insecure_registries~": "evil:5000",
                                   "guestinfo.vice./init/diagnostics/debug": ""})
    drifted = extra_config(vc, "vch-1")
    assert "guestinfo.vice./init/diagnostics/debug" not in drifted
    reconfigures = vc.count("ReconfigVM_Task")
    fixed = run_module("vch_deploy", vch_args(vc), diff=True)
    assert fixed["changed"] is True
    assert fixed["changed_keys"] == ["guestinfo.vice./init/diagnostics/debug",
                                     "guestinfo.vice./registry/insecure_registries~"]
    assert vc.count("ReconfigVM_Task") == reconfigures + 1
    assert fixed["diff"] == {"before": {"executor_config.diagnostics.debug_level": 0,
                                        "registry.insecure_registries": ["evil:5000"]},
                             "after": {"executor_config.diagnostics.debug_level": 1,
                                       "registry.insecure_registries": ["registry.lab:5000"]}}
    restored = extra_config(vc, "vch-1")
    assert restored["guestinfo.vice./init/diagnostics/debug"] == "1"
    assert {k: v for k, v in restored.items() if k != "guestinfo.vice./connect/token@secret"} == \
        {k: v for k, v in live.items() if k != "guestinfo.vice./connect/token@secret"}

    # an option fixed at creation whose value differs (here changed behind Ansible's back) fails naming it, and
    # nothing is written
    set_extra_config(vc, "vch-1", {"guestinfo.vice./network/bridge_network": "rogue"})
    before = writes(vc)
    refused = run_module("vch_deploy", vch_args(vc))
    assert refused.get("failed") is True and refused["msg"].startswith("bridge_network: cannot change"), refused
    assert "'rogue'" in refused["msg"] or "rogue" in refused["msg"]
    assert writes(vc) == before
    set_extra_config(vc, "vch-1", {"guestinfo.vice./network/bridge_network": "DC0_DVPG0"})

    # check mode reports the drift (secrets masked) and changes nothing
    set_extra_config(vc, "vch-1", {"guestinfo.vice./connect/username": "intruder",
                                   "guestinfo.vice./connect/token@secret": "tampered"})
    before = writes(vc)
    report = run_module("vch_deploy", vch_args(vc), check_mode=True, diff=True)
    assert report["changed"] is True
    assert report["changed_keys"] == ["guestinfo.vice./connect/token@secret", "guestinfo.vice./connect/username"]
    assert report["diff"] == {"before": {"connection.token": "(secret)", "connection.username": "intruder"},
                              "after": {"connection.token": "(secret, changed)",
                                        "connection.username": "vic-ops@vsphere.local"}}
    assert [(item["option"], item["field"]) for item in report["drift"]] == [
        ("ops_user", "connection.username"), ("ops_password", "connection.token")]
    assert PASSWORD not in json.dumps(report) and "tampered" not in json.dumps(report)
    assert writes(vc) == before
    assert extra_config(vc, "vch-1")["guestinfo.vice./connect/username"] == "intruder"
    healed = run_module("vch_deploy", vch_args(vc))
    assert healed["changed"] is True
    assert box.decrypt(base64.b64decode(extra_config(vc, "vch-1")["guestinfo.vice./connect/token@secret"])) \
        .decode() == PASSWORD

    # absent removes the appliance and its pool; a second time is a no-op
    gone = run_module("vch_deploy", dict(vc.connection_params(), name="vch-1", state="absent"))
    assert gone["changed"] is True and gone["removed"] == ["vch-1"]
    assert not exists(vc, vim.VirtualMachine, "vch-1") and not exists(vc, vim.ResourcePool, "vch-1")
    again = run_module("vch_deploy", dict(vc.connection_params(), name="vch-1", state="absent"))
    assert again["changed"] is False


def test_check_mode_create_changes_nothing(vcsim):
    before = writes(vcsim)
    report = run_module("vch_deploy", vch_args(vcsim, name="vch-check"), check_mode=True, diff=True)
    assert report["changed"] is True and report["vch"]["moid"] is None
    assert "guestinfo.vice./network/bridge_network" in report["changed_keys"]
    # a creation's diff is the configuration, decoded: values as people write them, the secret masked
    after = report["diff"]["after"]
    assert report["diff"]["before"] == {}
    assert after["connection"]["token"] == MASK and after["connection"]["username"] == "vic-ops@vsphere.local"
    assert after["executor_config"]["executor_config_common"]["name"] == "vch-check"  # hidden from the guest only
    assert after["network"]["bridge_network"] == "DC0_DVPG0" and after["network"]["bridge_ip_range"] == "172.16.0.0/12"
    assert not any(key.startswith("guestinfo.") for key in after)
    assert PASSWORD not in json.dumps(report)
    assert writes(vcsim) == before
    assert not exists(vcsim, vim.VirtualMachine, "vch-check")


def publish_like_the_appliance(vc, name, delay=0.5):
    """The guest side vcsim lacks: once the VM is on, write the keys the appliance publishes."""
    def publish():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if exists(vc, vim.VirtualMachine, name):
                state = extra_config(vc, name)
                if "guestinfo.vice./init/common/id" in state and state["guestinfo.vice./init/common/id"] != "<nil>":
                    break
            time.sleep(0.1)
        time.sleep(delay)
        set_extra_config(vc, name, {
            "guestinfo.vice..init.networks|client.assigned.IP": base64.b64encode(bytes([10, 10, 0, 5])).decode(),
            "guestinfo.vice..init.sessions|docker-personality.started": "true",
            "guestinfo.vice..init.sessions|port-layer.started": "true",
            "guestinfo.vice..init.sessions|vicadmin.started": "true",
        })
    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    return thread


def test_wait_returns_what_the_appliance_published(fresh_vcsim):
    vc = fresh_vcsim
    publisher = publish_like_the_appliance(vc, "vch-w")
    result = run_module("vch_deploy", vch_args(vc, name="vch-w", wait=True, timeout=30))
    publisher.join(5)
    assert result["changed"] is True, result
    assert result["vch"]["client_ip"] == "10.10.0.5"
    assert result["vch"]["sessions"] == {"docker-personality": "true", "port-layer": "true", "vicadmin": "true"}
    # what the guest published is never overwritten by a later run
    again = run_module("vch_deploy", vch_args(vc, name="vch-w"))
    assert again["changed"] is False, again["changed_keys"]
    assert extra_config(vc, "vch-w")["guestinfo.vice..init.sessions|vicadmin.started"] == "true"


def test_a_create_that_fails_midway_leaves_nothing_behind(fresh_vcsim):
    vc = fresh_vcsim
    result = run_module("vch_deploy", vch_args(vc, name="vch-fail", folder="vic/failing", wait=True, timeout=2))
    assert result.get("failed") is True
    assert "timed out" in result["msg"] and "vicadmin started, client address; rolled back" in result["msg"]
    assert "rolled back" in result["msg"]
    assert not exists(vc, vim.VirtualMachine, "vch-fail")
    assert not exists(vc, vim.ResourcePool, "vch-fail")
    assert not exists(vc, vim.Folder, "failing") and not exists(vc, vim.Folder, "vic")
    assert vc.count("CreateVM_Task") == 1 and vc.count("Destroy_Task") >= 3


def test_keep_on_failure_keeps_the_half_made_vch(fresh_vcsim):
    vc = fresh_vcsim
    result = run_module("vch_deploy", vch_args(vc, name="vch-kept", wait=True, timeout=1, keep_on_failure=True))
    assert result.get("failed") is True and "kept for inspection" in result["msg"]
    assert exists(vc, vim.VirtualMachine, "vch-kept")


def test_absent_removes_its_containervms_and_never_a_users_vm(fresh_vcsim):
    """A user's VM in the VCH's pool is no containerVM: never touched, and the pool it keeps stays (and is said)."""
    vc = fresh_vcsim
    assert run_module("vch_deploy", vch_args(vc, name="vch-c"))["changed"]
    assert run_module("containervm_config", builders.containervm_args(
        vc.connection_params(), name="container-1", vch="vch-c"))["changed"]
    vc.govc("vm.create", "-on=false", "-pool", "/DC0/host/DC0_C0/Resources/vch-c", "-ds", "LocalDS_0",
            "-net", "VM Network", "app-db-1")
    refused = run_module("vch_deploy", dict(vc.connection_params(), name="vch-c", state="absent"))
    assert refused.get("failed") is True and "container-1" in refused["msg"] and "delete_containers" in refused["msg"]
    assert "app-db-1" not in refused["msg"] and exists(vc, vim.VirtualMachine, "vch-c")
    gone = run_module("vch_deploy", dict(vc.connection_params(), name="vch-c", state="absent",
                                         delete_containers=True))
    assert gone["changed"] is True and gone["removed"] == ["vch-c", "container-1"], gone
    assert "VM app-db-1 (not a containerVM: never touched)" in gone["left"], gone
    assert "resource pool vch-c (not empty: app-db-1)" in gone["left"], gone
    assert not exists(vc, vim.VirtualMachine, "container-1") and not exists(vc, vim.VirtualMachine, "vch-c")
    assert exists(vc, vim.VirtualMachine, "app-db-1") and exists(vc, vim.ResourcePool, "vch-c")
    assert not exists(vc, vim.Folder, "prod") and not exists(vc, vim.Folder, "vic")  # made, and emptied
    again = run_module("vch_deploy", dict(vc.connection_params(), name="vch-c", state="absent"))
    assert again["changed"] is False and exists(vc, vim.VirtualMachine, "app-db-1")


def test_absent_removes_the_pool_and_folders_it_made_once_empty(fresh_vcsim):
    vc = fresh_vcsim
    vc.govc("folder.create", "/DC0/vm/vic")  # the user's: stays
    assert run_module("vch_deploy", vch_args(vc, name="vch-f", folder="vic/prod/team"))["changed"]
    assert run_module("containervm_config", builders.containervm_args(
        vc.connection_params(), name="web-f", vch="vch-f"))["changed"]
    gone = run_module("vch_deploy", dict(vc.connection_params(), name="vch-f", state="absent",
                                         delete_containers=True))
    assert gone["removed"] == ["vch-f", "web-f"] and gone["left"] == [], gone
    assert not exists(vc, vim.ResourcePool, "vch-f")
    assert not exists(vc, vim.Folder, "team") and not exists(vc, vim.Folder, "prod") and exists(vc, vim.Folder, "vic")


def test_an_existing_pool_named_like_the_vch_is_never_adopted(fresh_vcsim):
    vc = fresh_vcsim
    vc.govc("pool.create", "/DC0/host/DC0_C0/Resources/prod")
    vc.govc("vm.create", "-on=true", "-pool", "/DC0/host/DC0_C0/Resources/prod", "-ds", "LocalDS_0",
            "-net", "VM Network", "app-web-1")
    before = writes(vc)
    refused = run_module("vch_deploy", vch_args(vc, name="prod"))
    assert refused.get("failed") is True and refused["msg"].startswith("name: a resource pool named 'prod'"), refused
    assert writes(vc) == before and exists(vc, vim.VirtualMachine, "app-web-1")


def test_an_existing_vm_that_is_not_a_vch_is_left_alone(fresh_vcsim):
    vc = fresh_vcsim
    vc.govc("vm.create", "-on=false", "-ds", "LocalDS_0", "-net", "VM Network", "-pool",
            "/DC0/host/DC0_C0/Resources", "plain-vm")
    result = run_module("vch_deploy", vch_args(vc, name="plain-vm"))
    assert result.get("failed") is True and "is not a VCH" in result["msg"]
    assert vc.count("ReconfigVM_Task") == 0


BAD_INPUTS = [
    ({"name": "bad/name"}, "name"),
    ({"bridge_network_range": "172.16.0.0/99"}, "bridge_network_range"),
    ({"client_network": {"port_group": "DC0_DVPG1", "ip": "10.0.0.300/24"}}, "client_network.ip"),
    ({"client_network": {"port_group": "DC0_DVPG1", "gateway": "10.0.0.1"}}, "client_network.gateway"),
    ({"client_network": {"port_group": "DC0_DVPG1", "mtu": 9000}}, "client_network"),
    ({"public_network": "DC0_DVPG0"}, "public_network"),
    ({"dns_servers": ["8.8.8"]}, "dns_servers[0]"),
    ({"container_networks": [{"port_group": "DC0_DVPG2", "alias": "a|b"}]}, "container_networks[0].alias"),
    ({"container_networks": [{"port_group": "DC0_DVPG2", "ip_range": "10.0.0.1-10.0.0.9"}]},
     "container_networks[0].ip_range"),
    ({"image_store": "http://LocalDS_0/images"}, "image_store"),
    ({"volume_stores": [{"name": "default", "url": "smb://x/y"}]}, "volume_stores[0].url"),
    ({"registries": {"insecure": ["a|b"]}}, "registries.insecure[0]"),
    ({"target": "vcenter.example.com"}, "target"),
    ({"thumbprint": "not-a-thumbprint"}, "thumbprint"),
    ({"syslog_address": "udp://10.0.0.9"}, "syslog_address"),
    ({"proxies": {"http": "proxy:3128"}}, "proxies.http"),
    ({"endpoint_memory_mb": 16}, "endpoint_memory_mb"),
    ({"appliance_iso": "appliance.iso"}, "appliance_iso"),
    ({"bridge_network": "no-such-port-group"}, "bridge_network"),
    ({"container_networks": [{"port_group": "nope"}]}, "container_networks[0].port_group"),
    ({"datastore": "NoSuchDS"}, "datastore"),
    ({"cluster": "NoSuchCluster"}, "cluster"),
    ({"datacenter": "DC9"}, "datacenter"),
]


@pytest.mark.parametrize("change, field", BAD_INPUTS, ids=[f for _c, f in BAD_INPUTS])
def test_bad_input_fails_naming_the_field_and_creates_nothing(vcsim, change, field):
    before = writes(vcsim)
    result = run_module("vch_deploy", vch_args(vcsim, **dict({"name": "vch-bad"}, **change)))
    assert result.get("failed") is True, result
    assert result["msg"].startswith(field + ":"), result["msg"]
    assert writes(vcsim) == before
    assert PASSWORD not in json.dumps(result)


def test_connection_errors_are_clear(vcsim):
    wrong = run_module("vch_deploy", dict(vch_args(vcsim), password="wrong-password"))
    assert wrong.get("failed") is True and "wrong user name or password" in wrong["msg"]
    strict = run_module("vch_deploy", dict(vch_args(vcsim), validate_certs=True))
    assert strict.get("failed") is True and "validate_certs: false" in strict["msg"]
    nowhere = run_module("vch_deploy", dict(vch_args(vcsim), port=1))
    assert nowhere.get("failed") is True and "cannot reach" in nowhere["msg"]


def put_iso(vc, tmp_path, datastore_path, version=None, publisher=None):
    """A VIC ISO of ``version`` on the simulator's LocalDS_0, at ``datastore_path`` (vic/appliance.iso)."""
    local = tmp_path / "appliance.iso"
    local.write_bytes(iso_bytes(version, publisher))
    vc.govc("datastore.upload", "-ds", "LocalDS_0", str(local), datastore_path)


def test_devices_and_placement_on_a_host(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    put_iso(vc, tmp_path, "vic/appliance.iso", "v1.5.6-21187-5a57dcb0")
    args = vch_args(vc, name="vch-h", cluster=None, host="DC0_H0", folder=None, endpoint_cpu=2,
                    endpoint_memory_mb=4096, appliance_iso="[LocalDS_0] vic/appliance.iso",
                    management_network="DC0_DVPG1")
    result = run_module("vch_deploy", args)
    assert result.get("changed") is True, result.get("msg")
    from tests.support.inventory import connected, vm
    with connected(vc) as si:
        machine = vm(si, "vch-h")
        devices = machine.config.hardware.device
        nics = [d for d in devices if isinstance(d, vim.vm.device.VirtualVmxnet3)]
        # bridge DC0_DVPG0, public VM Network, client and management share DC0_DVPG1: three NICs
        assert len(nics) == 3
        backings = sorted(type(n.backing).__name__.split(".")[-1] for n in nics)
        assert backings == ["DistributedVirtualPortBackingInfo", "DistributedVirtualPortBackingInfo",
                            "NetworkBackingInfo"]
        cdroms = [d for d in devices if isinstance(d, vim.vm.device.VirtualCdrom)]
        assert [c.backing.fileName for c in cdroms] == ["[LocalDS_0] vic/appliance.iso"]
        assert machine.config.hardware.numCPU == 2 and machine.config.hardware.memoryMB == 4096
        assert machine.runtime.host.name == "DC0_H0"
        assert machine.resourcePool.name == "vch-h" and machine.resourcePool.parent.parent.name == "DC0_H0"
    config = decode(VCHConfig, extra_config_map(extra_config(vc, "vch-h")))
    env = config.executor_config.sessions["port-layer"].cmd.env
    assert "CS_PATH=/DC0/host/DC0_H0" in env and "POOL_PATH=/DC0/host/DC0_H0/Resources/vch-h" in env


def test_placement_in_a_resource_pool_path(fresh_vcsim):
    vc = fresh_vcsim
    vc.govc("pool.create", "/DC0/host/DC0_C0/Resources/tenants")
    result = run_module("vch_deploy", vch_args(vc, name="vch-rp", cluster=None,
                                               resource_pool="/DC0/host/DC0_C0/Resources/tenants"))
    assert result.get("changed") is True, result.get("msg")
    from tests.support.inventory import connected, vm
    with connected(vc) as si:
        assert vm(si, "vch-rp").resourcePool.parent.name == "tenants"


def test_target_and_thumbprint_default_to_the_vcenter_connected_to(fresh_vcsim):
    """As vic-machine: the appliance gets the vCenter this run talks to (https://host:port) and the SHA-1
    fingerprint of the certificate it presented, so it can verify it; the port layer's VC_URL is the target."""
    vc = fresh_vcsim
    result = run_module("vch_deploy", vch_args(vc, target=None, thumbprint=None, name="vch-t"))
    assert result.get("failed") is None, result
    live = decode(VCHConfig, extra_config_map(extra_config(vc, "vch-t")))
    assert live.connection.target == "https://127.0.0.1:%d" % vc.port
    assert live.connection.target_thumbprint == json.loads(vc.govc("about.cert", "-json"))["thumbprintSHA1"]
    assert "VC_URL=https://127.0.0.1:%d" % vc.port in live.executor_config.sessions["port-layer"].cmd.env
    # a rerun converges: nothing to change, and no default is applied again over what is there
    again = run_module("vch_deploy", vch_args(vc, target=None, thumbprint=None, name="vch-t"))
    assert again["changed"] is False, again["drift"]


def test_a_target_whose_certificate_cannot_be_read_needs_a_thumbprint(fresh_vcsim):
    vc = fresh_vcsim
    before = writes(vc)
    result = run_module("vch_deploy", vch_args(vc, target="https://127.0.0.1:1", thumbprint=None, name="vch-t"))
    assert clean_failure(result) and result["msg"].startswith("thumbprint: the certificate of https://127.0.0.1:1")
    assert "give thumbprint" in result["msg"] and writes(vc) == before


def test_the_version_is_read_from_the_appliance_iso_as_vic_machine_reads_it(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    put_iso(vc, tmp_path, "vic/appliance.iso", "v1.5.6-21187-5a57dcb0")
    result = run_module("vch_deploy", vch_args(vc, name="vch-v", appliance_iso="[LocalDS_0] vic/appliance.iso"))
    assert result.get("failed") is None, result
    keys = extra_config(vc, "vch-v")
    assert {k.rsplit("/", 1)[1]: v for k, v in keys.items() if k.startswith("guestinfo.vice./init/version/")} == {
        "Version": "v1.5.6", "BuildNumber": "21187", "GitCommit": "5a57dcb0", "PluginVersion": "10",
        "BuildDate": "<nil>", "State": "<nil>"}
    # fixed at creation: the same version converges, another is refused naming the option
    same = run_module("vch_config", dict(vc.connection_params(), name="vch-v", version="v1.5.6-21187-5a57dcb0"))
    assert same.get("failed") is None and same["changed"] is False, same
    other = run_module("vch_config", dict(vc.connection_params(), name="vch-v", version="v1.5.7-21200-0123abcd"))
    assert clean_failure(other) and other["msg"].startswith("version: cannot change after the VCH is created")
    assert "v1.5.6-21187-5a57dcb0" in other["msg"]


def test_an_iso_that_names_no_version_needs_the_version_option(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    put_iso(vc, tmp_path, "vic/plain.iso", publisher="SOMEONE ELSE")
    before = writes(vc)
    args = vch_args(vc, name="vch-v", appliance_iso="[LocalDS_0] vic/plain.iso")
    refused = run_module("vch_deploy", args)
    assert clean_failure(refused) and refused["msg"].startswith("appliance_iso: [LocalDS_0] vic/plain.iso:")
    assert "give version" in refused["msg"] and writes(vc) == before
    missing = run_module("vch_deploy", dict(args, appliance_iso="[LocalDS_0] vic/nowhere.iso"))
    assert clean_failure(missing) and "[LocalDS_0] vic/nowhere.iso is not on the datastore" in missing["msg"]
    given = run_module("vch_deploy", dict(args, version="v1.4.3-18915-6a8f5d8"))
    assert given.get("failed") is None, given
    assert extra_config(vc, "vch-v")["guestinfo.vice./init/version/Version"] == "v1.4.3"


def test_local_isos_are_uploaded_attached_and_not_uploaded_again(fresh_vcsim, tmp_path):
    """As vic-machine: the ISOs go into the VCH's directory named after their version, the appliance boots from
    its own, the bootstrap ISO is recorded for the containerVMs; a rerun uploads nothing; removal takes them."""
    from tests.support.soap_proxy import SoapProxy
    vc = fresh_vcsim
    appliance, bootstrap = tmp_path / "appliance.iso", tmp_path / "bootstrap.iso"
    appliance.write_bytes(iso_bytes("v1.5.6-21187-5a57dcb0"))
    bootstrap.write_bytes(iso_bytes("v1.5.6-21187-5a57dcb0"))
    with SoapProxy(vc) as proxy:
        args = builders.vch_args(proxy.connection_params(), appliance_iso=str(appliance),
                                 bootstrap_iso=str(bootstrap))
        made = run_module("vch_deploy", args)
        assert made.get("failed") is None, made
        puts = [m for m in proxy.methods if m.startswith("PUT /folder/")]
        assert puts == ["PUT /folder/vch-1/V1.5.6-21187-5A57DCB0-appliance.iso",
                        "PUT /folder/vch-1/V1.5.6-21187-5A57DCB0-bootstrap.iso"]
        again = run_module("vch_deploy", args)
        assert again["changed"] is False and [m for m in proxy.methods if m.startswith("PUT ")] == puts
    listed = vc.govc("datastore.ls", "-ds", "LocalDS_0", "vch-1").split()
    assert {"V1.5.6-21187-5A57DCB0-appliance.iso", "V1.5.6-21187-5A57DCB0-bootstrap.iso"} <= set(listed)
    assert (tmp_path / "appliance.iso").read_bytes() == iso_bytes("v1.5.6-21187-5a57dcb0")
    from tests.support.inventory import connected, vm
    with connected(vc) as si:
        cdroms = [d.backing.fileName for d in vm(si, "vch-1").config.hardware.device
                  if isinstance(d, vim.vm.device.VirtualCdrom)]
    assert cdroms == ["[LocalDS_0] vch-1/V1.5.6-21187-5A57DCB0-appliance.iso"]
    live = decode(VCHConfig, extra_config_map(extra_config(vc, "vch-1")))
    assert live.container.bootstrap_image_path == "[LocalDS_0] vch-1/V1.5.6-21187-5A57DCB0-bootstrap.iso"
    assert live.executor_config.version.version == "v1.5.6"
    # the containerVMs boot from the bootstrap ISO the VCH records
    container = run_module("containervm_config", builders.containervm_args(vc.connection_params()))
    assert container.get("failed") is None, container
    with connected(vc) as si:
        cdroms = [d.backing.fileName for d in vm(si, "web-1").config.hardware.device
                  if isinstance(d, vim.vm.device.VirtualCdrom)]
    assert cdroms == ["[LocalDS_0] vch-1/V1.5.6-21187-5A57DCB0-bootstrap.iso"]
    gone = run_module("vch_deploy", dict(vc.connection_params(), name="vch-1", state="absent",
                                         delete_containers=True))
    assert gone["changed"] is True
    with pytest.raises(VcsimError, match="FileNotFound|was not found"):
        vc.govc("datastore.ls", "-ds", "LocalDS_0", "vch-1/V1.5.6-21187-5A57DCB0-appliance.iso")


def test_an_upload_whose_reply_is_lost_is_not_sent_again(fresh_vcsim, tmp_path):
    """The upload landed but its answer was lost: the retry finds the same file (size and SHA-256) there and
    sends nothing; the VCH is made and boots from it."""
    from tests.support.soap_proxy import SoapProxy
    vc = fresh_vcsim
    appliance = tmp_path / "appliance.iso"
    appliance.write_bytes(iso_bytes("v1.5.6-21187-5a57dcb0"))
    target = "/folder/vch-1/V1.5.6-21187-5A57DCB0-appliance.iso"
    with SoapProxy(vc) as proxy:
        proxy.lose_reply_on("PUT " + target)
        made = run_module("vch_deploy", builders.vch_args(proxy.connection_params(), appliance_iso=str(appliance)))
        assert made.get("failed") is None, made
        assert [m for m in proxy.methods if m.endswith(target)] == ["PUT " + target, "GET " + target]


def test_holds_compares_the_size_then_the_checksum(fresh_vcsim, tmp_path):
    from ansible_collections.vic.vch.plugins.module_utils.vsphere.files import holds
    from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import Session
    vc = fresh_vcsim
    there, same, other, longer = (tmp_path / n for n in ("there.iso", "same.iso", "other.iso", "longer.iso"))
    there.write_bytes(b"A" * 100000)
    same.write_bytes(b"A" * 100000)
    other.write_bytes(b"A" * 99999 + b"B")
    longer.write_bytes(b"A" * 100001)
    vc.govc("datastore.upload", "-ds", "LocalDS_0", str(there), "vic/there.iso")
    with Session.from_params(vc.connection_params()) as session:
        assert holds(session, "DC0", "[LocalDS_0] vic/there.iso", str(same))
        assert not holds(session, "DC0", "[LocalDS_0] vic/there.iso", str(other))
        assert not holds(session, "DC0", "[LocalDS_0] vic/there.iso", str(longer))
        assert not holds(session, "DC0", "[LocalDS_0] vic/nowhere.iso", str(same))


def test_a_creation_that_fails_after_the_upload_removes_the_isos_too(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    appliance = tmp_path / "appliance.iso"
    appliance.write_bytes(iso_bytes("v1.5.6-21187-5a57dcb0"))
    failed = run_module("vch_deploy", vch_args(vc, name="vch-f", appliance_iso=str(appliance), wait=True, timeout=2))
    assert failed.get("failed") is True and "rolled back" in failed["msg"] and "datastore file" in failed["msg"]
    assert not exists(vc, vim.VirtualMachine, "vch-f")
    with pytest.raises(VcsimError, match="FileNotFound|was not found"):
        vc.govc("datastore.ls", "-ds", "LocalDS_0", "vch-f/V1.5.6-21187-5A57DCB0-appliance.iso")


def test_a_local_file_that_is_not_an_iso_is_refused_naming_the_option(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for value, said in ((str(text), "not an ISO 9660 image"), (str(tmp_path / "absent.iso"), "nor a file")):
        refused = run_module("vch_deploy", vch_args(vc, name="vch-n", appliance_iso=value))
        assert clean_failure(refused) and refused["msg"].startswith("appliance_iso: ") and said in refused["msg"]
    assert not exists(vc, vim.VirtualMachine, "vch-n")
