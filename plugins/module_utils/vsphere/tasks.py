# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting on vSphere without sleep loops (WaitForUpdatesEx), tasks, and the one reconfigure per change.

A single run waits on its own property filter (``wait_for_updates``). A batch that works on many VMs at once
(several threads, one session) waits through one ``Waiter`` instead: the session's waits all go to it, and it
watches everything in flight through one filter, so the batch's waits cost one WaitForUpdatesEx at a time
however many VMs it handles.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

try:
    from pyVmomi import vim, vmodl
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.vsphere.option_values import extra_config_map, option_values
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import (
    RETRY_ATTEMPTS, ConcurrentChange, ConnectionLost, VSphereError, fault_message)

MAX_WAIT_PER_CALL = 30  # seconds one WaitForUpdatesEx may block: well under the session's HTTP timeout


class WaitTimeout(VSphereError):
    """The awaited condition did not come true in time; ``last`` holds the last values seen."""

    def __init__(self, message, last):
        super(WaitTimeout, self).__init__(message)
        self.last = last


def wait_for_updates(session, obj, paths, done, timeout, what):
    """Watch ``paths`` of ``obj`` until ``done(values)`` is true; returns the values.

    One property filter, then WaitForUpdatesEx calls that block server-side until something changes
    (or the time left runs out), so nothing polls. A wait whose reply is lost is not sent again as it was (the
    collector has moved past that version and would block until the deadline): the filter is made afresh, and
    its first update reads the current values.
    """
    waiter = getattr(session, "waiter", None)
    if waiter is not None:  # a batch: its threads share one filter (see Waiter)
        return waiter.watch(obj, paths, done, timeout, what)
    spec = vmodl.query.PropertyCollector.FilterSpec(
        objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=obj, skip=False)],
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=type(obj), pathSet=list(paths))])
    deadline = time.monotonic() + timeout
    values = {}
    for attempt in range(1, RETRY_ATTEMPTS + 1):
        try:
            return _watch(session, spec, done, deadline, timeout, what, values)
        except ConnectionLost:
            if attempt == RETRY_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _watch(session, spec, done, deadline, timeout, what, values):
    collector = session.content.propertyCollector
    prop_filter = session.call(what, collector.CreateFilter, spec, partialUpdates=False)
    try:
        version = ""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WaitTimeout("%s: timed out after %ss" % (what, timeout), values)
            # each wait returns before the HTTP read times out; the loop waits again until the deadline
            options = vmodl.query.PropertyCollector.WaitOptions(
                maxWaitSeconds=max(1, min(int(left + 0.999), MAX_WAIT_PER_CALL)))
            update = session.call(what, collector.WaitForUpdatesEx, version, options, idempotent=False)
            if update is None:
                continue
            version = update.version
            for filter_set in update.filterSet or ():
                for object_set in filter_set.objectSet or ():
                    for change in object_set.changeSet or ():
                        values[change.name] = change.val if change.op != "remove" else None
            if done(values):
                return values
    finally:
        try:
            session.call(what, prop_filter.Destroy)
        except Exception:  # the session may be gone; the filter dies with it
            pass


