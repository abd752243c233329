# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validated VCH options -> VIC's VCH configuration (VCHConfig), laid out as vic-machine create wrote it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import URL, IPMask, IPNet
from ansible_collections.vic.vch.plugins.module_utils.options import option_for
from ansible_collections.vic.vch.plugins.module_utils.vch import pool
from ansible_collections.vic.vch.plugins.module_utils.vch.tls import UNCHANGED
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import docker_port, has_host_certificate
from ansible_collections.vic.vch.plugins.module_utils.vch.options import (
    ENDPOINT_ROLES, MUTABLE_OPTIONS, endpoint_networks)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    Cmd, Common, Container, ContainerNetwork, ExecutorConfig, ExecutorConfigCommon, ManagedObjectReference,
    Network, NetworkEndpoint, RawCertificate, SessionConfig, Storage, SysLogConfig, VCHConfig)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import PERSONALITY, PORT_LAYER, VICADMIN
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.versions import version_text


# which option sets which field of the VCH's configuration (first match wins), for reports and refusals
OPTION_FIELDS = (
    ("executor_config.diagnostics.sys_log_config", "syslog_address"),
    ("executor_config.diagnostics.debug_level", "debug"),
    ("executor_config.sessions[*].diagnostics.debug_level", "debug"),
    ("executor_config.sessions[%s].cmd.env" % PORT_LAYER, "target"),
    ("executor_config.sessions[*].cmd.env", "proxies"),
    ("executor_config.networks[*].network.nameservers", "dns_servers"),
    ("executor_config.networks[*]", "{0}_network"),
    ("network.bridge_network", "bridge_network"),
    ("network.bridge_ip_range", "bridge_network_range"),
    ("network.container_networks[bridge]", "bridge_network"),
    ("network.container_networks", "container_networks"),
    ("storage.image_stores", "image_store"),
    ("storage.volume_locations", "volume_stores"),
    ("registry.insecure_registries", "registries.insecure"),
    ("registry.registry_whitelist", "registries.whitelist"),
    ("certificate.registry_certificate_authorities", "registries.ca"),
    ("connection.target_thumbprint", "thumbprint"),
    ("connection.target", "target"),
    ("connection.username", "ops_user"),
    ("connection.token", "ops_password"),
    ("container.bootstrap_image_path", "bootstrap_iso"),
    ("certificate.host_certificate", "tls_server_cert"),
    ("certificate.certificate_authorities", "tls_ca"),
    ("executor_config.sessions[%s].cmd.args" % PERSONALITY, "no_tls"),
    ("container.container_name_convention", "container_name_convention"),
    ("storage.storage_quota", "storage_quota"),
    ("container.container_count", "containers"),
    ("container.use_vm_group", "affinity_vm_group"),
    ("container.vm_group_name", "affinity_vm_group"),
    ("vic_machine_create_options", "containers"),
)


def option_of(field, params):
    """The option of vch_deploy / vch_config that sets ``field``: a path given in ``fields`` or ``secret_fields``
    is theirs; otherwise OPTION_FIELDS says."""
    for option in ("secret_fields", "fields"):
        named = option_for(field, [(path, option) for path in params.get(option) or ()])
        if named:
            return named
    return option_for(field, OPTION_FIELDS)


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


def nic_port_groups(opts):
    """Distinct port groups that get a vmxnet3 NIC on the appliance, in a stable order."""
    seen = []
    for role in ("bridge",) + ENDPOINT_ROLES:
        network = endpoint_networks(opts).get(role)
        if network is not None and network["port_group"] not in seen:
            seen.append(network["port_group"])
    return seen


GIB = 1 << 30
DOCKER_PORT_ARG = "-port="  # the personality's argument for the Docker API's port
PROXY_VARIABLES = ("HTTP_PROXY=", "HTTPS_PROXY=", "NO_PROXY=")
PROXIED_SESSIONS = (PERSONALITY, VICADMIN)


