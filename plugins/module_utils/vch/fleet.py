# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_fleet: many VCHs in one run -- each one a vch_config run (VchConfigure), planned together on one inventory
retrieval and applied side by side (writer.batch)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.vch.configure import VchConfigure
from ansible_collections.vic.vch.plugins.module_utils.vch.options import CONFIG_ARGUMENT_SPEC
from ansible_collections.vic.vch.plugins.module_utils.writer.batch import Batch

# options that apply to the whole run rather than to one VCH
_RUN_OPTIONS = ("timeout",)
# options an item may leave to the run's value
_DEFAULTED = ("datacenter", "folder", "list_mode", "restart")

VCH_FLEET_ARGUMENT_SPEC = dict(
    vchs=dict(type="list", elements="dict", required=True,
              required_one_of=[("name", "moid")], mutually_exclusive=[("name", "moid")], options=dict(
                  # an item's own value of a defaulted option wins, so it has no default of its own
                  (name, dict(spec, default=None) if name in _DEFAULTED else spec)
                  for name, spec in CONFIG_ARGUMENT_SPEC.items() if name not in _RUN_OPTIONS)),
    parallel=dict(type="int", default=8),
    **dict((name, CONFIG_ARGUMENT_SPEC[name]) for name in _RUN_OPTIONS + _DEFAULTED)
)


class VchFleet(Batch):
    """One vch_fleet run."""

    run_class = VchConfigure
    items_option = "vchs"
    noun = "VCHs"

    def item_params(self, item):
        params = dict(item)
        params.update((name, self.params[name]) for name in _RUN_OPTIONS)
        params.update((name, item[name] if item.get(name) is not None else self.params.get(name))
                      for name in _DEFAULTED)
        return params

    def identity(self, params, options):
        if params.get("moid"):
            return "moid", params["moid"]
        return "name", (params.get("datacenter"), params.get("folder"), params["name"])
