# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's play and every module's EXAMPLES, taken from the docs as they stand and run on the simulator,
twice: the first run does the work, the second changes nothing (changed=0 for every task).

Only three things are the test's: the connection (module_defaults for group/vic.vch.vsphere, since the docs
cannot know the simulator's port), the appliance ISO file the examples name (a stand-in: the simulated appliance
never boots) and the world an example expects (the VCH it configures, the VM it removes), made first. Guests
publish while the plays run (tests/support/guest_simulator.py), so waits end as on a real vCenter.
"""

import ast
import os
import re
import sys
import textwrap

import pytest
import yaml
from pyVmomi import vim

from tests.support import builders
from tests.support.collection_path import REPO_ROOT
from tests.support.guest_tools import Hypervisor
from tests.support.inventory import exists, extra_config
from tests.support.iso import write_iso
from tests.support.modules import run_module
from tests.support.playbooks import ansible_playbook, guests, recap

OPS_PASSWORD, NEW_OPS_PASSWORD = "canary-Docs-Pa55", "canary-Docs-N3w"


def module_examples(module):
    """The tasks of a module's EXAMPLES, read from its source (not imported)."""
    with open(os.path.join(REPO_ROOT, "plugins", "modules", module + ".py")) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["EXAMPLES"]:
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no EXAMPLES" % module)


