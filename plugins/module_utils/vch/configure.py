# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_config: changing an existing VCH (vic-machine configure) -- only the options given, only their keys, one
reconfigure -- on the one run sequence (writer.run)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import as_plain
from ansible_collections.vic.vch.plugins.module_utils.vch import tls
from ansible_collections.vic.vch.plugins.module_utils.vch.converge import plan_given_options
from ansible_collections.vic.vch.plugins.module_utils.vch.mapping import option_of
from ansible_collections.vic.vch.plugins.module_utils.vch.options import validate_config
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import is_vch
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import locate_vm
from ansible_collections.vic.vch.plugins.module_utils.vsphere.objects import power_off, power_on
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils.writer.run import UPDATE, Plan, RunSequence


class VchConfigure(RunSequence):
    """One vch_config run."""

    noun = "VCH"
    result_key = "vch"
    schema = VCHConfig

    def validate(self):
        return validate_config(self.params)

    def describe(self, options):
        return "configuring VCH %s" % (self.params.get("name") or self.params.get("moid"))

    def option_of(self, field):
        return option_of(field, self.params)

    def plan(self, options):
        opts, fields, secret_fields = options
        # a batch's inventory when it gave one (the first try), else the VCH alone by moid or the inventory by name
        given = self.read_inventory() if self.given_inventory is not None else None
        vm, inv = locate_vm(self.session, self.params.get("name"), self.params.get("moid"),
                            self.params.get("datacenter"), self.params.get("folder"), what="VCH", inv=given)
        current = vm.extra_config
        if not is_vch(current):
            raise VSphereError("VM %s (%s) is not a VCH: it has no VIC configuration" % (vm.name, vm.moid))
        config, changes, secrets, outside = plan_given_options(
            self.session, vm, inv, opts, fields, secret_fields, merge=self.params.get("list_mode") == "merge")
        access = tls.configured_access(config, tls.certificate_folder(opts.get("tls"), vm.name))
        result = self.result(vm.name, vm, changes.changed_keys, bool(changes) or bool(outside),
                             docker=access(tls.published_client_ip(current)))
        result.update(config=as_plain(config, hidden="mask"), restarted=False)
        return Plan(UPDATE, result, vm=vm, current=current, changes=changes, secrets=secrets,
                    outside_drift=[item for change in outside for item in change.items], outside=outside)

    def write_outside(self, plan):
        for change in plan.context["outside"]:
            change.write(self.session, plan.vm.name)

    def wants_power_on(self, plan):
        # with restart, the VCH ends running: a rerun finishes a restart that was cut between off and on
        return bool(self.params.get("restart"))

    def updated(self, plan):
        vm = plan.vm
        if self.params.get("restart") and vm.power_state == "poweredOn":
            # the appliance is stateless: a power cycle makes it read its configuration again
            power_off(self.session, vm.ref, "VCH %s" % vm.name)
            power_on(self.session, vm.ref, "VCH %s" % vm.name)
            plan.result["restarted"] = True
