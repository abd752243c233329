# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection as a whole: it builds, and the codec runs on the Pythons a guest may have."""

import glob
import os
import subprocess
import sys
import tarfile

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".cache", "collections")
GUEST_PYTHONS = ("3.8", "3.9", "3.10", "3.12", "3.13")

SMOKE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, encode, check_schema
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, VCHConfig
real = json.load(open(sys.argv[2]))["extraConfig"]
config = decode(VCHConfig, real)
assert config.connection.target == "https://10.192.171.116", config.connection.target
again = encode(decode(VCHConfig, encode(config)))
assert again == encode(config)
assert check_schema(VCHConfig) == [] and check_schema(ExecutorConfig) == []
print("ok", sys.version_info[:2], len(again))
"""


def _pythons():
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    found = {}
    for version in GUEST_PYTHONS:
        paths = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python" + version)))
        if paths:
            found[version] = paths[-1]
    return found


def test_galaxy_build(tmp_path):
    galaxy = os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    proc = subprocess.run([galaxy, "collection", "build", "--output-path", str(tmp_path), REPO_ROOT],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    tarballs = glob.glob(str(tmp_path / "vic-vch-*.tar.gz"))
    assert [os.path.basename(t) for t in tarballs] == ["vic-vch-0.1.0.tar.gz"]
    with tarfile.open(tarballs[0]) as tar:
        names = tar.getnames()
    assert "plugins/module_utils/extraconfig/__init__.py" in names
    assert "plugins/module_utils/vic_schema/__init__.py" in names and "meta/runtime.yml" in names
    assert not [n for n in names if n.startswith((".venv", ".cache", ".ci"))]


@pytest.mark.parametrize("version", GUEST_PYTHONS)
def test_codec_runs_on_guest_pythons(version):
    python = _pythons().get(version)
    if python is None:
        if os.environ.get("CI"):
            pytest.fail("python%s is expected under pyenv on CI machines" % version)
        pytest.skip("python%s not installed (pyenv)" % version)
    fixture = os.path.join(REPO_ROOT, "tests", "fixtures", "vic-real-vch.json")
    proc = subprocess.run([python, "-c", SMOKE, COLLECTIONS, fixture], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")
