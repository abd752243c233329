# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A minimal ISO 9660 image, as far as vic-machine reads one: 16 system sectors, a primary volume descriptor
whose Publisher Identifier is VIC build's ``VMware Inc. <version>``, and the descriptor set terminator. The
simulated appliances never boot, so this stands in for VIC's appliance and bootstrap ISOs on the test bed and in
the demo.

    iso_bytes("v1.5.6-21187-5a57dcb0")      # the image; publisher=None for one that names no version
    appliance_iso_file()                    # the test bed's appliance ISO (made once, under .cache)
    python tests/support/iso.py PATH [VERSION]
"""

import os
import sys

SECTOR = 2048
TESTBED_VERSION = "v1.5.6-21187-5a57dcb0"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


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


def write_iso(path, version=TESTBED_VERSION):
    """Write the image to ``path`` (its directory made) unless it is there already; returns ``path``."""
    data = iso_bytes(version)
    if not (os.path.isfile(path) and os.path.getsize(path) == len(data)):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        temporary = "%s.%d" % (path, os.getpid())
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    return path


def appliance_iso_file():
    """The test bed's appliance ISO, .cache/test-isos/appliance.iso of this checkout."""
    return write_iso(os.path.join(REPO_ROOT, ".cache", "test-isos", "appliance.iso"))


if __name__ == "__main__":
    print(write_iso(sys.argv[1], *sys.argv[2:3]))
