#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vch_fleet
short_description: Change the configuration of many existing VIC Virtual Container Hosts in one task
description:
  - What M(vic.vch.vch_config) does for one VCH, for a list of them, in one task and one vSphere session. Each item
    of O(vchs) takes that module's options and means what they mean there; VCHs made by vic-machine work too.
  - The inventory is read once for all of them, each VCH's delta is computed locally, and the reconfigures (and
    restarts) run side by side, at most O(parallel) at a time, all awaited through one vSphere property filter. A
    converged VCH costs nothing but its share of that one read.
  - Every item's options are checked before anything is read or written; a wrong one fails the task with nothing
    changed, naming the item (V(vchs[1].dns_servers[0])). An item that cannot be planned against the inventory (no
    such VCH, an option fixed at creation that differs) fails in RV(results) with nothing of it written; the
    others go on.
  - A VCH that fails while being written is reported as failed in RV(results); the others go on, and the task
    fails after them, saying which failed. A rerun converges the ones that failed.
version_added: 0.2.0
author:
  - vic.vch maintainers (!UNKNOWN)
extends_documentation_fragment:
  - vic.vch.vsphere
options:
  vchs:
    description:
      - The VCHs, each with the options of M(vic.vch.vch_config) but O(timeout), which is the task's. Give each
        O(vchs[].name) or O(vchs[].moid).
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The VCH's name; give O(vchs[].name) or O(vchs[].moid).
        type: str
      moid:
        description: The managed object id of the VCH's appliance VM (V(vm-42)).
        type: str
      datacenter:
        description:
        - The datacenter to look for O(vchs[].name) in.
        - O(datacenter) when not given.
        type: str
      folder:
        description:
        - The VM folder to look for O(vchs[].name) in (V(vic/prod)).
        - O(folder) when not given.
        type: str
      list_mode:
        description:
        - V(replace) makes the lists given (O(vchs[].dns_servers), O(vchs[].container_networks),
          O(vchs[].volume_stores), the lists of O(vchs[].registries)) exactly what is given.
        - V(merge) adds to what is there (container networks by alias and volume stores by name are
          replaced when given again).
        - O(list_mode) when not given.
        type: str
        choices:
        - merge
        - replace
      fields:
        description:
        - Any other field of VIC's VCH configuration, by path (V(storage.scratch_size),
          V(executor_config.sessions[vicadmin].cmd.env)), to its value. The value must fit the field's type
          (addresses as text, networks in CIDR form).
        - Fields the guest writes are refused, and so are secret fields (give those in O(vchs[].secret_fields)).
        type: dict
      secret_fields:
        description:
        - Secret fields of VIC's VCH configuration (those VIC seals, such as V(certificate.host_certificate.key)),
          by path, to their value. Like O(vchs[].fields), but the values are never shown, neither
          in the task's invocation nor in errors or diffs (a secret shows as changed or unchanged).
        - A path that is not a secret field is refused (give it in O(vchs[].fields)).
        type: dict
      restart:
        description:
        - Power-cycle the appliance after a change (when it is on) so that it reloads its configuration.
        - A VCH that is powered off is powered on, so that a run interrupted between the power-off
          and the power-on is finished by the next one.
        - O(restart) when not given.
        type: bool
      bridge_network:
        description:
        - The port group of the containers' private bridge network (vic-machine C(--bridge-network)).
          Must not be the port group of the public, client or management network.
        type: str
      bridge_network_range:
        description:
        - The IP range, in CIDR form, from which bridge networks are allocated (C(--bridge-network-range)).
          M(vic.vch.vch_deploy) uses V(172.16.0.0/12) when not given.
        type: str
      public_network:
        description:
        - The network the appliance reaches the outside world on (C(--public-network)); a port group
          name, or a mapping with C(port_group), C(ip) (static address in CIDR form; DHCP when absent),
          C(gateway) and C(routes) (CIDR networks reached through that gateway).
        - vch_deploy uses the port group V(VM Network) when not given.
        type: raw
      client_network:
        description:
        - The network Docker clients use (C(--client-network)), same forms as O(vchs[].public_network);
          defaults to the public network.
        type: raw
      management_network:
        description:
        - The network the appliance reaches vSphere on (C(--management-network)), same forms as
          O(vchs[].public_network); defaults to the public network.
        type: raw
      dns_servers:
        description: DNS servers of the appliance's networks (C(--dns-server)), IP addresses.
        type: list
        elements: str
      container_networks:
        description: vSphere port groups that containers can attach to directly (C(--container-network)).
        type: list
        elements: dict
        suboptions:
          port_group:
            description: The port group.
            type: str
            required: true
          alias:
            description:
            - The name containers use for it (letters, digits, C(_), C(-)).
            - Defaults to O(vchs[].container_networks[].port_group).
            type: str
          gateway:
            description: The gateway and the network's mask, in CIDR form (V(10.10.10.1/24)).
            type: str
          ip_range:
            description: Addresses handed to containers, V(FIRST-LAST) or a CIDR network; needs a
              gateway.
            type: str
          dns:
            description: DNS servers for containers on this network.
            type: list
            elements: str
            default: []
          firewall:
            description: The network's trust level (C(--container-network-firewall)).
            type: str
            choices:
            - closed
            - open
            - outbound
            - peers
            - published
      image_store:
        description:
        - Where container images are stored, V(ds://DATASTORE/path) (C(--image-store)); defaults to
          a folder named after the VCH on O(vic.vch.vch_deploy#module:datastore).
        type: str
      volume_stores:
        description: Named locations for container volumes (C(--volume-store)).
        type: list
        elements: dict
        suboptions:
          name:
            description: The name containers use (V(default) is the default volume store).
            type: str
            required: true
          url:
            description: V(ds://DATASTORE/path) or V(nfs://host/path).
            type: str
            required: true
      registries:
        description: Registry access of the Docker endpoint.
        type: dict
        suboptions:
          insecure:
            description:
            - Registries reached over plain HTTP or without certificate checks (C(--insecure-registry)).
            - Left as it is when not given.
            type: list
            elements: str
          whitelist:
            description:
            - The only registries allowed (C(--whitelist-registry)).
            - Left as it is when not given.
            type: list
            elements: str
          ca:
            description: PEM certificates of registry certificate authorities (C(--registry-ca));
              left as it is when not given.
            type: str
      target:
        description:
        - The vSphere URL the appliance itself connects to (C(--target)), V(https://vcenter.example.com);
          its port layer gets it as C(VC_URL).
        - When M(vic.vch.vch_deploy) creates a VCH without it, the vCenter the task is connected to,
          as vic-machine does (V(https://host), with the port unless it is 443).
        type: str
      thumbprint:
        description:
        - The SHA-1 or SHA-256 fingerprint of the target's certificate (C(--thumbprint)), V(AA:BB:...),
          which the appliance checks the target against.
        - When M(vic.vch.vch_deploy) creates a VCH without it, the SHA-1 fingerprint of the certificate
          the target presents, read as vic-machine does; the task fails naming this option when that
          certificate cannot be read from the controller.
        type: str
      ops_user:
        description: The vSphere user the appliance operates as (C(--ops-user)).
        type: str
      ops_password:
        description:
        - The password of O(vchs[].ops_user) (C(--ops-password)). Stored as VIC does, encrypted (NaCl
          secretbox) under a C(@secret) key; never returned, logged or shown in a diff.
        type: str
      syslog_address:
        description: Where the appliance sends its logs, V(tcp://host:514) or V(udp://host:514) (C(--syslog-address)).
        type: str
      debug:
        description: The appliance's debug level (C(--debug)); vch_deploy uses V(0) when not given.
        type: int
        choices:
        - 0
        - 1
        - 2
        - 3
      proxies:
        description:
        - HTTP proxies of the Docker endpoint and the admin service (C(--http-proxy), C(--https-proxy),
          C(--no-proxy)).
        type: dict
        suboptions:
          http:
            description: The HTTP proxy URL.
            type: str
          https:
            description: The HTTPS proxy URL.
            type: str
          no_proxy:
            description: Hosts and domains reached without a proxy.
            type: list
            elements: str
            default: []
      endpoint_cpu:
        description: vCPUs of the appliance VM (C(--endpoint-cpu)); vch_deploy uses V(1) when not
          given.
        type: int
      endpoint_memory_mb:
        description: Memory of the appliance VM in MiB (C(--endpoint-memory)); vch_deploy uses V(2048)
          when not given.
        type: int
      appliance_iso:
        description:
        - The appliance's boot ISO (C(--appliance-iso)), a file on the controller or a datastore path
          that is already there, V([LocalDS_0] vic/appliance.iso).
        - A file is uploaded when the VCH is created, as vic-machine does - streamed into the VCH's
          directory on its datastore, named after its version (V(v1.5.6-21187-5a57dcb0-appliance.iso))
          - and attached as the appliance's CD-ROM; a failed creation removes it again, and so does
          removing the VCH. Used at creation only, so a later run uploads nothing; a retry after a
          lost reply sends nothing when the file landed (the same size and SHA-256).
        - The VIC version the VCH records is read from it (see O(vchs[].version)).
        - Required to create a VCH; an existing one does not need it.
        type: str
      bootstrap_iso:
        description:
        - The containerVMs' boot ISO (C(--bootstrap-iso)), a file on the controller (uploaded as O(vchs[].appliance_iso)
          is, V(<version>-bootstrap.iso)) or a datastore path; the VCH records where it is, and
          M(vic.vch.containervm_config) attaches it to each containerVM.
        type: str
      version:
        description:
        - The VIC version the VCH records (C(init/version)), as VIC writes it, V(v1.5.6-21187-5a57dcb0)
          (tag, build number, commit); the appliance compares the data version that goes with it to
          its own.
        - When M(vic.vch.vch_deploy) creates a VCH without it, the version the appliance ISO (O(vchs[].appliance_iso))
          names in its publisher field, read from the datastore as vic-machine reads it; an ISO that
          names none fails the task naming O(vchs[].appliance_iso). Fixed at creation.
        - VIC 1.1 to 1.5 are known.
        type: str
      container_name_convention:
        description: How containerVMs are named in vSphere (C(--container-name-convention)), e.g.
          V(web-{name}).
        type: str
      containers:
        description: The most containerVMs this VCH may run (C(--containers)), V(0) for no limit;
          VIC 1.5.2 and later enforce it (C(container/container_count)). Recorded with the create
          options too, as vic-machine does.
        type: int
      affinity_vm_group:
        description:
        - Keep the VCH's appliance and its containerVMs in a DRS VM group of its cluster named after
          the VCH (C(--affinity-vm-group)), for DRS rules to place them. The group is made with the
          appliance when the VCH is created (creation fails naming this option when the cluster has
          a group of that name already, or the VCH would run on a standalone host); M(vic.vch.containervm_config)
          adds and removes containerVMs as VIC does; removing the VCH removes it.
        - Given for an existing VCH, V(true) makes the group, or brings its members back to the appliance
          and its containerVMs (drift item C(vm_group)); V(false) removes it.
        type: bool
      storage_quota:
        description: The most storage, in GB, the VCH's images and containerVMs may use (C(--storage-quota)),
          V(0) for no quota; VIC 1.5 and later enforce it (C(storage/storage_quota), kept in bytes
          as VIC keeps it).
        type: int
      cpu:
        description:
        - The CPU limit of the VCH's resource pool, in MHz (C(--cpu)); V(0) is no limit.
        - This and the other resource pool options are set on the pool the VCH was created with, when
          given only, and their drift is reported as C(resource_pool.*) items; without them a new
          pool has no limit and no reservation of its own, and normal shares. A VCH that runs in its
          cluster's or host's own pool (no DRS) has none to set, and the task fails naming the option.
        type: int
      cpu_reservation:
        description: The CPU reservation of the VCH's resource pool, in MHz (C(--cpu-reservation));
          expandable.
        type: int
      cpu_shares:
        description: The CPU shares of the VCH's resource pool (C(--cpu-shares)), V(low), V(normal),
          V(high) or a number of shares.
        type: str
      memory:
        description: The memory limit of the VCH's resource pool, in MB (C(--memory)); V(0) is no
          limit.
        type: int
      memory_reservation:
        description: The memory reservation of the VCH's resource pool, in MB (C(--memory-reservation));
          expandable.
        type: int
      memory_shares:
        description: The memory shares of the VCH's resource pool (C(--memory-shares)), V(low), V(normal),
          V(high) or a number of shares.
        type: str
      tls_cname:
        description:
        - The common name of the Docker API's server certificate (C(--tls-cname)), the appliance's
          FQDN, static address or V(*.domain).
        - When not given, as vic-machine, the static address of the client network (or of the public
          or management network when clients come in there). Creating a VCH whose address comes from
          DHCP needs it to generate certificates for client authentication, unless O(vchs[].tls_cert_path)
          holds them already or O(vchs[].no_tlsverify) or O(vchs[].no_tls) is given; the task then
          fails naming it.
        - Given for an existing VCH, it must be the common name of its certificate (certificates are
          generated at creation only; O(vchs[].tls_server_cert) changes one).
        type: str
      tls_cert_path:
        description:
        - The folder of the Docker API's certificates (C(--tls-cert-path)) on the host the module
          runs on, by default, as vic-machine, a folder named after the VCH in the module's working
          directory - for a task on the controller (a local connection), the playbook's directory,
          where Ansible runs local modules.
        - At creation the certificates found there are reused (the server certificate's common name
          must be O(vchs[].tls_cname)); what is missing is generated there - V(ca.pem), V(ca-key.pem),
          V(server-cert.pem), V(server-key.pem), V(cert.pem), V(key.pem), keys readable by their owner
          only - all written at once, before the VCH is made, and kept if a later step fails, so that
          a rerun reuses them. A folder with other files is refused, as vic-machine refuses it.
        - It is what C(DOCKER_CERT_PATH) points Docker clients to (see the C(docker) of each result in RV(results)).
        type: path
      tls_server_cert:
        description:
        - The Docker API's server certificate (C(--tls-server-cert)), a PEM file on the host the module
          runs on, instead of a generated one; needs O(vchs[].tls_server_key). Replaces an existing
          VCH's certificate.
        type: path
      tls_server_key:
        description:
        - The private key of O(vchs[].tls_server_cert) (C(--tls-server-key)), an unencrypted PEM file;
          checked to be the certificate's key before anything is written. It is stored as a secret
          of the VCH, never shown.
        type: path
      tls_ca:
        description:
        - PEM files of the CAs that client certificates must chain to (C(--tls-ca)), instead of a
          generated CA. Replaces an existing VCH's client CAs.
        type: list
        elements: path
      no_tlsverify:
        description:
        - Serve the Docker API over TLS without verifying clients (C(--no-tlsverify)); a self-signed
          server certificate is generated when none is given or found, and no CA. On an existing VCH,
          drops its client CAs.
        type: bool
      no_tls:
        description:
        - No TLS at all (C(--no-tls)); the Docker API listens on port 2375 in the clear. On an existing
          VCH, removes its certificate and CAs. Cannot be combined with the other TLS options.
        type: bool
      organization:
        description:
        - The organization(s) recorded in generated certificates (C(--organization)); by default,
          as vic-machine, the VCH's name and the common name.
        type: list
        elements: str
      certificate_key_size:
        description:
        - The size of generated RSA keys, in bits (C(--certificate-key-size)), V(2048) (the default)
          to V(8192).
        type: int
  datacenter:
    description: The datacenter to look for the VCHs in, for every item that does not say.
    type: str
  folder:
    description: The VM folder to look for the VCHs in, for every item that does not say.
    type: str
  list_mode:
    description: O(vchs[].list_mode) of every item that does not say.
    type: str
    choices: [merge, replace]
    default: replace
  restart:
    description: O(vchs[].restart) of every item that does not say.
    type: bool
    default: false
  parallel:
    description: How many VCHs are written at the same time (1 to 64).
    type: int
    default: 8
  timeout:
    description: Seconds each vSphere task of the run (a reconfigure, a power operation) may take.
    type: int
    default: 300
attributes:
  check_mode:
    support: full
    description: Reports, per VCH, the keys that would change and the resulting configuration; changes nothing.
  diff_mode:
    support: full
    description: One diff per VCH that changes, headed by its name, as vch_config's.
seealso:
  - module: vic.vch.vch_config
  - module: vic.vch.containervm_fleet
"""

EXAMPLES = r"""
# The connection comes from module_defaults for group/vic.vch.vsphere or from VMWARE_HOST, VMWARE_USER,
# VMWARE_PASSWORD. The inventory names are those of the vCenter simulator (vcsim) the test suite runs these
# examples on, twice (the second run changes nothing).
- name: Hold two VCHs at the site's DNS servers, one with an extra insecure registry
  vic.vch.vch_fleet:
    vchs:
      - name: vch-1
        dns_servers: [10.10.0.2, 10.10.0.4]
      - name: vch-2
        dns_servers: [10.10.0.2, 10.10.0.4]
        registries: {insecure: ["registry.lab:5000"]}
    list_mode: merge
  register: held

- name: Say how it went
  ansible.builtin.debug:
    msg: "{{ held.summary }}"
"""

RETURN = r"""
results:
  description:
    - One result per item of O(vchs), in their order, each as M(vic.vch.vch_config) returns it (C(changed),
      C(changed_keys), C(vch), C(drift), C(config), C(docker), C(restarted)), and C(failed) with C(msg) for one
      that failed.
  returned: always
  type: list
  elements: dict
summary:
  description: How many VCHs were updated, left unchanged, and failed (and created and removed, always 0 here).
  returned: always
  type: dict
  sample: {"created": 0, "updated": 1, "removed": 0, "unchanged": 11, "failed": 0}
"""

from ansible_collections.vic.vch.plugins.module_utils.module_base import ModuleSpec, run_module
from ansible_collections.vic.vch.plugins.module_utils.vch.fleet import VCH_FLEET_ARGUMENT_SPEC, VchFleet

MODULE = ModuleSpec(VCH_FLEET_ARGUMENT_SPEC, lambda *run: VchFleet(*run).run())


def main():
    run_module(MODULE)


if __name__ == "__main__":
    main()
