# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The write path every module shares: desired entries (secrets in plaintext) -> delta against the live
extraConfig (secrets compared decrypted) -> ONE ReconfigVM_Task carrying the changeVersion that was read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    SECRET_KEY_KEY, decode, encode_entries, escape_value, is_secret_key, keep_guest_published, owned_keys,
    plan_changes, retire_with_entity)
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import ConcurrentChange, VSphereError, backoff
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import reconfigure_extra_config
from ansible_collections.vic.vch.plugins.module_utils.writer.secrets import (
    Secrets, SecretKeyUnavailable, secret_key_entry, why_unavailable)

CONFLICT_ATTEMPTS = 5
_OWNERS = {}


def retry_on_conflict(what, run_once, attempts=CONFLICT_ATTEMPTS):
    """``run_once()`` (read, plan, write) again while vSphere refuses the write because the VM changed since it
    was read (another writer got in between): each try reads afresh, so no update is lost or overwritten."""
    for attempt in range(1, attempts + 1):
        try:
            return run_once()
        except ConcurrentChange:
            if attempt == attempts:
                raise VSphereError("%s: the VM kept changing while it was being written (%d attempts): another writer "
                                   "is busy with it; try again later" % (what, attempts)) from None
            time.sleep(backoff(attempt))
    raise AssertionError("unreachable")


def owner_of(schema):
    """True for every key of ``schema`` (and the secret key): VMware's and others' keys are never touched."""
    owns = _OWNERS.get(schema)
    if owns is None:
        schema_owns = owned_keys(schema)

        def owns(key):
            return key == SECRET_KEY_KEY or schema_owns(key)

        _OWNERS[schema] = owns
    return owns


def with_secrets(entries, current, read_vmx=None, secrets=None, rekey=False):
    """The desired entries plus the VM's secret key where secrets need one, and the Secrets to seal them.

    A VM with no key gets a new one. A VM whose key cannot be had -- neither returned by the API nor found in its
    .vmx (``read_vmx``), or damaged -- keeps its sealed values as they are, and its key too: only changing a
    secret needs the key, and is refused (SecretKeyUnavailable) unless ``rekey`` (vch_deploy, given the secrets)
    seals the secrets given under a new key. ``secrets`` given (a key made earlier in the same run) is used as it
    is.
    """
    secrets = secrets or Secrets.of_vm(current, read_vmx)
    needs_secrets = any(e.secret and e.value for e in entries)
    if secrets is None:
        # with no key, values compare as stored: a sealed value carried over unchanged needs no key
        changing = sorted(e.path for e in entries if e.secret and e.value and e.value != current.get(e.key))
        if changing and not rekey and any(is_secret_key(k) and current[k] for k in current):
            raise SecretKeyUnavailable(
                "%s: the secret fields (%s) cannot be changed; vch_deploy given the VCH's secrets seals them under a "
                "new key" % (why_unavailable(current), ", ".join(changing)))
        if changing:
            secrets = Secrets.generate()
        elif SECRET_KEY_KEY in current:
            return list(entries) + [secret_key_entry(current[SECRET_KEY_KEY])], None  # kept as it is
    if secrets is not None and not secrets.from_vmx and (needs_secrets or SECRET_KEY_KEY in current):
        entries = list(entries) + [secrets.key_entry()]
    return entries, secrets


def opened_view(current, secrets):
    """The live extraConfig with the secret values ``secrets`` opens in plaintext, the rest as stored: what a
    report decodes and compares (and never shows)."""
    return secrets.open_map(current, keep_unopened=True) if secrets is not None else dict(current)


def plaintext_view(current, read_vmx=None):
    """The live extraConfig with secret values decrypted where the VM's key is readable."""
    secrets = Secrets.of_vm(current, read_vmx)
    return secrets.open_map(current) if secrets is not None else dict(current)


def plan_update(schema, entries, current, read_vmx=None):
    """(ChangeSet, Secrets) taking the live ``current`` extraConfig to ``entries`` (plaintext).

    What the guest published is kept; keys of ``schema`` no longer desired are removed; others left alone.
    """
    entries = keep_guest_published(entries, current)
    entries, secrets = with_secrets(entries, current, read_vmx)
    compare_with = secrets.open_map(current) if secrets is not None else current
    return plan_changes(entries, compare_with, owns=retire_with_entity(owner_of(schema), entries)), secrets


def sealed_values(entries, secrets):
    """{key: wire value} of entries for a new VM: secrets sealed, empty values escaped."""
    return dict((e.key, escape_value(secrets.seal(e.value) if (e.secret and secrets is not None) else e.value))
                for e in entries)


def apply_update(session, vm, changes, secrets, what):
    """Seal the change set's secrets and send it in ONE ReconfigVM_Task with the VM's read changeVersion."""
    if secrets is not None:
        secrets.seal_changes(changes)
    return reconfigure_extra_config(session, vm.ref, changes, vm.change_version, what)


def plan_edit(schema, current, edit, prefix="", read_vmx=None, rekey=False):
    """Decode the live configuration, let ``edit(config)`` change it, and plan only what the edit changed.

    Returns (config after the edit, ChangeSet, Secrets). The delta is taken between the configuration as
    decoded (re-encoded) and as edited, so keys the edit did not touch are left byte-identical, even those
    of a VM written by VIC that would not re-encode to themselves.
    """
    opened = plaintext_view(current, read_vmx)
    config = decode(schema, opened, prefix)
    baseline = dict((e.key, e.value) for e in encode_entries(config, prefix))
    if SECRET_KEY_KEY in current:
        baseline[SECRET_KEY_KEY] = current[SECRET_KEY_KEY]
    edit(config)
    entries = keep_guest_published(encode_entries(config, prefix, strict=True), opened)
    entries, secrets = with_secrets(entries, current, read_vmx, rekey=rekey)
    retired = retire_with_entity(owner_of(schema), entries)

    def owns(key):  # the baseline is re-encoded: a key it has and the VM lacks needs no removal
        return key in current and retired(key)
    return config, plan_changes(entries, baseline, owns=owns), secrets
