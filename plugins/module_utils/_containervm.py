# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ContainerVMs: their options, their executor configuration (VIC's ExecutorConfig), and their lifecycle next to
their VCH (its resource pool and folder, NICs on its bridge and container networks)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re
from datetime import datetime, timezone

try:
    from pyVmomi import vim
except ImportError:  # reported by the module (see _vsphere_session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils import _vsphere_placement as placement_lookup
from ansible_collections.vic.vch.plugins.module_utils._vch_apply import (
    apply_update, plan_update, retry_on_conflict, sealed_values, with_secrets)
from ansible_collections.vic.vch.plugins.module_utils._vch_config import is_vch
from ansible_collections.vic.vch.plugins.module_utils._vch_options import (
    OptionError, check_name, parse_cidr, parse_ip, parse_url)
from ansible_collections.vic.vch.plugins.module_utils._vsphere_files import vmx_reader
from ansible_collections.vic.vch.plugins.module_utils._vsphere_inventory import snapshot
from ansible_collections.vic.vch.plugins.module_utils._vsphere_session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils._vsphere_tasks import (
    WaitTimeout, option_values, run_task, wait_for_extra_config)
from ansible_collections.vic.vch.plugins.module_utils._vsphere_vm import (
    GUEST_ID, Undo, cdrom_spec, destroy_vm, nic_spec)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IPNet, decode, encode_entries, mask_value)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    Cmd, Common, ContainerNetwork, ExecutorConfig, ExecutorConfigCommon, MountSpec, NetworkEndpoint, SessionConfig,
    VCHConfig)

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# vSphere accepts static MACs only in VMware's manual range
_MAC_RE = re.compile(r"00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}", re.IGNORECASE)
_ENV_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*", re.DOTALL)
# what may change while the containerVM runs: host-side metadata and policy the tether reads again when it needs it
_RUNNING_KEYS = re.compile(r"annotations(\|.*)?|guestinfo\.vice\./sessions\|[^/]*/(restart|stopSignal)")

CONTAINERVM_ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    vch=dict(type="str"),
    datacenter=dict(type="str"),
    id=dict(type="str"),
    command=dict(type="dict", options=dict(
        path=dict(type="str", required=True),
        args=dict(type="list", elements="str", default=[]),
        env=dict(type="list", elements="str", default=[]),
        dir=dict(type="str", default=""),
    )),
    networks=dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True),
        mac=dict(type="str"),
        ip=dict(type="str", default="dhcp"),
        gateway=dict(type="str"),
        nameservers=dict(type="list", elements="str", default=[]),
    )),
    mounts=dict(type="list", elements="dict", options=dict(
        source=dict(type="str", required=True),
        dest=dict(type="str", required=True),
        mode=dict(type="str", default="rw", choices=["ro", "rw"]),
        name=dict(type="str"),
    )),
    annotations=dict(type="dict", default={}),
    container_hostname=dict(type="str"),  # "hostname" is the vCenter to connect to
    domainname=dict(type="str", default=""),
    tty=dict(type="bool", default=False),
    attach=dict(type="bool", default=False),
    open_stdin=dict(type="bool", default=False),
    restart=dict(type="bool", default=False),
    stop_signal=dict(type="str", default="SIGTERM"),
    user=dict(type="str", default=""),
    cpus=dict(type="int", default=1),
    memory_mb=dict(type="int", default=512),
    datastore=dict(type="str"),
    power_on=dict(type="bool", default=True),
    wait=dict(type="str", default="none", choices=["none", "started", "exited"]),
    timeout=dict(type="int", default=300),
    keep_on_failure=dict(type="bool", default=False),
)


def container_id(vch, name):
    """A stable 64-hex id for a containerVM that was given none (the same on every run)."""
    return hashlib.sha256(("%s/%s" % (vch, name)).encode("utf-8")).hexdigest()


