# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What vic-machine reads of a VIC ISO: its version, the last word of the primary volume descriptor's Publisher
Identifier (sector 16, byte 318, 128 bytes), which VIC's build sets to ``VMware Inc. <version>``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

SECTOR = 2048
DESCRIPTOR_OFFSET = 16 * SECTOR  # the primary volume descriptor
PUBLISHER_OFFSET, PUBLISHER_LENGTH = 318, 128
# what to read of an ISO to know its version: its start up to the end of the publisher field
HEAD_LENGTH = DESCRIPTOR_OFFSET + PUBLISHER_OFFSET + PUBLISHER_LENGTH


def publisher_version(head):
    """The version an ISO's first bytes (``head``, at least HEAD_LENGTH of them) name: the last word of its
    publisher, or None when it names none. ValueError when they are not the start of an ISO 9660 image."""
    descriptor = head[DESCRIPTOR_OFFSET:DESCRIPTOR_OFFSET + PUBLISHER_OFFSET + PUBLISHER_LENGTH]
    if len(descriptor) < PUBLISHER_OFFSET + PUBLISHER_LENGTH or descriptor[1:6] != b"CD001" or descriptor[0] != 1:
        raise ValueError("not an ISO 9660 image (no primary volume descriptor at sector 16)")
    words = descriptor[PUBLISHER_OFFSET:].decode("ascii", "replace").split()
    return words[-1] if words else None


class LocalIso:
    """A VIC ISO on the controller (vic-machine's --appliance-iso / --bootstrap-iso): its path and the version
    it names (None when none). ValueError when the file cannot be read or is not an ISO 9660 image."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(HEAD_LENGTH)
        except OSError as exc:
            raise ValueError("cannot be read: %s" % (exc.strerror or exc)) from None
        self.version = publisher_version(head)

    def uploaded_name(self, role, version):
        """The name vic-machine gives it on the datastore: ``<version>-appliance.iso``, the version its own (as
        the ISO says it) or, when it names none, the VCH's."""
        return "%s-%s.iso" % (self.version or version, role)

    def __str__(self):
        return self.path
