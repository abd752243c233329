# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_config against the vCenter simulator: only the options given, only their keys, one reconfigure."""

import base64
import json
import os

import nacl.secret
import pytest
from tests.support.inventory import extra_config, set_extra_config
from tests.support.builders import vch_args
from tests.support.modules import run_module

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import MASK, decode, extra_config_map
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

from tests.support.vectors import FIXTURES
PASSWORD, NEW_PASSWORD = "canary-Old-Pa55", "canary-New-Pa55"


def deploy(vc, name="vch-1"):
    result = run_module("vch_deploy", vch_args(
        vc.connection_params(), name=name, dns_servers=["10.10.0.2"], registries={"insecure": ["a.lab:5000"]},
        container_networks=[{"port_group": "DC0_DVPG2", "alias": "web", "gateway": "10.20.0.1/24"}],
        ops_user="ops@vsphere.local", ops_password=PASSWORD))
    assert result["changed"] is True, result
    return result["vch"]["moid"]


def configure(vc, check_mode=False, diff=False, **options):
    return run_module("vch_config", dict(vc.connection_params(), **options), check_mode=check_mode, diff=diff)


def changed_only(before, after, keys):
    """Every key but ``keys`` is byte-identical between two extraConfig snapshots."""
    return {k: v for k, v in before.items() if k not in keys} == {k: v for k, v in after.items() if k not in keys}


@pytest.fixture
def vch(fresh_vcsim):
    deploy(fresh_vcsim)
    return fresh_vcsim


def test_one_option_touches_only_its_keys(vch):
    before = extra_config(vch, "vch-1")
    reconfigures = vch.count("ReconfigVM_Task")
    result = configure(vch, name="vch-1", dns_servers=["10.10.0.2", "10.10.0.4"])
    assert result["changed"] is True, result
    assert result["changed_keys"] and all("network/dns" in k for k in result["changed_keys"]), result["changed_keys"]
    assert vch.count("ReconfigVM_Task") == reconfigures + 1
    after = extra_config(vch, "vch-1")
    assert after["guestinfo.vice./init/networks|public/network/dns|1"] == base64.b64encode(bytes([10, 10, 0, 4])) \
        .decode()
    assert changed_only(before, after, result["changed_keys"])
    assert result["config"]["network"]["container_networks"]["web"]["gateway"] == "10.20.0.1/24"
    assert result["config"]["executor_config"]["executor_config_common"]["name"] == MASK  # hidden
    assert result["config"]["connection"]["token"] == MASK  # secret

    # converged: nothing to send, four SOAP requests
    calls = len(vch.soap_requests())
    again = configure(vch, name="vch-1", dns_servers=["10.10.0.2", "10.10.0.4"])
    assert again["changed"] is False and again["changed_keys"] == []
    assert vch.soap_requests()[calls:] == ["RetrieveServiceContent", "Login", "RetrievePropertiesEx", "Logout"]


def test_lists_replace_or_merge(vch):
    merged = configure(vch, name="vch-1", registries={"insecure": ["b.lab:5000"]}, list_mode="merge")
    assert merged["config"]["registry"]["insecure_registries"] == ["a.lab:5000", "b.lab:5000"]
    replaced = configure(vch, name="vch-1", registries={"insecure": ["c.lab:5000"]})
    assert replaced["config"]["registry"]["insecure_registries"] == ["c.lab:5000"]
    assert extra_config(vch, "vch-1")["guestinfo.vice./registry/insecure_registries~"] == "c.lab:5000"


def test_container_networks_added_and_removed_with_all_their_keys(vch):
    added = configure(vch, name="vch-1", list_mode="merge",
                      container_networks=[{"port_group": "DC0_DVPG1", "alias": "db", "firewall": "closed"}])
    assert set(added["config"]["network"]["container_networks"]) == {"bridge", "web", "db"}
    live = extra_config(vch, "vch-1")
    assert live["guestinfo.vice./network/container_networks|db/TrustLevel"] == "3"
    assert live["guestinfo.vice./network/container_networks|db/Common/id"].startswith("DistributedVirtualPortgroup:")
    removed = configure(vch, name="vch-1", container_networks=[])
    assert set(removed["config"]["network"]["container_networks"]) == {"bridge"}
    left = extra_config(vch, "vch-1")
    assert not [k for k in left if "|web" in k or "|db" in k], [k for k in left if "|web" in k or "|db" in k]
    assert left["guestinfo.vice./network/container_networks"] == "bridge"


