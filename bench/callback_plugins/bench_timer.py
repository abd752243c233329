# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Task timer of the benchmark: one JSON line per task and host into the file $BENCH_TIMINGS.

Enabled by bench/compare.py alone (ANSIBLE_CALLBACK_PLUGINS=bench/callback_plugins,
ANSIBLE_CALLBACKS_ENABLED=bench_timer). A task's duration runs from the task's start (the strategy hands it
to the worker) to the host's final result (after its whole loop), as ansible.posix.profile_tasks measures it,
without Ansible's start-up, inventory and playbook parsing. Monotonic clock, seconds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Durations of tasks, as JSON lines, for bench/compare.py
description:
  - Writes one JSON line per task and host (task name, action, status, seconds, loop items) to $BENCH_TIMINGS.
requirements:
  - BENCH_TIMINGS set in the environment
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._path = os.environ.get("BENCH_TIMINGS")
        self._started = {}
        self._items = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task._uuid] = time.monotonic()
        self._items[task._uuid] = 0

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _item(self, result):
        uuid = result._task._uuid
        self._items[uuid] = self._items.get(uuid, 0) + 1

    v2_runner_item_on_ok = v2_runner_item_on_failed = v2_runner_item_on_skipped = _item

    def _record(self, result, status):
        task = result._task
        started = self._started.get(task._uuid)
        if not self._path or started is None:
            return
        line = {"task": task.get_name(), "action": task.action, "host": result._host.get_name(), "status": status,
                "seconds": round(time.monotonic() - started, 6), "items": self._items.get(task._uuid, 0),
                "changed": bool(result._result.get("changed"))}
        with open(self._path, "a") as handle:
            handle.write(json.dumps(line) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")
