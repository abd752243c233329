# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VCH options -> VCHConfig (module_utils/vch/mapping.py): build_vch_config and apply_options, checked on the
configuration's fields and on what the codec writes for it."""

import copy

import pytest

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IP, URL, IPNet, decode, encode
from ansible_collections.vic.vch.plugins.module_utils.vch.mapping import (
    Placement, apply_options, build_vch_config, fixed_option_differences, nic_port_groups)
from ansible_collections.vic.vch.plugins.module_utils.vch.options import (
    DEPLOY_DEFAULTS, VCH_OPTIONS_SPEC, validate)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    IPRange, ManagedObjectReference, SysLogConfig, VCHConfig)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import PERSONALITY, PORT_LAYER, VICADMIN
from tests.support.params import with_defaults

PORT_GROUP_IDS = {
    "bridge-pg": "DistributedVirtualPortgroup:dvportgroup-11",
    "VM Network": "Network:network-7",
    "client-pg": "DistributedVirtualPortgroup:dvportgroup-12",
    "ext-pg": "DistributedVirtualPortgroup:dvportgroup-13",
    "ext2-pg": "DistributedVirtualPortgroup:dvportgroup-14",
}
PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def placement(vm_moid=None):
    return Placement("dc1", "/dc1/host/cluster1", "/dc1/host/cluster1/Resources/vch-1", "resgroup-42",
                     "ResourcePool", "datastore1", dict(PORT_GROUP_IDS), vm_moid)


def deploy_opts(**given):
    base = dict(bridge_network="bridge-pg")
    base.update(given)
    return validate(with_defaults(VCH_OPTIONS_SPEC, base), DEPLOY_DEFAULTS)


def config_opts(**given):
    return validate(with_defaults(VCH_OPTIONS_SPEC, given))


def build(vm_moid=None, **given):
    return build_vch_config("vch-1", deploy_opts(**given), placement(vm_moid))


def ip(text):
    return IP.parse(text, v4=True)


FULL = dict(
    public_network={"port_group": "VM Network", "ip": "10.0.0.5/24", "gateway": "10.0.0.1",
                    "routes": ["10.1.0.0/16"]},
    client_network="client-pg",
    dns_servers=["10.0.0.2", "10.0.0.3"],
    container_networks=[dict(port_group="ext-pg", alias="ext", gateway="192.168.1.1/24",
                             ip_range="192.168.1.10-192.168.1.20", dns=["192.168.1.2"], firewall="open")],
    image_store="ds://datastore2/images",
    volume_stores=[dict(name="default", url="ds://datastore1"), dict(name="nfs", url="nfs://10.0.0.9/export")],
    registries=dict(insecure=["reg:5000"], whitelist=["harbor.example.com"], ca=PEM),
    target="https://vc.example.com/sdk", thumbprint=":".join(["ab"] * 20), ops_user="ops@vsphere.local",
    ops_password="s3cret", syslog_address="udp://log.example.com:514", debug=2,
    proxies=dict(http="http://proxy:3128", https="https://proxy:3129", no_proxy=["localhost", ".corp"]),
    endpoint_cpu=2, endpoint_memory_mb=4096, bootstrap_iso="[datastore1] vic/bootstrap.iso",
    container_name_convention="vch-1-{name}", containers=25, storage_quota=500)


# -- build_vch_config ------------------------------------------------------------------------------------------------

