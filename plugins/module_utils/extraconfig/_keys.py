# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scopes and key calculation, exactly as VIC's extraconfig package does them.

Everything here works on key strings, like VIC: an untagged field takes its
scope from its parent's key text, so VIC's quirks (a '/' in a map key makes
untagged children read-only, '@' in a map key is read as a suffix) come out
the same.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from functools import lru_cache

GUESTINFO_PREFIX = "guestinfo.vice."
GUEST_READABLE_PREFIX = "guestinfo."  # VMware Tools let the guest read these keys (VIC's and others') and no others
SECRET_KEY_KEY = "guestinfo.ovfEnv"  # where VIC keeps the key of the @secret values
LIST_SEPARATOR = "|"
SUFFIX_SEPARATOR = "@"
SECRET_SUFFIX = "secret"
NONPERSISTENT_SUFFIX = "non-persistent"

INVALID = 1 << 0
HIDDEN = 1 << 1
READ_ONLY = 1 << 2
READ_WRITE = 1 << 3
NON_PERSISTENT = 1 << 4
VOLATILE = 1 << 5
SECRET = 1 << 6

_SCOPE_WORDS = {
    "hidden": HIDDEN,
    "read-only": READ_ONLY,
    "read-write": READ_WRITE,
    NONPERSISTENT_SUFFIX: NON_PERSISTENT,
    "volatile": VOLATILE,
    SECRET_SUFFIX: SECRET | READ_ONLY,
}

ATOMIC_WORD = "atomic:"
ATOMIC_GROUP_RE = re.compile(r"[A-Za-z0-9_-]+")


def scope_flags(words):
    """VIC's calculateScope: a list of scope words -> flags (INVALID on any unknown word)."""
    if all(word == "" for word in words):
        return HIDDEN | READ_ONLY
    flags = 0
    for word in words:
        flag = _SCOPE_WORDS.get(word)
        if flag is None:
            return INVALID
        flags |= flag
    return flags


def split_scope_tag(tag):
    """Split a scope tag into VIC's words and this collection's atomic group.

    Returns (words, group). ``words`` is None when only an atomic group was
    given: such a field inherits its parent's scope like an untagged one.
    """
    words = tuple(tag.split(","))
    groups = [word[len(ATOMIC_WORD):] for word in words if word.startswith(ATOMIC_WORD)]
    if not groups:
        return words, None
    rest = tuple(word for word in words if not word.startswith(ATOMIC_WORD))
    group = groups[0] if len(groups) == 1 else None
    if group is None or not ATOMIC_GROUP_RE.fullmatch(group):
        return (tag,), None  # left INVALID on purpose: check_schema reports it
    return (rest or None), group


def _has_suffix(key, suffix):
    return suffix in key.split(SUFFIX_SEPARATOR)[1:]


def is_secret_key(key):
    return _has_suffix(key, SECRET_SUFFIX)


def is_nonpersistent_key(key):
    return _has_suffix(key, NONPERSISTENT_SUFFIX)


def is_visible_key(key):
    """Whether a VIC key is visible to the guest (VIC's own notion: under guestinfo.vice.)."""
    return key.startswith(GUESTINFO_PREFIX)


def is_guest_readable(key):
    """Whether the guest can read ``key`` at all: any guestinfo. key, VIC's or not (vSphere's own keys never)."""
    return key.startswith(GUEST_READABLE_PREFIX)


def scope_words_from_key(key):
    """VIC's calculateScopeFromKey: the scope an untagged child inherits from ``key``."""
    words = []
    if not is_visible_key(key):
        words.append("hidden")
    words.append("read-only" if "/" in key else "read-write")
    if is_secret_key(key):
        words.append(SECRET_SUFFIX)
    if is_nonpersistent_key(key):
        words.append(NONPERSISTENT_SUFFIX)
    return words


def key_flags(key):
    """The scope flags a key carries (what a reader can tell from the key alone)."""
    return scope_flags(scope_words_from_key(key))


def calculate_key(flags, prefix, segment):
    """VIC's calculateKey: the key of ``segment`` under ``prefix``; "" when VIC skips it."""
    if flags & INVALID:
        return ""
    new_sep, old_sep = "/", "."
    segment = segment.strip()
    hide = bool(flags & HIDDEN)
    visible_parent = prefix.startswith(GUESTINFO_PREFIX)
    if not hide and flags & READ_WRITE:
        new_sep, old_sep = ".", "/"

    cut = prefix.find(SUFFIX_SEPARATOR)
    if cut != -1:
        prefix = prefix[:cut]
    out = segment if prefix == "" else prefix + new_sep + segment

    if flags & SECRET:
        out += SUFFIX_SEPARATOR + SECRET_SUFFIX
    if flags & NON_PERSISTENT:
        if hide:
            return ""  # VIC cannot combine hidden and non-persistent
        out += SUFFIX_SEPARATOR + NONPERSISTENT_SUFFIX

    if hide:
        if not visible_parent:
            return out
        return out[len(GUESTINFO_PREFIX) + 1:]

    out = out.replace(old_sep, new_sep)
    if not visible_parent:
        return GUESTINFO_PREFIX + new_sep + out
    return GUESTINFO_PREFIX + out[len(GUESTINFO_PREFIX):]


def append_to_prefix(prefix, separator, value):
    """VIC's appendToPrefix: ``prefix + separator + value`` with any @suffixes kept last."""
    cut = prefix.find(SUFFIX_SEPARATOR)
    suffix = ""
    if cut != -1:
        prefix, suffix = prefix[:cut], prefix[cut:]
    return prefix + separator + value + suffix


@lru_cache(maxsize=1 << 16)
def field_key(words, segment, prefix):
    """Key and flags of a field under ``prefix``.

    ``words`` is the field's scope words (a tuple), or None for an untagged field. Returns
    (key, flags); key is "" when VIC would skip the field.
    """
    parent_flags = key_flags(prefix)
    if words is None:
        words = scope_words_from_key(prefix)  # an untagged field inherits from its parent's key
    flags = scope_flags(words)
    if parent_flags & NON_PERSISTENT and not flags & INVALID:
        flags |= NON_PERSISTENT  # non-persistent is inherited whatever the tag says
    return calculate_key(flags, prefix, segment), flags
