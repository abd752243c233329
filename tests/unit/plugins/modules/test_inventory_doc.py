# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-doc renders the inventory plugin vic.vch.vic, its options with their environment fallbacks."""

import json
import os
import subprocess
import sys

from tests.support.collection_path import collections_root


def test_inventory_plugin_doc():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1")
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-doc"), "-t", "inventory", "--json",
                           "vic.vch.vic"], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0 and "WARNING" not in proc.stderr, proc.stderr
    doc = json.loads(proc.stdout)["vic.vch.vic"]["doc"]
    options = doc["options"]
    for name, variable in (("hostname", "VMWARE_HOST"), ("username", "VMWARE_USER"), ("password", "VMWARE_PASSWORD"),
                           ("port", "VMWARE_PORT"), ("validate_certs", "VMWARE_VALIDATE_CERTS")):
        assert options[name]["env"] == [{"name": variable}], name
    # Constructable and Cacheable, through Ansible's own fragments
    for name in ("compose", "groups", "keyed_groups", "strict", "cache", "cache_plugin", "cache_timeout"):
        assert name in options, name
