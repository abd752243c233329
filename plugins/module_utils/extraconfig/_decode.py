# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decoding extraConfig keys into dataclasses: VIC's layout, without VIC's silent zeros."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import dataclasses

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._encode import (
    atomic_digest, atomic_marker_key, writes_anything)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import ConfigError, TornUpdateError
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._ip import IP, IPMask
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._paths import locate
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    LIST_SEPARATOR, append_to_prefix, is_secret_key, is_visible_key)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import (
    ITEM_KEYED_KINDS, JOINED_KINDS, UNBOUNDED, keyed_fields)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import (
    parse_bool, parse_bytes, parse_float, parse_int, parse_time)

_PARSERS = {
    "int": parse_int,
    "bool": parse_bool,
    "float": parse_float,
    "time": parse_time,
    "bytes": parse_bytes,
    "ip": lambda text: IP(parse_bytes(text)),
    "mask": lambda text: IPMask(parse_bytes(text)),
}
_LENIENT_ZERO = {"int": 0, "bool": False, "float": 0.0, "bytes": b""}
_MISSING = object()
MAX_LIST_ITEMS = 1 << 16  # far more than a VM's extraConfig holds; a larger length key is damage


def as_source(source):
    """A Mapping or a callable ``key -> value`` (raising KeyError) -> a lookup returning _MISSING."""
    if callable(source) and not hasattr(source, "keys"):
        def lookup(key):
            try:
                return source(key)
            except KeyError:
                return _MISSING
        return lookup
    return lambda key: source.get(key, _MISSING)


