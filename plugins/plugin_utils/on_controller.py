# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin of the vSphere modules: a task that runs on the controller with the controller's own Python
is done in the worker process itself, the module's work called directly; anywhere else the module runs as
modules do.

Why: a converged run's own work is about 0.08 s; building the module's payload, starting a Python for it,
importing Ansible's module runtime there and handing the result back as JSON cost several times that on every
task. Run in the worker, the work is the same code with the same options, checks and masking
(module_base.run_on_controller), in the same working directory (the playbook's, where Ansible runs local modules)
and with the task's ``environment``.

It runs in the worker only when the module would have run here, on this Python: the local connection, no become,
not async, and ``ansible_python_interpreter`` naming the Python that runs ansible-playbook (as
``{{ ansible_playbook_python }}`` does). Set VIC_VCH_ON_CONTROLLER=false to always run the module.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import importlib
import json
import os
import shutil
import sys

from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase


def _as_module_args(args):
    """The task's arguments as a module receives them: plain JSON values, as Ansible encodes them for a module
    (ansible-core 2.19 hands tagged strings to plugins, which pyVmomi cannot serialize; vaulted values decrypted)."""
    try:
        from ansible.module_utils.common.json import Direction, get_module_encoder
    except ImportError:  # ansible-core before 2.19
        from ansible.parsing.ajson import AnsibleJSONEncoder
        return json.loads(json.dumps(args, cls=AnsibleJSONEncoder, vault_to_text=True))
    return json.loads(json.dumps(args, cls=get_module_encoder("legacy", Direction.CONTROLLER_TO_MODULE)))


@contextlib.contextmanager
def _environment(variables):
    """os.environ with ``variables`` set, restored afterwards."""
    saved = dict((name, os.environ.get(name)) for name in variables)
    os.environ.update((name, str(value)) for name, value in variables.items())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _working_directory(path):
    saved = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


class OnControllerAction(ActionBase):
    """Subclassed once per module, naming it in ``module_name``."""

    module_name = None
    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(OnControllerAction, self).run(tmp, task_vars)
        if not self._runs_here(task_vars):
            result.update(self._execute_module(module_name="vic.vch." + self.module_name, task_vars=task_vars,
                                               wrap_async=self._task.async_val))
            return result
        from ansible_collections.vic.vch.plugins.module_utils.module_base import run_on_controller

        module = importlib.import_module("ansible_collections.vic.vch.plugins.modules." + self.module_name)
        environment = {}
        self._compute_environment_string(environment)
        with _environment(environment), _working_directory(self._loader.get_basedir()):
            result.update(run_on_controller(module.MODULE, _as_module_args(self._task.args),
                                            bool(self._task.check_mode), bool(self._task.diff)))
        return result

    def _runs_here(self, task_vars):
        """Whether the module would run on this controller, on the Python running this process."""
        if not boolean(os.environ.get("VIC_VCH_ON_CONTROLLER", "true"), strict=False):
            return False
        if self._connection.transport != "local" or self._play_context.become or self._task.async_val:
            return False
        interpreter = task_vars.get("ansible_python_interpreter")
        if not interpreter:
            return False  # found by discovery, which may pick another Python (with other packages)
        interpreter = str(self._templar.template(interpreter))
        return os.path.realpath(shutil.which(interpreter) or interpreter) == os.path.realpath(sys.executable)
