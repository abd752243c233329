# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DRS VM groups of a cluster, as vic-machine's --affinity-vm-group uses them: one group named after the VCH,
holding its appliance and its containerVMs, which DRS rules can then place.

Every write sends the whole member list (``edit``, or ``add`` for a new group): a retry after a lost reply
writes the same thing again; an ``add`` whose reply was lost is found by reading the group back.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

try:
    from pyVmomi import vim
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import ConnectionLost, VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import WaitTimeout, run_task

# a membership change reads the group and writes it whole: two threads of one batch doing it at once would each
# write the list they read, and one VM would be lost
_MEMBERSHIP = threading.Lock()


def group_members(session, cluster_ref, name):
    """The managed object ids of the VMs in the cluster's VM group ``name``, sorted; None when there is no such
    group (or it is a host group)."""
    what = "reading the DRS groups of cluster %s" % cluster_ref._moId
    groups = session.call(what, lambda: cluster_ref.configurationEx.group) or []
    for group in groups:
        if group.name == name:
            if not isinstance(group, vim.cluster.VmGroup):
                return None
            return sorted(vm._moId for vm in group.vm or [])
    return None


def _reconfigure(session, cluster_ref, group_spec, what, idempotent=True):
    spec = vim.cluster.ConfigSpecEx(groupSpec=[group_spec])
    run_task(session, cluster_ref.ReconfigureComputeResource_Task, what, spec, True, idempotent=idempotent)


def create_group(session, cluster_ref, name, vm_refs, what):
    """A new VM group ``name`` holding ``vm_refs``; VSphereError when one of that name exists."""
    group = vim.cluster.VmGroup(name=name, vm=list(vm_refs))
    try:
        _reconfigure(session, cluster_ref, vim.cluster.GroupSpec(operation="add", info=group), what,
                     idempotent=False)
    except (ConnectionLost, WaitTimeout):
        if group_members(session, cluster_ref, name) != sorted(ref._moId for ref in vm_refs):
            raise


def set_members(session, cluster_ref, name, vm_refs, what):
    """The VM group ``name`` holds exactly ``vm_refs`` (the whole list is sent: a retry writes it again)."""
    group = vim.cluster.VmGroup(name=name, vm=list(vm_refs))
    _reconfigure(session, cluster_ref, vim.cluster.GroupSpec(operation="edit", info=group), what)


def remove_group(session, cluster_ref, name, what):
    """Remove the VM group ``name``; one that is already gone is fine."""
    if group_members(session, cluster_ref, name) is None:
        return
    try:
        _reconfigure(session, cluster_ref, vim.cluster.GroupSpec(operation="remove", removeKey=name), what)
    except VSphereError:
        if group_members(session, cluster_ref, name) is not None:
            raise


def track_member(session, cluster_ref, name, vm_ref, add):
    """Add ``vm_ref`` to the VM group ``name`` or take it out, as VIC's port layer keeps a VCH's group as
    containerVMs come and go; nothing when the group is gone."""
    with _MEMBERSHIP:
        current = group_members(session, cluster_ref, name)
        if current is None:
            return
        wanted = sorted(set(current) | {vm_ref._moId}) if add else [moid for moid in current if moid != vm_ref._moId]
        if wanted != current:
            what = "%s VM %s %s DRS VM group %s" % ("adding" if add else "taking", vm_ref._moId,
                                                    "to" if add else "out of", name)
            set_members(session, cluster_ref, name, [vim.VirtualMachine(moid, vm_ref._stub) for moid in wanted],
                        what)
