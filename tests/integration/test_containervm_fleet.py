# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_fleet against the vCenter simulator: many containerVMs in one task, one read, the writes side by
side through one wait, failures per containerVM, and the same keys containervm_config writes."""

import collections

import pytest
from pyVmomi import vim

from tests.support import builders
from tests.support.builders import vch_args
from tests.support.inventory import exists, extra_config, names, power_state, set_extra_config
from tests.support.modules import run_module
from tests.support.playbooks import guests
from tests.support.soap_proxy import SoapProxy

ONE_TIME = {"RetrieveServiceContent", "Login", "Logout", "RetrievePropertiesEx", "CreatePropertyCollector",
            "CreateListView", "CreateFilter", "DestroyPropertyCollector", "DestroyView"}


@pytest.fixture
def vch(fresh_vcsim):
    vc = fresh_vcsim
    result = run_module("vch_deploy", vch_args(
        vc.connection_params(), bootstrap_iso="[LocalDS_0] vic/bootstrap.iso",
        container_networks=[{"port_group": "DC0_DVPG2", "alias": "web", "gateway": "10.20.0.1/24"}]))
    assert result["changed"] is True, result
    return vc


def item(name, **options):
    return dict({"name": name, "command": {"path": "/bin/worker", "args": ["--id", name]}}, **options)


def fleet_args(connection, containers, **options):
    connection = dict(connection)
    connection.pop("vch", None)
    return dict(connection, vch="vch-1", containers=containers, **options)


def fleet(vc, containers, check_mode=False, diff=False, connection=None, **options):
    return run_module("containervm_fleet", fleet_args(connection or vc.connection_params(), containers, **options),
                      check_mode=check_mode, diff=diff)


def drift_stop_signal(vc, name):
    """Out of band, as a user with the vSphere client: the containerVM's stop signal becomes SIGKILL."""
    key = [k for k in extra_config(vc, name) if k.endswith("/stopSignal")][0]
    set_extra_config(vc, name, {key: "SIGKILL"})


def requests_during(vc, work):
    """(work's return value, Counter of the SOAP methods vcsim received while it ran)."""
    before = len(vc.soap_requests())
    value = work()
    return value, collections.Counter(vc.soap_requests()[before:])


def test_creates_converges_and_reports_per_containervm(vch):
    vc = vch
    wanted = [item("w-%02d" % index) for index in range(12)]
    created, calls = requests_during(vc, lambda: fleet(vc, wanted, parallel=4))
    assert created.get("failed") is None and created["changed"] is True, created
    assert created["summary"] == {"created": 12, "updated": 0, "removed": 0, "unchanged": 0, "failed": 0}
    assert [r["container"]["name"] for r in created["results"]] == [w["name"] for w in wanted]
    assert all(r["container"]["power_state"] == "poweredOn" for r in created["results"])
    assert calls["RetrievePropertiesEx"] == 1 and calls["CreateVM_Task"] == 12 and calls["PowerOnVM_Task"] == 12
    assert calls["CreateFilter"] == 1  # one filter for every wait of the batch
    assert calls["WaitForUpdatesEx"] < 24  # shared: fewer than one per task

    # the same keys as containervm_config writes for the same options
    single = run_module("containervm_config", builders.containervm_args(
        vc.connection_params(), name="w-00", command=wanted[0]["command"]))
    assert single["changed"] is False, single

    # converged: one read, nothing written
    again, calls = requests_during(vc, lambda: fleet(vc, wanted))
    assert again["changed"] is False and again["summary"]["unchanged"] == 12, again
    assert calls == collections.Counter(RetrieveServiceContent=1, Login=1, RetrievePropertiesEx=1, Logout=1)


def test_corrects_only_the_drifted_and_reports_in_check_mode(vch):
    vc = vch
    wanted = [item("d-%d" % index) for index in range(6)]
    assert fleet(vc, wanted)["changed"] is True
    for name in ("d-1", "d-4"):
        drift_stop_signal(vc, name)

    report, calls = requests_during(vc, lambda: fleet(vc, wanted, check_mode=True, diff=True))
    assert report["changed"] is True and report["summary"]["updated"] == 2, report
    drifted = dict((r["container"]["name"], r["drift"]) for r in report["results"] if r["drift"])
    assert sorted(drifted) == ["d-1", "d-4"]
    assert [(d["option"], d["before"], d["after"]) for d in drifted["d-1"]] == [("stop_signal", "SIGKILL", "SIGTERM")]
    assert sorted(d["before_header"] for d in report["diff"]) == ["d-1", "d-4"]
    assert calls["ReconfigVM_Task"] == 0 and calls["RetrievePropertiesEx"] == 1

    corrected, calls = requests_during(vc, lambda: fleet(vc, wanted))
    assert corrected["summary"]["updated"] == 2 and corrected["summary"]["unchanged"] == 4, corrected
    assert calls["ReconfigVM_Task"] == 2
    assert [v for k, v in extra_config(vc, "d-1").items() if k.endswith("/stopSignal")] == ["SIGTERM"]
    assert fleet(vc, wanted, check_mode=True)["changed"] is False