def test_sessions_and_their_environment():
    config = build()
    sessions = config.executor_config.sessions
    assert sorted(sessions) == sorted([PERSONALITY, PORT_LAYER, VICADMIN])
    for name, session in sessions.items():
        assert session.common.id == session.common.name == name
        assert session.cmd.args[0] == session.cmd.path
        assert session.active and session.restart
    assert sessions[PERSONALITY].cmd.path == "/sbin/docker-engine-server"
    # no TLS settings given here: the port of a VCH without a server certificate (see test_tls)
    assert sessions[PERSONALITY].cmd.args == ["/sbin/docker-engine-server", "-port=2375", "-port-layer-port=2377"]
    assert sessions[PERSONALITY].cmd.env == ["PATH=/sbin", "GOTRACEBACK=all"]
    assert sessions[PORT_LAYER].cmd.args == ["/sbin/port-layer-server", "--host=localhost", "--port=2377"]
    assert sessions[PORT_LAYER].cmd.env == [
        "VC_URL=", "DC_PATH=dc1", "CS_PATH=/dc1/host/cluster1", "POOL_PATH=/dc1/host/cluster1/Resources/vch-1",
        "DS_PATH=datastore1"]
    admin = sessions[VICADMIN]
    assert admin.cmd.args == ["/sbin/vicadmin", "--dc=dc1", "--pool=/dc1/host/cluster1/Resources/vch-1",
                              "--cluster=/dc1/host/cluster1"]
    assert admin.cmd.env == ["PATH=/sbin:/bin", "GOTRACEBACK=all"]
    assert (admin.cmd.dir, admin.user, admin.group) == ("/home/vicadmin", "vicadmin", "vicadmin")
    assert (sessions[PERSONALITY].user, sessions[PORT_LAYER].cmd.dir) == ("", "")


def test_full_options_environment():
    sessions = build(**FULL).executor_config.sessions
    assert sessions[PORT_LAYER].cmd.env[0] == "VC_URL=https://vc.example.com/sdk"
    proxy_env = ["HTTP_PROXY=http://proxy:3128", "HTTPS_PROXY=https://proxy:3129", "NO_PROXY=localhost,.corp"]
    assert sessions[PERSONALITY].cmd.env == ["PATH=/sbin", "GOTRACEBACK=all"] + proxy_env
    assert sessions[VICADMIN].cmd.env == ["PATH=/sbin:/bin", "GOTRACEBACK=all"] + proxy_env
    assert not [e for e in sessions[PORT_LAYER].cmd.env if "PROXY" in e]


def test_executor_common_id_is_the_vm():
    assert build().executor_config.executor_config_common.id == ""
    common = build(vm_moid="vm-77").executor_config.executor_config_common
    assert (common.id, common.name) == ("VirtualMachine:vm-77", "vch-1")


def test_default_networks_are_dhcp_on_vm_network():
    networks = build().executor_config.networks
    assert sorted(networks) == ["bridge", "client", "management", "public"]
    for role, endpoint in networks.items():
        assert endpoint.common.name == endpoint.network.common.name == role
        assert not endpoint.static and endpoint.ip is None
        assert endpoint.network.gateway == IPNet()
        assert endpoint.network.destinations == [] and endpoint.network.nameservers == []
        assert endpoint.network.default == (role == "public")
    assert networks["bridge"].network.common.id == "DistributedVirtualPortgroup:dvportgroup-11"
    for role in ("public", "client", "management"):
        assert networks[role].network.common.id == "Network:network-7"


def test_static_networks_per_role():
    networks = build(**FULL).executor_config.networks
    for role in ("public", "management"):       # management defaults to public
        endpoint = networks[role]
        assert endpoint.static
        assert endpoint.ip == IPNet.parse("10.0.0.5/24")
        assert endpoint.network.gateway == IPNet(ip("10.0.0.1"), IPNet.parse("10.0.0.5/24").mask)
        assert endpoint.network.destinations == [IPNet.parse("10.1.0.0/16")]
        assert endpoint.network.common.id == "Network:network-7"
        assert endpoint.network.nameservers == [ip("10.0.0.2"), ip("10.0.0.3")]
    client = networks["client"]
    assert not client.static and client.ip is None and client.network.gateway == IPNet()
    assert client.network.common.id == "DistributedVirtualPortgroup:dvportgroup-12"
    assert client.network.nameservers == [ip("10.0.0.2"), ip("10.0.0.3")]
    assert networks["bridge"].network.nameservers == []        # DNS servers are for the endpoint roles only


