# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""guestinfo_read: ad-hoc inspection of a VM's guestinfo / extraConfig, from outside or from inside the VM.

Outside (``source=api``) one PropertyCollector retrieval reads every VM asked for (a single VM by moid costs a
retrieval of that VM; a name or a list of names, one retrieval of the inventory). Inside (``source=guest``) the
keys are read one by one through VMware Tools, walking the schema, as the guest cannot list keys.

What a result may show: ``@secret`` values and the secret key (``guestinfo.ovfEnv``) are always masked; hidden
keys and fields (those the guest cannot see) are left out unless ``show_hidden`` asks for them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    HIDDEN_OMIT, HIDDEN_SHOW, ConfigError, GuestInfoSource, ToolsTransport, as_plain, decode, decode_in_guest,
    is_guest_readable, mask_value)
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError, datastore_url_as_written
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import Build, ExecutorConfig, VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import (
    containervm_progress, containervm_published_status, vch_docker_endpoint, vch_progress, vch_published_status)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.versions import version_text
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import locate_vm, snapshot
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError

GUESTINFO_ARGUMENT_SPEC = dict(
    source=dict(type="str", default="api", choices=["api", "guest"]),
    name=dict(type="str"),
    moid=dict(type="str"),
    names=dict(type="list", elements="str"),
    datacenter=dict(type="str"),
    folder=dict(type="str"),
    schema=dict(type="str", default="raw", choices=["raw", "vch", "containervm"]),
    keys=dict(type="list", elements="str", no_log=False),  # extraConfig key names, not secrets
    prefix=dict(type="str"),
    show_hidden=dict(type="bool", default=False),
    rpctool=dict(type="path"),
)
GUESTINFO_MUTUALLY_EXCLUSIVE = [("name", "moid", "names"), ("keys", "prefix"), ("moid", "datacenter"),
                                ("moid", "folder")]
GUESTINFO_REQUIRED_IF = [("source", "api", ("name", "moid", "names"), True)]
SCHEMAS = {"vch": VCHConfig, "containervm": ExecutorConfig}
CONNECTION_REQUIRED = ("hostname", "username", "password")
CONNECTION_ENV = {"hostname": "VMWARE_HOST", "username": "VMWARE_USER", "password": "VMWARE_PASSWORD"}
API_ONLY = ("name", "moid", "names", "datacenter", "folder")
DEFAULT_TOOLS = (("vmware-rpctool",), ("vmtoolsd", "--cmd"))
ENDPOINT_ROLES = ("client", "public", "management")


def check_params(params):
    """What Ansible's argument checks cannot say, before any call: ConfigError (OptionError naming the option)."""
    source = params.get("source") or "api"
    if source == "api":
        missing = [name for name in CONNECTION_REQUIRED if params.get(name) in (None, "")]
        if missing:
            raise ConfigError("missing required arguments with source=api: %s (give them in the task, through "
                              "module_defaults for group/vic.vch.vsphere, or with %s)"
                              % (", ".join(missing), ", ".join(CONNECTION_ENV[name] for name in missing)))
        if params.get("rpctool"):
            raise OptionError("rpctool", "applies only to source=guest")
        for option in ("name", "moid"):
            if params.get(option) == "":
                raise OptionError(option, "must not be empty")
        if params.get("names") is not None:
            for index, name in enumerate(params["names"]):
                if not name:
                    raise OptionError("names[%d]" % index, "must not be empty")
        return
    given = [name for name in API_ONLY if params.get(name) not in (None, "")]
    if given:
        raise OptionError(given[0], "applies only to source=api: inside the guest the module reads the VM it "
                          "runs in")
    if params.get("prefix") is not None:
        raise OptionError("prefix", "cannot be used with source=guest: the guest cannot list keys; give them "
                          "with keys")
    if (params.get("schema") or "raw") == "raw" and not params.get("keys"):
        raise OptionError("keys", "is required with source=guest and schema=raw: the guest cannot list keys, so "
                          "it reads only the keys given (or use schema=vch or schema=containervm)")


# -- what a result may show ----------------------------------------------------------------------------------------

