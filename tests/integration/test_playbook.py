# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vch_deploy through ansible-playbook itself (AnsiballZ packaging, module_defaults groups, no_log, -vvvv)."""

import json
import os
import subprocess
import sys

from tests.support.iso import appliance_iso_file
from tests.support.collection_path import collections_root

PASSWORD = "canary-Playbook-Pa55"

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    vch: &vch
      name: vch-pb
      datacenter: DC0
      cluster: DC0_C0
      datastore: LocalDS_0
      bridge_network: DC0_DVPG0
      public_network: VM Network
      ops_user: ops@vsphere.local
      ops_password: "%(password)s"
      appliance_iso: "%(iso)s"
      tls_cname: vch-pb.example.test   # its address comes from DHCP: the Docker API certificate's name
  module_defaults:
    group/vic.vch.vsphere:
      hostname: "%(hostname)s"
      port: %(port)d
      username: "%(username)s"
      password: "%(vc_password)s"
      validate_certs: false
  tasks:
    - name: Report what a deploy would do
      vic.vch.vch_deploy: *vch
      check_mode: true
      register: planned
    - name: Deploy
      vic.vch.vch_deploy: *vch
      register: first
    - name: Deploy again
      vic.vch.vch_deploy: *vch
      register: second
    - name: The first run changed things, the second nothing
      ansible.builtin.assert:
        that:
          - planned is changed
          - first is changed
          - second is not changed
          - second.changed_keys == []
          - first.vch.power_state == "poweredOn"
    - name: Remove it
      vic.vch.vch_deploy:
        name: vch-pb
        state: absent
"""


def test_deploy_through_ansible_playbook(vcsim, tmp_path):
    playbook = tmp_path / "deploy.yml"
    playbook.write_text(PLAYBOOK % dict(password=PASSWORD, hostname=vcsim.hostname, port=vcsim.port,
                                        username=vcsim.username, vc_password=vcsim.password,
                                        iso=appliance_iso_file()))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_STDOUT_CALLBACK="default",
               ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    playbook_cmd = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    proc = subprocess.run([playbook_cmd, "-i", "localhost,", "-c", "local", "--diff", "-vvvv", str(playbook)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert "failed=0" in output and "changed=3" in output
    assert PASSWORD not in output


def test_sanity_of_module_documentation():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1")
    doc = os.path.join(os.path.dirname(sys.executable), "ansible-doc")
    proc = subprocess.run([doc, "--json", "-t", "module", "vic.vch.vch_deploy"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    options = json.loads(proc.stdout)["vic.vch.vch_deploy"]["doc"]["options"]
    for name in ("hostname", "password", "name", "state", "bridge_network", "ops_password", "container_networks",
                 "wait", "keep_on_failure", "delete_containers"):
        assert name in options, name
    assert options["password"].get("no_log", True)


def test_inspect_with_a_relative_vars_file_and_nothing_found(vcsim, tmp_path):
    """vic_vars_file relative to where ansible-playbook runs is found; a name that does not exist is said, not a
    crash."""
    (tmp_path / "mine.yml").write_text(
        "vic_vcenter: {hostname: %s, port: %d, username: %s, password: %s, validate_certs: false}\n"
        "vic_vch: {name: nothing-here}\nvic_containers: []\n"
        % (vcsim.hostname, vcsim.port, vcsim.username, vcsim.password))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "vic.vch.inspect",
                           "-e", "vic_vars_file=mine.yml"], cwd=str(tmp_path), capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert "nothing-here: not found" in output
