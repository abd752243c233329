#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guestinfo_read
short_description: Read a VM's guestinfo / extraConfig, raw or decoded as a VIC configuration
description:
  - Ad-hoc inspection of the extraConfig of VMs, in particular of VIC's Virtual Container Hosts and containerVMs,
    including those VMware's VIC itself created. Read-only, never changes anything.
  - With O(source=api) (the default) the module runs on the controller and reads through the vSphere API. One VM
    is given by O(name) (with O(datacenter) and O(folder) when the name is not unique) or O(moid); many VMs by
    O(names), all read with ONE PropertyCollector retrieval.
  - With O(source=guest) the task runs inside the VM (delegate it to the VM, or target the VM as an inventory
    host) and reads through VMware Tools (C(vmware-rpctool), falling back to C(vmtoolsd --cmd)). The guest sees
    only C(guestinfo.*) keys and cannot list them, so the module walks the chosen O(schema) and asks for each
    key. Outside a VMware VM it fails with a message saying it is not inside a VMware VM.
  - O(schema=raw) returns the keys and values as stored (the empty value VIC writes as C(<nil>) reads back as an
    empty string); O(schema=vch) and O(schema=containervm) decode them with VIC's VCH
    (VirtualContainerHostConfigSpec) or containerVM (ExecutorConfig) schema.
  - Secret values (keys with the C(@secret) suffix) and the secret key C(guestinfo.ovfEnv) are always masked
    (V(********)). Hidden keys and fields, those the guest cannot see, are left out unless O(show_hidden).
version_added: 0.1.0
author:
  - vic.vch maintainers (!UNKNOWN)
extends_documentation_fragment:
  - vic.vch.vsphere
options:
  hostname:
    description:
      - The vCenter or ESXi server to connect to. Required with O(source=api), ignored with O(source=guest).
      - If not set, the environment variable E(VMWARE_HOST) is used.
    type: str
    required: false
  username:
    description:
      - The user to log in as. Required with O(source=api), ignored with O(source=guest).
      - If not set, the environment variable E(VMWARE_USER) is used.
    type: str
    required: false
    aliases: [admin, user]
  password:
    description:
      - The password of O(username). Required with O(source=api), ignored with O(source=guest).
      - If not set, the environment variable E(VMWARE_PASSWORD) is used.
    type: str
    required: false
    aliases: [pass, pwd]
  source:
    description:
      - V(api) reads through the vSphere API from where the module runs (needs the connection options and one of
        O(name), O(moid) or O(names)).
      - V(guest) reads from inside the VM the task runs in, through VMware Tools; the connection options are
        ignored and O(name), O(moid), O(names), O(datacenter), O(folder) and O(prefix) are refused.
    type: str
    choices: [api, guest]
    default: api
  name:
    description:
      - The name of the one VM to read (O(source=api)). Several VMs of that name are an error naming their paths;
        narrow with O(datacenter) and O(folder), or use O(moid).
      - Mutually exclusive with O(moid) and O(names).
    type: str
  moid:
    description:
      - The managed object id of the one VM to read (V(vm-42)), with O(source=api). A moid that does not exist is
        an error.
      - Mutually exclusive with O(name), O(names), O(datacenter) and O(folder).
    type: str
  names:
    description:
      - The names of several VMs to read (O(source=api)), all with one PropertyCollector retrieval of the
        inventory, whatever their number.
      - The result lists them in RV(vms) in this order (a name given twice is read once); names of no VM are listed
        in RV(missing) and are not an error. A name that several VMs carry is an error (narrow with O(datacenter)
        and O(folder)).
      - Mutually exclusive with O(name) and O(moid).
    type: list
    elements: str
  datacenter:
    description: With O(name) or O(names), only VMs of this datacenter.
    type: str
  folder:
    description: With O(name) or O(names), only VMs in this VM folder, a path under the datacenter's VM folder
      (V(vic/prod)).
    type: str
  schema:
    description:
      - V(raw) returns the keys and values as stored, in RV(extra_config).
      - V(vch) decodes them as a VCH's configuration (VIC's VirtualContainerHostConfigSpec), V(containervm) as a
        containerVM's (VIC's ExecutorConfig), in RV(config). Keys of the schema that are missing leave their
        fields at their zero values (a VM that is not a VCH decodes as an empty configuration). A value that does
        not decode (a bad number, a damaged list) is an error naming the key.
      - With O(source=guest), V(raw) needs O(keys), as the guest cannot list keys.
    type: str
    choices: [raw, vch, containervm]
    default: raw
  keys:
    description:
      - Exact keys to return (V(guestinfo.vice./connect/target)); keys that do not exist are left out.
      - With O(schema=raw) they filter RV(extra_config). With O(schema=vch) or O(schema=containervm), RV(config)
        stays the whole decoded configuration and RV(extra_config) is returned too, holding just these keys raw.
      - With O(source=guest) the module asks VMware Tools for each of them; keys the guest cannot see (without
        the C(guestinfo.) prefix) are left out.
      - Hidden keys are left out unless O(show_hidden); secret values are masked.
      - Mutually exclusive with O(prefix).
    type: list
    elements: str
  prefix:
    description:
      - Return only the keys that start with this text (V(guestinfo.vice./network/)), with O(source=api).
      - With O(schema=raw) it filters RV(extra_config). With O(schema=vch) or O(schema=containervm), RV(config)
        stays the whole decoded configuration and RV(extra_config) is returned too, holding the matching keys raw.
      - Refused with O(source=guest), which cannot list keys (give O(keys) instead).
      - Mutually exclusive with O(keys).
    type: str
  show_hidden:
    description:
      - Also return hidden keys and fields. A hidden key is one the guest cannot see (no C(guestinfo.) prefix),
        VIC's hidden fields (a containerVM's name, annotations, notes) as well as vSphere's and VMware Tools' own
        keys.
      - Secret values stay masked either way.
      - No effect with O(source=guest), where hidden keys cannot be read (the module warns).
    type: bool
    default: false
  rpctool:
    description:
      - With O(source=guest), the path of C(vmware-rpctool) for an unusual VMware Tools install; tried first, then
        C(vmware-rpctool) and C(vmtoolsd --cmd) from E(PATH).
    type: path
