# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ConfigSpec side: a VM's extraConfig in, the minimal change list out.

No pyvmomi here: the vSphere layer turns ``ChangeSet.changes`` into OptionValue objects.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._encode import Entry, atomic_marker_key
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    GUESTINFO_PREFIX, LIST_SEPARATOR, NON_PERSISTENT, READ_WRITE, is_visible_key, key_flags)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._walk import SchemaWalker
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._wire import escape_value, unescape_value


def extra_config_map(option_values):
    """A VM's ``config.extraConfig`` -> {key: value}, <nil> read back as "".

    Takes OptionValue-like objects (``.key``/``.value``), (key, value) pairs or a Mapping. Values are
    turned into strings: real vCenter returns strings, vcsim keeps what the client sent.
    """
    if hasattr(option_values, "items"):
        pairs = option_values.items()
    else:
        pairs = ((getattr(o, "key", None), getattr(o, "value", None)) if not isinstance(o, tuple) else o
                 for o in option_values or ())
    out = {}
    for key, value in pairs:
        if key is None:
            continue
        out[key] = unescape_value("" if value is None else str(value))
    return out


def guest_writable(key):
    """Whether the guest may write ``key`` (visible, read-write or non-persistent)."""
    return is_visible_key(key) and bool(key_flags(key) & (READ_WRITE | NON_PERSISTENT))


def _entities(key):
    """The map entries a key lies under, outermost first, separators normalised: ['.init.networks|client']."""
    text = key[len(GUESTINFO_PREFIX):].replace("/", ".") if is_visible_key(key) else key.replace("/", ".")
    out = []
    cut = text.find(LIST_SEPARATOR)
    while cut != -1:
        end = text.find(".", cut)
        out.append(text if end == -1 else text[:end])
        cut = text.find(LIST_SEPARATOR, cut + 1)
    return out


def retire_with_entity(owns, desired):
    """``owns`` narrowed for removals: a key the guest publishes (an assigned address, a start status) goes only
    together with the map entry it belongs to, not because a fresh encode left it out."""
    entities = set()
    for entry in desired:
        entities.update(_entities(entry.key if hasattr(entry, "key") else entry))

    def owned_and_retired(key):
        if not owns(key):
            return False
        if not guest_writable(key):
            return True
        own = _entities(key)
        return not own or own[-1] not in entities
    return owned_and_retired


def keep_guest_published(entries, current):
    """Desired entries with what the guest already published kept: a configuration run never overwrites
    the guest's run-time facts (addresses, start status, exit codes) with the zero values of a fresh encode."""
    for entry in entries:
        if guest_writable(entry.key) and entry.key in current:
            entry.value = current[entry.key]
    return entries


class ChangeSet:
    """The minimal change list for one ReconfigVM_Task (or none when empty)."""

    def __init__(self, changes, removed):
        self.changes = changes  # [(key, wire value)]: "" deletes the key, atomic markers last
        self.removed = removed  # keys deleted

    def __bool__(self):
        return bool(self.changes)

    __nonzero__ = __bool__

    def __len__(self):
        return len(self.changes)

    @property
    def changed_keys(self):
        return sorted(key for key, _value in self.changes)


def plan_changes(desired, current, owns=None):
    """The minimal change list taking ``current`` to ``desired``.

    desired: entries from ``encode_entries`` (or a plain {key: value} map). current: a VM's extraConfig
    map (see ``extra_config_map``). owns: a predicate naming keys this schema manages; those present but
    no longer desired are deleted (sent with an empty value). Keys nobody owns are left alone.

    Only new and changed keys are sent. A change that touches an atomic group sends the whole group,
    its marker last. Values from a volatile producer ride along only with a real change.
    """
    if hasattr(desired, "items"):
        desired = [Entry(key, value, key_flags(key), None, key) for key, value in desired.items()]
    desired_keys = set(entry.key for entry in desired)
    changed = [entry for entry in desired if current.get(entry.key) != entry.value]
    removed = sorted(key for key in current if owns is not None and key not in desired_keys and owns(key))
    if not removed and all(entry.volatile or entry.is_marker for entry in changed):
        return ChangeSet([], [])

    changed_keys = set(entry.key for entry in changed)
    touched_groups = set(entry.group for entry in changed if entry.group is not None)
    chosen = [entry for entry in desired if entry.key in changed_keys or entry.group in touched_groups]
    sets = [(entry.key, escape_value(entry.value)) for entry in chosen if not entry.is_marker]
    markers = [(entry.key, escape_value(entry.value)) for entry in chosen if entry.is_marker]
    return ChangeSet(sets + [(key, "") for key in removed] + markers, removed)


class _KeyTemplates(SchemaWalker):
    """Every key a schema can write (or only those of the ``fields`` given), with placeholders for map keys and
    list indexes."""

    map_key = "\x00M\x00"
    index = "\x00I\x00"

    def __init__(self, top_prefix, fields=None):
        super(_KeyTemplates, self).__init__(top_prefix)
        self.templates = set()
        self.fields = fields

    def group_declared(self, group):
        if self.fields is None:
            self.templates.update(atomic_marker_key(group, hidden, self.top_prefix) for hidden in (True, False))

    def leaf(self, key, path, group):
        if self.fields is None or self._wanted(path):
            self.templates.add(key)

    def _wanted(self, path):
        # "VCHConfig.executor_config.sessions[\x00M\x00].started" -> "executor_config.sessions[*].started"
        path = path.split(".", 1)[-1].replace(self.map_key, "*").replace(self.index, "*")
        return any(path == field or path.startswith((field + ".", field + "[")) for field in self.fields)

    def regex(self):
        parts = sorted(re.escape(template)
                       .replace(re.escape(self.map_key), "[^|]*")
                       .replace(re.escape(self.index), "[0-9]+")
                       for template in self.templates)
        return re.compile("|".join(parts) or "(?!)")


def owned_keys(cls, prefix=""):
    """A predicate: True for every key the schema ``cls`` (encoded at ``prefix``) can write."""
    pattern = _KeyTemplates(prefix).walk(cls).regex()
    return lambda key: pattern.fullmatch(key) is not None


def field_keys(cls, fields, prefix=""):
    """A predicate: True for the keys written by the given fields of ``cls`` and everything below them.

    ``fields`` are field paths with ``*`` for any map key or list index: ``["annotations",
    "sessions[*].restart"]``.
    """
    pattern = _KeyTemplates(prefix, tuple(fields)).walk(cls).regex()
    return lambda key: pattern.fullmatch(key) is not None
