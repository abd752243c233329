# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding placement objects by name in an inventory snapshot, with errors that name the option they came from."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError

COMPUTE_KINDS = ("ClusterComputeResource", "ComputeResource")
NETWORK_KINDS = ("Network", "DistributedVirtualPortgroup", "OpaqueNetwork")


class PlacementError(VSphereError):
    """A placement option names nothing (or more than one thing) in the inventory; the message starts with the
    option's name."""

    def __init__(self, field, message):
        self.field = field
        super(PlacementError, self).__init__("%s: %s" % (field, message))


def _names(objects):
    return ", ".join(sorted(set(o.name for o in objects))) or "none"


def _one(field, value, candidates, what):
    found = [o for o in candidates if o.name == value]
    if not found:
        raise PlacementError(field, "%s %r not found (there are: %s)" % (what, value, _names(candidates)))
    if len(found) > 1:
        raise PlacementError(field, "%s %r is ambiguous (%d found); give a more specific placement"
                             % (what, value, len(found)))
    return found[0]


def datacenter(inv, name):
    candidates = inv.of_kind("Datacenter")
    if name:
        return _one("datacenter", name, candidates, "datacenter")
    if len(candidates) != 1:
        raise PlacementError("datacenter", "required: there are %d datacenters (%s)"
                             % (len(candidates), _names(candidates)))
    return candidates[0]


def compute(inv, dc, cluster=None, host=None, resource_pool=None):
    """(root or given resource pool, host or None, compute resource) for the placement options."""
    if cluster:
        found = _one("cluster", cluster, inv.in_datacenter(dc, "ClusterComputeResource"), "cluster")
        return inv.by_moid[found.props["resourcePool"]._moId], None, found
    if host:
        found = _one("host", host, inv.in_datacenter(dc, "HostSystem"), "host")
        owner = inv.parent(found)
        return inv.by_moid[owner.props["resourcePool"]._moId], found, owner
    if resource_pool:
        pools = inv.in_datacenter(dc, "ResourcePool", "VirtualApp")
        if "/" in resource_pool:
            matches = [p for p in pools if inv.path(p) == resource_pool or inv.path(p).endswith("/" + resource_pool)]
            if len(matches) != 1:
                raise PlacementError("resource_pool", "%r matches %d resource pools" % (resource_pool, len(matches)))
            pool = matches[0]
        else:
            pool = _one("resource_pool", resource_pool, pools, "resource pool")
        return pool, None, compute_of(inv, pool)
    candidates = inv.in_datacenter(dc, *COMPUTE_KINDS)
    if len(candidates) != 1:
        raise PlacementError("cluster", "give cluster, host or resource_pool: %s has %d compute resources (%s)"
                             % (dc.name, len(candidates), _names(candidates)))
    return inv.by_moid[candidates[0].props["resourcePool"]._moId], None, candidates[0]


def compute_of(inv, pool):
    """The cluster or standalone host a resource pool belongs to (None when the snapshot does not show it)."""
    owner = inv.parent(pool)
    while owner is not None and owner.kind not in COMPUTE_KINDS:
        owner = inv.parent(owner)
    return owner


def cluster_of(inv, vm):
    """The cluster the VM ``vm`` runs in (by its resource pool); None on a standalone host, or when the snapshot
    does not show it."""
    pool = inv.by_moid.get(vm.pool_moid)
    compute = compute_of(inv, pool) if pool is not None else None
    return compute if compute is not None and compute.kind == "ClusterComputeResource" else None


def datastore(inv, dc, name, field="datastore"):
    return _one(field, name, inv.in_datacenter(dc, "Datastore"), "datastore")


def port_groups(inv, dc, wanted):
    """{port group name: InventoryObject} for [(field, name)]; the first missing one is a PlacementError."""
    candidates = inv.in_datacenter(dc, *NETWORK_KINDS)
    return dict((name, _one(field, name, candidates, "port group")) for field, name in wanted)


def child(inv, parent, name, *kinds):
    for obj in inv.objects:
        if obj.name == name and obj.kind in kinds and inv.parent(obj) is parent:
            return obj
    return None


def folder(inv, dc, path):
    """(deepest existing folder, [missing names]) for a path under the datacenter's VM folder."""
    current = inv.by_moid[dc.props["vmFolder"]._moId]
    parts = [p for p in (path or "").strip("/").split("/") if p]
    if parts and parts[0] == "vm" and child(inv, current, "vm", "Folder") is None:
        parts = parts[1:]  # '/vm/x' and 'x' mean the same
    for index, part in enumerate(parts):
        found = child(inv, current, part, "Folder")
        if found is None:
            return current, parts[index:]
        current = found
    return current, []