def raw_view(extra_config, keys=None, prefix=None, show_hidden=False):
    """{key: value} filtered by exact ``keys`` or by ``prefix``, hidden keys left out unless ``show_hidden``,
    secret values masked; sorted by key."""
    if keys is not None:
        wanted = set(keys)
        selected = [key for key in extra_config if key in wanted]
    elif prefix is not None:
        selected = [key for key in extra_config if key.startswith(prefix)]
    else:
        selected = list(extra_config)
    # a hidden key (VIC's hidden fields, vSphere's and VMware Tools' own keys) is listed only when asked for, and
    # then shown as it is; secrets never are
    return dict((key, mask_value(key, extra_config[key], hidden=HIDDEN_SHOW)) for key in sorted(selected)
                if show_hidden or is_guest_readable(key))


def config_view(config, show_hidden=False):
    """A decoded configuration as plain data: secrets masked, hidden fields left out or shown."""
    return as_plain(config, hidden=HIDDEN_SHOW if show_hidden else HIDDEN_OMIT)


def published_status(schema, config, extra_config):
    """What the guest published, and how far it got towards running (the words module waits use): what a role
    polls to show progress."""
    if schema == "vch":
        status, progress = vch_published_status(extra_config), vch_progress(extra_config)
    else:
        container_id = config.executor_config_common.id
        status = containervm_published_status(extra_config, container_id, config)
        progress = containervm_progress(extra_config, container_id)
    status.update(progress.as_dict())
    return status


def build_text(build):
    """VIC's version as vic-machine prints it (v1.5.0-18000-c5e2ddd) from a configuration's ``version`` as a
    result shows it (a plain Build); None where it records none."""
    return version_text(Build(**build)) if build and build.get("version") else None


