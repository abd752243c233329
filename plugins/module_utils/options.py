# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checking and parsing what users write in options -- names, addresses, networks in CIDR form, URLs -- with
errors that start with the option's name (``public_network.ip: ...``). Shared by every resource's options."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from urllib.parse import unquote, urlsplit

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IP, URL, ConfigError, IPNet

_NAME_RE = re.compile(r"[^%/\\|@]{1,80}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class OptionError(ConfigError):
    """Bad input for one option; the message starts with the option's name."""

    def __init__(self, field, message):
        self.field = field
        self.reason = message
        super(OptionError, self).__init__("%s: %s" % (field, message))

    def within(self, prefix):
        """The same error for the option inside ``prefix`` (an item of a list option: 'containers[3]')."""
        return OptionError("%s.%s" % (prefix, self.field), self.reason)


def text(field, value, allow_empty=False):
    """A text option: None stays None; empty (unless allowed) or holding a control character (a newline, a NUL:
    they would end up inside a key's value or a service's environment) is refused."""
    if value is None:
        return None
    value = str(value)
    if not allow_empty and not value.strip():
        raise OptionError(field, "must not be empty")
    if _CONTROL_RE.search(value):
        raise OptionError(field, "contains a control character (a newline, a tab, a NUL, ...)")
    return value


def check_name(field, value):
    """A VM or inventory object name: 1 to 80 characters, none of % / \\ | @."""
    value = text(field, value)
    if not _NAME_RE.fullmatch(value) or value in (".", ".."):
        raise OptionError(field, "%r is not a valid name (1 to 80 characters, none of %% / \\ | @, not . or ..)"
                          % value)
    return value


def parse_ip(field, value):
    try:
        return IP.parse(text(field, value), v4=True)
    except ValueError:
        raise OptionError(field, "%r is not an IP address" % value) from None


def parse_cidr(field, value):
    try:
        return IPNet.parse(text(field, value))
    except ValueError:
        raise OptionError(field, "%r is not an address in CIDR form (like 10.0.0.5/24)" % value) from None


def parse_url(field, value, schemes):
    value = text(field, value)
    url = URL.parse(value)
    if url.scheme not in schemes:
        raise OptionError(field, "%r must be a %s URL" % (value, " or ".join(s + "://" for s in schemes)))
    if not url.host:
        raise OptionError(field, "%r has no host" % value)
    if "|" in value or "@" in value.split("//", 1)[-1].split("/", 1)[0]:
        raise OptionError(field, "%r must not contain '|' or credentials" % value)
    return url


def option_for(field, names):
    """The option that sets the schema ``field``, from ``names``: [(field pattern, option)], the first match wins.

    A pattern matches its field and everything under it; ``[*]`` stands for any map key, which ``{0}`` in the
    option repeats: ("executor_config.networks[*]", "{0}_network") names 'public_network' for
    'executor_config.networks[public].static'. None when nothing matches (or ``field`` is None).
    """
    if field is None:
        return None
    for pattern, option in names:
        regex = _FIELD_PATTERNS.get(pattern)
        if regex is None:
            regex = re.compile(re.escape(pattern).replace(re.escape("[*]"), r"\[([^\]]*)\]") + r"(?:$|[.\[])")
            _FIELD_PATTERNS[pattern] = regex
        match = regex.match(field)
        if match:
            return option.format(*match.groups())
    return None


_FIELD_PATTERNS = {}


def datastore_url_as_written(url):
    """A volume store's URL as people write it: vic-machine records a datastore's as the datastore path
    (ds://LocalDS_0/%5BLocalDS_0%5D%20volumes, for "[LocalDS_0] volumes"); given as ds://LocalDS_0/volumes.
    Any other URL is returned as it is."""
    parts = urlsplit(url or "")
    path = unquote(parts.path).lstrip("/")
    prefix = "[%s] " % parts.netloc if parts.netloc else None
    if parts.scheme != "ds" or prefix is None or not path.startswith(prefix):
        return url
    return "ds://%s/%s" % (parts.netloc, path[len(prefix):])
