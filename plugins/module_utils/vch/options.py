# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VCH options (vic-machine's flags in snake_case): the argument specs of vch_deploy and vch_config, and their
validation, before any vSphere call, naming the option: ``public_network.ip: ...``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import os
import re

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP, URL, ConfigError, is_secret_key, key_of)
from ansible_collections.vic.vch.plugins.module_utils.options import (
    OptionError, check_name, parse_cidr, parse_ip, parse_url, text)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import IPRange, VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vch import tls
from ansible_collections.vic.vch.plugins.module_utils.vch.iso import LocalIso
from ansible_collections.vic.vch.plugins.module_utils.vch.tls import TLS_OPTIONS
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.versions import parse_build

ENDPOINT_ROLES = ("public", "client", "management")
FIREWALL_TRUST = {"published": 1, "open": 2, "closed": 3, "outbound": 4, "peers": 5}  # executor.TrustLevel
DEFAULT_BRIDGE_RANGE = "172.16.0.0/12"
DEFAULT_PUBLIC_NETWORK = "VM Network"
_ALIAS_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")
_THUMBPRINT_RE = re.compile(r"(?:[0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}|(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}")

NETWORK_OPTION = dict(type="raw")
VCH_OPTIONS_SPEC = dict(
    bridge_network=dict(type="str"),
    bridge_network_range=dict(type="str"),
    public_network=NETWORK_OPTION,
    client_network=NETWORK_OPTION,
    management_network=NETWORK_OPTION,
    dns_servers=dict(type="list", elements="str"),
    container_networks=dict(type="list", elements="dict", options=dict(
        port_group=dict(type="str", required=True),
        alias=dict(type="str"),
        gateway=dict(type="str"),
        ip_range=dict(type="str"),
        dns=dict(type="list", elements="str", default=[]),
        firewall=dict(type="str", choices=sorted(FIREWALL_TRUST)),
    )),
    image_store=dict(type="str"),
    volume_stores=dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True),
        url=dict(type="str", required=True),
    )),
    registries=dict(type="dict", options=dict(
        insecure=dict(type="list", elements="str"),
        whitelist=dict(type="list", elements="str"),
        ca=dict(type="str"),
    )),
    target=dict(type="str"),
    thumbprint=dict(type="str"),
    ops_user=dict(type="str"),
    ops_password=dict(type="str", no_log=True),
    syslog_address=dict(type="str"),
    debug=dict(type="int", choices=[0, 1, 2, 3]),
    proxies=dict(type="dict", options=dict(
        http=dict(type="str"),
        https=dict(type="str"),
        no_proxy=dict(type="list", elements="str", default=[]),
    )),
    endpoint_cpu=dict(type="int"),
    endpoint_memory_mb=dict(type="int"),
    appliance_iso=dict(type="str"),
    bootstrap_iso=dict(type="str"),
    version=dict(type="str"),
    container_name_convention=dict(type="str"),
    containers=dict(type="int"),
    storage_quota=dict(type="int"),
    affinity_vm_group=dict(type="bool"),
    # the VCH's resource pool (vic-machine's --cpu, --memory, ...): not in the configuration, on the pool itself
    cpu=dict(type="int"),
    cpu_reservation=dict(type="int"),
    cpu_shares=dict(type="str"),
    memory=dict(type="int"),
    memory_reservation=dict(type="int"),
    memory_shares=dict(type="str"),
    # the Docker API's TLS (vic-machine's --tls-cname, --tls-cert-path, ...): see vch.tls
    tls_cname=dict(type="str"),
    tls_cert_path=dict(type="path"),
    tls_server_cert=dict(type="path"),
    tls_server_key=dict(type="path", no_log=False),
    tls_ca=dict(type="list", elements="path"),
    no_tlsverify=dict(type="bool"),
    no_tls=dict(type="bool"),
    organization=dict(type="list", elements="str"),
    certificate_key_size=dict(type="int"),
)


# the options vic-machine configure could change, and more where it is safe; the others are fixed at creation
MUTABLE_OPTIONS = ("debug", "dns_servers", "container_networks", "volume_stores", "registries", "target",
                   "thumbprint", "ops_user", "ops_password", "syslog_address", "proxies", "containers",
                   "storage_quota", "affinity_vm_group")
