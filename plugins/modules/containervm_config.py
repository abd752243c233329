#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: containervm_config
short_description: Create, configure or remove a VIC containerVM
description:
  - A containerVM is a VM that runs one container. Its configuration (VIC's ExecutorConfig) lives in its
    extraConfig, as VIC's port layer wrote it.
  - O(state=present) creates it next to its VCH (in the VCH's resource pool and folder), with a NIC on each network
    it joins (the VCH's bridge network or its container networks), the VCH's bootstrap ISO, and its configuration.
    An existing containerVM gets only the changed keys, in one reconfigure; what its guest published (start
    status, exit code, addresses) is kept.
  - While a containerVM runs only O(annotations), O(restart) and O(stop_signal) can change; everything else is read
    by the guest when it starts, so the module refuses to change it until the containerVM is powered off.
  - O(wait) waits (without polling) for what the guest publishes, and the result's RV(status) reports it.
  - O(state=absent) powers it off and removes it.
version_added: 0.1.0
author:
  - vic.vch maintainers (!UNKNOWN)
extends_documentation_fragment:
  - vic.vch.vsphere
options:
  username:
    description:
      - The user to log in as.
      - If not set, the environment variable E(VMWARE_USER) is used.
      - Here without the alias C(user) of the other modules, as O(user) is the container's user.
    type: str
    required: true
    aliases: [admin]
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
    description:
      - The VCH the containerVM belongs to (its name); required with O(state=present).
      - Only a containerVM in this VCH's resource pool is this VCH's. With O(state=present), a same-named VM
        elsewhere fails the task; with O(state=absent), it is left alone (and a VCH that no longer exists has no
        containerVM left).
    type: str
  datacenter:
    description: The datacenter; needed only when there are several.
    type: str
  id:
    description: The container id; a stable id derived from O(vch) and O(name) when not given.
    type: str
  command:
    description: What the container runs; required with O(state=present).
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
    description: The networks the container joins; the VCH's bridge network by DHCP when not given. The first is the
      default route.
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
        description: The mount's name; the last part of O(mounts[].source) when not given.
        type: str
  annotations:
    description: Free-form labels, kept hidden from the guest.
    type: dict
    default: {}
  container_hostname:
    description:
      - The container's host name; the first 12 characters of its id when not given.
      - Named so because O(hostname) is the vCenter to connect to.
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
    description: The datastore of the containerVM's files; the datastore of the VCH's image store when not given.
    type: str
  power_on:
    description: Power the containerVM on (after creating it, or when it is found off).
    type: bool
    default: true
  wait:
    description:
      - Wait for the guest to publish that the container V(started), or that it V(exited).
      - A containerVM that does not start in time, or publishes that it failed to, stays in place for inspection;
        the task fails saying what was published and what is missing. Only a failure to make the containerVM is
        undone.
    type: str
    choices: [none, started, exited]
    default: none
  timeout:
    description:
      - Seconds to wait with O(wait), and the most each vSphere task of the run (creating, reconfiguring,
        powering, removing) may take. A wait whose reply is lost is recovered by reading the state again.
    type: int
    default: 300
  keep_on_failure:
    description: Keep a half-made containerVM for inspection instead of removing it.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports what would be created or changed and changes nothing.
  diff_mode:
    support: full
    description: Before and after of each changed field, as in RV(drift) (secrets only said to change); for a
      new VM, its whole configuration, secrets masked.
seealso:
  - module: vic.vch.vch_deploy
  - module: vic.vch.guestinfo_read
"""

EXAMPLES = r"""
# The connection comes from module_defaults for group/vic.vch.vsphere (hostname, username, password, ...) or from
# VMWARE_HOST, VMWARE_USER, VMWARE_PASSWORD, as with vmware.vmware. The inventory names are those of the vCenter
# simulator (vcsim) the test suite runs these examples on, twice (the second run changes nothing).
- name: Run a web server container on a VCH
  vic.vch.containervm_config:
    name: web-1
    vch: vch-1
    command:
      path: /usr/sbin/nginx
      args: ["-g", "daemon off;"]
      env: ["TZ=UTC"]
    networks:
      - name: bridge
      - name: web
        ip: 10.20.0.15/24
        gateway: 10.20.0.1
        mac: "00:50:56:00:20:15"
    mounts:
      - source: ds://LocalDS_0/volumes/html
        dest: /usr/share/nginx/html
        mode: ro
    annotations:
      owner: web-team
    wait: started
  register: web

- name: Remove a containerVM no longer wanted
  vic.vch.containervm_config:
    name: web-old
    vch: vch-1
    state: absent
"""

RETURN = r"""
changed_keys:
  description: The extraConfig keys created, changed or removed.
  returned: always
  type: list
  elements: str
drift:
  description:
    - What differs, one item a field of VIC's configuration, with C(field) (its path in the schema), C(option) (the
      option that sets it, null for none), C(before) and C(after) as people write them (dotted addresses, CIDRs,
      URLs, lists; null where absent), and C(raw), the extraConfig keys behind it with their stored values.
    - A secret is never shown, in any of them; its item says V((secret\)) before and V((secret, changed\)) after.
    - Empty when nothing changes.
  returned: when the containerVM existed
  type: list
  elements: dict
  sample: [{"field": "sessions[3f2a].cmd.args", "option": "command.args", "before": ["/bin/top"],
            "after": ["/bin/top", "-b"],
            "raw": [{"key": "guestinfo.vice./sessions|3f2a/cmd/Args~", "before": "/bin/top",
                     "after": "/bin/top|-b"}]}]
container:
  description: The containerVM's name, moid, container id and power state.
  returned: always
  type: dict
  sample: {"name": "web-1", "moid": "vm-57", "id": "3f5c...", "power_state": "poweredOn"}
status:
  description: What the guest published.
  returned: with state=present, when the containerVM exists or was waited for
  type: dict
  contains:
    started:
      description: V(true) once the process started, the error text if it could not, empty before.
      type: str
    exit_code:
      description: The process's exit code.
      type: int
    start_time:
      description: When it started (ISO 8601), or null.
      type: str
    stop_time:
      description: When it stopped (ISO 8601), or null.
      type: str
    addresses:
      description: The address each network assigned, in CIDR form.
      type: dict
      sample: {"bridge": "172.16.0.2/16"}
"""

from ansible_collections.vic.vch.plugins.module_utils.containervm.lifecycle import ContainerVMRun
from ansible_collections.vic.vch.plugins.module_utils.containervm.options import CONTAINERVM_ARGUMENT_SPEC
from ansible_collections.vic.vch.plugins.module_utils.module_base import ModuleSpec, run_module


MODULE = ModuleSpec(CONTAINERVM_ARGUMENT_SPEC, lambda *run: ContainerVMRun(*run).run())


def main():
    run_module(MODULE)


if __name__ == "__main__":
    main()
