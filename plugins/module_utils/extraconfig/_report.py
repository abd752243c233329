# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A change set told in the schema's terms: one item a field that changes, with its values as people write them
(dotted addresses, CIDRs, URLs, lists), secrets only said to change, and the raw keys behind each item.

A key is a detail of VIC's layout: ``…/networks|public/network/nameservers~ CAgICA== -> CgoAAg==`` is, to the
person who set it, ``executor_config.networks[public].network.nameservers: ['8.8.8.8'] -> ['10.10.0.2']``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._decode import decode
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._gotypes import URL, IPNet
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import LIST_SEPARATOR, append_to_prefix
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._plain import as_plain, plain_value
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import keyed_fields
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._wire import (
    HIDDEN_SHOW, MASK, is_masked_always, mask_value, unescape_value)

SECRET_BEFORE = "(secret)"
SECRET_CHANGED = "(secret, changed)"
# what may follow a field's key in the keys below it: a list's length or joined form, an entry, a sub-field
_KEY_BOUNDARIES = ("~", LIST_SEPARATOR, "/", ".")


def describe_changes(cls, changes, before, prefix=""):
    """The drift of ``changes`` (a ChangeSet) on ``before`` (the VM's extraConfig, secrets opened where they can
    be), as a list of items in the schema's order::

        {"field": "network.bridge_ip_range", "before": "172.16.0.0/12", "after": "10.0.0.0/16",
         "raw": [{"key": "guestinfo.vice./network/bridge-ip-range/IP", "before": "rBAAAA==", "after": "CgAAAA=="},
                 …]}

    ``before``/``after`` are None where the field (or map entry) is absent. A secret's values are never given:
    ``(secret)`` before, ``(secret, changed)`` after. Values hidden from the guest are shown: they are the user's
    own settings, not secrets. Keys no field accounts for (the secret key, a key the schema no longer reads) get
    an item of their own with ``field`` None. Riding-along keys of an atomic group are not items: their field did
    not change.
    """
    if not changes:
        return []
    after = dict(before)
    for key, value in changes.changes:
        if key in changes.removed:
            after.pop(key, None)
        else:
            after[key] = unescape_value(value)
    try:
        old, new = decode(cls, before, prefix, lenient=True), decode(cls, after, prefix, lenient=True)
    except ConfigError:  # torn or unreadable: the raw keys are all there is to tell
        old = new = None
    items = []
    if old is not None:
        _FieldDiff(items).struct(cls, old, new, prefix, "")
    changed_keys = changes.changed_keys
    claimed = set()
    for item in items:
        field_key, index_key = item.pop("_key"), item.pop("_index")
        item["raw"] = [_raw(key, before, after) for key in changed_keys if key not in claimed and (
            _under(key, field_key) or key == index_key)]
        claimed.update(k["key"] for k in item["raw"])
    items = [item for item in items if item["raw"]]
    for key in changed_keys:
        if key not in claimed and before.get(key) != after.get(key):
            raw = _raw(key, before, after)
            items.append({"field": None, "before": raw["before"], "after": raw["after"], "raw": [raw]})
    return items


def describe_config(config, prefix=""):
    """A whole configuration (a decoded dataclass), as a create's diff shows it: secrets masked."""
    return as_plain(config, prefix, hidden=HIDDEN_SHOW)


def changes_diff(items):
    """An Ansible diff (before/after) keyed by field, from ``describe_changes`` items; raw keys for the rest."""
    before, after = {}, {}
    for item in items:
        name = item["field"] or item["raw"][0]["key"]
        if item["before"] is not None:
            before[name] = item["before"]
        if item["after"] is not None:
            after[name] = item["after"]
    return {"before": before, "after": after}


def _under(key, field_key):
    return key == field_key or (key.startswith(field_key) and key[len(field_key)] in _KEY_BOUNDARIES)


def _raw(key, before, after):
    return {"key": key, "before": _masked(key, before), "after": _masked(key, after)}


def _masked(key, values):
    return mask_value(key, values[key], hidden=HIDDEN_SHOW) if key in values else None


class _FieldDiff:
    """Walks two decodings of one schema side by side and notes each field whose value differs. Structures are
    walked into; a map entry added or removed is one item; a list, or any other value, is compared whole."""

    def __init__(self, items):
        self.items = items

    def struct(self, cls, old, new, prefix, path):
        for fld, key, _flags in keyed_fields(cls, prefix):
            if fld.depth == 0:
                continue
            self.value(fld.type, getattr(old, fld.attr), getattr(new, fld.attr), key,
                       path + "." + fld.attr if path else fld.attr)

    def value(self, spec, old, new, key, path):
        while spec.kind == "optional" and old is not None and new is not None:
            spec = spec.item
        if spec.kind == "struct" and not isinstance(old, (IPNet, URL)):
            self.struct(spec.struct, old, new, key, path)
        elif spec.kind == "dict":
            for map_key in sorted(set(old) | set(new), key=str):
                entry_key = append_to_prefix(key, LIST_SEPARATOR, str(map_key))
                entry_path = "%s[%s]" % (path, map_key)
                if map_key in old and map_key in new:
                    self.value(spec.item, old[map_key], new[map_key], entry_key, entry_path)
                else:  # the map's own key lists its entries: it goes with the entry added or removed
                    self.note(spec.item, old.get(map_key), new.get(map_key), entry_key, entry_path, map_key in old,
                              map_key in new, index_key=key)
        elif old != new:
            self.note(spec, old, new, key, path, True, True)

    def note(self, spec, old, new, key, path, had, has, index_key=None):
        if is_masked_always(key):
            shown_old, shown_new = SECRET_BEFORE if had and old else None, SECRET_CHANGED if has and new else None
        else:
            shown_old = plain_value(spec, old, key, HIDDEN_SHOW) if had else None
            shown_new = plain_value(spec, new, key, HIDDEN_SHOW) if has else None
        if shown_old == MASK and shown_new == MASK:
            shown_new = SECRET_CHANGED
        self.items.append({"field": path, "before": shown_old, "after": shown_new, "_key": key, "_index": index_key})
