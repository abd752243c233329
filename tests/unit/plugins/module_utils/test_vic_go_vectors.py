# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Byte for byte with VIC master: tests/fixtures/vic-go-vectors.json was written by VIC's own extraconfig encoder
and decoder (tests/vic-go/main.go, built inside VIC master's tree by tests/vic-go/build). The codec writes what
VIC writes, reads what VIC reads (leniently where VIC's own data is ambiguous), and VIC master's whole VCH and
containerVM configurations decode and re-encode to the very keys VIC wrote."""

import base64
import datetime
import json
import os
import typing

import nacl.secret
import pytest

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, encode, vic, vicstruct
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import format_time, parse_time
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, VCHConfig
from tests.support.collection_path import REPO_ROOT

with open(os.path.join(REPO_ROOT, "tests", "fixtures", "vic-go-vectors.json")) as _handle:
    VECTORS = dict((v["name"], v) for v in json.load(_handle)["vectors"])
# keys the Go that built the vectors writes for url.URL and VIC's own Go (1.8) did not: not VIC's format
NEWER_GO_URL_KEYS = ("/RawFragment", "/OmitHost")


def vic_format(keys):
    return dict((k, v) for k, v in keys.items() if not k.endswith(NEWER_GO_URL_KEYS))


@vicstruct
class Inner:
    a: str = vic("a", scope="read-only")
    b: int = vic("b", scope="read-write")


@vicstruct
class Root:
    plain: str = vic("plain", scope="read-only")
    skip_enc: str = vic("skipenc", scope="read-only", recurse="skip-encode")
    skip_dec: str = vic("skipdec", scope="read-write", recurse="skip-decode")
    skip_enc_struct: Inner = vic("skipencstruct", scope="read-only", recurse="skip-encode")
    skip_dec_struct: Inner = vic("skipdecstruct", scope="read-only", recurse="skip-decode")
    both: str = vic("both", scope="read-only", recurse="depth=1,skip-decode")


def test_the_vector_types_are_these():
    types = VECTORS["skip-encode-skip-decode"]["types"]
    assert [(f["key"], f.get("scope"), f.get("recurse")) for f in types["Root"]] == [
        ("plain", "read-only", None), ("skipenc", "read-only", "skip-encode"), ("skipdec", "read-write", "skip-decode"),
        ("skipencstruct", "read-only", "skip-encode"), ("skipdecstruct", "read-only", "skip-decode"),
        ("both", "read-only", "depth=1,skip-decode")]


def root_of(go):
    def inner(value):
        return Inner(a=value["A"], b=value["B"])
    return Root(plain=go["Plain"], skip_enc=go["SkipEnc"], skip_dec=go["SkipDec"],
                skip_enc_struct=inner(go["SkipEncStruct"]), skip_dec_struct=inner(go["SkipDecStruct"]),
                both=go["Both"])


def test_skip_encode_and_skip_decode_as_vic():
    vector = VECTORS["skip-encode-skip-decode"]
    assert encode(root_of(vector["value"])) == vector["expected"]
    assert decode(Root, vector["input"]) == root_of(vector["decoded"])


@vicstruct
class Times:
    t1: datetime.datetime = vic("t1", scope="read-only")


def test_times_are_written_as_go_writes_them_and_read_back_exactly():
    vector = VECTORS["times"]
    for key, text in vector["expected"].items():
        value = parse_time(text)
        assert format_time(value) == text, key
        go = vector["decoded"]["T" + key.rsplit("/t", 1)[1]]
        if not go["is_zero"]:  # what VIC reads, we read: the same instant and offset
            assert int(value.timestamp()) == go["unix_seconds"] and value.utcoffset().total_seconds() == \
                go["offset_seconds"], key


def test_times_vic_cannot_parse_read_as_its_zero_time_when_lenient():
    vector = VECTORS["times-decode-malformed"]
    for key, text in vector["input"].items():
        go = vector["decoded"]["T" + key.rsplit("/t", 1)[1]]
        warnings = []
        ours = decode(Times, {"guestinfo.vice./t1": text}, lenient=True, warnings=warnings).t1
        if go["is_zero"] and text:
            try:
                parse_time(text)
            except ValueError:
                assert ours == datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc) and warnings, text
        elif not go["is_zero"]:
            assert int(ours.timestamp()) == go["unix_seconds"], text


@vicstruct
class Cmd:
    path: str = vic("Path", scope="read-only")
    args: typing.List[str] = vic("Args", scope="read-only")


@vicstruct
class HasCmd:
    cmd: Cmd = vic("cmd", scope="read-only")


def test_a_pipe_inside_an_argument_as_vic_writes_it_and_reads_it():
    vector = VECTORS["list-args"]
    args = vector["value"]["Cmd"]["Args"]
    assert encode(HasCmd(Cmd(path=vector["value"]["Cmd"]["Path"], args=args))) == vector["expected"]
    assert vector["decoded"]["Cmd"]["Args"] == ["sh", "-c", "ls "]  # VIC loses the end of the argument
    warnings = []
    assert decode(HasCmd, vector["expected"], lenient=True, warnings=warnings).cmd.args == args
    assert len(warnings) == 1 and warnings[0].startswith("guestinfo.vice./cmd/Args~: 3 items were written")


@vicstruct
class Entry:
    a: str = vic("a", scope="read-only")
    b: int = vic("b", scope="read-write")


@vicstruct
class PointerMap:
    m: typing.Dict[str, typing.Optional[Entry]] = vic("m", scope="read-only")


@vicstruct
class StructMap:
    m: typing.Dict[str, Entry] = vic("m", scope="read-only")


@vicstruct
class TextMap:
    sm: typing.Dict[str, str] = vic("sm", scope="read-only")


@pytest.mark.parametrize("name, cls", [("map-ptr-struct-missing-entry", PointerMap),
                                       ("map-struct-missing-entry", StructMap),
                                       ("map-string-string-missing-entry", TextMap)])
def test_a_listed_map_entry_that_is_missing_reads_as_vic_reads_it(name, cls):
    vector = VECTORS[name]
    [field] = vector["types"][vector["root"]]
    ours = getattr(decode(cls, vector["input"], lenient=True), field["attr"])
    theirs = vector["decoded"][field["go"]]
    assert sorted(ours) == sorted(theirs)
    for key, value in theirs.items():
        if value is None:
            assert ours[key] is None
        elif isinstance(value, dict):
            assert (ours[key].a, ours[key].b) == (value["A"], value["B"])
        else:
            assert ours[key] == value


@pytest.mark.parametrize("name, cls", [("vch-config", VCHConfig), ("containervm-executor-config", ExecutorConfig)])
def test_vic_masters_configurations_decode_and_reencode_to_the_keys_vic_wrote(name, cls):
    expected = vic_format(VECTORS[name]["expected"])
    config = decode(cls, expected)
    assert encode(config) == expected


def test_vic_masters_vch_fields_are_read():
    config = decode(VCHConfig, vic_format(VECTORS["vch-config"]["expected"]))
    go = VECTORS["vch-config"]["value"]
    assert config.storage.storage_quota == go["Storage"]["StorageQuota"] > 0
    assert config.container.container_count == go["Container"]["ContainerCount"] > 0
    assert config.container.use_vm_group is go["Container"]["UseVMGroup"] is True
    assert config.container.vm_group_name == go["Container"]["VMGroupName"] != ""


def test_the_sealed_secrets_vic_wrote_open_with_its_key():
    vector = VECTORS["vch-config-secret"]
    box = nacl.secret.SecretBox(base64.b64decode(vector["secret_key_b64"]))
    plain = VECTORS["vch-config"]["expected"]
    sealed = dict((k, v) for k, v in vector["expected"].items() if k.endswith("@secret"))
    assert sealed
    for key, value in sealed.items():
        assert box.decrypt(base64.b64decode(value)).decode("utf-8") == plain[key]
