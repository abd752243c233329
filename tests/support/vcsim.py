# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vcsim test bed: govmomi's vCenter simulator on a free loopback port, for integration tests and humans.

    with Vcsim() as vc:                      # the test bed inventory (TESTBED_NAMES), a free 127.0.0.1 port
        vc.connection_params()               # {"hostname": "127.0.0.1", "port": ..., ..., "validate_certs": False}
        vc.govc("vm.create", "-on=false", "-pool", "/DC0/host/DC0_C0/Resources", "-ds", "LocalDS_0", "vm1")
        vc.count("ReconfigVM_Task")          # SOAP requests seen so far (the trace is always on)

The binary is $VIC_VCSIM, else .cache/bin/vcsim of this checkout (``bash tests/run`` or ``scripts/install-vcsim``
puts it there), else vcsim on PATH; govc likewise ($VIC_GOVC). Each simulator is started with ``-stdinexit`` on a
pipe, so it exits by itself if this process dies without stopping it; live simulators are also stopped at exit.

Run as a script (``scripts/vcsim`` does) it starts the test bed in the foreground for humans:
    python tests/support/vcsim.py [--port 8989]

Standard library only (pyvmomi is imported by ``connect()`` alone), no pytest.
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

USERNAME = "administrator@vsphere.local"
PASSWORD = "vcsim-Passw0rd"
# vcsim checks logins against its SSO simulator, which files `-username NAME` as NAME@vsphere.local and splits the
# login name at "@": so a user "x@vsphere.local" must be given to vcsim as "x" (then "x" logs in too).
_SSO_DOMAIN = "vsphere.local"

# Inventory sizes of the test bed, keyed by vcsim flag (without the dash). vcsim's own defaults differ
# (3 hosts per cluster, 1 datastore, 1 port group, 2 VMs per resource pool).
TESTBED = {"dc": 1, "cluster": 1, "host": 2, "standalone-host": 1, "ds": 2, "pg": 3, "vm": 0}

# What vcsim v0.46.0 builds from TESTBED (checked by tests/integration/test_testbed.py).
TESTBED_NAMES = {
    "datacenter": "DC0",
    "cluster": "DC0_C0",
    "cluster_hosts": ["DC0_C0_H0", "DC0_C0_H1"],
    "standalone_host": "DC0_H0",  # a ComputeResource DC0_H0 holding the host DC0_H0
    "datastores": ["LocalDS_0", "LocalDS_1"],
    "network": "VM Network",  # the standard port group every host has
    "dvs": "DVS0",
    "dvs_portgroups": ["DC0_DVPG0", "DC0_DVPG1", "DC0_DVPG2"],  # plus the DVS's uplink group "DVS0-DVUplinks-<n>"
    "cluster_pool": "/DC0/host/DC0_C0/Resources",
    "vm_folder": "/DC0/vm",
}

_START_TIMEOUT = 30.0
_STOP_TIMEOUT = 10.0
_GOVC_TIMEOUT = 120.0

_LIVE = set()  # simulators started and not yet stopped, stopped at exit
_LIVE_LOCK = threading.Lock()

_TRACE_BLOCK = re.compile(r"^(Request|Response): (?=<)", re.M)
_BODY_METHOD = re.compile(r"<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)")
_GOVC_URL = re.compile(r"GOVC_URL=(\S+)")


class VcsimError(RuntimeError):
    """vcsim or govc is missing, did not start, or failed."""


def _find_tool(name, env_var):
    path = os.environ.get(env_var)
    if path:
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise VcsimError(
                "%s=%s is not an executable file; run `bash tests/run` to install %s" % (env_var, path, name)
            )
        return path
    cached = os.path.join(REPO_ROOT, ".cache", "bin", name)
    if os.path.isfile(cached) and os.access(cached, os.X_OK):
        return cached
    found = shutil.which(name)
    if found:
        return found
    raise VcsimError(
        "%s not found (looked at $%s, %s and PATH): run `bash tests/run` (or scripts/install-vcsim) once to "
        "install govmomi's %s into .cache/bin" % (name, env_var, cached, name)
    )


def find_vcsim():
    """Path of the vcsim binary: $VIC_VCSIM, else .cache/bin/vcsim of this checkout, else PATH."""
    return _find_tool("vcsim", "VIC_VCSIM")


def find_govc():
    """Path of the govc binary: $VIC_GOVC, else .cache/bin/govc of this checkout, else PATH."""
    return _find_tool("govc", "VIC_GOVC")


# vcsim logs every change it makes while building its inventory: not what an error message needs
_LOG_CHATTER = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d .*(?: has \d+ changes| applying \d+ updates to)")


def _tail(path, lines=25):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return ""
    return "\n".join([line for line in text.splitlines() if not _LOG_CHATTER.match(line)][-lines:])