def test_ops_password_is_resealed_and_never_shown(vch):
    result = configure(vch, name="vch-1", ops_user="ops@vsphere.local", ops_password=NEW_PASSWORD, diff=True)
    assert result["changed_keys"] == ["guestinfo.vice./connect/token@secret"]
    assert result["diff"] == {"before": {"connection.token": "(secret)"},
                              "after": {"connection.token": "(secret, changed)"}}
    assert result["drift"][0]["raw"] == [{"key": "guestinfo.vice./connect/token@secret", "before": MASK, "after": MASK}]
    assert NEW_PASSWORD not in json.dumps(result) and PASSWORD not in json.dumps(result)
    live = extra_config(vch, "vch-1")
    box = nacl.secret.SecretBox(base64.b64decode(live["guestinfo.ovfEnv"]))
    assert box.decrypt(base64.b64decode(live["guestinfo.vice./connect/token@secret"])).decode() == NEW_PASSWORD
    # the same password again: compared decrypted, so no change
    assert configure(vch, name="vch-1", ops_password=NEW_PASSWORD)["changed"] is False


def test_check_mode_reports_and_changes_nothing(vch):
    before = extra_config(vch, "vch-1")
    writes = vch.count("ReconfigVM_Task")
    result = configure(vch, check_mode=True, diff=True, name="vch-1", debug=3, syslog_address="tcp://10.0.0.9:601")
    assert result["changed"] is True
    assert "guestinfo.vice./init/diagnostics/debug" in result["changed_keys"]
    assert result["diff"]["after"]["executor_config.diagnostics.debug_level"] == 3
    assert result["config"]["executor_config"]["diagnostics"]["sys_log_config"]["r_addr"] == "10.0.0.9:601"
    assert vch.count("ReconfigVM_Task") == writes and extra_config(vch, "vch-1") == before


def test_fields_by_path_and_refusals(vch):
    moid = run_module("vch_deploy", dict(vch.connection_params(), name="vch-1", datacenter="DC0",
                                         datastore="LocalDS_0", bridge_network="DC0_DVPG0", cluster="DC0_C0",
                                         dns_servers=["10.10.0.2"], registries={"insecure": ["a.lab:5000"]},
                                         container_networks=[{"port_group": "DC0_DVPG2", "alias": "web",
                                                              "gateway": "10.20.0.1/24"}],
                                         ops_user="ops@vsphere.local", ops_password=PASSWORD))["vch"]["moid"]
    result = configure(vch, moid=moid, fields={"storage.scratch_size": 16000000})
    assert result["changed_keys"] == ["guestinfo.vice./storage/scratch_size"]
    assert extra_config(vch, "vch-1")["guestinfo.vice./storage/scratch_size"] == "16000000"
    writes = vch.count("ReconfigVM_Task")
    for fields, words in (({"executor_config.sessions[vicadmin].started": "true"}, "written by the guest"),
                          ({"executor_config.execs[x]": None}, "non-persistent"),
                          ({"storage.nope": 1}, "has no field 'nope'"),
                          ({"storage.scratch_size": "lots"}, "expected int")):
        refused = configure(vch, moid=moid, fields=fields)
        assert refused.get("failed") is True and refused["msg"].startswith("fields:") and words in refused["msg"], \
            refused["msg"]
    assert vch.count("ReconfigVM_Task") == writes


@pytest.mark.parametrize("option, value", [
    ("bridge_network", "DC0_DVPG1"), ("public_network", "DC0_DVPG1"), ("image_store", "ds://LocalDS_1/images"),
    ("endpoint_cpu", 4), ("appliance_iso", "[LocalDS_0] a.iso"), ("bridge_network_range", "10.0.0.0/8"),
    ("container_name_convention", "c-{name}")])
def test_options_fixed_at_creation_that_differ_are_refused(vch, option, value):
    writes = vch.count("ReconfigVM_Task")
    result = configure(vch, name="vch-1", **{option: value})
    assert result.get("failed") is True and result["msg"].startswith(option + ": cannot change"), result["msg"]
    assert vch.count("ReconfigVM_Task") == writes