def _session(name, path, args, env, directory="", user=""):
    return SessionConfig(common=Common(id=name, name=name),
                         cmd=Cmd(path=path, args=[path] + args, env=env, dir=directory),
                         active=True, restart=True, user=user, group=user)


def _endpoint(role, network, placement):
    mask = network["ip"].mask if network["ip"] is not None else IPMask()
    gateway = IPNet(network["gateway"], mask) if network["gateway"] is not None else IPNet()
    return NetworkEndpoint(
        common=Common(name=role),
        static=network["ip"] is not None,
        ip=network["ip"],
        network=ContainerNetwork(
            common=Common(id=placement.port_group_ids.get(network["port_group"], ""), name=role),
            gateway=gateway, default=role == "public", destinations=list(network["routes"])))


def build_vch_config(name, opts, placement):
    """The VCHConfig that vic-machine create would have written for these options."""
    sessions = {
        # the Docker API's port is set with its TLS, by apply_options
        PERSONALITY: _session(PERSONALITY, "/sbin/docker-engine-server",
                              [DOCKER_PORT_ARG + str(docker_port(False)), "-port-layer-port=2377"],
                              ["PATH=/sbin", "GOTRACEBACK=all"]),
        PORT_LAYER: _session(PORT_LAYER, "/sbin/port-layer-server", ["--host=localhost", "--port=2377"],
                             ["VC_URL=", "DC_PATH=" + placement.datacenter, "CS_PATH=" + placement.compute_path,
                              "POOL_PATH=" + placement.pool_path, "DS_PATH=" + placement.datastore]),
        VICADMIN: _session(VICADMIN, "/sbin/vicadmin", ["--dc=" + placement.datacenter,
                                                        "--pool=" + placement.pool_path,
                                                        "--cluster=" + placement.compute_path],
                           ["PATH=/sbin:/bin", "GOTRACEBACK=all"], directory="/home/vicadmin", user="vicadmin"),
    }
    init = ExecutorConfig(
        executor_config_common=ExecutorConfigCommon(
            id="VirtualMachine:" + placement.vm_moid if placement.vm_moid else "", name=name),
        version=opts.get("version"),  # the appliance ISO's VIC version (vic-machine records its own, the same)
        sessions=sessions,
        networks=dict((role, _endpoint(role, network, placement))
                      for role, network in endpoint_networks(opts).items()),
    )
    image_datastore, image_path = opts.get("image_store") or (placement.datastore, "")
    config = VCHConfig(
        executor_config=init,
        storage=Storage(image_stores=[URL(scheme="ds", host=image_datastore, path=image_path or name)],
                        scratch_size=8000000),
        network=Network(
            bridge_network=opts["bridge_network"],
            bridge_ip_range=opts.get("bridge_network_range"),
            container_networks={"bridge": ContainerNetwork(
                common=Common(id=placement.port_group_ids.get(opts["bridge_network"], ""), name="bridge"),
                type="bridge")}),
        container=Container(
            compute_resources=[ManagedObjectReference(placement.pool_type, placement.pool_moid)],
            bootstrap_image_path=opts.get("bootstrap_iso", ""),
            container_name_convention=opts.get("container_name_convention", "")),
    )
    config.vic_machine_create_options = ["--name=" + name, "--bridge-network=" + opts["bridge_network"]]
    for flag, key in (("--endpoint-cpu=%d", "endpoint_cpu"), ("--endpoint-memory=%d", "endpoint_memory_mb")):
        if opts.get(key) is not None:
            config.vic_machine_create_options.append(flag % opts[key])
    if opts.get("storage_quota") is not None:
        config.vic_machine_create_options.append("--storage-quota=%d" % opts["storage_quota"])
    if opts.get("affinity_vm_group"):
        config.vic_machine_create_options.append("--affinity-vm-group")
    config.vic_machine_create_options += pool.create_options(opts)
    defaults = dict((key, opts.get(key)) for key in MUTABLE_OPTIONS)
    defaults.update(debug=opts.get("debug", 0), dns_servers=opts.get("dns_servers") or [],
                    target=opts.get("target", ""), tls_settings=opts.get("tls_settings"))
    return apply_options(config, dict((k, v) for k, v in defaults.items() if v is not None), placement.port_group_ids)


