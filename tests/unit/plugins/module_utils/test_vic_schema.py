# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VIC schemas (VCHConfig, ExecutorConfig) against VIC's own output and against themselves."""

import base64
import copy
import json
import os
import re
from datetime import datetime, timedelta, timezone

import pytest
from tests.support.vectors import build_value

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP,
    IPMask,
    IPNet,
    URL,
    decode,
    encode,
)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    Build,
    Certificate,
    Cmd,
    Common,
    Connection,
    Contacts,
    Container,
    ContainerNetwork,
    ContainerNetworkAssigned,
    Detail,
    Diagnostics,
    ExecutorConfig,
    ExecutorConfigCommon,
    ExitLog,
    IPRange,
    MailAddress,
    ManagedObjectReference,
    MountSpec,
    Network,
    NetworkEndpoint,
    RawCertificate,
    Registry,
    SessionConfig,
    Storage,
    SysLogConfig,
    VCHConfig,
)

from tests.support.vectors import FIXTURES


def _load(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


REAL_VCH = _load("vic-real-vch.json")["extraConfig"]
EXECUTOR_VECTOR = [v for v in _load("vic-extraconfig.json")["vectors"] if v["name"] == "containervm-executor"][0]

V4_IN_V6 = b"\x00" * 10 + b"\xff\xff"


def ip4(text):
    return IP.parse(text, v4=True)


def ip16(text):
    return IP.parse(text)


def ds_url(host, path):
    return URL(scheme="ds", host=host, path=path)


# --- 1. the example keys of wire-format.md ------------------------------------------------------------------------


def test_vch_example_keys():
    cfg = VCHConfig()
    cfg.executor_config.executor_config_common.name = "vch1"
    cfg.executor_config.sessions["port-layer"] = SessionConfig(cmd=Cmd(path="/sbin/port-layer-server"))
    cfg.executor_config.networks["client"] = NetworkEndpoint(
        assigned=IPNet(ip4("10.192.168.57"), IPMask.from_prefix(19)))
    cfg.connection = Connection(token="s3cret")
    cfg.storage.volume_locations["default"] = ds_url("vsanDatastore", "[vsanDatastore] volumes/default")
    cfg.container.compute_resources.append(ManagedObjectReference(type="VirtualApp", value="resgroup-v364"))

    out = encode(cfg)

    assert out["guestinfo.vice./init/sessions|port-layer/cmd/Path"] == "/sbin/port-layer-server"
    assert out["guestinfo.vice./init/sessions"] == "port-layer"
    assert out["guestinfo.vice..init.networks|client.assigned.IP"] == "CsCoOQ=="
    assert out["guestinfo.vice..init.networks|client.assigned.Mask"] == "///gAA=="
    assert out["init/common/name"] == "vch1"
    assert "guestinfo.vice./init/common/name" not in out
    assert out["guestinfo.vice./connect/token@secret"] == "s3cret"
    assert "guestinfo.vice./connect/token" not in out
    assert out["guestinfo.vice./storage/VolumeLocations"] == "default"
    assert out["guestinfo.vice./storage/VolumeLocations|default/Path"] == "[vsanDatastore] volumes/default"
    assert out["guestinfo.vice./storage/VolumeLocations|default/Scheme"] == "ds"
    assert out["guestinfo.vice./container/ComputeResources"] == "0"
    assert out["guestinfo.vice./container/ComputeResources|0/Type"] == "VirtualApp"
    assert out["guestinfo.vice./container/ComputeResources|0/Value"] == "resgroup-v364"
    # read-write fields of a read-only parent: '.' everywhere, map key included
    assert out["guestinfo.vice..init.sessions|port-layer.started"] == ""
    assert out["guestinfo.vice..init.createtime"] == "0"
    assert out["guestinfo.vice./create_bridge_network"] == "false"
    # untagged field of a read-only parent
    assert out["guestinfo.vice./container/ContainerNameConvention"] == ""
    # VIC master's fields (1.5): the storage quota, the DRS VM group, the container count
    assert out["guestinfo.vice./storage/storage_quota"] == "0"
    assert out["guestinfo.vice./container/UseVMGroup"] == "false"
    assert out["guestinfo.vice./container/VMGroupName"] == ""
    assert out["guestinfo.vice./container/container_count"] == "0"
    # a 2018 branch's virtual_kubelet, never merged into VIC: not written
    assert not [key for key in out if "kubelet" in key]


def test_executor_example_keys():
    cfg = ExecutorConfig()
    cfg.executor_config_common = ExecutorConfigCommon(id="abc")
    cfg.sessions["abc"] = SessionConfig(started="true")
    cfg.execs["e1"] = SessionConfig(cmd=Cmd(path="/bin/ls", args=["/bin/ls", "-l"]))
    cfg.annotations["a"] = "b"

    out = encode(cfg)

    assert out["guestinfo.vice./common/id"] == "abc"
    assert out["guestinfo.vice..sessions|abc.started"] == "true"
    assert out["guestinfo.vice./execs@non-persistent"] == "e1"
    assert out["guestinfo.vice./execs|e1/cmd/Args~@non-persistent"] == "/bin/ls|-l"
    assert out["guestinfo.vice./execs|e1/cmd/Args@non-persistent"] == "1"
    assert out["guestinfo.vice..execs|e1.started@non-persistent"] == ""
    assert out["annotations|a"] == "b"
    assert out["common/name"] == ""
    # hidden + non-persistent: VIC skips it, so no key at all
    assert not any("execs|e1" in key and "notes" in key for key in out)


def test_depth0_fields_write_nothing():
    """VIC's recurse:"depth=0" fields are mirrored but never written (as VIC does)."""
    cfg = VCHConfig()
    cfg.registry = Registry(registry_blacklist=["evil.example.com"])
    cfg.container = Container(container_stores=[ds_url("ds1", "containers")])
    cfg.container.container_vm_size.cpu.limit = 1000
    out = encode(cfg)
    assert not [key for key in out if "RegistryBlacklist" in key or "ContainerStores" in key
                or "ContainerVMSize" in key]
    assert out == encode(VCHConfig())


# --- 2. the real VCH ----------------------------------------------------------------------------------------------


def test_real_vch_decodes():
    cfg = decode(VCHConfig, REAL_VCH)

    assert cfg.registry.insecure_registries == ["insecure:2345"]
    assert cfg.registry.registry_whitelist == ["harbor.com:2345", "insecure:2345"]
    assert cfg.registry.registry_blacklist == []

    conn = cfg.connection
    assert conn.target == "https://10.192.171.116"
    assert conn.target_thumbprint == "9F:F0:DF:BA:7F:E2:89:F0:98:E4:A6:D1:58:24:68:74:8A:9B:25:6F"
    assert conn.username == "administrator@vsphere.local"
    assert conn.keepalive == 0
    assert conn.token == ""

    storage = cfg.storage
    assert storage.image_stores == [ds_url("vsanDatastore", "91512359-242e-5a30-ba4a-0200360a2e79")]
    assert storage.volume_locations == {
        "default": ds_url("vsanDatastore", "[vsanDatastore] volumes/default"),
        "vol1": ds_url("vsanDatastore", "[vsanDatastore] volumes/vol1"),
    }
    assert storage.scratch_size == 8000000

    net = cfg.network
    assert net.bridge_network == "bridge"
    assert sorted(net.container_networks) == ["bridge", "vmnet", "vnet"]
    vnet = net.container_networks["vnet"]
    assert vnet.type == "external"
    assert vnet.common.id == "DistributedVirtualPortgroup:dvportgroup-357"
    assert vnet.common.name == "vnet"
    assert vnet.gateway.ip.raw == V4_IN_V6 + bytes([10, 10, 10, 1])
    assert vnet.gateway.mask.raw == b"\xff\xff\xff\x00"
    assert str(vnet.gateway) == "10.10.10.1/24"
    assert vnet.pools == [IPRange(first_ip=IP(bytes([10, 10, 10, 0])), last_ip=IP(bytes([10, 10, 10, 255])))]
    assert net.container_networks["bridge"].type == "bridge"
    assert net.container_networks["bridge"].default is False
    assert net.container_networks["vmnet"].common.id == "DistributedVirtualPortgroup:dvportgroup-358"
    assert net.bridge_ip_range == IPNet(IP(bytes([172, 16, 0, 0])), IPMask(b"\xff\xf0\x00\x00"))
    assert str(net.bridge_ip_range) == "172.16.0.0/12"
    assert net.bridge_network_width is None

    cont = cfg.container
    assert cont.compute_resources == [ManagedObjectReference(type="VirtualApp", value="resgroup-v364")]
    assert cont.bootstrap_image_path == (
        "[vsanDatastore] 91512359-242e-5a30-ba4a-0200360a2e79/V1.1.0-RC3-10373-65A1889-bootstrap.iso")
    assert cont.container_name_convention == ""
    assert cfg.create_bridge_network is False
    assert cfg.vic_machine_create_options == []  # length key "13" without its "~" key

    init = cfg.executor_config
    assert init.executor_config_common.id == "VirtualMachine:vm-365"
    assert init.executor_config_common.name == "test1"
    assert init.diagnostics.debug_level == 3
    assert init.version == Build(version="v1.1.0-rc3", git_commit="65a1889", build_date="2017/05/06@14:16:54",
                                 build_number="10373", state="", plugin_version=6)
    assert init.asymmetric_routing is False

    assert sorted(init.sessions) == ["docker-personality", "port-layer", "vicadmin"]
    persona = init.sessions["docker-personality"]
    assert persona.cmd.path == "/sbin/docker-engine-server"
    assert persona.cmd.args == ["/sbin/docker-engine-server", "-port=2376", "-port-layer-port=2377"]
    assert persona.cmd.env == ["PATH=/sbin", "GOTRACEBACK=all", "HTTP_PROXY=http://proxy.vmware.com:2318",
                               "HTTPS_PROXY=https://proxy.vmware.com:2318", "NO_PROXY=localhost"]
    assert persona.restart is True
    assert persona.active is True
    assert persona.started == "true"
    assert persona.exit_status == 0
    assert persona.common.id == persona.common.name == "docker-personality"

    portlayer = init.sessions["port-layer"]
    assert portlayer.cmd.args == []  # length key "2" without its "~" key
    assert portlayer.cmd.path == ""
    assert portlayer.cmd.env == ["VC_URL=https://10.192.171.116", "DC_PATH=vcqaDC", "CS_PATH=/vcqaDC/host/cls",
                                 "POOL_PATH=", "DS_PATH=vsanDatastore"]
    assert portlayer.started == "true"
    assert portlayer.restart is False

    admin = init.sessions["vicadmin"]
    assert admin.user == admin.group == "vicadmin"
    assert admin.cmd.dir == "/home/vicadmin"
    assert admin.cmd.args == ["/sbin/vicadmin", "--dc=vcqaDC", "--pool=", "--cluster=/vcqaDC/host/cls"]
    assert admin.started == "true"
    assert admin.run_block is False

    assert sorted(init.networks) == ["bridge", "client", "management", "public"]
    client = init.networks["client"]
    assert client.assigned == IPNet(IP(bytes([10, 192, 168, 57])), IPMask(b"\xff\xff\xe0\x00"))
    assert str(client.assigned.ip) == "10.192.168.57"
    assert client.static is False
    assert client.common.id == "192"
    assert client.network.common.id == "DistributedVirtualPortgroup:dvportgroup-56"
    assert client.network.assigned.nameservers == [IP(bytes([10, 162, 204, 1])), IP(bytes([10, 166, 1, 1]))]
    assert client.network.assigned.gateway == IPNet(IP(bytes([10, 192, 191, 253])), IPMask(b"\xff\xff\xe0\x00"))
    assert init.networks["public"].network.default is True
    bridge = init.networks["bridge"]
    assert bridge.static is True
    assert bridge.ip == IPNet(IP(V4_IN_V6 + b"\x00" * 4), IPMask(b""))
    assert bridge.network.type == "bridge"


# keys of the real (hand-trimmed, VIC 1.1 era) file that encode(decode(...)) cannot give back
REAL_VCH_NOT_ROUNDTRIPPED = {
    # a primitive list's length key without its "~" key: decoded as an empty list, which writes nothing
    "guestinfo.vice./init/sessions|port-layer/cmd/Args": "2",
    "guestinfo.vice./vic_machine_create_options": "13",
    # RunBlock was tagged read-only in older VIC; it is read-write now (and the file holds the read-write keys
    # "guestinfo.vice..init.sessions|*.runblock" too): these stale keys are not the current schema's
    "guestinfo.vice./init/sessions|docker-personality/runblock": "false",
    "guestinfo.vice./init/sessions|port-layer/runblock": "false",
    "guestinfo.vice./init/sessions|vicadmin/runblock": "false",
}

VCH_TOP_LEVEL = {"init", "connect", "contact", "cert", "storage", "network", "container", "registry",
                 "create_bridge_network", "grant_permissions", "vic_machine_create_options"}


def owned_by_vch_schema(key):
    if key.startswith("guestinfo.vice."):
        return True
    return re.split(r"[/.|@~]", key, maxsplit=1)[0] in VCH_TOP_LEVEL


def test_real_vch_roundtrip():
    out = encode(decode(VCHConfig, REAL_VCH))

    owned = {key: value for key, value in REAL_VCH.items() if owned_by_vch_schema(key)}
    assert set(REAL_VCH) - set(owned) == {"answer.msg.serial.file.open", "migrate.hostLogState",
                                          "numa.autosize.vcpu.maxPerVirtualNode",
                                          "vmotion.checkpointSVGAPrimarySize"}
    for key, value in REAL_VCH_NOT_ROUNDTRIPPED.items():
        assert owned[key] == value
        assert key not in out
    expected = {key: value for key, value in owned.items() if key not in REAL_VCH_NOT_ROUNDTRIPPED}
    assert {key: out.get(key) for key in expected} == expected
    # what the trimmed file left out comes back as zero values only
    extra = {key: value for key, value in out.items() if key not in owned}
    assert extra
    assert set(extra.values()) <= {"", "0", "false"}
    assert "guestinfo.vice./init/sessions|port-layer/cmd/Path" in extra
    assert "guestinfo.vice./container/container_count" in extra  # VIC 1.1 had no such field


def test_real_vch_decode_is_stable():
    once = decode(VCHConfig, REAL_VCH)
    assert decode(VCHConfig, encode(once)) == once
    assert encode(decode(VCHConfig, encode(once))) == encode(once)


# --- 3. the containerVM vector written by VIC -----------------------------------------------------------------------


def test_executor_vector_roundtrip():
    expected = EXECUTOR_VECTOR["expected"]
    assert encode(decode(ExecutorConfig, expected)) == expected


def test_executor_vector_value_encodes_as_vic():
    """The vector's value, built with our schema, encodes to exactly what VIC wrote."""
    value = build_value(ExecutorConfig, EXECUTOR_VECTOR["value"])
    assert encode(value) == EXECUTOR_VECTOR["expected"]
    decoded = decode(ExecutorConfig, EXECUTOR_VECTOR["expected"])
    # the only loss VIC has too: notes of an exec is hidden under non-persistent, so never written
    assert value.execs["exec1"].common.notes
    value.execs["exec1"].common.notes = ""
    assert decoded == value


def _vector_type_name(spec):
    return spec.describe().replace("time", "datetime")


# fields VIC has that the vector left out on purpose (IP-typed)
IP_FIELDS = {
    "ContainerNetwork": {"destinations", "gateway", "nameservers", "pools", "assigned"},
    "NetworkEndpoint": {"ip", "assigned"},
}


def test_schema_matches_vector_types():
    """Keys, scopes, recurse and types of every struct the vector describes (VIC's own tags)."""
    from ansible_collections.vic.vch.plugins.module_utils.extraconfig import _schema
    from ansible_collections.vic.vch.plugins.module_utils import vic_schema

    for name, fields in EXECUTOR_VECTOR["types"].items():
        cls = URL if name == "URL" else getattr(vic_schema, name)
        ours = {f.attr: f for f in _schema.struct_spec(cls).fields}
        theirs = {f["attr"]: f for f in fields}
        assert set(ours) - set(theirs) == IP_FIELDS.get(name, set()), name
        assert set(theirs) <= set(ours), name
        for attr, want in theirs.items():
            got = ours[attr]
            assert got.segment == want["key"], (name, attr)
            assert got.scope_tag == want.get("scope"), (name, attr)
            assert got.recurse == want.get("recurse"), (name, attr)
            assert _vector_type_name(got.type) == want["type"], (name, attr)


# VIC's tags of the structs the vector does not describe, transcribed from lib/config/virtual_container_host.go,
# lib/config/executor/network_interface.go and pkg/ip/ip.go: attr -> (key, scope tag or None if untagged,
# recurse or None, type)
VIC_TAGS = {
    "ManagedObjectReference": {"type": ("Type", None, None, "str"), "value": ("Value", None, None, "str")},
    "IPRange": {"first_ip": ("first", "read-only", None, "ip"), "last_ip": ("last", "read-only", None, "ip")},
    "ContainerNetworkAssigned": {"gateway": ("gateway", "read-write", None, "IPNet"),
                                 "nameservers": ("dns", "read-write", None, "list[ip]")},
    "ContainerNetwork": {"destinations": ("destinations", "read-only", None, "list[IPNet]"),
                         "gateway": ("gateway", "read-only", None, "IPNet"),
                         "nameservers": ("dns", "read-only", None, "list[ip]"),
                         "pools": ("pools", "read-only", None, "list[IPRange]"),
                         "assigned": ("assigned", "read-write", None, "ContainerNetworkAssigned")},
    "NetworkEndpoint": {"ip": ("ip", "read-only", None, "optional[IPNet]"),
                        "assigned": ("assigned", "read-write", None, "IPNet")},
    "Connection": {"target": ("target", "read-only", None, "str"),
                   "username": ("username", "read-only", None, "str"),
                   "token": ("token", "secret", None, "str"),
                   "target_thumbprint": ("target_thumbprint", "read-only", None, "str"),
                   "keepalive": ("keepalive", "read-only", None, "int")},
    "MailAddress": {"name": ("Name", None, None, "str"), "address": ("Address", None, None, "str")},
    "Contacts": {"admin": ("Admin", None, None, "list[MailAddress]"),
                 "infrastructure_admin": ("InfrastructureAdmin", None, None, "list[MailAddress]")},
    "RawCertificate": {"key": ("Key", "secret", None, "bytes"), "cert": ("Cert", None, None, "bytes")},
    "Certificate": {
        "network_certificates": ("NetworkCertificates", None, None, "dict[str, optional[RawCertificate]]"),
        "host_certificate": ("HostCertificate", "read-only", None, "optional[RawCertificate]"),
        "certificate_authorities": ("CertificateAuthorities", "read-only", None, "bytes"),
        "registry_certificate_authorities": ("RegistryCertificateAuthorities", "read-only", None, "bytes"),
        "host_certificates": ("HostCertificates", None, None, "dict[str, optional[RawCertificate]]")},
    "Storage": {"image_stores": ("image_stores", "read-only", None, "list[URL]"),
                "storage_quota": ("storage_quota", "read-only", None, "int"),
                "volume_locations": ("VolumeLocations", "read-only", None, "dict[str, optional[URL]]"),
                "scratch_size": ("scratch_size", "read-only", None, "int")},
    "Network": {"bridge_network": ("bridge_network", "read-only", None, "str"),
                "container_networks": ("container_networks", "read-only", None,
                                       "dict[str, optional[ContainerNetwork]]"),
                "bridge_ip_range": ("bridge-ip-range", "read-only", None, "optional[IPNet]"),
                "bridge_network_width": ("bridge-net-width", "read-only", None, "optional[mask]")},
    "Container": {"container_vm_size": ("ContainerVMSize", "read-only", "depth=0", "Resources"),
                  "compute_resources": ("ComputeResources", "read-only", None, "list[ManagedObjectReference]"),
                  "bootstrap_image_path": ("bootstrap_image_path", "read-only", None, "str"),
                  "container_name_convention": ("ContainerNameConvention", None, None, "str"),
                  "use_vm_group": ("UseVMGroup", None, None, "bool"),
                  "vm_group_name": ("VMGroupName", None, None, "str"),
                  "container_stores": ("ContainerStores", "read-only", "depth=0", "list[URL]"),
                  "container_count": ("container_count", "read-only", None, "int")},
    "Registry": {"registry_whitelist": ("whitelist_registries", "read-only", None, "list[str]"),
                 "registry_blacklist": ("RegistryBlacklist", "read-only", "depth=0", "list[str]"),
                 "insecure_registries": ("insecure_registries", "read-only", None, "list[str]")},
    "VCHConfig": {"executor_config": ("init", "read-only", None, "ExecutorConfig"),
                  "connection": ("connect", "read-only", None, "Connection"),
                  "contacts": ("contact", "read-only", None, "Contacts"),
                  "certificate": ("cert", "read-only", None, "Certificate"),
                  "storage": ("storage", "read-only", None, "Storage"),
                  "network": ("network", "read-only", None, "Network"),
                  "container": ("container", "read-only", None, "Container"),
                  "registry": ("registry", "read-only", None, "Registry"),
                  "create_bridge_network": ("create_bridge_network", "read-only", None, "bool"),
                  "grant_perms_level": ("grant_permissions", "read-only", None, "str"),
                  "vic_machine_create_options": ("vic_machine_create_options", "read-only", None, "list[str]")},
}


def test_schema_matches_vic_tags():
    from ansible_collections.vic.vch.plugins.module_utils.extraconfig import _schema
    from ansible_collections.vic.vch.plugins.module_utils import vic_schema

    for name, want in VIC_TAGS.items():
        ours = {f.attr: f for f in _schema.struct_spec(getattr(vic_schema, name)).fields}
        if name not in ("ContainerNetwork", "NetworkEndpoint"):  # the rest of these two: see the vector test
            assert set(ours) == set(want), name
        for attr, (key, scope, recurse, type_name) in want.items():
            got = ours[attr]
            assert (got.segment, got.scope_tag, got.recurse, got.type.describe()) == (key, scope, recurse, type_name), \
                (name, attr)


# --- 4. rich objects survive encode/decode --------------------------------------------------------------------------


def rich_diagnostics(seed):
    return Diagnostics(
        debug_level=seed,
        resurrection_count=seed + 1,
        exit_logs=[
            ExitLog(time=datetime(2017, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc), exit_status=1, message="boom"),
            ExitLog(time=datetime(2018, 6, 7, 8, 9, 10, tzinfo=timezone(timedelta(hours=-7))), exit_status=137,
                    message="killed"),
        ],
        sys_log_config=SysLogConfig(network="udp", r_addr="10.0.0.5:514"),
    )


def rich_session(name, notes="session notes"):
    return SessionConfig(
        common=Common(execution_environment="env-" + name, id=name, name=name + "-name", notes=notes),
        detail=Detail(create_time=1483326245, start_time=1483326246, stop_time=1483326300),
        cmd=Cmd(path="/bin/" + name, args=["/bin/" + name, "-c", "echo hi", ""], env=["PATH=/bin", "HOME=/root"],
                dir="/tmp"),
        attach=True,
        open_stdin=True,
        run_block=True,
        active=True,
        tty=True,
        exit_status=-1,
        started="true",
        restart=True,
        stop_signal="SIGTERM",
        diagnostics=rich_diagnostics(2),
        user="root",
        group="wheel",
    )


def rich_container_network(name):
    return ContainerNetwork(
        common=Common(execution_environment="ee", id="DistributedVirtualPortgroup:dvportgroup-" + name,
                      name=name, notes="network notes"),
        type="external",
        destinations=[IPNet.parse("10.1.0.0/16"), IPNet(ip16("10.2.0.0"), IPMask.from_prefix(16)),
                      IPNet.parse("fd00:1::/64")],
        gateway=IPNet(ip16("10.10.10.1"), IPMask.from_prefix(24)),
        default=True,
        nameservers=[ip4("8.8.8.8"), ip16("8.8.4.4"), ip16("2001:4860:4860::8888")],
        pools=[IPRange(first_ip=ip4("10.10.10.0"), last_ip=ip4("10.10.10.255")),
               IPRange(first_ip=ip16("10.10.11.0"), last_ip=ip16("10.10.11.128"))],
        aliases=["web:web", "db:database"],
        trust_level=3,
        assigned=ContainerNetworkAssigned(gateway=IPNet.parse("192.168.1.1/24"),
                                          nameservers=[ip4("192.168.1.53"), ip16("fe80::53")]),
    )


def rich_executor_config():
    return ExecutorConfig(
        executor_config_common=ExecutorConfigCommon(execution_environment="vsphere", id="abc123def456",
                                                    name="test_container", notes="executor notes"),
        create_time=1483326245,
        diagnostics=rich_diagnostics(1),
        sessions={"abc123def456": rich_session("abc123def456"), "helper": rich_session("helper"), "gone": None},
        # notes of an exec is hidden under non-persistent: VIC never writes it, so it stays empty here
        execs={"exec1": rich_session("exec1", notes="")},
        mounts={
            "vol1": MountSpec(source=ds_url("", "[datastore1] volumes/vol1/vol1.vmdk"), path="/data", mode="rw",
                              copy_mode=2),
            "nfs": MountSpec(source=URL(scheme="nfs", host="nfs.example.com", path="/export/share",
                                        raw_query="uid=1000&gid=1000", fragment="frag", force_query=False),
                             path="/mnt/nfs", mode="ro", copy_mode=1),
        },
        networks={
            "client": NetworkEndpoint(
                common=Common(id="192", name="client", notes="endpoint notes"),
                static=True,
                ip=IPNet.parse("10.192.168.57/19"),
                assigned=IPNet(ip16("10.192.168.57"), IPMask.from_prefix(19)),
                network=rich_container_network("client"),
                ports=["80/tcp", "443/tcp"],
                internal=True,
            ),
            "v6": NetworkEndpoint(
                common=Common(id="224", name="v6"),
                ip=IPNet.parse("fd00::5/64"),
                assigned=IPNet.parse("fd00::6/64"),
                network=rich_container_network("v6"),
            ),
        },
        key=b"\x30\x82\x01\x0a\x00\xff",
        layer_id="f5c0b4e4b0e7",
        image_id="sha256:0123456789abcdef",
        annotations={"com.example/owner": "team|a", "io.kubernetes.pod.name": "web-1"},
        repo_name="library/busybox:latest",
        version=Build(version="v1.5.0", git_commit="a1b2c3d", build_date="2019/01/01@00:00:00",
                      build_number="20000", state="dirty", plugin_version=6),
        asymmetric_routing=True,
        hostname="abc123def456",
        domainname="example.com",
    )


def rich_vch_config():
    return VCHConfig(
        executor_config=rich_executor_config(),
        connection=Connection(target="https://vc.example.com/sdk", username="ops@vsphere.local", token="hunter2",
                              target_thumbprint="9F:F0:DF:BA", keepalive=30 * 10 ** 9),
        contacts=Contacts(admin=[MailAddress(name="Admin One", address="admin@example.com")],
                          infrastructure_admin=[MailAddress(name="Infra", address="infra@example.com"),
                                                MailAddress(name="", address="noc@example.com")]),
        certificate=Certificate(
            network_certificates={"net1": RawCertificate(key=b"netkey", cert=b"netcert")},
            host_certificate=RawCertificate(key=b"-----BEGIN KEY-----", cert=b"-----BEGIN CERTIFICATE-----"),
            certificate_authorities=b"client CAs",
            registry_certificate_authorities=b"registry CAs",
            host_certificates={"vc-example-com": RawCertificate(key=b"k", cert=b"c"), "none": None},
        ),
        storage=Storage(
            image_stores=[ds_url("vsanDatastore", "images"), ds_url("ds2", "more images")],
            volume_locations={"default": ds_url("vsanDatastore", "[vsanDatastore] volumes/default"),
                              "nfs": URL(scheme="nfs", host="nfs.example.com", path="/vols", raw_query="uid=0")},
            storage_quota=500 * 1024 ** 3,
            scratch_size=8000000,
        ),
        network=Network(
            bridge_network="bridge",
            container_networks={"vnet": rich_container_network("vnet"), "bridge": ContainerNetwork(type="bridge")},
            bridge_ip_range=IPNet.parse("172.16.0.0/12"),
            bridge_network_width=IPMask.from_prefix(16),
        ),
        container=Container(
            compute_resources=[ManagedObjectReference(type="VirtualApp", value="resgroup-v364"),
                               ManagedObjectReference(type="ResourcePool", value="resgroup-8")],
            bootstrap_image_path="[vsanDatastore] vch/bootstrap.iso",
            container_name_convention="{name}-{id}",
            use_vm_group=True,
            vm_group_name="vch1",
            container_count=100,
        ),
        registry=Registry(registry_whitelist=["harbor.com:2345", "insecure:2345"],
                          insecure_registries=["insecure:2345"]),
        create_bridge_network=True,
        grant_perms_level="ADD",
        vic_machine_create_options=["--name=vch1", "--debug=1", "--bridge-network=bridge"],
    )


@pytest.mark.parametrize("factory", [rich_executor_config, rich_vch_config])
def test_rich_roundtrip(factory):
    obj = factory()
    cls = type(obj)
    out = encode(obj)
    assert decode(cls, out) == obj
    assert encode(decode(cls, out)) == out
    assert obj == factory()  # encoding does not touch the object
    assert decode(cls, copy.deepcopy(out)) == factory()


def test_rich_vch_keys():
    out = encode(rich_vch_config())
    assert out["guestinfo.vice./connect/token@secret"] == "hunter2"
    assert out["guestinfo.vice./cert/HostCertificate/Key@secret"] == base64.b64encode(b"-----BEGIN KEY-----").decode()
    assert out["guestinfo.vice./cert/HostCertificate/Cert"] == base64.b64encode(b"-----BEGIN CERTIFICATE-----").decode()
    assert out["guestinfo.vice./cert/NetworkCertificates|net1/Key@secret"] == base64.b64encode(b"netkey").decode()
    assert out["guestinfo.vice./cert/HostCertificates"] == "none|vc-example-com"
    assert out["guestinfo.vice./cert/CertificateAuthorities"] == base64.b64encode(b"client CAs").decode()
    assert out["guestinfo.vice./contact/InfrastructureAdmin"] == "1"
    assert out["guestinfo.vice./contact/InfrastructureAdmin|1/Address"] == "noc@example.com"
    assert out["guestinfo.vice./network/bridge-net-width"] == base64.b64encode(b"\xff\xff\x00\x00").decode()
    assert out["guestinfo.vice./network/bridge-ip-range/IP"] == base64.b64encode(bytes([172, 16, 0, 0])).decode()
    assert out["guestinfo.vice./network/container_networks|vnet/pools|1/first"] == base64.b64encode(
        V4_IN_V6 + bytes([10, 10, 11, 0])).decode()
    assert out["guestinfo.vice..network.container_networks|vnet.assigned.dns|1"] == base64.b64encode(
        ip16("fe80::53").raw).decode()
    assert out["network/container_networks|vnet/aliases~"] == "web:web|db:database"
    assert out["guestinfo.vice./grant_permissions"] == "ADD"
    assert out["guestinfo.vice./vic_machine_create_options~"] == "--name=vch1|--debug=1|--bridge-network=bridge"
    assert out["guestinfo.vice./vic_machine_create_options"] == "2"
    assert out["guestinfo.vice./init/version/State"] == "dirty"
    assert out["init/annotations|com.example/owner"] == "team|a"
    assert out["guestinfo.vice..init.diagnostics.exitlogs|1.Time"] == "2018-06-07 08:09:10 -0700 -0700"
    assert out["guestinfo.vice./init/networks|client/ip/Mask"] == base64.b64encode(b"\xff\xff\xe0\x00").decode()
    assert out["guestinfo.vice./init/execs|exec1/cmd/Args~@non-persistent"] == "/bin/exec1|-c|echo hi|"
    # a hidden value is never written to a guestinfo key
    assert not [key for key in out
                if key.startswith("guestinfo.") and ("notes" in key or "aliases" in key or "annotations" in key)]


# --- 5. the schema check ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [VCHConfig, ExecutorConfig])
def test_check_schema(cls):
    from ansible_collections.vic.vch.plugins.module_utils.extraconfig import check_schema

    assert check_schema(cls) == []


@pytest.mark.parametrize("cls, path", [(VCHConfig, "VCHConfig.executor_config.execs[k].common.notes"),
                                       (ExecutorConfig, "ExecutorConfig.execs[k].common.notes")])
def test_check_schema_contextual_drops_only_exec_notes(cls, path):
    """VIC's own ExecutorConfig reuses SessionConfig under non-persistent execs: only Common.notes is dropped."""
    from ansible_collections.vic.vch.plugins.module_utils.extraconfig import check_schema

    problems = check_schema(cls, contextual=True)
    assert len(problems) == 1
    assert problems[0].startswith(path + ":")
