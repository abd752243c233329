# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook as a user runs it, against a simulator, and the guests that publish while it runs.

    rc, out = ansible_playbook(vc, "play.yml", "-vvv", env={"VIC_OPS_PASSWORD": canary})
    recap(out)["localhost"]["changed"]      # the PLAY RECAP's counts, by host
    with guests(vc): ...                    # VCHs and containerVMs publish their status while the block runs
"""

import contextlib
import os
import re
import subprocess
import sys

from tests.support.collection_path import REPO_ROOT, collections_root
from tests.support.iso import appliance_iso_file
from tests.support.scratch import scratch

# the head of a play on this machine, modules run by the Python that runs ansible-playbook; a play's body follows
LOCALHOST_PLAY_HEAD = """
- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
"""
_RECAP_RE = re.compile(r"^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$", re.MULTILINE)


def ansible_playbook(vc, playbook, *args, env=None, inventory="localhost,", timeout=600):
    """(return code, stdout + stderr) of ansible-playbook on ``playbook`` with the collection from this checkout,
    the simulator ``vc``'s connection in VMWARE_*, the test bed's appliance ISO in VIC_APPLIANCE_ISO and a
    scratch folder for the demo VCH's certificates in VIC_TLS_CERT_PATH (which the demo variables read), and
    ``env`` added; no colour, no localhost warnings."""
    full_env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1",
                    ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
                    VIC_APPLIANCE_ISO=appliance_iso_file(), VIC_TLS_CERT_PATH=scratch("demo-certs"),
                    **vc.environment())
    full_env.update(env or {})
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory,
                           str(playbook)] + list(args), capture_output=True, text=True, env=full_env,
                          timeout=timeout, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def recap(output):
    """{host: {"ok": n, "changed": n, "failed": n, ...}} from the PLAY RECAP of ``output``."""
    tail = output.rsplit("PLAY RECAP", 1)[-1]
    return dict((host, dict((name, int(count)) for name, count in re.findall(r"(\w+)=(\d+)", counts)))
                for host, counts in _RECAP_RE.findall(tail))


@contextlib.contextmanager
def guests(vc, seconds=600, delay=0):
    """tests/support/guest_simulator.py running against ``vc`` for the block: powered-on VCHs and containerVMs
    publish what VIC's tether would (started, addresses), so waits end; ``delay`` seconds after they power on."""
    proc = subprocess.Popen([sys.executable, os.path.join(REPO_ROOT, "tests", "support", "guest_simulator.py"),
                             "--seconds", str(seconds), "--delay", str(delay)],
                            env=dict(os.environ, **vc.environment()), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(30)