# the settings of the VCH's resource pool, by resource: (limit, reservation, shares) options
POOL_OPTIONS = {"cpu": ("cpu", "cpu_reservation", "cpu_shares"),
                "memory": ("memory", "memory_reservation", "memory_shares")}
SHARE_LEVELS = ("low", "normal", "high")
IMMUTABLE_OPTIONS = tuple(sorted(k for k in VCH_OPTIONS_SPEC if k not in MUTABLE_OPTIONS and k not in TLS_OPTIONS
                                 and not any(k in names for names in POOL_OPTIONS.values())))
DEPLOY_DEFAULTS = dict(bridge_network_range=DEFAULT_BRIDGE_RANGE, public_network=DEFAULT_PUBLIC_NETWORK,
                       endpoint_cpu=1, endpoint_memory_mb=2048, debug=0)

DEPLOY_ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    datacenter=dict(type="str"),
    folder=dict(type="str"),
    cluster=dict(type="str"),
    host=dict(type="str"),
    resource_pool=dict(type="str"),
    datastore=dict(type="str"),
    power_on=dict(type="bool", default=True),
    wait=dict(type="bool", default=False),
    timeout=dict(type="int", default=300),
    keep_on_failure=dict(type="bool", default=False),
    delete_containers=dict(type="bool", default=False),
    **VCH_OPTIONS_SPEC
)
DEPLOY_MUTUALLY_EXCLUSIVE = [("cluster", "host", "resource_pool")]

CONFIG_ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    moid=dict(type="str"),
    datacenter=dict(type="str"),
    folder=dict(type="str"),
    list_mode=dict(type="str", default="replace", choices=["merge", "replace"]),
    fields=dict(type="dict"),
    secret_fields=dict(type="dict", no_log=True),
    restart=dict(type="bool", default=False),
    timeout=dict(type="int", default=300),
    **VCH_OPTIONS_SPEC
)


def validate_deploy(params):
    """vch_deploy's options checked and parsed: (name, parsed VCH options, or None with state=absent)."""
    name = check_name("name", params["name"])
    if params["state"] == "absent":
        return name, None
    opts = validate(params, DEPLOY_DEFAULTS)
    if not opts.get("bridge_network"):
        raise OptionError("bridge_network", "is required with state=present")
    if not params.get("datastore"):
        raise OptionError("datastore", "is required with state=present")
    if params.get("folder") is not None:
        for part in params["folder"].strip("/").split("/"):
            if part:
                check_name("folder", part)
    if opts.get("ops_password") and not opts.get("ops_user"):
        raise OptionError("ops_password", "needs ops_user")
    endpoints = endpoint_networks(opts)
    bridge = endpoints["bridge"]["port_group"]
    for role in ENDPOINT_ROLES:
        if role in endpoints and endpoints[role]["port_group"] == bridge:
            raise OptionError(role + "_network", "must not share the bridge network's port group %r" % bridge)
    check_not_on_bridge(opts, bridge)
    return name, opts


def refuse_fixed(differences):
    """OptionError for the first option fixed at creation whose value differs from the VCH's."""
    if differences:
        option, live = differences[0]
        raise OptionError(option, "cannot change after the VCH is created (the VCH has %s; vic-machine configure "
                                  "could not change it either): redeploy the VCH to change it" % (live or "none",))


def store_datastores(opts):
    """[(option, datastore name)] of the image store and of the volume stores on a datastore, to look up."""
    out = []
    if opts.get("image_store"):
        out.append(("image_store", opts["image_store"][0]))
    for index, url in enumerate(opts.get("volume_stores", {}).values()):
        if url.scheme == "ds":
            out.append(("volume_stores[%d].url" % index, url.host))
    return out


def check_not_on_bridge(opts, bridge):
    """Container networks are on port groups of their own: the bridge network's is the containerVMs' private
    network."""
    for index, network in enumerate(opts.get("container_networks") or ()):
        if network["port_group"] == bridge:
            raise OptionError("container_networks[%d].port_group" % index, "%r is the bridge network's port group"
                              % bridge)