def apply_options(config, opts, port_group_ids, merge=False):
    """Set the options that can change after creation (the set of vic-machine configure, and more) on ``config``.

    Only the options present in ``opts`` are touched. Lists replace what is there, or with ``merge`` are merged
    into it: container networks by alias, volume stores by name, DNS servers and registries by value.
    """
    init = config.executor_config
    if "debug" in opts:
        init.diagnostics.debug_level = opts["debug"]
        for session in init.sessions.values():
            if session is not None:
                session.diagnostics.debug_level = opts["debug"]
    if "syslog_address" in opts:
        network, address = opts["syslog_address"]
        init.diagnostics.sys_log_config = SysLogConfig(network=network, r_addr=address)
    if "dns_servers" in opts:
        for role, endpoint in init.networks.items():
            if endpoint is not None and role != "bridge":
                endpoint.network.nameservers = _merged(endpoint.network.nameservers, opts["dns_servers"], merge)
    if "container_networks" in opts:
        networks = config.network.container_networks
        if not merge:
            for alias in [a for a in networks if a != "bridge"]:
                del networks[alias]
        for item in opts["container_networks"]:
            networks[item["alias"]] = ContainerNetwork(
                common=Common(id=port_group_ids.get(item["port_group"], ""), name=item["alias"]),
                type="external", gateway=item["gateway"] or IPNet(), pools=[item["pool"]] if item["pool"] else [],
                nameservers=list(item["dns"]), trust_level=item["trust"])
    if "volume_stores" in opts:
        stores = config.storage.volume_locations if merge else {}
        stores.update(opts["volume_stores"])
        config.storage.volume_locations = stores
    if "registries" in opts:
        registries = opts["registries"]
        if "insecure" in registries:
            config.registry.insecure_registries = _merged(config.registry.insecure_registries,
                                                          registries["insecure"], merge)
        if "whitelist" in registries:
            config.registry.registry_whitelist = _merged(config.registry.registry_whitelist,
                                                         registries["whitelist"], merge)
        if "ca" in registries:
            config.certificate.registry_certificate_authorities = registries["ca"]
    connection = config.connection
    for option, attr in (("target", "target"), ("thumbprint", "target_thumbprint"), ("ops_user", "username"),
                         ("ops_password", "token")):
        if option in opts:
            setattr(connection, attr, opts[option])
    if "target" in opts and init.sessions.get(PORT_LAYER) is not None:
        env = init.sessions[PORT_LAYER].cmd.env
        init.sessions[PORT_LAYER].cmd.env = ["VC_URL=" + opts["target"] if e.startswith("VC_URL=") else e
                                             for e in env]
    if "proxies" in opts:
        proxy_env = _proxy_env(opts)
        for name in PROXIED_SESSIONS:
            session = init.sessions.get(name)
            if session is not None:
                session.cmd.env = [e for e in session.cmd.env if not e.startswith(PROXY_VARIABLES)] + proxy_env
    if "tls_settings" in opts:
        _apply_tls(config, opts["tls_settings"])
    if "affinity_vm_group" in opts:  # the group is the VCH's name; turned off, the name stays, as vic-machine
        config.container.use_vm_group = opts["affinity_vm_group"]
        if opts["affinity_vm_group"]:
            config.container.vm_group_name = config.executor_config.executor_config_common.name
    if "storage_quota" in opts:  # given in GB, kept in bytes (vic-machine: 0 is no quota)
        config.storage.storage_quota = opts["storage_quota"] * GIB
    if "containers" in opts:
        config.container.container_count = opts["containers"]  # VIC 1.5.2 enforces it; 0 is no limit
        config.vic_machine_create_options = [o for o in config.vic_machine_create_options
                                             if not o.startswith("--containers=")]
        config.vic_machine_create_options.append("--containers=%d" % opts["containers"])
    return config


