# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Setting one field of a decoded configuration by its path ('storage.scratch_size',
'executor_config.sessions[port-layer].cmd.env'), with the value checked against the schema and fields the guest
writes refused."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._gotypes import URL, IPNet
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._ip import IP, IPMask
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    LIST_SEPARATOR, NON_PERSISTENT, READ_WRITE, append_to_prefix, field_key, is_secret_key, is_visible_key, key_flags)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import struct_spec

# a field name, then any [map key] or [index]; a map key may hold '.', never ']'
_STEP_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]*\])*)(?:\.|$)")
_INDEX_RE = re.compile(r"\[([^\]]*)\]")


def _split(path):
    steps = []
    position = 0
    while position < len(path):
        match = _STEP_RE.match(path, position)
        if not match or match.end() == position or (match.group(0).endswith(".") and match.end() == len(path)):
            raise ConfigError("%s: not a field path (like storage.scratch_size or sessions[id].cmd.env)" % path)
        steps.append(("attr", match.group(1)))
        steps.extend(("item", index) for index in _INDEX_RE.findall(match.group(2)))
        position = match.end()
    if not steps:
        raise ConfigError("%s: not a field path (like storage.scratch_size or sessions[id].cmd.env)" % path)
    return steps


def locate(cls, path, prefix=""):
    """(key, type spec) of the field at ``path`` of schema ``cls`` encoded at ``prefix``, found from the types alone.

    Map keys and list indexes in the path are taken as they are written; ConfigError for a path the schema does
    not have.
    """
    spec, key, done = None, prefix, ""
    for step, name in _split(path):
        while spec is not None and spec.kind == "optional":
            spec = spec.item
        if step == "attr":
            if spec is not None and spec.kind != "struct":
                raise ConfigError("%s: %s is not a structure" % (path, done))
            owner = cls if spec is None else spec.struct
            fields = dict((f.attr, f) for f in struct_spec(owner).fields)
            fld = fields.get(name)
            if fld is None or fld.skip or fld.depth == 0:
                raise ConfigError("%s: %s has no field %r" % (path, done or owner.__name__, name))
            key, _flags = field_key(fld.words, fld.segment, key)
            if not key:
                raise ConfigError("%s: VIC never writes this field here" % path)
            spec = fld.type
            done = done + "." + name if done else name
        else:
            if spec is None or spec.kind not in ("dict", "list"):
                raise ConfigError("%s: %s is neither a map nor a list" % (path, done))
            key, spec = append_to_prefix(key, LIST_SEPARATOR, name), spec.item
            done = "%s[%s]" % (done, name)
    return key, spec


def key_of(cls, path, prefix=""):
    """The key VIC writes for the field at ``path`` of schema ``cls``: ``key_of(ExecutorConfig,
    "sessions[web].started")`` is ``guestinfo.vice..sessions|web.started``. Derived from the schema, so no key is
    spelled by hand outside the codec and the schemas."""
    return locate(cls, path, prefix)[0]


def _coerce(spec, value, path):
    kind = spec.kind
    if kind == "optional":
        return None if value is None else _coerce(spec.item, value, path)
    if kind == "str" and isinstance(value, str):
        return value
    if kind == "bytes" and isinstance(value, str):  # a PEM certificate or key, given as text
        return value.encode("utf-8")
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "int" and isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value):
        return int(value)
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        if kind == "ip" and isinstance(value, str):
            return IP.parse(value, v4=True)
        if kind == "mask" and isinstance(value, int) and not isinstance(value, bool):
            return IPMask.from_prefix(value)
        if kind == "struct" and spec.struct is IPNet and isinstance(value, str):
            return IPNet.parse(value)
    except ValueError as exc:
        raise ConfigError("%s: %r: %s" % (path, value, exc)) from None
    if kind == "struct" and spec.struct is URL and isinstance(value, str):
        url = URL.parse(value)
        if not url.scheme or not (url.host or url.opaque):
            raise ConfigError("%s: %r is not a URL (scheme://host/path)" % (path, value))
        return url
    if kind == "list" and isinstance(value, list):
        return [_coerce(spec.item, item, "%s[%d]" % (path, i)) for i, item in enumerate(value)]
    if kind == "dict" and isinstance(value, dict):
        return dict((_coerce_key(spec, k, path), _coerce(spec.item, v, "%s[%s]" % (path, k)))
                    for k, v in value.items())
    if kind == "struct":
        raise ConfigError("%s: is a structure (%s); set its fields one by one" % (path, spec.struct.__name__))
    raise ConfigError("%s: expected %s, got %r" % (path, spec.describe(), value))