def test_unknown_port_group_gets_an_empty_id():
    networks = build(client_network="elsewhere").executor_config.networks
    assert networks["client"].network.common.id == ""


def test_nic_port_groups():
    assert nic_port_groups(deploy_opts()) == ["bridge-pg", "VM Network"]
    assert nic_port_groups(deploy_opts(**FULL)) == ["bridge-pg", "VM Network", "client-pg"]
    assert nic_port_groups(deploy_opts(public_network="a", client_network="b", management_network="a")) == \
        ["bridge-pg", "a", "b"]


def test_network_section():
    config = build(**FULL)
    assert config.network.bridge_network == "bridge-pg"
    assert config.network.bridge_ip_range == IPNet.parse("172.16.0.0/12")
    networks = config.network.container_networks
    assert sorted(networks) == ["bridge", "ext"]
    assert networks["bridge"].type == "bridge"
    assert networks["bridge"].common.id == "DistributedVirtualPortgroup:dvportgroup-11"
    ext = networks["ext"]
    assert (ext.type, ext.common.name) == ("external", "ext")
    assert ext.common.id == "DistributedVirtualPortgroup:dvportgroup-13"
    assert ext.gateway == IPNet.parse("192.168.1.1/24")
    assert ext.pools == [IPRange(ip("192.168.1.10"), ip("192.168.1.20"))]
    assert ext.nameservers == [ip("192.168.1.2")]
    assert ext.trust_level == 2


def test_container_network_without_gateway_or_pool():
    ext = build(container_networks=[dict(port_group="ext-pg")]).network.container_networks["ext-pg"]
    assert ext.gateway == IPNet() and ext.pools == [] and ext.nameservers == [] and ext.trust_level == 0


def test_storage():
    default = build()
    assert default.storage.image_stores == [URL(scheme="ds", host="datastore1", path="vch-1")]
    assert str(default.storage.image_stores[0]) == "ds://datastore1/vch-1"
    assert default.storage.volume_locations == {}
    assert default.storage.scratch_size == 8000000
    full = build(**FULL)
    assert [str(u) for u in full.storage.image_stores] == ["ds://datastore2/images"]
    assert full.storage.volume_locations == {
        "default": URL(scheme="ds", host="datastore1", path="[datastore1] volumes/default"),
        "nfs": URL(scheme="nfs", host="10.0.0.9", path="/export")}
    # an image store given as a bare datastore gets the VCH's name as its path
    assert str(build(image_store="ds://datastore3").storage.image_stores[0]) == "ds://datastore3/vch-1"


def test_registries_and_certificates():
    config = build(**FULL)
    assert config.registry.insecure_registries == ["reg:5000"]
    assert config.registry.registry_whitelist == ["harbor.example.com"]
    assert config.certificate.registry_certificate_authorities == PEM.encode("utf-8")
    empty = build()
    assert empty.registry.insecure_registries == [] and empty.registry.registry_whitelist == []
    assert empty.certificate.registry_certificate_authorities == b""


def test_connection():
    connection = build(**FULL).connection
    assert connection.target == "https://vc.example.com/sdk"
    assert connection.target_thumbprint == ":".join(["AB"] * 20)
    assert (connection.username, connection.token) == ("ops@vsphere.local", "s3cret")
    empty = build().connection
    assert (empty.target, empty.target_thumbprint, empty.username, empty.token) == ("", "", "", "")


def test_container_section():
    container = build(**FULL).container
    assert container.compute_resources == [ManagedObjectReference("ResourcePool", "resgroup-42")]
    assert container.bootstrap_image_path == "[datastore1] vic/bootstrap.iso"
    assert container.container_name_convention == "vch-1-{name}"
    default = build().container
    assert (default.bootstrap_image_path, default.container_name_convention) == ("", "")


