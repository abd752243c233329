# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: vic
short_description: VIC's VCHs and containerVMs as Ansible hosts
version_added: 0.2.0
author:
  - vic.vch maintainers (!UNKNOWN)
description:
  - Every VCH and containerVM of a vCenter as a host -- VCHs made by vic-machine and their containerVMs included,
    recognized by their configuration -- found with one vSphere PropertyCollector retrieval however many VMs
    there are (what vic-machine ls lists).
  - Groups C(vic_vchs) and C(vic_containervms); one group per VCH holding its appliance and its containerVMs,
    C(vch_<name>) (characters a group name cannot have become V(_)); and one per power state,
    C(vic_poweredOn), C(vic_poweredOff), C(vic_suspended).
  - "Host variables: C(vic_kind) (V(vch) or V(containervm)), C(vic_moid), C(vic_power_state), C(vic_datacenter),
    C(vic_path) (the VM's inventory path), C(vic_vch) and C(vic_vch_moid) (its VCH; a VCH's own), C(vic_config)
    (the decoded configuration: addresses as people write them, secrets masked, hidden fields left out),
    C(vic_status) (what the guest published), C(vic_version) (VIC's version, as vic-machine prints it, where the
    configuration records one), for a VCH C(vic_inspect) (what vic-machine inspect shows: version,
    Docker endpoint, admin portal, networks, storage) and C(vic_docker_host), and C(ansible_host), the published
    client address (a VCH's) or first address (a containerVM's) where there is one."
  - Uses a file named C(*.vic.yml) or C(*.vic.yaml) whose C(plugin) is V(vic.vch.vic).
extends_documentation_fragment:
  - constructed
  - inventory_cache
requirements:
  - pyvmomi >= 8.0.1.0
  - PyNaCl >= 1.5
options:
  plugin:
    description: Marks the file as this plugin's.
    type: str
    required: true
    choices: [vic.vch.vic]
  hostname:
    description: The vCenter or ESXi server, as the modules' O(vic.vch.vch_deploy#module:hostname).
    type: str
    required: true
    env:
      - name: VMWARE_HOST
  username:
    description: The user to log in as.
    type: str
    required: true
    aliases: [user]
    env:
      - name: VMWARE_USER
  password:
    description: The password of O(username).
    type: str
    required: true
    aliases: [pass, pwd]
    env:
      - name: VMWARE_PASSWORD
  port:
    description: The port of the vSphere API.
    type: int
    default: 443
    env:
      - name: VMWARE_PORT
  validate_certs:
    description: Whether the server's TLS certificate must be valid (V(false) only for a self-signed one you trust).
    type: bool
    default: true
    env:
      - name: VMWARE_VALIDATE_CERTS
  datacenters:
    description: Only VMs of these datacenters (all when empty).
    type: list
    elements: str
    default: []
  folders:
    description: Only VMs under these VM folders (paths under a datacenter's VM folder, V(vic/prod)); all when
      empty.
    type: list
    elements: str
    default: []
  vchs:
    description: Only these VCHs (by name) and their containerVMs; all when empty.
    type: list
    elements: str
    default: []
  containervms:
    description: Whether containerVMs are hosts too (V(false) lists the VCHs only, as vic-machine ls).
    type: bool
    default: true
"""

EXAMPLES = r"""
# vcenter.vic.yml -- the connection from VMWARE_HOST, VMWARE_USER, VMWARE_PASSWORD
plugin: vic.vch.vic
validate_certs: false
keyed_groups:
  - key: vic_inspect.version | default('none')
    prefix: vic_version
compose:
  docker_endpoint: vic_docker_host

# then: ansible-inventory -i vcenter.vic.yml --graph
#       ansible-playbook -i vcenter.vic.yml site.yml   (hosts: vch_vch_1, vic_containervms, ...)
"""

import re

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

try:
    from ansible_collections.vic.vch.plugins.module_utils.guestinfo.listing import VCH, list_vic_vms
    from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import (
        HAS_PYVMOMI, PYVMOMI_IMPORT_ERROR, Session, VSphereError)
except ImportError as exc:  # the collection's own code did not import: said when the inventory is parsed
    IMPORT_ERROR = exc
else:
    IMPORT_ERROR = None if HAS_PYVMOMI else PYVMOMI_IMPORT_ERROR

_UNSAFE_GROUP_CHARS = re.compile(r"[^A-Za-z0-9_]")


def group_name(prefix, name):
    """A group name Ansible accepts: vch_<name> with every other character made '_'."""
    return prefix + _UNSAFE_GROUP_CHARS.sub("_", name)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "vic.vch.vic"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith((".vic.yml", ".vic.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        records = None
        if use_cache:
            try:
                records = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if records is None:
            records = self._read()
        if update_cache:
            self._cache[cache_key] = records
        self._populate(records)

    def _read(self):
        """The VCHs and containerVMs, as plain records (what the cache keeps)."""
        if IMPORT_ERROR is not None:
            raise AnsibleError("the vic.vch.vic inventory needs pyvmomi and PyNaCl on the controller: %s"
                               % IMPORT_ERROR)
        hostname = self.get_option("hostname")
        if "://" in (hostname or "") or "/" in (hostname or ""):
            raise AnsibleParserError("hostname: %r is a URL; give the vCenter's host name only" % hostname)
        try:
            with Session(hostname, self.get_option("username"), self.get_option("password"),
                         self.get_option("port"), self.get_option("validate_certs")) as session:
                records, warnings = list_vic_vms(session, self.get_option("datacenters"), self.get_option("folders"),
                                                 self.get_option("vchs"))
        except VSphereError as exc:
            raise AnsibleError("vic.vch.vic: %s" % exc) from None
        for warning in warnings:
            self.display.warning("vic.vch.vic: %s" % warning)
        if not self.get_option("containervms"):
            records = [r for r in records if r["kind"] == VCH]
        return records

    def _populate(self, records):
        strict = self.get_option("strict")
        names = {}
        for record in records:
            names.setdefault(record["name"], []).append(record["moid"])
        self.inventory.add_group("vic_vchs")
        self.inventory.add_group("vic_containervms")
        for record in records:
            # a name two VMs carry (in two datacenters or folders) gets each VM's moid, so both are hosts
            host = record["name"] if len(names[record["name"]]) == 1 else "%s_%s" % (record["name"], record["moid"])
            self.inventory.add_host(host, group="vic_vchs" if record["kind"] == VCH else "vic_containervms")
            if record["vch"] is not None:
                vch_group = self.inventory.add_group(group_name("vch_", record["vch"]))
                self.inventory.add_child(vch_group, host)
            power_group = self.inventory.add_group("vic_" + (record["power_state"] or "unknown"))
            self.inventory.add_child(power_group, host)
            variables = {"vic_kind": record["kind"], "vic_moid": record["moid"],
                         "vic_power_state": record["power_state"], "vic_datacenter": record["datacenter"],
                         "vic_path": record["path"], "vic_vch": record["vch"], "vic_vch_moid": record["vch_moid"],
                         "vic_config": record["config"], "vic_status": record["status"],
                         "vic_version": record["version"]}
            if record["kind"] == VCH:
                variables["vic_inspect"] = record["inspect"]
                variables["vic_docker_host"] = record["inspect"]["docker_host"]
            if record["address"]:
                variables["ansible_host"] = record["address"]
            for name, value in variables.items():
                self.inventory.set_variable(host, name, value)
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)
