# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests of the codec: random schemas, random values, damaged maps.

Schemas are dataclasses built at run time (``make_dataclass`` + ``vicstruct``) from a random
description: field keys, scopes and types (scalars, lists, maps, optionals, nested structs up to
depth 3). Values keep to what strict encode accepts, so a strict encode must always succeed.
Hypothesis runs derandomized and without its example database, so CI sees the same examples.
"""

import dataclasses
import datetime
import itertools
import re
import string
import typing

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP, ConfigError, IPMask, decode, encode, encode_entries, vic, vicstruct)

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
MAX_DEPTH = 3

SETTINGS = dict(derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SCOPES = ["read-only", "read-write", "hidden", "", None, "secret", "read-only,secret", "non-persistent"]
SCALAR_KINDS = ["str", "int", "bool", "float", "bytes", "time", "ip", "mask"]
LIST_ITEM_KINDS = ["str", "int", "bool", "float", "time", "ip"]  # lists VIC can write
ANNOTATIONS = {"str": str, "int": int, "bool": bool, "float": float, "bytes": bytes,
               "time": datetime.datetime, "ip": IP, "mask": IPMask}

# ------------------------------------------------------------------------------------------------
# schema descriptions: a type is a tuple
#   ("scalar", kind) | ("list", kind) | ("dict_str", kind) | ("opt_int",)
#   ("struct", fields) | ("list_struct", fields) | ("dict_int_struct", fields) | ("opt_struct", fields)
# fields is a tuple of (segment, scope, type)

SEGMENTS = st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=5)


def _leaf_types():
    return st.one_of(
        st.sampled_from(SCALAR_KINDS).map(lambda k: ("scalar", k)),
        st.sampled_from(LIST_ITEM_KINDS).map(lambda k: ("list", k)),
        st.sampled_from(SCALAR_KINDS).map(lambda k: ("dict_str", k)),
        st.just(("opt_int",)),
    )


_TYPES = {}


def types_at(depth):
    if depth not in _TYPES:
        leaf = _leaf_types()
        if depth >= MAX_DEPTH:
            _TYPES[depth] = leaf
        else:
            inner = fields_at(depth + 1)
            composite = st.one_of(
                inner.map(lambda f: ("struct", f)),
                inner.map(lambda f: ("list_struct", f)),
                inner.map(lambda f: ("dict_int_struct", f)),
                inner.map(lambda f: ("opt_struct", f)),
            )
            _TYPES[depth] = st.one_of(leaf, leaf, composite)
    return _TYPES[depth]


def fields_at(depth):
    return st.lists(st.tuples(SEGMENTS, st.sampled_from(SCOPES), types_at(depth)),
                    min_size=0, max_size=4, unique_by=lambda f: f[0]).map(tuple)


SCHEMAS = fields_at(1).filter(bool)

# ------------------------------------------------------------------------------------------------
# building classes and values from a description

_NAMES = itertools.count()


class Struct:
    """A built struct: its class and, per field, (attr, segment, scope, type node)."""

    def __init__(self, fields):
        self.fields = []
        specs = []
        for index, (segment, scope, desc) in enumerate(fields):
            attr = "f%d_%s" % (index, segment.replace("-", "_"))
            node = Node(desc)
            self.fields.append((attr, segment, scope, node))
            specs.append((attr, node.annotation, vic(segment, scope=scope)))
        self.cls = vicstruct(dataclasses.make_dataclass("S%d" % next(_NAMES), specs))


class Node:
    def __init__(self, desc):
        self.kind = desc[0]
        self.item = desc[1] if len(desc) > 1 and isinstance(desc[1], str) else None
        self.struct = Struct(desc[1]) if self.kind in ("struct", "list_struct", "dict_int_struct", "opt_struct") \
            else None
        self.annotation = {
            "scalar": lambda: ANNOTATIONS[self.item],
            "list": lambda: typing.List[ANNOTATIONS[self.item]],
            "dict_str": lambda: typing.Dict[str, ANNOTATIONS[self.item]],
            "opt_int": lambda: typing.Optional[int],
            "struct": lambda: self.struct.cls,
            "list_struct": lambda: typing.List[self.struct.cls],
            "dict_int_struct": lambda: typing.Dict[int, self.struct.cls],
            "opt_struct": lambda: typing.Optional[self.struct.cls],
        }[self.kind]()


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="|@\x00"),
               max_size=8).filter(lambda t: t != "<nil>")
MAP_KEYS = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="|@./[]\x00"),
                   max_size=5).filter(lambda t: t != "<nil>")
UTC_TIMES = st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31),
                         timezones=st.just(datetime.timezone.utc))
RAW_ADDRESSES = st.sampled_from([0, 4, 16]).flatmap(lambda n: st.binary(min_size=n, max_size=n))
SCALAR_VALUES = {
    "str": TEXT,
    "int": st.integers(INT64_MIN, INT64_MAX),
    "bool": st.booleans(),
    "float": st.floats(allow_nan=False, allow_infinity=False),
    "bytes": st.binary(max_size=8),
    "time": UTC_TIMES,
    "ip": RAW_ADDRESSES.map(IP),
    "mask": RAW_ADDRESSES.map(IPMask),
}


def struct_values(struct):
    return st.builds(struct.cls, **{attr: values(node) for attr, _segment, _scope, node in struct.fields})


def values(node):
    if node.kind == "scalar":
        return SCALAR_VALUES[node.item]
    if node.kind == "list":
        return st.lists(SCALAR_VALUES[node.item], max_size=3)
    if node.kind == "dict_str":
        return st.dictionaries(MAP_KEYS, SCALAR_VALUES[node.item], max_size=3)
    if node.kind == "opt_int":
        return st.none() | SCALAR_VALUES["int"]
    structs = st.deferred(lambda: struct_values(node.struct))
    if node.kind == "struct":
        return structs
    if node.kind == "list_struct":
        return st.lists(structs, max_size=2)
    if node.kind == "dict_int_struct":
        return st.dictionaries(st.integers(INT64_MIN, INT64_MAX), structs, max_size=2)
    return st.none() | structs  # opt_struct


# ------------------------------------------------------------------------------------------------
# what the format can carry, worked out from the description (independently of the codec)


def effective(scope, parent_hidden, parent_np):
    """(hidden, non_persistent) of a field, from its tag and its parent's."""
    if scope is None:
        return parent_hidden, parent_np
    words = scope.split(",")
    if all(word == "" for word in words):
        return True, parent_np
    return "hidden" in words, parent_np or "non-persistent" in words