def test_vic_machine_create_options():
    assert build().vic_machine_create_options == [
        "--name=vch-1", "--bridge-network=bridge-pg", "--endpoint-cpu=1", "--endpoint-memory=2048"]
    assert build(**FULL).vic_machine_create_options == [
        "--name=vch-1", "--bridge-network=bridge-pg", "--endpoint-cpu=2", "--endpoint-memory=4096",
        "--storage-quota=500", "--containers=25"]
    config = build(**FULL)
    assert config.storage.storage_quota == 500 * 1024 ** 3 and config.container.container_count == 25
    opts = deploy_opts()
    del opts["endpoint_cpu"], opts["endpoint_memory_mb"]
    assert build_vch_config("vch-1", opts, placement()).vic_machine_create_options == \
        ["--name=vch-1", "--bridge-network=bridge-pg"]


def test_debug_levels_and_syslog():
    config = build(**FULL)
    init = config.executor_config
    assert init.diagnostics.debug_level == 2
    assert [s.diagnostics.debug_level for s in init.sessions.values()] == [2, 2, 2]
    assert init.diagnostics.sys_log_config == SysLogConfig(network="udp", r_addr="log.example.com:514")
    default = build().executor_config
    assert default.diagnostics.debug_level == 0 and default.diagnostics.sys_log_config is None


def test_build_does_not_change_its_inputs():
    opts, where = deploy_opts(**FULL), placement()
    before = repr((opts, where.__dict__))          # IP values cannot be deep-copied (see below)
    build_vch_config("vch-1", opts, where)
    assert repr((opts, where.__dict__)) == before


def test_built_config_can_be_deep_copied():
    config = build(**FULL)
    assert copy.deepcopy(config) == config


# -- both ways through the codec -------------------------------------------------------------------------------------

@pytest.mark.parametrize("given", [dict(), FULL], ids=["defaults", "full"])
def test_encode_decode_round_trip(given):
    config = build(vm_moid="vm-77", **given)
    entries = encode(config, strict=True)
    decoded = decode(VCHConfig, entries)
    assert encode(decoded, strict=True) == entries
    assert decoded == config


def test_encoded_keys_of_the_full_config():
    entries = encode(build(**FULL), strict=True)
    prefix = "guestinfo.vice./"
    assert entries[prefix + "init/sessions|port-layer/cmd/Env~"].startswith(
        "VC_URL=https://vc.example.com/sdk|DC_PATH=dc1|")
    assert entries[prefix + "network/container_networks"] == "bridge|ext"
    assert entries[prefix + "storage/VolumeLocations|default/Path"] == "[datastore1] volumes/default"
    assert entries[prefix + "connect/token@secret"] == "s3cret"
    assert entries[prefix + "vic_machine_create_options~"].endswith("|--containers=25")


# -- apply_options ---------------------------------------------------------------------------------------------------

def changed(before, after):
    """(added, removed, changed value) keys between two encodings."""
    return (sorted(set(after) - set(before)), sorted(set(before) - set(after)),
            sorted(k for k in set(before) & set(after) if before[k] != after[k]))


def test_apply_nothing_changes_nothing():
    config = build(**FULL)
    before = encode(config)
    assert apply_options(config, {}, PORT_GROUP_IDS) is config
    assert encode(config) == before


def test_apply_debug_changes_only_debug_levels():
    config = build()
    before = encode(config)
    apply_options(config, config_opts(debug=3), PORT_GROUP_IDS)
    added, removed, values = changed(before, encode(config))
    assert (added, removed) == ([], [])
    assert values == sorted(["guestinfo.vice./init/diagnostics/debug"] + [
        "guestinfo.vice./init/sessions|%s/diagnostics/debug" % s for s in (PERSONALITY, PORT_LAYER, VICADMIN)])
    assert all(encode(config)[k] == "3" for k in values)


