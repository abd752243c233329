# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process, as Ansible would hand it its arguments, and return its JSON result."""

import contextlib
import importlib
import io
import json

from ansible.module_utils.testing import patch_module_args


def run_module(name, args, check_mode=False, diff=False):
    """The result dict of vic.vch.<name> run with ``args`` (``failed`` and ``msg`` on failure)."""
    module = importlib.import_module("ansible_collections.vic.vch.plugins.modules." + name)
    # tracebacks of errors captured, as ansible-playbook does with ANSIBLE_DISPLAY_TRACEBACK=error (ansible-core 2.19;
    # before it, at -vvv): clean_failure checks what they hold
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff, _ansible_tracebacks_for=["error"])
    out = io.StringIO()
    _forget_warnings()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    text = out.getvalue()
    try:
        return json.loads(text)
    except ValueError:
        raise AssertionError("module %s printed no JSON result: %r" % (name, text)) from None


def _forget_warnings():
    """Each run starts with no warning, as in its own process: Ansible keeps a module's warnings in a global."""
    try:
        from ansible.module_utils.common import warnings
    except ImportError:  # pragma: no cover
        return
    for name in ("_global_warnings", "_global_deprecations"):
        registry = getattr(warnings, name, None)
        if hasattr(registry, "clear"):
            registry.clear()


def run_module_process(name, args, timeout=300):
    """run_module in a process of its own: for runs that race each other (run_module patches process globals)."""
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.run([sys.executable, "-m", "tests.support.modules", name, json.dumps(args)], cwd=root,
                          capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0 or not proc.stdout:
        raise AssertionError("module %s in a process of its own failed: %s" % (name, proc.stderr[-3000:]))
    return json.loads(proc.stdout)


def clean_failure(result):
    """A failure Ansible users can read: failed, a message (naming the step) with no traceback in it, nothing
    crashed. The traceback Ansible shows at -vvv (``exception``) is there and ends in one of the collection's own
    errors, its cause chained above it."""
    exception = (result.get("exception") or "").strip()
    last = exception.splitlines()[-1] if exception else ""
    return bool(result.get("failed") is True and result.get("msg") and "Traceback" not in result["msg"]
                and "module_stderr" not in result and exception.startswith("Traceback")
                and last.startswith("ansible_collections.vic.vch.plugins.module_utils."))


if __name__ == "__main__":  # python -m tests.support.modules MODULE '{"json": "args"}' : run it in its own process
    import sys

    from tests.support.collection_path import ensure_importable

    ensure_importable()
    print(json.dumps(run_module(sys.argv[1], json.loads(sys.argv[2]))))