def vch_inspect(config, plain, status, port_group_name=None):
    """What vic-machine inspect shows of a VCH: its version, where Docker clients and browsers reach it, its
    networks (port groups, addresses as people write them) and storage. ``config`` is the decoded configuration,
    ``plain`` its plain view, ``status`` what the appliance published; ``port_group_name`` turns a network's
    reference (DistributedVirtualPortgroup:dvportgroup-56) into its name where the inventory is at hand."""
    port_group_name = port_group_name or (lambda reference: reference)

    def port_group(network):  # a network's port group, named where the inventory is at hand
        return port_group_name(((network.get("common") or {}).get("id")) or "") or None

    endpoint = vch_docker_endpoint(config, status.get("client_ip"))
    executor = plain.get("executor_config") or {}
    networks = {}
    for role in ENDPOINT_ROLES:
        endpoint_config = (executor.get("networks") or {}).get(role)
        if not endpoint_config:
            continue
        network = endpoint_config.get("network") or {}
        networks[role] = {
            "port_group": port_group(network),
            "address": endpoint_config.get("assigned") or endpoint_config.get("ip") or None,
            "static": bool(endpoint_config.get("static")),
            "gateway": (network.get("assigned") or {}).get("gateway") or network.get("gateway") or None,
        }
    vch_network = plain.get("network") or {}
    container_networks = {}
    for alias, network in sorted((vch_network.get("container_networks") or {}).items()):
        if alias == vch_network.get("bridge_network"):
            continue
        container_networks[alias] = {
            "port_group": port_group(network),
            "gateway": network.get("gateway") or None,
            "ip_ranges": ["%s-%s" % (pool["first_ip"], pool["last_ip"]) for pool in network.get("pools") or ()],
            "nameservers": network.get("nameservers") or [],
        }
    bridge = (vch_network.get("container_networks") or {}).get(vch_network.get("bridge_network") or "", {})
    storage = plain.get("storage") or {}
    return {
        "version": build_text(executor.get("version")),
        "docker_host": endpoint["docker_host"],
        "docker_tls": endpoint["tls"],
        "admin_portal": endpoint["admin_portal"],
        "networks": dict(networks, bridge={
            "port_group": port_group(bridge),
            "ip_range": vch_network.get("bridge_ip_range")}, container=container_networks),
        "storage": {"image_stores": storage.get("image_stores") or [],
                    "volume_stores": dict((name, datastore_url_as_written(url))
                                          for name, url in (storage.get("volume_locations") or {}).items()),
                    "storage_quota_gb": (storage.get("storage_quota") or 0) // (1 << 30) or None},
        "container_count": (plain.get("container") or {}).get("container_count") or None,
    }


def port_group_namer(inv):
    """A function naming a network by its reference ('DistributedVirtualPortgroup:dvportgroup-56' -> its port
    group's name) from the inventory ``inv`` (None: references are kept as they are)."""
    def name(reference):
        found = inv.by_moid.get(reference.partition(":")[2]) if inv is not None else None
        return found.name if found is not None else reference
    return name


def _wants_raw(params):
    return params.get("keys") is not None or params.get("prefix") is not None


# -- through the vSphere API ---------------------------------------------------------------------------------------

def vm_view(vm, params, warnings, port_group_name=None):
    """One VM's part of the result: name, moid, power_state, and config and/or extra_config (and a VCH's
    ``inspect``, its port groups named by ``port_group_name`` where the inventory was read). The configuration is
    read as VIC reads it, never more strictly: what VIC wrote imperfectly is said in ``warnings``, by VM and
    key."""
    schema = params.get("schema") or "raw"
    show_hidden = bool(params.get("show_hidden"))
    extra_config = vm.extra_config
    out = dict(name=vm.name, moid=vm.moid, power_state=vm.power_state)
    if schema != "raw":
        said = []
        try:
            config = decode(SCHEMAS[schema], extra_config, lenient=True, warnings=said)
        except ConfigError as exc:
            raise ConfigError("VM %s (%s) does not decode as schema=%s: %s" % (vm.name, vm.moid, schema, exc)) \
                from None
        warnings.extend("VM %s: %s" % (vm.name, warning) for warning in said)
        out["config"] = config_view(config, show_hidden)
        out["status"] = published_status(schema, config, extra_config)
        if schema == "vch":
            out["inspect"] = vch_inspect(config, out["config"], out["status"], port_group_name)
    if schema == "raw" or _wants_raw(params):
        out["extra_config"] = raw_view(extra_config, params.get("keys"), params.get("prefix"), show_hidden)
    return out


def read_api(session, params):
    """The module result for source=api; VSphereError / ConfigError on failure."""
    if params.get("names") is None:
        vm, inv = locate_vm(session, name=params.get("name"), moid=params.get("moid"),
                            datacenter=params.get("datacenter"), folder=params.get("folder"))
        warnings = []
        view = vm_view(vm, params, warnings, port_group_namer(inv))
        result = dict(view, vms=[view], missing=[])
        result.update(changed=False, warnings=warnings)
        return result

    names = []
    for name in params["names"]:
        if name not in names:
            names.append(name)
    vms, missing, warnings = [], [], []
    if names:
        inv = snapshot(session)  # every VM asked for, in ONE retrieval
        for name in names:
            found = inv.matching(name, params.get("datacenter"), params.get("folder"))
            if not found:
                missing.append(name)
            elif len(found) > 1:
                raise VSphereError("names: %d VMs are named %r (%s): give datacenter or folder, or read them by "
                                   "moid" % (len(found), name, ", ".join(inv.path(vm) for vm in found)))
            else:
                vms.append(vm_view(found[0], params, warnings, port_group_namer(inv)))
    return dict(changed=False, vms=vms, missing=missing, warnings=warnings)


# -- inside the guest ----------------------------------------------------------------------------------------------

def guest_transport(rpctool=None):
    """VMware Tools as the guest reaches them: ``rpctool`` (an unusual install) first when given, then the usual
    vmware-rpctool and vmtoolsd --cmd."""
    commands = list(DEFAULT_TOOLS)
    if rpctool:
        commands.insert(0, (rpctool,))
    return ToolsTransport(commands)


def read_guest(transport, params, warn=None):
    """The module result for source=guest, read through ``transport`` (a ToolsTransport or anything with get()).

    GuestToolsError (NotInVMwareVMError outside a VMware VM) or ConfigError on failure.
    """
    schema = params.get("schema") or "raw"
    if params.get("show_hidden") and warn is not None:
        warn("show_hidden has no effect with source=guest: the guest cannot see hidden keys")
    result = dict(changed=False)
    if schema != "raw":
        said = []
        try:
            config = decode_in_guest(SCHEMAS[schema], transport, lenient=True, warnings=said)
            result["warnings"] = said
        except ConfigError as exc:
            raise ConfigError("the guest's configuration does not decode as schema=%s: %s" % (schema, exc)) \
                from None
        result["config"] = config_view(config, show_hidden=False)
    if params.get("keys") is not None:
        source = GuestInfoSource(transport)
        found = {}
        for key in params["keys"]:
            try:
                found[key] = source(key)
            except KeyError:
                continue  # missing, or hidden (the guest cannot see it)
        result["extra_config"] = raw_view(found, show_hidden=False)
    return result
