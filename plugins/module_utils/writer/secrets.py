# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VIC-compatible secret values: NaCl secretbox, the key (32 random bytes, base64) in guestinfo.ovfEnv.

A ``@secret`` value is base64(24-byte nonce || secretbox(plaintext)), which is exactly what PyNaCl's
``SecretBox(key).encrypt(plaintext, nonce)`` returns. Plaintext never leaves this module except to the
change planner, which compares it with the decrypted live value so that drift is found without printing it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

try:
    import nacl.exceptions
    import nacl.secret
    import nacl.utils
    HAS_NACL = True
except ImportError:
    HAS_NACL = False

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    SECRET_KEY_KEY, ConfigError, Entry, escape_value, is_secret_key, key_flags)


class SecretKeyUnavailable(ConfigError):
    """The VM has secret values but their key cannot be had: hidden by this API and not in the .vmx, or damaged."""


def secret_key_entry(value):
    """The entry that stores a key of secret values (its base64 text) where VIC keeps it."""
    return Entry(SECRET_KEY_KEY, value, key_flags(SECRET_KEY_KEY), None, "secret key")


def why_unavailable(current):
    """Why a VM's key of secret values cannot be had, in words."""
    if current.get(SECRET_KEY_KEY):
        return "%s, the key of the VM's secret values, is damaged (not the base64 text of a 32-byte key)" \
            % SECRET_KEY_KEY
    return "the VM has secret values but their key (%s) is neither returned by this vSphere API nor readable " \
           "from the VM's .vmx file" % SECRET_KEY_KEY


class Secrets:
    """Seals and opens the @secret values of one VM."""

    def __init__(self, key, from_vmx=False):
        if not HAS_NACL:
            raise ConfigError("secret values need the PyNaCl Python package on the controller (pip install pynacl)")
        self.key = key
        self.box = nacl.secret.SecretBox(key)
        self.from_vmx = from_vmx  # read from the .vmx: the API hides the key, which is there already

    @classmethod
    def generate(cls):
        if not HAS_NACL:
            raise ConfigError("secret values need the PyNaCl Python package on the controller (pip install pynacl)")
        return cls(nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE))

    @classmethod
    def from_text(cls, text, from_vmx=False):
        """The key from its base64 text; None when there is none or it is not a 32-byte key."""
        if not text:
            return None
        try:
            key = base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return None
        return cls(key, from_vmx) if len(key) == 32 else None

    @classmethod
    def of_vm(cls, extra_config, read_vmx=None):
        """The VM's key: from its extraConfig, else (real vCenter hides it from the API) from its .vmx file through
        ``read_vmx(key)`` when the VM has secret values; None when the VM has no key."""
        secrets = cls.from_text(extra_config.get(SECRET_KEY_KEY))
        if secrets is None and read_vmx is not None and any(
                is_secret_key(k) and v for k, v in extra_config.items()):
            secrets = cls.from_text(read_vmx(SECRET_KEY_KEY), from_vmx=True)
        return secrets

    @property
    def key_value(self):
        return base64.b64encode(self.key).decode("ascii")

    def seal(self, plaintext):
        if plaintext == "":
            return ""
        return base64.b64encode(bytes(self.box.encrypt(plaintext.encode("utf-8")))).decode("ascii")

    def open(self, sealed):
        """The plaintext of a sealed value; None when it is not one of ours (damaged, or another key)."""
        if sealed == "":
            return ""
        try:
            return self.box.decrypt(base64.b64decode(sealed.encode("ascii"), validate=True)).decode("utf-8")
        except (ValueError, UnicodeError, nacl.exceptions.CryptoError):
            return None

    def open_map(self, extra_config, keep_unopened=False):
        """extraConfig with @secret values decrypted. One this key cannot open becomes a value that never matches
        (to compare against), or stays as stored with ``keep_unopened`` (to decode and report)."""
        out = dict(extra_config)
        for key, value in extra_config.items():
            if is_secret_key(key):
                plain = self.open(value)
                out[key] = plain if plain is not None else (value if keep_unopened else object())
        return out

    def key_entry(self):
        """The entry that stores this key in the VM's extraConfig (where VIC keeps it)."""
        return secret_key_entry(self.key_value)

    def seal_changes(self, changeset):
        """Replace the plaintext of @secret keys in a change set by fresh ciphertext (deletions stay empty)."""
        changeset.changes = [(key, escape_value(self.seal("" if value == "<nil>" else value))
                              if is_secret_key(key) and key not in changeset.removed else value)
                             for key, value in changeset.changes]
        return changeset
