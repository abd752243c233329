# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VCH options (module_utils/vch/options.py): tables of good inputs with their parsed values, tables of bad
inputs with the option the error names."""

import copy
import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IP, URL, IPNet
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vch.options import (
    CONFIG_ARGUMENT_SPEC, DEPLOY_ARGUMENT_SPEC, DEPLOY_DEFAULTS, IMMUTABLE_OPTIONS, MUTABLE_OPTIONS, POOL_OPTIONS,
    TLS_OPTIONS,
    VCH_OPTIONS_SPEC, endpoint_networks, normalize_network, parse_datastore_url, parse_ip_range, validate,
    store_datastores, validate_config, validate_deploy)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import IPRange
from tests.support.params import with_defaults

SETTINGS = dict(derandomize=True, database=None, deadline=None, max_examples=100)
SHA1 = ":".join(["ab"] * 19 + ["0f"])
SHA256 = ":".join(["Cd"] * 32)
PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def deploy_params(**given):
    base = dict(name="vch-1", datastore="datastore1", bridge_network="bridge-pg")
    base.update(given)
    return with_defaults(DEPLOY_ARGUMENT_SPEC, base)


def config_params(**given):
    return with_defaults(CONFIG_ARGUMENT_SPEC, dict(dict(name="vch-1"), **given))


def options(**given):
    """Only VCH options, with their suboption defaults, as validate() sees them."""
    return dict((k, v) for k, v in with_defaults(VCH_OPTIONS_SPEC, given).items() if v is not None)


def cnet(**given):
    return with_defaults(VCH_OPTIONS_SPEC["container_networks"]["options"], given)


def ip(text):
    return IP.parse(text, v4=True)


def net(text):
    return IPNet.parse(text)


def assert_option_error(excinfo, field):
    assert excinfo.value.field == field
    assert str(excinfo.value).startswith(field + ": ")


def test_with_defaults_matches_ansible():
    """The helper fills in what Ansible's own argument spec validation does."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    given = dict(name="vch-1", bridge_network="b", container_networks=[dict(port_group="pg")],
                 proxies=dict(http="http://p:1"), volume_stores=[dict(name="v", url="ds://d")])
    result = ArgumentSpecValidator(DEPLOY_ARGUMENT_SPEC).validate(copy.deepcopy(given))
    assert result.error_messages == []
    assert with_defaults(DEPLOY_ARGUMENT_SPEC, given) == result.validated_parameters


def test_mutable_immutable_pool_and_tls_options_split_the_spec():
    pool = set(name for names in POOL_OPTIONS.values() for name in names)
    groups = [set(MUTABLE_OPTIONS), set(IMMUTABLE_OPTIONS), pool, set(TLS_OPTIONS)]
    assert set.union(*groups) == set(VCH_OPTIONS_SPEC)
    assert sum(len(group) for group in groups) == len(VCH_OPTIONS_SPEC)  # no option in two groups
    assert list(IMMUTABLE_OPTIONS) == sorted(IMMUTABLE_OPTIONS)


# -- validate: good inputs -------------------------------------------------------------------------------------------

