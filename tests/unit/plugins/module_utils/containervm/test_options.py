# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_config's options (module_utils/containervm/options.py): good inputs and what they parse to, bad
inputs and the option the error names. Params are filled in from the argument spec as Ansible would."""

import copy
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.vic.vch.plugins.module_utils.containervm.options import (
    CONTAINERVM_ARGUMENT_SPEC, container_id, validate)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IP, URL, IPNet
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import MountSpec
from tests.support.params import with_defaults

SETTINGS = dict(derandomize=True, database=None, deadline=None, max_examples=100)


def params(**given):
    base = dict(name="web-1", vch="vch-1", command=dict(path="/bin/sh"))
    base.update(given)
    return with_defaults(CONTAINERVM_ARGUMENT_SPEC, base)


def assert_option_error(excinfo, field):
    assert excinfo.value.field == field
    assert str(excinfo.value).startswith(field + ": ")


def test_with_defaults_matches_ansible():
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    given = dict(name="web-1", vch="vch-1", command=dict(path="/bin/sh"), networks=[dict(name="bridge")],
                 mounts=[dict(source="ds://d/v", dest="/v")])
    result = ArgumentSpecValidator(CONTAINERVM_ARGUMENT_SPEC).validate(copy.deepcopy(given))
    assert result.error_messages == []
    assert with_defaults(CONTAINERVM_ARGUMENT_SPEC, given) == result.validated_parameters


def test_container_id_is_stable_and_hex():
    cid = container_id("vch-1", "web-1")
    assert cid == hashlib.sha256(b"vch-1/web-1").hexdigest()
    assert len(cid) == 64 and int(cid, 16) >= 0
    assert cid == container_id("vch-1", "web-1")
    assert cid != container_id("vch-2", "web-1") != container_id("vch-1", "web-2")


def test_defaults():
    name, opts = validate(params())
    cid = container_id("vch-1", "web-1")
    assert name == "web-1"
    assert opts == {
        "id": cid,
        "command": {"path": "/bin/sh", "args": [], "env": [], "dir": ""},
        "networks": [{"name": "bridge", "mac": "", "ip": None, "gateway": None, "nameservers": []}],
        "mounts": {},
        "hostname": cid[:12],
    }


def test_absent_checks_only_the_name():
    assert validate(params(state="absent", vch=None, command=None, cpus=0)) == ("web-1", None)
    with pytest.raises(OptionError) as excinfo:
        validate(params(state="absent", name="a@b"))
    assert_option_error(excinfo, "name")


GOOD = [
    (dict(id="abc123"), "id", "abc123"),
    (dict(id="a" * 64), "id", "a" * 64),
    (dict(id="my_container.v-1"), "hostname", "my_container"),
    (dict(container_hostname="web"), "hostname", "web"),
    (dict(command=dict(path="/usr/bin/env", args=["-i", "x"], env=["A=1", "_B=", "C=x=y\nz"], dir="/tmp")),
     "command", {"path": "/usr/bin/env", "args": ["-i", "x"], "env": ["A=1", "_B=", "C=x=y\nz"], "dir": "/tmp"}),
    (dict(networks=[dict(name="bridge", mac="00:50:56:3F:AB:01", ip="172.16.0.5/16", gateway="172.16.0.1",
                         nameservers=["8.8.8.8"])]),
     "networks", [{"name": "bridge", "mac": "00:50:56:3f:ab:01", "ip": IPNet.parse("172.16.0.5/16"),
                   "gateway": IP.parse("172.16.0.1", v4=True), "nameservers": [IP.parse("8.8.8.8", v4=True)]}]),
    (dict(networks=[dict(name="ext", ip="dhcp"), dict(name="bridge", mac="00:50:56:00:00:00")]),
     "networks", [{"name": "ext", "mac": "", "ip": None, "gateway": None, "nameservers": []},
                  {"name": "bridge", "mac": "00:50:56:00:00:00", "ip": None, "gateway": None,
                   "nameservers": []}]),
    (dict(networks=[dict(name="ext", ip="10.0.0.5/24")]),
     "networks", [{"name": "ext", "mac": "", "ip": IPNet.parse("10.0.0.5/24"), "gateway": None,
                   "nameservers": []}]),
    (dict(mounts=[dict(source="ds://datastore1/volumes/data", dest="/data")]),
     "mounts", {"data": MountSpec(source=URL(scheme="ds", host="datastore1", path="/volumes/data"),
                                  path="/data", mode="rw")}),
    (dict(mounts=[dict(source="nfs://10.0.0.9/export/", dest="/mnt", mode="ro", name="share"),
                  dict(source="nfs://nas/", dest="/nas")]),
     "mounts", {"share": MountSpec(source=URL(scheme="nfs", host="10.0.0.9", path="/export/"), path="/mnt",
                                   mode="ro"),
                "nas": MountSpec(source=URL(scheme="nfs", host="nas", path="/"), path="/nas", mode="rw")}),
]


@pytest.mark.parametrize("given, key, expected", GOOD, ids=["%s-%d" % (g[1], i) for i, g in enumerate(GOOD)])
def test_validate_good(given, key, expected):
    _name, opts = validate(params(**given))
    assert opts[key] == expected


def test_given_id_gives_the_hostname():
    _name, opts = validate(params(id="0123456789abcdef0123"))
    assert opts["hostname"] == "0123456789ab"


@pytest.mark.parametrize("given", [dict(annotations={"a": "1", "com.example/x": ""}), dict(cpus=128),
                                   dict(cpus=1, memory_mb=64), dict(memory_mb=1 << 20)])
def test_validate_good_without_parsed_value(given):
    assert validate(params(**given))[0] == "web-1"


BAD = [
    (dict(name="a/b"), "name"),
    (dict(name="x" * 81), "name"),
    (dict(vch=None), "vch"),
    (dict(vch=""), "vch"),
    (dict(command=None), "command"),
    (dict(command=dict(path="bin/sh")), "command.path"),
    (dict(command=dict(path="/bin/sh", env=["A=1", "B"])), "command.env[1]"),
    (dict(command=dict(path="/bin/sh", env=["1A=x"])), "command.env[0]"),
    (dict(command=dict(path="/bin/sh", env=["=x"])), "command.env[0]"),
    (dict(id="-abc"), "id"),
    (dict(id="a" * 65), "id"),
    (dict(id="a b"), "id"),
    (dict(networks=[dict(name="n", mac="00:50:56:40:00:00")]), "networks[0].mac"),
    (dict(networks=[dict(name="n", mac="00:0c:29:00:00:01")]), "networks[0].mac"),
    (dict(networks=[dict(name="n", mac="00-50-56-00-00-01")]), "networks[0].mac"),
    (dict(networks=[dict(name="n"), dict(name="m", ip="10.0.0.5")]), "networks[1].ip"),
    (dict(networks=[dict(name="n", ip="10.0.0.5/24", gateway="10.0.0.1/24")]), "networks[0].gateway"),
    (dict(networks=[dict(name="n", gateway="10.0.0.1")]), "networks[0].gateway"),
    (dict(networks=[dict(name="n"), dict(name="n")]), "networks[1].name"),
    (dict(networks=[dict(name="n", nameservers=["8.8.8.8", "dns"])]), "networks[0].nameservers[1]"),
    (dict(mounts=[dict(source="https://x/y", dest="/d")]), "mounts[0].source"),
    (dict(mounts=[dict(source="ds:///y", dest="/d")]), "mounts[0].source"),
    (dict(mounts=[dict(source="ds://d/y", dest="d")]), "mounts[0].dest"),
    (dict(mounts=[dict(source="ds://d/v", dest="/a"), dict(source="nfs://n/v", dest="/b")]), "mounts[1].name"),
    (dict(mounts=[dict(source="ds://d/v", dest="/a", name="bad name")]), "mounts[0].name"),
    (dict(annotations={"a|b": "x"}), "annotations"),
    (dict(annotations={"a@b": "x"}), "annotations"),
    (dict(annotations={"a": 1}), "annotations"),
    (dict(cpus=0), "cpus"),
    (dict(cpus=129), "cpus"),
    (dict(memory_mb=63), "memory_mb"),
    (dict(memory_mb=(1 << 20) + 1), "memory_mb"),
]


@pytest.mark.parametrize("given, field", BAD, ids=["%s-%d" % (b[1], i) for i, b in enumerate(BAD)])
def test_validate_bad(given, field):
    with pytest.raises(OptionError) as excinfo:
        validate(params(**given))
    assert_option_error(excinfo, field)


@settings(**SETTINGS)
@given(st.integers(0, 0x3fffff))
def test_any_mac_in_the_static_range(low):
    mac = "00:50:56:%02X:%02X:%02X" % (low >> 16, (low >> 8) & 0xff, low & 0xff)
    _name, opts = validate(params(networks=[dict(name="bridge", mac=mac)]))
    assert opts["networks"][0]["mac"] == mac.lower()


@settings(**SETTINGS)
@given(st.integers(0x400000, 0xffffff))
def test_any_mac_above_the_static_range_is_refused(low):
    mac = "00:50:56:%02x:%02x:%02x" % (low >> 16, (low >> 8) & 0xff, low & 0xff)
    with pytest.raises(OptionError) as excinfo:
        validate(params(networks=[dict(name="bridge", mac=mac)]))
    assert excinfo.value.field == "networks[0].mac"


@settings(**SETTINGS)
@given(st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and not set(s) & set("%/\\|@\x00")),
       st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
           lambda s: s.strip() and not set(s) & set("%/\\|@\x7f") and s not in (".", "..")))
def test_default_id_is_derived_from_vch_and_name(vch, name):
    _name, opts = validate(params(vch=vch, name=name))
    assert opts["id"] == container_id(vch, name)
    assert opts["hostname"] == opts["id"][:12]
