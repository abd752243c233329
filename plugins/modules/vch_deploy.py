#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vch_deploy
short_description: Deploy, converge or remove a VIC Virtual Container Host
description:
  - Creates the VCH appliance VM (in a resource pool named after it, as VIC does) with its whole configuration
    encoded into extraConfig exactly as VMware's vic-machine wrote it, powers it on and, with O(wait), waits for
    the appliance to publish its client address and the start status of its services.
  - Creation never adopts what exists; a resource pool already named like the VCH fails the task (naming O(name)).
    What the run makes (the folders of O(folder) that did not exist, the pool, the VM) is made provably its own
    -- a folder or pool under a name unique to the run until it is complete, the VM with an instance UUID the run
    chose -- so that a failed run removes exactly that, never what another run made, even when a reply was lost.
    The VCH records the pool and folders it made (hidden keys under C(vic.vch/), which VIC ignores).
  - On an existing VCH (deployed by this collection or by vic-machine) it converges only the options given, as
    M(vic.vch.vch_config) does. Their keys changed or removed out of band are restored, in one reconfigure
    carrying the configuration's change version, and no other key is touched (creation's defaults are not
    applied again, so vch_deploy and vch_config never undo each other). An option fixed at creation whose value
    differs from the VCH's fails the task naming it, with nothing written. A converged VCH costs no reconfigure.
  - O(state=absent) powers the VCH off and removes it, with its containerVMs (VMs of its pool whose configuration
    is a containerVM's) when O(delete_containers) allows, then the resource pool and folders it made, when they are
    empty. Any other VM is never touched; what is left, and why, is returned in RV(left). A VCH made by
    vic-machine has no record; as vic-machine delete does, its pool is removed when empty if its configuration
    names it and it is named after the VCH.
  - Placement options (O(datacenter), O(folder), O(cluster), O(host), O(resource_pool), O(datastore)) and
    O(appliance_iso) are used at creation; an existing VCH is not moved.
  - Keys the appliance publishes at run time (addresses, start status) are never overwritten.
version_added: 0.1.0
author:
  - vic.vch maintainers (!UNKNOWN)
extends_documentation_fragment:
  - vic.vch.vsphere
  - vic.vch.vch_options
options:
  name:
    description: The VCH's name (the appliance VM and its resource pool).
    type: str
    required: true
  state:
    description: Whether the VCH should exist.
    type: str
    choices: [present, absent]
    default: present
  datacenter:
    description: The datacenter; needed only when there are several.
    type: str
  folder:
    description: The VM folder for the appliance, a path under the datacenter's VM folder (V(vic/prod)); missing
      folders are created.
    type: str
  cluster:
    description: The cluster to run the VCH in. Give at most one of O(cluster), O(host) and O(resource_pool);
      none is fine when the datacenter has a single compute resource.
    type: str
  host:
    description: The ESXi host to run the VCH on.
    type: str
  resource_pool:
    description: The resource pool (name or inventory path) in which the VCH's own pool is created.
    type: str
  datastore:
    description: The datastore for the appliance's files; required with O(state=present).
    type: str
  power_on:
    description: Power the appliance on after creating it (and when it is found off).
    type: bool
    default: true
  wait:
    description: Wait until the appliance publishes its client address and that its services started.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait with O(wait), and the most each vSphere task of the run (creating, reconfiguring,
        powering, removing) may take. A wait whose reply is lost is recovered by reading the state again.
    type: int
    default: 300
  keep_on_failure:
    description: Keep a half-made VCH for inspection instead of removing what this run created.
    type: bool
    default: false
  delete_containers:
    description: With O(state=absent), also remove the VCH's containerVMs; without it, a VCH that still has
      containerVMs is not removed.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports what would be created or changed, including the keys, and changes nothing.
  diff_mode:
    support: full
    description: Before and after of each changed field, as in RV(drift) (secrets only said to change); for a
      new VM, its whole configuration, secrets masked.
notes:
  - Secret values (O(ops_password)) are encrypted with the VM's key in C(guestinfo.ovfEnv), as VIC does. Where
    the API hides that key (real vCenter), it is read from the VM's .vmx file. When the key is damaged or cannot be
    read, other changes still go through and the sealed values are left as they are; given the VCH's secrets,
    vch_deploy seals them under a new key.
  - A lost reply is recovered by reading what is there (the object a creation marks, the power state, whether a
    removed object is gone, a task's state); a run that fails after writing something reports C(changed=true), and
    its rerun finishes the work.
seealso:
  - module: vic.vch.vch_config
"""

EXAMPLES = r"""
# The connection comes from module_defaults for group/vic.vch.vsphere (hostname, username, password, ...) or from
# VMWARE_HOST, VMWARE_USER, VMWARE_PASSWORD, as with vmware.vmware. The inventory names are those of the vCenter
# simulator (vcsim) the test suite runs these examples on, twice (the second run changes nothing).
- name: Deploy a VCH
  vic.vch.vch_deploy:
    name: vch-1
    datacenter: DC0
    cluster: DC0_C0
    folder: vic
    datastore: LocalDS_0
    bridge_network: DC0_DVPG0
    public_network: VM Network
    client_network:
      port_group: DC0_DVPG1
      ip: 10.10.0.5/24
      gateway: 10.10.0.1
    dns_servers: [10.10.0.2]
    container_networks:
      - port_group: DC0_DVPG2
        alias: web
        gateway: 10.20.0.1/24
        ip_range: 10.20.0.10-10.20.0.100
        firewall: published
    volume_stores:
      - name: default
        url: ds://LocalDS_0/volumes
    registries:
      insecure: [registry.lab:5000]
    ops_user: vic-ops@vsphere.local
    ops_password: "{{ vic_ops_password }}"
    appliance_iso: "{{ playbook_dir }}/appliance.iso"  # VIC's, uploaded when the VCH is created
    wait: true

- name: Remove a VCH no longer wanted, with its containerVMs
  vic.vch.vch_deploy:
    name: vch-old
    state: absent
    delete_containers: true
"""

RETURN = r"""
left:
  description: With O(state=absent), what was not removed and why (a VM that is no containerVM, a pool or folder
    that is not empty or was not made by vch_deploy).
  returned: when O(state=absent) and the VCH existed
  type: list
  elements: str
  sample: ["VM app-db-1 (not a containerVM: never touched)", "resource pool vch-1 (not empty: app-db-1)"]
changed_keys:
  description: The extraConfig keys created, changed or removed (all keys of a new VCH).
  returned: always
  type: list
  elements: str
  sample: ["guestinfo.vice./registry/insecure_registries~"]
drift:
  description:
    - What differs, one item a field of VIC's configuration, with C(field) (its path in the schema), C(option) (the
      option that sets it, null for none), C(before) and C(after) as people write them (dotted addresses, CIDRs,
      URLs, lists; null where absent), and C(raw), the extraConfig keys behind it with their stored values.
    - A secret is never shown, in any of them; its item says V((secret\)) before and V((secret, changed\)) after.
    - Empty when nothing changes.
  returned: when the VCH existed (drift correction)
  type: list
  elements: dict
  sample: [{"field": "connection.token", "option": "ops_password", "before": "(secret)",
            "after": "(secret, changed)",
            "raw": [{"key": "guestinfo.vice./connect/token@secret", "before": "********", "after": "********"}]}]
vch:
  description: The VCH.
  returned: always
  type: dict
  contains:
    name:
      description: Its name.
      type: str
      sample: vch-1
    moid:
      description: The appliance VM's managed object id (none in check mode before creation).
      type: str
      sample: vm-42
    power_state:
      description: V(poweredOn), V(poweredOff), or V(absent) after removal.
      type: str
    client_ip:
      description: The client address the appliance published (with O(wait)).
      type: str
      returned: when published
      sample: 10.10.0.5
    sessions:
      description: Each service's published start status (V(true), or the error), with O(wait).
      type: dict
      returned: with wait
      sample: {"docker-personality": "true", "port-layer": "true", "vicadmin": "true"}
    docker:
      description:
        - How Docker clients reach the VCH, as vic-machine prints it after create. C(tls) is V(verify) (clients
          need a certificate the VCH's CAs signed), V(server) (TLS, no client certificate) or V(none); C(port)
          2376 with TLS, 2375 without; C(docker_host), C(command) and C(admin_portal) once the client address is
          known (published); C(cert_path) the folder with the client certificate, when it is there; C(env) the
          environment lines (C(DOCKER_TLS_VERIFY), C(DOCKER_CERT_PATH), C(DOCKER_HOST), C(COMPOSE_TLS_VERSION)).
      type: dict
      returned: with O(state=present)
      sample: {"tls": "verify", "port": 2376, "docker_host": "10.10.0.5:2376", "cert_path": "/home/me/vch-1",
               "env": ["DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=/home/me/vch-1", "DOCKER_HOST=10.10.0.5:2376",
                       "COMPOSE_TLS_VERSION=TLSv1_2"],
               "command": "docker -H 10.10.0.5:2376 --tlsverify info", "admin_portal": "https://10.10.0.5:2378"}
    certificates_generated:
      description: The files of O(tls_cert_path) generated by this run (written unless in check mode); empty when
        the certificates were found there or given.
      type: list
      elements: str
      returned: when the VCH is created
      sample: ["ca-key.pem", "ca.pem", "cert.pem", "key.pem", "server-cert.pem", "server-key.pem"]
removed:
  description: The VMs removed (the appliance first, then its containerVMs), with O(state=absent).
  returned: when state is absent and the VCH existed
  type: list
  elements: str
"""

from ansible_collections.vic.vch.plugins.module_utils.module_base import ModuleSpec, run_module
from ansible_collections.vic.vch.plugins.module_utils.vch.deploy import VchDeploy
from ansible_collections.vic.vch.plugins.module_utils.vch.options import DEPLOY_ARGUMENT_SPEC, DEPLOY_MUTUALLY_EXCLUSIVE


MODULE = ModuleSpec(DEPLOY_ARGUMENT_SPEC, lambda *run: VchDeploy(*run).run(),
                    mutually_exclusive=DEPLOY_MUTUALLY_EXCLUSIVE)


def main():
    run_module(MODULE)


if __name__ == "__main__":
    main()
