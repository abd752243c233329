# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults injected between pyvmomi and vcsim (tests/support/soap_proxy.py): every step of a run can fail, and the
inventory afterwards holds the old state or the new one, never half of it; transient faults are retried, others
are not; parallel writers lose no update."""

import json
import os
import threading

import pytest
from tests.support.inventory import exists, extra_config, names, power_state
from tests.support import builders
from tests.support.modules import clean_failure, run_module, run_module_process
from pyVmomi import vim
from tests.support.soap_proxy import SoapProxy
from tests.support.vcsim import Vcsim

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, extra_config_map
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = {}  # module -> {"injected": n, "succeeded": n, "failed cleanly": n}, for docs/reliability.md


def vch_args(params, name="vch-1"):
    return builders.vch_args(params, name=name, folder="vic",
                             container_networks=[{"port_group": "DC0_DVPG2", "alias": "web"}],
                             ops_user="ops@vsphere.local", ops_password="canary-Fault-Pa55")


def container_args(params):
    return builders.containervm_args(params, command={"path": "/bin/sh", "args": ["-c", "true"]},
                                     networks=[{"name": "bridge"}, {"name": "web", "mac": "00:50:56:00:00:42"}])


def vch_state(vc, name="vch-1"):
    """'absent', 'complete', or a description of a half-made VCH."""
    leftovers = [kind for kind, obj in (("VM", vim.VirtualMachine), ("resource pool", vim.ResourcePool))
                 if exists(vc, obj, name)]
    if exists(vc, vim.Folder, "vic"):
        leftovers.append("folder")
    if not leftovers:
        return "absent"
    if leftovers != ["VM", "resource pool", "folder"]:
        return "half-made: only %s" % leftovers
    config = decode(VCHConfig, extra_config_map(extra_config(vc, name)))
    if not config.executor_config.executor_config_common.id.startswith("VirtualMachine:vm-"):
        return "half-made: no id recorded"
    return "complete"


MODES = ("reset", "lose")  # reset: the request dropped before vcsim sees it; lose: carried out, its reply lost


def leftovers(vc):
    """Objects left under a run's temporary name (a creation that was never completed or undone)."""
    return [name for kind in (vim.Folder, vim.ResourcePool, vim.VirtualMachine)
            for name in names(vc, kind) if "~vic-" in name]


def every_step(setup, run, check, label, mode):
    """Run ``run`` once per request of a normal run, with that request's connection reset (``mode`` reset) or its
    reply lost (lose); check each outcome is the old or the new state or, after a failure that says it changed
    something, one the rerun finishes; then rerun without faults: it must converge to the new state."""
    with Vcsim() as vc:
        setup(vc)
        with SoapProxy(vc) as proxy:
            normal = run(proxy.connection_params())
            assert normal.get("changed") is True, normal
            steps = proxy.count()
    tally = {"injected": 0, "succeeded": 0, "failed cleanly": 0, "converged on rerun": 0}
    action = {"reset": "reset", "lose": "lose"}[mode]
    for step in range(1, steps + 1):
        with Vcsim() as vc:
            setup(vc)
            with SoapProxy(vc) as proxy:
                (proxy.reset_at if mode == "reset" else proxy.lose_reply_at)(step)
                result = run(proxy.connection_params())
                tally["injected"] += proxy.injected[action]
                method = proxy.methods[step - 1] if step <= len(proxy.methods) else "?"
            outcome = check(vc)
            where = "%s, %s at request %d (%s): %s; %s" % (label, mode, step, method, outcome, result)
            if result.get("failed"):
                assert clean_failure(result), where
                # a failed run that changed something says so
                assert outcome == "old" or result["changed"] is True, where
                tally["failed cleanly"] += 1
            else:
                assert outcome == "new", where
                tally["succeeded"] += 1
            again = run(vc.connection_params())
            assert not again.get("failed") and check(vc) == "new", "rerun after %s: %s" % (where, again)
            assert not leftovers(vc), where
            tally["converged on rerun"] += 1
    assert tally["injected"] == steps
    RESULTS["%s, %s" % (label, mode)] = dict(tally, requests=steps)
    return tally


