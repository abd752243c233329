# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""guestinfo_read with source=guest: the module run in-process, VMware Tools played by the stand-in executable of
tests/support/guest_tools.py (and Debian's real vmware-rpctool, outside a VM)."""

import json
import os

import pytest
from tests.support.guest_tools import Hypervisor, real_rpctool
from tests.support.modules import run_module

from ansible_collections.vic.vch.plugins.module_utils.guestinfo.read import guest_transport, read_guest
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import MASK, as_plain, decode
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, VCHConfig

from tests.support.vectors import FIXTURES
TOKEN_KEY = "guestinfo.vice./connect/token@secret"
TOKEN = "Y2FuYXJ5LXNlYWxlZC10b2tlbi12YWx1ZQ=="
OVF_KEY = "Y2FuYXJ5LW92ZkVudi1zZWNyZXQta2V5LTMyYnl0ZXM="


def _fixture(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


REAL_VCH = _fixture("vic-real-vch.json")["extraConfig"]
CONTAINER_KEYS = [v for v in _fixture("vic-extraconfig.json")["vectors"]
                  if v["name"] == "containervm-executor"][0]["expected"]


def guest_view(values):
    """What the hypervisor answers a guest: guestinfo.* keys only, empty values stored as <nil>."""
    return dict((k, v if v != "" else "<nil>") for k, v in values.items() if k.startswith("guestinfo."))


@pytest.fixture
def container(tmp_path, monkeypatch):
    return Hypervisor(tmp_path, monkeypatch, guest_view(dict(CONTAINER_KEYS, **{"guestinfo.ovfEnv": OVF_KEY})))


@pytest.fixture
def appliance(tmp_path, monkeypatch):
    values = dict(REAL_VCH, **{TOKEN_KEY: TOKEN, "guestinfo.ovfEnv": OVF_KEY})
    return Hypervisor(tmp_path, monkeypatch, guest_view(values))


def guest(hv, check_mode=False, **args):
    return run_module("guestinfo_read", dict(dict(source="guest", rpctool=hv.rpctool), **args), check_mode=check_mode)


def test_containervm_reads_what_the_guest_may_see(container):
    result = guest(container, schema="containervm")
    assert result.get("failed") is not True, result.get("msg")
    assert result["changed"] is False
    config = result["config"]
    # the same as reading through the API with hidden fields omitted: the guest misses nothing it may see
    assert config == as_plain(decode(ExecutorConfig, CONTAINER_KEYS), hidden="omit")
    assert config["executor_config_common"] == {"execution_environment": "", "id": "abc123def456"}
    session = config["sessions"]["abc123def456"]
    assert session["cmd"]["args"] == ["/bin/sh", "-c", "echo hi"] and session["started"] == "true"
    assert config["mounts"]["nfs"]["mode"] == "ro" and config["execs"]["exec1"]["stop_signal"] == "SIGKILL"
    assert "annotations" not in config  # hidden: the guest cannot see it
    assert set(result) == {"changed", "config", "invocation"}  # no name/moid/vms inside the guest
    calls = container.calls()
    assert calls and all(len(call) == 2 and call[1].startswith("info-get guestinfo.") for call in calls)


def test_vch_in_the_guest_masks_the_secret(appliance):
    result = guest(appliance, schema="vch", keys=[TOKEN_KEY, "guestinfo.ovfEnv", "guestinfo.vice./connect/target"])
    assert result.get("failed") is not True, result.get("msg")
    config = result["config"]
    assert config["connection"]["target"] == "https://10.192.171.116" and config["connection"]["token"] == MASK
    assert sorted(config["executor_config"]["sessions"]) == ["docker-personality", "port-layer", "vicadmin"]
    assert config["network"]["container_networks"]["vnet"]["gateway"] == "10.10.10.1/24"
    assert "name" not in config["executor_config"]["executor_config_common"]
    assert result["extra_config"] == {TOKEN_KEY: MASK, "guestinfo.ovfEnv": MASK,
                                      "guestinfo.vice./connect/target": "https://10.192.171.116"}
    text = json.dumps(result)
    assert TOKEN not in text and OVF_KEY not in text
    # what the guest may see, nothing lost: as decoding VIC's map with hidden fields omitted
    visible = dict((k, v) for k, v in REAL_VCH.items() if k.startswith("guestinfo."))
    assert config == as_plain(decode(VCHConfig, visible), hidden="omit")
    assert config == as_plain(decode(VCHConfig, REAL_VCH), hidden="omit")


def test_raw_in_the_guest_reads_the_keys_given(container):
    keys = ["guestinfo.vice./hostname", "guestinfo.vice./repo", "guestinfo.vice./common/ExecutionEnvironment",
            "common/name", "guestinfo.vice./no/such/key", "guestinfo.ovfEnv"]
    result = guest(container, keys=keys, check_mode=True)
    assert result.get("failed") is not True, result.get("msg")
    assert result["changed"] is False
    assert result["extra_config"] == {"guestinfo.vice./hostname": "abc123def456",
                                      "guestinfo.vice./repo": "library/busybox:latest",
                                      "guestinfo.vice./common/ExecutionEnvironment": "",  # <nil> read back as ""
                                      "guestinfo.ovfEnv": MASK}
    assert "config" not in result
    asked = [call[1] for call in container.calls()]
    assert "info-get common/name" not in asked  # a hidden key is never asked for: the guest cannot see it


def test_connection_options_are_ignored_in_the_guest(container, monkeypatch):
    for variable in ("VMWARE_HOST", "VMWARE_USER", "VMWARE_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    keys = ["guestinfo.vice./hostname", "guestinfo.vice./sessions|abc123def456/cmd/Path"]
    alone = guest(container, keys=keys)
    assert alone.get("failed") is not True, alone.get("msg")
    assert alone["extra_config"] == {"guestinfo.vice./hostname": "abc123def456",
                                     "guestinfo.vice./sessions|abc123def456/cmd/Path": "/bin/sh"}
    defaults = guest(container, keys=keys, hostname="vcenter.example.com", username="someone",
                     password="not-needed-in-the-guest")  # as module_defaults for group/vic.vch.vsphere set them
    assert defaults["extra_config"] == alone["extra_config"]


def test_show_hidden_warns_in_the_guest(container):
    warnings = []
    params = dict(keys=["guestinfo.vice./hostname", "annotations"], show_hidden=True)
    result = read_guest(guest_transport(container.rpctool), params, warnings.append)
    assert result["extra_config"] == {"guestinfo.vice./hostname": "abc123def456"}  # the hidden key cannot be read
    assert warnings == ["show_hidden has no effect with source=guest: the guest cannot see hidden keys"]
    assert guest(container, **params)["extra_config"] == result["extra_config"]


@pytest.mark.parametrize("args, words", [
    (dict(), ["keys: is required with source=guest and schema=raw", "cannot list keys"]),
    (dict(schema="vch", prefix="guestinfo.vice./"), ["prefix: cannot be used with source=guest"]),
    (dict(schema="vch", name="vch-1"), ["name: applies only to source=api"]),
    (dict(schema="vch", moid="vm-1"), ["moid: applies only to source=api"]),
    (dict(schema="vch", names=["a"]), ["names: applies only to source=api"]),
], ids=["raw-without-keys", "prefix", "name", "moid", "names"])
def test_what_the_guest_cannot_do_is_refused(container, args, words):
    result = guest(container, **args)
    assert result.get("failed") is True, result
    for word in words:
        assert word in result["msg"], result["msg"]
    assert container.calls() == []  # refused before asking the tools anything


def test_a_bad_value_is_read_as_vic_reads_it_and_said_naming_the_key(container):
    """Reading is never stricter than VIC: a value VIC would read as zero is read so, with a warning."""
    state = container.read()
    state["guestinfo.vice./diagnostics/debug"] = "loud"
    container.write(state)
    result = guest(container, schema="containervm")
    assert result.get("failed") is None, result
    assert result["config"]["diagnostics"]["debug_level"] == 0
    said = [w["event"]["msg"] if isinstance(w, dict) else w for w in result["warnings"]]  # 2.19: summaries
    assert [w for w in said if "guestinfo.vice./diagnostics/debug" in w and "'loud'" in w], said


def test_outside_a_vmware_vm_with_the_stand_in(container, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "outside")
    result = guest(container, schema="containervm")
    assert result.get("failed") is True
    assert "not inside a VMware VM" in result["msg"] and "Failed sending message to VMware" in result["msg"]


@pytest.mark.parametrize("schema, keys", [("containervm", None), ("vch", None), ("raw", ["guestinfo.vice./id"])])
def test_outside_a_vmware_vm_with_the_real_vmware_rpctool(schema, keys):
    args = dict(source="guest", rpctool=real_rpctool(), schema=schema)
    if keys:
        args["keys"] = keys
    result = run_module("guestinfo_read", args)
    assert result.get("failed") is True
    assert result["msg"].startswith("not inside a VMware VM"), result["msg"]


def test_no_tools_at_all(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # neither vmware-rpctool nor vmtoolsd to fall back on
    result = run_module("guestinfo_read", dict(source="guest", schema="vch", rpctool=str(tmp_path / "nope")))
    assert result.get("failed") is True and "VMware Tools could not be reached" in result["msg"]
    assert "nope" in result["msg"] and "vmtoolsd" in result["msg"]
