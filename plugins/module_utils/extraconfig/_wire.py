# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What goes on the wire and what may be shown of it: the <nil> escape of empty values, and masking.

Every place that writes a value to vSphere or to the guest escapes it here, and every result, diff or report
that shows a value masks it here, so the two rules have one home.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (
    SECRET_KEY_KEY, is_secret_key, is_visible_key)

NIL_VALUE = "<nil>"
MASK = "********"
# what to do with a hidden value (one the guest cannot see: credentials, vSphere details)
HIDDEN_MASK, HIDDEN_SHOW, HIDDEN_OMIT = "mask", "show", "omit"


def escape_value(value):
    """vSphere deletes a key set to "": an empty value is stored as <nil>."""
    return NIL_VALUE if value == "" else value


def unescape_value(value):
    return "" if value == NIL_VALUE else value


def is_masked_always(key):
    """Secret values and the key that opens them are never shown, whoever asks."""
    return key == SECRET_KEY_KEY or is_secret_key(key)


def is_masked(key, hidden=HIDDEN_MASK):
    """Whether ``key``'s value may not be shown: a secret always; a hidden value unless ``hidden="show"``."""
    return is_masked_always(key) or (hidden != HIDDEN_SHOW and not is_visible_key(key))


def mask_value(key, value, hidden=HIDDEN_MASK):
    """What a result, diff or log may show of ``key``'s value (see ``is_masked``); whether hidden keys are listed
    at all is the caller's choice."""
    return MASK if is_masked(key, hidden) else value