def deploy_flow():
    def check(vc):
        return {"absent": "old", "complete": "new"}.get(vch_state(vc), vch_state(vc))
    return None, lambda params: run_module("vch_deploy", vch_args(params)), check


def absent_flow():
    def setup(vc):
        assert run_module("vch_deploy", vch_args(vc.connection_params()))["changed"]
        assert run_module("containervm_config", container_args(vc.connection_params()))["changed"]

    def check(vc):
        state = vch_state(vc)
        container = exists(vc, vim.VirtualMachine, "web-1")
        if state == "complete" and container:
            return "old"
        return "new" if state == "absent" and not container else "partial: %s, container %s" % (state, container)
    return setup, lambda params: run_module("vch_deploy", dict(vch_args(params), state="absent",
                                                               delete_containers=True)), check


def restart_flow():
    def setup(vc):
        assert run_module("vch_deploy", vch_args(vc.connection_params()))["changed"]

    def check(vc):
        live = extra_config(vc, "vch-1")
        debug = set(live[k] for k in live if k.endswith("diagnostics/debug"))
        power = power_state(vc, "vch-1")
        if debug == {"0"} and power == "poweredOn":
            return "old"
        if debug == {"2"} and live["guestinfo.vice./storage/scratch_size"] == "9000" and power == "poweredOn":
            return "new"
        return "partial: debug %s, scratch %s, %s" % (debug, live["guestinfo.vice./storage/scratch_size"], power)
    return setup, lambda params: run_module("vch_config", dict(params, name="vch-1", debug=2, restart=True,
                                                               fields={"storage.scratch_size": 9000})), check


def containervm_flow():
    def setup(vc):
        assert run_module("vch_deploy", vch_args(vc.connection_params()))["changed"]

    def check(vc):
        if not exists(vc, vim.VirtualMachine, "web-1"):
            return "old"
        live = extra_config(vc, "web-1")
        power = power_state(vc, "web-1")
        return "new" if any(k.endswith("/cmd/Path") for k in live) and power == "poweredOn" else \
            "half-made: %d keys, %s" % (len(live), power)
    return setup, lambda params: run_module("containervm_config", container_args(params)), check


def containervm_absent_flow():
    def setup(vc):
        assert run_module("vch_deploy", vch_args(vc.connection_params()))["changed"]
        assert run_module("containervm_config", container_args(vc.connection_params()))["changed"]

    def check(vc):
        return "new" if not exists(vc, vim.VirtualMachine, "web-1") else "old"
    return setup, lambda params: run_module("containervm_config", dict(container_args(params), state="absent")), \
        check


def fleet_flow():
    """containervm_fleet making two containerVMs side by side: each one is absent or whole, never half-made."""
    wanted = ("fleet-1", "fleet-2")

    def setup(vc):
        assert run_module("vch_deploy", vch_args(vc.connection_params()))["changed"]

    def check(vc):
        states = []
        for name in wanted:
            if not exists(vc, vim.VirtualMachine, name):
                states.append("absent")
                continue
            whole = any(k.endswith("/cmd/Path") for k in extra_config(vc, name)) and \
                power_state(vc, name) == "poweredOn"
            states.append("whole" if whole else "half-made")
        if set(states) == {"absent"}:
            return "old"
        return "new" if set(states) == {"whole"} else "partial: %s" % dict(zip(wanted, states))

    def run(params):
        params = dict(params)
        return run_module("containervm_fleet", dict(params, vch="vch-1", parallel=2, containers=[
            {"name": name, "command": {"path": "/bin/sh", "args": ["-c", "true"]}} for name in wanted]))
    return setup, run, check