GOOD = [
    ("bridge_network", "bridge-pg", "bridge-pg"),
    ("bridge_network_range", "192.168.0.0/16", net("192.168.0.0/16")),
    ("public_network", "VM Network", {"port_group": "VM Network", "ip": None, "gateway": None, "routes": []}),
    ("public_network", {"port_group": "pub", "ip": "10.0.0.5/24", "gateway": "10.0.0.1",
                        "routes": ["10.1.0.0/16", "10.2.0.0/16"]},
     {"port_group": "pub", "ip": net("10.0.0.5/24"), "gateway": ip("10.0.0.1"),
      "routes": [net("10.1.0.0/16"), net("10.2.0.0/16")]}),
    ("client_network", {"port_group": "cl", "ip": None, "gateway": "", "routes": None},
     {"port_group": "cl", "ip": None, "gateway": None, "routes": []}),
    ("management_network", {"port_group": "mgmt", "ip": "10.9.0.2/16"},
     {"port_group": "mgmt", "ip": net("10.9.0.2/16"), "gateway": None, "routes": []}),
    ("dns_servers", ["8.8.8.8", "1.1.1.1"], [ip("8.8.8.8"), ip("1.1.1.1")]),
    ("dns_servers", [], []),
    ("container_networks", [cnet(port_group="ext-pg")],
     [{"port_group": "ext-pg", "alias": "ext-pg", "gateway": None, "pool": None, "dns": [], "trust": 0}]),
    ("container_networks", [cnet(port_group="VM Network", alias="ext_1", gateway="192.168.1.1/24",
                                 ip_range="192.168.1.10-192.168.1.20", dns=["192.168.1.2"], firewall="open")],
     [{"port_group": "VM Network", "alias": "ext_1", "gateway": net("192.168.1.1/24"),
       "pool": IPRange(ip("192.168.1.10"), ip("192.168.1.20")), "dns": [ip("192.168.1.2")], "trust": 2}]),
    ("container_networks", [cnet(port_group="a", gateway="10.0.0.1/24", ip_range="10.0.0.128/25",
                                 firewall="published"), cnet(port_group="b", firewall="closed"),
                            cnet(port_group="c", firewall="outbound"), cnet(port_group="d", firewall="peers")],
     [{"port_group": "a", "alias": "a", "gateway": net("10.0.0.1/24"),
       "pool": IPRange(ip("10.0.0.128"), ip("10.0.0.255")), "dns": [], "trust": 1},
      {"port_group": "b", "alias": "b", "gateway": None, "pool": None, "dns": [], "trust": 3},
      {"port_group": "c", "alias": "c", "gateway": None, "pool": None, "dns": [], "trust": 4},
      {"port_group": "d", "alias": "d", "gateway": None, "pool": None, "dns": [], "trust": 5}]),
    ("container_networks", [], []),
    ("image_store", "ds://datastore2/images/", ("datastore2", "images")),
    ("image_store", "ds://datastore2", ("datastore2", "")),
    ("volume_stores", [dict(name="default", url="ds://datastore1/vic/volumes")],
     {"default": URL(scheme="ds", host="datastore1", path="[datastore1] vic/volumes")}),
    ("volume_stores", [dict(name="vol-1", url="ds://datastore1"), dict(name="nfs", url="nfs://10.0.0.9/export")],
     {"vol-1": URL(scheme="ds", host="datastore1", path="[datastore1] volumes/vol-1"),
      "nfs": URL(scheme="nfs", host="10.0.0.9", path="/export")}),
    ("registries", dict(insecure=["reg:5000"], whitelist=["harbor.example.com", "10.0.0.3"], ca=PEM),
     {"insecure": ["reg:5000"], "whitelist": ["harbor.example.com", "10.0.0.3"], "ca": PEM.encode("utf-8")}),
    ("registries", dict(insecure=[]), {"insecure": []}),          # given empty: cleared
    ("registries", dict(whitelist=["a"]), {"whitelist": ["a"]}),  # insecure not given: left as it is
    ("target", "https://vc.example.com/sdk", "https://vc.example.com/sdk"),
    ("target", "HTTP://10.0.0.1:8080", "http://10.0.0.1:8080"),
    ("thumbprint", SHA1, SHA1.upper()),
    ("thumbprint", SHA256, SHA256.upper()),
    ("ops_user", "ops@vsphere.local", "ops@vsphere.local"),
    ("ops_password", "s3cret ", "s3cret "),
    ("container_name_convention", "", ""),
    ("container_name_convention", "vch-{name}", "vch-{name}"),
    ("syslog_address", "tcp://log.example.com:514", ("tcp", "log.example.com:514")),
    ("syslog_address", "udp://10.0.0.7:1514", ("udp", "10.0.0.7:1514")),
    ("debug", 3, 3),
    ("debug", 0, 0),
    ("proxies", dict(http="http://proxy:3128", https="https://proxy:3129", no_proxy=["localhost", ".corp"]),
     {"http": "http://proxy:3128", "https": "https://proxy:3129", "no_proxy": ["localhost", ".corp"]}),
    ("proxies", dict(https="http://proxy:3128"), {"https": "http://proxy:3128", "no_proxy": []}),
    ("endpoint_cpu", 1, 1),
    ("endpoint_cpu", 128, 128),
    ("endpoint_memory_mb", 512, 512),
    ("endpoint_memory_mb", 1 << 20, 1 << 20),
    ("containers", 0, 0),
    ("containers", 1 << 20, 1 << 20),
    ("appliance_iso", "[LocalDS_0] vic/appliance.iso", "[LocalDS_0] vic/appliance.iso"),
    ("bootstrap_iso", "[vsan Datastore] isos/bootstrap-1.5.iso", "[vsan Datastore] isos/bootstrap-1.5.iso"),
]


