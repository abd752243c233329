# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets never leak: a canary vCenter password and a canary ops password (stored as VIC's connection token)
through a full deploy, drift (check + diff, then for real) and inspect run at -vvvv, with the default and the
JSON callbacks: neither appears in any output, result or diff, nor in any guestinfo.* key of any VM."""

import json
import os

from tests.support.collection_path import REPO_ROOT
from tests.support.playbooks import ansible_playbook, guests
from tests.support.inventory import connected, find
from pyVmomi import vim
from tests.support.vcsim import Vcsim

VCENTER_CANARY = "canary-VC-Pa55w0rd"
TOKEN_CANARY = "canary-Ops-T0ken"


def playbook(vc, name, *extra, tree=None):
    env = dict(ANSIBLE_CALLBACK_RESULT_FORMAT="json", VIC_OPS_PASSWORD=TOKEN_CANARY)
    if tree is not None:  # ansible-core's tree callback: every result as a JSON file
        env.update(ANSIBLE_CALLBACKS_ENABLED="ansible.builtin.tree", ANSIBLE_CALLBACK_TREE_DIR=str(tree))
    return ansible_playbook(vc, os.path.join(REPO_ROOT, "playbooks", name), "-vvvv", *extra, env=env)


def test_canaries_never_leak(tmp_path):
    with Vcsim(password=VCENTER_CANARY) as vc:
        with guests(vc):  # the guests publish their status, so the deploy's waits end
            check_runs(vc, tmp_path / "tree")


def check_runs(vc, tree):
    outputs = []
    runs = [("deploy.yml", ()), ("deploy.yml", ("--check", "--diff")), ("drift.yml", ("--check", "--diff")),
            ("drift.yml", ("--diff",)), ("inspect.yml", ())]
    for name, extra in runs:
        rc, out = playbook(vc, name, *extra)
        assert rc == 0, out[-3000:]
        outputs.append(out)
    rc, out = playbook(vc, "drift.yml", "--check", "--diff", tree=tree)
    assert rc == 0, out[-3000:]
    outputs.append(out)
    dumped = [open(os.path.join(tree, f)).read() for f in os.listdir(tree)]
    assert dumped and all(json.loads(text) for text in dumped)  # the callback's JSON of every result
    outputs.extend(dumped)

    for text in outputs:
        assert VCENTER_CANARY not in text
        assert TOKEN_CANARY not in text
    # the runs did show the masked value where the secret is
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in outputs[0]

    with connected(vc) as si:
        machines = find(si, vim.VirtualMachine, "vch-demo") + find(si, vim.VirtualMachine, "web-1")
        assert len(machines) == 2
        every_vm = si.RetrieveContent().viewManager.CreateContainerView(
            si.RetrieveContent().rootFolder, [vim.VirtualMachine], True).view
        checked = 0
        for machine in every_vm:
            for option in machine.config.extraConfig:
                if option.key.startswith("guestinfo."):
                    checked += 1
                    assert TOKEN_CANARY not in str(option.value), (machine.name, option.key)
                    assert VCENTER_CANARY not in str(option.value), (machine.name, option.key)
        assert checked > 300
        token = [o.value for o in machines[0].config.extraConfig if o.key == "guestinfo.vice./connect/token@secret"]
        assert token and token[0] not in ("", "<nil>")  # there, sealed


FAILING_VARS = """
vic_vcenter:
  hostname: "{{ lookup('ansible.builtin.env', 'VMWARE_HOST') }}"
  port: "{{ lookup('ansible.builtin.env', 'VMWARE_PORT') }}"
  username: "{{ lookup('ansible.builtin.env', 'VMWARE_USER') }}"
  password: "{{ lookup('ansible.builtin.env', 'VC_CANARY') }}"
  validate_certs: false
vic_vch:
  name: vch-demo
  datacenter: DC0
  cluster: DC0_C0
  datastore: LocalDS_0
  bridge_network: DC0_DVPG0
  ops_user: vic-ops@vsphere.local
  ops_password: "{{ lookup('ansible.builtin.env', 'VIC_OPS_PASSWORD') }}"
  appliance_iso: "{{ lookup('ansible.builtin.env', 'VIC_APPLIANCE_ISO') }}"
  tls_cname: vch-demo.example.test
  tls_cert_path: "{{ lookup('ansible.builtin.env', 'VIC_TLS_CERT_PATH') }}"
vic_containers:
  - {name: web-1, command: {path: /bin/true}}
  - {name: broken-1, command: {path: /bin/true}, networks: [{name: no-such-network}]}
vic_declared_vchs:
  - name: vch-demo
    debug: 1
    ops_password: "{{ lookup('ansible.builtin.env', 'VIC_OPS_PASSWORD') }}-changed"
  - name: vch-that-is-not-there
    ops_password: "{{ lookup('ansible.builtin.env', 'VIC_OPS_PASSWORD') }}"
vic_declared_containers:
  - {name: web-1, vch: vch-demo, command: {path: /bin/true}}
  - {name: broken-1, vch: vch-demo, command: {path: /bin/true}, networks: [{name: no-such-network}]}
"""

CONTAINERVM_ROLE_PLAY = """
- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/vic.vch.vsphere:
      password: "{{ lookup('ansible.builtin.env', 'VC_CANARY') }}"
  roles:
    - role: vic.vch.containervm
      containervm: {name: broken-2, vch: vch-demo, command: {path: /bin/true}, networks: [{name: no-such-network}]}
"""


def test_canaries_never_leak_when_items_fail(tmp_path):
    """Every playbook and role at -vvv, with items that fail (a containerVM on a network the VCH lacks, a
    declared VCH that does not exist), and the vCenter password given through module_defaults: the failed items,
    loop labels and registered results show neither password."""
    vars_file = tmp_path / "vars.yml"
    vars_file.write_text(FAILING_VARS)
    role_play = tmp_path / "containervm.yml"
    role_play.write_text(CONTAINERVM_ROLE_PLAY)
    env = dict(VC_CANARY=VCENTER_CANARY, VIC_OPS_PASSWORD=TOKEN_CANARY, VIC_TLS_CERT_PATH=str(tmp_path / "certs"))
    given = ("-vvv", "-e", "vic_vars_file=%s" % vars_file, "-e", "vic_wait=false")
    outputs = []
    with Vcsim(password=VCENTER_CANARY) as vc:
        for name, extra, succeeds in (("deploy.yml", (), False), ("drift.yml", ("--check", "--diff"), False),
                                      ("drift.yml", ("--diff",), False), ("inspect.yml", (), True)):
            rc, out = ansible_playbook(vc, os.path.join(REPO_ROOT, "playbooks", name), *(given + extra), env=env)
            assert (rc == 0) is succeeds, (name, out[-3000:])
            outputs.append(out)
        rc, out = ansible_playbook(vc, role_play, "-vvv", env=env)
        assert rc != 0 and "networks[0].name" in out, out[-3000:]
        outputs.append(out)
        rc, out = ansible_playbook(vc, os.path.join(REPO_ROOT, "playbooks", "teardown.yml"), *given, env=env)
        assert rc == 0, out[-3000:]
        outputs.append(out)
    # the failures happened where expected, and say why
    # the containerVMs are one containervm_fleet task, which refuses a wrong item before writing, naming it
    assert "containers[1].networks[0].name" in outputs[0]
    assert "vchs[1]: " in outputs[1] and "vch-that-is-not-there" in outputs[1]  # that item of vch_fleet failed
    assert "connection.token" in outputs[2]  # the changed ops password was reported, as a field, without a value
    for text in outputs:
        assert VCENTER_CANARY not in text and TOKEN_CANARY not in text
