# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A minimal ISO 9660 image, as far as vic-machine reads one: 16 system sectors, a primary volume descriptor
whose Publisher Identifier is VIC build's ``VMware Inc. <version>``, and the descriptor set terminator.

    iso_bytes("v1.5.6-21187-5a57dcb0")      # the image; publisher=None for one that names no version
"""

SECTOR = 2048


def iso_bytes(version=None, publisher=None):
    """The image's bytes; ``publisher`` replaces the whole field (``version`` then unused)."""
    field = publisher if publisher is not None else ("VMware Inc. %s" % version if version else "")
    descriptor = bytearray(SECTOR)
    descriptor[0] = 1  # primary volume descriptor
    descriptor[1:6] = b"CD001"
    descriptor[6] = 1
    descriptor[40:72] = b"VIC".ljust(32)  # the volume identifier
    descriptor[318:446] = field.encode("ascii").upper().ljust(128)  # a-characters: upper case, space padded
    terminator = bytearray(SECTOR)
    terminator[0] = 255
    terminator[1:6] = b"CD001"
    terminator[6] = 1
    return bytes(16 * SECTOR) + bytes(descriptor) + bytes(terminator)
