# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VMware Tools for guest-side tests: a stand-in for the hypervisor, and Debian's real vmware-rpctool.

    hv = Hypervisor(tmp_path, monkeypatch, {"guestinfo.vice./id": "c1"})   # what the guest may query
    ToolsTransport([[hv.rpctool]])          # or [[hv.vmtoolsd, "--cmd"]]
    monkeypatch.setenv("FAKE_MODE", "outside")    # now it answers as outside a VMware VM
    hv.calls()                              # every invocation: [program, arg, ...]

The stand-in (a Python script run with -S: no site import, a guest reads hundreds of keys one call each) follows
VMware Tools' contract: the whole command is one argument; exit 0 and the value on stdout;
exit 1 and "No value found" for a missing key; outside a VM, a failure to reach the hypervisor.
"""

import json
import os
import shutil
import stat
import sys
import textwrap

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

STAND_IN = textwrap.dedent('''\
    #!{python} -S
    import json, os, sys
    state_path = os.environ["FAKE_GUESTINFO"]
    args = sys.argv[1:]
    if args and args[0] == "--cmd":
        args = args[1:]
    with open(state_path + ".log", "a") as log:
        log.write(json.dumps([os.path.basename(sys.argv[0])] + sys.argv[1:]) + "\\n")
    if os.environ.get("FAKE_MODE") == "outside":
        sys.stderr.write("Failed sending message to VMware.\\n")
        sys.exit(1)
    if len(args) != 1:
        sys.stderr.write("usage: one argument\\n")
        sys.exit(1)
    with open(state_path) as handle:
        state = json.load(handle)
    verb, _, rest = args[0].partition(" ")
    if verb == "info-get":
        if rest not in state:
            sys.stderr.write("No value found\\n")
            sys.exit(1)
        sys.stdout.write(state[rest] + "\\n")
    elif verb == "info-set":
        key, _, value = rest.partition(" ")
        state[key] = value
        with open(state_path, "w") as handle:
            json.dump(state, handle)
    else:
        sys.stderr.write("Unknown command\\n")
        sys.exit(1)
''')


class Hypervisor:
    """The stand-in's state file, seen from the test (``values``: the keys the guest may query, as stored)."""

    def __init__(self, tmp_path, monkeypatch, values):
        self.path = str(tmp_path / "guestinfo.json")
        self.write(values)
        monkeypatch.setenv("FAKE_GUESTINFO", self.path)
        monkeypatch.delenv("FAKE_MODE", raising=False)
        self.rpctool = self._install(tmp_path / "vmware-rpctool")
        self.vmtoolsd = self._install(tmp_path / "vmtoolsd")

    @staticmethod
    def _install(path):
        path.write_text(STAND_IN.format(python=sys.executable))
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return str(path)

    def write(self, values):
        with open(self.path, "w") as handle:
            json.dump(values, handle)

    def read(self):
        with open(self.path) as handle:
            return json.load(handle)

    def calls(self):
        if not os.path.exists(self.path + ".log"):
            return []
        with open(self.path + ".log") as handle:
            return [json.loads(line) for line in handle]


def real_rpctool():
    """Debian's vmware-rpctool: $VIC_TEST_RPCTOOL, the copy `bash tests/run` unpacks into .cache, or PATH."""
    for candidate in (os.environ.get("VIC_TEST_RPCTOOL"),
                      os.path.join(REPO_ROOT, ".cache", "open-vm-tools", "usr", "bin", "vmware-rpctool"),
                      shutil.which("vmware-rpctool")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    import pytest
    pytest.fail("Debian's vmware-rpctool is needed: run the suite with `bash tests/run`, which fetches it")