def test_options_fixed_at_creation_that_hold_the_vchs_value_are_taken(vch):
    """Given as they were deployed, they change nothing: a play may hold a VCH's whole declaration."""
    writes = vch.count("ReconfigVM_Task")
    result = configure(vch, name="vch-1", bridge_network="DC0_DVPG0", public_network="VM Network",
                       bridge_network_range="172.16.0.0/12", endpoint_cpu=1, endpoint_memory_mb=2048,
                       dns_servers=["10.10.0.2"])
    assert result.get("failed") is None and result["changed"] is False, result
    assert vch.count("ReconfigVM_Task") == writes


def test_restart_power_cycles_after_a_change(vch):
    offs, ons = vch.count("PowerOffVM_Task"), vch.count("PowerOnVM_Task")
    result = configure(vch, name="vch-1", debug=2, restart=True)
    assert result["restarted"] is True
    assert (vch.count("PowerOffVM_Task"), vch.count("PowerOnVM_Task")) == (offs + 1, ons + 1)
    unchanged = configure(vch, name="vch-1", debug=2, restart=True)
    assert unchanged["restarted"] is False and vch.count("PowerOffVM_Task") == offs + 1


@pytest.fixture
def vic_made(fresh_vcsim):
    """A VM holding the extraConfig of a real VCH that vic-machine made (the fixture), named vic-made."""
    vc = fresh_vcsim
    vc.govc("vm.create", "-on=false", "-ds", "LocalDS_0", "-net", "VM Network", "-pool",
            "/DC0/host/DC0_C0/Resources", "vic-made")
    with open(os.path.join(FIXTURES, "vic-real-vch.json")) as handle:
        vic_keys = json.load(handle)["extraConfig"]
    set_extra_config(vc, "vic-made", {k: (v if v != "" else "<nil>") for k, v in vic_keys.items()})
    return vc


def test_a_vch_made_by_vic_changes_only_the_given_keys(vic_made):
    vc = vic_made
    before = extra_config(vc, "vic-made")
    result = configure(vc, name="vic-made", debug=1, registries={"insecure": ["insecure:2345", "new:5000"]})
    assert result["changed"] is True, result
    assert sorted(result["changed_keys"]) == ["guestinfo.vice./init/diagnostics/debug",
                                              "guestinfo.vice./init/sessions|docker-personality/diagnostics/debug",
                                              "guestinfo.vice./init/sessions|port-layer/diagnostics/debug",
                                              "guestinfo.vice./init/sessions|vicadmin/diagnostics/debug",
                                              "guestinfo.vice./registry/insecure_registries",
                                              "guestinfo.vice./registry/insecure_registries~"]
    after = extra_config(vc, "vic-made")
    assert changed_only(before, after, result["changed_keys"])
    # keys VIC's own data cannot round-trip (a length without items) are left exactly as they were
    assert after["guestinfo.vice./init/sessions|port-layer/cmd/Args"] == "2"
    assert after["guestinfo.vice./vic_machine_create_options"] == "13"


def test_not_found_and_not_a_vch(fresh_vcsim):
    vc = fresh_vcsim
    missing = configure(vc, name="nope", debug=1)
    assert missing.get("failed") is True and "'nope' not found" in missing["msg"]
    vc.govc("vm.create", "-on=false", "-ds", "LocalDS_0", "-net", "VM Network", "-pool",
            "/DC0/host/DC0_C0/Resources", "plain")
    plain = configure(vc, name="plain", debug=1)
    assert plain.get("failed") is True and "is not a VCH" in plain["msg"]
    assert vc.count("ReconfigVM_Task") == 0


def test_drift_report_names_field_before_and_after(vch):
    set_extra_config(vch, "vch-1", {"guestinfo.vice./registry/insecure_registries~": "evil:1"})
    report = configure(vch, check_mode=True, name="vch-1", registries={"insecure": ["a.lab:5000"]},
                       ops_password=PASSWORD)
    assert report["drift"] == [{"field": "registry.insecure_registries", "option": "registries.insecure",
                                "before": ["evil:1"], "after": ["a.lab:5000"],
                                "raw": [{"key": "guestinfo.vice./registry/insecure_registries~",
                                         "before": "evil:1", "after": "a.lab:5000"}]}]


