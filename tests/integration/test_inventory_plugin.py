# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugin vic.vch.vic through ansible-inventory (--list, --graph, --host) and ansible-playbook, on
the simulator: VCHs made by vch_deploy and by vic-machine, their containerVMs, a user's VMs left out, one
retrieval however many VMs, groups, hostvars, constructed groups and the cache."""

import collections
import re
import json
import os
import subprocess
import sys

import pytest

from tests.support import builders
from tests.support.collection_path import REPO_ROOT, collections_root
from tests.support.inventory import set_extra_config
from tests.support.modules import run_module
from tests.support.playbooks import ansible_playbook, recap

FIXTURES = os.path.join(REPO_ROOT, "tests", "fixtures")
CANARY = "canary-Inv-Pa55"


def plain(value):
    """ansible-inventory's JSON with its marks of untrusted text (ansible-core 2.19's {"__ansible_unsafe": ...})
    taken off: values from vSphere are never templated, as they should not be."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def listed(vc, source, *args):
    """ansible-inventory --list as plain data."""
    return plain(json.loads(ansible_inventory(vc, source, "--list", *args)[0]))


def ansible_inventory(vc, source, *args, env=None):
    full_env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1",
                    ANSIBLE_INVENTORY_ENABLED="vic.vch.vic", **vc.environment())
    full_env.update(env or {})
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(source)]
                          + list(args), capture_output=True, text=True, env=full_env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout, proc.stderr


@pytest.fixture
def world(fresh_vcsim):
    """vch-1 (vch_deploy, a client address, TLS, an ops password) with web-1 and web-2, a VCH vic-machine made
    (VIC's real keys), and a user's VM: what a vCenter running VIC holds."""
    vc = fresh_vcsim
    made = run_module("vch_deploy", builders.vch_args(
        vc.connection_params(), ops_user="ops@vsphere.local", ops_password=CANARY,
        client_network={"port_group": "DC0_DVPG1", "ip": "10.10.0.5/24", "gateway": "10.10.0.1"},
        volume_stores=[{"name": "default", "url": "ds://LocalDS_0/volumes"}]))
    assert made.get("failed") is None, made
    fleet = run_module("containervm_fleet", dict(vc.connection_params(), vch="vch-1", containers=[
        {"name": "web-1", "command": {"path": "/bin/true"}},
        {"name": "web-2", "command": {"path": "/bin/true"}, "power_on": False}]))
    assert fleet.get("failed") is None, fleet
    for name in ("vic-made", "user-vm"):
        vc.govc("vm.create", "-on=false", "-ds", "LocalDS_0", "-net", "VM Network", "-pool",
                "/DC0/host/DC0_C0/Resources", name)
    with open(os.path.join(FIXTURES, "vic-real-vch.json")) as handle:
        vic_keys = json.load(handle)["extraConfig"]
    set_extra_config(vc, "vic-made", dict((k, v if v != "" else "<nil>") for k, v in vic_keys.items()))
    return vc


def source(tmp_path, **options):
    path = tmp_path / "vcenter.vic.yml"
    path.write_text(json.dumps(dict({"plugin": "vic.vch.vic", "validate_certs": False}, **options)))
    return path


def test_list_graph_and_host(world, tmp_path):
    vc = world
    before = len(vc.soap_requests())
    out, err = ansible_inventory(vc, source(tmp_path), "--list")
    calls = collections.Counter(vc.soap_requests()[before:])
    inventory = plain(json.loads(out))
    hostvars = inventory["_meta"]["hostvars"]
    assert sorted(hostvars) == ["vch-1", "vic-made", "web-1", "web-2"]  # the user's VM is not VIC's
    assert sorted(inventory["vic_vchs"]["hosts"]) == ["vch-1", "vic-made"]
    assert sorted(inventory["vic_containervms"]["hosts"]) == ["web-1", "web-2"]
    assert sorted(inventory["vch_vch_1"]["hosts"]) == ["vch-1", "web-1", "web-2"]
    assert inventory["vch_vic_made"]["hosts"] == ["vic-made"]
    assert "web-2" in inventory["vic_poweredOff"]["hosts"] and "web-1" in inventory["vic_poweredOn"]["hosts"]
    # one retrieval for every VM
    assert calls == collections.Counter(RetrieveServiceContent=1, Login=1, RetrievePropertiesEx=1, Logout=1)

    vch = hostvars["vch-1"]
    assert vch["vic_kind"] == "vch" and vch["vic_moid"].startswith("vm-") and vch["vic_vch"] == "vch-1"
    assert vch["vic_config"]["connection"]["token"] == "********"
    assert vch["vic_inspect"]["networks"]["client"] == {"port_group": "DC0_DVPG1", "address": "10.10.0.5/24",
                                                        "static": True, "gateway": "10.10.0.1/24"}
    assert vch["vic_inspect"]["storage"]["volume_stores"] == {"default": "ds://LocalDS_0/volumes"}
    assert vch["vic_inspect"]["docker_tls"] == "verify" and vch["vic_docker_host"] is None  # nothing published yet
    assert hostvars["web-1"]["vic_vch"] == "vch-1" and hostvars["web-1"]["vic_kind"] == "containervm"
    made_by_vic = hostvars["vic-made"]["vic_inspect"]
    assert made_by_vic["version"] == "v1.1.0-rc3-10373-65a1889" == hostvars["vic-made"]["vic_version"]
    assert made_by_vic["networks"]["client"]["address"] == "10.192.168.57/19"
    assert "ansible_host" not in vch and hostvars["vic-made"]["ansible_host"] == "10.192.168.57"
    assert CANARY not in out + err

    graph, _err = ansible_inventory(vc, source(tmp_path), "--graph")
    assert "@vch_vch_1:" in graph and "|--web-1" in graph
    host, _err = ansible_inventory(vc, source(tmp_path), "--host", "web-1")
    assert plain(json.loads(host))["vic_status"]["started"] == ""


