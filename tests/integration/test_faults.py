# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults injected between pyvmomi and vcsim (tests/support/soap_proxy.py): every step of a run can fail, and the
inventory afterwards holds the old state or the new one, never half of it; transient faults are retried, others
are not; parallel writers lose no update."""

import json
import os
import subprocess
import sys
import threading

import pytest
from tests.support.inventory import exists, extra_config
from tests.support import builders
from tests.support.modules import clean_failure, run_module
from pyVmomi import vim
from tests.support.collection_path import REPO_ROOT
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


def every_step(setup, run, check, label):
    """Run ``run`` once per request of a normal run, with that request's connection reset; check each outcome."""
    with Vcsim() as vc:
        setup(vc)
        with SoapProxy(vc) as proxy:
            normal = run(proxy)
            assert normal.get("changed") is True, normal
            steps = proxy.count()
    tally = {"injected": 0, "succeeded": 0, "failed cleanly": 0}
    for step in range(1, steps + 1):
        with Vcsim() as vc:
            setup(vc)
            with SoapProxy(vc) as proxy:
                proxy.reset_at(step)
                result = run(proxy)
                tally["injected"] += proxy.injected["reset"]
            outcome = check(vc, result)
            assert outcome in ("old", "new"), "%s, reset at request %d (%s): %s; %s" % (
                label, step, proxy.methods[step - 1] if step <= len(proxy.methods) else "?", outcome, result)
            if result.get("failed"):
                assert clean_failure(result), result
                tally["failed cleanly"] += 1
            else:
                assert outcome == "new", result
                tally["succeeded"] += 1
    assert tally["injected"] == steps
    RESULTS[label] = dict(tally, requests=steps)
    return tally


def test_every_step_of_a_vch_deploy_can_fail(tmp_path):
    def check(vc, result):
        state = vch_state(vc)
        return {"absent": "old", "complete": "new"}.get(state, state)
    tally = every_step(lambda vc: None, lambda proxy: run_module("vch_deploy", vch_args(proxy.connection_params())),
                       check, "vch_deploy (create)")
    assert tally["succeeded"] > 0 and tally["failed cleanly"] > 0


def test_every_step_of_a_vch_config_can_fail():
    def setup(vc):
        assert run_module("vch_deploy", vch_args(vc.connection_params()))["changed"]

    def check(vc, result):
        live = extra_config(vc, "vch-1")
        debug = [live[k] for k in live if k.endswith("diagnostics/debug")]
        if set(debug) == {"0"}:
            return "old"
        if set(debug) == {"2"} and live["guestinfo.vice./storage/scratch_size"] == "9000":
            return "new"
        return "partial: %s, scratch %s" % (debug, live["guestinfo.vice./storage/scratch_size"])
    every_step(setup, lambda proxy: run_module("vch_config", dict(proxy.connection_params(), name="vch-1", debug=2,
                                                                  fields={"storage.scratch_size": 9000})),
               check, "vch_config")


def test_every_step_of_a_containervm_create_can_fail():
    def setup(vc):
        assert run_module("vch_deploy", vch_args(vc.connection_params()))["changed"]

    def check(vc, result):
        if not exists(vc, vim.VirtualMachine, "web-1"):
            return "old"
        live = extra_config(vc, "web-1")
        return "new" if any(k.endswith("/cmd/Path") for k in live) else "half-made: %d keys" % len(live)
    every_step(setup, lambda proxy: run_module("containervm_config", container_args(proxy.connection_params())),
               check, "containervm_config (create)")


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
        proc = subprocess.run([sys.executable, "-m", "tests.support.modules", "vch_config", json.dumps(args)],
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False)
        results[index] = json.loads(proc.stdout) if proc.returncode == 0 and proc.stdout else {"stderr": proc.stderr}
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