attributes:
  check_mode:
    support: full
    description: The module only reads; check mode runs it unchanged.
  diff_mode:
    support: none
    description: The module only reads, so there is nothing to diff.
notes:
  - The result's C(changed) is always false.
  - With O(source=api) a run costs exactly four SOAP requests (service content, login, one property retrieval,
    logout), however many VMs O(names) lists.
  - Real vCenter does not return C(guestinfo.ovfEnv) through the API; its value is masked wherever it appears.
  - The connection options are required only with O(source=api); set them once per play with C(module_defaults)
    and the action group C(group/vic.vch.vsphere).
seealso:
  - module: vic.vch.vch_deploy
"""

EXAMPLES = r"""
# The connection comes from module_defaults for group/vic.vch.vsphere (hostname, username, password, ...) or from
# VMWARE_HOST, VMWARE_USER, VMWARE_PASSWORD, as with vmware.vmware. The inventory names are those of the vCenter
# simulator (vcsim) the test suite runs these examples on, twice (the second run changes nothing).
- name: Read a VCH's configuration, decoded
  vic.vch.guestinfo_read:
    name: vch-1
    datacenter: DC0
    schema: vch
  register: vch

- name: Show its client network and its volume stores
  ansible.builtin.debug:
    msg:
      - "{{ vch.config.executor_config.networks.client }}"
      - "{{ vch.config.storage.volume_locations }}"

- name: The raw network keys of a VM by moid, hidden keys included (secret values stay masked)
  vic.vch.guestinfo_read:
    moid: "{{ vch.moid }}"
    prefix: guestinfo.vice./network/
    show_hidden: true

- name: Many containerVMs in one retrieval
  vic.vch.guestinfo_read:
    names: "{{ groups['containers'] }}"
    schema: containervm
  register: containers

- name: Those that were not found
  ansible.builtin.debug:
    var: containers.missing

- name: From inside a containerVM, what the guest may see of its configuration
  vic.vch.guestinfo_read:
    source: guest
    schema: containervm
  delegate_to: "{{ container_address }}"

- name: From inside a VM, two keys by name (the guest cannot list keys)
  vic.vch.guestinfo_read:
    source: guest
    keys:
      - guestinfo.vice./common/id
      - guestinfo.vice..sessions|web.started
  delegate_to: "{{ container_address }}"
"""

RETURN = r"""
name:
  description: The VM's name.
  returned: with source=api and name or moid
  type: str
  sample: vch-1
moid:
  description: The VM's managed object id.
  returned: with source=api and name or moid
  type: str
  sample: vm-42
power_state:
  description: The VM's power state (V(poweredOn), V(poweredOff), V(suspended)).
  returned: with source=api and name or moid
  type: str
  sample: poweredOn
config:
  description:
    - The decoded configuration, keyed by the schema's attribute names (C(executor_config), C(connection),
      C(storage), C(network), C(registry)... for a VCH; C(executor_config_common), C(sessions), C(networks),
      C(mounts)... for a containerVM). IP addresses, networks and URLs are text, bytes are base64, times are
      Go's text.
    - Secret values are V(********); hidden fields are left out unless O(show_hidden).
    - With O(source=api) and O(names), per VM in RV(vms) only.
  returned: with schema vch or containervm
  type: dict
  sample: {"connection": {"target": "https://10.192.171.116", "token": "********", "username": "administrator"}}
