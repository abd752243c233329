# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validated VCH options -> VIC's VCH configuration (VCHConfig), laid out as vic-machine create wrote it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils._vch_options import ENDPOINT_ROLES
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import URL, IPMask, IPNet
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    Cmd, Common, ContainerNetwork, Diagnostics, ExecutorConfig, ExecutorConfigCommon, ManagedObjectReference,
    NetworkEndpoint, SessionConfig, SysLogConfig, VCHConfig)

PERSONALITY, PORT_LAYER, VICADMIN = "docker-personality", "port-layer", "vicadmin"


class Placement:
    """Where the VCH lives, as found in the inventory (names, paths and managed object ids)."""

    def __init__(self, datacenter, compute_path, pool_path, pool_moid, pool_type, datastore, port_group_ids,
                 vm_moid=None):
        self.datacenter = datacenter
        self.compute_path = compute_path
        self.pool_path = pool_path
        self.pool_moid = pool_moid
        self.pool_type = pool_type
        self.datastore = datastore
        self.port_group_ids = port_group_ids  # port group name -> "DistributedVirtualPortgroup:dvportgroup-13"
        self.vm_moid = vm_moid


def endpoint_networks(opts):
    """{role: network dict} for bridge/public/client/management (client and management default to public)."""
    public = opts.get("public_network")
    out = {"bridge": {"port_group": opts["bridge_network"], "ip": None, "gateway": None, "routes": []}}
    for role in ENDPOINT_ROLES:
        value = opts.get(role + "_network") or public
        if value is not None:
            out[role] = value
    return out


def nic_port_groups(opts):
    """Distinct port groups that get a vmxnet3 NIC on the appliance, in a stable order."""
    seen = []
    for role in ("bridge",) + ENDPOINT_ROLES:
        network = endpoint_networks(opts).get(role)
        if network is not None and network["port_group"] not in seen:
            seen.append(network["port_group"])
    return seen


def referenced_port_groups(opts):
    """Every port group the options name (NICs and container networks)."""
    names = nic_port_groups(opts)
    for network in opts.get("container_networks") or ():
        if network["port_group"] not in names:
            names.append(network["port_group"])
    return names


def _session(name, path, args, env, debug, directory="", user="", restart=True):
    return SessionConfig(common=Common(id=name, name=name), cmd=Cmd(path=path, args=[path] + args, env=env,
                                                                       dir=directory),
                         active=True, restart=restart, diagnostics=Diagnostics(debug_level=debug),
                         user=user, group=user)


def _proxy_env(opts):
    proxies = opts.get("proxies") or {}
    env = []
    if proxies.get("http"):
        env.append("HTTP_PROXY=" + proxies["http"])
    if proxies.get("https"):
        env.append("HTTPS_PROXY=" + proxies["https"])
    if proxies.get("no_proxy"):
        env.append("NO_PROXY=" + ",".join(proxies["no_proxy"]))
    return env


def _endpoint(role, network, opts, placement):
    mask = network["ip"].mask if network["ip"] is not None else IPMask()
    gateway = IPNet(network["gateway"], mask) if network["gateway"] is not None else IPNet()
    return NetworkEndpoint(
        common=Common(name=role),
        static=network["ip"] is not None,
        ip=network["ip"],
        network=ContainerNetwork(
            common=Common(id=placement.port_group_ids.get(network["port_group"], ""), name=role),
            gateway=gateway, default=role == "public", destinations=list(network["routes"]),
            nameservers=list(opts.get("dns_servers") or []) if role != "bridge" else []))


