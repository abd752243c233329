# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_deploy: creating, converging and removing a VCH, on the one run sequence (writer.run).

Creation makes the VCH's folder (if missing), its resource pool and the appliance VM with its whole configuration
in extraConfig, records the VM's own id, powers it on and waits for what it publishes; a failure removes what
the run made. On an existing VCH the desired configuration is planned against the live one: one reconfigure, or
none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import encode_entries, plan_changes
from ansible_collections.vic.vch.plugins.module_utils.vch.mapping import Placement, build_vch_config, nic_port_groups
from ansible_collections.vic.vch.plugins.module_utils.vch.options import (
    ENDPOINT_ROLES, endpoint_networks, validate_deploy)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import (
    VCH_SESSIONS, STARTED, is_vch, vch_client_ip_key, vch_published_status, vch_started_key)
from ansible_collections.vic.vch.plugins.module_utils.vsphere import placement as placement_lookup
from ansible_collections.vic.vch.plugins.module_utils.vsphere.files import vmx_reader
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import snapshot
from ansible_collections.vic.vch.plugins.module_utils.vsphere.objects import (
    create_folder, create_pool, create_vm, destroy, destroy_vm)
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.specs import new_vm_spec
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import (
    WaitTimeout, reconfigure_extra_config, wait_for_extra_config)
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import plan_update, sealed_values, with_secrets
from ansible_collections.vic.vch.plugins.module_utils.writer.run import CREATE, REMOVE, UPDATE, Plan, RunSequence


