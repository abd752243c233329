# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The endpoint a session is connected to, written as vic-machine records a VCH's target."""

import pytest

from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import Session


@pytest.mark.parametrize("hostname, port, url", [
    ("vcenter.example.com", 443, "https://vcenter.example.com"),
    ("127.0.0.1", 8989, "https://127.0.0.1:8989"),
    ("127.0.0.1", "8443", "https://127.0.0.1:8443"),
    ("fd00::5", 443, "https://[fd00::5]"),
    ("fd00::5", 9443, "https://[fd00::5]:9443"),
])
def test_url(hostname, port, url):
    assert Session(hostname, "u", "p", port=port).url == url