def validate_config(params):
    """vch_config's options checked and parsed: (parsed VCH options, {field path: value}, {secret field path:
    value}). A secret field given in ``fields`` (whose values are shown) is refused, and so is any other in
    ``secret_fields``; a secret's value is never quoted. Options fixed at creation are taken, to be compared with
    the VCH's (fixed_option_differences); appliance_iso, which the configuration does not record, is refused."""
    if params.get("appliance_iso") is not None:
        raise OptionError("appliance_iso", "cannot change after the VCH is created, and its configuration does not "
                                           "record it: redeploy the VCH to change it")
    fields, secret_fields = params.get("fields") or {}, params.get("secret_fields") or {}
    for option, paths, secret in (("fields", fields, False), ("secret_fields", secret_fields, True)):
        for path in paths:
            if not isinstance(path, str) or not path:
                raise OptionError(option, "keys must be field paths like storage.scratch_size")
            if is_secret_field(path) != secret:
                raise OptionError(option, "%s is %sa secret field: give it in %s" % (
                    path, "" if not secret else "not ", "secret_fields" if not secret else "fields"))
    return validate(params), fields, secret_fields


def is_secret_field(path):
    """Whether the VCH configuration's field at ``path`` is one VIC seals (False for a path it does not have:
    setting it reports that)."""
    try:
        return is_secret_key(key_of(VCHConfig, path))
    except ConfigError:
        return False


def endpoint_networks(opts):
    """{role: network dict} for bridge/public/client/management (client and management default to public)."""
    public = opts.get("public_network")
    out = {"bridge": {"port_group": opts["bridge_network"], "ip": None, "gateway": None, "routes": []}}
    for role in ENDPOINT_ROLES:
        value = opts.get(role + "_network") or public
        if value is not None:
            out[role] = value
    return out


def parse_ip_range(field, value):
    """'10.0.0.10-10.0.0.20', or a CIDR meaning all of it -> IPRange (4-byte IPv4, as vic-machine)."""
    value = text(field, value)
    if "-" in value:
        first, _sep, last = value.partition("-")
        first_ip, last_ip = parse_ip(field, first), parse_ip(field, last)
        if first_ip.to_address().version != last_ip.to_address().version or \
                first_ip.to_address() > last_ip.to_address():
            raise OptionError(field, "%r: the first address must come before the last" % value)
        return IPRange(first_ip, last_ip)
    net = parse_cidr(field, value)
    network = ipaddress.ip_network(str(net), strict=False)
    return IPRange(IP(network.network_address.packed), IP(network.broadcast_address.packed))


def parse_datastore_url(field, value):
    """'ds://DATASTORE/path' -> (datastore, path)."""
    url = parse_url(field, value, ("ds",))
    return url.host, url.path.strip("/")


def normalize_network(field, value, default=None):
    """A port group name, or {port_group, ip, gateway, routes} -> dict with parsed parts (None if unset)."""
    if value is None:
        value = default
    if value is None:
        return None
    if isinstance(value, str):
        value = {"port_group": value}
    if not isinstance(value, dict):
        raise OptionError(field, "must be a port group name or a mapping with port_group, ip, gateway, routes")
    unknown = sorted(set(value) - {"port_group", "ip", "gateway", "routes"})
    if unknown:
        raise OptionError(field, "unknown key(s) %s (allowed: port_group, ip, gateway, routes)" % ", ".join(unknown))
    port_group = text(field + ".port_group", value.get("port_group"))
    if port_group is None:
        raise OptionError(field + ".port_group", "is required")
    ip = parse_cidr(field + ".ip", value["ip"]) if value.get("ip") else None
    gateway = parse_ip(field + ".gateway", value["gateway"]) if value.get("gateway") else None
    if gateway is not None and ip is None:
        raise OptionError(field + ".gateway", "needs a static ip (DHCP brings its own gateway)")
    routes = value.get("routes") or []
    if not isinstance(routes, list):
        raise OptionError(field + ".routes", "must be a list of CIDR networks")
    if routes and gateway is None:
        raise OptionError(field + ".routes", "need a gateway")
    return {"port_group": port_group, "ip": ip, "gateway": gateway,
            "routes": [parse_cidr("%s.routes[%d]" % (field, i), r) for i, r in enumerate(routes)]}