status:
  description:
    - What the guest published, and how far it got towards running, as the modules' own waits see it.
    - For a VCH, C(sessions) (each service's start status, V(true) once it runs) and C(client_ip); for a
      containerVM, C(started), C(exit_code), C(start_time), C(stop_time) and C(addresses).
    - Both have C(published) and C(missing) (what a running VM publishes, in words, such as V(port-layer started)
      or V(client address)) and C(failure) (the start error a guest published, or null). A role polls them to show
      progress while it waits.
    - With O(source=api) only; with O(names), per VM in RV(vms).
  returned: with source=api and schema vch or containervm
  type: dict
  sample: {"sessions": {"docker-personality": "true", "port-layer": "true", "vicadmin": ""},
           "client_ip": "10.10.0.5", "published": ["docker-personality started", "port-layer started",
           "client address"], "missing": ["vicadmin started"], "failure": null}
inspect:
  description:
    - A VCH as vic-machine inspect shows it, from its configuration and what it published.
    - C(version) (VIC's, as vic-machine prints it, such as V(v1.5.0-18000-c5e2ddd)), C(docker_host) (V(address:port),
      null until the client address is published), C(docker_tls) (V(verify), V(server) or V(none)),
      C(admin_portal) (its URL), C(networks) (C(client), C(public), C(management) with C(port_group), C(address),
      C(static), C(gateway); C(bridge) with C(port_group) and C(ip_range); C(container), the container networks by
      alias), C(storage) (C(image_stores), C(volume_stores), C(storage_quota_gb)) and C(container_count).
    - With O(source=api) and O(names), per VM in RV(vms).
  returned: with source=api and schema vch
  type: dict
  sample: {"version": "v1.5.0-18000-c5e2ddd", "docker_host": "10.10.0.5:2376", "docker_tls": "verify",
           "admin_portal": "https://10.10.0.5:2378",
           "networks": {"client": {"port_group": "DC0_DVPG1", "address": "10.10.0.5/24", "static": true,
                                   "gateway": "10.10.0.1/24"}},
           "storage": {"image_stores": ["ds://LocalDS_0/vch-1"], "volume_stores": {"default": "ds://LocalDS_0/volumes"},
                       "storage_quota_gb": null}, "container_count": null}
extra_config:
  description:
    - The raw keys and values, filtered by O(keys) or O(prefix), sorted by key. Empty values (C(<nil>) on the
      wire) are empty strings.
    - Secret values and C(guestinfo.ovfEnv) are V(********); hidden keys are left out unless O(show_hidden).
    - With O(source=api) and O(names), per VM in RV(vms) only.
  returned: with schema raw, or with keys or prefix
  type: dict
  sample: {"guestinfo.vice./connect/target": "https://10.192.171.116", "guestinfo.ovfEnv": "********"}
vms:
  description: The VMs read, in the order of O(names) (or the one VM of O(name) / O(moid)).
  returned: with source=api
  type: list
  elements: dict
  contains:
    name:
      description: The VM's name.
      type: str
    moid:
      description: Its managed object id.
      type: str
    power_state:
      description: Its power state.
      type: str
    config:
      description: As RV(config).
      type: dict
      returned: with schema vch or containervm
    status:
      description: As RV(status).
      type: dict
      returned: with schema vch or containervm
    inspect:
      description: As RV(inspect).
      type: dict
      returned: with schema vch
    extra_config:
      description: As RV(extra_config).
      type: dict
      returned: with schema raw, or with keys or prefix
missing:
  description: The names of O(names) that no VM carries (empty with O(name) or O(moid), which fail instead).
  returned: with source=api
  type: list
  elements: str
  sample: [web-3]
"""

from ansible_collections.vic.vch.plugins.module_utils.guestinfo.read import (
    GUESTINFO_ARGUMENT_SPEC, GUESTINFO_MUTUALLY_EXCLUSIVE, GUESTINFO_REQUIRED_IF, check_params, guest_transport,
    read_api, read_guest)
from ansible_collections.vic.vch.plugins.module_utils.module_base import (
    fail, run_in_guest, run_with_session, vsphere_module)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError


def main():
    # the connection is needed with source=api only: check_params asks for it there
    module = vsphere_module(GUESTINFO_ARGUMENT_SPEC, connection_required=False, supports_check_mode=True,
                            mutually_exclusive=GUESTINFO_MUTUALLY_EXCLUSIVE, required_if=GUESTINFO_REQUIRED_IF)
    try:
        check_params(module.params)
    except ConfigError as exc:
        fail(module, exc)
    if module.params["source"] == "api":
        run_with_session(module, lambda session: read_api(session, module.params))
    else:
        run_in_guest(module, lambda: read_guest(guest_transport(module.params["rpctool"]), module.params,
                                                module.warn))


if __name__ == "__main__":
    main()
