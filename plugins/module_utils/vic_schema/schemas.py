# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VMware VIC's two configuration schemas as extraconfig dataclasses.

``VCHConfig`` mirrors ``lib/config.VirtualContainerHostConfigSpec`` (a VCH appliance's configuration) and
``ExecutorConfig`` mirrors ``lib/config/executor.ExecutorConfig`` (a containerVM's configuration, also the VCH's
``init`` section). Keys, scopes and recurse rules are exactly VIC's struct tags (VIC master, last commit 2022-06);
``vic(..., scope=None)`` marks a Go field without a tag, which inherits its parent's scope.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
from typing import Dict, List, Optional

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP,
    IPMask,
    IPNet,
    URL,
    vic,
    vicstruct,
)

# --- shared leaf types -------------------------------------------------------------------------------------------


@vicstruct
class ManagedObjectReference:
    """Mirrors govmomi vim25/types.ManagedObjectReference (as vendored by VIC: Type and Value only)."""

    type: str = vic("Type")
    value: str = vic("Value")


@vicstruct
class Build:
    """Mirrors pkg/version.Build."""

    version: str = vic("Version")
    git_commit: str = vic("GitCommit")
    build_date: str = vic("BuildDate")
    build_number: str = vic("BuildNumber")
    state: str = vic("State")
    plugin_version: int = vic("PluginVersion")


@vicstruct
class IPRange:
    """Mirrors pkg/ip.Range."""

    first_ip: IP = vic("first", scope="read-only")
    last_ip: IP = vic("last", scope="read-only")


# --- lib/config/executor -----------------------------------------------------------------------------------------


@vicstruct
class Common:
    """Mirrors executor.Common."""

    execution_environment: str = vic("ExecutionEnvironment")
    id: str = vic("id", scope="read-only")
    name: str = vic("name", scope="read-only")
    notes: str = vic("notes", scope="hidden")


@vicstruct
class ExecutorConfigCommon:
    """Mirrors executor.ExecutorConfigCommon."""

    execution_environment: str = vic("ExecutionEnvironment")
    id: str = vic("id", scope="read-only")
    # unlike Common, the containerVM's name is hidden from the guest
    name: str = vic("name", scope="hidden")
    notes: str = vic("notes", scope="hidden")


@vicstruct
class SysLogConfig:
    """Mirrors executor.SysLogConfig."""

    network: str = vic("Network")
    r_addr: str = vic("RAddr")


@vicstruct
class ExitLog:
    """Mirrors executor.ExitLog."""

    time: datetime.datetime = vic("Time")
    exit_status: int = vic("ExitStatus")
    message: str = vic("Message")


@vicstruct
class Diagnostics:
    """Mirrors executor.Diagnostics."""

    debug_level: int = vic("debug", scope="read-only")
    resurrection_count: int = vic("resurrections", scope="read-write")
    exit_logs: List[ExitLog] = vic("exitlogs", scope="read-write")
    sys_log_config: Optional[SysLogConfig] = vic("syslog", scope="read-only")


@vicstruct
class MountSpec:
    """Mirrors executor.MountSpec."""

    source: URL = vic("source", scope="read-only")
    path: str = vic("dest", scope="read-only")
    mode: str = vic("mode", scope="read-only")
    copy_mode: int = vic("copymode", scope="read-only")


@vicstruct
class Cmd:
    """Mirrors executor.Cmd."""

    path: str = vic("Path", scope="read-only")
    args: List[str] = vic("Args", scope="read-only")
    env: List[str] = vic("Env", scope="read-only")
    dir: str = vic("Dir", scope="read-only")


@vicstruct
class Detail:
    """Mirrors executor.Detail."""

    create_time: int = vic("createtime", scope="read-write")
    start_time: int = vic("starttime", scope="read-write")
    stop_time: int = vic("stoptime", scope="read-write")


@vicstruct
class SessionConfig:
    """Mirrors executor.SessionConfig."""

    common: Common = vic("common", scope="read-only")
    detail: Detail = vic("detail", scope="read-write")
    cmd: Cmd = vic("cmd", scope="read-only")
    attach: bool = vic("attach", scope="read-only")
    open_stdin: bool = vic("openstdin", scope="read-only")
    run_block: bool = vic("runblock", scope="read-write")
    active: bool = vic("active", scope="read-only")
    tty: bool = vic("tty", scope="read-only")
    exit_status: int = vic("status", scope="read-write")
    started: str = vic("started", scope="read-write")
    restart: bool = vic("restart", scope="read-only")
    stop_signal: str = vic("stopSignal", scope="read-only")
    diagnostics: Diagnostics = vic("diagnostics", scope="read-only")
    user: str = vic("User", scope="read-only")
    group: str = vic("Group", scope="read-only")


