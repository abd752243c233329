# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""affinity_vm_group on the vCenter simulator, as vic-machine's --affinity-vm-group: the VCH's DRS VM group made
with the appliance, kept as containerVMs come and go, converged and reported as drift, removed with the VCH; a
group the VCH did not make is refused, never touched."""

from pyVim.task import WaitForTask
from pyVmomi import vim
from tests.support import builders
from tests.support.inventory import connected, extra_config, find
from tests.support.modules import run_module

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, extra_config_map
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig


def one(si, kind, name):
    [found] = find(si, kind, name)
    return found


def group_of(vc, name, cluster="DC0_C0"):
    """Names of the VMs in the cluster's VM group ``name``; None when there is none."""
    with connected(vc) as si:
        cluster_obj = one(si, vim.ClusterComputeResource, cluster)
        for group in cluster_obj.configurationEx.group or []:
            if group.name == name:
                return sorted(vm.name for vm in group.vm or [])
    return None


def make_group(vc, name, vm_names, cluster="DC0_C0"):
    with connected(vc) as si:
        cluster_obj = one(si, vim.ClusterComputeResource, cluster)
        vms = [one(si, vim.VirtualMachine, n) for n in vm_names]
        spec = vim.cluster.ConfigSpecEx(groupSpec=[vim.cluster.GroupSpec(
            operation="add", info=vim.cluster.VmGroup(name=name, vm=vms))])
        WaitForTask(cluster_obj.ReconfigureComputeResource_Task(spec, True))


def container(vc, name, state="present"):
    return run_module("containervm_config", builders.containervm_args(vc.connection_params(), name=name,
                                                                      vch="vch-g", state=state))


def test_the_group_lives_with_the_vch_and_its_containervms(fresh_vcsim):
    vc = fresh_vcsim
    made = run_module("vch_deploy", builders.vch_args(vc.connection_params(), name="vch-g", affinity_vm_group=True))
    assert made["changed"] and made.get("failed") is None, made
    assert group_of(vc, "vch-g") == ["vch-g"]
    live = decode(VCHConfig, extra_config_map(extra_config(vc, "vch-g")))
    assert live.container.use_vm_group is True and live.container.vm_group_name == "vch-g"
    assert "--affinity-vm-group" in live.vic_machine_create_options

    assert container(vc, "web-g")["changed"]
    assert container(vc, "db-g")["changed"]
    assert group_of(vc, "vch-g") == ["db-g", "vch-g", "web-g"]
    assert container(vc, "db-g", state="absent")["changed"]
    assert group_of(vc, "vch-g") == ["vch-g", "web-g"]

    # converged: nothing to do; a member taken out of band is drift, reported by option, then put back
    again = run_module("vch_deploy", builders.vch_args(vc.connection_params(), name="vch-g", affinity_vm_group=True))
    assert again["changed"] is False and again["drift"] == [], again
    with connected(vc) as si:
        cluster_obj = one(si, vim.ClusterComputeResource, "DC0_C0")
        spec = vim.cluster.ConfigSpecEx(groupSpec=[vim.cluster.GroupSpec(operation="edit", info=vim.cluster.VmGroup(
            name="vch-g", vm=[one(si, vim.VirtualMachine, "vch-g")]))])
        WaitForTask(cluster_obj.ReconfigureComputeResource_Task(spec, True))
    report = run_module("vch_config", dict(vc.connection_params(), name="vch-g", affinity_vm_group=True),
                        check_mode=True, diff=True)
    assert report["changed"] is True and group_of(vc, "vch-g") == ["vch-g"]
    assert report["drift"] == [{"field": "vm_group", "option": "affinity_vm_group", "raw": [],
                                "before": {"name": "vch-g", "vms": ["vch-g"]},
                                "after": {"name": "vch-g", "vms": ["vch-g", "web-g"]}}]
    fixed = run_module("vch_config", dict(vc.connection_params(), name="vch-g", affinity_vm_group=True))
    assert fixed["changed"] and group_of(vc, "vch-g") == ["vch-g", "web-g"]

    # turned off: the group goes, the configuration says so; on again: made with everything the VCH has
    off = run_module("vch_config", dict(vc.connection_params(), name="vch-g", affinity_vm_group=False))
    assert off["changed"] and group_of(vc, "vch-g") is None
    assert decode(VCHConfig, extra_config_map(extra_config(vc, "vch-g"))).container.use_vm_group is False
    on = run_module("vch_config", dict(vc.connection_params(), name="vch-g", affinity_vm_group=True))
    assert on["changed"] and group_of(vc, "vch-g") == ["vch-g", "web-g"]

    # removing the VCH removes its group
    gone = run_module("vch_deploy", dict(vc.connection_params(), name="vch-g", state="absent",
                                         delete_containers=True))
    assert gone["changed"] and group_of(vc, "vch-g") is None