def _apply_tls(config, settings):
    """The Docker API's server certificate and client CAs (vch.tls.TlsSettings; UNCHANGED parts left), and its
    port, which follows the certificate as vic-machine sets it: 2376 with one, 2375 without."""
    certificate = config.certificate
    if settings.host is not UNCHANGED:
        certificate.host_certificate = None if settings.host is None else RawCertificate(
            key=settings.host.key_pem, cert=settings.host.cert_pem)
    if settings.authorities is not UNCHANGED:
        certificate.certificate_authorities = settings.authorities
    personality = config.executor_config.sessions.get(PERSONALITY)
    if personality is not None:
        port = docker_port(has_host_certificate(certificate))
        personality.cmd.args = [DOCKER_PORT_ARG + str(port)
                                if arg.startswith(DOCKER_PORT_ARG) else arg for arg in personality.cmd.args]


def fixed_option_differences(config, opts, port_group_ids, hardware):
    """[(option, what the VCH has)] for each option fixed at creation that ``opts`` gives with another value than
    the live ``config`` (and the VM's ``hardware``) holds. ``port_group_ids``: port group name -> "Kind:moid".

    Options whose value the configuration does not record (appliance_iso, an ISO given as a file on the
    controller) are not compared: they are used at creation only.
    """
    out = []

    def differs(option, wanted, live, shown=None):
        if option in opts and wanted != live:
            out.append((option, shown if shown is not None else live))

    network = config.network
    differs("bridge_network", opts.get("bridge_network"), network.bridge_network)
    differs("bridge_network_range", str(opts.get("bridge_network_range")), str(network.bridge_ip_range or ""))
    for role in ENDPOINT_ROLES:
        option = role + "_network"
        if option not in opts:
            continue
        want, endpoint = opts[option], config.executor_config.networks.get(role)
        if endpoint is None:
            out.append((option, "no %s network" % role))
            continue
        live = (endpoint.network.common.id, str(endpoint.ip or "") if endpoint.static else "",
                str(endpoint.network.gateway.ip or ""), [str(r) for r in endpoint.network.destinations])
        wanted = (port_group_ids.get(want["port_group"], want["port_group"]), str(want["ip"] or ""),
                  str(want["gateway"] or ""), [str(r) for r in want["routes"]])
        differs(option, wanted, live, shown="port group %s%s" % (live[0], ", " + live[1] if live[1] else ""))
    if "image_store" in opts:
        datastore, path = opts["image_store"]
        path = path or config.executor_config.executor_config_common.name  # as creation defaults it
        live = config.storage.image_stores[0] if config.storage.image_stores else None
        differs("image_store", (datastore, path), (live.host, live.path.strip("/")) if live else None,
                shown=str(live) if live else "none")
    if isinstance(opts.get("bootstrap_iso"), str):  # a file on the controller is uploaded at creation only
        differs("bootstrap_iso", opts.get("bootstrap_iso"), config.container.bootstrap_image_path)
    live_version = config.executor_config.version
    differs("version", version_text(opts["version"]) if "version" in opts else None,
            version_text(live_version) if live_version is not None and live_version.version else None)
    differs("container_name_convention", opts.get("container_name_convention"),
            config.container.container_name_convention)
    for option, key in (("endpoint_cpu", "cpus"), ("endpoint_memory_mb", "memory_mb")):
        if hardware.get(key) is not None:
            differs(option, opts.get(option), hardware[key])
    return out


def _merged(current, given, merge):
    if not merge:
        return list(given)
    return list(current) + [item for item in given if item not in current]


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