@pytest.mark.parametrize("key, value, expected", GOOD, ids=["%s-%d" % (g[0], i) for i, g in enumerate(GOOD)])
def test_validate_good(key, value, expected):
    assert validate(options(**{key: value})) == {key: expected}


def test_validate_leaves_out_options_not_given():
    params = config_params()
    assert validate(params) == {}
    assert validate(dict(params, name="other", state="present", datastore="d", fields={"a": 1})) == {}


def test_validate_defaults_fill_in_and_params_win():
    assert validate({}, DEPLOY_DEFAULTS) == {
        "bridge_network_range": net("172.16.0.0/12"),
        "public_network": {"port_group": "VM Network", "ip": None, "gateway": None, "routes": []},
        "endpoint_cpu": 1, "endpoint_memory_mb": 2048, "debug": 0}
    opts = validate(dict(endpoint_cpu=4, debug=None, public_network=None), DEPLOY_DEFAULTS)
    assert opts["endpoint_cpu"] == 4
    assert opts["debug"] == 0                                        # None means not given
    assert opts["public_network"]["port_group"] == "VM Network"


def test_validate_does_not_change_the_defaults():
    before = copy.deepcopy(DEPLOY_DEFAULTS)
    validate(dict(endpoint_cpu=2, public_network="pub"), DEPLOY_DEFAULTS)
    assert DEPLOY_DEFAULTS == before


# -- validate: bad inputs --------------------------------------------------------------------------------------------

