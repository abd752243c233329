# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A decoded configuration as plain data for module results: JSON types, hidden and secret values handled."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import datetime

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._gotypes import URL, IPNet
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._ip import IP, IPMask
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    LIST_SEPARATOR, append_to_prefix, is_visible_key)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import keyed_fields
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import format_time
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._wire import (
    HIDDEN_MASK, HIDDEN_OMIT, MASK, is_masked, is_masked_always)


def _leaf(value):
    if isinstance(value, IPNet):
        return str(value) if (value.ip or value.mask) else ""
    if isinstance(value, (IP, IPMask, URL)):
        return str(value) if value or isinstance(value, URL) else ""
    if isinstance(value, datetime.datetime):
        return format_time(value)
    if isinstance(value, (bytes, bytearray)):
        if value.startswith(b"-----BEGIN "):  # PEM (certificates): its own text, as people keep it in files
            try:
                return bytes(value).decode("ascii")
            except UnicodeDecodeError:
                pass
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def as_plain(obj, prefix="", hidden=HIDDEN_MASK):
    """``obj`` (a decoded dataclass) as dicts, lists and scalars keyed by attribute name.

    Secret values are always masked. Hidden values (invisible to the guest: credentials, vSphere details) are
    masked (``hidden="mask"``), shown (``"show"``) or left out (``"omit"``).
    """
    return _Plain(hidden).struct(obj, prefix)


def plain_value(spec, value, key, hidden=HIDDEN_MASK):
    """One field's ``value`` (of type ``spec``, written at ``key``) as plain data, masked as ``as_plain`` masks."""
    plain = _Plain(hidden).value(spec, value, key)
    return None if plain is _OMIT else plain


class _Plain:
    def __init__(self, hidden):
        self.hidden = hidden

    def struct(self, obj, prefix):
        out = {}
        for fld, key, _flags in keyed_fields(type(obj), prefix):
            if fld.depth == 0:
                continue
            value = self.value(fld.type, getattr(obj, fld.attr), key)
            if value is not _OMIT:
                out[fld.attr] = value
        return out

    def value(self, spec, value, key):
        kind = spec.kind
        if kind == "optional":
            return None if value is None else self.value(spec.item, value, key)
        if kind == "struct" and not isinstance(value, (IPNet, URL)):
            plain = self.struct(value, key)
            return plain if plain or self.hidden != HIDDEN_OMIT else _OMIT
        if kind in ("list", "dict") and self.hidden == HIDDEN_OMIT and not is_visible_key(key):
            return _OMIT
        if kind == "list":
            return [self.value(spec.item, item, append_to_prefix(key, LIST_SEPARATOR, "%d" % index))
                    for index, item in enumerate(value)]
        if kind == "dict":
            out = {}
            for map_key, item in value.items():
                plain = self.value(spec.item, item, append_to_prefix(key, LIST_SEPARATOR, str(map_key)))
                if plain is not _OMIT:
                    out[str(map_key)] = plain
            return out
        if is_masked(key, self.hidden):
            return _OMIT if self.hidden == HIDDEN_OMIT and not is_masked_always(key) else MASK
        return _leaf(value)  # scalars, and IPNet / URL shown as text


class _Omitted:
    def __repr__(self):
        return "<omitted>"


_OMIT = _Omitted()