def readme_play():
    """The play of the README's "Use the modules" section: its first YAML block, and the tasks of the blocks after
    it (written indented, to go on under ``tasks:``)."""
    with open(os.path.join(REPO_ROOT, "README.md")) as handle:
        text = handle.read()
    section = text.split("\n## Use the modules\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    play = yaml.safe_load(blocks[0])
    for block in blocks[1:]:
        play[0]["tasks"].extend(yaml.safe_load(textwrap.dedent(block)))
    return play


def with_connection(play, vc):
    """The play with the simulator as its connection: module_defaults, as the README shows them."""
    for entry in play:
        entry.setdefault("module_defaults", {})["group/vic.vch.vsphere"] = vc.connection_params()
    return play


def as_play(tasks, **variables):
    return [{"name": "Examples", "hosts": "localhost", "connection": "local", "gather_facts": False,
             "vars": dict(ansible_python_interpreter="{{ ansible_playbook_python }}", **variables),
             "tasks": tasks}]


def run_twice(vc, tmp_path, play, env=None, inventory="localhost,"):
    """Run ``play`` twice; the first must succeed, the second must succeed and change nothing."""
    path = tmp_path / "play.yml"
    path.write_text(yaml.safe_dump(with_connection(play, vc), sort_keys=False))
    write_iso(str(tmp_path / "appliance.iso"))  # VIC's appliance ISO, next to the play as the examples have it
    outputs = []
    for run in ("first", "second"):
        rc, out = ansible_playbook(vc, path, "--diff", env=env, inventory=inventory)
        outputs.append(out)
        counts = recap(out).get("localhost")
        assert rc == 0 and counts and counts["failed"] == 0, (run, out[-4000:])
    assert recap(outputs[0])["localhost"]["changed"] > 0, outputs[0][-4000:]
    assert recap(outputs[1])["localhost"]["changed"] == 0, outputs[1][-4000:]
    for out in outputs:
        assert OPS_PASSWORD not in out and NEW_OPS_PASSWORD not in out
    return outputs


def deploy(vc, **options):
    result = run_module("vch_deploy", builders.vch_args(vc.connection_params(), ops_user="vic-ops@vsphere.local",
                                                        ops_password=OPS_PASSWORD, **options))
    assert result.get("failed") is None, result
    return result


def test_the_readme_play(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    with guests(vc):
        run_twice(vc, tmp_path, readme_play(), env={"VIC_OPS_PASSWORD": OPS_PASSWORD},
                  inventory=inventory(tmp_path, vic_ops_password=OPS_PASSWORD))
    assert exists(vc, vim.VirtualMachine, "vch-1") and exists(vc, vim.VirtualMachine, "web-1")


def test_vch_deploy_examples(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    deploy(vc, name="vch-old")  # the VCH the removal example removes
    with guests(vc):
        run_twice(vc, tmp_path, as_play(module_examples("vch_deploy"), vic_ops_password=OPS_PASSWORD))
    assert exists(vc, vim.VirtualMachine, "vch-1") and not exists(vc, vim.VirtualMachine, "vch-old")


def test_vch_config_examples(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    made = deploy(vc)
    out = run_twice(vc, tmp_path, as_play(module_examples("vch_config"), new_ops_password=NEW_OPS_PASSWORD,
                                          vch_moid=made["vch"]["moid"]))
    assert "storage.scratch_size" in out[0]  # the --diff speaks fields


def test_containervm_config_examples(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    deploy(vc, container_networks=[{"port_group": "DC0_DVPG2", "alias": "web", "gateway": "10.20.0.1/24",
                                    "ip_range": "10.20.0.10-10.20.0.100"}])
    removed = run_module("containervm_config", builders.containervm_args(vc.connection_params(), name="web-old"))
    assert removed.get("failed") is None, removed
    with guests(vc):
        run_twice(vc, tmp_path, as_play(module_examples("containervm_config")))
    assert exists(vc, vim.VirtualMachine, "web-1") and not exists(vc, vim.VirtualMachine, "web-old")


def test_containervm_fleet_examples(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    deploy(vc)
    for name in ("worker-old-1", "worker-old-2"):  # the containerVMs the removal example removes
        made = run_module("containervm_config", builders.containervm_args(vc.connection_params(), name=name))
        assert made.get("failed") is None, made
    with guests(vc):
        out = run_twice(vc, tmp_path, as_play(module_examples("containervm_fleet")))
    assert '"created": 4' in out[0] and '"unchanged": 4' in out[1], out[0]
    assert exists(vc, vim.VirtualMachine, "cache-1") and not exists(vc, vim.VirtualMachine, "worker-old-2")


def test_vch_fleet_examples(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    deploy(vc)
    deploy(vc, name="vch-2")
    out = run_twice(vc, tmp_path, as_play(module_examples("vch_fleet")))
    assert '"updated": 2' in out[0] and '"unchanged": 2' in out[1], out[0]


def test_guestinfo_read_examples(fresh_vcsim, tmp_path, monkeypatch):
    vc = fresh_vcsim
    deploy(vc, client_network={"port_group": "DC0_DVPG1", "ip": "10.10.0.5/24", "gateway": "10.10.0.1"},
           volume_stores=[{"name": "default", "url": "ds://LocalDS_0/volumes"}])
    made = run_module("containervm_config", builders.containervm_args(vc.connection_params()))
    assert made.get("failed") is None, made
    # inside the containerVM: VMware Tools answer with what the guest may see of its keys
    tools = Hypervisor(tmp_path, monkeypatch, dict((k, v) for k, v in extra_config(vc, "web-1").items()
                                                   if k.startswith("guestinfo.")))
    env = {"PATH": os.path.dirname(tools.rpctool) + os.pathsep + os.environ["PATH"]}
    # guestinfo_read changes nothing: the first run too reports changed=0, so run_twice's first check is relaxed
    path = tmp_path / "play.yml"
    path.write_text(yaml.safe_dump(with_connection(as_play(module_examples("guestinfo_read")), vc), sort_keys=False))
    for _run in range(2):
        rc, out = ansible_playbook(vc, path, "-v", env=env, inventory=inventory(tmp_path))
        counts = recap(out).get("localhost")
        assert rc == 0 and counts and counts["failed"] == 0 and counts["changed"] == 0, out[-4000:]
    assert "web-2" in out.split("Those that were not found", 1)[1].split("TASK", 1)[0]  # names not found
    assert len(tools.calls()) > 2  # the guest-side examples did ask VMware Tools


def inventory(tmp_path, **localhost_vars):
    """localhost, the host a guest-side example is delegated to (here, this machine with the stand-in tools),
    and the group of containerVMs an example names."""
    interpreter = "ansible_connection=local ansible_python_interpreter=%s" % sys.executable
    path = tmp_path / "hosts"
    path.write_text("localhost %s %s\ncontainer-guest %s\n\n[containers]\nweb-1\nweb-2\n\n[all:vars]\n"
                    "container_address=container-guest\n" % (
                        interpreter, " ".join("%s=%s" % item for item in localhost_vars.items()), interpreter))
    return str(path)


@pytest.mark.parametrize("module", ["vch_deploy", "vch_config", "containervm_config", "containervm_fleet",
                                    "vch_fleet", "guestinfo_read"])
def test_every_example_names_only_options_its_module_has(module):
    """An example the docs show is a task of the module it documents (or a debug of its result)."""
    tasks = module_examples(module)
    assert tasks and all(("vic.vch." + module) in task or "ansible.builtin.debug" in task for task in tasks)
