# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_config: a containerVM's lifecycle next to its VCH (its resource pool and folder, NICs on its
bridge and container networks), on the one run sequence (writer.run)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.containervm.mapping import build_executor_config, option_of
from ansible_collections.vic.vch.plugins.module_utils.containervm.options import validate
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, decode_field, encode_entries
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import (
    changeable_while_running, containervm_progress, containervm_published_status, is_containervm, is_vch)
from ansible_collections.vic.vch.plugins.module_utils.vsphere import placement as placement_lookup
from ansible_collections.vic.vch.plugins.module_utils.vsphere.files import vmx_reader
from ansible_collections.vic.vch.plugins.module_utils.vsphere.groups import track_member
from ansible_collections.vic.vch.plugins.module_utils.vsphere.objects import destroy_vm
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.specs import new_vm_spec
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import WaitTimeout, wait_for_extra_config
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import plan_update, sealed_values, with_secrets
from ansible_collections.vic.vch.plugins.module_utils.writer.run import CREATE, REMOVE, UPDATE, Plan, RunSequence


class ContainerVMRun(RunSequence):
    """One containervm_config run."""

    noun = "containerVM"
    result_key = "container"
    schema = ExecutorConfig
    keep_when_the_wait_fails = True

    def validate(self):
        return validate(self.params)

    def describe(self, options):
        return "configuring containerVM %s" % options[0]

    def option_of(self, field):
        return option_of(field)

    def plan(self, options):
        name, opts = options
        inv = self.read_inventory()
        dc = placement_lookup.datacenter(inv, self.params.get("datacenter"))
        found = inv.vms(name, dc)
        absent = self.params["state"] == "absent"
        vch = self._vch(inv, dc, required=not absent) if self.params.get("vch") else None
        if absent and self.params.get("vch") and vch is None:
            found = []  # no such VCH: none of its containerVMs is left
        elif vch is not None:
            # only this VCH's containerVMs: a same-named VM elsewhere is another VCH's, or a user's
            mine = [vm for vm in found if vm.pool_moid == vch.pool_moid]
            if not mine and found and not absent:
                raise VSphereError("a VM named %r exists in %s outside VCH %s (%s): refusing to touch it"
                                   % (name, dc.name, vch.name, ", ".join(inv.path(vm) for vm in found)))
            found = mine
        if len(found) > 1:
            raise VSphereError("%d VMs are named %r in %s" % (len(found), name, dc.name))
        vm = found[0] if found else None
        if vm is not None and not is_containervm(vm.extra_config):
            raise VSphereError("a VM named %r exists in %s and is not a containerVM: refusing to touch it"
                               % (name, dc.name))
        if absent:
            owner = vch or next((o for o in inv.vms() if vm is not None and o.pool_moid == vm.pool_moid
                                 and is_vch(o.extra_config)), None)
            return Plan(REMOVE, self.result(name, vm, [], vm is not None, id=None), vm=vm,
                        group=self._vm_group(inv, owner))
        # the VCH is read, not written: as VIC reads it (what it wrote imperfectly does not stop its containers)
        vch_config = decode(VCHConfig, vch.extra_config, lenient=True)
        network_ids = self._network_ids(inv, vch, vch_config, opts)
        entries = encode_entries(build_executor_config(name, opts, self.params, network_ids), strict=True)
        if vm is not None:
            current = vm.extra_config
            changes, secrets = plan_update(ExecutorConfig, entries, current, vmx_reader(self.session, vm.ref))
            return Plan(UPDATE, self.result(name, vm, changes.changed_keys, bool(changes), id=opts["id"]), vm=vm,
                        current=current, changes=changes, secrets=secrets, container_id=opts["id"])
        entries, secrets = with_secrets(entries, {})
        result = self.result(name, None, sorted(e.key for e in entries), True, id=opts["id"])
        store_name = self.params.get("datastore") or (vch_config.storage.image_stores[0].host
                                                      if vch_config.storage.image_stores else "")
        store = placement_lookup.datastore(inv, dc, store_name, field="datastore")
        return Plan(CREATE, result, entries=entries, secrets=secrets, name=name, opts=opts, inv=inv, vch=vch,
                    store=store, network_ids=network_ids, bootstrap_iso=vch_config.container.bootstrap_image_path,
                    container_id=opts["id"], group=self._vm_group(inv, vch))

    @staticmethod
    def _vm_group(inv, vch):
        """(cluster, group name) when the VCH keeps its appliance and containerVMs in
        a DRS VM group (vic-machine's --affinity-vm-group), which VIC's port layer keeps as they come and go;
        else None."""
        if vch is None:
            return None
        container = decode_field(VCHConfig, "container", vch.extra_config, lenient=True)
        cluster = placement_lookup.cluster_of(inv, vch) if container.use_vm_group else None
        if cluster is None:
            return None
        return cluster, container.vm_group_name or vch.name

    def _vch(self, inv, dc, required=True):
        candidates = [vm for vm in inv.vms(self.params["vch"], dc) if is_vch(vm.extra_config)]
        if not candidates and not required:
            return None
        if len(candidates) != 1:
            raise OptionError("vch", "%s VCH named %r in %s"
                              % ("no" if not candidates else "more than one", self.params["vch"], dc.name))
        return candidates[0]

    @staticmethod
    def _network_ids(inv, vch, vch_config, opts):
        """{network name: "Kind:moid"} of the VCH's container networks the options name."""
        networks = vch_config.network.container_networks
        ids = {}
        for index, net in enumerate(opts["networks"]):
            entry = networks.get(net["name"])
            if entry is None:
                raise OptionError("networks[%d].name" % index, "%r is not a container network of VCH %s (it has: "
                                  "%s)" % (net["name"], vch.name, ", ".join(sorted(networks)) or "none"))
            moid = entry.common.id.partition(":")[2]
            if moid not in inv.by_moid:
                raise OptionError("networks[%d].name" % index, "the port group of %r (%s) no longer exists"
                                  % (net["name"], entry.common.id))
            ids[net["name"]] = entry.common.id
        return ids

    def create(self, plan):
        c = plan.context
        name, opts, inv = c["name"], c["opts"], c["inv"]
        nics = [(inv.by_moid[c["network_ids"][net["name"]].partition(":")[2]], net["mac"] or None)
                for net in opts["networks"]]
        spec = new_vm_spec(name, c["store"].name, self.params["cpus"], self.params["memory_mb"], inv, nics=nics,
                           iso_path=c["bootstrap_iso"] or None,
                           extra_config=sealed_values(plan.entries, plan.secrets))
        folder = inv.parent(c["vch"])
        pool = inv.by_moid[c["vch"].pool_moid]
        vm_ref = self.made.vm(folder.ref, spec, pool.ref, None, "creating containerVM %s" % name)
        if c["group"] is not None:
            cluster, group = c["group"]
            track_member(self.session, cluster.ref, group, vm_ref, True)
        return vm_ref

    def remove(self, plan):
        if plan.context["group"] is not None:  # out of the VCH's group first: it names only VMs that exist
            cluster, group = plan.context["group"]
            track_member(self.session, cluster.ref, group, plan.vm.ref, False)
        destroy_vm(self.session, plan.vm.ref)

    def refuse(self, plan):
        if plan.changes and plan.vm.power_state == "poweredOn":
            fixed = []
            for item in plan.drift:
                named = item["option"] or item["field"] or item["raw"][0]["key"]
                if named not in fixed and not all(changeable_while_running(k["key"]) for k in item["raw"]):
                    fixed.append(named)
            if fixed:
                raise VSphereError(
                    "containerVM %s is running: %s can change only while it is powered off (the guest reads its "
                    "configuration when it starts); only annotations, restart and stop_signal change while it "
                    "runs" % (plan.vm.name, ", ".join(fixed)))

    def settle(self, plan, vm_ref):
        name, cid = plan.result["container"]["name"], plan.context["container_id"]
        if self.params["wait"] != "none":
            plan.result["status"] = self.wait(vm_ref, name, cid)
        elif plan.action == UPDATE:
            plan.result["status"] = containervm_published_status(plan.current, cid)

    def wait(self, vm_ref, name, cid):
        """Wait for what the guest publishes: its start status, or its exit."""
        wanted = self.params["wait"]

        def ready(config):
            progress = containervm_progress(config, cid, wanted)
            if progress.failure:
                raise VSphereError("containerVM %s %s (it stays for inspection)" % (name, progress.failure))
            return progress.done

        try:
            config = wait_for_extra_config(self.session, vm_ref, ready, self.params["timeout"],
                                           "waiting for containerVM %s to be %s" % (name, wanted))
        except WaitTimeout as exc:
            raise VSphereError("%s; the containerVM stays for inspection; %s"
                               % (exc, containervm_progress(exc.last, cid, wanted).describe())) from exc
        return containervm_published_status(config, cid)
