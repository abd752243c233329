# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one run sequence of every module that writes: validate -> (read -> plan -> report -> apply -> power ->
wait), the part in brackets tried again, afresh, when vSphere refuses a write because the VM changed since it was
read.

A resource (a VCH deployed or configured, a containerVM) fills in the hooks: what its options mean
(``validate``), what it reads and what it would do (``plan``, returning a Plan), how it creates or removes, what
it refuses while the VM runs, what it does after an update and what it waits for. The sequence around them --
results, drift reports and diffs, check mode, the one reconfigure, powering on, undoing a failed creation -- is
written here once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    changes_diff, decode, describe_changes, describe_config)
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import snapshot
from ansible_collections.vic.vch.plugins.module_utils.vsphere.objects import Creations, power_on
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import apply_update, opened_view, retry_on_conflict

CREATE, UPDATE, REMOVE = "create", "update", "remove"


class Plan:
    """What one try of a run found and will do.

    ``action`` is CREATE, UPDATE or REMOVE; ``result`` the module result being built. An update has the live
    ``vm`` (a VmRecord), its ``current`` extraConfig, the ``changes`` (a ChangeSet) and the ``secrets`` to seal
    them; a creation has the desired ``entries`` (plaintext) and their ``secrets``. ``context`` holds whatever
    else the resource's hooks need (inventory, placement, ...).
    """

    def __init__(self, action, result, vm=None, current=None, changes=None, secrets=None, entries=None,
                 outside_drift=None, **context):
        self.action = action
        self.result = result
        self.vm = vm
        self.current = current
        self.changes = changes
        self.secrets = secrets
        self.entries = entries
        # what changes outside the extraConfig (a VCH's resource pool), as drift items; written by write_outside
        self.outside_drift = outside_drift or []
        self.context = context
        self.drift = []  # the changes told by field (describe_changes items), once reported


