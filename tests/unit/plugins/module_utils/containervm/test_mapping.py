# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containerVM options -> ExecutorConfig (module_utils/containervm/mapping.py)."""


import pytest

from ansible_collections.vic.vch.plugins.module_utils.containervm.mapping import build_executor_config
from ansible_collections.vic.vch.plugins.module_utils.containervm.options import (
    CONTAINERVM_ARGUMENT_SPEC, container_id, validate)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IP, URL, IPNet, decode, encode
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, MountSpec
from tests.support.params import with_defaults

NETWORK_IDS = {"bridge": "DistributedVirtualPortgroup:dvportgroup-11", "ext": "Network:network-7"}


def build(**given):
    base = dict(name="web-1", vch="vch-1", command=dict(path="/bin/sh"))
    base.update(given)
    params = with_defaults(CONTAINERVM_ARGUMENT_SPEC, base)
    name, opts = validate(params)
    return build_executor_config(name, opts, params, NETWORK_IDS)


FULL = dict(
    id="c0ffee" * 10 + "abcd",
    command=dict(path="/usr/bin/python3", args=["-m", "http.server"], env=["PORT=8000", "DEBUG="], dir="/srv"),
    networks=[dict(name="ext", mac="00:50:56:12:34:56", ip="10.0.0.20/24", gateway="10.0.0.1",
                   nameservers=["10.0.0.2"]),
              dict(name="bridge")],
    mounts=[dict(source="ds://datastore1/volumes/data", dest="/data", mode="ro"),
            dict(source="nfs://10.0.0.9/export", dest="/export", name="share")],
    annotations={"owner": "team-a", "com.example/role": "web"},
    container_hostname="web", domainname="example.com", tty=True, attach=True, open_stdin=True, restart=True,
    stop_signal="SIGINT", user="nobody")


def test_defaults():
    config = build()
    cid = container_id("vch-1", "web-1")
    assert (config.executor_config_common.id, config.executor_config_common.name) == (cid, "web-1")
    assert list(config.sessions) == [cid]
    session = config.sessions[cid]
    assert (session.common.id, session.common.name) == (cid, "web-1")
    assert session.cmd.path == "/bin/sh"
    assert session.cmd.args == ["/bin/sh"]
    assert (session.cmd.env, session.cmd.dir) == ([], "")
    assert (session.tty, session.attach, session.open_stdin, session.restart, session.active) == \
        (False, False, False, False, True)
    assert (session.stop_signal, session.user) == ("SIGTERM", "")
    assert list(config.networks) == ["bridge"]
    bridge = config.networks["bridge"]
    assert not bridge.static and bridge.ip is None
    assert (bridge.common.name, bridge.network.common.name) == ("bridge", "bridge")
    assert bridge.network.common.id == "DistributedVirtualPortgroup:dvportgroup-11"
    assert bridge.network.default and bridge.network.gateway == IPNet() and bridge.network.nameservers == []
    assert (config.mounts, config.annotations) == ({}, {})
    assert config.hostname == cid[:12] and len(config.hostname) == 12
    assert config.domainname == ""


def test_full_session():
    config = build(**FULL)
    cid = FULL["id"]
    session = config.sessions[cid]
    assert session.cmd.path == "/usr/bin/python3"
    assert session.cmd.args == ["/usr/bin/python3", "-m", "http.server"]     # args start with the path
    assert session.cmd.env == ["PORT=8000", "DEBUG="]
    assert session.cmd.dir == "/srv"
    assert (session.tty, session.attach, session.open_stdin, session.restart) == (True, True, True, True)
    assert (session.stop_signal, session.user) == ("SIGINT", "nobody")
    assert config.executor_config_common.id == cid


def test_full_networks():
    networks = build(**FULL).networks
    assert list(networks) == ["ext", "bridge"]
    ext = networks["ext"]
    assert ext.static and ext.ip == IPNet.parse("10.0.0.20/24")
    assert ext.network.common.id == "Network:network-7"
    assert ext.network.default                                        # the first network is the default
    assert ext.network.gateway == IPNet(IP.parse("10.0.0.1", v4=True), IPNet.parse("10.0.0.20/24").mask)
    assert str(ext.network.gateway) == "10.0.0.1/24"
    assert ext.network.nameservers == [IP.parse("10.0.0.2", v4=True)]
    bridge = networks["bridge"]
    assert not bridge.static and not bridge.network.default and bridge.network.gateway == IPNet()


def test_static_mac_is_validated_but_not_in_the_executor_config():
    """The MAC goes to the NIC (lifecycle), not into the ExecutorConfig: nothing in the encoding holds it."""
    entries = encode(build(**FULL), strict=True)
    assert not [v for v in entries.values() if "00:50:56" in v.lower()]


def test_full_mounts_annotations_names():
    config = build(**FULL)
    assert config.mounts == {
        "data": MountSpec(source=URL(scheme="ds", host="datastore1", path="/volumes/data"), path="/data", mode="ro"),
        "share": MountSpec(source=URL(scheme="nfs", host="10.0.0.9", path="/export"), path="/export", mode="rw"),
    }
    assert config.annotations == {"owner": "team-a", "com.example/role": "web"}
    assert (config.hostname, config.domainname) == ("web", "example.com")


def test_unknown_network_name_needs_an_id():
    params = with_defaults(CONTAINERVM_ARGUMENT_SPEC, dict(name="w", vch="v", command=dict(path="/x"),
                                                           networks=[dict(name="other")]))
    name, opts = validate(params)
    with pytest.raises(KeyError):
        build_executor_config(name, opts, params, NETWORK_IDS)


def test_build_does_not_share_lists_with_its_inputs():
    params = with_defaults(CONTAINERVM_ARGUMENT_SPEC, dict(FULL, name="web-1", vch="vch-1"))
    name, opts = validate(params)
    config = build_executor_config(name, opts, params, NETWORK_IDS)
    session = config.sessions[FULL["id"]]
    session.cmd.args.append("x")
    session.cmd.env.append("X=1")
    config.annotations["new"] = "1"
    config.mounts.clear()
    assert opts["command"]["args"] == ["-m", "http.server"] and opts["command"]["env"] == ["PORT=8000", "DEBUG="]
    assert "new" not in params["annotations"] and len(opts["mounts"]) == 2


@pytest.mark.parametrize("given", [dict(), FULL], ids=["defaults", "full"])
def test_encode_decode_round_trip(given):
    config = build(**given)
    entries = encode(config, strict=True)
    decoded = decode(ExecutorConfig, entries)
    assert decoded == config
    assert encode(decoded, strict=True) == entries
