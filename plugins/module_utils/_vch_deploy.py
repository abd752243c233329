# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Deploying, converging and removing a VCH.

Every write follows one flow: validate all input -> read the inventory once -> encode the desired
configuration -> plan the delta against the live extraConfig -> ONE task (CreateVM, or ReconfigVM with the
changeVersion that was read, or nothing).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from pyVmomi import vim
except ImportError:  # reported by the module (see _vsphere_session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils import _vsphere_placement as placement_lookup
from ansible_collections.vic.vch.plugins.module_utils._vch_apply import (
    apply_update, plan_update, retry_on_conflict, sealed_values, with_secrets)
from ansible_collections.vic.vch.plugins.module_utils._vch_config import (
    PERSONALITY, PORT_LAYER, VICADMIN, Placement, build_vch_config, endpoint_networks, is_vch, nic_port_groups)
from ansible_collections.vic.vch.plugins.module_utils._vch_options import (
    DEFAULT_BRIDGE_RANGE, DEFAULT_PUBLIC_NETWORK, ENDPOINT_ROLES, OptionError, check_name, validate)
from ansible_collections.vic.vch.plugins.module_utils._vsphere_files import vmx_reader
from ansible_collections.vic.vch.plugins.module_utils._vsphere_inventory import snapshot
from ansible_collections.vic.vch.plugins.module_utils._vsphere_session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils._vsphere_vm import (
    GUEST_ID, Undo, cdrom_spec, destroy_vm, nic_spec, pool_spec)
from ansible_collections.vic.vch.plugins.module_utils._vsphere_tasks import (
    WaitTimeout, option_values, reconfigure_extra_config, run_task, wait_for_extra_config)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP, encode_entries, mask_value, plan_changes)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import parse_bytes
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

DEPLOY_DEFAULTS = dict(bridge_network_range=DEFAULT_BRIDGE_RANGE, public_network=DEFAULT_PUBLIC_NETWORK,
                       endpoint_cpu=1, endpoint_memory_mb=2048, debug=0)
SESSIONS = (PERSONALITY, PORT_LAYER, VICADMIN)
CLIENT_IP_KEY = "guestinfo.vice..init.networks|client.assigned.IP"


def started_key(session):
    return "guestinfo.vice..init.sessions|%s.started" % session


