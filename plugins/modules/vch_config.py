#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vch_config
short_description: Change the configuration of an existing VIC Virtual Container Host
description:
  - Sets the given options on an existing VCH, whether it was deployed by this collection or by VMware's
    vic-machine. Only the options given are set; every other key stays byte-identical.
  - The options are vic-machine configure's (DNS servers, container networks, volume stores, registries, ops
    credentials, proxies, syslog, debug, the container limit) and any field of VIC's VCH configuration through
    O(fields). Options fixed at creation (networks of the appliance, bridge network and range, image store,
    bootstrap ISO, CPU and memory, container name convention) may be given, so that one declaration serves
    vch_deploy and vch_config alike; one whose value differs from the VCH's fails the task naming it, with nothing
    written. O(appliance_iso), which the configuration does not record, is refused.
  - Only the changed keys are sent, in one reconfigure carrying the configuration's change version; a VCH that
    already has the configuration costs no reconfigure.
  - Keys the appliance publishes at run time (read-write and non-persistent fields) cannot be set.
  - The change is stored; with O(restart) the appliance is power-cycled so that it reads it again (it is
    stateless) -- only when something changed.
version_added: 0.1.0
author:
  - vic.vch maintainers (!UNKNOWN)
extends_documentation_fragment:
  - vic.vch.vsphere
  - vic.vch.vch_options
options:
  name:
    description: The VCH's name; give O(name) or O(moid).
    type: str
  moid:
    description: The managed object id of the VCH's appliance VM (V(vm-42)).
    type: str
  datacenter:
    description: The datacenter to look for O(name) in.
    type: str
  folder:
    description: The VM folder to look for O(name) in (V(vic/prod)).
    type: str
  list_mode:
    description:
      - V(replace) makes the lists given (O(dns_servers), O(container_networks), O(volume_stores), the lists of
        O(registries)) exactly what is given.
      - V(merge) adds to what is there (container networks by alias and volume stores by name are replaced when
        given again).
    type: str
    choices: [merge, replace]
    default: replace
  fields:
    description:
      - Any other field of VIC's VCH configuration, by path (V(storage.scratch_size),
        V(executor_config.sessions[vicadmin].cmd.env)), to its value. The value must fit the field's type
        (addresses as text, networks in CIDR form).
      - Fields the guest writes are refused, and so are secret fields (give those in O(secret_fields)).
    type: dict
  secret_fields:
    description:
      - Secret fields of VIC's VCH configuration (those VIC seals, such as V(certificate.host_certificate.key)), by
        path, to their value. Like O(fields), but the values are never shown, neither in the task's invocation nor
        in errors or diffs (a secret shows as changed or unchanged).
      - A path that is not a secret field is refused (give it in O(fields)).
    type: dict
  restart:
    description:
      - Power-cycle the appliance after a change (when it is on) so that it reloads its configuration.
      - A VCH that is powered off is powered on, so that a run interrupted between the power-off and the power-on
        is finished by the next one.
    type: bool
    default: false
  timeout:
    description: Seconds each vSphere task of the run (the reconfigure, the power operations) may take.
    type: int
    default: 300
attributes:
  check_mode:
    support: full
    description: Reports the keys that would change and the resulting configuration; changes nothing.
  diff_mode:
    support: full
    description: Before and after of each changed field, as in RV(drift) (secrets only said to change); for a
      new VM, its whole configuration, secrets masked.
seealso:
  - module: vic.vch.vch_deploy
"""

EXAMPLES = r"""
# The connection comes from module_defaults for group/vic.vch.vsphere (hostname, username, password, ...) or from
# VMWARE_HOST, VMWARE_USER, VMWARE_PASSWORD, as with vmware.vmware. The inventory names are those of the vCenter
# simulator (vcsim) the test suite runs these examples on, twice (the second run changes nothing).
- name: Point a VCH at new DNS servers and an extra insecure registry
  vic.vch.vch_config:
    name: vch-1
    dns_servers: [10.10.0.2, 10.10.0.4]
    registries:
      insecure: [registry.lab:5000]
    list_mode: merge

- name: Rotate the ops password and make the appliance use it now
  vic.vch.vch_config:
    name: vch-1
    ops_user: vic-ops@vsphere.local
    ops_password: "{{ new_ops_password }}"
    restart: true

- name: Set a field vic-machine had no flag for, on a VCH given by its managed object id
  vic.vch.vch_config:
    moid: "{{ vch_moid }}"
    fields:
      storage.scratch_size: 16000000
"""

RETURN = r"""
changed_keys:
  description: The extraConfig keys set or removed.
  returned: always
  type: list
  elements: str
  sample: ["guestinfo.vice./init/networks|public/network/dns", "guestinfo.vice./init/networks|public/network/dns|1"]
drift:
  description:
    - What differs, one item a field of VIC's configuration, with C(field) (its path in the schema), C(option) (the
      option that sets it, null for none), C(before) and C(after) as people write them (dotted addresses, CIDRs,
      URLs, lists; null where absent), and C(raw), the extraConfig keys behind it with their stored values.
    - A secret is never shown, in any of them; its item says V((secret\)) before and V((secret, changed\)) after.
    - Empty when nothing changes.
  returned: always
  type: list
  elements: dict
  sample: [{"field": "executor_config.networks[public].network.nameservers", "option": "dns_servers",
            "before": ["8.8.8.8"], "after": ["10.10.0.2"],
            "raw": [{"key": "guestinfo.vice./init/networks|public/network/dns~", "before": "CAgICA==",
                     "after": "CgoAAg=="}]}]
config:
  description: The VCH's configuration after the change (VIC's VCHConfig as a mapping); hidden and secret values
    are masked.
  returned: always
  type: dict
vch:
  description: The VCH's name, moid and power state, and how Docker clients reach it.
  returned: always
  type: dict
  contains:
    docker:
      description: How Docker clients reach the VCH (its TLS as configured after this run, the endpoint, the
        environment lines, the admin portal), as M(vic.vch.vch_deploy) returns it in
        RV(vic.vch.vch_deploy#module:vch.docker).
      type: dict
      returned: always
restarted:
  description: Whether the appliance was power-cycled.
  returned: always
  type: bool
"""

from ansible_collections.vic.vch.plugins.module_utils.module_base import ModuleSpec, run_module
from ansible_collections.vic.vch.plugins.module_utils.vch.configure import VchConfigure
from ansible_collections.vic.vch.plugins.module_utils.vch.options import CONFIG_ARGUMENT_SPEC


MODULE = ModuleSpec(CONFIG_ARGUMENT_SPEC, lambda *run: VchConfigure(*run).run(), required_one_of=[("name", "moid")],
                    mutually_exclusive=[("name", "moid")])


def main():
    run_module(MODULE)


if __name__ == "__main__":
    main()
