# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Go's net.IP, net.IPMask, net.IPNet, url.URL and time.Time as VIC stores them."""

import base64
from datetime import datetime, timedelta, timezone
from typing import List, Optional

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP, URL, GoTime, IPMask, IPNet, decode, encode, vic, vicstruct)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import format_time, parse_time


def b64(raw):
    return base64.b64encode(raw).decode()


@pytest.mark.parametrize("text, v4, raw", [
    ("10.10.10.10", False, b"\x00" * 10 + b"\xff\xff\x0a\x0a\x0a\x0a"),  # Go's ParseIP: 16 bytes
    ("10.10.10.10", True, b"\x0a\x0a\x0a\x0a"),  # Go's To4
    ("fe80::1", False, bytes.fromhex("fe800000000000000000000000000001")),
])
def test_ip_forms(text, v4, raw):
    ip = IP.parse(text, v4=v4)
    assert ip.raw == raw and str(ip) == text


def test_ip_wire_form_is_go_base64():
    assert b64(IP.parse("10.10.10.10").raw) == "AAAAAAAAAAAAAP//CgoKCg=="


def test_mask_and_network():
    assert IPMask.from_prefix(19).raw == b"\xff\xff\xe0\x00" and IPMask(b"\xff\xff\xe0\x00").prefix_length() == 19
    assert IPMask(b"\xff\x00\xff\x00").prefix_length() is None
    net = IPNet.parse("172.16.0.0/12")
    assert net.ip.raw == b"\xac\x10\x00\x00" and net.mask.raw == b"\xff\xf0\x00\x00"
    assert str(net) == "172.16.0.0/12"
    assert str(IPNet.parse("2001:db8::5/64")) == "2001:db8::5/64"
    with pytest.raises(ValueError):
        IPNet.parse("10.0.0.1")
    with pytest.raises(ValueError):
        IPNet.parse("10.0.0.1/33")


@vicstruct
class Nets:
    addr: IP = vic("addr", scope="read-only")
    net: IPNet = vic("net", scope="read-only")
    gw: Optional[IPNet] = vic("gw", scope="read-write")
    dns: List[IP] = vic("dns", scope="read-only")
    masks: List[IPMask] = vic("masks", scope="read-only")
    url: URL = vic("url", scope="read-only")


def test_net_types_encode_like_vic():
    value = Nets(addr=IP.parse("10.0.0.1", v4=True), net=IPNet.parse("172.16.0.0/16"),
                 gw=IPNet(IP.parse("10.0.0.254"), IPMask.from_prefix(24)),
                 dns=[IP.parse("8.8.8.8", v4=True), IP.parse("::1")], masks=[IPMask.from_prefix(8)],
                 url=URL.parse("ds://LocalDS_0/images"))
    got = encode(value)
    assert got["guestinfo.vice./addr"] == "CgAAAQ=="
    assert got["guestinfo.vice./net/IP"] == "rBAAAA==" and got["guestinfo.vice./net/Mask"] == "//8AAA=="
    assert got["guestinfo.vice..gw.IP"] == "AAAAAAAAAAAAAP//CgAA/g=="
    assert got["guestinfo.vice./dns"] == "1" and got["guestinfo.vice./dns|0"] == "CAgICA=="
    assert "guestinfo.vice./masks" not in got  # VIC cannot encode a list of masks
    assert got["guestinfo.vice./url/Scheme"] == "ds" and got["guestinfo.vice./url/Host"] == "LocalDS_0"
    assert got["guestinfo.vice./url/Path"] == "/images" and got["guestinfo.vice./url/ForceQuery"] == "false"
    back = decode(Nets, got)
    assert back.addr == value.addr and len(back.gw.ip) == 16 and len(back.addr) == 4  # lengths kept
    assert back.dns == value.dns and back.url == value.url and back.masks == []


