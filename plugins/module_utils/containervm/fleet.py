# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_fleet: many containerVMs in one run -- each one a containervm_config run (ContainerVMRun), planned
together on one inventory retrieval and applied side by side (writer.batch)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.containervm.lifecycle import ContainerVMRun
from ansible_collections.vic.vch.plugins.module_utils.containervm.options import CONTAINERVM_ARGUMENT_SPEC
from ansible_collections.vic.vch.plugins.module_utils.writer.batch import Batch

# options that apply to the whole run rather than to one containerVM
_RUN_OPTIONS = ("wait", "timeout")
# options an item may leave to the run's value
_DEFAULTED = ("vch", "datacenter", "keep_on_failure")

FLEET_ARGUMENT_SPEC = dict(
    containers=dict(type="list", elements="dict", required=True, options=dict(
        # an item's own value of a defaulted option wins, so it has no default of its own
        (name, dict(spec, default=None) if name in _DEFAULTED else spec)
        for name, spec in CONTAINERVM_ARGUMENT_SPEC.items() if name not in _RUN_OPTIONS)),
    parallel=dict(type="int", default=8),
    **dict((name, CONTAINERVM_ARGUMENT_SPEC[name]) for name in _RUN_OPTIONS + _DEFAULTED)
)


class ContainerVMFleet(Batch):
    """One containervm_fleet run."""

    run_class = ContainerVMRun
    items_option = "containers"
    noun = "containerVMs"

    def item_params(self, item):
        params = dict(item)
        params.update((name, self.params[name]) for name in _RUN_OPTIONS)
        params.update((name, item[name] if item.get(name) is not None else self.params.get(name))
                      for name in _DEFAULTED)
        return params

    def identity(self, params, options):
        return "name", (params["datacenter"], params["vch"], options[0])
