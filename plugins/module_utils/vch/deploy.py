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

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    decode, decode_field, encode_entries, plan_changes)
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vch import appliance, pool, tls, vm_group
from ansible_collections.vic.vch.plugins.module_utils.vch.converge import plan_given_options
from ansible_collections.vic.vch.plugins.module_utils.vch.mapping import (
    Placement, build_vch_config, nic_port_groups, option_of)
from ansible_collections.vic.vch.plugins.module_utils.vch.options import (
    ENDPOINT_ROLES, endpoint_networks, store_datastores, validate_deploy)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ManagedObjectReference, VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.collection import RECORD_PREFIX, DeployRecord
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import (
    is_containervm, is_vch, vch_progress, vch_published_status)
from ansible_collections.vic.vch.plugins.module_utils.vsphere import placement as placement_lookup
from ansible_collections.vic.vch.plugins.module_utils.vsphere.files import delete_file
from ansible_collections.vic.vch.plugins.module_utils.vsphere.groups import remove_group
from ansible_collections.vic.vch.plugins.module_utils.vsphere.objects import (
    contents, destroy, destroy_vm, existing_folder)
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.specs import cdrom_spec, new_vm_spec
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import (
    WaitTimeout, reconfigure_extra_config, wait_for_extra_config)
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import sealed_values, with_secrets
from ansible_collections.vic.vch.plugins.module_utils.writer.run import CREATE, REMOVE, UPDATE, Plan, RunSequence


