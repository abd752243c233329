# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The molecule scenario (extensions/molecule/default): create starts vcsim, converge runs the deploy role,
idempotence proves a second converge changes nothing, verify reads the result back, destroy stops vcsim."""

import os
import socket
import subprocess
import sys

from tests.support.collection_path import REPO_ROOT, collections_root


def test_molecule_default_scenario():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bin_dir = os.path.dirname(sys.executable)
    collections_root()  # .cache/collections, which the scenario puts on ANSIBLE_COLLECTIONS_PATH
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""), VIC_MOLECULE_PORT=str(port),
               ANSIBLE_NOCOLOR="1", NO_COLOR="1", ANSIBLE_FORCE_COLOR="0")
    proc = subprocess.run([os.path.join(bin_dir, "molecule"), "test"], cwd=REPO_ROOT, capture_output=True, text=True,
                          env=env, timeout=600, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    for step in ("create", "converge", "idempotence", "verify", "destroy"):
        assert "%s: Executed: Successful" % step in out.replace("➜ ", "").replace("default ", ""), step