def test_published_addresses_filters_and_constructed_groups(world, tmp_path):
    vc = world
    set_extra_config(vc, "vch-1", {"guestinfo.vice..init.networks|client.assigned.IP": "CgoABQ=="})  # 10.10.0.5
    path = source(tmp_path, vchs=["vch-1"], containervms=True,
                  keyed_groups=[{"key": "vic_power_state", "prefix": "power"}],
                  groups={"running_containers": "vic_kind == 'containervm' and vic_power_state == 'poweredOn'"},
                  compose={"docker_endpoint": "vic_docker_host"})
    inventory = listed(vc, path)
    hostvars = inventory["_meta"]["hostvars"]
    assert sorted(hostvars) == ["vch-1", "web-1", "web-2"]  # vchs filters
    assert hostvars["vch-1"]["ansible_host"] == "10.10.0.5"
    assert hostvars["vch-1"]["vic_docker_host"] == "10.10.0.5:2376" == hostvars["vch-1"]["docker_endpoint"]
    assert hostvars["vch-1"]["vic_inspect"]["admin_portal"] == "https://10.10.0.5:2378"
    assert inventory["running_containers"]["hosts"] == ["web-1"]
    assert "web-2" in inventory["power_poweredOff"]["hosts"]
    only_vchs = listed(vc, source(tmp_path, containervms=False, datacenters=["DC0"]))
    assert sorted(only_vchs["_meta"]["hostvars"]) == ["vch-1", "vic-made"]
    elsewhere = listed(vc, source(tmp_path, datacenters=["DC9"]))
    assert not elsewhere["_meta"]["hostvars"]
    # by VM folder: vic-made moved into a folder of its own
    vc.govc("folder.create", "/DC0/vm/legacy")
    vc.govc("object.mv", "/DC0/vm/vic-made", "/DC0/vm/legacy")
    in_folder = listed(vc, source(tmp_path, folders=["legacy"]))
    assert sorted(in_folder["_meta"]["hostvars"]) == ["vic-made"]
    assert in_folder["_meta"]["hostvars"]["vic-made"]["vic_path"] == "/DC0/vm/legacy/vic-made"


def test_the_cache_answers_without_vsphere(world, tmp_path):
    vc = world
    cache = tmp_path / "cache"
    path = source(tmp_path, cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(cache))
    first = listed(vc, path)
    before = len(vc.soap_requests())
    second = listed(vc, path)
    assert vc.soap_requests()[before:] == [] and first == second  # from the cache
    refreshed = listed(vc, path, "--flush-cache")
    assert len(vc.soap_requests()) > before and refreshed == first


def test_plays_target_a_vchs_group(world, tmp_path):
    vc = world
    inventory = source(tmp_path)
    play = tmp_path / "play.yml"
    play.write_text("""
- name: Every containerVM of vch-1, from the inventory
  hosts: vch_vch_1:&vic_containervms
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Read what each published
      vic.vch.guestinfo_read:
        moid: "{{ vic_moid }}"
        schema: containervm
        validate_certs: false
      register: read
    - name: Say it
      ansible.builtin.debug:
        msg: "{{ inventory_hostname }} of {{ vic_vch }}: {{ read.power_state }}"
""")
    rc, out = ansible_playbook(vc, play, inventory=str(inventory))
    assert rc == 0, out[-3000:]
    assert "web-1 of vch-1: poweredOn" in out and "web-2 of vch-1: poweredOff" in out
    assert recap(out)["web-1"]["failed"] == 0 and "vch-1" not in recap(out)


def test_a_wrong_password_is_said_clearly(world, tmp_path):
    vc = world
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1",
               ANSIBLE_INVENTORY_ENABLED="vic.vch.vic", **vc.environment())
    env["VMWARE_PASSWORD"] = CANARY
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i",
                           str(source(tmp_path)), "--list"], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert "wrong user name or password" in proc.stderr and CANARY not in proc.stdout + proc.stderr


def readme_section():
    """The README's inventory section: (the inventory file, the commands, the plays), as written."""
    with open(os.path.join(REPO_ROOT, "README.md")) as handle:
        text = handle.read()
    section = text.split("\n## Find VCHs and containerVMs: the inventory plugin\n", 1)[1].split("\n## ", 1)[0]
    yaml_blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    commands = re.findall(r"```bash\n(.*?)```", section, re.DOTALL)[0]
    return yaml_blocks[0], [line.split("#", 1)[0].split() for line in commands.splitlines() if line.strip()], \
        yaml_blocks[1]


def test_the_readme_section_as_written_twice(world, tmp_path):
    vc = world
    inventory_file, commands, plays = readme_section()
    (tmp_path / "vcenter.vic.yml").write_text(inventory_file)
    for command in commands:
        assert command[0] == "ansible-inventory"
        out, _err = ansible_inventory(vc, tmp_path / "vcenter.vic.yml", *command[3:])
        assert "vch-1" in out
    (tmp_path / "site.yml").write_text(plays)
    for run in ("first", "second"):
        rc, out = ansible_playbook(vc, tmp_path / "site.yml", inventory=str(tmp_path / "vcenter.vic.yml"))
        counts = recap(out)
        assert rc == 0 and all(c["failed"] == 0 for c in counts.values()), (run, out[-3000:])
        assert "web-1: poweredOn, started=not yet" in out and "web-2: poweredOff" in out
        changed = dict((host, c["changed"]) for host, c in counts.items())
        if run == "first":
            assert changed["vch-1"] == 1 and changed["vic-made"] == 1, out[-3000:]  # both VCHs held
        else:
            assert set(changed.values()) == {0}, out[-3000:]