class Waiter:
    """Every wait of a batch through one filter: a private PropertyCollector, one ListView holding what is
    awaited (tasks, VMs), one filter over the view's contents.

    ``watch`` adds its object to the view and blocks its thread until ``done(values)``. The threads take turns
    calling WaitForUpdatesEx: whoever waits while nobody is calling makes the call, files the update's values by
    object and wakes the others, so one call serves every thread and the count of requests does not grow with
    the number of waits. A call whose reply is lost is not sent again as it was: the filter is made afresh and its
    first update brings every watched object's current values.

    Use as a context manager around the batch's threads: it sets ``session.waiter`` (so ``wait_for_updates``, and
    everything built on it, comes here) and removes the collector, which takes the view's filter with it.
    """

    # what it watches, by managed object type: a task's outcome, what a VM's guest publishes
    PATHS = {"Task": ("info.state", "info.error", "info.result"), "VirtualMachine": ("config.extraConfig",)}

    def __init__(self, session):
        self.session = session
        self._cond = threading.Condition()
        self._values = {}  # moid -> {path: value}, as the last update left them
        self._calling = False  # a thread is in WaitForUpdatesEx
        self._version = ""
        self._collector = self._view = self._filter = None

    def __enter__(self):
        self.session.waiter = self
        return self

    def __exit__(self, *exc_info):
        self.session.waiter = None
        if self._collector is not None:
            for destroy in (self._collector.DestroyPropertyCollector, self._view.DestroyView):
                try:
                    self.session.call("ending the batch's wait", destroy)
                except Exception:  # the session may be gone; both die with it
                    pass
        return False

    def _start(self, what):
        """The collector, the view and the filter, made by the first wait (a batch with nothing to wait for,
        a converged one, makes none)."""
        content = self.session.content
        self._collector = self.session.call(what, content.propertyCollector.CreatePropertyCollector)
        self._view = self.session.call(what, content.viewManager.CreateListView, [])
        self._make_filter()

    def _make_filter(self):
        query = vmodl.query.PropertyCollector
        spec = query.FilterSpec(
            objectSet=[query.ObjectSpec(obj=self._view, skip=True, selectSet=[
                query.TraversalSpec(name="view", type=vim.view.ListView, path="view", skip=False)])],
            propSet=[query.PropertySpec(type=getattr(vim, kind), pathSet=list(paths))
                     for kind, paths in self.PATHS.items()])
        self._filter = self.session.call("starting the batch's wait", self._collector.CreateFilter, spec,
                                         partialUpdates=False)
        self._version = ""

    def watch(self, obj, paths, done, timeout, what):
        """Block until ``done(values)`` is true for ``obj``; its values. WaitTimeout after ``timeout`` seconds."""
        if not set(paths) <= set(self.PATHS.get(type(obj).__name__.split(".")[-1], ())):
            raise AssertionError("the batch's filter does not watch %s of %s" % (", ".join(paths), obj))
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._collector is None:
                self._start(what)
        self.session.call(what, self._view.ModifyListView, add=[obj])
        moid = obj._moId
        while True:
            with self._cond:
                while True:
                    values = dict(self._values.get(moid, {}))
                    if values and done(values):
                        return values
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise WaitTimeout("%s: timed out after %ss" % (what, timeout), values)
                    if not self._calling:
                        self._calling = True
                        break
                    self._cond.wait(left)
            try:
                self._call(what, left)
            finally:
                with self._cond:
                    self._calling = False
                    self._cond.notify_all()

    def _call(self, what, left):
        options = vmodl.query.PropertyCollector.WaitOptions(
            maxWaitSeconds=max(1, min(int(left + 0.999), MAX_WAIT_PER_CALL)))
        try:
            update = self.session.call(what, self._collector.WaitForUpdatesEx, self._version, options,
                                       idempotent=False)
        except ConnectionLost:
            try:
                self.session.call(what, self._filter.Destroy)
            except VSphereError:
                pass
            self._make_filter()  # its first update reads everything watched again
            return
        if update is None:
            return
        with self._cond:
            self._version = update.version
            for filter_set in update.filterSet or ():
                for object_set in filter_set.objectSet or ():
                    values = self._values.setdefault(object_set.obj._moId, {})
                    for change in object_set.changeSet or ():
                        values[change.name] = change.val if change.op != "remove" else None


def wait_for_extra_config(session, vm_ref, ready, timeout, what):
    """Wait until ``ready(extra_config)`` is true for the VM's extraConfig (as a {key: value} map); returns it.

    ``ready`` may raise to stop early (a published failure). On timeout, WaitTimeout.last holds the last map.
    """
    def done(values):
        return ready(extra_config_map(values.get("config.extraConfig") or []))

    try:
        values = wait_for_updates(session, vm_ref, ("config.extraConfig",), done, timeout, what)
    except WaitTimeout as exc:
        exc.last = extra_config_map(exc.last.get("config.extraConfig") or [])
        raise
    return extra_config_map(values.get("config.extraConfig") or [])


def wait_for_task(session, task, what, timeout=None):
    """Wait for a task to finish (at most ``timeout``, else the session's wait timeout); its result, or VSphereError
    with the fault in words."""
    values = wait_for_updates(session, task, ("info.state", "info.error", "info.result"),
                              lambda v: v.get("info.state") in ("success", "error"),
                              timeout or session.wait_timeout, what)
    if values.get("info.state") == "error":
        error = values.get("info.error")
        if isinstance(error, vim.fault.ConcurrentAccess):
            raise ConcurrentChange("%s: the VM changed since it was read" % what)
        raise VSphereError("%s failed: %s" % (what, fault_message(error) if error is not None else "unknown error"))
    return values.get("info.result")


def run_task(session, method, what, *args, **kwargs):
    """Start a task with ``method(*args)`` and wait for it; a fault raised on submission is reported alike.

    ``idempotent=False`` (creating something) keeps a dropped connection from submitting the task twice.
    """
    task = session.call(what, method, *args, **kwargs)
    return wait_for_task(session, task, what)


def reconfigure_extra_config(session, vm, changeset, change_version, what, device_changes=()):
    """ONE ReconfigVM_Task carrying the change set (and ``device_changes``, VirtualDeviceSpecs) and the
    changeVersion that was read (none when there is nothing to send)."""
    if not changeset and not device_changes:
        return False
    spec = vim.vm.ConfigSpec(extraConfig=option_values(changeset.changes) if changeset else [])
    if device_changes:
        spec.deviceChange = list(device_changes)
    if change_version:
        spec.changeVersion = change_version
    run_task(session, vm.ReconfigVM_Task, what, spec)
    return True
