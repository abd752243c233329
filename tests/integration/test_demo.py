# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's main command, run as a newcomer would: scripts/demo, end to end."""

import os
import socket
import subprocess

from tests.support.collection_path import REPO_ROOT


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_demo_deploys_detects_and_corrects_drift_and_inspects():
    env = dict(os.environ, VIC_DEMO_PORT=str(free_port()), ANSIBLE_NOCOLOR="1", VIC_OPS_PASSWORD="demo-canary-Pa55")
    proc = subprocess.run(["bash", os.path.join(REPO_ROOT, "scripts", "demo")], capture_output=True, text=True,
                          env=env, timeout=600, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-5000:]
    assert "VCH vch-demo (vm-" in out and "client address 10.10.0.5" in out
    for name in ("web-1", "cache-1", "worker-1"):
        assert "%s (vm-" % name in out and "started=true" in out
    # the drift report names the VM, the field, before and after, and the correction leaves no drift
    # in the user's terms: the option, the field, values as written (a list as a list)
    assert ("vch-demo: registries.insecure (registry.insecure_registries): ['rogue.example:5000'] -> "
            "['registry.lab:5000']") in out
    assert "stop_signal (sessions[" in out and "].stop_signal): SIGKILL -> SIGTERM" in out
    final_check = out.split("no drift left")[1].split("vic.vch.inspect")[0]
    assert "changed=0" in final_check and "failed=0" in final_check
    assert "vch-demo     poweredOn" in out and "worker-1     poweredOn" in out
    assert "demo-canary-Pa55" not in out  # the ops password never shows
