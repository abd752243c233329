# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Go's net.IP and net.IPMask: raw bytes whose length (4 or 16) is kept as read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

_V4_IN_V6 = b"\x00" * 10 + b"\xff\xff"


class _RawBytes:
    """Immutable raw bytes with value equality; the base of IP and IPMask."""

    __slots__ = ("raw",)

    def __init__(self, raw=b""):
        if isinstance(raw, _RawBytes):
            raw = raw.raw
        if not isinstance(raw, (bytes, bytearray)):
            raise TypeError("%s takes bytes; use %s.parse() for text" % (type(self).__name__, type(self).__name__))
        object.__setattr__(self, "raw", bytes(raw))

    def __setattr__(self, name, value):
        raise AttributeError("%s is immutable" % type(self).__name__)

    def __reduce__(self):  # copy, deepcopy and pickle rebuild it from its bytes (it refuses setattr)
        return type(self), (self.raw,)

    def __eq__(self, other):
        return type(other) is type(self) and other.raw == self.raw

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((type(self).__name__, self.raw))

    def __len__(self):
        return len(self.raw)

    def __bool__(self):
        return bool(self.raw)

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, str(self) if self.raw else "")


class IP(_RawBytes):
    """Go's net.IP. ``IP.parse('10.0.0.1')`` gives the 16-byte form as Go's net.ParseIP does;
    ``IP.parse('10.0.0.1', v4=True)`` the 4-byte form (Go's To4)."""

    __slots__ = ()

    @classmethod
    def parse(cls, text, v4=False):
        addr = ipaddress.ip_address(str(text).strip())
        if addr.version == 4:
            return cls(addr.packed if v4 else _V4_IN_V6 + addr.packed)
        return cls(addr.packed)

    def to_address(self):
        """The ipaddress object (IPv4Address for 4-byte and v4-in-v6 forms), or None when empty."""
        if len(self.raw) == 4:
            return ipaddress.IPv4Address(self.raw)
        if len(self.raw) == 16:
            if self.raw.startswith(_V4_IN_V6):
                return ipaddress.IPv4Address(self.raw[12:])
            return ipaddress.IPv6Address(self.raw)
        return None

    def __str__(self):
        addr = self.to_address()
        if addr is not None:
            return str(addr)
        return "<nil>" if not self.raw else "?" + self.raw.hex()


class IPMask(_RawBytes):
    """Go's net.IPMask: 4 bytes for IPv4 (as net.ParseCIDR gives it) or 16 for IPv6."""

    __slots__ = ()

    @classmethod
    def from_prefix(cls, prefix_len, bits=32):
        if not 0 <= prefix_len <= bits:
            raise ValueError("prefix length %d out of 0..%d" % (prefix_len, bits))
        value = ((1 << bits) - 1) ^ ((1 << (bits - prefix_len)) - 1)
        return cls(value.to_bytes(bits // 8, "big"))

    def prefix_length(self):
        """The CIDR prefix length, or None when the mask is not canonical (Go's Size() gives 0, 0)."""
        bits = len(self.raw) * 8
        value = int.from_bytes(self.raw, "big")
        ones = bin(value).count("1")
        if value != ((1 << bits) - 1) ^ ((1 << (bits - ones)) - 1):
            return None
        return ones

    def __str__(self):
        return self.raw.hex() if self.raw else "<nil>"
