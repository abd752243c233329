# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' action plugin (plugins/plugin_utils/on_controller.py): a task on the controller, on the Python
that runs ansible-playbook, is done in the worker; the result is the module's, to the byte, with the same checks,
masking, working directory and environment; anywhere else the module runs as before."""

import json
import os

import pytest

from tests.support import builders
from tests.support.iso import write_iso
from tests.support.modules import run_module
from tests.support.playbooks import LOCALHOST_PLAY_HEAD, ansible_playbook, recap

CANARY = "canary-OnCtl-Pa55"

PLAY = LOCALHOST_PLAY_HEAD + """  tasks:
    - name: Hold the VCH's DNS servers
      vic.vch.vch_config:
        name: vch-1
        dns_servers: [10.10.0.2]
        ops_password: "%(canary)s"
      register: held
    - name: Report on two containerVMs
      vic.vch.containervm_fleet:
        vch: vch-1
        containers:
          - {name: c-1, command: {path: /bin/true}, stop_signal: SIGINT}
          - {name: c-2, command: {path: /bin/true}}
      check_mode: true
      register: fleet
    - name: Refuse a bad option
      vic.vch.containervm_config:
        name: c-3
        vch: vch-1
        command: {path: /bin/true}
        cpus: 0
      register: refused
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'held': held, 'fleet': fleet, 'refused': refused} | to_json }}"
        dest: "{{ playbook_dir }}/results-%(label)s.json"
        mode: "0600"
"""


@pytest.fixture
def deployed(fresh_vcsim):
    vc = fresh_vcsim
    made = run_module("vch_deploy", builders.vch_args(vc.connection_params(), ops_user="ops@vsphere.local",
                                                      ops_password=CANARY, dns_servers=["10.10.0.9"]))
    assert made.get("failed") is None, made
    assert run_module("containervm_config", builders.containervm_args(vc.connection_params(), name="c-1"))["changed"]
    return vc


def play(vc, tmp_path, label, *args, env=None):
    path = tmp_path / ("play-%s.yml" % label)
    path.write_text(PLAY % {"canary": CANARY, "label": label})
    rc, out = ansible_playbook(vc, path, *args, env=env)
    assert rc == 0 and recap(out)["localhost"]["failed"] == 0, out[-4000:]
    return out, json.loads((tmp_path / ("results-%s.json" % label)).read_text())


def comparable(result):
    """A registered result without what differs by nature between two runs and two paths: the traceback's text
    (its frames) and Ansible's own marks."""
    return dict((k, v) for k, v in result.items() if k not in ("exception", "_ansible_no_log"))


def test_the_same_results_in_the_worker_as_from_the_module(deployed, tmp_path):
    vc = deployed
    before = len(vc.soap_requests())
    out_here, here = play(vc, tmp_path, "here", "-vvv")
    requests_here = vc.soap_requests()[before:]
    # the VCH's DNS servers changed; put them back, so the module's run starts where the worker's did
    assert run_module("vch_config", dict(vc.connection_params(), name="vch-1", dns_servers=["10.10.0.9"]))["changed"]
    before = len(vc.soap_requests())
    out_module, module = play(vc, tmp_path, "module", "-vvv", env={"VIC_VCH_ON_CONTROLLER": "false"})
    requests_module = vc.soap_requests()[before:]

    # done in the worker: no module payload was built or shipped for the collection's modules
    assert "AnsiballZ_vch_config.py" not in out_here and "AnsiballZ_containervm_fleet.py" not in out_here
    assert "AnsiballZ_vch_config.py" in out_module and "AnsiballZ_containervm_fleet.py" in out_module
    for name in ("held", "fleet", "refused"):
        assert comparable(here[name]) == comparable(module[name]), name
    assert here["held"]["changed"] is True and "dns_servers" in [d["option"] for d in here["held"]["drift"]]
    assert here["fleet"]["summary"] == {"created": 1, "updated": 1, "removed": 0, "unchanged": 0, "failed": 0}
    assert here["refused"]["failed"] is True and "cpus" in here["refused"]["msg"]
    # the same vSphere requests, in the same order
    assert requests_here == requests_module
    # the no_log option masked wherever the result shows it, the secret nowhere
    for out in (out_here, out_module):  # -vvv shows the invocation
        assert '"ops_password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in out
    assert CANARY not in out_here and CANARY not in out_module


def test_the_task_environment_and_working_directory_are_the_modules(deployed, tmp_path):
    vc = deployed
    path = tmp_path / "play.yml"
    path.write_text(LOCALHOST_PLAY_HEAD + """  tasks:
    - name: The connection from the task's environment, the ISO and the certificates beside the playbook
      vic.vch.vch_deploy:
        name: vch-2
        datastore: LocalDS_0
        cluster: DC0_C0
        bridge_network: DC0_DVPG0
        tls_cname: vch-2.example.test
        appliance_iso: appliance.iso
      environment:
        VMWARE_HOST: "%s"
        VMWARE_PORT: "%d"
        VMWARE_USER: "%s"
        VMWARE_PASSWORD: "%s"
        VMWARE_VALIDATE_CERTS: "false"
      register: made
    - name: Say where
      ansible.builtin.debug:
        msg: "cert_path={{ made.vch.docker.cert_path }}"
""" % (vc.hostname, vc.port, vc.username, vc.password))
    write_iso(str(tmp_path / "appliance.iso"))  # named relative to the playbook, as a local module sees it
    # the controller's own variables point elsewhere: the task's environment wins, as it does for a module
    env = {"VMWARE_HOST": "nowhere.invalid", "VMWARE_USER": "nobody", "VMWARE_PASSWORD": "wrong"}
    rc, out = ansible_playbook(vc, path, env=env)
    assert rc == 0 and recap(out)["localhost"]["failed"] == 0, out[-4000:]
    assert "cert_path=%s" % (tmp_path / "vch-2") in out, [line for line in out.splitlines() if "msg" in line]
    assert (tmp_path / "vch-2" / "ca.pem").is_file() and not os.path.exists("vch-2")  # not where pytest runs
