# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting on vSphere without sleep loops (WaitForUpdatesEx), tasks, and the one reconfigure per change."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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
