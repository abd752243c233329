# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""set_field (a field by path) and as_plain (results without secrets)."""

import json
import os

import pytest

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    MASK, ConfigError, as_plain, decode, encode, set_field)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, VCHConfig

from tests.support.vectors import FIXTURES


@pytest.fixture
def real_vch():
    with open(os.path.join(FIXTURES, "vic-real-vch.json")) as handle:
        return decode(VCHConfig, json.load(handle)["extraConfig"])


@pytest.mark.parametrize("path, value, key, check", [
    ("storage.scratch_size", 9000, "guestinfo.vice./storage/scratch_size", lambda c: c.storage.scratch_size == 9000),
    ("storage.scratch_size", "9000", "guestinfo.vice./storage/scratch_size",
     lambda c: c.storage.scratch_size == 9000),
    ("executor_config.sessions[vicadmin].cmd.env", ["A=1"], "guestinfo.vice./init/sessions|vicadmin/cmd/Env",
     lambda c: c.executor_config.sessions["vicadmin"].cmd.env == ["A=1"]),
    ("network.container_networks[vnet].gateway", "10.1.0.1/16",
     "guestinfo.vice./network/container_networks|vnet/gateway",
     lambda c: str(c.network.container_networks["vnet"].gateway) == "10.1.0.1/16"),
    ("network.container_networks[vnet].nameservers", ["8.8.8.8"], "guestinfo.vice./network/container_networks|vnet/dns",
     lambda c: [str(i) for i in c.network.container_networks["vnet"].nameservers] == ["8.8.8.8"]),
    ("storage.volume_locations[vol1]", "ds://ds2/vols", "guestinfo.vice./storage/VolumeLocations|vol1",
     lambda c: c.storage.volume_locations["vol1"].host == "ds2"),
    ("registry.insecure_registries[0]", "x:1", "guestinfo.vice./registry/insecure_registries|0",
     lambda c: c.registry.insecure_registries == ["x:1"]),
    ("connection.token", "pw", "guestinfo.vice./connect/token@secret", lambda c: c.connection.token == "pw"),
])
def test_set_field(real_vch, path, value, key, check):
    assert set_field(real_vch, path, value) == key
    assert check(real_vch)
    encode(real_vch, strict=True)  # still a valid configuration


@pytest.mark.parametrize("path, value, words", [
    ("storage.nope", 1, "has no field 'nope'"),
    ("storage.scratch_size", "lots", "expected int"),
    ("storage.scratch_size", True, "expected int"),
    ("storage", {}, "is a structure"),
    ("executor_config.sessions[vicadmin].started", "true", "written by the guest"),
    ("executor_config.networks[client].assigned", "10.0.0.1/24", "written by the guest"),
    ("executor_config.execs[x]", None, "non-persistent"),
    ("executor_config.sessions[nobody].cmd.path", "/x", "has no entry 'nobody'"),
    ("registry.insecure_registries[7]", "x", "has no item '7'"),
    ("network.container_networks[vnet].gateway", "10.1.0.1", "CIDR"),
    ("a..b", 1, "not a field path"),
])
def test_set_field_refusals_name_the_path(real_vch, path, value, words):
    with pytest.raises(ConfigError) as caught:
        set_field(real_vch, path, value)
    assert str(caught.value).startswith(path + ":") and words in str(caught.value), str(caught.value)


def test_as_plain_masks_secrets_and_handles_hidden(real_vch):
    real_vch.connection.token = "canary-secret"
    real_vch.executor_config.annotations = {"k": "v"}
    masked = as_plain(real_vch)
    assert masked["connection"]["token"] == MASK
    assert masked["executor_config"]["executor_config_common"]["name"] == MASK  # hidden
    assert masked["connection"]["target"] == "https://10.192.171.116"
    assert masked["network"]["bridge_ip_range"] == "172.16.0.0/12"
    # URLs as Go's url.String() writes them
    assert masked["storage"]["volume_locations"]["vol1"] == "ds://vsanDatastore/%5BvsanDatastore%5D%20volumes/vol1"
    shown = as_plain(real_vch, hidden="show")
    assert shown["executor_config"]["executor_config_common"]["name"] == "test1"
    assert shown["connection"]["token"] == MASK  # secrets always masked
    omitted = as_plain(real_vch, hidden="omit")
    assert "name" not in omitted["executor_config"]["executor_config_common"]
    assert "annotations" not in omitted["executor_config"]
    for plain in (masked, shown, omitted):
        assert "canary-secret" not in json.dumps(plain)
    json.dumps(as_plain(ExecutorConfig()))  # JSON-ready
