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
    GO_ZERO_TIME, parse_bool, parse_bytes, parse_float, parse_int, parse_time)

_PARSERS = {
    "int": parse_int,
    "bool": parse_bool,
    "float": parse_float,
    "time": parse_time,
    "bytes": parse_bytes,
    "ip": lambda text: IP(parse_bytes(text)),
    "mask": lambda text: IPMask(parse_bytes(text)),
}
# what VIC reads where a value does not parse: Go's zero values (a time VIC cannot parse is the zero time)
_LENIENT_ZERO = {"int": 0, "bool": False, "float": 0.0, "bytes": b"", "time": GO_ZERO_TIME}
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
    def __init__(self, lookup, lenient, warnings=None):
        self.lookup = lookup
        self.lenient = lenient
        self.warnings = warnings if warnings is not None else []  # what lenient reading let pass, by key
        self.groups = {}  # atomic group -> [(key, raw value)] read for it

    def warn(self, key, message):
        self.warnings.append("%s: %s" % (key, message))

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
            shown = "(secret)" if is_secret_key(key) else repr(text)
            if self.lenient and kind in _LENIENT_ZERO:
                self.warn(key, "bad %s value %s (%s), read as VIC reads it: its zero value" % (kind, shown, exc))
                return _LENIENT_ZERO[kind]
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
            if fld.skip_decode:
                continue
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
                self.warn(prefix, "bad list length %r, read as VIC reads it: one item" % text)
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
            key = append_to_prefix(prefix, "", "~")
            if len(texts) != count:
                if not self.lenient:
                    raise ConfigError("%s: length key says %d items, %s~ holds %d"
                                      % (prefix, count, prefix, len(texts)))
                texts = self.lenient_items(key, texts, count)
            return [self.parse(item.kind, key, text) for text in texts], True
        out = []
        for index in range(count):
            key = append_to_prefix(prefix, LIST_SEPARATOR, "%d" % index)
            element, found = self.value(item, item.zero(), key, depth, follow, group)
            if not found and writes_anything(item, element, key, depth, follow):
                if not self.lenient:
                    raise ConfigError("%s: length key says %d items, item %d is missing" % (prefix, count, index))
                self.warn(key, "missing, read as VIC reads it: an empty item")
            out.append(element)
        return out, True

    def lenient_items(self, key, texts, count):
        """The ``count`` items of a joined list whose text split into another number of pieces: VIC does not
        escape '|' inside an item (``sh|-c|ls | wc -l``), so the pieces after the first ``count - 1`` are one item
        joined again (VIC itself keeps only the first ``count`` pieces); too few pieces are padded with empty
        items. Said, since the split VIC wrote is ambiguous."""
        if len(texts) > count > 0:
            items = texts[:count - 1] + [LIST_SEPARATOR.join(texts[count - 1:])]
        else:
            items = (texts + [""] * count)[:count]
        shown = "" if is_secret_key(key) else ", read as %r" % (items,)
        self.warn(key, "%d items were written but the text holds %d '|'-separated pieces (VIC does not escape '|' "
                       "inside an item)%s" % (count, len(texts), shown))
        return items

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
            # an entry listed but absent: a pointer is nil (as VIC writes a nil entry, and reads it back); anything
            # else is damage, which VIC's decoder reads by leaving the entry out
            damaged = not found and spec.item.kind != "optional"
            if damaged and writes_anything(spec.item, element, key, depth, follow):
                if not self.lenient:
                    raise ConfigError("%s: map key %r is listed but its entry %s is missing" % (prefix, text, key))
                self.warn(key, "listed in %s but missing, left out as VIC leaves it out" % prefix)
                continue
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


def decode(cls_or_instance, source, prefix="", lenient=False, verify_atomic=True, warnings=None):
    """Decode ``source`` (a Mapping, or a callable key -> value raising KeyError) into a dataclass.

    Given a class, returns a new instance; given an instance, fills it and returns it. A missing key
    leaves the field as it is; a bad value raises ConfigError naming the key (``lenient=True`` reads as VIC
    reads instead -- zero values, absent map entries left out, list items split on a '|' they hold -- and
    appends what it let pass, by key, to ``warnings``). An atomic group whose marker does not match raises
    TornUpdateError.
    """
    if isinstance(cls_or_instance, type):
        cls, target = cls_or_instance, None
    else:
        cls, target = type(cls_or_instance), cls_or_instance
    if not dataclasses.is_dataclass(cls):
        raise ConfigError("decode needs a dataclass, got %r" % (cls,))
    decoder = _Decoder(as_source(source), lenient, warnings)
    result, _found = decoder.struct(cls, target, prefix, UNBOUNDED - 1, True, None)
    if verify_atomic:
        decoder.verify_atomic(prefix)
    return result


def decode_field(cls, path, source, prefix="", lenient=False, warnings=None):
    """The value of one field of schema ``cls`` (``path`` as for ``key_of``), read from ``source`` alone: what a
    guest published can be read without decoding (and validating) the whole configuration. The field's zero value
    when none of its keys is there."""
    key, spec = locate(cls, path, prefix)
    value, _found = _Decoder(as_source(source), lenient, warnings).value(spec, spec.zero(), key, UNBOUNDED - 1,
                                                                         True, None)
    return value
