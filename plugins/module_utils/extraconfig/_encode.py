# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Encoding dataclasses into extraConfig keys, as VIC's encoder writes them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._ip import IP, IPMask
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    HIDDEN, LIST_SEPARATOR, NON_PERSISTENT, READ_ONLY, READ_WRITE, SECRET, VOLATILE,
    append_to_prefix, calculate_key, key_flags)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import (
    ITEM_KEYED_KINDS, JOINED_KINDS, UNBOUNDED, keyed_fields, struct_spec)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import (
    INT64_MAX, INT64_MIN, format_bool, format_bytes, format_float, format_int, format_time)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._wire import NIL_VALUE

VALUE_SIZE_LIMIT = 1 << 20  # tools.setInfo.sizeLimit and the host's reply limit to the guest
ATOMIC_SEGMENT = "_atomic"


class Entry:
    """One encoded key/value with what the codec knows about it."""

    __slots__ = ("key", "value", "flags", "group", "path")

    def __init__(self, key, value, flags, group, path):
        self.key = key
        self.value = value
        self.flags = flags  # the key's scope flags, plus VOLATILE where a producer made it
        self.group = group  # atomic group name, or None
        self.path = path  # the field path, for messages: "network.container_networks[vnet].gateway"

    @property
    def hidden(self):
        return bool(self.flags & HIDDEN)

    @property
    def secret(self):
        return bool(self.flags & SECRET)

    @property
    def volatile(self):
        return bool(self.flags & VOLATILE)

    @property
    def non_persistent(self):
        return bool(self.flags & NON_PERSISTENT)

    @property
    def is_marker(self):
        return self.group is not None and self.path == ATOMIC_SEGMENT

    def __repr__(self):
        shown = "<secret>" if self.secret else self.value
        return "Entry(%r, %r)" % (self.key, shown)


def atomic_marker_key(group, hidden, prefix=""):
    """The key of an atomic group's marker: guestinfo.vice./_atomic|GROUP, or hidden _atomic|GROUP."""
    return calculate_key(HIDDEN if hidden else READ_ONLY, prefix, ATOMIC_SEGMENT + LIST_SEPARATOR + group)