@vicstruct
class ContainerNetworkAssigned:
    """Mirrors the anonymous struct of executor.ContainerNetwork.Assigned (what the guest got, e.g. by DHCP)."""

    gateway: IPNet = vic("gateway", scope="read-write")
    nameservers: List[IP] = vic("dns", scope="read-write")


@vicstruct
class ContainerNetwork:
    """Mirrors executor.ContainerNetwork."""

    common: Common = vic("Common")
    type: str = vic("type", scope="read-write")
    destinations: List[IPNet] = vic("destinations", scope="read-only")
    gateway: IPNet = vic("gateway", scope="read-only")
    default: bool = vic("default", scope="read-only")
    nameservers: List[IP] = vic("dns", scope="read-only")
    pools: List[IPRange] = vic("pools", scope="read-only")
    aliases: List[str] = vic("aliases", scope="hidden")
    # executor.TrustLevel is an int type embedded without a tag
    trust_level: int = vic("TrustLevel")
    assigned: ContainerNetworkAssigned = vic("assigned", scope="read-write")


@vicstruct
class NetworkEndpoint:
    """Mirrors executor.NetworkEndpoint."""

    common: Common = vic("Common")
    static: bool = vic("static", scope="read-only")
    ip: Optional[IPNet] = vic("ip", scope="read-only")
    assigned: IPNet = vic("assigned", scope="read-write")
    network: ContainerNetwork = vic("network", scope="read-only")
    ports: List[str] = vic("ports", scope="read-only")
    internal: bool = vic("internal", scope="read-only")


@vicstruct
class ExecutorConfig:
    """Mirrors executor.ExecutorConfig (a containerVM's configuration; the VCH's ``init`` section)."""

    executor_config_common: ExecutorConfigCommon = vic("common", scope="read-only")
    create_time: int = vic("createtime", scope="read-write")
    diagnostics: Diagnostics = vic("diagnostics", scope="read-only")
    sessions: Dict[str, Optional[SessionConfig]] = vic("sessions", scope="read-only")
    execs: Dict[str, Optional[SessionConfig]] = vic("execs", scope="read-only,non-persistent")
    mounts: Dict[str, MountSpec] = vic("mounts", scope="read-only")
    networks: Dict[str, Optional[NetworkEndpoint]] = vic("networks", scope="read-only")
    key: bytes = vic("key", scope="read-only")
    layer_id: str = vic("layerid", scope="read-only")
    image_id: str = vic("imageid", scope="read-only")
    annotations: Dict[str, str] = vic("annotations", scope="hidden")
    repo_name: str = vic("repo", scope="read-only")
    version: Optional[Build] = vic("version", scope="read-only")
    asymmetric_routing: bool = vic("asymrouting", scope="read-only")
    hostname: str = vic("hostname", scope="read-only")
    domainname: str = vic("domainname", scope="read-only")


# --- lib/config (the VCH) ----------------------------------------------------------------------------------------


@vicstruct
class Connection:
    """Mirrors config.Connection."""

    target: str = vic("target", scope="read-only")
    username: str = vic("username", scope="read-only")
    # "secret" alone: visible, read-only style key, encrypted value
    token: str = vic("token", scope="secret")
    target_thumbprint: str = vic("target_thumbprint", scope="read-only")
    # time.Duration, in nanoseconds
    keepalive: int = vic("keepalive", scope="read-only")


@vicstruct
class MailAddress:
    """Mirrors Go net/mail.Address."""

    name: str = vic("Name")
    address: str = vic("Address")


@vicstruct
class Contacts:
    """Mirrors config.Contacts."""

    admin: List[MailAddress] = vic("Admin")
    infrastructure_admin: List[MailAddress] = vic("InfrastructureAdmin")


@vicstruct
class RawCertificate:
    """Mirrors config.RawCertificate."""

    key: bytes = vic("Key", scope="secret")
    cert: bytes = vic("Cert")


