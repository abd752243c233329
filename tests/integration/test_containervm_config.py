# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_config against the vCenter simulator, its guest simulated by keys written through the API."""

import base64
import threading
import time

import pytest
from tests.support.inventory import connected, exists, extra_config, set_extra_config, vm
from tests.support import builders
from tests.support.builders import vch_args
from tests.support.modules import clean_failure, run_module
from pyVmomi import vim

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, extra_config_map
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig

CID = "c0ffee" * 10 + "c0de"


@pytest.fixture
def vch(fresh_vcsim):
    vc = fresh_vcsim
    result = run_module("vch_deploy", vch_args(
        vc.connection_params(), folder="vic", bootstrap_iso="[LocalDS_0] vic/bootstrap.iso",
        container_networks=[{"port_group": "DC0_DVPG2", "alias": "web", "gateway": "10.20.0.1/24"}]))
    assert result["changed"] is True, result
    return vc


def container_args(vc, **extra):
    args = dict(id=CID, command={"path": "/usr/sbin/nginx", "args": ["-g", "daemon off;"], "env": ["TZ=UTC"]},
                networks=[{"name": "bridge"},
                          {"name": "web", "ip": "10.20.0.15/24", "gateway": "10.20.0.1", "mac": "00:50:56:00:20:15"}],
                mounts=[{"source": "ds://LocalDS_0/volumes/html", "dest": "/usr/share/nginx/html", "mode": "ro"}],
                annotations={"owner": "web-team"})
    args.update(extra)
    return builders.containervm_args(vc.connection_params(), **args)


def guest(vc, name, keys, after_power_on=True):
    """The tether's side, which vcsim lacks: once the VM runs, publish ``keys`` through the API."""
    def publish():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with connected(vc) as si:
                machine = vm(si, name)
                if machine is not None and (not after_power_on or machine.runtime.powerState == "poweredOn"):
                    break
            time.sleep(0.1)
        time.sleep(0.3)
        set_extra_config(vc, name, keys)
    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    return thread


def test_lifecycle(vch):
    vc = vch
    started_at = 1700000000
    publisher = guest(vc, "web-1", {
        "guestinfo.vice..sessions|%s.started" % CID: "true",
        "guestinfo.vice..sessions|%s.detail.starttime" % CID: str(started_at),
        "guestinfo.vice..networks|bridge.assigned.IP": base64.b64encode(bytes([172, 16, 0, 2])).decode(),
        "guestinfo.vice..networks|bridge.assigned.Mask": base64.b64encode(bytes([255, 255, 0, 0])).decode(),
    })
    created = run_module("containervm_config", container_args(vc, wait="started", timeout=30))
    publisher.join(5)
    assert created["changed"] is True, created
    assert created["status"]["started"] == "true"
    assert created["status"]["start_time"] == "2023-11-14T22:13:20+00:00"
    assert created["status"]["addresses"] == {"bridge": "172.16.0.2/16"}

    with connected(vc) as si:
        machine = vm(si, "web-1")
        assert machine.resourcePool.name == "vch-1" and machine.parent.name == "vic"  # next to its VCH
        nics = [d for d in machine.config.hardware.device if isinstance(d, vim.vm.device.VirtualVmxnet3)]
        assert len(nics) == 2 and "00:50:56:00:20:15" in [n.macAddress for n in nics]
        cdroms = [d for d in machine.config.hardware.device if isinstance(d, vim.vm.device.VirtualCdrom)]
        assert [c.backing.fileName for c in cdroms] == ["[LocalDS_0] vic/bootstrap.iso"]
    config = decode(ExecutorConfig, extra_config_map(extra_config(vc, "web-1")))
    session = config.sessions[CID]
    assert session.cmd.path == "/usr/sbin/nginx" and session.cmd.args == ["/usr/sbin/nginx", "-g", "daemon off;"]
    assert session.cmd.env == ["TZ=UTC"] and session.started == "true"
    web = config.networks["web"]
    assert web.static and str(web.ip) == "10.20.0.15/24" and str(web.network.gateway.ip) == "10.20.0.1"
    assert web.network.common.id.startswith("DistributedVirtualPortgroup:")
    assert config.networks["bridge"].network.default is True and config.networks["bridge"].static is False
    assert config.mounts["html"].source.host == "LocalDS_0" and config.mounts["html"].mode == "ro"
    assert config.annotations == {"owner": "web-team"} and config.hostname == CID[:12]
    assert "annotations|owner" in extra_config(vc, "web-1")  # hidden from the guest

    # converged: nothing to send
    writes = vc.count("ReconfigVM_Task")
    again = run_module("containervm_config", container_args(vc))
    assert again["changed"] is False and again["changed_keys"] == [] and vc.count("ReconfigVM_Task") == writes
    assert again["status"]["started"] == "true"  # what the guest published is kept and reported

    # while it runs, the command cannot change; annotations can, alone
    refused = run_module("containervm_config", container_args(
        vc, command={"path": "/usr/sbin/nginx", "args": ["-V"], "env": ["TZ=UTC"]}))
    assert refused.get("failed") is True and "is running" in refused["msg"] and ": command.args can" in refused["msg"]
    assert vc.count("ReconfigVM_Task") == writes
    relabelled = run_module("containervm_config", container_args(vc, annotations={"owner": "ops"}))
    assert relabelled["changed_keys"] == ["annotations|owner"]

    # the guest reports an exit
    set_extra_config(vc, "web-1", {"guestinfo.vice..sessions|%s.status" % CID: "3",
                                   "guestinfo.vice..sessions|%s.detail.stoptime" % CID: str(started_at + 60)})
    exited = run_module("containervm_config", container_args(vc, annotations={"owner": "ops"}, wait="exited",
                                                             timeout=10))
    assert exited["status"]["exit_code"] == 3 and exited["status"]["stop_time"] == "2023-11-14T22:14:20+00:00"

    # powered off, the command can change: only its keys are sent
    vc.govc("vm.power", "-off", "web-1")
    before = extra_config(vc, "web-1")
    changed = run_module("containervm_config", container_args(
        vc, annotations={"owner": "ops"}, power_on=False,
        command={"path": "/usr/sbin/nginx", "args": ["-V"], "env": ["TZ=UTC"]}))
    assert changed["changed_keys"] == ["guestinfo.vice./sessions|%s/cmd/Args" % CID,
                                       "guestinfo.vice./sessions|%s/cmd/Args~" % CID]
    after = extra_config(vc, "web-1")
    assert {k: v for k, v in before.items() if k not in changed["changed_keys"]} == \
        {k: v for k, v in after.items() if k not in changed["changed_keys"]}

    gone = run_module("containervm_config", dict(vc.connection_params(), name="web-1", state="absent"))
    assert gone["changed"] is True and not exists(vc, vim.VirtualMachine, "web-1")
    assert run_module("containervm_config", dict(vc.connection_params(), name="web-1", state="absent"))[
        "changed"] is False


