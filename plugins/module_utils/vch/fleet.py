# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_fleet: many VCHs in one run -- each one a vch_config run (VchConfigure), planned together on one inventory
retrieval and applied side by side (writer.batch)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.vch.configure import VchConfigure
from ansible_collections.vic.vch.plugins.module_utils.vch.options import CONFIG_ARGUMENT_SPEC
from ansible_collections.vic.vch.plugins.module_utils.writer.batch import Batch, batch_argument_spec


class VchFleet(Batch):
    """One vch_fleet run."""

    run_class = VchConfigure
    items_option = "vchs"
    noun = "VCHs"
    run_options = ("timeout",)
    defaulted = ("datacenter", "folder", "list_mode", "restart")

    def identity(self, params, options):
        if params.get("moid"):
            return "moid", params["moid"]
        return "name", (params.get("datacenter"), params.get("folder"), params["name"])


VCH_FLEET_ARGUMENT_SPEC = batch_argument_spec("vchs", CONFIG_ARGUMENT_SPEC, VchFleet.run_options, VchFleet.defaulted,
                                              required_one_of=[("name", "moid")], mutually_exclusive=[("name", "moid")])