def field_paths(struct, path="", hidden=True, np=False, out=None):
    """attr path (list indexes and map keys left out) -> (scope, hidden, non_persistent, dropped)."""
    out = {} if out is None else out
    for attr, _segment, scope, node in struct.fields:
        fpath = attr if not path else path + "." + attr
        fhidden, fnp = effective(scope, hidden, np)
        dropped = fhidden and fnp
        out[fpath] = (scope, fhidden, fnp, dropped)
        if node.struct is not None and not dropped:
            field_paths(node.struct, fpath, fhidden, fnp, out)
    return out


def has_dropped_fields(struct):
    return any(info[3] for info in field_paths(struct).values())


def writes_nothing(node, value):
    """Whether encode writes no key at all for ``value`` (schema without dropped fields)."""
    if node.kind == "scalar":
        return node.item in ("bytes", "ip", "mask") and len(value) == 0
    if node.kind in ("list", "dict_str", "list_struct", "dict_int_struct"):
        return not value
    if node.kind == "opt_int":
        return value is None
    if node.kind == "opt_struct" and value is None:
        return True
    return all(writes_nothing(fnode, getattr(value, attr)) for attr, _s, _sc, fnode in node.struct.fields)


def normalized(node, value):
    """``value`` as the format carries it: a pointer to a struct that writes nothing reads back as None."""
    if node.kind == "opt_struct":
        if value is None or writes_nothing(node, value):
            return None
        return normalized_struct(node.struct, value)
    if node.kind == "struct":
        return normalized_struct(node.struct, value)
    if node.kind == "list_struct":
        return [normalized_struct(node.struct, item) for item in value]
    if node.kind == "dict_int_struct":
        return {key: normalized_struct(node.struct, item) for key, item in value.items()}
    return value