def test_apply_target_changes_connection_and_vc_url():
    config = build()
    before = encode(config)
    apply_options(config, config_opts(target="https://vc2.example.com"), PORT_GROUP_IDS)
    after = encode(config)
    assert changed(before, after) == ([], [], ["guestinfo.vice./connect/target",
                                               "guestinfo.vice./init/sessions|port-layer/cmd/Env~"])
    assert config.connection.target == "https://vc2.example.com"
    assert config.executor_config.sessions[PORT_LAYER].cmd.env[0] == "VC_URL=https://vc2.example.com"
    assert config.executor_config.sessions[PORT_LAYER].cmd.env[1:] == placement_env_tail()


def placement_env_tail():
    return ["DC_PATH=dc1", "CS_PATH=/dc1/host/cluster1", "POOL_PATH=/dc1/host/cluster1/Resources/vch-1",
            "DS_PATH=datastore1"]


@pytest.mark.parametrize("option, value, keys", [
    ("thumbprint", ":".join(["cd"] * 20), ["connect/target_thumbprint"]),
    ("ops_user", "other@vsphere.local", ["connect/username"]),
    ("ops_password", "new-secret", ["connect/token@secret"]),
    ("containers", 7, ["container/container_count", "vic_machine_create_options~"]),
    ("storage_quota", 100, ["storage/storage_quota"]),
    ("syslog_address", "tcp://log2:601", ["init/diagnostics/syslog/RAddr", "init/diagnostics/syslog/Network"]),
])
def test_apply_one_option_changes_only_its_keys(option, value, keys):
    config = build(**FULL)
    before = encode(config)
    apply_options(config, config_opts(**{option: value}), PORT_GROUP_IDS)
    assert changed(before, encode(config)) == ([], [], sorted("guestinfo.vice./" + k for k in keys))


def test_apply_containers_replaces_the_flag():
    config = build(**FULL)
    apply_options(config, {"containers": 7}, PORT_GROUP_IDS)
    apply_options(config, {"containers": 8}, PORT_GROUP_IDS)
    assert [o for o in config.vic_machine_create_options if o.startswith("--containers")] == ["--containers=8"]
    assert config.vic_machine_create_options[:4] == build(**FULL).vic_machine_create_options[:4]


def test_apply_proxies_replaces_proxy_variables():
    config = build(**FULL)
    before = encode(config)
    apply_options(config, config_opts(proxies=dict(https="https://p2:1")), PORT_GROUP_IDS)
    sessions = config.executor_config.sessions
    assert sessions[PERSONALITY].cmd.env == ["PATH=/sbin", "GOTRACEBACK=all", "HTTPS_PROXY=https://p2:1"]
    assert sessions[VICADMIN].cmd.env == ["PATH=/sbin:/bin", "GOTRACEBACK=all", "HTTPS_PROXY=https://p2:1"]
    added, removed, values = changed(before, encode(config))
    assert not added and not removed
    assert {k.split("|")[1].split("/")[0] for k in values} == {PERSONALITY, VICADMIN}
    apply_options(config, config_opts(proxies=dict()), PORT_GROUP_IDS)    # all removed
    assert sessions[PERSONALITY].cmd.env == ["PATH=/sbin", "GOTRACEBACK=all"]


@pytest.mark.parametrize("merge, expected", [
    (False, ["10.0.0.3", "10.0.0.9"]),
    (True, ["10.0.0.2", "10.0.0.3", "10.0.0.9"]),
])
def test_apply_dns_servers_replace_or_merge(merge, expected):
    config = build(**FULL)
    before = encode(config)
    apply_options(config, config_opts(dns_servers=["10.0.0.3", "10.0.0.9"]), PORT_GROUP_IDS, merge=merge)
    for role in ("public", "client", "management"):
        assert config.executor_config.networks[role].network.nameservers == [ip(s) for s in expected]
    assert config.executor_config.networks["bridge"].network.nameservers == []
    added, removed, values = changed(before, encode(config))
    assert all("/network/dns" in k for k in added + removed + values)
    assert {k.split("|")[1].split("/")[0] for k in added + values} == {"public", "client", "management"}