BAD = [
    (dict(bridge_network=""), "bridge_network"),
    (dict(bridge_network_range="172.16.0.0"), "bridge_network_range"),
    (dict(bridge_network_range="172.16.0.0/40"), "bridge_network_range"),
    (dict(public_network=5), "public_network"),
    (dict(public_network=["VM Network"]), "public_network"),
    (dict(public_network={"port_group": "pub", "mask": "24"}), "public_network"),
    (dict(public_network={"ip": "10.0.0.5/24"}), "public_network.port_group"),
    (dict(public_network=""), "public_network.port_group"),
    (dict(public_network={"port_group": "pub", "ip": "10.0.0.5"}), "public_network.ip"),
    (dict(public_network={"port_group": "pub", "ip": "10.0.0.5/24", "gateway": "10.0.0.1/24"}),
     "public_network.gateway"),
    (dict(public_network={"port_group": "pub", "gateway": "10.0.0.1"}), "public_network.gateway"),
    (dict(public_network={"port_group": "pub", "ip": "10.0.0.5/24", "gateway": "10.0.0.1",
                          "routes": "10.1.0.0/16"}), "public_network.routes"),
    (dict(public_network={"port_group": "pub", "ip": "10.0.0.5/24", "routes": ["10.1.0.0/16"]}),
     "public_network.routes"),
    (dict(public_network={"port_group": "pub", "ip": "10.0.0.5/24", "gateway": "10.0.0.1",
                          "routes": ["10.1.0.0/16", "10.2.0.0"]}), "public_network.routes[1]"),
    (dict(client_network={"port_group": "cl", "ip": "bad"}), "client_network.ip"),
    (dict(management_network={"port_group": "m", "gateway": "10.0.0.1"}), "management_network.gateway"),
    (dict(dns_servers=["8.8.8.8", "dns.example.com"]), "dns_servers[1]"),
    (dict(dns_servers=[""]), "dns_servers[0]"),
    (dict(container_networks=[cnet(port_group="pg", alias="bridge")]), "container_networks[0].alias"),
    (dict(container_networks=[cnet(port_group="VM Network")]), "container_networks[0].alias"),
    (dict(container_networks=[cnet(port_group="pg", alias="-x")]), "container_networks[0].alias"),
    (dict(container_networks=[cnet(port_group="pg", alias="a" * 64)]), "container_networks[0].alias"),
    (dict(container_networks=[cnet(port_group="a"), cnet(port_group="pg", alias="a")]),
     "container_networks[1].alias"),
    (dict(container_networks=[cnet(port_group="pg", gateway="10.0.0.1")]), "container_networks[0].gateway"),
    (dict(container_networks=[cnet(port_group="pg", ip_range="10.0.0.10-10.0.0.20")]),
     "container_networks[0].ip_range"),
    (dict(container_networks=[cnet(port_group="pg", gateway="10.0.0.1/24", ip_range="10.0.0.20-10.0.0.10")]),
     "container_networks[0].ip_range"),
    (dict(container_networks=[cnet(port_group="pg", gateway="10.0.0.1/24", ip_range="10.0.0.10")]),
     "container_networks[0].ip_range"),
    (dict(container_networks=[cnet(port_group="pg"), cnet(port_group="q", dns=["1.1.1.1", "x"])]),
     "container_networks[1].dns[1]"),
    (dict(image_store="nfs://server/images"), "image_store"),
    (dict(image_store="ds:///images"), "image_store"),
    (dict(image_store="datastore1/images"), "image_store"),
    (dict(volume_stores=[dict(name="my volumes", url="ds://d")]), "volume_stores[0].name"),
    (dict(volume_stores=[dict(name="v", url="ds://d"), dict(name="v", url="ds://e")]), "volume_stores[1].name"),
    (dict(volume_stores=[dict(name="v", url="https://d/x")]), "volume_stores[0].url"),
    (dict(volume_stores=[dict(name="v", url="nfs://")]), "volume_stores[0].url"),
    (dict(registries=dict(insecure=["ok:5000", ""])), "registries.insecure[1]"),
    (dict(registries=dict(whitelist=["a|b"])), "registries.whitelist[0]"),
    (dict(registries=dict(whitelist=["user@reg"])), "registries.whitelist[0]"),
    (dict(registries=dict(ca="not a certificate")), "registries.ca"),
    (dict(target="ftp://vc.example.com"), "target"),
    (dict(target="https://admin@vc.example.com"), "target"),
    (dict(target="vc.example.com"), "target"),
    (dict(thumbprint="AB:CD"), "thumbprint"),
    (dict(thumbprint=SHA1.replace(":", "")), "thumbprint"),
    (dict(thumbprint=SHA1[:-2] + "GG"), "thumbprint"),
    (dict(ops_user=""), "ops_user"),
    (dict(ops_password="a\x00"), "ops_password"),
    (dict(container_name_convention="x\x00"), "container_name_convention"),
    (dict(syslog_address="tcp://log.example.com"), "syslog_address"),
    (dict(syslog_address="http://log.example.com:514"), "syslog_address"),
    (dict(syslog_address="log.example.com:514"), "syslog_address"),
    (dict(proxies=dict(http="ftp://proxy:21")), "proxies.http"),
    (dict(proxies=dict(https="https://u:p@proxy:3128")), "proxies.https"),
    (dict(proxies=dict(no_proxy=["a", "b,c"])), "proxies.no_proxy[1]"),
    (dict(proxies=dict(no_proxy=[""])), "proxies.no_proxy[0]"),
    (dict(endpoint_cpu=0), "endpoint_cpu"),
    (dict(endpoint_cpu=129), "endpoint_cpu"),
    (dict(endpoint_memory_mb=511), "endpoint_memory_mb"),
    (dict(endpoint_memory_mb=(1 << 20) + 1), "endpoint_memory_mb"),
    (dict(containers=-1), "containers"),
    (dict(containers=(1 << 20) + 1), "containers"),
    (dict(appliance_iso="vic/appliance.iso"), "appliance_iso"),
    (dict(appliance_iso="[LocalDS_0] vic/appliance.img"), "appliance_iso"),
    (dict(bootstrap_iso="[] bootstrap.iso"), "bootstrap_iso"),
    (dict(bootstrap_iso="[ds]bootstrap.iso"), "bootstrap_iso"),
]


@pytest.mark.parametrize("given, field", BAD, ids=["%s-%d" % (b[1], i) for i, b in enumerate(BAD)])
def test_validate_bad(given, field):
    with pytest.raises(OptionError) as excinfo:
        validate(options(**given))
    assert_option_error(excinfo, field)


def test_validate_names_the_first_bad_option():
    with pytest.raises(OptionError) as excinfo:
        validate(options(bridge_network_range="x", endpoint_cpu=0))
    assert excinfo.value.field == "bridge_network_range"


def test_syslog_address_port_out_of_range():
    with pytest.raises(OptionError) as excinfo:
        validate(options(syslog_address="tcp://log.example.com:99999"))
    assert_option_error(excinfo, "syslog_address")


def test_container_network_empty_port_group_names_port_group():
    with pytest.raises(OptionError) as excinfo:
        validate(options(container_networks=[cnet(port_group="")]))
    assert_option_error(excinfo, "container_networks[0].port_group")


