# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VCH's resource pool (vic-machine's --cpu, --memory, their reservations and shares): set at creation,
converged when given (one UpdateConfig of the pool, none when converged), reported as drift in the user's terms,
refused where the VCH has no pool of its own."""

from pyVmomi import vim

from tests.support.builders import vch_args
from tests.support.inventory import connected, extra_config, find
from tests.support.modules import clean_failure, run_module

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, extra_config_map
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

POOL = dict(cpu=2000, cpu_reservation=500, cpu_shares="3000", memory=1024, memory_shares="high")


def allocations(vc, name="vch-1"):
    with connected(vc) as si:
        config = find(si, vim.ResourcePool, name)[0].config
        cpu, memory = config.cpuAllocation, config.memoryAllocation
        return {"cpu": (cpu.limit, cpu.reservation, cpu.shares.level, cpu.shares.shares),
                "memory": (memory.limit, memory.reservation, memory.shares.level)}


def test_the_pool_is_made_with_the_settings_given_and_recorded_as_vic_machine_does(fresh_vcsim):
    vc = fresh_vcsim
    made = run_module("vch_deploy", vch_args(vc.connection_params(), **POOL))
    assert made.get("failed") is None, made
    assert allocations(vc) == {"cpu": (2000, 500, "custom", 3000), "memory": (1024, 0, "high")}
    options = decode(VCHConfig, extra_config_map(extra_config(vc, "vch-1"))).vic_machine_create_options
    assert {"--cpu=2000", "--cpu-reservation=500", "--cpu-shares=3000", "--memory=1024",
            "--memory-shares=high"} <= set(options)
    # converged: nothing to write, not even the pool
    again = run_module("vch_deploy", vch_args(vc.connection_params(), **POOL))
    assert again["changed"] is False and again["drift"] == [] and vc.count("UpdateConfig") == 1  # the naming


def test_pool_drift_is_reported_in_the_users_terms_then_corrected_once(fresh_vcsim):
    vc = fresh_vcsim
    assert run_module("vch_deploy", vch_args(vc.connection_params(), memory=1024)).get("failed") is None
    vc.govc("pool.change", "-mem.limit=4096", "-cpu.shares=low", "/DC0/host/DC0_C0/Resources/vch-1")
    updates = vc.count("UpdateConfig")
    args = dict(vc.connection_params(), name="vch-1", memory=1024, cpu_shares="normal")
    report = run_module("vch_config", args, check_mode=True, diff=True)
    assert report["changed"] is True and report["changed_keys"] == []
    assert [(i["option"], i["field"], i["before"], i["after"], i["raw"]) for i in report["drift"]] == [
        ("cpu_shares", "resource_pool.cpu.shares", "low", "normal", []),
        ("memory", "resource_pool.memory.limit", "4096 MB", "1024 MB", [])]
    assert report["diff"]["after"] == {"resource_pool.cpu.shares": "normal", "resource_pool.memory.limit": "1024 MB"}
    assert vc.count("UpdateConfig") == updates and allocations(vc)["memory"][0] == 4096  # check mode
    reconfigures = vc.count("ReconfigVM_Task")
    fixed = run_module("vch_config", args)
    assert fixed["changed"] is True and vc.count("UpdateConfig") == updates + 1
    assert vc.count("ReconfigVM_Task") == reconfigures  # the VM itself is not written
    assert allocations(vc) == {"cpu": (-1, 0, "normal", 0), "memory": (1024, 0, "normal")}
    # 0 is no limit, as vic-machine takes it; vch_deploy converges the pool as vch_config does
    unlimited = run_module("vch_deploy", vch_args(vc.connection_params(), memory=0))
    assert [(i["before"], i["after"]) for i in unlimited["drift"]] == [("1024 MB", "unlimited")]
    assert allocations(vc)["memory"][0] == -1
    assert run_module("vch_config", args)["changed"] is True  # back to 1024
    assert run_module("vch_config", args)["changed"] is False


def test_a_vch_without_a_pool_of_its_own_is_refused_naming_the_option(fresh_vcsim):
    vc = fresh_vcsim
    vc.govc("vm.create", "-on=false", "-ds", "LocalDS_0", "-net", "VM Network", "-pool", "/DC0/host/DC0_C0/Resources",
            "vic-made")
    made = run_module("vch_deploy", vch_args(vc.connection_params(), name="vch-x"))  # a VCH config to copy
    assert made.get("failed") is None
    copied = ["-e=%s=%s" % (k, v or "<nil>") for k, v in extra_config(vc, "vch-x").items()
              if k.startswith("guestinfo.vice.")]
    vc.govc("vm.change", "-vm", "vic-made", *copied)
    updates = vc.count("UpdateConfig")
    refused = run_module("vch_config", dict(vc.connection_params(), name="vic-made", memory_shares="high"))
    assert clean_failure(refused) and refused["msg"].startswith("memory_shares: VCH vic-made runs in its cluster's")
    assert vc.count("UpdateConfig") == updates
