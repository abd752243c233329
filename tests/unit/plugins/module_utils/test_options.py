# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared option parsers (module_utils/options.py): names, IP addresses, CIDR networks, URLs, text."""

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IP, ConfigError, IPMask, IPNet
from ansible_collections.vic.vch.plugins.module_utils.options import (
    OptionError, check_name, datastore_url_as_written, parse_cidr, parse_ip, parse_url, text)

SETTINGS = dict(derandomize=True, database=None, deadline=None, max_examples=100)


def assert_option_error(excinfo, field):
    assert excinfo.value.field == field
    assert str(excinfo.value).startswith(field + ": ")


def test_option_error_is_a_config_error_naming_the_field():
    error = OptionError("public_network.ip", "bad")
    assert isinstance(error, ConfigError)
    assert error.field == "public_network.ip"
    assert str(error) == "public_network.ip: bad"


# -- text ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, allow_empty, expected", [
    (None, False, None),
    ("abc", False, "abc"),
    (" a b ", False, " a b "),
    (5, False, "5"),
    ("", True, ""),
    ("   ", True, "   "),
])
def test_text_good(value, allow_empty, expected):
    assert text("opt", value, allow_empty=allow_empty) == expected


@pytest.mark.parametrize("value, allow_empty, message", [
    ("", False, "must not be empty"),
    ("  \t", False, "must not be empty"),
    ("a\x00b", False, "NUL"),
    ("a\x00b", True, "NUL"),
])
def test_text_bad(value, allow_empty, message):
    with pytest.raises(OptionError) as excinfo:
        text("opt", value, allow_empty=allow_empty)
    assert_option_error(excinfo, "opt")
    assert message in str(excinfo.value)


# -- check_name ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["vch-1", "a", "a" * 80, "My VCH (test)", "déjà-vu", "a.b_c"])
def test_check_name_good(value):
    assert check_name("name", value) == value


@pytest.mark.parametrize("value", ["", "   ", "a" * 81, "a/b", "a\\b", "a|b", "a@b", "50%", "a\x00b"])
def test_check_name_bad(value):
    with pytest.raises(OptionError) as excinfo:
        check_name("name", value)
    assert_option_error(excinfo, "name")


@settings(**SETTINGS)
@given(st.text(alphabet=st.characters(blacklist_characters="%/\\|@\x00\x7f", blacklist_categories=("Cs", "Cc")),
               min_size=1, max_size=80).filter(lambda s: s.strip() and s not in (".", "..")))
def test_check_name_accepts_any_allowed_name(value):
    assert check_name("name", value) == value


@settings(**SETTINGS)
@given(st.text(min_size=0, max_size=40), st.sampled_from("%/\\|@"), st.text(min_size=0, max_size=39))
def test_check_name_refuses_any_forbidden_character(before, bad, after):
    with pytest.raises(OptionError) as excinfo:
        check_name("folder", before + bad + after)
    assert excinfo.value.field == "folder"


# -- parse_ip ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, raw", [
    ("10.0.0.1", bytes([10, 0, 0, 1])),          # the 4-byte form (Go's To4), not the 16-byte one
    (" 192.168.1.254 ", bytes([192, 168, 1, 254])),
    ("::1", b"\x00" * 15 + b"\x01"),
    ("fd00::5", ipaddress.IPv6Address("fd00::5").packed),
])
def test_parse_ip_good(value, raw):
    ip = parse_ip("dns_servers[0]", value)
    assert isinstance(ip, IP)
    assert ip.raw == raw


@pytest.mark.parametrize("value", ["", "10.0.0.256", "10.0.0", "10.0.0.1/24", "vc.example.com", None])
def test_parse_ip_bad(value):
    with pytest.raises(OptionError) as excinfo:
        parse_ip("dns_servers[0]", value)
    assert_option_error(excinfo, "dns_servers[0]")


@settings(**SETTINGS)
@given(st.ip_addresses(v=4))
def test_parse_ip_any_ipv4_is_four_bytes(address):
    ip = parse_ip("f", str(address))
    assert ip.raw == address.packed
    assert str(ip) == str(address)


# -- parse_cidr ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, ip, prefix", [
    ("10.0.0.5/24", "10.0.0.5", 24),            # the address as given, not the network
    ("172.16.0.0/12", "172.16.0.0", 12),
    ("0.0.0.0/0", "0.0.0.0", 0),
    ("10.0.0.5/32", "10.0.0.5", 32),
    ("fd00::1/64", "fd00::1", 64),
])
def test_parse_cidr_good(value, ip, prefix):
    net = parse_cidr("public_network.ip", value)
    assert isinstance(net, IPNet)
    assert net.ip.to_address() == ipaddress.ip_address(ip)
    assert len(net.ip) == len(net.mask) == (4 if "." in ip else 16)
    assert net.mask.prefix_length() == prefix
    assert str(net) == value