def _coerce_key(spec, key, path):
    if spec.key_kind == "int":
        try:
            return int(key)
        except (TypeError, ValueError):
            raise ConfigError("%s: map key %r is not an integer" % (path, key)) from None
    return str(key)


def set_field(obj, path, value, prefix=""):
    """Set the field at ``path`` of ``obj`` to ``value`` (plain data, converted to the field's type).

    Returns the field's key. ConfigError, naming the path, for an unknown field, a value of the wrong type, or a
    field the guest writes (read-write or non-persistent): those are published at run time, not configured.
    """
    steps = _split(path)
    target, spec, key, done = obj, None, prefix, ""
    for position, (step, name) in enumerate(steps):
        last = position == len(steps) - 1
        while spec is not None and spec.kind == "optional":
            spec = spec.item
        if step == "attr":
            if spec is not None and spec.kind != "struct":
                raise ConfigError("%s: %s is not a structure" % (path, done))
            cls = type(target)
            fields = dict((f.attr, f) for f in struct_spec(cls).fields)
            fld = fields.get(name)
            if fld is None or fld.skip or fld.depth == 0:
                raise ConfigError("%s: %s has no field %r (fields: %s)" % (
                    path, done or cls.__name__, name, ", ".join(sorted(fields))))
            key, _flags = field_key(fld.words, fld.segment, key)
            if not key:
                raise ConfigError("%s: VIC never writes this field here" % path)
            spec = fld.type
            while spec.kind == "optional" and not last:
                spec = spec.item
            if last:
                _refuse_guest_written(path, key)
                setattr(target, name, _coerced(fld.type, value, path, key))
                return key
            current = getattr(target, name)
            if current is None:
                current = spec.zero()
                setattr(target, name, current)
            target = current
        else:
            if spec.kind == "dict":
                map_key = _coerce_key(spec, name, path)
                key = append_to_prefix(key, LIST_SEPARATOR, str(map_key))
                if last:
                    _refuse_guest_written(path, key)
                    target[map_key] = _coerced(spec.item, value, path, key)
                    return key
                if map_key not in target or target[map_key] is None:
                    raise ConfigError("%s: %s has no entry %r" % (path, done, name))
                target, spec = target[map_key], spec.item
            elif spec.kind == "list":
                if not name.isdigit() or int(name) >= len(target):
                    raise ConfigError("%s: %s has no item %r" % (path, done, name))
                key = append_to_prefix(key, LIST_SEPARATOR, name)
                if last:
                    _refuse_guest_written(path, key)
                    target[int(name)] = _coerced(spec.item, value, path, key)
                    return key
                target, spec = target[int(name)], spec.item
            else:
                raise ConfigError("%s: %s is neither a map nor a list" % (path, done))
        done = (done + "." + name if done else name) if step == "attr" else "%s[%s]" % (done, name)
    return key


def _coerced(spec, value, path, key):
    """``value`` converted for the field; the error about a secret field never quotes the value."""
    try:
        return _coerce(spec, value, path)
    except ConfigError:
        if not is_secret_key(key):
            raise
    raise ConfigError("%s: not a valid %s (a secret field: its value is not shown)" % (path, spec.describe()))


def _refuse_guest_written(path, key):
    if is_visible_key(key) and key_flags(key) & NON_PERSISTENT:
        raise ConfigError("%s: is non-persistent: the guest publishes it at run time; it cannot be set" % path)
    if is_visible_key(key) and key_flags(key) & READ_WRITE:
        raise ConfigError("%s: is written by the guest (read-write: %s); it cannot be set" % (path, key))