@pytest.mark.parametrize("text, fields, again", [
    ("https://10.192.171.116", {"scheme": "https", "host": "10.192.171.116", "path": ""}, None),
    ("ds://vsanDatastore/volumes/vol1", {"scheme": "ds", "host": "vsanDatastore", "path": "/volumes/vol1"}, None),
    ("nfs://nfs.example.com/export/share?uid=1000&gid=1000",
     {"host": "nfs.example.com", "path": "/export/share", "raw_query": "uid=1000&gid=1000"}, None),
    ("https://user:secret@host:8443/sdk", {"host": "host:8443", "path": "/sdk"}, "https://host:8443/sdk"),
    ("mailto:ops@example.com", {"scheme": "mailto", "opaque": "ops@example.com", "host": ""}, None),
    ("http://h/a%20b?#frag", {"path": "/a b", "force_query": True, "fragment": "frag"}, None),
    ("http://h/a%2Fb", {"path": "/a/b", "raw_path": "/a%2Fb"}, None),
])
def test_url_parse_like_go(text, fields, again):
    url = URL.parse(text)
    for name, value in fields.items():
        assert getattr(url, name) == value, name
    assert str(url) == (again or text)
    assert "secret" not in repr(url)  # userinfo is never stored


@pytest.mark.parametrize("value, text", [
    (datetime(2009, 11, 10, 23, 0, tzinfo=timezone.utc), "2009-11-10 23:00:00 +0000 UTC"),
    (datetime(2020, 2, 29, 0, 0, 0, 500000, tzinfo=timezone.utc), "2020-02-29 00:00:00.5 +0000 UTC"),
    (datetime(2017, 5, 6, 14, 16, 54, 123456, tzinfo=timezone(timedelta(hours=-7), "PDT")),
     "2017-05-06 14:16:54.123456 -0700 PDT"),
    (datetime(2017, 5, 6, 14, 16, 54, tzinfo=timezone(timedelta(hours=2))), "2017-05-06 14:16:54 +0200 +0200"),
    (datetime(2001, 1, 1), "2001-01-01 00:00:00 +0000 UTC"),  # naive is taken as UTC
])
def test_time_like_go(value, text):
    assert format_time(value) == text
    assert parse_time(text) == value.replace(tzinfo=value.tzinfo or timezone.utc)


@pytest.mark.parametrize("text", [
    "2022-09-18 00:22:47 +0500 +05",          # Asia/Tashkent: the tz database names it by its offset
    "2022-09-18 00:22:47 -0300 -03",          # America/Sao_Paulo
    "2022-09-18 00:22:47.5 +0530 IST",
    "2022-09-18 00:22:47 +0545 +0545",        # Asia/Kathmandu
    "2022-09-18 00:22:47 +1245 +1245",        # Pacific/Chatham in winter
    "2022-09-18 00:22:47 +0200 CEST",
    "2022-09-18 00:22:47 +0000 GMT",
    "2022-09-18 00:22:47 +0000 +0000",        # a fixed zone without a name, as Go writes it
    "2022-09-18 00:22:47 +0000 UTC",
])
def test_times_of_every_zone_come_back_as_go_wrote_them(text):
    value = parse_time(text)
    assert format_time(value) == text
    assert value.utcoffset() == parse_time(text.rsplit(" ", 1)[0] + " X").utcoffset()


@given(st.integers(min_value=-12 * 60, max_value=14 * 60), st.sampled_from(["", "+h", "+hhmm", "ABC", "UTC"]))
def test_any_offset_and_zone_name_round_trip(minutes, style):
    sign = "-" if minutes < 0 else "+"
    numeric = "%s%02d%02d" % (sign, abs(minutes) // 60, abs(minutes) % 60)
    name = {"": numeric, "+h": numeric[:3], "+hhmm": numeric, "ABC": "XYZT", "UTC": "UTC"}[style]
    text = "2024-02-29 23:59:59.123456789 %s %s" % (numeric, name)
    assert format_time(parse_time(text)) == text


def test_nanoseconds_survive_a_round_trip():
    text = "2017-05-06 14:16:54.123456789 -0700 PDT"
    value = parse_time(text)
    assert isinstance(value, GoTime) and value.nanosecond == 123456789 and value.microsecond == 123456
    assert format_time(value) == text
    assert parse_time("2017-05-06 14:16:54.1 +0000 UTC m=+0.000123").microsecond == 100000  # monotonic dropped
