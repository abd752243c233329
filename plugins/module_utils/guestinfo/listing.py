# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every VCH and containerVM of a vCenter, as vic-machine ls and inspect show them, in ONE retrieval: what the
inventory plugin (plugins/inventory/vic.py) makes hosts of, and guestinfo_read's ``inspect`` view of a VCH.

A VM is a VCH or a containerVM by its configuration (vic_schema.published), whoever made it -- vch_deploy,
containervm_config or VIC's own vic-machine and port layer; a containerVM belongs to the VCH whose resource pool
it runs in, as VIC places it. Configurations are read as VIC reads them (leniently, what VIC wrote imperfectly
said in ``warnings``), shown with secrets masked and hidden fields left out.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError
from ansible_collections.vic.vch.plugins.module_utils.guestinfo.read import build_text, port_group_namer, vm_view
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import is_containervm, is_vch
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import folder_path_matches, snapshot

VCH, CONTAINERVM = "vch", "containervm"


def _client_address(status):
    """The address a host is reached at: a VCH's published client address, else a containerVM's first published
    address (without its prefix length)."""
    if status.get("client_ip"):
        return status["client_ip"]
    for address in (status.get("addresses") or {}).values():
        if address:
            return address.split("/", 1)[0]
    return None


def list_vic_vms(session, datacenters=None, folders=None, vchs=None):
    """(records, warnings): one record per VCH and containerVM (filtered by datacenter names, VM folders and VCH
    names), in inventory order, from ONE retrieval."""
    inv = snapshot(session)
    warnings = []
    port_group_name = port_group_namer(inv)

    wanted = []
    for vm in inv.vms():
        datacenter = inv.datacenter_of(vm)
        if datacenters and (datacenter is None or datacenter.name not in datacenters):
            continue
        if folders and not any(folder_path_matches(inv, vm, folder) for folder in folders):
            continue
        extra_config = vm.extra_config
        kind = VCH if is_vch(extra_config) else CONTAINERVM if is_containervm(extra_config) else None
        if kind is not None:
            wanted.append((vm, kind, datacenter))
    vch_of_pool = dict((vm.pool_moid, vm) for vm, kind, _dc in wanted if kind == VCH)
    records = []
    for vm, kind, datacenter in wanted:
        owner = vm if kind == VCH else vch_of_pool.get(vm.pool_moid)
        if vchs and (owner is None or owner.name not in vchs):
            continue
        try:
            view = vm_view(vm, {"schema": kind}, warnings, port_group_name)
        except ConfigError as exc:
            warnings.append(str(exc))
            continue
        record = {"name": vm.name, "moid": vm.moid, "kind": kind, "power_state": vm.power_state,
                  "datacenter": datacenter.name if datacenter is not None else None, "path": inv.path(vm),
                  "vch": owner.name if owner is not None else None,
                  "vch_moid": owner.moid if owner is not None else None,
                  "config": view["config"], "status": view["status"],
                  "address": _client_address(view["status"])}
        if kind == VCH:
            record["inspect"] = view["inspect"]
            record["version"] = view["inspect"]["version"]
        else:
            record["version"] = build_text(view["config"].get("version"))
        records.append(record)
    return records, warnings