class VchDeploy(RunSequence):
    """One vch_deploy run. ``run()`` returns the module result; VSphereError/ConfigError on failure."""

    noun = "VCH"
    result_key = "vch"

    def validate(self):
        return validate_deploy(self.params)

    def describe(self, options):
        return "converging VCH %s" % options[0]

    def plan(self, options):
        name, opts = options
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
            return self.plan_removal(inv, name, vm)
        if vm is not None:
            return self.plan_convergence(inv, dc, name, opts, vm)
        return self.plan_creation(inv, dc, name, opts)

    # -- what a VCH is made of ---------------------------------------------------------------------------------
    def _port_groups(self, inv, dc, opts):
        """({port group name: InventoryObject}, {port group name: "Kind:moid"}) of every port group named."""
        wanted = []
        endpoints = endpoint_networks(opts)
        for role in ("bridge",) + ENDPOINT_ROLES:
            if role in endpoints:
                wanted.append(("bridge_network" if role == "bridge" else role + "_network.port_group",
                               endpoints[role]["port_group"]))
        for index, network in enumerate(opts.get("container_networks") or ()):
            wanted.append(("container_networks[%d].port_group" % index, network["port_group"]))
        found = placement_lookup.port_groups(inv, dc, wanted)
        return found, dict((pg, obj.reference) for pg, obj in found.items())

    @staticmethod
    def _entries(name, opts, where):
        return encode_entries(build_vch_config(name, opts, where), strict=True)

    # -- plans ---------------------------------------------------------------------------------------------------
    def plan_convergence(self, inv, dc, name, opts, vm):
        placement_lookup.datastore(inv, dc, self.params["datastore"])
        _found, pg_ids = self._port_groups(inv, dc, opts)
        pool = inv.by_moid[vm.props["resourcePool"]._moId]
        compute = placement_lookup.compute_of(inv, pool)
        where = Placement(dc.name, inv.path(compute) if compute is not None else "", inv.path(pool), pool.moid,
                          pool.kind, self.params["datastore"], pg_ids, vm.moid)
        current = vm.extra_config
        changes, secrets = plan_update(VCHConfig, self._entries(name, opts, where), current,
                                       vmx_reader(self.session, vm.ref))
        return Plan(UPDATE, self.result(vm.name, vm, changes.changed_keys, bool(changes)), vm=vm, current=current,
                    changes=changes, secrets=secrets)

    def plan_creation(self, inv, dc, name, opts):
        store = placement_lookup.datastore(inv, dc, self.params["datastore"])
        port_groups, pg_ids = self._port_groups(inv, dc, opts)
        parent_pool, host, compute = placement_lookup.compute(
            inv, dc, self.params.get("cluster"), self.params.get("host"), self.params.get("resource_pool"))
        folder, missing = placement_lookup.folder(inv, dc, self.params.get("folder"))
        pool = placement_lookup.child(inv, parent_pool, name, "ResourcePool", "VirtualApp")
        where = Placement(dc.name, inv.path(compute) if compute is not None else "",
                          inv.path(parent_pool) + "/" + name, pool.moid if pool is not None else "", "ResourcePool",
                          store.name, pg_ids)
        entries, secrets = with_secrets(self._entries(name, opts, where), {})
        return Plan(CREATE, self.result(name, None, sorted(e.key for e in entries), True, power_state="poweredOff"),
                    entries=entries, secrets=secrets, name=name, opts=opts, inv=inv, store=store,
                    port_groups=port_groups, parent_pool=parent_pool, host=host, folder=folder, missing=missing,
                    pool=pool, where=where)

    def plan_removal(self, inv, name, vm):
        result = self.result(name, vm, [], vm is not None)
        if vm is None:
            return Plan(REMOVE, result)
        pool = inv.by_moid.get(vm.props["resourcePool"]._moId)
        containers = [o for o in inv.vms() if pool is not None and o is not vm
                      and getattr(o.props.get("resourcePool"), "_moId", None) == pool.moid]
        if containers and not self.params.get("delete_containers"):
            raise VSphereError("VCH %s still has %d containerVM(s) (%s): set delete_containers: true to remove them"
                               % (name, len(containers), ", ".join(sorted(c.name for c in containers))))
        result["removed"] = [vm.name] + sorted(c.name for c in containers)
        return Plan(REMOVE, result, vm=vm, pool=pool, containers=containers)

    # -- applying them -------------------------------------------------------------------------------------------
    def create(self, plan):
        c = plan.context
        name, opts, where = c["name"], c["opts"], c["where"]
        folder_ref = c["folder"].ref
        for part in c["missing"]:
            folder_ref = self.undo.attempt(
                "folder", lambda parent=folder_ref, part=part: create_folder(self.session, parent, part),
                folder_ref, "childEntity", part)
        if c["pool"] is None:
            pool_ref = self.undo.attempt(
                "resource pool", lambda: create_pool(self.session, c["parent_pool"].ref, name),
                c["parent_pool"].ref, "resourcePool", name)
        else:
            pool_ref = c["pool"].ref
        # the configuration names its own pool and VM: known only as they are made
        where.pool_moid = pool_ref._moId
        entries, secrets = with_secrets(self._entries(name, opts, where), {}, secrets=plan.secrets)
        spec = new_vm_spec(name, c["store"].name, opts["endpoint_cpu"], opts["endpoint_memory_mb"], c["inv"],
                           nics=[(c["port_groups"][pg], None) for pg in nic_port_groups(opts)],
                           iso_path=opts.get("appliance_iso"), extra_config=sealed_values(entries, secrets))
        host_ref = c["host"].ref if c["host"] is not None else None
        vm_ref = self.undo.attempt(
            "VM", lambda: create_vm(self.session, folder_ref, spec, pool_ref, host_ref, "creating VCH %s" % name),
            pool_ref, "vm", name)
        where.vm_moid = vm_ref._moId
        written = dict((e.key, e.value) for e in entries)
        changes = plan_changes([e for e in self._entries(name, opts, where) if not e.secret], written)
        reconfigure_extra_config(self.session, vm_ref, changes, None, "recording the VCH's id")
        return vm_ref

    def remove(self, plan):
        for container in plan.context["containers"]:
            destroy_vm(self.session, container.ref)
        destroy_vm(self.session, plan.vm.ref)
        pool, name = plan.context["pool"], plan.vm.name
        if pool is not None and pool.name == name and pool.kind == "ResourcePool":
            destroy(self.session, pool.ref, "the resource pool of VCH %s" % name)

    def settle(self, plan, vm_ref):
        if self.params["wait"] and self.params["power_on"]:
            plan.result["vch"].update(self.wait_published(vm_ref, plan.result["vch"]["name"]))

    def wait_published(self, vm_ref, name):
        """Wait until the appliance publishes its client address and every service's start status."""
        wanted = dict([("client IP", vch_client_ip_key())]
                      + [("%s started" % s, vch_started_key(s)) for s in VCH_SESSIONS])

        def published(config):
            for session in VCH_SESSIONS:
                if config.get(vch_started_key(session)) not in (None, "", STARTED):
                    raise VSphereError("VCH %s: %s failed to start: %s"
                                       % (name, session, config[vch_started_key(session)]))
            return all(config.get(key) for key in wanted.values())

        try:
            config = wait_for_extra_config(self.session, vm_ref, published, self.params["timeout"],
                                           "waiting for VCH %s to publish its status" % name)
        except WaitTimeout as exc:
            raise VSphereError("%s; published: %s; not published: %s" % (
                exc, ", ".join(label for label, key in wanted.items() if exc.last.get(key)) or "nothing",
                ", ".join(label for label, key in wanted.items() if not exc.last.get(key)))) from exc
        return vch_published_status(config)