FLOWS = {
    "vch_deploy (create)": deploy_flow,
    "vch_deploy (absent)": absent_flow,
    "vch_config (restart)": restart_flow,
    "containervm_config (create)": containervm_flow,
    "containervm_config (absent)": containervm_absent_flow,
    "containervm_fleet (create two)": fleet_flow,
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("label", sorted(FLOWS))
def test_every_step_can_fail_and_every_rerun_converges(label, mode):
    setup, run, check = FLOWS[label]()
    tally = every_step(setup or (lambda vc: None), run, check, label, mode)
    assert tally["converged on rerun"] == tally["injected"]


@pytest.fixture
def deployed(fresh_vcsim):
    assert run_module("vch_deploy", vch_args(fresh_vcsim.connection_params()))["changed"]
    with SoapProxy(fresh_vcsim) as proxy:
        yield fresh_vcsim, proxy


@pytest.mark.parametrize("inject", ["reset", "503", "NotAuthenticated"])
def test_transient_faults_are_retried(deployed, inject):
    vc, proxy = deployed
    if inject == "reset":
        proxy.reset_on("RetrievePropertiesEx")
    elif inject == "503":
        proxy.status_on("RetrievePropertiesEx", 503)
    else:
        proxy.fault_on("RetrievePropertiesEx", "NotAuthenticated")
    result = run_module("vch_config", dict(proxy.connection_params(), name="vch-1", debug=3))
    assert result.get("changed") is True, result
    assert proxy.count("RetrievePropertiesEx") == 2 and proxy.count("ReconfigVM_Task") == 1
    if inject == "NotAuthenticated":
        assert proxy.count("Login") == 2  # a fresh login, then the call again


def test_a_fault_that_is_not_transient_is_not_retried(deployed):
    vc, proxy = deployed
    proxy.fault_on("ReconfigVM_Task", "TaskInProgress")
    result = run_module("vch_config", dict(proxy.connection_params(), name="vch-1", debug=3))
    assert clean_failure(result) and result["msg"].startswith("reconfiguring VCH vch-1 failed: TaskInProgress"), result
    assert proxy.count("ReconfigVM_Task") == 1
    assert extra_config(vc, "vch-1")["guestinfo.vice./init/diagnostics/debug"] == "0"
    # the cause is kept for -vvv: vSphere's fault, then the collection's error it became
    assert "vim.fault.TaskInProgress" in result["exception"]
    assert "The above exception was the direct cause of the following exception" in result["exception"]


def test_the_traceback_kept_for_vvv_never_shows_a_secret(fresh_vcsim):
    vc = fresh_vcsim
    with SoapProxy(vc) as proxy:
        proxy.fault_on("CreateVM_Task", "InvalidArgument")
        result = run_module("vch_deploy", vch_args(proxy.connection_params()))
    assert clean_failure(result) and "InvalidArgument" in result["exception"], result
    assert "canary-Fault-Pa55" not in json.dumps(result) and vch_state(vc) == "absent"


def test_a_creation_whose_answer_is_lost_leaves_no_orphan(fresh_vcsim):
    vc = fresh_vcsim
    with SoapProxy(vc) as proxy:
        proxy.reset_on("CreateVM_Task")  # the VM is not made, but the module cannot know: not retried
        result = run_module("vch_deploy", vch_args(proxy.connection_params()))
    assert clean_failure(result) and "may or may not have been carried out" in result["msg"], result
    assert proxy.count("CreateVM_Task") == 1
    assert vch_state(vc) == "absent"


def test_parallel_writers_lose_no_update(deployed):
    vc, proxy = deployed
    changes = [{"debug": 2}, {"dns_servers": ["10.9.9.9"]}, {"registries": {"insecure": ["p.lab:5000"]}},
               {"syslog_address": "tcp://10.9.9.8:601"}, {"proxies": {"http": "http://proxy.lab:3128"}},
               {"fields": {"storage.scratch_size": 12345}}, {"fields": {"connection.keepalive": 60}},
               {"target": "https://vcenter.lab"}]
    results = [None] * len(changes)

    def writer(index):
        args = dict(proxy.connection_params(), name="vch-1", **changes[index])
        try:
            results[index] = run_module_process("vch_config", args)
        except AssertionError as exc:
            results[index] = {"error": str(exc)}
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(changes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.get("changed") is True for r in results), results
    live = extra_config(vc, "vch-1")
    config = decode(VCHConfig, extra_config_map(live))
    assert config.executor_config.diagnostics.debug_level == 2
    assert [str(ip) for ip in config.executor_config.networks["public"].network.nameservers] == ["10.9.9.9"]
    assert config.registry.insecure_registries == ["p.lab:5000"]
    assert config.executor_config.diagnostics.sys_log_config.r_addr == "10.9.9.8:601"
    assert "HTTP_PROXY=http://proxy.lab:3128" in config.executor_config.sessions["vicadmin"].cmd.env
    assert config.storage.scratch_size == 12345 and config.connection.keepalive == 60
    assert config.connection.target == "https://vcenter.lab"
    RESULTS["parallel writers"] = {"writers": len(changes), "conflicts refused": proxy.injected["ConcurrentAccess"],
                                   "updates kept": len(changes)}


def test_a_conflict_that_does_not_end_fails_clearly(deployed):
    vc, proxy = deployed
    proxy.fault_on("ReconfigVM_Task", "ConcurrentAccess", times=50)
    result = run_module("vch_config", dict(proxy.connection_params(), name="vch-1", debug=3))
    assert clean_failure(result) and "kept changing" in result["msg"] and "5 attempts" in result["msg"], result
    assert proxy.count("ReconfigVM_Task") == 5


def test_report(tmp_path):
    """Write what the fault tests measured (read by docs/reliability.md's author; kept in .cache)."""
    path = os.path.join(HERE, "..", "..", ".cache", "reliability.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        json.dump(RESULTS, handle, indent=2, sort_keys=True)


def test_secrets_when_the_api_hides_the_key_come_from_the_vmx(deployed, tmp_path):
    """Real vCenter does not return guestinfo.ovfEnv; the key is read from the VM's .vmx (datastore file API)."""
    vc, proxy = deployed
    key = extra_config(vc, "vch-1")["guestinfo.ovfEnv"]
    proxy.hide_key("guestinfo.ovfEnv")
    hidden = run_module("vch_config", dict(proxy.connection_params(), name="vch-1", ops_password="canary-New-Pa55"))
    assert clean_failure(hidden) and "guestinfo.ovfEnv" in hidden["msg"] and "vmx" in hidden["msg"], hidden
    assert proxy.count("ReconfigVM_Task") == 0

    # vcsim writes empty .vmx files: put there what vCenter's would hold, then the key is found
    vmx = tmp_path / "vch-1.vmx"
    vmx.write_text('.encoding = "UTF-8"\nguestinfo.ovfEnv = "%s"\ndisplayName = "vch-1"\n' % key)
    vc.govc("datastore.upload", "-ds", "LocalDS_0", str(vmx), "vch-1/vch-1.vmx")
    same = run_module("vch_config", dict(proxy.connection_params(), name="vch-1", ops_password="canary-Fault-Pa55"))
    assert same.get("changed") is False, same  # compared decrypted with the key from the .vmx
    changed = run_module("vch_config", dict(proxy.connection_params(), name="vch-1", ops_password="canary-New-Pa55"))
    assert changed.get("changed") is True and changed["changed_keys"] == ["guestinfo.vice./connect/token@secret"]
    assert proxy.count("GET /folder/vch-1/vch-1.vmx") == 3
    assert extra_config(vc, "vch-1")["guestinfo.ovfEnv"] == key  # the key itself is left as it is