def validate(params):
    """The containerVM options checked and parsed, before any vSphere call; OptionError names the option."""
    name = check_name("name", params["name"])
    if params["state"] == "absent":
        return name, None
    if not params.get("vch"):
        raise OptionError("vch", "is required with state=present (the VCH the containerVM belongs to)")
    command = params.get("command")
    if not command:
        raise OptionError("command", "is required with state=present")
    if not command["path"].startswith("/"):
        raise OptionError("command.path", "%r must be an absolute path" % command["path"])
    for index, item in enumerate(command["env"]):
        if not _ENV_RE.fullmatch(item):
            raise OptionError("command.env[%d]" % index, "%r is not NAME=value" % item)
    cid = params.get("id") or container_id(params["vch"], name)
    if not _ID_RE.fullmatch(cid):
        raise OptionError("id", "%r is not a container id (letters, digits, '_', '.', '-'; at most 64)" % cid)
    networks = []
    for index, net in enumerate(params.get("networks") or [{"name": "bridge", "ip": "dhcp"}]):
        field = "networks[%d]" % index
        if net.get("mac") and not _MAC_RE.fullmatch(net["mac"]):
            raise OptionError(field + ".mac", "%r is not a static VMware MAC (00:50:56:00:00:00 to "
                                              "00:50:56:3f:ff:ff)" % net["mac"])
        ip = None if (net.get("ip") or "dhcp") == "dhcp" else parse_cidr(field + ".ip", net["ip"])
        gateway = parse_ip(field + ".gateway", net["gateway"]) if net.get("gateway") else None
        if gateway is not None and ip is None:
            raise OptionError(field + ".gateway", "needs a static ip (DHCP brings its own gateway)")
        if net["name"] in [n["name"] for n in networks]:
            raise OptionError(field + ".name", "%r is given twice" % net["name"])
        networks.append({"name": net["name"], "mac": (net.get("mac") or "").lower(), "ip": ip, "gateway": gateway,
                         "nameservers": [parse_ip("%s.nameservers[%d]" % (field, i), s)
                                         for i, s in enumerate(net.get("nameservers") or [])]})
    mounts = {}
    for index, mount in enumerate(params.get("mounts") or []):
        field = "mounts[%d]" % index
        source = parse_url(field + ".source", mount["source"], ("ds", "nfs"))
        if not mount["dest"].startswith("/"):
            raise OptionError(field + ".dest", "%r must be an absolute path" % mount["dest"])
        key = mount.get("name") or source.path.rstrip("/").rsplit("/", 1)[-1] or source.host
        if not _ID_RE.fullmatch(key) or key in mounts:
            raise OptionError(field + ".name", "%r is not a unique mount name" % key)
        mounts[key] = MountSpec(source=source, path=mount["dest"], mode=mount["mode"])
    for key, value in (params.get("annotations") or {}).items():
        if "|" in key or "@" in key or not isinstance(value, str):
            raise OptionError("annotations", "%r: keys without '|' or '@', string values" % key)
    for option, low, high in (("cpus", 1, 128), ("memory_mb", 64, 1 << 20)):
        if not low <= params[option] <= high:
            raise OptionError(option, "%s is out of range %d..%d" % (params[option], low, high))
    hostname = params.get("container_hostname") or cid[:12]
    return name, {"id": cid, "command": command, "networks": networks, "mounts": mounts, "hostname": hostname}


def build_executor_config(name, opts, params, network_ids):
    """The ExecutorConfig of a containerVM, as VIC's port layer wrote it."""
    cid, command = opts["id"], opts["command"]
    session = SessionConfig(
        common=Common(id=cid, name=name),
        cmd=Cmd(path=command["path"], args=[command["path"]] + list(command["args"]), env=list(command["env"]),
                dir=command["dir"]),
        tty=params["tty"], attach=params["attach"], open_stdin=params["open_stdin"], restart=params["restart"],
        active=True, stop_signal=params["stop_signal"], user=params["user"])
    networks = {}
    for index, net in enumerate(opts["networks"]):
        mask = net["ip"].mask if net["ip"] is not None else None
        networks[net["name"]] = NetworkEndpoint(
            common=Common(name=net["name"]), static=net["ip"] is not None, ip=net["ip"],
            network=ContainerNetwork(
                common=Common(id=network_ids[net["name"]], name=net["name"]), default=index == 0,
                gateway=IPNet(net["gateway"], mask) if net["gateway"] is not None else IPNet(),
                nameservers=list(net["nameservers"])))
    return ExecutorConfig(
        executor_config_common=ExecutorConfigCommon(id=cid, name=name), sessions={cid: session}, networks=networks,
        mounts=dict(opts["mounts"]), annotations=dict(params.get("annotations") or {}), hostname=opts["hostname"],
        domainname=params["domainname"])