class VchDeploy(RunSequence):
    """One vch_deploy run. ``run()`` returns the module result; VSphereError/ConfigError on failure."""

    noun = "VCH"
    result_key = "vch"
    schema = VCHConfig

    def validate(self):
        return validate_deploy(self.params)

    def describe(self, options):
        return "converging VCH %s" % options[0]

    def option_of(self, field):
        return option_of(field, self.params)

    def plan(self, options):
        name, opts = options
        inv = self.read_inventory()
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
            return self.plan_convergence(inv, dc, opts, vm)
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
    def plan_convergence(self, inv, dc, opts, vm):
        """On a VCH that exists: the options given, and only those, as vch_config sets them (creation's defaults
        are not applied again: they would undo what vch_config set). Placement is not compared: a VCH is not
        moved."""
        placement_lookup.datastore(inv, dc, self.params["datastore"])
        given = dict((option, value) for option, value in opts.items()
                     if self.params.get(option) is not None or option == "tls")
        # given the VCH's secrets, a VCH whose key is damaged or lost has them sealed under a new key
        config, changes, secrets, outside = plan_given_options(self.session, vm, inv, given, rekey=True)
        access = tls.configured_access(config, tls.certificate_folder(opts.get("tls"), vm.name))
        result = self.result(vm.name, vm, changes.changed_keys, bool(changes) or bool(outside),
                             docker=access(tls.published_client_ip(vm.extra_config)))
        return Plan(UPDATE, result, vm=vm, access=access, current=vm.extra_config, changes=changes, secrets=secrets,
                    outside_drift=[item for change in outside for item in change.items], outside=outside)

    def write_outside(self, plan):
        for change in plan.context["outside"]:
            change.write(self.session, plan.vm.name)

    def plan_creation(self, inv, dc, name, opts):
        if not opts.get("appliance_iso"):
            raise OptionError("appliance_iso", "is needed to create VCH %s: the appliance boots from it (VIC's "
                                               "appliance.iso, a file on the controller or a datastore path)" % name)
        store = placement_lookup.datastore(inv, dc, self.params["datastore"])
        port_groups, pg_ids = self._port_groups(inv, dc, opts)
        parent_pool, host, compute = placement_lookup.compute(
            inv, dc, self.params.get("cluster"), self.params.get("host"), self.params.get("resource_pool"))
        folder, missing = placement_lookup.folder(inv, dc, self.params.get("folder"))
        if placement_lookup.child(inv, parent_pool, name, "ResourcePool", "VirtualApp") is not None:
            # never adopted: removing the VCH would remove the pool, and what a user keeps in it is not ours
            raise OptionError("name", "a resource pool named %r already exists in %s; vch_deploy makes the VCH's "
                                      "own pool: choose another name, or rename or remove that pool"
                              % (name, inv.path(parent_pool)))
        for option, store_name in store_datastores(opts):
            placement_lookup.datastore(inv, dc, store_name, field=option)
        if opts.get("affinity_vm_group"):
            vm_group.refuse_existing(self.session, compute, name)
        opts = appliance.with_version(self.session, dc, appliance.with_target(self.session, opts))
        opts, uploads = appliance.planned_uploads(name, store, opts)
        # generated (in memory: written at apply) or found, as vic-machine create
        certificates = tls.for_creation(name, opts.get("tls") or tls.parse_options({}), opts)
        opts["tls_settings"] = certificates.settings
        where = Placement(dc.name, inv.path(compute) if compute is not None else "",
                          inv.path(parent_pool) + "/" + name, "", "ResourcePool", store.name, pg_ids)
        entries, secrets = with_secrets(self._entries(name, opts, where), {})
        result = self.result(name, None, sorted(e.key for e in entries), True, power_state="poweredOff",
                             docker=certificates.docker_access(None), certificates_generated=certificates.generated)
        result["warnings"] = certificates.warnings
        return Plan(CREATE, result, entries=entries, secrets=secrets, name=name, opts=opts, inv=inv, store=store,
                    port_groups=port_groups, parent_pool=parent_pool, host=host, folder=folder, missing=missing,
                    where=where, dc=dc, uploads=uploads, certificates=certificates,
                    access=certificates.docker_access, compute=compute)

    def plan_removal(self, inv, name, vm):
        """Remove the VCH, its containerVMs (VMs of its pool whose configuration is a containerVM's), then the pool
        and folders it made, when they are empty; anything else is left, and said."""
        result = self.result(name, vm, [], vm is not None)
        if vm is None:
            return Plan(REMOVE, result)
        pool = inv.by_moid.get(vm.pool_moid)
        in_pool = [o for o in inv.vms() if pool is not None and o is not vm and o.pool_moid == pool.moid]
        containers = [o for o in in_pool if is_containervm(o.extra_config)]
        if containers and not self.params.get("delete_containers"):
            raise VSphereError("VCH %s still has %d containerVM(s) (%s): set delete_containers: true to remove them"
                               % (name, len(containers), ", ".join(sorted(c.name for c in containers))))
        result["removed"] = [vm.name] + sorted(c.name for c in containers)
        result["left"] = ["VM %s (not a containerVM: never touched)" % o.name
                          for o in sorted(in_pool, key=lambda o: o.name) if o not in containers]
        made = self._made_for(inv, vm, pool)
        folder = inv.parent(vm)
        if folder is not None and getattr(inv.parent(folder), "kind", None) == "Datacenter":
            folder = None  # the datacenter's own VM folder
        result["left"].extend("%s %s (not made by vch_deploy: never removed)" % (kind, obj.name)
                              for kind, obj in (("resource pool", pool), ("folder", folder))
                              if obj is not None and obj not in [o for _k, o in made])
        uploaded = decode(DeployRecord, vm.extra_config, RECORD_PREFIX, lenient=True).uploaded
        container = decode_field(VCHConfig, "container", vm.extra_config, lenient=True)
        cluster = placement_lookup.cluster_of(inv, vm) if container.use_vm_group else None
        group = (cluster, container.vm_group_name or vm.name) if cluster is not None else None
        return Plan(REMOVE, result, vm=vm, containers=containers, made=made, uploaded=uploaded,
                    dc=inv.datacenter_of(vm), group=group)

    @staticmethod
    def _made_for(inv, vm, pool):
        """[(kind, InventoryObject)] the VCH's own record says vch_deploy made for it, innermost first. A VCH made
        by vic-machine has no record: as vic-machine delete, its pool counts as its own when the configuration
        names it and it is named after the VCH."""
        record = decode(DeployRecord, vm.extra_config, RECORD_PREFIX, lenient=True)
        made = []
        if record.resource_pool.value:
            if pool is not None and record.resource_pool.value == pool.moid:
                made.append(("resource pool", pool))
        elif pool is not None and pool.name == vm.name and pool.kind == "ResourcePool" and any(
                ref.value == pool.moid for ref in decode_field(VCHConfig, "container.compute_resources",
                                                               vm.extra_config, lenient=True)):
            made.append(("resource pool", pool))
        for ref in reversed(record.folders):
            folder = inv.by_moid.get(ref.value)
            if folder is not None and folder.kind == "Folder":
                made.append(("folder", folder))
        return made

    # -- applying them -------------------------------------------------------------------------------------------
    def create(self, plan):
        c = plan.context
        name, opts, where = c["name"], c["opts"], c["where"]
        # first, as vic-machine: kept when a later step fails, and reused by the rerun (nothing else is made yet)
        c["certificates"].save()
        plan.result["vch"]["docker"] = c["access"](None)  # the client certificate is there now
        folder_ref = c["folder"].ref
        for part in c["missing"]:
            # None: another run made this folder meanwhile; it is used, and stays theirs
            folder_ref = self.made.folder(folder_ref, part) or existing_folder(self.session, folder_ref, part)
        pool_ref = self.made.pool(c["parent_pool"].ref, name, pool.settings_of(opts))
        # the configuration names its own pool and VM: known only as they are made
        where.pool_moid = pool_ref._moId
        uploaded = dict((option, None) for option, _path, _name in c["uploads"])
        record = DeployRecord(resource_pool=ManagedObjectReference("ResourcePool", pool_ref._moId),
                              folders=[ManagedObjectReference("Folder", ref._moId)
                                       for ref in self.made.made("folder")],
                              uploaded=[opts[option] for option in uploaded])
        entries, secrets = with_secrets(self._entries(name, opts, where), {}, secrets=plan.secrets)
        entries = entries + encode_entries(record, RECORD_PREFIX, strict=True)
        # an ISO to upload is attached once it is there, as vic-machine does (create, upload, attach, power on)
        spec = new_vm_spec(name, c["store"].name, opts["endpoint_cpu"], opts["endpoint_memory_mb"], c["inv"],
                           nics=[(c["port_groups"][pg], None) for pg in nic_port_groups(opts)],
                           iso_path=None if "appliance_iso" in uploaded else opts.get("appliance_iso"),
                           extra_config=sealed_values(entries, secrets))
        host_ref = c["host"].ref if c["host"] is not None else None
        vm_ref = self.made.vm(folder_ref, spec, pool_ref, host_ref, "creating VCH %s" % name)
        where.vm_moid = vm_ref._moId
        if opts.get("affinity_vm_group"):  # as vic-machine: the group holds the appliance from the start
            self.made.vm_group(c["compute"].ref, name, [vm_ref])
        if uploaded:
            opts = appliance.upload_isos(self.session, self.made, plan.context["dc"], vm_ref, c["uploads"], opts)
            record.uploaded = [opts[option] for option in uploaded]
        written = dict((e.key, e.value) for e in entries)
        desired = [e for e in self._entries(name, opts, where) if not e.secret]
        changes = plan_changes(desired + encode_entries(record, RECORD_PREFIX, strict=True), written)
        devices = [cdrom_spec(opts["appliance_iso"])] if "appliance_iso" in uploaded else []
        reconfigure_extra_config(self.session, vm_ref, changes, None, "recording the VCH's id", devices)
        return vm_ref

    def remove(self, plan):
        for container in plan.context["containers"]:
            destroy_vm(self.session, container.ref)
        destroy_vm(self.session, plan.vm.ref)
        for path in plan.context["uploaded"]:  # the ISOs it uploaded, when destroying the VM left them
            delete_file(self.session, plan.context["dc"].ref, path, "removing %s" % path)
        if plan.context["group"] is not None:  # its DRS VM group, as vic-machine delete removes it
            cluster, name = plan.context["group"]
            remove_group(self.session, cluster.ref, name, "removing DRS VM group %s" % name)
        for kind, obj in plan.context["made"]:  # innermost first: a folder empties as what it held goes
            inside = contents(self.session, obj.ref)
            if inside:
                plan.result["left"].append("%s %s (not empty: %s)" % (kind, obj.name, ", ".join(sorted(inside))))
            else:
                destroy(self.session, obj.ref, "%s %s" % (kind, obj.name))

    def settle(self, plan, vm_ref):
        if self.params["wait"] and self.params["power_on"]:
            published = self.wait_published(vm_ref, plan.result["vch"]["name"])
            plan.result["vch"].update(published)
            # where Docker clients find it, now that its address is known
            plan.result["vch"]["docker"] = plan.context["access"](published.get("client_ip"))

    def wait_published(self, vm_ref, name):
        """Wait until the appliance publishes its client address and every service's start status."""
        def published(config):
            progress = vch_progress(config)
            if progress.failure:
                raise VSphereError("VCH %s: %s" % (name, progress.failure))
            return progress.done

        try:
            config = wait_for_extra_config(self.session, vm_ref, published, self.params["timeout"],
                                           "waiting for VCH %s to publish its status" % name)
        except WaitTimeout as exc:
            raise VSphereError("%s; %s" % (exc, vch_progress(exc.last).describe())) from exc
        return vch_published_status(config)
