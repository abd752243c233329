# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VIC's build versions: the text VIC's build stamps on its ISOs (``v1.5.6-21187-5a57dcb0``: tag, build number,
commit) and the ``init/version`` a VCH records (pkg/version.Build), with the data version (PluginVersion) of each
VIC release, which the appliance compares with its own to decide whether its configuration needs migrating."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.vic.vch.plugins.module_utils.vic_schema.schemas import Build

# feature.MaxPluginVersion - 1 of each release (lib/migration/feature; 1.1 wrote MaxPluginVersion, 5)
PLUGIN_VERSIONS = {(1, 1): 5, (1, 2): 8, (1, 3): 9, (1, 4): 10, (1, 5): 10}
_VERSION_RE = re.compile(r"(v(\d+)\.(\d+)\.\d+(?:-[0-9a-z.]+)*?)-(\d+)-([0-9a-f]{7,40})")


def parse_build(text):
    """The Build a VCH of this VIC version records, from VIC's version text (``v1.5.6-21187-5a57dcb0``; an ISO
    says it upper-case, the binaries wrote it lower-case, as here). ValueError for text that is not one."""
    match = _VERSION_RE.fullmatch(str(text).strip().lower())
    if not match:
        raise ValueError("%r is not a VIC version like v1.5.6-21187-5a57dcb0 (tag-build number-commit)" % (text,))
    tag, major, minor, number, commit = match.groups()
    plugin_version = PLUGIN_VERSIONS.get((int(major), int(minor)))
    if plugin_version is None:
        raise ValueError("%s is not a VIC release this collection knows the data version of (1.1 to 1.5)" % tag)
    return Build(version=tag, build_number=number, git_commit=commit, plugin_version=plugin_version)


def version_text(build):
    """VIC's version text of a Build (ShortVersion): ``v1.5.6-21187-5a57dcb0``."""
    return "%s-%s-%s" % (build.version, build.build_number or "0", build.git_commit)