def validate(params, defaults=None):
    """The VCH options in ``params`` checked and parsed; only options given (or defaulted) are present.

    Returns a dict of parsed values; OptionError names the first bad option.
    """
    p = dict(defaults or {})
    p.update((k, v) for k, v in params.items() if k in VCH_OPTIONS_SPEC and v is not None)
    out = {}
    if "bridge_network" in p:
        out["bridge_network"] = text("bridge_network", p["bridge_network"])
    if "bridge_network_range" in p:
        out["bridge_network_range"] = parse_cidr("bridge_network_range", p["bridge_network_range"])
        network = ipaddress.ip_network(str(out["bridge_network_range"]), strict=False)
        if str(network) != str(out["bridge_network_range"]):
            raise OptionError("bridge_network_range", "%r has host bits set: the network is %s"
                              % (p["bridge_network_range"], network))
    for role in ENDPOINT_ROLES:
        key = role + "_network"
        if key in p:
            out[key] = normalize_network(key, p[key])
    if "dns_servers" in p:
        out["dns_servers"] = [parse_ip("dns_servers[%d]" % i, s) for i, s in enumerate(p["dns_servers"])]
    if "container_networks" in p:
        out["container_networks"] = _container_networks(p["container_networks"])
    if "image_store" in p:
        out["image_store"] = parse_datastore_url("image_store", p["image_store"])
    if "volume_stores" in p:
        out["volume_stores"] = _volume_stores(p["volume_stores"])
    if "registries" in p:
        out["registries"] = _registries(p["registries"])
    if "target" in p:
        out["target"] = str(parse_url("target", p["target"], ("https", "http")))
    if "thumbprint" in p:
        if not _THUMBPRINT_RE.fullmatch(p["thumbprint"]):
            raise OptionError("thumbprint", "%r is not a SHA-1 or SHA-256 fingerprint (AA:BB:...)" % p["thumbprint"])
        out["thumbprint"] = p["thumbprint"].upper()
    for key in ("ops_user", "ops_password", "container_name_convention"):
        if key in p:
            out[key] = text(key, p[key], allow_empty=key == "container_name_convention")
    if "syslog_address" in p:
        url = parse_url("syslog_address", p["syslog_address"], ("tcp", "udp"))
        port = re.fullmatch(r".+:([0-9]{1,5})", url.host)
        if not port or not 1 <= int(port.group(1)) <= 65535:
            raise OptionError("syslog_address", "%r needs a port from 1 to 65535 (tcp://host:514)"
                              % p["syslog_address"])
        out["syslog_address"] = (url.scheme, url.host)
    if "debug" in p:
        out["debug"] = int(p["debug"])
    if "proxies" in p:
        out["proxies"] = _proxies(p["proxies"])
    for key, low, high in (("endpoint_cpu", 1, 128), ("endpoint_memory_mb", 512, 1 << 20), ("containers", 0, 1 << 20),
                           ("storage_quota", 0, 1 << 30)):
        if key in p:
            if not low <= int(p[key]) <= high:
                raise OptionError(key, "%s is out of range %d..%d" % (p[key], low, high))
            out[key] = int(p[key])
    for limit, reservation, shares in POOL_OPTIONS.values():
        for key in (limit, reservation):
            if key in p:
                if not 0 <= int(p[key]) <= 1 << 40:
                    raise OptionError(key, "%s is not a number of %s from 0 (0: no limit)"
                                      % (p[key], "MHz" if key.startswith("cpu") else "MB"))
                out[key] = int(p[key])
        if shares in p:
            out[shares] = parse_shares(shares, p[shares])
    if "version" in p:
        try:
            out["version"] = parse_build(p["version"])
        except ValueError as exc:
            raise OptionError("version", str(exc)) from None
    for key in ("appliance_iso", "bootstrap_iso"):
        if key in p:
            out[key] = _iso(key, p[key])
    if "affinity_vm_group" in p:
        out["affinity_vm_group"] = bool(p["affinity_vm_group"])
    if any(key in p for key in TLS_OPTIONS):
        out["tls"] = tls.parse_options(p)
    return out


