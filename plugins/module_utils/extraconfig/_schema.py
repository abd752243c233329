# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema annotations: ``vic()`` fields on dataclasses, and their resolved type model."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import dataclasses
import datetime
import sys
import typing

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._ip import IP, IPMask
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import field_key, split_scope_tag
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import GO_ZERO_TIME

_METADATA_KEY = "vic.vch/extraconfig"
_UNSET = object()

# kinds of TypeSpec
# list items VIC writes one key each (structs, times, net.IP); scalars go '|'-joined in 'key~'
ITEM_KEYED_KINDS = ("struct", "time", "ip")
JOINED_KINDS = ("str", "int", "bool", "float")
UNBOUNDED = -1  # the depth of a walk with no recurse limit
SCALAR_KINDS = ("str", "int", "bool", "float", "bytes", "time", "ip", "mask")
_SCALAR_TYPES = ((bool, "bool"), (int, "int"), (float, "float"), (str, "str"), (bytes, "bytes"),
                 (datetime.datetime, "time"), (IP, "ip"), (IPMask, "mask"))
_ZERO = {"str": str, "int": int, "bool": bool, "float": float, "bytes": bytes,
         "time": lambda: GO_ZERO_TIME, "ip": IP, "mask": IPMask,
         "list": list, "dict": dict, "optional": lambda: None}


class VicTag:
    """What ``vic()`` records on a field: VIC's struct tags plus this collection's extensions."""

    __slots__ = ("key", "scope", "recurse", "produce")

    def __init__(self, key, scope, recurse, produce):
        self.key = key
        self.scope = scope
        self.recurse = recurse
        self.produce = produce


class _ZeroDefault:
    """default_factory of a vic() field given no default: the zero value of the field's type."""

    def __init__(self):
        self.owner = None
        self.name = None
        self._make = None

    def __call__(self):
        if self._make is None:
            if self.owner is None:
                raise TypeError("a vic() field without a default needs its class decorated with @vicstruct")
            self._make = type_spec_of_field(self.owner, self.name).zero
        return self._make()


def vic(key=None, *, scope=None, recurse=None, default=_UNSET, default_factory=_UNSET, produce=None,
        **field_kwargs):
    """A dataclass field annotated like a VIC struct field.

    key: the key segment (default: the attribute name).
    scope: VIC's comma list of scope words ("" = tagged without scope = hidden; None = untagged,
        inherits the parent's scope). This collection adds ``atomic:<group>``.
    recurse: VIC's recurse tag ("depth=N", "nofollow", "follow").
    produce: for a volatile field, a function of the owning object returning a fresh value at
        each encode (the attribute is then only what was last read).
    Without default or default_factory the field defaults to its type's zero value.
    """
    if default is not _UNSET and default_factory is not _UNSET:
        raise ValueError("vic(): give default or default_factory, not both")
    if scope is not None and "secret" in scope.split(","):
        field_kwargs.setdefault("repr", False)  # secrets stay out of reprs and tracebacks
    metadata = dict(field_kwargs.pop("metadata", None) or {})
    metadata[_METADATA_KEY] = VicTag(key, scope, recurse, produce)
    if default is not _UNSET:
        field_kwargs["default"] = default
    else:
        field_kwargs["default_factory"] = _ZeroDefault() if default_factory is _UNSET else default_factory
    # vic() is a field() factory for dataclass bodies; pylint only accepts field() written in the body itself
    return dataclasses.field(metadata=metadata, **field_kwargs)  # pylint: disable=invalid-field-call


def _bind_zero_defaults(cls):
    for fld in dataclasses.fields(cls):
        if isinstance(fld.default_factory, _ZeroDefault) and fld.default_factory.owner is None:
            fld.default_factory.owner = cls
            fld.default_factory.name = fld.name


def vicstruct(cls=None, **dataclass_kwargs):
    """``dataclasses.dataclass`` that also gives vic() fields without a default their zero value.

    Works on a class that is already a dataclass (e.g. from ``dataclasses.make_dataclass``).
    """
    def wrap(klass):
        if not dataclasses.is_dataclass(klass) or "__dataclass_fields__" not in klass.__dict__:
            klass = dataclasses.dataclass(klass, **dataclass_kwargs)
        _bind_zero_defaults(klass)
        return klass
    return wrap if cls is None else wrap(cls)


class TypeSpec:
    """A resolved annotation: kind, and item/key/value/struct parts."""

    __slots__ = ("kind", "item", "key_kind", "struct", "py_type")

    def __init__(self, kind, item=None, key_kind=None, struct=None, py_type=None):
        self.kind = kind
        self.item = item  # list item, dict value, optional target
        self.key_kind = key_kind  # dict key: "str" or "int"
        self.struct = struct  # the dataclass of a struct
        self.py_type = py_type

    def zero(self):
        if self.kind == "struct":
            return self.struct()
        return _ZERO[self.kind]()

    def describe(self):
        if self.kind == "list":
            return "list[%s]" % self.item.describe()
        if self.kind == "dict":
            return "dict[%s, %s]" % (self.key_kind, self.item.describe())
        if self.kind == "optional":
            return "optional[%s]" % self.item.describe()
        if self.kind == "struct":
            return self.struct.__name__
        return self.kind