def test_reports_speak_options_and_values_as_people_write_them(vch):
    """Addresses dotted, secrets only said to change, the diff keyed by field: never base64 or a raw key."""
    report = configure(vch, check_mode=True, diff=True, name="vch-1", dns_servers=["10.10.0.9"],
                       ops_password="canary-Other-Pa55", syslog_address="udp://10.0.0.7:514")
    by_option = dict((item["option"], item) for item in report["drift"])
    assert set(by_option) == {"dns_servers", "ops_password", "syslog_address"}, report["drift"]
    assert by_option["dns_servers"]["before"] == ["10.10.0.2"] and by_option["dns_servers"]["after"] == ["10.10.0.9"]
    secret = by_option["ops_password"]
    assert (secret["before"], secret["after"]) == ("(secret)", "(secret, changed)")
    assert by_option["syslog_address"]["after"] == {"network": "udp", "r_addr": "10.0.0.7:514"}
    diff = report["diff"]
    assert diff["after"]["connection.token"] == "(secret, changed)"
    assert all(field.startswith(("executor_config.", "connection.")) for field in diff["after"]), diff
    assert "canary-Other-Pa55" not in json.dumps(report) and PASSWORD not in json.dumps(report)
    assert "CgoACQ==" not in json.dumps(report["diff"])  # 10.10.0.9 as VIC stores it


def test_a_vch_made_by_vic_plans_nothing_when_no_option_changes(vic_made):
    """vch_config and vch_deploy given a VIC-made VCH's own values (or only its name) plan no change at all."""
    vc = vic_made
    live = decode(VCHConfig, extra_config_map(extra_config(vc, "vic-made")))
    for module, args in (("vch_config", dict(name="vic-made")),
                         ("vch_config", dict(name="vic-made", bridge_network=live.network.bridge_network)),
                         ("vch_deploy", dict(name="vic-made", datacenter="DC0", datastore="LocalDS_0",
                                             bridge_network=live.network.bridge_network, power_on=False))):
        report = run_module(module, dict(vc.connection_params(), **args), check_mode=True, diff=True)
        assert report.get("failed") is None and report["changed"] is False, (module, report)
        assert report["changed_keys"] == [] and report["drift"] == []


def test_keys_of_other_vic_versions_that_the_schema_lacks_are_kept_on_every_write(vic_made):
    """A VCH written by another VIC (the 2018 virtual-kubelet branch, or a newer release with fields VIC master
    lacks) keeps those keys, byte for byte, through a change: only the given option's keys are written."""
    vc = vic_made
    foreign = {"guestinfo.vice./virtual_kubelet/KubernetesServerAddress": "https://k8s.example.com:6443",
               "guestinfo.vice./virtual_kubelet/KubeletConfigFile": "/etc/kubelet.yaml",
               "guestinfo.vice./container/FutureField": "kept",
               "guestinfo.vice..init.sessions|port-layer.future": "42"}
    set_extra_config(vc, "vic-made", foreign)
    result = configure(vc, name="vic-made", debug=2)
    assert result["changed"] is True and result["changed_keys"], result
    after = extra_config(vc, "vic-made")
    assert dict((key, after.get(key)) for key in foreign) == foreign
    assert not [key for key in result["changed_keys"] if key in foreign]
    # and what VIC master adds to a 1.1 VCH's configuration is not written either: the given option's keys only
    assert not [key for key in result["changed_keys"] if "storage_quota" in key or "container_count" in key
                or "VMGroup" in key]


def test_storage_quota_and_container_count_as_vic_master_keeps_them(vch):
    """storage_quota (GB, kept in bytes) and containers (also container_count): their keys only, told by option,
    and a rerun sends nothing."""
    before = extra_config(vch, "vch-1")
    result = configure(vch, name="vch-1", storage_quota=100, containers=50, diff=True)
    assert result["changed"] is True, result
    after = extra_config(vch, "vch-1")
    assert after["guestinfo.vice./storage/storage_quota"] == str(100 * 1024 ** 3)
    assert after["guestinfo.vice./container/container_count"] == "50"
    assert changed_only(before, after, result["changed_keys"])
    by_field = dict((item["field"], item) for item in result["drift"])
    assert by_field["storage.storage_quota"]["option"] == "storage_quota"
    assert by_field["storage.storage_quota"]["after"] == 100 * 1024 ** 3
    assert by_field["container.container_count"]["option"] == "containers"
    again = configure(vch, name="vch-1", storage_quota=100, containers=50)
    assert again["changed"] is False and again["changed_keys"] == []
    refused = configure(vch, name="vch-1", storage_quota=-1)
    assert refused.get("failed") and refused["msg"].startswith("storage_quota:"), refused
    assert extra_config(vch, "vch-1") == after
