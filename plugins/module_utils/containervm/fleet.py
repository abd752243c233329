# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_fleet: many containerVMs in one run -- each one a containervm_config run (ContainerVMRun), planned
together on one inventory retrieval and applied side by side (writer.batch)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.containervm.lifecycle import ContainerVMRun
from ansible_collections.vic.vch.plugins.module_utils.containervm.options import CONTAINERVM_ARGUMENT_SPEC
from ansible_collections.vic.vch.plugins.module_utils.writer.batch import Batch, batch_argument_spec


class ContainerVMFleet(Batch):
    """One containervm_fleet run."""

    run_class = ContainerVMRun
    items_option = "containers"
    noun = "containerVMs"
    run_options = ("wait", "timeout")
    defaulted = ("vch", "datacenter", "keep_on_failure")

    def identity(self, params, options):
        return "name", (params["datacenter"], params["vch"], options[0])


FLEET_ARGUMENT_SPEC = batch_argument_spec("containers", CONTAINERVM_ARGUMENT_SPEC, ContainerVMFleet.run_options,
                                          ContainerVMFleet.defaulted)