def test_bad_items_are_refused_before_anything_is_written(vch):
    vc = vch
    before = len(vc.soap_requests())
    bad = fleet(vc, [item("ok-1"), item("bad-1", command={"path": "relative"})])
    assert bad["failed"] is True and bad["msg"].startswith("containers[1].command.path:"), bad
    assert vc.soap_requests()[before:] == ["RetrieveServiceContent", "Login", "Logout"]  # refused before any read
    twice = fleet(vc, [item("same"), item("same")])
    assert twice["failed"] is True and "containers[1].name" in twice["msg"], twice

    # found when planning: a VCH that does not exist, a network it lacks -- those items fail, nothing of them is
    # written, the others go on
    unplannable = fleet(vc, [item("ok-1"), item("ok-2", vch="no-such-vch"),
                             item("ok-3", networks=[{"name": "nowhere"}])])
    assert unplannable["failed"] is True and unplannable["summary"]["created"] == 1, unplannable
    assert unplannable["results"][1]["msg"].startswith("containers[1].vch:")
    assert unplannable["results"][2]["msg"].startswith("containers[2].networks[0].name:")
    assert unplannable["results"][1]["changed"] is False and "2 of 3 containerVMs failed" in unplannable["msg"]
    assert exists(vc, vim.VirtualMachine, "ok-1") and not exists(vc, vim.VirtualMachine, "ok-3")


def test_a_user_vm_of_the_same_name_is_not_touched(vch):
    vc = vch
    vc.govc("vm.create", "-on=false", "-ds", "LocalDS_0", "-net", "VM Network", "-pool", "/DC0/host/DC0_C0/Resources",
            "user-vm")
    before = extra_config(vc, "user-vm")
    refused = fleet(vc, [item("c-1"), item("user-vm")])
    assert refused["failed"] is True and refused["results"][1]["msg"].startswith("containers[1]: "), refused
    assert "refusing" in refused["results"][1]["msg"] and refused["summary"]["created"] == 1
    assert exists(vc, vim.VirtualMachine, "c-1") and power_state(vc, "user-vm") == "poweredOff"
    assert extra_config(vc, "user-vm") == before


def test_one_failure_does_not_lose_the_others(vch):
    vc = vch
    wanted = [item("p-%d" % index) for index in range(5)]
    assert fleet(vc, [dict(w, power_on=False) for w in wanted[:4]])["changed"] is True
    # p-2 is running and is asked to change what only a stopped containerVM can change; p-4 is new
    vc.govc("vm.power", "-on", "p-2")
    wanted[1]["command"] = {"path": "/bin/other"}
    wanted[2]["command"] = {"path": "/bin/other"}
    result = fleet(vc, [dict(w, power_on=False) for w in wanted])
    assert result["failed"] is True and result["summary"] == {
        "created": 1, "updated": 1, "removed": 0, "unchanged": 2, "failed": 1}, result
    failed = result["results"][2]
    assert failed["failed"] is True and "p-2 is running" in failed["msg"] and failed["changed"] is False
    assert "p-2" in result["msg"] and "1 of 5" in result["msg"]
    assert exists(vc, vim.VirtualMachine, "p-4")
    paths = [v for k, v in extra_config(vc, "p-1").items() if k.endswith("/cmd/Path")]
    assert paths == ["/bin/other"]  # the stopped one was changed beside the failure


def test_a_failed_creation_is_undone_and_the_rerun_converges(vch):
    vc = vch
    wanted = [item("f-%d" % index) for index in range(4)]
    with SoapProxy(vc) as proxy:
        proxy.fault_on("PowerOnVM_Task", "InvalidState", times=1)
        result = fleet(vc, wanted, connection=proxy.connection_params(), parallel=1)
    assert result["failed"] is True and result["summary"]["failed"] == 1 and result["summary"]["created"] == 3, result
    failed = [r for r in result["results"] if r.get("failed")][0]
    assert not exists(vc, vim.VirtualMachine, failed["container"]["name"])  # removed again, nothing half-made
    rerun = fleet(vc, wanted)
    assert rerun.get("failed") is None and rerun["summary"]["created"] == 1 and rerun["summary"]["unchanged"] == 3


def test_lost_replies_of_reconfigures_converge(vch):
    vc = vch
    wanted = [item("l-%d" % index) for index in range(4)]
    assert fleet(vc, [dict(w, power_on=False) for w in wanted])["changed"] is True
    changed = [dict(w, restart=True, power_on=False) for w in wanted]
    with SoapProxy(vc) as proxy:
        proxy.lose_reply_on("ReconfigVM_Task", times=2)
        result = fleet(vc, changed, connection=proxy.connection_params())
    assert result.get("failed") is None and result["changed"] is True, result
    assert fleet(vc, changed)["changed"] is False


def test_waits_for_every_guest_and_removes(vch):
    vc = vch
    wanted = [item("g-%d" % index) for index in range(6)]
    with guests(vc):
        started = fleet(vc, wanted, wait="started", timeout=60)
    assert started.get("failed") is None, started
    assert all(r["status"]["started"] == "true" for r in started["results"])
    removed = fleet(vc, [{"name": w["name"], "state": "absent"} for w in wanted])
    assert removed["summary"]["removed"] == 6, removed
    assert not [name for name in names(vc, vim.VirtualMachine) if name.startswith("g-")]


def test_a_lost_wait_reply_is_recovered_by_a_fresh_filter(vch):
    vc = vch
    wanted = [item("r-%d" % index) for index in range(5)]
    with SoapProxy(vc) as proxy:
        proxy.lose_reply_on("WaitForUpdatesEx", times=2)
        result = fleet(vc, wanted, connection=proxy.connection_params())
        filters = proxy.count("CreateFilter")
    assert result.get("failed") is None and result["summary"]["created"] == 5, result
    assert filters >= 2  # made afresh after the lost reply
    assert fleet(vc, wanted)["changed"] is False