def build_vch_config(name, opts, placement):
    """The VCHConfig that vic-machine create would have written for these options."""
    debug = opts.get("debug", 0)
    target = opts.get("target", "")
    proxy_env = _proxy_env(opts)
    sessions = {
        PERSONALITY: _session(PERSONALITY, "/sbin/docker-engine-server", ["-port=2376", "-port-layer-port=2377"],
                              ["PATH=/sbin", "GOTRACEBACK=all"] + proxy_env, debug),
        PORT_LAYER: _session(PORT_LAYER, "/sbin/port-layer-server", ["--host=localhost", "--port=2377"],
                             ["VC_URL=" + target, "DC_PATH=" + placement.datacenter,
                              "CS_PATH=" + placement.compute_path, "POOL_PATH=" + placement.pool_path,
                              "DS_PATH=" + placement.datastore], debug),
        VICADMIN: _session(VICADMIN, "/sbin/vicadmin", ["--dc=" + placement.datacenter,
                                                        "--pool=" + placement.pool_path,
                                                        "--cluster=" + placement.compute_path],
                           ["PATH=/sbin:/bin", "GOTRACEBACK=all"] + proxy_env, debug,
                           directory="/home/vicadmin", user="vicadmin"),
    }
    syslog = opts.get("syslog_address")
    init = ExecutorConfig(
        executor_config_common=ExecutorConfigCommon(
            id="VirtualMachine:" + placement.vm_moid if placement.vm_moid else "", name=name),
        diagnostics=Diagnostics(debug_level=debug,
                                sys_log_config=SysLogConfig(network=syslog[0], r_addr=syslog[1]) if syslog else None),
        sessions=sessions,
        networks=dict((role, _endpoint(role, network, opts, placement))
                      for role, network in endpoint_networks(opts).items()),
    )
    config = VCHConfig(executor_config=init)
    config.connection.target = target
    config.connection.target_thumbprint = opts.get("thumbprint", "")
    config.connection.username = opts.get("ops_user", "")
    config.connection.token = opts.get("ops_password", "")

    image_datastore, image_path = opts.get("image_store") or (placement.datastore, "")
    config.storage.image_stores = [URL(scheme="ds", host=image_datastore, path=image_path or name)]
    config.storage.volume_locations = dict(opts.get("volume_stores") or {})
    config.storage.scratch_size = 8000000

    network = config.network
    network.bridge_network = opts["bridge_network"]
    network.bridge_ip_range = opts.get("bridge_network_range")
    network.container_networks = {"bridge": ContainerNetwork(
        common=Common(id=placement.port_group_ids.get(opts["bridge_network"], ""), name="bridge"), type="bridge")}
    for item in opts.get("container_networks") or ():
        network.container_networks[item["alias"]] = ContainerNetwork(
            common=Common(id=placement.port_group_ids.get(item["port_group"], ""), name=item["alias"]),
            type="external", gateway=item["gateway"] or IPNet(), pools=[item["pool"]] if item["pool"] else [],
            nameservers=list(item["dns"]), trust_level=item["trust"])

    config.container.compute_resources = [ManagedObjectReference(placement.pool_type, placement.pool_moid)]
    config.container.bootstrap_image_path = opts.get("bootstrap_iso", "")
    config.container.container_name_convention = opts.get("container_name_convention", "")
    registries = opts.get("registries") or {}
    config.registry.insecure_registries = list(registries.get("insecure") or [])
    config.registry.registry_whitelist = list(registries.get("whitelist") or [])
    config.certificate.registry_certificate_authorities = registries.get("ca", b"")
    config.vic_machine_create_options = create_options(name, opts)
    return config


def create_options(name, opts):
    """The vic-machine create flags, as VIC recorded them (secrets left out)."""
    flags = ["--name=" + name, "--bridge-network=" + opts["bridge_network"]]
    if opts.get("containers") is not None:
        flags.append("--containers=%d" % opts["containers"])
    if opts.get("endpoint_cpu") is not None:
        flags.append("--endpoint-cpu=%d" % opts["endpoint_cpu"])
    if opts.get("endpoint_memory_mb") is not None:
        flags.append("--endpoint-memory=%d" % opts["endpoint_memory_mb"])
    return flags