def test_apply_empty_dns_servers_replace_clears():
    config = build(**FULL)
    apply_options(config, config_opts(dns_servers=[]), PORT_GROUP_IDS)
    assert config.executor_config.networks["public"].network.nameservers == []
    apply_options(config, {"dns_servers": [ip("10.0.0.4")]}, PORT_GROUP_IDS, merge=True)
    assert config.executor_config.networks["public"].network.nameservers == [ip("10.0.0.4")]


NEW_NETWORKS = [dict(port_group="ext2-pg", alias="ext2", firewall="closed"),
                dict(port_group="ext-pg", alias="ext", gateway="10.5.0.1/16")]


def test_apply_container_networks_replace():
    config = build(**FULL)
    apply_options(config, config_opts(container_networks=NEW_NETWORKS[:1]), PORT_GROUP_IDS)
    networks = config.network.container_networks
    assert sorted(networks) == ["bridge", "ext2"]              # ext is gone; bridge always stays
    assert networks["ext2"].common.id == "DistributedVirtualPortgroup:dvportgroup-14"
    assert networks["ext2"].trust_level == 3
    apply_options(config, config_opts(container_networks=[]), PORT_GROUP_IDS)
    assert sorted(networks) == ["bridge"]


def test_apply_container_networks_merge_by_alias():
    config = build(**FULL)
    apply_options(config, config_opts(container_networks=NEW_NETWORKS), PORT_GROUP_IDS, merge=True)
    networks = config.network.container_networks
    assert sorted(networks) == ["bridge", "ext", "ext2"]
    assert networks["ext"].gateway == IPNet.parse("10.5.0.1/16")     # replaced as a whole
    assert networks["ext"].pools == [] and networks["ext"].trust_level == 0
    assert networks["bridge"].type == "bridge"


def test_apply_container_networks_changes_only_container_network_keys():
    config = build(**FULL)
    before = encode(config)
    apply_options(config, config_opts(container_networks=NEW_NETWORKS), PORT_GROUP_IDS, merge=True)
    added, removed, values = changed(before, encode(config))
    assert added and all("container_networks" in k for k in added + removed + values)
    assert not [k for k in added + removed + values if "container_networks|bridge" in k]


@pytest.mark.parametrize("merge, expected", [(False, ["default2", "nfs"]), (True, ["default", "default2", "nfs"])])
def test_apply_volume_stores_replace_or_merge_by_name(merge, expected):
    config = build(**FULL)
    stores = [dict(name="default2", url="ds://datastore2/v"), dict(name="nfs", url="nfs://10.0.0.10/other")]
    apply_options(config, config_opts(volume_stores=stores), PORT_GROUP_IDS, merge=merge)
    assert sorted(config.storage.volume_locations) == expected
    assert str(config.storage.volume_locations["nfs"]) == "nfs://10.0.0.10/other"
    assert config.storage.volume_locations["default2"].path == "[datastore2] v"


@pytest.mark.parametrize("merge, insecure", [
    (False, ["new:5000"]),
    (True, ["reg:5000", "new:5000"]),
])
def test_apply_registries_replace_or_merge(merge, insecure):
    config = build(**FULL)                                            # insecure: reg:5000
    apply_options(config, config_opts(registries=dict(insecure=["new:5000", "reg:5000"][:2 - (not merge)])),
                  PORT_GROUP_IDS, merge=merge)
    assert config.registry.insecure_registries == insecure
    assert config.registry.registry_whitelist == ["harbor.example.com"]  # not given: left as it is
    assert config.certificate.registry_certificate_authorities == PEM.encode("utf-8")


def test_apply_registries_whitelist_merge_keeps_order_without_duplicates():
    config = build(**FULL)
    apply_options(config, config_opts(registries=dict(whitelist=["a.example.com", "harbor.example.com"])),
                  PORT_GROUP_IDS, merge=True)
    assert config.registry.registry_whitelist == ["harbor.example.com", "a.example.com"]
    apply_options(config, config_opts(registries=dict(whitelist=[], ca=PEM + PEM)), PORT_GROUP_IDS)
    assert config.registry.registry_whitelist == []
    assert config.certificate.registry_certificate_authorities == (PEM + PEM).encode("utf-8")


