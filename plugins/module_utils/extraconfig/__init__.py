# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VIC-compatible extraConfig / guestinfo codec (pure standard library).

Public names (see docs/codec.md):
- schema: ``vic()``, ``@vicstruct``, ``check_schema()``; types ``IP``, ``IPMask``, ``IPNet``, ``URL``, ``GoTime``;
- ``encode()``, ``encode_entries()``, ``decode()``, ``decode_field()``, ``ConfigError``, ``TornUpdateError``;
- keys from the schema: ``key_of()``, ``field_keys()``, ``owned_keys()``, ``is_secret_key()``, ``key_flags()``;
- the ConfigSpec side: ``extra_config_map()``, ``plan_changes()``, ``ChangeSet``;
- reports in the schema's terms: ``describe_changes()``, ``changes_diff()``, ``describe_config()``;
- what may be shown and how empty values travel: ``mask_value()``, ``MASK``, ``escape_value()``;
- the guest side: ``ToolsTransport``, ``GuestInfoSource``, ``GuestInfoSink``.

Everything outside this package imports these names from here, never from its private modules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import (  # noqa: F401
    ConfigError, TornUpdateError)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._ip import IP, IPMask  # noqa: F401
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import GoTime, GO_ZERO_TIME  # noqa: F401
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import vic, vicstruct  # noqa: F401
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._gotypes import IPNet, URL  # noqa: F401
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._wire import (  # noqa: F401
    HIDDEN_MASK, HIDDEN_OMIT, HIDDEN_SHOW, MASK, NIL_VALUE, escape_value, is_masked, mask_value, unescape_value)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._encode import (  # noqa: F401
    VALUE_SIZE_LIMIT, Entry, atomic_marker_key, encode, encode_entries)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._decode import decode, decode_field  # noqa: F401
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._check import check_schema  # noqa: F401
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._configspec import (  # noqa: F401
    ChangeSet, extra_config_map, field_keys, guest_writable, keep_guest_published, owned_keys, plan_changes,
    retire_with_entity)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import (  # noqa: F401
    SECRET_KEY_KEY, is_guest_readable, is_secret_key, is_visible_key, key_flags)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._guestinfo import (  # noqa: F401
    GUEST_MESSAGE_LIMIT, GuestInfoSink, GuestInfoSource, GuestToolsError, NotInVMwareVMError, ToolsTransport,
    decode_in_guest)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._plain import as_plain  # noqa: F401
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._report import (  # noqa: F401
    SECRET_BEFORE, SECRET_CHANGED, changes_diff, describe_changes, describe_config)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._paths import key_of, set_field  # noqa: F401
