# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_fleet against the vCenter simulator: many VCHs (one of them made by vic-machine) in one task, one read,
only the drifted written, side by side, per-VCH results, secrets never shown, problems refused before writing."""

import collections
import json
import os

import pytest

from tests.support import builders
from tests.support.collection_path import REPO_ROOT
from tests.support.inventory import power_state, set_extra_config
from tests.support.modules import run_module
from tests.support.playbooks import LOCALHOST_PLAY_HEAD, ansible_playbook, recap

CANARY = "canary-Fleet-Pa55"


@pytest.fixture
def vchs(fresh_vcsim):
    vc = fresh_vcsim
    for name in ("vch-a", "vch-b", "vch-c"):
        made = run_module("vch_deploy", builders.vch_args(vc.connection_params(), name=name, dns_servers=["10.0.0.1"],
                                                          ops_user="ops@vsphere.local", ops_password=CANARY))
        assert made.get("failed") is None, made
    vc.govc("vm.create", "-on=false", "-ds", "LocalDS_0", "-net", "VM Network", "-pool",
            "/DC0/host/DC0_C0/Resources", "vic-made")
    with open(os.path.join(REPO_ROOT, "tests", "fixtures", "vic-real-vch.json")) as handle:
        vic_keys = json.load(handle)["extraConfig"]
    set_extra_config(vc, "vic-made", dict((k, v if v != "" else "<nil>") for k, v in vic_keys.items()))
    return vc


def fleet(vc, items, check_mode=False, diff=False, **options):
    return run_module("vch_fleet", dict(vc.connection_params(), vchs=items, **options), check_mode=check_mode,
                      diff=diff)


def requests_during(vc, work):
    before = len(vc.soap_requests())
    value = work()
    return value, collections.Counter(vc.soap_requests()[before:])


DECLARED = [{"name": name, "dns_servers": ["10.0.0.1"]} for name in ("vch-a", "vch-b", "vch-c")]


def test_converged_costs_one_read_and_drift_is_corrected_once_per_vch(vchs):
    vc = vchs
    converged, calls = requests_during(vc, lambda: fleet(vc, DECLARED))
    assert converged.get("failed") is None and converged["changed"] is False, converged
    assert converged["summary"] == {"created": 0, "updated": 0, "removed": 0, "unchanged": 3, "failed": 0}
    assert calls == collections.Counter(RetrieveServiceContent=1, Login=1, RetrievePropertiesEx=1, Logout=1)

    wanted = [dict(item, dns_servers=["10.0.0.9"]) if item["name"] != "vch-b" else item for item in DECLARED]
    report, calls = requests_during(vc, lambda: fleet(vc, wanted, check_mode=True, diff=True))
    assert report["summary"]["updated"] == 2 and calls["ReconfigVM_Task"] == 0, report
    assert sorted(d["before_header"] for d in report["diff"]) == ["vch-a", "vch-c"]
    drifted = dict((r["vch"]["name"], r["drift"]) for r in report["results"])
    assert drifted["vch-b"] == [] and "dns_servers" in [d["option"] for d in drifted["vch-a"]]

    corrected, calls = requests_during(vc, lambda: fleet(vc, wanted))
    assert corrected["summary"]["updated"] == 2 and calls["ReconfigVM_Task"] == 2, corrected
    assert calls["RetrievePropertiesEx"] == 1 and calls["CreateFilter"] == 1  # one read, one wait for both
    assert fleet(vc, wanted)["changed"] is False


def test_a_vch_made_by_vic_machine_beside_ours_by_moid_and_with_restart(vchs):
    vc = vchs
    made_by_vic = run_module("guestinfo_read", dict(vc.connection_params(), name="vic-made", schema="vch"))
    items = [{"moid": made_by_vic["moid"], "debug": 1}, {"name": "vch-a", "debug": 1, "restart": True}]
    result = fleet(vc, items)
    assert result.get("failed") is None and result["summary"]["updated"] == 2, result
    assert result["results"][1]["restarted"] is True and power_state(vc, "vch-a") == "poweredOn"
    assert result["results"][0]["restarted"] is False  # vic-made is off: restart was not asked for it
    assert fleet(vc, items)["changed"] is False


def test_wrong_options_are_refused_before_anything_is_read_and_unplannable_items_fail_alone(vchs):
    vc = vchs
    before = len(vc.soap_requests())
    both = fleet(vc, [{"name": "vch-a"}, {"name": "vch-b", "moid": "vm-1"}])
    assert both["failed"] is True and "vchs" in both["msg"] and "mutually exclusive" in both["msg"], both
    bad = fleet(vc, [{"name": "vch-a", "dns_servers": ["10.0.0.1"]}, {"name": "vch-b", "dns_servers": ["nope"]}])
    assert bad["failed"] is True and bad["msg"].startswith("vchs[1].dns_servers[0]"), bad
    assert "RetrievePropertiesEx" not in vc.soap_requests()[before:]  # refused before any read
    assert "ReconfigVM_Task" not in vc.soap_requests()[before:]
    # found when planning: that item fails, the others go on
    unknown = fleet(vc, [{"name": "vch-a", "dns_servers": ["10.0.0.7"]}, {"name": "vch-nope"}])
    assert unknown["failed"] is True and unknown["summary"]["updated"] == 1, unknown
    assert unknown["results"][1]["msg"].startswith("vchs[1]: ") and "vch-nope" in unknown["results"][1]["msg"]
    moid = run_module("guestinfo_read", dict(vc.connection_params(), name="vch-b", schema="vch"))["moid"]
    twice = fleet(vc, [{"name": "vch-b", "dns_servers": ["10.0.0.7"]}, {"moid": moid, "dns_servers": ["10.0.0.8"]}])
    assert twice["failed"] is True and "the same VM" in twice["results"][1]["msg"], twice
    assert twice["results"][0]["changed"] is True  # the first of the two held it


def test_the_drift_role_at_vvvv_never_shows_a_secret(vchs, tmp_path):
    vc = vchs
    play = tmp_path / "drift.yml"
    play.write_text(LOCALHOST_PLAY_HEAD + """  roles:
    - role: vic.vch.drift
      drift_vchs:
        - {name: vch-a, dns_servers: [10.0.0.1], ops_password: "%s-new"}
        - {name: vch-b, dns_servers: [10.0.0.1], ops_password: "%s"}
        - {name: vch-gone, ops_password: "%s"}
""" % (CANARY, CANARY, CANARY))
    rc, out = ansible_playbook(vc, play, "-vvvv", "--diff")
    assert rc != 0 and "vchs[2]" in out and "vch-gone" in out, out[-3000:]  # that item failed, named
    assert '"vch-a"' in out and '"changed": true' in out  # the others were held (the report below is converged)
    assert CANARY not in out
    play.write_text(play.read_text().replace("        - {name: vch-gone, ops_password: \"%s\"}\n" % CANARY, ""))
    for run in ("report", "converged"):
        rc, out = ansible_playbook(vc, play, "-vvvv", "--diff", *(("--check",) if run == "report" else ()))
        assert rc == 0 and recap(out)["localhost"]["failed"] == 0, out[-3000:]
        assert "vch-a: ops_password" not in out and CANARY not in out  # held by the first run
