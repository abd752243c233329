# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VCH's DRS VM group (vic-machine's --affinity-vm-group): a group of the VCH's cluster named after the VCH
(container.VMGroupName), holding its appliance and its containerVMs. vch_deploy makes it with the appliance;
containervm_config adds and removes containerVMs as VIC's port layer does; vch_config and vch_deploy, given
affinity_vm_group, make, converge (drift item ``vm_group``) or remove it; removing the VCH removes it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import is_containervm
from ansible_collections.vic.vch.plugins.module_utils.vsphere.groups import (
    create_group, group_members, remove_group, set_members)
from ansible_collections.vic.vch.plugins.module_utils.vsphere import placement

FIELD = "vm_group"


def cluster_of(inv, vm):
    """The cluster the VCH ``vm`` runs in; OptionError naming affinity_vm_group on a standalone host (no DRS)."""
    cluster = placement.cluster_of(inv, vm)
    if cluster is None:
        raise OptionError("affinity_vm_group", "VCH %s does not run in a cluster: DRS VM groups are a cluster's"
                          % vm.name)
    return cluster


def members_of(inv, vch):
    """The VMs the VCH's group holds: its appliance and the containerVMs of its pool."""
    return [vch] + sorted((o for o in inv.vms() if o.pool_moid == vch.pool_moid and o.moid != vch.moid
                           and is_containervm(o.extra_config)), key=lambda o: o.name)


class GroupChange:
    """The VCH's group to make or set (``members``: InventoryObjects) or, with members None, to remove; and the
    drift item that tells it."""

    def __init__(self, cluster, name, members, exists, items):
        self.cluster, self.name, self.members, self.exists, self.items = cluster, name, members, exists, items

    def write(self, session, vm_name):
        what = "setting DRS VM group %s of VCH %s" % (self.name, vm_name)
        if self.members is None:
            remove_group(session, self.cluster.ref, self.name, what)
        elif self.exists:
            set_members(session, self.cluster.ref, self.name, [o.ref for o in self.members], what)
        else:
            create_group(session, self.cluster.ref, self.name, [o.ref for o in self.members], what)


def plan(session, inv, vch, live, opts):
    """A GroupChange taking the VCH's group where ``opts`` (its given options) say, or None: with
    affinity_vm_group true, a group named after the VCH (or the name its configuration holds) holding exactly
    its appliance and containerVMs; with false, no group (one its configuration names)."""
    if "affinity_vm_group" not in opts:
        return None
    cluster = cluster_of(inv, vch)
    name = live.container.vm_group_name or vch.name
    current = group_members(session, cluster.ref, name)
    names = dict((o.moid, o.name) for o in inv.vms())
    before = None if current is None else [names.get(moid, moid) for moid in current]
    if not opts["affinity_vm_group"]:
        if current is None or not live.container.use_vm_group:
            return None  # none, or one the VCH does not use: not its to remove
        return GroupChange(cluster, name, None, True, [_item(name, before, None)])
    members = members_of(inv, vch)
    if current == sorted(o.moid for o in members):
        return None
    return GroupChange(cluster, name, members, current is not None,
                       [_item(name, before, sorted(o.name for o in members))])


def _item(name, before, after):
    return {"field": FIELD, "option": "affinity_vm_group", "raw": [],
            "before": None if before is None else {"name": name, "vms": sorted(before)},
            "after": None if after is None else {"name": name, "vms": after}}


def refuse_existing(session, compute, name):
    """At creation: OptionError when the cluster has a group of the VCH's name (vic-machine refuses it too: it is
    not the VCH's); on a standalone host, none can be made."""
    if compute is None or compute.kind != "ClusterComputeResource":
        raise OptionError("affinity_vm_group", "needs a cluster (DRS VM groups are a cluster's): give cluster")
    if group_members(session, compute.ref, name) is not None:
        raise OptionError("affinity_vm_group", "cluster %s already has a DRS group named %r; it is not this "
                                               "VCH's: remove or rename it" % (compute.name, name))