class FieldSpec:
    """One field of a struct: where its key comes from and what it holds."""

    __slots__ = ("attr", "segment", "tagged", "words", "group", "scope_tag", "recurse", "depth",
                 "follow", "skip", "skip_encode", "skip_decode", "produce", "type")

    def __init__(self, attr, tag, type_spec):
        self.attr = attr
        self.tagged = tag is not None and tag.scope is not None
        self.segment = (tag.key if tag is not None and tag.key else attr)
        self.scope_tag = tag.scope if self.tagged else None
        self.words, self.group = split_scope_tag(tag.scope) if self.tagged else (None, None)
        self.recurse = tag.recurse if tag is not None else None
        self.produce = tag.produce if tag is not None else None
        self.type = type_spec
        (self.depth, self.follow, self.skip, self.skip_encode,
         self.skip_decode) = _parse_recurse(self.recurse)


def _parse_recurse(recurse):
    """VIC's recurse tag -> (depth or None, follow or None, skip, skip_encode, skip_decode). ``skip``: a malformed
    depth, for which VIC leaves the field out altogether; ``skip-encode`` / ``skip-decode``: the field (and what
    is under it) is not written / not read, as VIC's tether marks what only the guest writes."""
    depth = follow = None
    skip_encode = skip_decode = False
    if not recurse:
        return depth, follow, False, False, False
    for prop in recurse.split(","):
        if prop.startswith("depth"):
            parts = prop.split("=")
            if len(parts) != 2:
                return None, None, True, False, False
            try:
                depth = int(parts[1], 10)
            except ValueError:
                return None, None, True, False, False
        elif prop == "nofollow":
            follow = False
        elif prop == "follow":
            follow = True
        elif prop == "skip-encode":
            skip_encode = True
        elif prop == "skip-decode":
            skip_decode = True
    return depth, follow, False, skip_encode, skip_decode


class StructSpec:
    __slots__ = ("cls", "fields")

    def __init__(self, cls):
        self.cls = cls
        self.fields = []


_STRUCTS = {}


def struct_spec(cls):
    """The resolved fields of a dataclass (cached)."""
    spec = _STRUCTS.get(cls)
    if spec is not None:
        return spec
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ConfigError("%r is not a dataclass" % (cls,))
    _bind_zero_defaults(cls)
    spec = _STRUCTS[cls] = StructSpec(cls)  # registered first: recursive types resolve
    try:
        hints = typing.get_type_hints(cls)
        for fld in dataclasses.fields(cls):
            tag = fld.metadata.get(_METADATA_KEY)
            try:
                type_spec = resolve_type(hints[fld.name])
            except ConfigError as exc:
                raise ConfigError("%s.%s: %s" % (cls.__name__, fld.name, exc)) from None
            spec.fields.append(FieldSpec(fld.name, tag, type_spec))
    except Exception:
        del _STRUCTS[cls]
        raise
    return spec


def keyed_fields(cls, prefix):
    """(FieldSpec, key, flags) for each field of ``cls`` that VIC writes under ``prefix``: the fields it skips
    (bad scope, malformed recurse, hidden under a non-persistent parent) are left out."""
    for fld in struct_spec(cls).fields:
        if fld.skip:
            continue
        key, flags = field_key(fld.words, fld.segment, prefix)
        if key:
            yield fld, key, flags


def type_spec_of_field(cls, name):
    hints = typing.get_type_hints(cls)
    return resolve_type(hints[name])


def _union_args(annotation):
    origin = typing.get_origin(annotation)
    if origin is typing.Union:
        return typing.get_args(annotation)
    union_type = getattr(sys.modules.get("types"), "UnionType", None)
    if union_type is not None and isinstance(annotation, union_type):
        return typing.get_args(annotation)
    return None


def resolve_type(annotation):
    """An annotation -> TypeSpec; ConfigError for a type the codec does not support."""
    for py_type, kind in _SCALAR_TYPES:
        if annotation is py_type or (isinstance(annotation, type) and issubclass(annotation, py_type)
                                     and py_type not in (int, str, bytes, float)):
            return TypeSpec(kind, py_type=annotation)
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return TypeSpec("struct", struct=annotation, py_type=annotation)
    union = _union_args(annotation)
    if union is not None:
        members = [arg for arg in union if arg is not type(None)]
        if len(members) != 1 or len(union) != 2:
            raise ConfigError("unsupported union %r: only Optional[T]" % (annotation,))
        return TypeSpec("optional", item=resolve_type(members[0]))
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and len(args) == 1:
        return TypeSpec("list", item=resolve_type(args[0]))
    if origin is dict and len(args) == 2:
        if args[0] is str:
            key_kind = "str"
        elif args[0] is int:
            key_kind = "int"
        else:
            raise ConfigError("unsupported map key type %r: str or int" % (args[0],))
        return TypeSpec("dict", item=resolve_type(args[1]), key_kind=key_kind)
    raise ConfigError("unsupported type %r" % (annotation,))