def atomic_digest(group, pairs):
    """Short digest of a group's encoded (key, value) pairs, order-independent."""
    digest = hashlib.sha256(group.encode("utf-8"))
    for key, value in sorted(pairs):
        digest.update(b"\n" + key.encode("utf-8", "surrogatepass") + b"=" + value.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _format_scalar(kind, value, path, strict):
    if kind == "str":
        if not isinstance(value, str):
            raise ConfigError("%s: expected a string, got %r" % (path, type(value).__name__))
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError("%s: expected an integer, got %r" % (path, type(value).__name__))
        if strict and not INT64_MIN <= value <= INT64_MAX:
            raise ConfigError("%s: %d does not fit in 64 bits" % (path, value))
        return format_int(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError("%s: expected a boolean, got %r" % (path, type(value).__name__))
        return format_bool(value)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError("%s: expected a number, got %r" % (path, type(value).__name__))
        return format_float(float(value))
    if kind == "time":
        if not isinstance(value, datetime.datetime):
            raise ConfigError("%s: expected a datetime, got %r" % (path, type(value).__name__))
        return format_time(value)
    expected = {"bytes": (bytes, bytearray), "ip": IP, "mask": IPMask}[kind]
    if not isinstance(value, expected):
        raise ConfigError("%s: expected %s, got %r" % (path, kind, type(value).__name__))
    return format_bytes(value.raw if kind in ("ip", "mask") else value)


def _item_has_struct(spec):
    while spec.kind in ("optional", "list"):
        spec = spec.item
    return spec.kind == "struct"


class _Encoder:
    def __init__(self, strict):
        self.strict = strict
        self.entries = []
        self.keys = {}

    def emit(self, key, value, volatile, group, path):
        if self.strict:
            self._check_value(key, value, path)
            if key in self.keys:
                raise ConfigError("%s: key %s is also written by %s; it could not be read back"
                                  % (path, key, self.keys[key].path))
        flags = key_flags(key) | (VOLATILE if volatile else 0)
        entry = Entry(key, value, flags, group, path)
        self.keys[key] = entry
        self.entries.append(entry)

    @staticmethod
    def _check_value(key, value, path):
        try:
            size = len(value.encode("utf-8"))
        except UnicodeEncodeError:
            raise ConfigError("%s: value of %s is not valid UTF-8 text" % (path, key)) from None
        if size > VALUE_SIZE_LIMIT:
            raise ConfigError("%s: value of %s is %d bytes, over the %d byte limit"
                              % (path, key, size, VALUE_SIZE_LIMIT))
        if value == NIL_VALUE:
            raise ConfigError("%s: the value %r of %s would read back as empty" % (path, NIL_VALUE, key))
        if "\x00" in value:
            raise ConfigError("%s: value of %s contains a NUL character" % (path, key))

    def value(self, spec, value, prefix, depth, follow, volatile, group, path):
        if depth == 0:
            return
        depth -= 1
        kind = spec.kind
        if kind in ("bytes", "ip", "mask"):
            # VIC writes a []byte as a base64 string through one more encode level
            text = _format_scalar(kind, value, path, self.strict)
            if text and depth != 0:
                self.emit(prefix, text, volatile, group, path)
        elif kind == "struct":
            self.struct(spec.struct, value, prefix, depth, follow, volatile, group, path)
        elif kind == "list":
            self.list(spec, value, prefix, depth, follow, volatile, group, path)
        elif kind == "dict":
            self.dict(spec, value, prefix, depth, follow, volatile, group, path)
        elif kind == "optional":
            if follow and value is not None:
                self.value(spec.item, value, prefix, depth, follow, volatile, group, path)
        else:
            self.emit(prefix, _format_scalar(kind, value, path, self.strict), volatile, group, path)

    def struct(self, cls, value, prefix, depth, follow, volatile, group, path):
        if not isinstance(value, cls):
            raise ConfigError("%s: expected %s, got %r" % (path or "value", cls.__name__, type(value).__name__))
        for fld, key, flags in keyed_fields(cls, prefix):
            if fld.skip_encode:
                continue
            fpath = fld.attr if not path else path + "." + fld.attr
            if fld.group is not None and group is not None and fld.group != group:
                raise ConfigError("%s: atomic group %r inside atomic group %r" % (fpath, fld.group, group))
            fvalue = fld.produce(value) if fld.produce is not None else getattr(value, fld.attr)
            self.value(fld.type, fvalue, key,
                       fld.depth if fld.depth is not None else depth,
                       fld.follow if fld.follow is not None else follow,
                       volatile or bool(flags & VOLATILE) and fld.produce is not None,
                       fld.group or group, fpath)

    def list(self, spec, value, prefix, depth, follow, volatile, group, path):
        if not isinstance(value, (list, tuple)):
            raise ConfigError("%s: expected a list, got %r" % (path, type(value).__name__))
        if not value:
            return
        item = spec.item
        if item.kind in ITEM_KEYED_KINDS:
            for index, element in enumerate(value):
                self.value(item, element, append_to_prefix(prefix, LIST_SEPARATOR, "%d" % index),
                           depth, follow, volatile, group, "%s[%d]" % (path, index))
        elif item.kind in JOINED_KINDS:
            texts = [_format_scalar(item.kind, element, "%s[%d]" % (path, index), self.strict)
                     for index, element in enumerate(value)]
            if self.strict:
                for index, text in enumerate(texts):
                    if LIST_SEPARATOR in text:
                        raise ConfigError("%s[%d]: %r contains '|', which separates list items"
                                          % (path, index, text))
            self.emit(append_to_prefix(prefix, "", "~"), LIST_SEPARATOR.join(texts), volatile, group, path)
        else:
            return  # VIC cannot encode lists of lists, pointers, maps or bytes: nothing is written
        self.emit(prefix, format_int(len(value) - 1), volatile, group, path)

    def dict(self, spec, value, prefix, depth, follow, volatile, group, path):
        if not isinstance(value, dict):
            raise ConfigError("%s: expected a mapping, got %r" % (path, type(value).__name__))
        if not value:
            return
        texts = []
        for map_key, element in value.items():
            if spec.key_kind == "int":
                if isinstance(map_key, bool) or not isinstance(map_key, int):
                    raise ConfigError("%s: map key %r is not an integer" % (path, map_key))
                text = format_int(map_key)
            else:
                if not isinstance(map_key, str):
                    raise ConfigError("%s: map key %r is not a string" % (path, map_key))
                text = map_key
            epath = "%s[%s]" % (path, text)
            if self.strict:
                self._check_map_key(spec, text, epath)
            texts.append(text)
            self.value(spec.item, element, append_to_prefix(prefix, LIST_SEPARATOR, text),
                       depth, follow, volatile, group, epath)
        self.emit(prefix, LIST_SEPARATOR.join(sorted(texts)), volatile, group, path)

    @staticmethod
    def _check_map_key(spec, text, path):
        for char, why in ((LIST_SEPARATOR, "separates map keys"), ("@", "starts a key suffix")):
            if char in text:
                raise ConfigError("%s: map key %r contains %r, which %s" % (path, text, char, why))
        if ("." in text or "/" in text) and _item_has_struct(spec.item):
            raise ConfigError("%s: map key %r contains '.' or '/', which VIC rewrites in the keys of "
                              "the fields below it" % (path, text))

    def add_atomic_markers(self, prefix):
        groups = {}
        for entry in self.entries:
            if entry.group is not None:
                groups.setdefault(entry.group, []).append(entry)
        for group in sorted(groups):
            members = groups[group]
            hidden = {entry.hidden for entry in members}
            if len(hidden) > 1:
                other = next(e.path for e in members if e.hidden != members[0].hidden)
                raise ConfigError("atomic group %r mixes hidden and guest-visible fields (%s, %s)"
                                  % (group, members[0].path, other))
            for entry in members:
                if entry.flags & (READ_WRITE | NON_PERSISTENT):
                    raise ConfigError("%s: atomic group %r cannot hold a field the guest writes (%s)"
                                      % (entry.path, group, entry.key))
                if entry.secret:  # the marker's digest would be taken over the plaintext
                    raise ConfigError("%s: atomic group %r cannot hold a secret field (%s)"
                                      % (entry.path, group, entry.key))
            key = atomic_marker_key(group, hidden.pop(), prefix)
            digest = atomic_digest(group, [(entry.key, entry.value) for entry in members])
            self.emit(key, digest, False, group, ATOMIC_SEGMENT)


def writes_anything(spec, value, prefix, depth, follow):
    """Whether VIC would write any key for ``value`` at ``prefix`` (so, when reading, its absence means damage)."""
    encoder = _Encoder(strict=False)
    try:
        encoder.value(spec, value, prefix, depth, follow, False, None, "")
    except ConfigError:
        return True
    return bool(encoder.entries)


def encode_entries(obj, prefix="", strict=False):
    """Every key/value VIC would write for ``obj``, as Entry objects, atomic markers last."""
    encoder = _Encoder(strict)
    struct_spec(type(obj))
    encoder.struct(type(obj), obj, prefix, UNBOUNDED - 1, True, False, None, "")
    encoder.add_atomic_markers(prefix)
    return encoder.entries


def encode(obj, prefix="", strict=False):
    """Every key/value VIC would write for ``obj`` (values not yet <nil>-escaped).

    strict=True raises ConfigError on values VIC would write but could not read back.
    """
    return dict((entry.key, entry.value) for entry in encode_entries(obj, prefix, strict))
