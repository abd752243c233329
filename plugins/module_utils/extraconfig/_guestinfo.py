# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""guestinfo from inside the VM, through VMware Tools.

``vmware-rpctool "info-get guestinfo.KEY"`` (the whole command is one argument), falling back to
``vmtoolsd --cmd "..."``. Exit 0: the value on stdout. Exit 1: the key is missing ("No value found")
or the call failed. Outside a VMware VM the tools say so and fail.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import subprocess

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._decode import decode
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._encode import Entry
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._errors import ConfigError, TornUpdateError
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._keys import key_flags
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._wire import escape_value, unescape_value

GUEST_MESSAGE_LIMIT = 64 * 1024  # a guest -> host RPC message
_MISSING_MARKERS = ("No value found",)
_NOT_IN_VM_MARKERS = ("must be run inside a virtual machine", "Failed sending message to VMware",
                      "not running in a VMware virtual machine")


class GuestToolsError(RuntimeError):
    """VMware Tools could not carry the request."""


class NotInVMwareVMError(GuestToolsError):
    """The tools ran but there is no VMware hypervisor behind them."""


class ToolsTransport:
    """Sends guest RPC messages with vmware-rpctool, or vmtoolsd --cmd when that is missing or fails.

    ``commands`` is injectable: a test stands in for the hypervisor with an executable that follows the
    same exit-code contract.
    """

    def __init__(self, commands=None, timeout=30):
        self.commands = commands or (("vmware-rpctool",), ("vmtoolsd", "--cmd"))
        self.timeout = timeout

    def send(self, message):
        tried = []
        for command in self.commands:
            argv = list(command) + [message]
            try:
                proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, timeout=self.timeout, check=False)
            except OSError as exc:
                tried.append("%s: %s" % (command[0], exc.strerror or exc))
                continue
            except subprocess.TimeoutExpired:
                raise GuestToolsError("%s did not answer within %ss" % (command[0], self.timeout)) from None
            stdout = proc.stdout.decode("utf-8", "surrogateescape")
            stderr = proc.stderr.decode("utf-8", "replace").strip()
            if proc.returncode == 0:
                return stdout[:-1] if stdout.endswith("\n") else stdout
            said = stderr or stdout.strip()
            if any(marker in said for marker in _MISSING_MARKERS):
                raise KeyError(message)
            if any(marker in said for marker in _NOT_IN_VM_MARKERS):
                raise NotInVMwareVMError("not inside a VMware VM: %s says %r" % (command[0], said))
            tried.append("%s: exit %d: %s" % (command[0], proc.returncode, said))
        raise GuestToolsError("VMware Tools could not be reached (%s)" % "; ".join(tried))

    def get(self, key):
        """The value of guestinfo ``key``; KeyError when the key does not exist."""
        return self.send("info-get " + key)

    def set(self, key, value):
        self.send("info-set %s %s" % (key, value))


class GuestInfoSource:
    """A decode source reading what the guest may see: guestinfo.* keys, <nil> read back as ""."""

    def __init__(self, transport=None):
        self.transport = transport or ToolsTransport()

    def __call__(self, key):
        if not key.startswith("guestinfo."):
            raise KeyError(key)  # hidden keys do not exist for the guest
        try:
            return unescape_value(self.transport.get(key))
        except KeyError:
            raise KeyError(key) from None


class GuestInfoSink:
    """Writes keys the guest may write: visible, read-write ('.' separators), at most 64 KiB a message."""

    def __init__(self, transport=None):
        self.transport = transport or ToolsTransport()

    @staticmethod
    def check(key, value):
        if not key.startswith("guestinfo."):
            raise ConfigError("%s: a hidden key cannot be written from the guest" % key)
        if key.startswith("guestinfo.vice.") and "/" in key:
            raise ConfigError("%s: a read-only key cannot be written from the guest" % key)
        message = "info-set %s %s" % (key, escape_value(value))
        size = len(message.encode("utf-8", "surrogateescape"))
        if size > GUEST_MESSAGE_LIMIT:
            raise ConfigError("%s: the message is %d bytes, over the guest's %d byte limit"
                              % (key, size, GUEST_MESSAGE_LIMIT))

    def __call__(self, key, value):
        self.check(key, value)
        self.transport.set(key, escape_value(value))

    def write(self, entries):
        """Write entries (from encode_entries) or a {key: value} map: all checked first, markers last."""
        if hasattr(entries, "items"):
            entries = [Entry(key, value, key_flags(key), None, key) for key, value in entries.items()]
        for entry in entries:
            self.check(entry.key, entry.value)
        for entry in sorted(entries, key=lambda e: e.is_marker):
            self.transport.set(entry.key, escape_value(entry.value))


def decode_in_guest(cls, transport=None, prefix="", attempts=5, lenient=False, warnings=None):
    """Decode ``cls`` from inside the guest, re-reading while an atomic group reads back torn (``lenient`` and
    ``warnings`` as for decode: the warnings of the read that counts)."""
    source = GuestInfoSource(transport)
    for attempt in range(attempts):
        said = []
        try:
            config = decode(cls, source, prefix, lenient=lenient, warnings=said)
            if warnings is not None:
                warnings.extend(said)
            return config
        except TornUpdateError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
