# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Malformed inputs: each must raise ConfigError naming the key (or field path) and the bad value.

Three tables: strict decode of damaged maps, strict encode of values the wire format cannot carry,
and check_schema() of schemas VIC would silently skip fields of. A few contrast tests show what the
non-strict / lenient modes do instead (copy VIC).
"""

import datetime
import typing

import pytest

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP, VALUE_SIZE_LIMIT, ConfigError, check_schema, decode, encode, vic, vicstruct)

# --------------------------------------------------------------------------------------------------
# Small schemas (hidden scope keeps the keys short: the key is just the segment)


@vicstruct
class Item:
    name: str = vic("name", scope="hidden")
    port: int = vic("port", scope="hidden")


@vicstruct
class Scalars:
    number: int = vic("number", scope="hidden")
    flag: bool = vic("flag", scope="hidden")
    ratio: float = vic("ratio", scope="hidden")
    when: datetime.datetime = vic("when", scope="hidden")
    blob: bytes = vic("blob", scope="hidden")
    addr: IP = vic("addr", scope="hidden")
    words: typing.List[str] = vic("words", scope="hidden")
    items: typing.List[Item] = vic("items", scope="hidden")
    by_id: typing.Dict[int, Item] = vic("by_id", scope="hidden")
    by_name: typing.Dict[str, Item] = vic("by_name", scope="hidden")
    labels: typing.Dict[str, str] = vic("labels", scope="hidden")
    inner: Item = vic("inner", scope="hidden")


@vicstruct
class Visible:
    """Guest-visible keys, to check messages name the full key."""

    number: int = vic("number", scope="read-only")
    flag: bool = vic("flag", scope="read-write")


# --------------------------------------------------------------------------------------------------
# decode (strict by default)

# (id, source map, key the message must name, bad value the message must name)
DECODE_CASES = [
    ("int-trailing-letter", {"number": "12a"}, "number", "12a"),
    ("int-decimal-point", {"number": "1.5"}, "number", "1.5"),
    ("int-empty", {"number": ""}, "number", "''"),
    ("int-leading-space", {"number": " 1"}, "number", "' 1'"),
    ("int-over-int64", {"number": "9223372036854775808"}, "number", "9223372036854775808"),
    ("int-under-int64", {"number": "-9223372036854775809"}, "number", "-9223372036854775809"),
    ("int-trailing-newline", {"number": "12\n"}, "number", "12\\n"),
    ("int-visible-key", {"guestinfo.vice./number": "x1"}, "guestinfo.vice./number", "x1"),
    ("bool-yes", {"flag": "yes"}, "flag", "yes"),
    ("bool-empty", {"flag": ""}, "flag", "''"),
    ("bool-visible-key", {"guestinfo.vice..flag": "on"}, "guestinfo.vice..flag", "on"),
    ("float-comma", {"ratio": "1,5"}, "ratio", "1,5"),
    ("float-bare-hex-prefix", {"ratio": "0x"}, "ratio", "0x"),
    ("float-overflow", {"ratio": "1E+400"}, "ratio", "1E+400"),
    ("float-trailing-newline", {"ratio": "1.5\n"}, "ratio", "1.5\\n"),
    ("time-iso-format", {"when": "2009-11-10T23:00:00Z"}, "when", "2009-11-10T23:00:00Z"),
    ("time-missing-zone", {"when": "2009-11-10 23:00:00"}, "when", "2009-11-10 23:00:00"),
    ("time-missing-zone-name", {"when": "2009-11-10 23:00:00 +0000"}, "when", "2009-11-10 23:00:00 +0000"),
    ("time-garbage", {"when": "yesterday"}, "when", "yesterday"),
    ("time-bad-month", {"when": "2009-13-10 23:00:00 +0000 UTC"}, "when", "2009-13-10"),
    ("time-bad-offset", {"when": "2009-11-10 23:00:00 +9900 XYZ"}, "when", "+9900"),
    ("time-trailing-newline", {"when": "2009-11-10 23:00:00 +0000 UTC\n"}, "when", "UTC\\n"),
    ("bytes-not-base64", {"blob": "not base64!"}, "blob", "not base64!"),
    ("bytes-missing-padding", {"blob": "AAA"}, "blob", "AAA"),
    ("bytes-non-ascii", {"blob": "AAAA\u00e9"}, "blob", "AAAA\u00e9"),
    ("ip-not-base64", {"addr": "not base64!"}, "addr", "not base64!"),
    ("ip-missing-padding", {"addr": "CgoKCg"}, "addr", "CgoKCg"),
    ("ip-dotted-text", {"addr": "10.10.10.10"}, "addr", "10.10.10.10"),
    ("str-list-shorter-than-length", {"words": "2", "words~": "a|b"}, "words", "3"),
    ("str-list-longer-than-length", {"words": "0", "words~": "a|b"}, "words", "1"),
    ("list-length-not-int", {"words": "x", "words~": "a"}, "words", "'x'"),
    ("list-length-negative", {"words": "-2", "words~": "a"}, "words", "-2"),
    ("struct-list-item-missing", {"items": "1", "items|0/name": "a", "items|0/port": "1"}, "items", "item 1"),
    ("struct-list-length-not-int", {"items": "one"}, "items", "one"),
    ("struct-list-bad-item-value", {"items": "0", "items|0/name": "a", "items|0/port": "p"},
     "items|0/port", "'p'"),
    ("int-map-key-not-int", {"by_id": "abc", "by_id|abc/name": "a", "by_id|abc/port": "1"}, "by_id", "abc"),
    ("int-map-key-float", {"by_id": "2.5"}, "by_id", "2.5"),
    ("map-entry-missing", {"by_name": "a|b", "by_name|a/name": "x", "by_name|a/port": "1"}, "by_name|b", "'b'"),
    ("map-entry-bad-value", {"by_name": "a", "by_name|a/name": "x", "by_name|a/port": "1.0"},
     "by_name|a/port", "1.0"),
    ("nested-struct-bad-int", {"inner/port": "80/tcp"}, "inner/port", "80/tcp"),
]


@pytest.mark.parametrize("source, key, bad", [c[1:] for c in DECODE_CASES], ids=[c[0] for c in DECODE_CASES])
def test_decode_rejects(source, key, bad):
    cls = Visible if any(k.startswith("guestinfo.") for k in source) else Scalars
    with pytest.raises(ConfigError) as info:
        decode(cls, source)
    message = str(info.value)
    assert key in message
    assert bad in message


def test_decode_lenient_copies_vic_silent_zeros():
    got = decode(Scalars, {"number": "12a", "flag": "yes", "ratio": "1,5", "blob": "not base64!"}, lenient=True)
    assert got.number == 0
    assert got.flag is False
    assert got.ratio == 0.0
    assert got.blob == b""


def test_decode_lenient_overrides_a_good_default_with_zero():
    target = Scalars(number=7, flag=True)
    got = decode(target, {"number": "x", "flag": "nope"}, lenient=True)
    assert (got.number, got.flag) == (0, False)


def test_decode_lenient_pads_a_short_primitive_list():
    got = decode(Scalars, {"words": "2", "words~": "a|b"}, lenient=True)
    assert got.words == ["a", "b", ""]


@pytest.mark.parametrize("lenient", [False, True])
def test_decode_huge_length_is_refused(lenient):
    """A damaged length key must neither exhaust memory nor loop for ages, in either mode."""
    with pytest.raises(ConfigError, match="9223372036854775806"):
        decode(Scalars, {"words": "9223372036854775806", "words~": "a|b"}, lenient=lenient)


@vicstruct
class OnlyLists:
    tags: typing.List[str] = vic("tags", scope="read-only")


@vicstruct
class ManyEmpty:
    items: typing.List[OnlyLists] = vic("items", scope="read-only")


def test_decode_huge_struct_list_of_items_that_write_nothing_is_refused():
    with pytest.raises(ConfigError, match="guestinfo.vice./items: bad list length '999999'"):
        decode(ManyEmpty, {"guestinfo.vice./items": "999999"})


# --------------------------------------------------------------------------------------------------
# strict encode


@vicstruct
class VisItem:
    name: str = vic("name", scope="read-only")


@vicstruct
class Strict:
    words: typing.List[str] = vic("words", scope="hidden")
    labels: typing.Dict[str, str] = vic("labels", scope="hidden")
    by_name: typing.Dict[str, VisItem] = vic("by_name", scope="read-only")
    text: str = vic("text", scope="hidden")
    number: int = vic("number", scope="hidden")
    flag: bool = vic("flag", scope="hidden")
    inner: Item = vic("inner", scope="hidden")


# (id, kwargs of Strict, field path the message must name, bad text it must name (or None))
STRICT_ENCODE_CASES = [
    ("pipe-in-list-item", {"words": ["a", "b|c"]}, "words[1]", "b|c"),
    ("pipe-in-map-key", {"labels": {"a|b": "v"}}, "labels[a|b]", "'|'"),
    ("at-in-map-key", {"labels": {"a@secret": "v"}}, "labels[a@secret]", "'@'"),
    ("dot-in-struct-map-key", {"by_name": {"a.b": VisItem()}}, "by_name[a.b]", "'.' or '/'"),
    ("slash-in-struct-map-key", {"by_name": {"a/b": VisItem()}}, "by_name[a/b]", "'.' or '/'"),
    ("value-over-size-limit", {"text": "x" * (VALUE_SIZE_LIMIT + 1)}, "text", str(VALUE_SIZE_LIMIT + 1)),
    ("multibyte-value-over-size-limit", {"text": "\u00e9" * (VALUE_SIZE_LIMIT // 2 + 1)}, "text",
     str(VALUE_SIZE_LIMIT + 2)),
    ("literal-nil", {"text": "<nil>"}, "text", "<nil>"),
    ("literal-nil-list", {"words": ["<nil>"]}, "words", "<nil>"),
    ("nul-character", {"text": "a\x00b"}, "text", "NUL"),
    ("nul-in-map-value", {"labels": {"k": "\x00"}}, "labels[k]", "NUL"),
    ("lone-surrogate", {"text": "a\ud800b"}, "text", "UTF-8"),
    ("int-over-int64", {"number": 1 << 63}, "number", str(1 << 63)),
    ("int-under-int64", {"number": -(1 << 63) - 1}, "number", str(-(1 << 63) - 1)),
    ("nil-in-nested-struct", {"inner": Item(name="<nil>")}, "inner.name", "<nil>"),
]


@pytest.mark.parametrize("kwargs, path, bad", [c[1:] for c in STRICT_ENCODE_CASES],
                         ids=[c[0] for c in STRICT_ENCODE_CASES])
def test_strict_encode_rejects(kwargs, path, bad):
    obj = Strict(**kwargs)
    with pytest.raises(ConfigError) as info:
        encode(obj, strict=True)
    message = str(info.value)
    assert path in message
    assert bad in message
    encode(obj)  # the default mode writes what VIC writes


# type errors fail in both modes
TYPE_ERROR_CASES = [
    ("str-for-int", {"number": "12"}, "number", "str"),
    ("bool-for-int", {"number": True}, "number", "bool"),
    ("float-for-int", {"number": 1.0}, "number", "float"),
    ("int-for-str", {"text": 12}, "text", "int"),
    ("none-for-str", {"text": None}, "text", "NoneType"),
    ("int-for-bool", {"flag": 1}, "flag", "int"),
    ("dict-for-struct", {"inner": {"name": "a"}}, "inner", "dict"),
    ("str-for-list", {"words": "abc"}, "words", "str"),
    ("int-in-str-list", {"words": ["a", 1]}, "words[1]", "int"),
    ("list-for-map", {"labels": [("a", "b")]}, "labels", "list"),
    ("int-map-key-for-str", {"labels": {1: "b"}}, "labels", "1"),
    ("wrong-type-in-nested-struct", {"inner": Item(port="80")}, "inner.port", "str"),
]


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
@pytest.mark.parametrize("kwargs, path, bad", [c[1:] for c in TYPE_ERROR_CASES], ids=[c[0] for c in TYPE_ERROR_CASES])
def test_encode_type_errors(kwargs, path, bad, strict):
    with pytest.raises(ConfigError) as info:
        encode(Strict(**kwargs), strict=strict)
    message = str(info.value)
    assert path in message
    assert bad in message


def test_non_strict_encode_writes_pipes_as_vic_does():
    got = encode(Strict(words=["a|b", "c"], labels={"x|y": "v"}, by_name={"a.b": VisItem(name="n")}))
    assert got["words~"] == "a|b|c"
    assert got["words"] == "1"
    assert got["labels"] == "x|y"
    assert got["labels|x|y"] == "v"
    # VIC rewrites the '.' of the map key in the read-only keys below it
    assert got["guestinfo.vice./by_name|a/b/name"] == "n"


def test_non_strict_pipes_read_back_differently():
    """Why strict mode refuses them: the list reads back with one more piece than items. Lenient reading (what
    VIC wrote) keeps the item count, joining the extra pieces into the last item -- right for ``sh -c "a | b"``,
    the common case; VIC itself drops them -- and says so, naming the key."""
    with pytest.raises(ConfigError):
        decode(Strict, encode(Strict(words=["a|b", "c"])))
    warnings = []
    assert decode(Strict, encode(Strict(words=["a|b", "c"])), lenient=True, warnings=warnings).words == ["a", "b|c"]
    assert warnings == ["words~: 2 items were written but the text holds 3 '|'-separated pieces (VIC does not "
                        "escape '|' inside an item), read as ['a', 'b|c']"]
    assert decode(Strict, encode(Strict(words=["sh", "-c", "ls | wc -l"])), lenient=True).words == \
        ["sh", "-c", "ls | wc -l"]


# --------------------------------------------------------------------------------------------------
# check_schema


def _schema(name, fields, inner=None):
    """A one-class schema: fields is [(attr, annotation, vic kwargs)]."""
    import dataclasses
    specs = [(attr, annotation, vic(**kwargs)) for attr, annotation, kwargs in fields]
    return vicstruct(dataclasses.make_dataclass(name, specs))


@vicstruct
class GroupB:
    value: str = vic("value", scope="read-only,atomic:b")


@vicstruct
class GroupInner:
    plain: str = vic("plain", scope="read-only")


# (id, fields, attr the problem must name, word in the problem)
SCHEMA_CASES = [
    ("unknown-scope-word", [("f", str, {"key": "f", "scope": "readonly"})], "f", "'readonly'"),
    ("upper-case-scope", [("f", str, {"key": "f", "scope": "Read-Only"})], "f", "'Read-Only'"),
    ("upper-case-hidden", [("f", str, {"key": "f", "scope": "HIDDEN"})], "f", "'HIDDEN'"),
    ("empty-part", [("f", str, {"key": "f", "scope": "read-only,"})], "f", "'read-only,'"),
    ("space-after-comma", [("f", str, {"key": "f", "scope": "read-only, hidden"})], "f", "'read-only, hidden'"),
    ("hidden-and-non-persistent", [("f", str, {"key": "f", "scope": "hidden,non-persistent"})], "f",
     "non-persistent"),
    ("recurse-depth-not-int", [("f", str, {"key": "f", "scope": "hidden", "recurse": "depth=x"})], "f",
     "'depth=x'"),
    ("recurse-depth-without-value", [("f", str, {"key": "f", "scope": "hidden", "recurse": "depth"})], "f",
     "'depth'"),
    ("pipe-in-key-segment", [("f", str, {"key": "a|b", "scope": "hidden"})], "f", "'a|b'"),
    ("at-in-key-segment", [("f", str, {"key": "a@b", "scope": "hidden"})], "f", "'a@b'"),
    ("tilde-in-key-segment", [("f", str, {"key": "a~", "scope": "hidden"})], "f", "'a~'"),
    ("atomic-mixes-hidden-and-visible", [("h", str, {"key": "h", "scope": "hidden,atomic:g"}),
                                         ("v", str, {"key": "v", "scope": "read-only,atomic:g"})],
     "h", "'g'"),
    ("atomic-holds-read-write", [("w", str, {"key": "w", "scope": "read-write,atomic:g"})], "w", "'g'"),
    ("atomic-holds-non-persistent", [("n", str, {"key": "n", "scope": "non-persistent,atomic:g"})], "n", "'g'"),
    ("atomic-nested-different-group", [("outer", GroupB, {"key": "outer", "scope": "read-only,atomic:a"})],
     "outer.value", "'b'"),
    ("atomic-bad-group-name", [("f", str, {"key": "f", "scope": "read-only,atomic:a b"})], "f", "atomic"),
    ("atomic-two-groups", [("f", str, {"key": "f", "scope": "read-only,atomic:a,atomic:b"})], "f", "atomic"),
    ("list-of-lists", [("f", typing.List[typing.List[int]], {"key": "f", "scope": "hidden"})], "f",
     "list[list[int]]"),
    ("list-of-maps", [("f", typing.List[typing.Dict[str, int]], {"key": "f", "scope": "hidden"})], "f",
     "list[dict[str, int]]"),
    ("list-of-bytes", [("f", typing.List[bytes], {"key": "f", "scope": "hidden"})], "f", "list[bytes]"),
    ("bad-scope-in-nested-struct", [("outer", _schema("Bad", [("g", str, {"key": "g", "scope": "secrett"})]),
                                     {"key": "outer", "scope": "read-only"})], "outer.g", "'secrett'"),
    ("unsupported-type", [("f", set, {"key": "f", "scope": "hidden"})], "f", "set"),
]


@pytest.mark.parametrize("fields, attr, word", [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES])
def test_check_schema_reports(fields, attr, word):
    cls = _schema("Checked", fields)
    problems = check_schema(cls)
    assert problems, "check_schema found nothing"
    text = "\n".join(problems)
    assert attr in text
    assert word in text


def test_check_schema_accepts_a_clean_schema():
    cls = _schema("Clean", [
        ("a", str, {"key": "a", "scope": "read-only,atomic:g"}),
        ("b", GroupInner, {"key": "b", "scope": "read-only,atomic:g"}),
        ("c", str, {"key": "c", "scope": "hidden,atomic:h"}),
        ("d", typing.List[int], {"key": "d", "scope": "read-write"}),
        ("e", str, {"key": "e", "scope": ","}),
        ("f", str, {"key": "f", "scope": "non-persistent"}),
    ])
    assert check_schema(cls) == []


def test_atomic_misuse_also_fails_encode():
    cls = _schema("MixedGroup", [("h", str, {"key": "h", "scope": "hidden,atomic:g"}),
                                 ("v", str, {"key": "v", "scope": "read-only,atomic:g"})])
    with pytest.raises(ConfigError) as info:
        encode(cls())
    assert "'g'" in str(info.value)


def test_invalid_scopes_are_skipped_like_vic():
    cls = _schema("Skipped", [("a", str, {"key": "a", "scope": "read-only,"}),
                              ("b", str, {"key": "b", "scope": "Read-Only"}),
                              ("c", str, {"key": "c", "scope": "hidden,non-persistent"}),
                              ("d", str, {"key": "d", "scope": "hidden", "recurse": "depth=x"}),
                              ("e", str, {"key": "e", "scope": "read-only"})])
    assert encode(cls(a="1", b="2", c="3", d="4", e="5")) == {"guestinfo.vice./e": "5"}


@vicstruct
class SecretNumber:
    pin: int = vic("pin", scope="secret")


def test_a_bad_secret_value_is_not_shown_in_the_error():
    with pytest.raises(ConfigError) as caught:
        decode(SecretNumber, {"guestinfo.vice./pin@secret": "s3cr3t-not-a-number"})
    assert "guestinfo.vice./pin@secret" in str(caught.value) and "s3cr3t" not in str(caught.value)


@vicstruct
class GroupSecret:
    user: str = vic("user", scope="read-only,atomic:cred")
    password: str = vic("password", scope="secret,atomic:cred")


def test_an_atomic_group_cannot_hold_a_secret():
    problems = check_schema(GroupSecret)
    assert any("GroupSecret.password" in p and "secret" in p for p in problems), problems
    with pytest.raises(ConfigError, match="password: atomic group 'cred' cannot hold a secret"):
        encode(GroupSecret("u", "p"))