class _Decoder:
    def __init__(self, lookup, lenient):
        self.lookup = lookup
        self.lenient = lenient
        self.groups = {}  # atomic group -> [(key, raw value)] read for it

    def read(self, key, group):
        raw = self.lookup(key)
        if raw is _MISSING:
            return _MISSING
        if not isinstance(raw, str):
            raw = str(raw)
        if group is not None:
            self.groups.setdefault(group, []).append((key, raw))
        return raw

    def parse(self, kind, key, text):
        if kind == "str":
            return text
        try:
            return _PARSERS[kind](text)
        except ValueError as exc:
            if self.lenient and kind in _LENIENT_ZERO:
                return _LENIENT_ZERO[kind]  # what VIC does: a silent zero
            shown = "(secret)" if is_secret_key(key) else repr(text)
            raise ConfigError("%s: bad %s value %s: %s" % (key, kind, shown, exc)) from None

    def value(self, spec, current, prefix, depth, follow, group):
        """Returns (value, found): found is False when no key of this value was present."""
        if depth == 0:
            return current, False
        depth -= 1
        kind = spec.kind
        if kind == "struct":
            return self.struct(spec.struct, current, prefix, depth, follow, group)
        if kind == "list":
            return self.list(spec, current, prefix, depth, follow, group)
        if kind == "dict":
            return self.dict(spec, current, prefix, depth, follow, group)
        if kind == "optional":
            if not follow:
                return current, False
            target = current if current is not None else spec.item.zero()
            result, found = self.value(spec.item, target, prefix, depth, follow, group)
            return (result, True) if found else (current, False)
        if kind in ("bytes", "ip", "mask") and depth == 0:
            return current, False  # VIC spends one more level on the base64 string
        text = self.read(prefix, group)
        if text is _MISSING:
            return current, False
        return self.parse(kind, prefix, text), True

    def struct(self, cls, current, prefix, depth, follow, group):
        target = current if current is not None else cls()
        found = False
        for fld, key, _flags in keyed_fields(cls, prefix):
            result, ffound = self.value(fld.type, getattr(target, fld.attr), key,
                                        fld.depth if fld.depth is not None else depth,
                                        fld.follow if fld.follow is not None else follow,
                                        fld.group or group)
            if ffound:
                setattr(target, fld.attr, result)
                found = True
        return target, found

    def length(self, prefix, group):
        text = self.read(prefix, group)
        if text is _MISSING or text == "":
            return None
        try:
            last = parse_int(text)
        except ValueError:
            if self.lenient:
                return 1  # VIC reads a bad length as 0, i.e. one item
            raise ConfigError("%s: bad list length %r (the index of the last item)" % (prefix, text)) from None
        if not -1 <= last < MAX_LIST_ITEMS:
            raise ConfigError("%s: bad list length %r (0 to %d items)" % (prefix, text, MAX_LIST_ITEMS))
        return last + 1

    def list(self, spec, current, prefix, depth, follow, group):
        item = spec.item
        if item.kind not in ITEM_KEYED_KINDS and item.kind not in JOINED_KINDS:
            return current, False  # VIC never writes these lists
        count = self.length(prefix, group)
        if count is None:
            return current, False
        if item.kind in JOINED_KINDS:
            joined = self.read(append_to_prefix(prefix, "", "~"), group)
            if joined is _MISSING:
                return current, False  # a length without items: nothing to read
            texts = joined.split(LIST_SEPARATOR)
            if len(texts) != count:
                if not self.lenient:
                    raise ConfigError("%s: length key says %d items, %s~ holds %d"
                                      % (prefix, count, prefix, len(texts)))
                texts = (texts + [""] * count)[:count]
            key = append_to_prefix(prefix, "", "~")
            return [self.parse(item.kind, key, text) for text in texts], True
        out = []
        for index in range(count):
            key = append_to_prefix(prefix, LIST_SEPARATOR, "%d" % index)
            element, found = self.value(item, item.zero(), key, depth, follow, group)
            if not found and not self.lenient and writes_anything(item, element, key, depth, follow):
                raise ConfigError("%s: length key says %d items, item %d is missing" % (prefix, count, index))
            out.append(element)
        return out, True

    def dict(self, spec, current, prefix, depth, follow, group):
        joined = self.read(prefix, group)
        if joined is _MISSING:
            return current, False
        out = {}
        for text in joined.split(LIST_SEPARATOR):
            map_key = text
            if spec.key_kind == "int":
                map_key = self.parse("int", prefix, text)
            key = append_to_prefix(prefix, LIST_SEPARATOR, text)
            element, found = self.value(spec.item, spec.item.zero(), key, depth, follow, group)
            if not found and spec.item.kind != "optional" and not self.lenient \
                    and writes_anything(spec.item, element, key, depth, follow):
                raise ConfigError("%s: map key %r is listed but its entry %s is missing" % (prefix, text, key))
            out[map_key] = element
        return out, True

    def verify_atomic(self, prefix):
        for group, pairs in sorted(self.groups.items()):
            hidden = not all(is_visible_key(key) for key, _value in pairs)
            marker = atomic_marker_key(group, hidden, prefix)
            stored = self.lookup(marker)
            if stored is _MISSING:
                continue  # written by VIC or before the group existed: nothing to check
            if stored != atomic_digest(group, pairs):
                raise TornUpdateError(group, marker)


def decode(cls_or_instance, source, prefix="", lenient=False, verify_atomic=True):
    """Decode ``source`` (a Mapping, or a callable key -> value raising KeyError) into a dataclass.

    Given a class, returns a new instance; given an instance, fills it and returns it. A missing key
    leaves the field as it is; a bad value raises ConfigError naming the key (``lenient=True`` copies
    VIC instead: silent zeros). An atomic group whose marker does not match raises TornUpdateError.
    """
    if isinstance(cls_or_instance, type):
        cls, target = cls_or_instance, None
    else:
        cls, target = type(cls_or_instance), cls_or_instance
    if not dataclasses.is_dataclass(cls):
        raise ConfigError("decode needs a dataclass, got %r" % (cls,))
    decoder = _Decoder(as_source(source), lenient)
    result, _found = decoder.struct(cls, target, prefix, UNBOUNDED - 1, True, None)
    if verify_atomic:
        decoder.verify_atomic(prefix)
    return result


def decode_field(cls, path, source, prefix="", lenient=False):
    """The value of one field of schema ``cls`` (``path`` as for ``key_of``), read from ``source`` alone: what a
    guest published can be read without decoding (and validating) the whole configuration. The field's zero value
    when none of its keys is there."""
    key, spec = locate(cls, path, prefix)
    value, _found = _Decoder(as_source(source), lenient).value(spec, spec.zero(), key, UNBOUNDED - 1, True, None)
    return value