class Vcsim:
    """One vcsim process on 127.0.0.1, started by the constructor (``start=False`` to call ``start()`` later).

    Inventory sizes are keyword arguments named like vcsim's flags (``standalone_host`` for -standalone-host);
    unspecified ones come from TESTBED. ``port=0`` (the default) lets vcsim pick a free port.
    """

    def __init__(
        self,
        *,
        username=USERNAME,
        password=PASSWORD,
        port=0,
        binary=None,
        extra_args=(),
        timeout=_START_TIMEOUT,
        start=True,
        **inventory,
    ):
        sizes = dict(TESTBED)
        for key, value in inventory.items():
            flag = key.replace("_", "-")
            if flag not in sizes:
                raise TypeError("unknown inventory size %r (known: %s)" % (key, ", ".join(sorted(TESTBED))))
            sizes[flag] = int(value)
        self.inventory = sizes
        name, at, domain = username.partition("@")
        if at and domain != _SSO_DOMAIN:
            raise ValueError("vcsim knows users of the domain %s only, not %r" % (_SSO_DOMAIN, username))
        self._vcsim_username = name
        self.hostname = "127.0.0.1"
        self.username = username
        self.password = password
        self.port = int(port)
        self.binary = binary
        self.extra_args = tuple(extra_args)
        self.timeout = timeout
        self.pid = None
        self._proc = None
        self._dir = None
        self._stdout = None
        self._stderr = None
        if start:
            self.start()

    # -- lifecycle ------------------------------------------------------------------------------------------

    @property
    def trace_file(self):
        return os.path.join(self._dir, "trace.log") if self._dir else None

    @property
    def log_file(self):
        """vcsim's stderr (its log; very chatty)."""
        return os.path.join(self._dir, "vcsim.log") if self._dir else None

    @property
    def running(self):
        return self._proc is not None and self._proc.poll() is None

    def start(self):
        if self._proc is not None:
            raise VcsimError("this vcsim is already started")
        binary = self.binary or find_vcsim()
        self._dir = tempfile.mkdtemp(prefix="vic-vcsim-")
        env_file = os.path.join(self._dir, "env")
        cmd = [binary, "-l", "%s:%d" % (self.hostname, self.port), "-username", self._vcsim_username,
               "-password", self.password, "-trace", "-trace-file", self.trace_file, "-stdinexit", "-E", "-"]
        for flag, value in self.inventory.items():
            cmd += ["-" + flag, str(value)]
        cmd += list(self.extra_args)
        self._stdout = open(env_file, "wb")
        self._stderr = open(self.log_file, "wb")
        try:
            # stdin is a pipe only we hold: if this process dies, vcsim reads EOF and exits (-stdinexit).
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=self._stdout, stderr=self._stderr)
        except OSError as e:
            self._cleanup_files()
            raise VcsimError("cannot run %s: %s" % (binary, e)) from e
        self.pid = self._proc.pid
        with _LIVE_LOCK:
            _LIVE.add(self)
        try:
            self._wait_ready(env_file)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, env_file):
        deadline = time.monotonic() + self.timeout
        delay = 0.005
        while True:
            with open(env_file, encoding="utf-8", errors="replace") as f:
                m = _GOVC_URL.search(f.read())
            if m:
                url = urllib.parse.urlsplit(m.group(1))
                self.port = url.port
                break
            rc = self._proc.poll()
            if rc is not None:
                raise VcsimError(
                    "vcsim exited with status %s before it was ready (%s:%s). Its stderr:\n%s"
                    % (rc, self.hostname, self.port, _tail(self.log_file))
                )
            if time.monotonic() > deadline:
                raise VcsimError(
                    "vcsim did not report ready within %ss. Its stderr:\n%s" % (self.timeout, _tail(self.log_file))
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        # vcsim prints GOVC_URL once it listens; one connect proves it.
        while True:
            try:
                socket.create_connection((self.hostname, self.port), timeout=1).close()
                return
            except OSError as e:
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    raise VcsimError(
                        "vcsim does not accept connections on %s:%s (%s). Its stderr:\n%s"
                        % (self.hostname, self.port, e, _tail(self.log_file))
                    ) from e
                time.sleep(0.05)

    def stop(self, timeout=_STOP_TIMEOUT):
        """Stop vcsim (close its stdin, SIGTERM, SIGKILL after ``timeout``) and remove its files. Idempotent."""
        proc, self._proc = self._proc, None
        with _LIVE_LOCK:
            _LIVE.discard(self)
        if proc is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._cleanup_files()

    def _cleanup_files(self):
        for f in (self._stdout, self._stderr):
            if f is not None:
                f.close()
        self._stdout = self._stderr = None
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self):
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def __repr__(self):
        state = "running" if self.running else "stopped"
        return "<Vcsim %s:%s pid=%s %s>" % (self.hostname, self.port, self.pid, state)

    # -- connecting -----------------------------------------------------------------------------------------

    @property
    def url(self):
        """The SDK endpoint, without credentials."""
        return "https://%s:%d/sdk" % (self.hostname, self.port)

    @property
    def govc_url(self):
        """The SDK endpoint with the credentials, as govc's GOVC_URL wants it."""
        q = urllib.parse.quote
        return "https://%s:%s@%s:%d/sdk" % (q(self.username, safe=""), q(self.password, safe=""), self.hostname,
                                            self.port)

    def connection_params(self):
        """The collection's connection options for this simulator."""
        return {
            "hostname": self.hostname,
            "port": self.port,
            "username": self.username,
            "password": self.password,
            "validate_certs": False,
        }

    def environment(self):
        """The VMWARE_* variables the modules fall back to, for this simulator."""
        return {
            "VMWARE_HOST": self.hostname,
            "VMWARE_PORT": str(self.port),
            "VMWARE_USER": self.username,
            "VMWARE_PASSWORD": self.password,
            "VMWARE_VALIDATE_CERTS": "false",
        }

    def connect(self, username=None, password=None):
        """A pyvmomi ServiceInstance logged in to this simulator (the caller disconnects it)."""
        import ssl

        from pyVim.connect import SmartConnect

        return SmartConnect(
            host=self.hostname,
            port=self.port,
            user=self.username if username is None else username,
            pwd=self.password if password is None else password,
            sslContext=ssl._create_unverified_context(),
        )

    def govc(self, *args, input=None, timeout=_GOVC_TIMEOUT):
        """Run govc against this simulator; returns its stdout, raises VcsimError with its stderr on failure."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("GOVC_")}
        env.update(GOVC_URL=self.govc_url, GOVC_INSECURE="1", GOVC_PERSIST_SESSION="false")
        cmd = [find_govc(), *[str(a) for a in args]]
        try:
            done = subprocess.run(cmd, input=input, capture_output=True, text=True, env=env, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired as e:
            raise VcsimError("govc %s timed out after %ss" % (shlex.join(cmd[1:]), timeout)) from e
        if done.returncode != 0:
            raise VcsimError(
                "govc %s failed (status %d): %s" % (shlex.join(cmd[1:]), done.returncode, done.stderr.strip())
            )
        return done.stdout

    # -- the SOAP trace -------------------------------------------------------------------------------------

    def soap_requests(self):
        """Names of the SOAP methods called so far (every client: pyvmomi, govc), in order."""
        if not self.trace_file:
            raise VcsimError("this vcsim is stopped: its trace is gone")
        with open(self.trace_file, encoding="utf-8", errors="replace") as f:
            parts = _TRACE_BLOCK.split(f.read())
        methods = []
        for kind, body in zip(parts[1::2], parts[2::2]):
            if kind == "Request":
                m = _BODY_METHOD.search(body)
                methods.append(m.group(1) if m else "?")
        return methods

    def count(self, method):
        """How many times ``method`` (e.g. "ReconfigVM_Task") was called so far."""
        return self.soap_requests().count(method)


@atexit.register
def _stop_all():
    with _LIVE_LOCK:
        live = list(_LIVE)
    for vc in live:
        vc.stop()


def describe(vc):
    """How to connect to ``vc``, for humans (shell-ready)."""
    env = " ".join("%s=%s" % (k, shlex.quote(v)) for k, v in vc.environment().items())
    names = TESTBED_NAMES
    return "\n".join([
        "vcsim (govmomi's vCenter simulator) is listening on %s:%d (pid %d)" % (vc.hostname, vc.port, vc.pid),
        "  hostname: %s" % vc.hostname,
        "  port:     %d" % vc.port,
        "  username: %s" % vc.username,
        "  password: %s" % vc.password,
        "  validate_certs: false (self-signed certificate)",
        "",
        "  export %s" % env,
        "  export GOVC_URL=%s GOVC_INSECURE=1" % shlex.quote(vc.govc_url),
        "",
        "Inventory: datacenter %s; cluster %s (hosts %s); standalone host %s; datastores %s;"
        % (names["datacenter"], names["cluster"], ", ".join(names["cluster_hosts"]), names["standalone_host"],
           ", ".join(names["datastores"])),
        "  networks %r and, on distributed switch %s, %s; no VMs."
        % (names["network"], names["dvs"], ", ".join(names["dvs_portgroups"])),
        "SOAP trace: %s   log: %s" % (vc.trace_file, vc.log_file),
        "Ctrl-C stops it (all its state is lost).",
    ])


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the vic.vch vcsim test bed in the foreground.")
    parser.add_argument("--port", type=int, default=8989, help="port on 127.0.0.1 (default 8989; 0: any free port)")
    args = parser.parse_args(argv)

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    try:
        vc = Vcsim(port=args.port)
    except VcsimError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    try:
        print(describe(vc), flush=True)
        rc = vc._proc.wait()
        print("vcsim exited with status %s; its last log lines:\n%s" % (rc, _tail(vc.log_file)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping vcsim", file=sys.stderr)
        return 0
    finally:
        vc.stop()


if __name__ == "__main__":
    sys.exit(main())