def test_apply_then_round_trip():
    config = build(vm_moid="vm-9", **FULL)
    apply_options(config, config_opts(container_networks=NEW_NETWORKS, dns_servers=["10.0.0.9"], debug=1,
                                      volume_stores=[dict(name="x", url="ds://d")]), PORT_GROUP_IDS, merge=True)
    entries = encode(config, strict=True)
    assert encode(decode(VCHConfig, entries), strict=True) == entries


def test_build_equals_build_minimal_then_apply():
    """The mutable options of build_vch_config are apply_options' work: building with them equals building
    without them and applying them."""
    changeable = ("dns_servers", "container_networks", "volume_stores", "registries", "target", "thumbprint",
                  "ops_user", "ops_password", "syslog_address", "debug", "proxies", "containers")
    mutable = dict((k, v) for k, v in FULL.items() if k in changeable)
    immutable = dict((k, v) for k, v in FULL.items() if k not in mutable)
    built = build(**FULL)
    applied = apply_options(build(**immutable), config_opts(**mutable), PORT_GROUP_IDS)
    assert encode(applied, strict=True) == encode(built, strict=True)


# -- fixed_option_differences: the way back, from a VCH's configuration to the options fixed at creation ----------

HARDWARE = {"cpus": 2, "memory_mb": 4096}


def test_a_vch_built_from_options_holds_their_values():
    config = build(**FULL)
    assert fixed_option_differences(config, deploy_opts(**FULL), PORT_GROUP_IDS, HARDWARE) == []
    # and decoded from its keys, as vch_config reads it
    again = decode(VCHConfig, encode(config, strict=True))
    assert fixed_option_differences(again, deploy_opts(**FULL), PORT_GROUP_IDS, HARDWARE) == []


@pytest.mark.parametrize("option, value", [
    ("bridge_network", "ext2-pg"),
    ("bridge_network_range", "10.0.0.0/8"),
    ("public_network", {"port_group": "VM Network", "ip": "10.0.0.6/24", "gateway": "10.0.0.1",
                        "routes": ["10.1.0.0/16"]}),
    ("public_network", "ext2-pg"),
    ("client_network", "ext2-pg"),
    ("image_store", "ds://datastore1/images"),
    ("bootstrap_iso", "[datastore1] other.iso"),
    ("container_name_convention", "{id}"),
    ("endpoint_cpu", 4),
    ("endpoint_memory_mb", 8192),
])
def test_each_fixed_option_that_differs_is_named(option, value):
    config = build(**FULL)
    given = deploy_opts(**dict(FULL, **{option: value}))
    found = fixed_option_differences(config, {option: given[option]}, PORT_GROUP_IDS, HARDWARE)
    assert [name for name, _live in found] == [option]


def test_options_not_given_and_hardware_not_read_are_not_compared():
    config = build(**FULL)
    assert fixed_option_differences(config, config_opts(dns_servers=["1.1.1.1"]), PORT_GROUP_IDS, HARDWARE) == []
    assert fixed_option_differences(config, {"endpoint_cpu": 8}, PORT_GROUP_IDS, {"cpus": None}) == []


def test_an_image_store_given_without_a_path_means_the_vchs_name_as_at_creation():
    config = build(image_store="ds://datastore2")
    assert str(config.storage.image_stores[0]).endswith("datastore2/vch-1")
    assert fixed_option_differences(config, deploy_opts(image_store="ds://datastore2"), PORT_GROUP_IDS, {}) == []
    found = fixed_option_differences(config, deploy_opts(image_store="ds://datastore2/x"), PORT_GROUP_IDS, {})
    assert [option for option, _live in found] == ["image_store"]
