# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The schema check: every field VIC would silently skip, and every misuse of atomic groups."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    HIDDEN, INVALID, LIST_SEPARATOR, NON_PERSISTENT, READ_WRITE, SECRET, is_visible_key, key_flags, scope_flags)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import struct_spec
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._walk import SchemaWalker

_BAD_SEGMENT_CHARS = (LIST_SEPARATOR, "@", "~")


def _tag_problem(fld):
    """What is wrong with a field's own tags, or None."""
    if fld.scope_tag is not None and fld.words is None and fld.group is None:
        return "scope %r: bad atomic group (one 'atomic:NAME', NAME of letters, digits, '_' or '-')" % fld.scope_tag
    if fld.words is not None:
        flags = scope_flags(fld.words)
        if flags & INVALID:
            return "scope %r is not valid for VIC (unknown or upper-case word, empty part, or a space)" % fld.scope_tag
        if flags & HIDDEN and flags & NON_PERSISTENT:
            return "scope %r combines hidden and non-persistent, which VIC skips" % fld.scope_tag
    if fld.skip:
        return "recurse %r is malformed, which VIC skips" % fld.recurse
    for char in _BAD_SEGMENT_CHARS:
        if char in fld.segment:
            return "key %r contains %r, which the key layout uses as a separator" % (fld.segment, char)
    return None


class _Checker(SchemaWalker):
    def __init__(self, contextual):
        super(_Checker, self).__init__()
        self.contextual = contextual
        self.problems = []
        self.groups = {}  # group -> [(path, key)]

    def add(self, path, text):
        self.problems.append("%s: %s" % (path, text))

    def fields_of(self, cls, path):
        try:
            return struct_spec(cls).fields
        except ConfigError as exc:
            self.add(path or cls.__name__, str(exc))
            return []

    def accept(self, fld, path):
        problem = _tag_problem(fld)
        if problem:
            self.add(path, problem)
        return problem is None

    def dropped(self, fld, path, prefix):
        if self.contextual:
            self.add(path, "hidden under a non-persistent parent (%s): VIC drops it" % prefix)

    def nested_group(self, fld, path, group):
        self.add(path, "atomic group %r inside atomic group %r" % (fld.group, group))

    def unsupported_list(self, spec, path):
        self.add(path, "VIC cannot encode a %s: nothing is written" % spec.describe())

    def leaf(self, key, path, group):
        if group is not None:
            self.groups.setdefault(group, []).append((path, key))

    def check_groups(self):
        for group, members in sorted(self.groups.items()):
            visible = {is_visible_key(key) for _path, key in members}
            if len(visible) > 1:
                self.add(members[0][0], "atomic group %r mixes hidden and guest-visible fields" % group)
            for path, key in members:
                if is_visible_key(key) and key_flags(key) & (READ_WRITE | NON_PERSISTENT):
                    self.add(path, "atomic group %r holds %s, which the guest writes" % (group, key))
                if key_flags(key) & SECRET:
                    self.add(path, "atomic group %r holds %s, a secret: its marker would digest the plaintext"
                             % (group, key))


def check_schema(cls, contextual=False):
    """Problems with a schema, one string each ([] when clean).

    Reports fields VIC would silently skip (bad scope words, hidden + non-persistent, malformed recurse),
    separators inside key segments, lists VIC cannot encode, and misused atomic groups. With
    ``contextual=True`` it also lists fields dropped only where a type is reused under a non-persistent
    parent (VIC's own ExecutorConfig does this on purpose).
    """
    checker = _Checker(contextual).walk(cls)
    checker.check_groups()
    return checker.problems