def test_a_group_the_vch_did_not_make_is_refused_and_left_alone(fresh_vcsim):
    vc = fresh_vcsim
    vc.govc("vm.create", "-on=false", "-pool", "/DC0/host/DC0_C0/Resources", "-ds", "LocalDS_0", "-net",
            "VM Network", "app-1")
    make_group(vc, "vch-g", ["app-1"])
    before = vc.count("CreateVM_Task")
    refused = run_module("vch_deploy", builders.vch_args(vc.connection_params(), name="vch-g",
                                                         affinity_vm_group=True))
    assert refused.get("failed") and refused["msg"].startswith("affinity_vm_group: cluster DC0_C0 already has a "
                                                               "DRS group named 'vch-g'"), refused
    assert vc.count("CreateVM_Task") == before and group_of(vc, "vch-g") == ["app-1"]
    # without the option the VCH is made, and the user's group stays as it is, even when the VCH goes
    assert run_module("vch_deploy", builders.vch_args(vc.connection_params(), name="vch-g"))["changed"]
    assert run_module("vch_deploy", dict(vc.connection_params(), name="vch-g", state="absent"))["changed"]
    assert group_of(vc, "vch-g") == ["app-1"]


def test_a_vch_on_a_standalone_host_cannot_have_one(fresh_vcsim):
    vc = fresh_vcsim
    refused = run_module("vch_deploy", builders.vch_args(vc.connection_params(), name="vch-h", cluster=None,
                                                         host="DC0_H0", affinity_vm_group=True))
    assert refused.get("failed") and refused["msg"].startswith("affinity_vm_group: needs a cluster"), refused
    assert vc.count("CreateVM_Task") == 0


def test_a_failed_creation_removes_the_group_it_made(fresh_vcsim):
    vc = fresh_vcsim
    failed = run_module("vch_deploy", builders.vch_args(vc.connection_params(), name="vch-f", affinity_vm_group=True,
                                                        wait=True, timeout=1))
    assert failed.get("failed") and "rolled back" in failed["msg"] and "DRS VM group" in failed["msg"], failed
    assert group_of(vc, "vch-f") is None


def test_group_writes_whose_reply_is_lost_converge_within_the_run(fresh_vcsim):
    """The group's creation answered by a lost reply is found by reading it back; a membership edit whose reply is
    lost is sent again (it carries the whole member list): both runs succeed, with the group as it should be."""
    from tests.support.soap_proxy import SoapProxy
    vc = fresh_vcsim
    with SoapProxy(vc) as proxy:
        proxy.lose_reply_on("ReconfigureComputeResource_Task")
        made = run_module("vch_deploy", builders.vch_args(proxy.connection_params(), name="vch-g",
                                                          affinity_vm_group=True))
        assert made.get("failed") is None and made["changed"], made
        assert group_of(vc, "vch-g") == ["vch-g"]
        proxy.lose_reply_on("ReconfigureComputeResource_Task")
        added = run_module("containervm_config", builders.containervm_args(proxy.connection_params(), name="web-g",
                                                                           vch="vch-g"))
        assert added.get("failed") is None and added["changed"], added
        assert group_of(vc, "vch-g") == ["vch-g", "web-g"]
