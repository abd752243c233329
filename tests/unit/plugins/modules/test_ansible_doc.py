# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-doc renders every module of plugins/modules, as JSON and as text."""

import glob
import json
import os
import subprocess
import sys

import pytest

from tests.support.collection_path import REPO_ROOT, collections_root

MODULES = sorted(os.path.splitext(os.path.basename(path))[0]
                 for path in glob.glob(os.path.join(REPO_ROOT, "plugins", "modules", "*.py"))
                 if not os.path.basename(path).startswith("_"))


def _ansible_doc(*args):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1")
    command = os.path.join(os.path.dirname(sys.executable), "ansible-doc")
    return subprocess.run([command, "-t", "module"] + list(args), capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_all_modules_found():
    assert MODULES == ["containervm_config", "containervm_fleet", "guestinfo_read", "vch_config", "vch_deploy",
                       "vch_fleet"]


@pytest.mark.parametrize("module", MODULES)
def test_json(module):
    proc = _ansible_doc("--json", "vic.vch." + module)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    doc = json.loads(proc.stdout)["vic.vch." + module]
    assert doc["doc"]["module"] == module and doc["doc"]["short_description"]
    options = doc["doc"]["options"]
    for name in ("hostname", "username", "password", "port", "validate_certs"):
        assert name in options, name
    # the VM's name: an option, or one of each item's (the fleet modules' containers, vchs)
    items = options.get("containers") or options.get("vchs") or {}
    assert "name" in options or "name" in items["suboptions"]
    assert "vic.vch." + module in doc["examples"]
    assert doc["return"]


@pytest.mark.parametrize("module", MODULES)
def test_text(module):
    proc = _ansible_doc("vic.vch." + module)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    assert proc.stdout.startswith("> MODULE vic.vch.%s" % module), proc.stdout[:200]
    assert "EXAMPLES:" in proc.stdout and "RETURN VALUES:" in proc.stdout


def test_containervm_user_is_not_a_connection_alias():
    """containervm_config's ``user`` is the container's user, not the alias of ``username`` it is elsewhere."""
    proc = _ansible_doc("--json", "vic.vch.containervm_config", "vic.vch.vch_deploy")
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    assert docs["vic.vch.containervm_config"]["doc"]["options"]["username"]["aliases"] == ["admin"]
    assert sorted(docs["vic.vch.vch_deploy"]["doc"]["options"]["username"]["aliases"]) == ["admin", "user"]