def test_container_network_empty_port_group_with_an_alias_names_port_group():
    with pytest.raises(OptionError) as excinfo:
        validate(options(container_networks=[cnet(port_group="", alias="ext")]))
    assert_option_error(excinfo, "container_networks[0].port_group")


# -- validate_deploy -------------------------------------------------------------------------------------------------

def test_validate_deploy_defaults():
    name, opts = validate_deploy(deploy_params())
    assert name == "vch-1"
    assert opts == {
        "bridge_network": "bridge-pg",
        "bridge_network_range": net("172.16.0.0/12"),
        "public_network": {"port_group": "VM Network", "ip": None, "gateway": None, "routes": []},
        "endpoint_cpu": 1, "endpoint_memory_mb": 2048, "debug": 0}


def test_validate_deploy_keeps_given_options():
    name, opts = validate_deploy(deploy_params(
        public_network="pub", client_network="cl", folder="/vic/teams/a/", ops_user="u", ops_password="p",
        debug=2, endpoint_cpu=2, containers=10))
    assert opts["client_network"]["port_group"] == "cl"
    assert (opts["ops_user"], opts["ops_password"], opts["debug"], opts["containers"]) == ("u", "p", 2, 10)
    assert "management_network" not in opts


def test_validate_deploy_absent_checks_only_the_name():
    assert validate_deploy(deploy_params(state="absent", bridge_network=None, datastore=None,
                                         endpoint_cpu=0)) == ("vch-1", None)
    with pytest.raises(OptionError) as excinfo:
        validate_deploy(deploy_params(state="absent", name="a/b"))
    assert_option_error(excinfo, "name")


DEPLOY_BAD = [
    (dict(name="vch|1"), "name"),
    (dict(name=""), "name"),
    (dict(bridge_network=None), "bridge_network"),
    (dict(datastore=None), "datastore"),
    (dict(datastore=""), "datastore"),
    (dict(folder="vic/te@m"), "folder"),
    (dict(folder="vic/" + "f" * 81), "folder"),
    (dict(ops_password="p"), "ops_password"),
    (dict(bridge_network="VM Network"), "public_network"),
    (dict(public_network={"port_group": "bridge-pg", "ip": "10.0.0.5/24"}), "public_network"),
    (dict(client_network="bridge-pg"), "client_network"),
    (dict(management_network="bridge-pg"), "management_network"),
    (dict(endpoint_memory_mb=256), "endpoint_memory_mb"),
    (dict(public_network={"port_group": "p", "gateway": "10.0.0.1"}), "public_network.gateway"),
]


@pytest.mark.parametrize("given, field", DEPLOY_BAD, ids=["%s-%d" % (b[1], i) for i, b in enumerate(DEPLOY_BAD)])
def test_validate_deploy_bad(given, field):
    with pytest.raises(OptionError) as excinfo:
        validate_deploy(deploy_params(**given))
    assert_option_error(excinfo, field)


# -- validate_config -------------------------------------------------------------------------------------------------

IMMUTABLE_VALUES = dict(
    bridge_network="b", bridge_network_range="10.0.0.0/8", public_network="p", client_network="c",
    management_network="m", image_store="ds://d", endpoint_cpu=2, endpoint_memory_mb=4096,
    appliance_iso="[d] a.iso", bootstrap_iso="[d] b.iso", container_name_convention="x",
    version="v1.5.6-21187-5a57dcb0")


def test_immutable_values_cover_every_immutable_option():
    assert sorted(IMMUTABLE_VALUES) == list(IMMUTABLE_OPTIONS)


@pytest.mark.parametrize("key", sorted(k for k in IMMUTABLE_VALUES if k != "appliance_iso"))
def test_validate_config_takes_fixed_options_to_compare_them(key):
    """vch_config takes an option fixed at creation (it fails later only if it differs from the VCH's)."""
    opts, _fields, _secret = validate_config(config_params(**{key: IMMUTABLE_VALUES[key]}))
    assert key in opts


def test_validate_config_refuses_appliance_iso_which_no_configuration_records():
    with pytest.raises(OptionError) as excinfo:
        validate_config(config_params(appliance_iso="[d] a.iso"))
    assert_option_error(excinfo, "appliance_iso")
    assert "redeploy" in str(excinfo.value)