@vicstruct
class Certificate:
    """Mirrors config.Certificate."""

    # UserCertificates ([]*RawCertificate) left out: VIC writes nothing for a list of pointers.
    network_certificates: Dict[str, Optional[RawCertificate]] = vic("NetworkCertificates")
    host_certificate: Optional[RawCertificate] = vic("HostCertificate", scope="read-only")
    certificate_authorities: bytes = vic("CertificateAuthorities", scope="read-only")
    registry_certificate_authorities: bytes = vic("RegistryCertificateAuthorities", scope="read-only")
    host_certificates: Dict[str, Optional[RawCertificate]] = vic("HostCertificates")


@vicstruct
class Storage:
    """Mirrors config.Storage."""

    image_stores: List[URL] = vic("image_stores", scope="read-only")
    storage_quota: int = vic("storage_quota", scope="read-only")  # bytes (VIC 1.5); 0: no quota
    volume_locations: Dict[str, Optional[URL]] = vic("VolumeLocations", scope="read-only")
    scratch_size: int = vic("scratch_size", scope="read-only")


@vicstruct
class Network:
    """Mirrors config.Network."""

    bridge_network: str = vic("bridge_network", scope="read-only")
    container_networks: Dict[str, Optional[ContainerNetwork]] = vic("container_networks", scope="read-only")
    bridge_ip_range: Optional[IPNet] = vic("bridge-ip-range", scope="read-only")
    bridge_network_width: Optional[IPMask] = vic("bridge-net-width", scope="read-only")


@vicstruct
class SharesInfo:
    """Mirrors govmomi vim25/types.SharesInfo (its empty embedded DynamicData left out)."""

    shares: int = vic("Shares")
    level: str = vic("Level")


@vicstruct
class ResourceAllocationInfo:
    """Mirrors govmomi vim25/types.ResourceAllocationInfo (its empty embedded DynamicData left out)."""

    reservation: Optional[int] = vic("Reservation")
    expandable_reservation: Optional[bool] = vic("ExpandableReservation")
    limit: Optional[int] = vic("Limit")
    shares: Optional[SharesInfo] = vic("Shares")
    overhead_limit: Optional[int] = vic("OverheadLimit")


@vicstruct
class Resources:
    """Mirrors config.Resources."""

    cpu: ResourceAllocationInfo = vic("CPU")
    memory: ResourceAllocationInfo = vic("Memory")
    io: ResourceAllocationInfo = vic("IO")
    storage: ResourceAllocationInfo = vic("Storage")


@vicstruct
class Container:
    """Mirrors config.Container."""

    # recurse depth=0: VIC never writes nor reads it
    container_vm_size: Resources = vic("ContainerVMSize", scope="read-only", recurse="depth=0")
    compute_resources: List[ManagedObjectReference] = vic("ComputeResources", scope="read-only")
    bootstrap_image_path: str = vic("bootstrap_image_path", scope="read-only")
    container_name_convention: str = vic("ContainerNameConvention")
    use_vm_group: bool = vic("UseVMGroup")  # VIC 1.5: the VCH and its containerVMs in a DRS VM group
    vm_group_name: str = vic("VMGroupName")
    # recurse depth=0: VIC never writes nor reads it
    container_stores: List[URL] = vic("ContainerStores", scope="read-only", recurse="depth=0")
    container_count: int = vic("container_count", scope="read-only")  # VIC 1.5.2; 0: no limit


@vicstruct
class Registry:
    """Mirrors config.Registry."""

    registry_whitelist: List[str] = vic("whitelist_registries", scope="read-only")
    # recurse depth=0: VIC never writes nor reads it
    registry_blacklist: List[str] = vic("RegistryBlacklist", scope="read-only", recurse="depth=0")
    insecure_registries: List[str] = vic("insecure_registries", scope="read-only")


@vicstruct
class VCHConfig:
    """Mirrors config.VirtualContainerHostConfigSpec."""

    executor_config: ExecutorConfig = vic("init", scope="read-only")
    connection: Connection = vic("connect", scope="read-only")
    contacts: Contacts = vic("contact", scope="read-only")
    certificate: Certificate = vic("cert", scope="read-only")
    storage: Storage = vic("storage", scope="read-only")
    network: Network = vic("network", scope="read-only")
    container: Container = vic("container", scope="read-only")
    registry: Registry = vic("registry", scope="read-only")
    create_bridge_network: bool = vic("create_bridge_network", scope="read-only")
    grant_perms_level: str = vic("grant_permissions", scope="read-only")
    vic_machine_create_options: List[str] = vic("vic_machine_create_options", scope="read-only")