def test_a_start_failure_published_by_the_guest_fails_the_wait(vch):
    vc = vch
    publisher = guest(vc, "bad-1", {"guestinfo.vice..sessions|%s.started" % CID: "exec: /nope: not found"})
    result = run_module("containervm_config", container_args(vc, name="bad-1", wait="started", timeout=30,
                                                             command={"path": "/nope"}))
    publisher.join(5)
    assert result.get("failed") is True and "failed to start: exec: /nope: not found" in result["msg"]
    # not a failure to make it: it stays, to be looked at, and the failure says it changed something
    assert result["changed"] is True and exists(vc, vim.VirtualMachine, "bad-1"), result


def test_a_containervm_that_does_not_start_in_time_stays_and_says_what_is_missing(vch):
    vc = vch
    result = run_module("containervm_config", container_args(vc, name="slow-1", wait="started", timeout=2))
    assert clean_failure(result) and result["changed"] is True, result
    assert "stays for inspection" in result["msg"] and "published: nothing; not published: started" in result["msg"]
    assert exists(vc, vim.VirtualMachine, "slow-1")
    publisher = guest(vc, "slow-1", {"guestinfo.vice..sessions|%s.started" % CID: "true"})
    again = run_module("containervm_config", container_args(vc, name="slow-1", wait="started", timeout=30))
    publisher.join(5)
    assert again.get("failed") is None and again["status"]["started"] == "true", again


def test_check_mode_creates_nothing(vch):
    vc = vch
    report = run_module("containervm_config", container_args(vc), check_mode=True, diff=True)
    assert report["changed"] is True and report["diff"]["after"]["annotations"] == {"owner": "web-team"}
    assert not exists(vc, vim.VirtualMachine, "web-1") and vc.count("CreateVM_Task") == 1  # the VCH's own


BAD = [
    ({"networks": [{"name": "db"}]}, "networks[0].name"),
    ({"networks": [{"name": "bridge", "mac": "00:11:22:33:44:55"}]}, "networks[0].mac"),
    ({"networks": [{"name": "web", "gateway": "10.20.0.1"}]}, "networks[0].gateway"),
    ({"networks": [{"name": "web", "ip": "10.20.0.300/24"}]}, "networks[0].ip"),
    ({"command": {"path": "nginx"}}, "command.path"),
    ({"command": {"path": "/bin/sh", "env": ["no equals sign"]}}, "command.env[0]"),
    ({"mounts": [{"source": "/local/dir", "dest": "/data"}]}, "mounts[0].source"),
    ({"mounts": [{"source": "ds://LocalDS_0/v", "dest": "data"}]}, "mounts[0].dest"),
    ({"annotations": {"a|b": "x"}}, "annotations"),
    ({"id": "not valid!"}, "id"),
    ({"vch": "no-such-vch"}, "vch"),
    ({"name": "bad/name"}, "name"),
    ({"memory_mb": 1}, "memory_mb"),
]


@pytest.mark.parametrize("change, field", BAD, ids=[f for _c, f in BAD])
def test_bad_input_names_the_field_and_creates_nothing(vch, change, field):
    vc = vch
    creates = vc.count("CreateVM_Task")
    result = run_module("containervm_config", container_args(vc, **change))
    assert result.get("failed") is True and result["msg"].startswith(field + ":"), result.get("msg")
    assert vc.count("CreateVM_Task") == creates


def test_absent_touches_only_a_containervm_of_the_vch_given(vch):
    """web-1 of vch-1 is not the containerVM web-1 of vch-2: removing that one leaves it alone."""
    vc = vch
    assert run_module("containervm_config", container_args(vc))["changed"]
    assert run_module("vch_deploy", vch_args(vc.connection_params(), name="vch-2"))["changed"]
    other = run_module("containervm_config", dict(vc.connection_params(), name="web-1", vch="vch-2", state="absent"))
    assert other.get("failed") is None and other["changed"] is False, other
    assert exists(vc, vim.VirtualMachine, "web-1")
    taken = run_module("containervm_config", builders.containervm_args(vc.connection_params(), vch="vch-2"))
    assert taken.get("failed") is True and "outside VCH vch-2" in taken["msg"], taken
    gone = run_module("containervm_config", dict(vc.connection_params(), name="web-1", vch="vch-1", state="absent"))
    assert gone["changed"] is True and not exists(vc, vim.VirtualMachine, "web-1")
