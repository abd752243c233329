# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VIC version of an ISO, read as vic-machine reads it, and the init/version a VCH records of it."""

import pytest

from ansible_collections.vic.vch.plugins.module_utils.vch.iso import HEAD_LENGTH, publisher_version
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import Build
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.versions import parse_build, version_text

from tests.support.iso import iso_bytes


def test_the_version_is_the_last_word_of_the_publisher():
    image = iso_bytes("v1.5.6-21187-5a57dcb0")
    assert len(image) >= HEAD_LENGTH
    assert publisher_version(image[:HEAD_LENGTH]) == "V1.5.6-21187-5A57DCB0"  # upper case, as on VIC's ISOs
    assert publisher_version(iso_bytes(publisher="")) is None


def test_what_is_not_an_iso_is_said_so():
    with pytest.raises(ValueError, match="not an ISO 9660 image"):
        publisher_version(b"\0" * HEAD_LENGTH)
    with pytest.raises(ValueError, match="not an ISO 9660 image"):
        publisher_version(iso_bytes("v1.5.6-1-abcdef0")[:100])


@pytest.mark.parametrize("text, build", [
    ("V1.5.6-21187-5A57DCB0", Build(version="v1.5.6", build_number="21187", git_commit="5a57dcb0",
                                    plugin_version=10)),
    ("v1.1.0-rc3-10373-65a1889", Build(version="v1.1.0-rc3", build_number="10373", git_commit="65a1889",
                                       plugin_version=5)),
    ("v1.2.1-13858-c3db65f", Build(version="v1.2.1", build_number="13858", git_commit="c3db65f", plugin_version=8)),
    ("v1.3.0-15556-9a7fc0b", Build(version="v1.3.0", build_number="15556", git_commit="9a7fc0b", plugin_version=9)),
    ("v1.4.3-18915-6a8f5d8", Build(version="v1.4.3", build_number="18915", git_commit="6a8f5d8",
                                   plugin_version=10)),
])
def test_a_version_is_recorded_as_vic_records_it(text, build):
    assert parse_build(text) == build
    assert version_text(parse_build(text)) == text.lower()


@pytest.mark.parametrize("text", ["", "version-unknown", "v1.5.6", "v1.5.6-21187", "1.5.6-21187-5a57dcb0",
                                  "v2.0.0-1-abcdef0", "v1.5.6-x-5a57dcb0"])
def test_other_text_is_not_a_version(text):
    with pytest.raises(ValueError):
        parse_build(text)
