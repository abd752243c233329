#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: containervm_fleet
short_description: Create, configure or remove many VIC containerVMs in one task
description:
  - What M(vic.vch.containervm_config) does for one containerVM, for a list of them, in one task and one vSphere
    session. Each item of O(containers) takes that module's options and means what they mean there.
  - The inventory is read once for all of them, each VM's delta is computed locally, and the writes (creations,
    reconfigures, power operations) run side by side, at most O(parallel) at a time, all awaited through one
    vSphere property filter. A converged containerVM costs nothing but its share of that one read.
  - Every item's options are checked before anything is read or written; a wrong one fails the task with nothing
    changed, naming the item (V(containers[3].command.path)). An item that cannot be planned against the
    inventory (no such VCH, a same-named VM that is not a containerVM, a network the VCH lacks) fails in
    RV(results) with nothing of it written; the others go on.
  - A containerVM that fails while being written is reported as failed in RV(results), and a creation that failed
    is undone as containervm_config undoes it; the others go on, and the task fails after them, saying which
    failed. A rerun converges the ones that failed.
  - A containerVM that another writer changed between the read and its reconfigure is read and planned again by
    itself.
version_added: 0.2.0
author:
  - vic.vch maintainers (!UNKNOWN)
extends_documentation_fragment:
  - vic.vch.vsphere