@pytest.mark.parametrize("value", ["10.0.0.5", "10.0.0.5/33", "10.0.0/24", "x/24", "", "10.0.0.5/", None])
def test_parse_cidr_bad(value):
    with pytest.raises(OptionError) as excinfo:
        parse_cidr("public_network.ip", value)
    assert_option_error(excinfo, "public_network.ip")


@settings(**SETTINGS)
@given(st.ip_addresses(v=4), st.integers(0, 32))
def test_parse_cidr_any_ipv4(address, prefix):
    net = parse_cidr("f", "%s/%d" % (address, prefix))
    assert net.ip.raw == address.packed
    assert net.mask == IPMask.from_prefix(prefix)


# -- parse_url -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, schemes, scheme, host, path, text_form", [
    ("https://vc.example.com/sdk", ("https", "http"), "https", "vc.example.com", "/sdk",
     "https://vc.example.com/sdk"),
    ("http://vc:8080", ("https", "http"), "http", "vc:8080", "", "http://vc:8080"),
    ("HTTPS://vc.example.com", ("https",), "https", "vc.example.com", "", "https://vc.example.com"),
    ("ds://datastore1/vols/a", ("ds", "nfs"), "ds", "datastore1", "/vols/a", "ds://datastore1/vols/a"),
    ("nfs://10.0.0.9/export", ("ds", "nfs"), "nfs", "10.0.0.9", "/export", "nfs://10.0.0.9/export"),
    ("tcp://[::1]:514", ("tcp",), "tcp", "[::1]:514", "", "tcp://[::1]:514"),
])
def test_parse_url_good(value, schemes, scheme, host, path, text_form):
    url = parse_url("target", value, schemes)
    assert (url.scheme, url.host, url.path) == (scheme, host, path)
    assert str(url) == text_form


@pytest.mark.parametrize("value, schemes, message", [
    ("ftp://vc.example.com", ("https", "http"), "must be a https:// or http:// URL"),
    ("vc.example.com", ("https",), "must be a https:// URL"),
    ("https:///sdk", ("https",), "has no host"),
    ("https:vc.example.com", ("https",), "has no host"),
    ("https://user@vc.example.com", ("https",), "credentials"),
    ("https://user:secret@vc.example.com/sdk", ("https",), "credentials"),
    ("https://vc.example.com/a|b", ("https",), "'|'"),
    ("", ("https",), "must not be empty"),
])
def test_parse_url_bad(value, schemes, message):
    with pytest.raises(OptionError) as excinfo:
        parse_url("target", value, schemes)
    assert_option_error(excinfo, "target")
    assert message in str(excinfo.value)


def test_parse_url_keeps_an_at_sign_in_the_path():
    """Only the authority may not hold credentials; a path may hold '@'."""
    assert parse_url("target", "https://vc/a@b", ("https",)).path == "/a@b"


@pytest.mark.parametrize("stored, written", [
    ("ds://LocalDS_0/%5BLocalDS_0%5D%20volumes", "ds://LocalDS_0/volumes"),  # as vic-machine records it
    ("ds://vsanDatastore/%5BvsanDatastore%5D%20volumes/default", "ds://vsanDatastore/volumes/default"),
    ("ds://Mixed_Case/%5BMixed_Case%5D%20v", "ds://Mixed_Case/v"),
    ("ds://LocalDS_0/volumes", "ds://LocalDS_0/volumes"),  # already as written
    ("ds://LocalDS_0/%5BOther%5D%20volumes", "ds://LocalDS_0/%5BOther%5D%20volumes"),  # not its own datastore
    ("nfs://server/export/volumes", "nfs://server/export/volumes"),
    ("", ""),
])
def test_datastore_url_as_written(stored, written):
    assert datastore_url_as_written(stored) == written


def test_datastore_url_as_written_inverts_what_the_options_store():
    from ansible_collections.vic.vch.plugins.module_utils.vch.options import validate
    opts = validate({"bridge_network": "bridge", "volume_stores": [{"name": "default",
                                                                    "url": "ds://LocalDS_0/vic/volumes"}]})
    assert datastore_url_as_written(str(opts["volume_stores"]["default"])) == "ds://LocalDS_0/vic/volumes"