class Deployer:
    """One vch_deploy run. ``run()`` returns the module result; VSphereError/ConfigError on failure."""

    def __init__(self, session, params, check_mode=False, diff=False):
        self.session = session
        self.params = params
        self.check_mode = check_mode
        self.want_diff = diff
        self.undo = Undo(session)  # what this run created, removed again if it fails

    # -- validation (no vSphere call) --------------------------------------------------------------------------
    def validated(self):
        name = check_name("name", self.params["name"])
        if self.params["state"] == "absent":
            return name, None
        opts = validate(self.params, DEPLOY_DEFAULTS)
        if not opts.get("bridge_network"):
            raise OptionError("bridge_network", "is required with state=present")
        if not self.params.get("datastore"):
            raise OptionError("datastore", "is required with state=present")
        if self.params.get("folder") is not None:
            for part in self.params["folder"].strip("/").split("/"):
                if part:
                    check_name("folder", part)
        if opts.get("ops_password") and not opts.get("ops_user"):
            raise OptionError("ops_password", "needs ops_user")
        endpoints = endpoint_networks(opts)
        bridge = endpoints["bridge"]["port_group"]
        for role in ENDPOINT_ROLES:
            if role in endpoints and endpoints[role]["port_group"] == bridge:
                raise OptionError(role + "_network", "must not share the bridge network's port group %r" % bridge)
        return name, opts

    # -- the run -----------------------------------------------------------------------------------------------
    def run(self):
        name, opts = self.validated()
        return retry_on_conflict("converging VCH %s" % name, lambda: self.run_once(name, opts))

    def run_once(self, name, opts):
        """Read the inventory, then create, converge or remove: one try (retried afresh on a concurrent change)."""
        inv = snapshot(self.session)
        dc = placement_lookup.datacenter(inv, self.params.get("datacenter"))
        existing = list(inv.vms(name, dc))
        if len(existing) > 1:
            raise VSphereError("%d VMs are named %r in %s; give their folder or remove the duplicates"
                               % (len(existing), name, dc.name))
        vm = existing[0] if existing else None
        if vm is not None and not is_vch(vm.extra_config):
            raise VSphereError("a VM named %r exists in %s and is not a VCH: refusing to touch it" % (name, dc.name))
        if self.params["state"] == "absent":
            return self.remove(inv, dc, name, vm)
        return self.converge(inv, dc, name, opts, vm) if vm is not None else self.create(inv, dc, name, opts)

    def _port_group_ids(self, inv, dc, opts):
        wanted = []
        endpoints = endpoint_networks(opts)
        for role in ("bridge",) + ENDPOINT_ROLES:
            if role in endpoints:
                wanted.append(("bridge_network" if role == "bridge" else role + "_network.port_group",
                               endpoints[role]["port_group"]))
        for index, network in enumerate(opts.get("container_networks") or ()):
            wanted.append(("container_networks[%d].port_group" % index, network["port_group"]))
        found = placement_lookup.port_groups(inv, dc, wanted)
        return found, dict((pg, "%s:%s" % (obj.kind, obj.moid)) for pg, obj in found.items())

    @staticmethod
    def _entries(name, opts, where):
        return encode_entries(build_vch_config(name, opts, where), strict=True)

    def _placement(self, inv, dc, pool, compute, vm_moid, pg_ids):
        return Placement(dc.name, inv.path(compute) if compute is not None else "", inv.path(pool), pool.moid,
                         pool.kind, self.params["datastore"], pg_ids, vm_moid)

    def converge(self, inv, dc, name, opts, vm):
        placement_lookup.datastore(inv, dc, self.params["datastore"])
        _found, pg_ids = self._port_group_ids(inv, dc, opts)
        pool = inv.by_moid[vm.props["resourcePool"]._moId]
        compute = inv.parent(pool)
        while compute is not None and compute.kind not in placement_lookup.COMPUTE_KINDS:
            compute = inv.parent(compute)
        current = vm.extra_config
        entries = self._entries(name, opts, self._placement(inv, dc, pool, compute, vm.moid, pg_ids))
        changes, secrets = plan_update(VCHConfig, entries, current, vmx_reader(self.session, vm.ref))
        result = self._result(vm.name, vm.moid, vm.power_state, changes.changed_keys, bool(changes))
        result["drift"] = changes.report(current)
        if self.want_diff:
            result["diff"] = changes.diff(current)
        if changes and not self.check_mode:
            apply_update(self.session, vm, changes, secrets, "reconfiguring VCH %s" % name)
        if self.params["power_on"] and vm.power_state != "poweredOn":
            result["changed"] = True
            if not self.check_mode:
                run_task(self.session, vm.ref.PowerOnVM_Task, "powering on VCH %s" % name)
                result["vch"]["power_state"] = "poweredOn"
        if self.params["wait"] and self.params["power_on"] and not self.check_mode:
            result["vch"].update(self.wait_published(vm.ref, name))
        return result

    def create(self, inv, dc, name, opts):
        store = placement_lookup.datastore(inv, dc, self.params["datastore"])
        found_pgs, pg_ids = self._port_group_ids(inv, dc, opts)
        parent_pool, host, compute = placement_lookup.compute(
            inv, dc, self.params.get("cluster"), self.params.get("host"), self.params.get("resource_pool"))
        folder, missing = placement_lookup.folder(inv, dc, self.params.get("folder"))
        pool = placement_lookup.child(inv, parent_pool, name, "ResourcePool", "VirtualApp")
        pool_path = inv.path(parent_pool) + "/" + name
        where = Placement(dc.name, inv.path(compute) if compute is not None else "", pool_path,
                          pool.moid if pool is not None else "", "ResourcePool", store.name, pg_ids)
        entries, secrets = with_secrets(self._entries(name, opts, where), {})
        keys = sorted(e.key for e in entries)
        result = self._result(name, None, "poweredOff", keys, True)
        if self.want_diff:
            result["diff"] = {"before": {}, "after": dict((e.key, mask_value(e.key, e.value)) for e in entries)}
        if self.check_mode:
            return result
        try:
            folder_ref = folder.ref
            for part in missing:
                folder_ref = self.undo.attempt(
                    "folder", lambda parent=folder_ref, part=part: self.session.call(
                        "creating folder %s" % part, parent.CreateFolder, part, idempotent=False),
                    folder_ref, "childEntity", part)
            if pool is None:
                pool_ref = self.undo.attempt(
                    "resource pool", lambda: self.session.call(
                        "creating resource pool %s" % name, parent_pool.ref.CreateResourcePool, name, pool_spec(),
                        idempotent=False),
                    parent_pool.ref, "resourcePool", name)
            else:
                pool_ref = pool.ref
            where.pool_moid = pool_ref._moId
            entries, secrets = with_secrets(self._entries(name, opts, where), {}, secrets=secrets)
            spec = self._vm_spec(name, store, opts, found_pgs, inv, sealed_values(entries, secrets))
            vm_ref = self.undo.attempt(
                "VM", lambda: run_task(self.session, folder_ref.CreateVM_Task, "creating VCH %s" % name, spec,
                                       pool_ref, host.ref if host is not None else None, idempotent=False),
                pool_ref, "vm", name)
            # VIC records the appliance's own managed object id: known only now
            where.vm_moid = vm_ref._moId
            written = dict((e.key, e.value) for e in entries)
            changes = plan_changes([e for e in self._entries(name, opts, where) if not e.secret], written)
            reconfigure_extra_config(self.session, vm_ref, changes, None, "recording the VCH's id")
            result["vch"]["moid"] = vm_ref._moId
            if self.params["power_on"]:
                run_task(self.session, vm_ref.PowerOnVM_Task, "powering on VCH %s" % name)
                result["vch"]["power_state"] = "poweredOn"
                if self.params["wait"]:
                    result["vch"].update(self.wait_published(vm_ref, name))
        except Exception as exc:
            raise self.undo.rollback(exc, keep=self.params.get("keep_on_failure")) from None
        return result

    def _vm_spec(self, name, store, opts, found_pgs, inv, extra_config):
        devices = []
        for index, port_group in enumerate(nic_port_groups(opts)):
            devices.append(nic_spec(-(index + 1), found_pgs[port_group], inv))
        if opts.get("appliance_iso"):
            devices.append(cdrom_spec(opts["appliance_iso"]))
        return vim.vm.ConfigSpec(
            name=name, guestId=GUEST_ID, numCPUs=opts["endpoint_cpu"], memoryMB=opts["endpoint_memory_mb"],
            files=vim.vm.FileInfo(vmPathName="[%s]" % store.name), deviceChange=devices,
            extraConfig=option_values(sorted(extra_config.items())))

    def wait_published(self, vm_ref, name):
        """Wait until the appliance publishes its client address and every session's start status."""
        wanted = dict([("client IP", CLIENT_IP_KEY)] + [("%s started" % s, started_key(s)) for s in SESSIONS])

        def published(config):
            for session in SESSIONS:
                if config.get(started_key(session)) not in (None, "", "true"):
                    raise VSphereError("VCH %s: %s failed to start: %s"
                                       % (name, session, config[started_key(session)]))
            return all(config.get(key) for key in wanted.values())

        try:
            config = wait_for_extra_config(self.session, vm_ref, published, self.params["timeout"],
                                           "waiting for VCH %s to publish its status" % name)
        except WaitTimeout as exc:
            raise VSphereError("%s; published: %s; not published: %s" % (
                exc, ", ".join(label for label, key in wanted.items() if exc.last.get(key)) or "nothing",
                ", ".join(label for label, key in wanted.items() if not exc.last.get(key)))) from None
        return published_status(config)

    def remove(self, inv, dc, name, vm):
        result = self._result(name, vm.moid if vm else None, vm.power_state if vm else "absent", [], vm is not None)
        if vm is None:
            return result
        pool = inv.by_moid.get(vm.props["resourcePool"]._moId)
        containers = [o for o in inv.vms() if pool is not None and o is not vm
                      and getattr(o.props.get("resourcePool"), "_moId", None) == pool.moid]
        if containers and not self.params.get("delete_containers"):
            raise VSphereError("VCH %s still has %d containerVM(s) (%s): set delete_containers: true to remove them"
                               % (name, len(containers), ", ".join(sorted(c.name for c in containers))))
        result["removed"] = [vm.name] + sorted(c.name for c in containers)
        if self.check_mode:
            return result
        for container in containers:
            destroy_vm(self.session, container.ref)
        destroy_vm(self.session, vm.ref)
        if pool is not None and pool.name == name and pool.kind == "ResourcePool":
            run_task(self.session, pool.ref.Destroy_Task, "removing the resource pool of VCH %s" % name)
        result["vch"]["power_state"] = "absent"
        return result

    @staticmethod
    def _result(name, moid, power_state, changed_keys, changed):
        return {"changed": changed, "changed_keys": changed_keys,
                "vch": {"name": name, "moid": moid, "power_state": power_state}}


def published_status(config):
    """What the appliance published: client address and each session's start status."""
    status = {"sessions": dict((s, config.get(started_key(s), "")) for s in SESSIONS)}
    raw = config.get(CLIENT_IP_KEY)
    if raw:
        try:
            status["client_ip"] = str(IP(parse_bytes(raw)))
        except ValueError:
            status["client_ip"] = raw
    return status