options:
  containers:
    description: The containerVMs, each with the options of M(vic.vch.containervm_config) but O(wait) and
      O(timeout), which are the task's.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The containerVM's name (the VM's name).
        type: str
        required: true
      state:
        description: Whether the containerVM should exist.
        type: str
        choices: [present, absent]
        default: present
      vch:
        description: Its VCH; O(vch) when not given. As O(vic.vch.containervm_config#module:vch).
        type: str
      datacenter:
        description: The datacenter; O(datacenter) when not given.
        type: str
      id:
        description: The container id; a stable id derived from the VCH and the name when not given.
        type: str
      command:
        description: What the container runs; required with O(containers[].state=present).
        type: dict
        suboptions:
          path:
            description: The executable, an absolute path.
            type: str
            required: true
          args:
            description: Its arguments (the path itself is added as the first, as Docker does).
            type: list
            elements: str
            default: []
          env:
            description: The environment, V(NAME=value) items.
            type: list
            elements: str
            default: []
          dir:
            description: The working directory.
            type: str
            default: ""
      networks:
        description: The networks the container joins; the VCH's bridge network by DHCP when not given. As
          O(vic.vch.containervm_config#module:networks).
        type: list
        elements: dict
        suboptions:
          name:
            description: V(bridge) or the alias of one of the VCH's container networks.
            type: str
            required: true
          mac:
            description: A static MAC in VMware's manual range (V(00:50:56:00:00:00) to V(00:50:56:3f:ff:ff)).
            type: str
          ip:
            description: V(dhcp), or a static address in CIDR form (V(10.20.0.15/24)).
            type: str
            default: dhcp
          gateway:
            description: The gateway of a static address.
            type: str
          nameservers:
            description: DNS servers on this network.
            type: list
            elements: str
            default: []
      mounts:
        description: Volumes mounted in the container.
        type: list
        elements: dict
        suboptions:
          source:
            description: V(ds://DATASTORE/path) or V(nfs://host/path).
            type: str
            required: true
          dest:
            description: Where it is mounted, an absolute path.
            type: str
            required: true
          mode:
            description: Read-only or read-write.
            type: str
            choices: [ro, rw]
            default: rw
          name:
            description: The mount's name; the last part of the source when not given.
            type: str
      annotations:
        description: Free-form labels, kept hidden from the guest.
        type: dict
        default: {}
      container_hostname:
        description: The container's host name; the first 12 characters of its id when not given.
        type: str
      domainname:
        description: The container's domain name.
        type: str
        default: ""
      tty:
        description: Give the container a terminal.
        type: bool
        default: false
      attach:
        description: Attach to the container's standard streams.
        type: bool
        default: false
      open_stdin:
        description: Keep the container's standard input open.
        type: bool
        default: false
      restart:
        description: Restart the container's process when it exits (the restart policy).
        type: bool
        default: false
      stop_signal:
        description: The signal that stops the container.
        type: str
        default: SIGTERM
      user:
        description: The user the command runs as.
        type: str
        default: ""
      cpus:
        description: vCPUs of the containerVM (at creation).
        type: int
        default: 1
      memory_mb:
        description: Memory of the containerVM in MiB (at creation).
        type: int
        default: 512
      datastore:
        description: The datastore of the containerVM's files; the datastore of the VCH's image store when not
          given.
        type: str
      power_on:
        description: Power the containerVM on (after creating it, or when it is found off).
        type: bool
        default: true
      keep_on_failure:
        description: Keep this containerVM, half-made, for inspection instead of removing it; O(keep_on_failure)
          when not given.
        type: bool
  vch:
    description: The VCH of every item that names none.
    type: str
  datacenter:
    description: The datacenter of every item that names none; needed only when there are several.
    type: str
  parallel:
    description:
      - How many containerVMs are written at the same time (1 to 64). Each one's steps stay in order
        (create, power on, wait); vCenter queues what is beyond its own limits, so a larger value mostly costs
        memory on the controller.
    type: int
    default: 8
  wait:
    description:
      - Wait for each containerVM's guest to publish that the container V(started), or that it V(exited), as
        O(vic.vch.containervm_config#module:wait) does. One that does not get there fails in RV(results) and stays
        for inspection.
    type: str
    choices: [none, started, exited]
    default: none
  timeout:
    description: Seconds each wait of O(wait), and each vSphere task, may take.
    type: int
    default: 300
  keep_on_failure:
    description: Keep a half-made containerVM for inspection instead of removing it (for every item that does not
      say).
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports what would be created or changed, per containerVM, and changes nothing.
  diff_mode:
    support: full
    description: One diff per containerVM that changes, headed by its name, as containervm_config's.
seealso:
  - module: vic.vch.containervm_config
  - module: vic.vch.guestinfo_read
"""

EXAMPLES = r"""
# The connection comes from module_defaults for group/vic.vch.vsphere or from VMWARE_HOST, VMWARE_USER,
# VMWARE_PASSWORD. The inventory names are those of the vCenter simulator (vcsim) the test suite runs these
# examples on, twice (the second run changes nothing).
- name: Run three workers and a cache on a VCH, in one task
  vic.vch.containervm_fleet:
    vch: vch-1
    containers:
      - name: worker-1
        command: &worker
          path: /usr/bin/worker
          args: ["--queue", "jobs"]
      - name: worker-2
        command: *worker
      - name: worker-3
        command: *worker
      - name: cache-1
        command:
          path: /usr/bin/memcached
          args: ["-m", "64"]
        stop_signal: SIGINT
    wait: started
  register: fleet

- name: Say how it went
  ansible.builtin.debug:
    msg: "{{ fleet.summary }}"

- name: Remove containerVMs no longer wanted
  vic.vch.containervm_fleet:
    vch: vch-1
    containers:
      - name: worker-old-1
        state: absent
      - name: worker-old-2
        state: absent
"""

RETURN = r"""
results:
  description:
    - One result per item of O(containers), in their order, each as M(vic.vch.containervm_config) returns it
      (C(changed), C(changed_keys), C(container), C(drift), C(status)), and C(failed) with C(msg) for one that
      failed.
  returned: always
  type: list
  elements: dict
  sample: [{"changed": true, "changed_keys": ["guestinfo.vice./stop_signal"],
            "container": {"name": "worker-3", "moid": "vm-81", "id": "5d0c...", "power_state": "poweredOn"},
            "drift": [{"field": "stop_signal", "option": "stop_signal", "before": "SIGKILL",
                       "after": "SIGTERM", "raw": [{"key": "guestinfo.vice./stop_signal", "before": "SIGKILL",
                                                   "after": "SIGTERM"}]}]}]
summary:
  description: How many containerVMs were created, updated, removed, left unchanged, and failed.
  returned: always
  type: dict
  sample: {"created": 0, "updated": 1, "removed": 0, "unchanged": 199, "failed": 0}
"""

from ansible_collections.vic.vch.plugins.module_utils.containervm.fleet import FLEET_ARGUMENT_SPEC, ContainerVMFleet
from ansible_collections.vic.vch.plugins.module_utils.module_base import ModuleSpec, run_module


MODULE = ModuleSpec(FLEET_ARGUMENT_SPEC, lambda *run: ContainerVMFleet(*run).run())


def main():
    run_module(MODULE)


if __name__ == "__main__":
    main()