def normalized_struct(struct, value):
    return struct.cls(**{attr: normalized(node, getattr(value, attr)) for attr, _s, _sc, node in struct.fields})


def schema_and_value(data):
    struct = Struct(data.draw(SCHEMAS, label="schema"))
    return struct, data.draw(struct_values(struct), label="value")


# ------------------------------------------------------------------------------------------------
# properties


@settings(max_examples=250, **SETTINGS)
@given(st.data())
def test_round_trip(data):
    struct, obj = schema_and_value(data)
    encoded = encode(obj, strict=True)
    decoded = decode(struct.cls, encoded)
    # what is read back encodes to exactly what was written, always
    assert encode(decoded, strict=True) == encoded
    event("keys: %s" % ("0" if not encoded else "1-9" if len(encoded) < 10 else "10+"))
    event("value equality checked" if not has_dropped_fields(struct) else "re-encode only (dropped fields)")
    if not has_dropped_fields(struct):
        assert decoded == normalized_struct(struct, obj)


MUTATION_TEXT = st.one_of(
    st.text(max_size=4),
    st.integers(-3, 20).map(str),
    st.sampled_from(["", "<nil>", "true", "1E+00", "AAAA", "|", "0|1", "a|b|c",
                     "2009-11-10 23:00:00 +0000 UTC", "2009-02-30 23:00:00 +0000 UTC"]),
)


@st.composite
def mutated_maps(draw, encoded):
    keys = sorted(encoded)
    out = dict(encoded)
    if keys:
        for key in draw(st.lists(st.sampled_from(keys), max_size=4)):
            out.pop(key, None)
        for key in draw(st.lists(st.sampled_from(keys), max_size=4)):
            out[key] = draw(MUTATION_TEXT)
        for key in draw(st.lists(st.sampled_from(keys), max_size=3)):
            suffix = draw(st.sampled_from(["~", "|0", "|1", "|2", "|-1", "|x", "/a", ".a"]))
            out[key + suffix] = draw(MUTATION_TEXT)
    for _extra in range(draw(st.integers(0, 2))):
        out[draw(st.text(max_size=6))] = draw(MUTATION_TEXT)
    return out


@settings(max_examples=300, **SETTINGS)
@given(st.data(), st.booleans())
def test_decode_damaged_maps_raises_only_config_error(data, lenient):
    struct, obj = schema_and_value(data)
    damaged = data.draw(mutated_maps(encode(obj)), label="damaged")
    try:
        decode(struct.cls, damaged, lenient=lenient)
        event("decoded")
    except ConfigError:
        event("ConfigError")


@settings(max_examples=100, **SETTINGS)
@given(st.data(), st.booleans())
def test_decode_random_maps_raises_only_config_error(data, lenient):
    struct = Struct(data.draw(SCHEMAS, label="schema"))
    zero_keys = sorted(encode(struct.cls()))
    keys = st.one_of(st.sampled_from(zero_keys), st.text(max_size=6)) if zero_keys else st.text(max_size=6)
    source = data.draw(st.dictionaries(keys, MUTATION_TEXT, max_size=8), label="source")
    try:
        decode(struct.cls, source, lenient=lenient)
        event("decoded")
    except ConfigError:
        event("ConfigError")


_INDEXES = re.compile(r"\[[^\]]*\]")


@settings(max_examples=200, **SETTINGS)
@given(st.data())
def test_hidden_fields_never_get_a_guestinfo_key(data):
    struct, obj = schema_and_value(data)
    paths = field_paths(struct)
    for entry in encode_entries(obj, strict=True):
        key = entry.key
        if key.startswith("guestinfo.vice."):
            assert key[len("guestinfo.vice."):][:1] in ("/", "."), key
        scope, hidden, _np, dropped = paths[_INDEXES.sub("", entry.path)]
        assert not dropped, (entry.path, key)
        if hidden:
            assert not key.startswith("guestinfo."), (entry.path, scope, key)
        else:
            assert key.startswith("guestinfo.vice."), (entry.path, scope, key)
        words = (scope or "").split(",")
        if "non-persistent" in words:
            assert key.endswith("@non-persistent"), (entry.path, key)
        if "secret" in words:
            assert "@secret" in key, (entry.path, key)
