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
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    out = io.StringIO()
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


if __name__ == "__main__":  # python tests/support/modules.py MODULE '{"json": "args"}' : run it in its own process
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from collection_path import ensure_importable

    ensure_importable()
    print(json.dumps(run_module(sys.argv[1], json.loads(sys.argv[2]))))