def published_status(extra_config, cid):
    """What the containerVM's tether published: started, exit code, start and stop times, assigned addresses."""
    config = decode(ExecutorConfig, extra_config)
    session = config.sessions.get(cid)
    status = {"started": "", "exit_code": 0, "start_time": None, "stop_time": None, "addresses": {}}
    if session is not None:
        status.update(started=session.started, exit_code=session.exit_status,
                      start_time=_unix(session.detail.start_time), stop_time=_unix(session.detail.stop_time))
    for name, endpoint in config.networks.items():
        if endpoint is not None and endpoint.assigned.ip:
            status["addresses"][name] = str(endpoint.assigned)
    return status


def _unix(seconds):
    if not seconds:
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat()


def _started_key(cid):
    return "guestinfo.vice..sessions|%s.started" % cid


def _stop_key(cid):
    return "guestinfo.vice..sessions|%s.detail.stoptime" % cid


class ContainerVM:
    """One containervm_config run."""

    def __init__(self, session, params, check_mode=False, diff=False):
        self.session = session
        self.params = params
        self.check_mode = check_mode
        self.want_diff = diff
        self.undo = Undo(session)

    def run(self):
        name, opts = validate(self.params)
        return retry_on_conflict("configuring containerVM %s" % name, lambda: self.run_once(name, opts))

    def run_once(self, name, opts):
        """Read the inventory, then create, update or remove: one try (retried afresh on a concurrent change)."""
        inv = snapshot(self.session)
        dc = placement_lookup.datacenter(inv, self.params.get("datacenter"))
        found = inv.vms(name, dc)
        if len(found) > 1:
            raise VSphereError("%d VMs are named %r in %s" % (len(found), name, dc.name))
        vm = found[0] if found else None
        if vm is not None and (is_vch(vm.extra_config) or not any(
                k.startswith("guestinfo.vice./sessions") for k in vm.extra_config)):
            raise VSphereError("a VM named %r exists in %s and is not a containerVM: refusing to touch it"
                               % (name, dc.name))
        if self.params["state"] == "absent":
            result = self._result(name, vm, None, [], vm is not None)
            if vm is not None and not self.check_mode:
                destroy_vm(self.session, vm.ref)
                result["container"]["power_state"] = "absent"
            return result
        vch = self._vch(inv, dc)
        vch_config = decode(VCHConfig, vch.extra_config)
        network_ids = self._network_ids(inv, vch, vch_config, opts)
        entries = encode_entries(build_executor_config(name, opts, self.params, network_ids), strict=True)
        if vm is None:
            return self.create(inv, dc, name, opts, vch, vch_config, network_ids, entries)
        return self.update(name, opts, vm, entries)

    def _vch(self, inv, dc):
        candidates = [vm for vm in inv.vms(self.params["vch"], dc) if is_vch(vm.extra_config)]
        if len(candidates) != 1:
            raise OptionError("vch", "%s VCH named %r in %s"
                              % ("no" if not candidates else "more than one", self.params["vch"], dc.name))
        return candidates[0]

    @staticmethod
    def _network_ids(inv, vch, vch_config, opts):
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

    def create(self, inv, dc, name, opts, vch, vch_config, network_ids, entries):
        entries, secrets = with_secrets(entries, {})
        result = self._result(name, None, opts["id"], sorted(e.key for e in entries), True)
        if self.want_diff:
            result["diff"] = {"before": {}, "after": dict((e.key, mask_value(e.key, e.value)) for e in entries)}
        store_name = self.params.get("datastore") or (vch_config.storage.image_stores[0].host
                                                      if vch_config.storage.image_stores else "")
        store = placement_lookup.datastore(inv, dc, store_name, field="datastore")
        if self.check_mode:
            return result
        devices = [nic_spec(-(index + 1), inv.by_moid[network_ids[net["name"]].partition(":")[2]], inv,
                            net["mac"] or None)
                   for index, net in enumerate(opts["networks"])]
        if vch_config.container.bootstrap_image_path:
            devices.append(cdrom_spec(vch_config.container.bootstrap_image_path))
        spec = vim.vm.ConfigSpec(
            name=name, guestId=GUEST_ID, numCPUs=self.params["cpus"], memoryMB=self.params["memory_mb"],
            files=vim.vm.FileInfo(vmPathName="[%s]" % store.name), deviceChange=devices,
            extraConfig=option_values(sorted(sealed_values(entries, secrets).items())))
        folder = inv.parent(vch)
        pool = inv.by_moid[vch.props["resourcePool"]._moId]
        try:
            vm_ref = self.undo.attempt(
                "VM", lambda: run_task(self.session, folder.ref.CreateVM_Task, "creating containerVM %s" % name,
                                       spec, pool.ref, None, idempotent=False),
                pool.ref, "vm", name)
            result["container"]["moid"] = vm_ref._moId
            if self.params["power_on"]:
                run_task(self.session, vm_ref.PowerOnVM_Task, "powering on containerVM %s" % name)
                result["container"]["power_state"] = "poweredOn"
                if self.params["wait"] != "none":
                    result["status"] = self.wait(vm_ref, name, opts["id"])
        except Exception as exc:
            raise self.undo.rollback(exc, keep=self.params["keep_on_failure"]) from None
        return result

    def update(self, name, opts, vm, entries):
        current = vm.extra_config
        changes, secrets = plan_update(ExecutorConfig, entries, current, vmx_reader(self.session, vm.ref))
        result = self._result(name, vm, opts["id"], changes.changed_keys, bool(changes))
        result["drift"] = changes.report(current)
        if self.want_diff:
            result["diff"] = changes.diff(current)
        if changes and vm.power_state == "poweredOn" and not self.check_mode:
            fixed = [key for key in changes.changed_keys if not _RUNNING_KEYS.fullmatch(key)]
            if fixed:
                raise VSphereError(
                    "containerVM %s is running: %s can change only while it is powered off (the guest reads its "
                    "configuration when it starts); only annotations, restart and stop_signal change while it "
                    "runs" % (name, ", ".join(fixed[:5]) + (" ..." if len(fixed) > 5 else "")))
        if self.check_mode:
            return result
        if changes:
            apply_update(self.session, vm, changes, secrets, "reconfiguring containerVM %s" % name)
        if self.params["power_on"] and vm.power_state != "poweredOn":
            run_task(self.session, vm.ref.PowerOnVM_Task, "powering on containerVM %s" % name)
            result["changed"] = True
            result["container"]["power_state"] = "poweredOn"
        result["status"] = self.wait(vm.ref, name, opts["id"]) if self.params["wait"] != "none" else \
            published_status(current, opts["id"])
        return result

    def wait(self, vm_ref, name, cid):
        """Wait for what the guest publishes: its start status, or its exit."""
        wanted = self.params["wait"]

        def ready(config):
            started = config.get(_started_key(cid), "")
            if started not in ("", "true"):
                raise VSphereError("containerVM %s failed to start: %s" % (name, started))
            if wanted == "started":
                return started == "true"
            return config.get(_stop_key(cid), "0") not in ("", "0")

        try:
            config = wait_for_extra_config(self.session, vm_ref, ready, self.params["timeout"],
                                           "waiting for containerVM %s to be %s" % (name, wanted))
        except WaitTimeout as exc:
            raise VSphereError("%s (published: started=%r, stop time=%r)" % (
                exc, exc.last.get(_started_key(cid), ""), exc.last.get(_stop_key(cid), "0"))) from None
        return published_status(config, cid)

    @staticmethod
    def _result(name, vm, cid, changed_keys, changed):
        return {"changed": changed, "changed_keys": changed_keys,
                "container": {"name": name, "moid": vm.moid if vm is not None else None, "id": cid,
                              "power_state": vm.power_state if vm is not None else "absent"}}