def _iso(field, value):
    """A datastore path ('[LocalDS_0] vic/appliance.iso', already there) or a file on the controller (uploaded
    at creation, as vic-machine does)."""
    if re.fullmatch(r"\[[^\]]+\] .+\.iso", value):
        return value
    if value.startswith("[") or not os.path.isfile(value):
        raise OptionError(field, "%r is neither a datastore path like '[LocalDS_0] vic/appliance.iso' nor a file "
                                 "on the controller" % value)
    try:
        return LocalIso(value)
    except ValueError as exc:
        raise OptionError(field, "%s %s" % (value, exc)) from None


def parse_shares(field, value):
    """vic-machine's shares: a level (low, normal, high) or a number of shares -> (level, shares), as vSphere's
    SharesInfo holds them (a number is the level "custom")."""
    text_value = str(value).strip().lower()
    if text_value in SHARE_LEVELS:
        return text_value, 0
    if text_value.isdigit() and int(text_value) > 0:
        return "custom", int(text_value)
    raise OptionError(field, "%r is not low, normal, high or a number of shares" % (value,))


def _container_networks(items):
    out, aliases = [], set()
    for i, item in enumerate(items):
        field = "container_networks[%d]" % i
        port_group = text(field + ".port_group", item["port_group"])
        alias = item.get("alias") or port_group
        if not _ALIAS_RE.fullmatch(alias) or alias == "bridge":
            raise OptionError(field + ".alias", "%r is not a valid network alias (letters, digits, '_', '-'; not "
                                                "'bridge')" % alias)
        if alias in aliases:
            raise OptionError(field + ".alias", "%r is used twice" % alias)
        aliases.add(alias)
        gateway = parse_cidr(field + ".gateway", item["gateway"]) if item.get("gateway") else None
        pool = parse_ip_range(field + ".ip_range", item["ip_range"]) if item.get("ip_range") else None
        if pool is not None and gateway is None:
            raise OptionError(field + ".ip_range", "needs a gateway")
        if pool is not None:
            subnet = ipaddress.ip_network(str(gateway), strict=False)
            if not all(address.to_address() in subnet for address in (pool.first_ip, pool.last_ip)):
                raise OptionError(field + ".ip_range", "%r is not inside the gateway's network %s"
                                  % (item["ip_range"], subnet))
        out.append({"port_group": port_group, "alias": alias,
                    "gateway": gateway, "pool": pool,
                    "dns": [parse_ip("%s.dns[%d]" % (field, j), d) for j, d in enumerate(item.get("dns") or [])],
                    "trust": FIREWALL_TRUST.get(item.get("firewall") or "", 0)})
    return out


def _volume_stores(items):
    out, names = {}, set()
    for i, item in enumerate(items):
        field = "volume_stores[%d]" % i
        name = item["name"]
        if not _ALIAS_RE.fullmatch(name):
            raise OptionError(field + ".name", "%r is not a valid volume store name" % name)
        if name in names:
            raise OptionError(field + ".name", "%r is used twice" % name)
        names.add(name)
        url = parse_url(field + ".url", item["url"], ("ds", "nfs"))
        if url.scheme == "ds":  # vic-machine stores a datastore path
            url = URL(scheme="ds", host=url.host, path="[%s] %s" % (url.host, url.path.strip("/") or "volumes/" + name))
        out[name] = url
    return out


def _registries(value):
    out = {}
    for key in ("insecure", "whitelist"):
        if value.get(key) is None:
            continue  # not given: left as it is
        entries = value[key]
        for i, entry in enumerate(entries):
            if not entry or "|" in entry or "@" in entry:
                raise OptionError("registries.%s[%d]" % (key, i), "%r is not a registry address" % entry)
        out[key] = list(entries)
    ca = value.get("ca")
    if ca:
        if "-----BEGIN CERTIFICATE-----" not in ca:
            raise OptionError("registries.ca", "is not a PEM certificate bundle")
        out["ca"] = ca.encode("utf-8")
    return out


def _proxies(value):
    out = {}
    for key in ("http", "https"):
        if value.get(key):
            out[key] = str(parse_url("proxies." + key, value[key], ("http", "https")))
    entries = value.get("no_proxy") or []
    for i, entry in enumerate(entries):
        if not entry or "|" in entry or "," in entry:
            raise OptionError("proxies.no_proxy[%d]" % i, "%r is not a host name or address" % entry)
    out["no_proxy"] = list(entries)
    return out