def test_validate_config_parses_mutable_options_without_defaults():
    opts, fields, secret_fields = validate_config(config_params(dns_servers=["10.0.0.2"], containers=3,
                                                                fields={"storage.scratch_size": 1000}))
    assert opts == {"dns_servers": [ip("10.0.0.2")], "containers": 3}
    assert fields == {"storage.scratch_size": 1000} and secret_fields == {}
    assert validate_config(config_params()) == ({}, {}, {})


@pytest.mark.parametrize("fields", [{"": 1}, {1: "x"}])
def test_validate_config_bad_field_paths(fields):
    with pytest.raises(OptionError) as excinfo:
        validate_config(config_params(fields=fields))
    assert_option_error(excinfo, "fields")


def test_validate_config_bad_mutable_option():
    with pytest.raises(OptionError) as excinfo:
        validate_config(config_params(debug=1, thumbprint="nope"))
    assert_option_error(excinfo, "thumbprint")


# -- endpoint_networks -----------------------------------------------------------------------------------------------

def test_endpoint_networks_client_and_management_default_to_public():
    _name, opts = validate_deploy(deploy_params(public_network="pub"))
    endpoints = endpoint_networks(opts)
    assert sorted(endpoints) == ["bridge", "client", "management", "public"]
    assert endpoints["bridge"] == {"port_group": "bridge-pg", "ip": None, "gateway": None, "routes": []}
    assert endpoints["client"] == endpoints["management"] == endpoints["public"] == opts["public_network"]


def test_endpoint_networks_explicit_roles():
    _name, opts = validate_deploy(deploy_params(public_network="pub", client_network="cl",
                                                management_network={"port_group": "mg", "ip": "10.0.0.2/24"}))
    endpoints = endpoint_networks(opts)
    assert [endpoints[r]["port_group"] for r in ("bridge", "public", "client", "management")] == \
        ["bridge-pg", "pub", "cl", "mg"]
    assert endpoints["management"]["ip"] == net("10.0.0.2/24")


def test_endpoint_networks_without_public():
    opts = validate(options(bridge_network="b", client_network="cl"))
    assert sorted(endpoint_networks(opts)) == ["bridge", "client"]
    assert sorted(endpoint_networks({"bridge_network": "b"})) == ["bridge"]


# -- normalize_network -----------------------------------------------------------------------------------------------

def test_normalize_network_default_and_none():
    assert normalize_network("public_network", None) is None
    assert normalize_network("public_network", None, default="VM Network") == \
        {"port_group": "VM Network", "ip": None, "gateway": None, "routes": []}
    assert normalize_network("public_network", "given", default="VM Network")["port_group"] == "given"


# -- parse_ip_range --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, first, last", [
    ("10.0.0.10-10.0.0.20", "10.0.0.10", "10.0.0.20"),
    ("10.0.0.10 - 10.0.0.20", "10.0.0.10", "10.0.0.20"),
    ("10.0.0.5-10.0.0.5", "10.0.0.5", "10.0.0.5"),
    ("10.0.0.0/24", "10.0.0.0", "10.0.0.255"),
    ("10.0.0.5/30", "10.0.0.4", "10.0.0.7"),         # a CIDR means all of its network
    ("10.0.0.5/32", "10.0.0.5", "10.0.0.5"),
])
def test_parse_ip_range_good(value, first, last):
    result = parse_ip_range("r", value)
    assert result == IPRange(ip(first), ip(last))
    assert len(result.first_ip) == len(result.last_ip) == 4


@pytest.mark.parametrize("value", ["10.0.0.20-10.0.0.10", "10.0.0.1-::2", "10.0.0.1-", "-10.0.0.1", "10.0.0.1",
                                   "x-y", "", "10.0.0.0/33"])
def test_parse_ip_range_bad(value):
    with pytest.raises(OptionError) as excinfo:
        parse_ip_range("container_networks[0].ip_range", value)
    assert_option_error(excinfo, "container_networks[0].ip_range")


@settings(**SETTINGS)
@given(st.ip_addresses(v=4), st.ip_addresses(v=4))
def test_parse_ip_range_any_pair(a, b):
    text = "%s-%s" % (a, b)
    if a <= b:
        assert parse_ip_range("r", text) == IPRange(IP(a.packed), IP(b.packed))
    else:
        with pytest.raises(OptionError):
            parse_ip_range("r", text)


