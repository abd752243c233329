# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many runs of one resource in one module run: the run sequence (writer.run), widened.

  validate  every item, before any vSphere call (errors name ``<items>[i].option``)
  read      ONE inventory snapshot for all of them
  plan      each item on it: the delta of each VM computed locally; an item that cannot be planned (no such VCH,
            a same-named VM that is not the resource, an option fixed at creation that differs) fails, with
            nothing of it written, and the others go on
  report    per item, as the single module reports (drift, diff); check mode stops here
  apply     the items side by side, at most ``parallel`` at a time, in threads sharing the session: their
            reconfigures, creations, power operations and waits all go through one Waiter (one property filter,
            one WaitForUpdatesEx at a time); an item that fails is reported as failed -- a creation undone as the
            single module undoes it -- and the others go on; a reconfigure refused because its VM changed
            since the snapshot plans that item again on a fresh read

A resource's batch (containervm.fleet, vch.fleet) subclasses Batch, naming its run class, the list option and how
an item's options are completed from the run's.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import snapshot
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import ConcurrentChange, VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import Waiter
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import retry_on_conflict
from ansible_collections.vic.vch.plugins.module_utils.writer.run import CREATE, REMOVE, UPDATE

MAX_PARALLEL = 64


def batch_argument_spec(items_option, single_spec, run_options, defaulted, **item_checks):
    """A batch module's options: ``items_option``, a list of the single module's options (``single_spec``) but the
    ``run_options``, which are the task's, with ``defaulted`` ones also given at the task's level for every item
    that does not say (an item's own value wins, so it has none of its own); ``item_checks`` (mutually_exclusive,
    required_one_of) apply to each item; and ``parallel``."""
    items = dict((name, dict(spec, default=None) if name in defaulted else spec)
                 for name, spec in single_spec.items() if name not in run_options)
    spec = dict((name, single_spec[name]) for name in tuple(run_options) + tuple(defaulted))
    spec[items_option] = dict(type="list", elements="dict", required=True, options=items, **item_checks)
    spec["parallel"] = dict(type="int", default=8)
    return spec


def _traceback(exc):
    """An item's failure, causes chained, for -vvv (the task's ``exception``)."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class Batch:
    """One batch module run: the module result, with ``results`` in the order of the items."""

    run_class = None  # a RunSequence subclass
    items_option = None  # the list option: "containers", "vchs"
    noun = None  # "containerVMs", "VCHs", for messages
    run_options = ()  # the single module's options that are the task's (batch_argument_spec)
    defaulted = ()  # options an item may leave to the task's value

    def __init__(self, session, params, check_mode=False, diff=False):
        self.session = session
        self.params = params
        self.check_mode = check_mode
        self.want_diff = diff

    # -- hooks -----------------------------------------------------------------------------------------------------
    def item_params(self, item):
        """An item's options as the single module takes them: completed from the task's."""
        params = dict(item)
        params.update((name, self.params[name]) for name in self.run_options)
        params.update((name, item[name] if item.get(name) is not None else self.params.get(name))
                      for name in self.defaulted)
        return params

    def identity(self, params, options):
        """(the option that names the VM, what two items must not share -- a hashable)."""
        raise NotImplementedError

    # -- the sequence ----------------------------------------------------------------------------------------------
    def items(self):
        """[(item's params, its validated options)], all checked before any call."""
        if not 1 <= self.params["parallel"] <= MAX_PARALLEL:
            raise OptionError("parallel", "%s is out of range 1..%d" % (self.params["parallel"], MAX_PARALLEL))
        items, seen = [], {}
        for index, item in enumerate(self.params[self.items_option]):
            params = self.item_params(item)
            where = "%s[%d]" % (self.items_option, index)
            try:
                options = self.run_class(self.session, params).validate()
            except OptionError as exc:
                raise exc.within(where) from None
            option, identity = self.identity(params, options)
            if identity in seen:
                raise OptionError("%s.%s" % (where, option), "names the same VM as %s[%d]"
                                  % (self.items_option, seen[identity]))
            seen[identity] = index
            items.append((params, options))
        return items

    def run(self):
        items = self.items()
        inv = snapshot(self.session)
        runs = [self.run_class(self.session, params, self.check_mode, self.want_diff, inventory=inv)
                for params, _options in items]
        plans, results, first_of = [None] * len(runs), [None] * len(runs), {}
        for index, (run, (params, options)) in enumerate(zip(runs, items)):
            where = "%s[%d]" % (self.items_option, index)
            try:
                plan = run.plan_and_report(options)
                if plan.vm is not None and first_of.setdefault(plan.vm.moid, index) != index:  # by name and moid
                    raise VSphereError("the same VM (%s) as %s[%d]: given once"
                                       % (plan.vm.moid, self.items_option, first_of[plan.vm.moid]))
                plans[index] = plan
            except OptionError as exc:  # found when planning: this item fails, nothing of it written
                results[index] = self._unplanned(run, params, str(exc.within(where)), exc)
            except (VSphereError, ConfigError) as exc:
                results[index] = self._unplanned(run, params, "%s: %s" % (where, exc), exc)
        planned = [index for index, plan in enumerate(plans) if plan is not None]
        if self.check_mode or not planned:
            for index in planned:
                results[index] = runs[index].apply(plans[index])
        else:
            with Waiter(self.session), ThreadPoolExecutor(min(self.params["parallel"], len(planned))) as pool:
                futures = dict((index, pool.submit(self._apply, runs[index], plans[index], items[index][1]))
                               for index in planned)
                for index, future in futures.items():
                    results[index] = future.result()
        return self._result(runs, plans, results)

    @staticmethod
    def _unplanned(run, params, message, exc):
        """The result of an item that could not be planned: failed, nothing written."""
        return {"changed": False, "failed": True, "msg": message, "exception": _traceback(exc),
                run.result_key: {"name": params.get("name") or params.get("moid")}}

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
            result["exception"] = _traceback(exc)
            return result

    def _result(self, runs, plans, results):
        summary = dict.fromkeys(("created", "updated", "removed", "unchanged", "failed"), 0)
        for plan, result in zip(plans, results):
            if result.get("failed") or plan is None:
                summary["failed"] += 1
            elif not result["changed"]:
                summary["unchanged"] += 1
            else:
                summary[{CREATE: "created", UPDATE: "updated", REMOVE: "removed"}[plan.action]] += 1
        names = [result[run.result_key]["name"] for run, result in zip(runs, results)]
        out = {"changed": any(r["changed"] for r in results), "results": results, "summary": summary}
        if self.want_diff:
            out["diff"] = [dict(r["diff"], before_header=name, after_header=name)
                           for name, r in zip(names, results) if "diff" in r and r["changed"]]
        for result in results:
            result.pop("diff", None)
        warnings = [warning for result in results for warning in result.pop("warnings", ())]
        if warnings:
            out["warnings"] = warnings
        failed = [(name, r) for name, r in zip(names, results) if r.get("failed")]
        if failed:
            out["exception"] = "\n".join(r.pop("exception") for _name, r in failed)
            out["failed"] = True
            out["msg"] = "%d of %d %s failed (the others are in results): %s" % (
                len(failed), len(results), self.noun, "; ".join("%s: %s" % (name, r["msg"]) for name, r in failed))
        return out
