# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One walk over a schema's types and the keys they can write, shared by the schema check and
the key-ownership matcher."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    LIST_SEPARATOR, append_to_prefix, field_key)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import (
    ITEM_KEYED_KINDS, JOINED_KINDS, struct_spec)

MAX_NESTING = 32  # a recursive type is walked this deep


class SchemaWalker:
    """Walks every key template of a schema; subclasses override the hooks they need.

    Map keys stand as ``map_key`` and list indexes as ``index`` in the keys handed to the hooks.
    """

    map_key = "k"
    index = "0"

    def __init__(self, top_prefix=""):
        self.top_prefix = top_prefix

    def walk(self, cls):
        self.struct(cls, self.top_prefix, "", None, 0)
        return self

    # hooks
    def fields_of(self, cls, path):
        return struct_spec(cls).fields

    def accept(self, fld, path):
        return not fld.skip

    def dropped(self, fld, path, prefix):
        """VIC computes no key for this field here (hidden under a non-persistent parent)."""

    def nested_group(self, fld, path, group):
        """An atomic group declared inside another."""

    def group_declared(self, group):
        """A field opens atomic group ``group``."""

    def leaf(self, key, path, group):
        """A key the schema writes (scalars, list lengths, '~' item lists, map key lists)."""

    def unsupported_list(self, spec, path):
        """A list VIC cannot encode: nothing is written for it."""

    # traversal
    def struct(self, cls, prefix, path, group, nesting):
        if nesting > MAX_NESTING:
            return
        for fld in self.fields_of(cls, path):
            fpath = "%s.%s" % (path or cls.__name__, fld.attr)
            if not self.accept(fld, fpath) or fld.depth == 0:
                continue
            key, _flags = field_key(fld.words, fld.segment, prefix)
            if not key:
                self.dropped(fld, fpath, prefix)
                continue
            if fld.group is not None and group is not None and fld.group != group:
                self.nested_group(fld, fpath, group)
                continue
            if fld.group is not None:
                self.group_declared(fld.group)
            self.value(fld.type, key, fpath, fld.group or group, nesting + 1)

    def value(self, spec, key, path, group, nesting):
        kind = spec.kind
        if kind == "struct":
            self.struct(spec.struct, key, path, group, nesting)
        elif kind == "optional":
            self.value(spec.item, key, path, group, nesting)
        elif kind == "dict":
            self.leaf(key, path, group)
            self.value(spec.item, append_to_prefix(key, LIST_SEPARATOR, self.map_key),
                       "%s[%s]" % (path, self.map_key), group, nesting)
        elif kind == "list":
            if spec.item.kind in JOINED_KINDS:
                self.leaf(key, path, group)
                self.leaf(append_to_prefix(key, "", "~"), path, group)
            elif spec.item.kind in ITEM_KEYED_KINDS:
                self.leaf(key, path, group)
                self.value(spec.item, append_to_prefix(key, LIST_SEPARATOR, self.index),
                           "%s[%s]" % (path, self.index), group, nesting)
            else:
                self.unsupported_list(spec, path)
        else:
            self.leaf(key, path, group)
