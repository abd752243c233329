# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_fleet: many containerVMs in one run -- each one a containervm_config run (ContainerVMRun), planned
together on one inventory retrieval and applied side by side.

The sequence is the one every write runs (writer.run), widened:

  validate  every item, before any vSphere call (errors name ``containers[i].option``)
  read      ONE inventory snapshot for all of them
  plan      each item on it: the delta of each VM computed locally; a problem found here (no such VCH, a
            same-named VM that is not a containerVM) stops the whole run before anything is written
  report    per item, as containervm_config reports (drift, diff); check mode stops here
  apply     the items side by side, at most ``parallel`` at a time, in threads sharing the session: their
            reconfigures, creations, power operations and waits all go through one Waiter (one property filter,
            one WaitForUpdatesEx at a time); an item that fails is reported as failed -- a creation undone as
            containervm_config undoes it -- and the others go on; a reconfigure refused because its VM changed
            since the snapshot plans that item again on a fresh read
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.vic.vch.plugins.module_utils.containervm.lifecycle import ContainerVMRun
from ansible_collections.vic.vch.plugins.module_utils.containervm.options import CONTAINERVM_ARGUMENT_SPEC, validate
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import snapshot
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import ConcurrentChange, VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import Waiter
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import retry_on_conflict
from ansible_collections.vic.vch.plugins.module_utils.writer.run import CREATE, REMOVE, UPDATE

# options that apply to the whole run rather than to one containerVM
_RUN_OPTIONS = ("wait", "timeout")
# options an item may leave to the run's value
_DEFAULTED = ("vch", "datacenter", "keep_on_failure")
MAX_PARALLEL = 64

FLEET_ARGUMENT_SPEC = dict(
    containers=dict(type="list", elements="dict", required=True, options=dict(
        # an item's own value of a defaulted option wins, so it has no default of its own
        (name, dict(spec, default=None) if name in _DEFAULTED else spec)
        for name, spec in CONTAINERVM_ARGUMENT_SPEC.items() if name not in _RUN_OPTIONS)),
    parallel=dict(type="int", default=8),
    **dict((name, CONTAINERVM_ARGUMENT_SPEC[name]) for name in _RUN_OPTIONS + _DEFAULTED)
)


class ContainerVMFleet:
    """One containervm_fleet run: the module result, with ``results`` in the order of ``containers``."""

    def __init__(self, session, params, check_mode=False, diff=False):
        self.session = session
        self.params = params
        self.check_mode = check_mode
        self.want_diff = diff

    def items(self):
        """[(item's params as containervm_config takes them, its parsed options)], all checked before any call."""
        if not 1 <= self.params["parallel"] <= MAX_PARALLEL:
            raise OptionError("parallel", "%s is out of range 1..%d" % (self.params["parallel"], MAX_PARALLEL))
        items, seen = [], {}
        for index, item in enumerate(self.params["containers"]):
            params = dict(item)
            params.update((name, self.params[name]) for name in _RUN_OPTIONS)
            params.update((name, item[name] if item.get(name) is not None else self.params.get(name))
                          for name in _DEFAULTED)
            try:
                options = validate(params)
            except OptionError as exc:
                raise exc.within("containers[%d]" % index) from None
            identity = (params["datacenter"], params["vch"], options[0])
            if identity in seen:
                raise OptionError("containers[%d].name" % index, "%r of VCH %s is also containers[%d]"
                                  % (options[0], params["vch"], seen[identity]))
            seen[identity] = index
            items.append((params, options))
        return items

    def run(self):
        items = self.items()
        inv = snapshot(self.session)
        runs = [ContainerVMRun(self.session, params, self.check_mode, self.want_diff, inventory=inv)
                for params, _options in items]
        plans, problems = [], []
        for index, (run, (_params, options)) in enumerate(zip(runs, items)):
            try:
                plans.append(run.plan_and_report(options))
            except OptionError as exc:
                problems.append(str(exc.within("containers[%d]" % index)))
            except (VSphereError, ConfigError) as exc:
                problems.append("containers[%d]: %s" % (index, exc))
        if problems:
            raise VSphereError("nothing was changed: %s" % "; ".join(problems))
        if self.check_mode:
            results = [run.apply(plan) for run, plan in zip(runs, plans)]
        else:
            with Waiter(self.session), ThreadPoolExecutor(min(self.params["parallel"], len(runs) or 1)) as pool:
                futures = [pool.submit(self._apply, run, plan, options)
                           for run, plan, (_params, options) in zip(runs, plans, items)]
                results = [future.result() for future in futures]
        return self._result(plans, results)

    @staticmethod
    def _apply(run, plan, options):
        """One item's plan carried out; on failure its result says so (and whether something was written)."""
        try:
            try:
                return run.apply(plan)
            except ConcurrentChange:  # its VM changed since the snapshot: plan it again on a fresh read
                return retry_on_conflict(run.describe(options), lambda: run.run_once(options))
        except Exception as exc:  # one item's failure, whatever it is, must not lose the others' results
            result = plan.result
            result.update(failed=True, changed=run.wrote or bool(run.made.objects),
                          msg=str(exc) if isinstance(exc, (VSphereError, ConfigError))
                          else "%s: %s" % (type(exc).__name__, exc))
            # its traceback, causes chained, for -vvv (the task's ``exception``)
            result["exception"] = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            return result

    def _result(self, plans, results):
        summary = dict.fromkeys(("created", "updated", "removed", "unchanged", "failed"), 0)
        for plan, result in zip(plans, results):
            if result.get("failed"):
                summary["failed"] += 1
            elif not result["changed"]:
                summary["unchanged"] += 1
            else:
                summary[{CREATE: "created", UPDATE: "updated", REMOVE: "removed"}[plan.action]] += 1
        out = {"changed": any(r["changed"] for r in results), "results": results, "summary": summary}
        if self.want_diff:
            out["diff"] = [dict(r.pop("diff"), before_header=r["container"]["name"],
                                after_header=r["container"]["name"]) for r in results if "diff" in r and r["changed"]]
            for r in results:
                r.pop("diff", None)
        failed = [r for r in results if r.get("failed")]
        if failed:
            out["exception"] = "\n".join(r.pop("exception") for r in failed)
            out["failed"] = True
            out["msg"] = "%d of %d containerVMs failed (the others are in results): %s" % (
                len(failed), len(results), "; ".join("%s: %s" % (r["container"]["name"], r["msg"]) for r in failed))
        return out