@settings(**SETTINGS)
@given(st.ip_addresses(v=4), st.integers(0, 32))
def test_parse_ip_range_any_cidr(address, prefix):
    network = ipaddress.ip_network("%s/%d" % (address, prefix), strict=False)
    result = parse_ip_range("r", "%s/%d" % (address, prefix))
    assert result.first_ip.to_address() == network.network_address
    assert result.last_ip.to_address() == network.broadcast_address


# -- parse_datastore_url ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("ds://datastore1/images", ("datastore1", "images")),
    ("ds://datastore1/a/b/", ("datastore1", "a/b")),
    ("ds://datastore1", ("datastore1", "")),
    ("DS://vsanDatastore/x", ("vsanDatastore", "x")),
])
def test_parse_datastore_url_good(value, expected):
    assert parse_datastore_url("image_store", value) == expected


@pytest.mark.parametrize("value", ["nfs://host/x", "datastore1", "ds://", "ds://u@datastore1/x", ""])
def test_parse_datastore_url_bad(value):
    with pytest.raises(OptionError) as excinfo:
        parse_datastore_url("image_store", value)
    assert_option_error(excinfo, "image_store")


# -- found as an adversary would try them (issue 11) ----------------------------------------------------------------

@pytest.mark.parametrize("given, field", [
    (dict(target="https://vc.lab\nVC_URL=https://evil"), "target"),
    (dict(ops_user="ops\t@vsphere.local"), "ops_user"),
    (dict(bridge_network_range="172.16.0.1/12"), "bridge_network_range"),
    (dict(container_networks=[cnet(port_group="pg", gateway="10.20.0.1/24", ip_range="10.30.0.1-10.30.0.9")]),
     "container_networks[0].ip_range"),
])
def test_what_an_adversary_tries_is_refused(given, field):
    with pytest.raises(OptionError) as excinfo:
        validate(options(**given))
    assert_option_error(excinfo, field)


def test_an_ip_range_inside_the_gateways_network_is_taken():
    network = cnet(port_group="pg", gateway="10.20.0.1/24", ip_range="10.20.0.10-10.20.0.20")
    parsed = validate(options(container_networks=[network]))
    assert str(parsed["container_networks"][0]["pool"].first_ip) == "10.20.0.10"


def test_a_container_network_on_the_bridge_port_group_is_refused():
    with pytest.raises(OptionError) as excinfo:
        validate_deploy(deploy_params(container_networks=[dict(port_group="bridge-pg", alias="web")]))
    assert_option_error(excinfo, "container_networks[0].port_group")


@pytest.mark.parametrize("folder", ["vic/../prod", "./vic", "vic/a\nb"])
def test_folder_parts_dot_dot_and_control_characters_are_refused(folder):
    with pytest.raises(OptionError) as excinfo:
        validate_deploy(deploy_params(folder=folder))
    assert_option_error(excinfo, "folder")


def test_store_datastores_names_the_option_of_each():
    parsed = validate(options(image_store="ds://DS1/images", volume_stores=[
        dict(name="a", url="ds://DS2/vols"), dict(name="b", url="nfs://host/export"), dict(name="c", url="ds://DS3")]))
    assert store_datastores(parsed) == [("image_store", "DS1"), ("volume_stores[0].url", "DS2"),
                                        ("volume_stores[2].url", "DS3")]


def test_secret_fields_take_only_secret_fields_and_fields_none():
    _opts, fields, secret = validate_config(config_params(fields={"storage.scratch_size": 1},
                                                          secret_fields={"connection.token": "x"}))
    assert fields == {"storage.scratch_size": 1} and secret == {"connection.token": "x"}
    for args, field in ((dict(fields={"connection.token": "canary"}), "fields"),
                        (dict(secret_fields={"storage.scratch_size": "canary"}), "secret_fields"),
                        (dict(fields={"certificate.host_certificate.key": "canary"}), "fields")):
        with pytest.raises(OptionError) as excinfo:
            validate_config(config_params(**args))
        assert_option_error(excinfo, field)
        assert "canary" not in str(excinfo.value)


def test_docs_vic_machine_names_every_vch_option():
    """docs/vic-machine.md puts every VCH option next to the vic-machine flag it stands for."""
    import os
    import re
    from tests.support.collection_path import REPO_ROOT
    with open(os.path.join(REPO_ROOT, "docs", "vic-machine.md")) as handle:
        named = set(re.findall(r"`([a-z_]+)[`.( ]", handle.read()))
    assert set(VCH_OPTIONS_SPEC) - named == set()
