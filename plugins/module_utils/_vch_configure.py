# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Changing an existing VCH (vic-machine configure): only the options given, only their keys, one reconfigure."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils import _vsphere_placement as placement_lookup
from ansible_collections.vic.vch.plugins.module_utils._vch_apply import apply_update, plan_edit, retry_on_conflict
from ansible_collections.vic.vch.plugins.module_utils._vch_config import MUTABLE_OPTIONS, apply_options, is_vch
from ansible_collections.vic.vch.plugins.module_utils._vch_options import VCH_OPTIONS_SPEC, OptionError, validate
from ansible_collections.vic.vch.plugins.module_utils._vsphere_files import vmx_reader
from ansible_collections.vic.vch.plugins.module_utils._vsphere_inventory import locate_vm, snapshot
from ansible_collections.vic.vch.plugins.module_utils._vsphere_session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils._vsphere_tasks import run_task
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError, as_plain, set_field
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

IMMUTABLE_OPTIONS = tuple(sorted(k for k in VCH_OPTIONS_SPEC if k not in MUTABLE_OPTIONS))


class Configurer:
    """One vch_config run."""

    def __init__(self, session, params, check_mode=False, diff=False):
        self.session = session
        self.params = params
        self.check_mode = check_mode
        self.want_diff = diff

    def validated(self):
        given = [k for k in IMMUTABLE_OPTIONS if self.params.get(k) is not None]
        if given:
            raise OptionError(given[0], "cannot change after the VCH is created (vic-machine configure could not "
                                        "either); redeploy the VCH to change it")
        fields = self.params.get("fields") or {}
        for path in fields:
            if not isinstance(path, str) or not path:
                raise OptionError("fields", "keys must be field paths like storage.scratch_size")
        return validate(self.params), fields

    def run(self):
        opts, fields = self.validated()
        what = "configuring VCH %s" % (self.params.get("name") or self.params.get("moid"))
        return retry_on_conflict(what, lambda: self.run_once(opts, fields))

    def run_once(self, opts, fields):
        """Read the VCH, plan the change, write it: one try (retried afresh when another writer got in between)."""
        vm, inv = locate_vm(self.session, self.params.get("name"), self.params.get("moid"),
                            self.params.get("datacenter"), self.params.get("folder"), what="VCH")
        current = vm.extra_config
        if not is_vch(current):
            raise VSphereError("VM %s (%s) is not a VCH: it has no VIC configuration" % (vm.name, vm.moid))
        port_group_ids = {}
        if opts.get("container_networks"):
            inv = inv or snapshot(self.session)
            vm_in_inventory = inv.by_moid[vm.moid]
            found = placement_lookup.port_groups(
                inv, inv.datacenter_of(vm_in_inventory),
                [("container_networks[%d].port_group" % i, n["port_group"])
                 for i, n in enumerate(opts["container_networks"])])
            port_group_ids = dict((pg, "%s:%s" % (obj.kind, obj.moid)) for pg, obj in found.items())

        def edit(config):
            apply_options(config, opts, port_group_ids, merge=self.params.get("list_mode") == "merge")
            for path, value in fields.items():
                try:
                    set_field(config, path, value)
                except ConfigError as exc:
                    raise OptionError("fields", str(exc)) from None

        config, changes, secrets = plan_edit(VCHConfig, current, edit, read_vmx=vmx_reader(self.session, vm.ref))
        result = {"changed": bool(changes), "changed_keys": changes.changed_keys,
                  "vch": {"name": vm.name, "moid": vm.moid, "power_state": vm.power_state},
                  "config": as_plain(config, hidden="mask"), "restarted": False}
        result["drift"] = changes.report(current)
        if self.want_diff:
            result["diff"] = changes.diff(current)
        if not changes or self.check_mode:
            return result
        apply_update(self.session, vm, changes, secrets, "reconfiguring VCH %s" % vm.name)
        if self.params.get("restart") and vm.power_state == "poweredOn":
            # the appliance is stateless: a power cycle makes it read its configuration again
            run_task(self.session, vm.ref.PowerOffVM_Task, "powering off VCH %s" % vm.name)
            run_task(self.session, vm.ref.PowerOnVM_Task, "powering on VCH %s" % vm.name)
            result["restarted"] = True
        return result
