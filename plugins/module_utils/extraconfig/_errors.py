# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Errors raised by the extraConfig codec."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ConfigError(ValueError):
    """A schema, encode or decode problem; the message names the key or field."""


class TornUpdateError(ConfigError):
    """An atomic group read back with a digest that does not match its marker.

    The reader saw part of an update: re-read (in the guest) or fail.
    """

    def __init__(self, group, marker_key):
        self.group = group
        self.marker_key = marker_key
        super(TornUpdateError, self).__init__(
            "atomic group %r: values do not match marker %s (torn or out-of-band update)" % (group, marker_key))
