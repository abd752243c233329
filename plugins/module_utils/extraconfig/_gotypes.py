# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Go's net.IPNet and url.URL, laid out as the Go structs VIC encodes field by field."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.vic.vch.plugins.module_utils.extraconfig._ip import IP, IPMask
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._schema import vic, vicstruct

try:  # Python 3
    from urllib.parse import quote, unquote
except ImportError:  # pragma: no cover
    from urllib import quote, unquote

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# characters Go's url package leaves unescaped in a path and in a fragment
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_FRAGMENT_SAFE = "/:@!$&'()*+,;=-._~?"


@vicstruct
class IPNet:
    """Go's net.IPNet: untagged IP and Mask, keyed "IP" and "Mask"."""

    ip: IP = vic("IP")
    mask: IPMask = vic("Mask")

    @classmethod
    def parse(cls, text):
        """'10.0.0.5/24' -> the address as given (4-byte for IPv4, as Go's ParseCIDR) and its mask."""
        iface = ipaddress.ip_interface(str(text).strip())
        bits = iface.max_prefixlen
        if "/" not in str(text):
            raise ValueError("%r is not in CIDR form (address/prefix)" % (text,))
        return cls(IP(iface.ip.packed), IPMask.from_prefix(iface.network.prefixlen, bits))

    def __str__(self):
        if not self.ip and not self.mask:
            return "<nil>"
        size = self.mask.prefix_length()
        return "%s/%s" % (self.ip, size if size is not None else self.mask)


@vicstruct
class URL:
    """Go's url.URL with its Go 1.8 fields (userinfo is never stored)."""

    scheme: str = vic("Scheme")
    opaque: str = vic("Opaque")
    host: str = vic("Host")
    path: str = vic("Path")
    raw_path: str = vic("RawPath")
    force_query: bool = vic("ForceQuery")
    raw_query: str = vic("RawQuery")
    fragment: str = vic("Fragment")

    @classmethod
    def parse(cls, text):
        """Parse a URL the way Go's url.Parse fills these fields (credentials are dropped)."""
        rest = str(text)
        out = cls()
        if "#" in rest:
            rest, fragment = rest.split("#", 1)
            out.fragment = unquote(fragment)
        match = _SCHEME_RE.match(rest)
        if match:
            out.scheme = match.group(1).lower()
            rest = rest[match.end():]
        if "?" in rest:
            rest, out.raw_query = rest.split("?", 1)
            out.force_query = out.raw_query == ""
        if out.scheme and not rest.startswith("/"):
            out.opaque = rest
            return out
        if rest.startswith("//"):
            authority, slash, path = rest[2:].partition("/")
            out.host = authority.rpartition("@")[2]
            rest = slash + path
        out.path = unquote(rest)
        if quote(out.path, safe=_PATH_SAFE) != rest:
            out.raw_path = rest
        return out

    def __str__(self):
        text = self.scheme + ":" if self.scheme else ""
        if self.opaque:
            text += self.opaque
        else:
            if self.scheme or self.host:
                text += "//" + self.host
            path = self.raw_path or quote(self.path, safe=_PATH_SAFE)
            if path and not path.startswith("/") and self.host:
                path = "/" + path
            text += path
        if self.force_query or self.raw_query:
            text += "?" + self.raw_query
        if self.fragment:
            text += "#" + quote(self.fragment, safe=_FRAGMENT_SAFE)
        return text