class RunSequence:
    """One module run. Subclasses set ``noun`` (for messages), ``result_key`` and ``schema`` (the configuration's
    dataclass) and fill in the hooks."""

    noun = "VM"
    result_key = "vm"
    schema = None
    # a new VM whose guest does not publish in time stays, to be looked at (a failure to make it is undone)
    keep_when_the_wait_fails = False

    def __init__(self, session, params, check_mode=False, diff=False, inventory=None):
        self.session = session
        self.params = params
        self.check_mode = check_mode
        self.want_diff = diff
        self.given_inventory = inventory  # a snapshot a batch read for all its runs: the first try plans on it
        self.made = Creations(session)  # what this run created, removed again if it fails
        self.wrote = False  # whether this run sent a write that may have landed

    # -- hooks -----------------------------------------------------------------------------------------------------
    def validate(self):
        """All input checked and parsed, before any vSphere call; OptionError names the option."""
        raise NotImplementedError

    def describe(self, options):
        """What the run does, for messages: 'converging VCH vch-1'."""
        raise NotImplementedError

    def plan(self, options):
        """Read what is there (one inventory retrieval) and decide: a Plan."""
        raise NotImplementedError

    def create(self, plan):
        """Make the VM (and what it lives in) through ``self.made``, which can undo it; returns the VM's ref."""
        raise NotImplementedError

    def remove(self, plan):
        """Remove what the plan found."""
        raise NotImplementedError

    def refuse(self, plan):
        """Raise when the VM cannot take the planned changes now (not called in check mode)."""

    def write_outside(self, plan):
        """Write what the plan changes outside the VM's extraConfig (``plan.outside_drift``), before it."""

    def updated(self, plan):
        """After the changes of an update were written (a restart, say)."""

    def settle(self, plan, vm_ref):
        """Wait for what the guest publishes, and put it in the result."""

    def option_of(self, field):
        """The option that sets a schema ``field`` ('network.bridge_ip_range' -> 'bridge_network_range'), for
        reports and refusals; None where no option does."""
        return None

    def wants_power_on(self, plan):
        """Whether the VM should run once its configuration is written."""
        return bool(self.params.get("power_on"))

    # -- the sequence ----------------------------------------------------------------------------------------------
    def run(self):
        """The module result; on failure the exception says, in ``changed``, whether something was written."""
        options = self.validate()
        try:
            return retry_on_conflict(self.describe(options), lambda: self.run_once(options))
        except Exception as exc:
            exc.changed = self.wrote or bool(self.made.objects)
            raise

    def run_once(self, options):
        """One try: read, plan, report, then (unless in check mode) apply, power on and wait."""
        return self.apply(self.plan_and_report(options))

    def read_inventory(self):
        """The inventory to plan on: the snapshot given for the first try, else (a try after a conflict) read now."""
        inv, self.given_inventory = self.given_inventory, None
        return inv if inv is not None else snapshot(self.session)

    def plan_and_report(self, options):
        """Read and plan, and report what the plan does; nothing is written."""
        plan = self.plan(options)
        self.report(plan)
        return plan

    def apply(self, plan):
        """Carry the plan out (in check mode only what reading can tell); the result."""
        if plan.action == CREATE:
            if not self.check_mode:
                self.apply_create(plan)
        elif plan.action == REMOVE:
            if not self.check_mode and plan.result["changed"]:
                self.wrote = True
                self.remove(plan)
                plan.result[self.result_key]["power_state"] = "absent"
        else:
            self.apply_update(plan)
        return plan.result

    def result(self, name, vm, changed_keys, changed, **extra):
        """The module result: changed, changed_keys and the VM's name, moid and power state (and ``extra``)."""
        described = {"name": name, "moid": vm.moid if vm is not None else None,
                     "power_state": vm.power_state if vm is not None else "absent"}
        described.update(extra)
        return {"changed": changed, "changed_keys": changed_keys, self.result_key: described}

    def report(self, plan):
        """The drift report and, in diff mode, the diff, in the user's terms: by field (and the option that sets
        it), values as people write them, secrets only said to change; a creation's diff is the configuration."""
        if plan.action == UPDATE:
            plan.drift = [dict(field=item["field"], option=self.option_of(item["field"]), before=item["before"],
                               after=item["after"], raw=item["raw"])
                          for item in describe_changes(self.schema, plan.changes,
                                                       opened_view(plan.current, plan.secrets))]
            plan.drift += plan.outside_drift
            plan.result["drift"] = plan.drift
            if self.want_diff:
                plan.result["diff"] = changes_diff(plan.drift)
        elif plan.action == CREATE and self.want_diff:
            config = decode(self.schema, dict((e.key, e.value) for e in plan.entries), lenient=True)
            plan.result["diff"] = {"before": {}, "after": describe_config(config)}

    def apply_create(self, plan):
        described = plan.result[self.result_key]
        settled = False
        try:
            vm_ref = self.create(plan)
            described["moid"] = vm_ref._moId
            if self.wants_power_on(plan):
                power_on(self.session, vm_ref, "%s %s" % (self.noun, described["name"]))
                described["power_state"] = "poweredOn"
                if not self.keep_when_the_wait_fails:
                    self.settle(plan, vm_ref)
                settled = True
        except Exception as exc:
            raise self.made.rollback(exc, keep=self.params.get("keep_on_failure")) from exc
        if settled and self.keep_when_the_wait_fails:
            self.settle(plan, vm_ref)

    def apply_update(self, plan):
        vm, described = plan.vm, plan.result[self.result_key]
        if not self.check_mode:
            self.refuse(plan)
            if plan.outside_drift:
                self.wrote = True
                self.write_outside(plan)
            if plan.changes:
                self.wrote = True
                apply_update(self.session, vm, plan.changes, plan.secrets,
                             "reconfiguring %s %s" % (self.noun, vm.name))
                self.updated(plan)
        if self.wants_power_on(plan) and vm.power_state != "poweredOn":
            plan.result["changed"] = True
            if not self.check_mode:
                self.wrote = True
                power_on(self.session, vm.ref, "%s %s" % (self.noun, vm.name))
                described["power_state"] = "poweredOn"
        if not self.check_mode:
            self.settle(plan, vm.ref)
