# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an adversarial user tries: two runs racing on one name or one new folder, a damaged key of the secret
values, secrets given by field path -- against vcsim, through the modules (and ansible-playbook at -vvvv)."""

import base64
import json
import threading

import nacl.secret
from pyVmomi import vim

from tests.support import builders
from tests.support.inventory import exists, extra_config, names, set_extra_config
from tests.support.modules import clean_failure, run_module, run_module_process
from tests.support.playbooks import LOCALHOST_PLAY_HEAD, ansible_playbook
from tests.support.soap_proxy import SoapProxy

TOKEN_KEY = "guestinfo.vice./connect/token@secret"
KEY = "guestinfo.ovfEnv"


def in_parallel(*calls):
    results = [None] * len(calls)

    def run(index):
        results[index] = calls[index]()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def opened(vc, name):
    live = extra_config(vc, name)
    box = nacl.secret.SecretBox(base64.b64decode(live[KEY]))
    return box.decrypt(base64.b64decode(live[TOKEN_KEY])).decode()


def playbook(vc, tmp_path, body, verbosity, **canaries):
    """ansible-playbook on localhost with LOCALHOST_PLAY_HEAD + ``body``, the canaries in the environment (the play
    reads them with lookup('env'), so they are in no file); its output, and whether it succeeded."""
    play = tmp_path / "play.yml"
    play.write_text(LOCALHOST_PLAY_HEAD + body)
    rc, out = ansible_playbook(vc, play, verbosity, "--diff", env=canaries, timeout=300)
    return rc == 0, out


def temporary_names(vc):
    return [n for kind in (vim.Folder, vim.ResourcePool, vim.VirtualMachine) for n in names(vc, kind) if "~vic-" in n]


def test_two_deploys_into_one_new_folder_both_land_and_neither_removes_the_others(fresh_vcsim):
    vc = fresh_vcsim
    with SoapProxy(vc) as proxy:
        proxy.delay(1.0, method="CreateFolder", times=2)  # both runs find the folders missing and make them
        first, second = in_parallel(
            lambda: run_module_process("vch_deploy", builders.vch_args(proxy.connection_params(), name="vch-a",
                                                                       folder="vic/new")),
            lambda: run_module_process("vch_deploy", builders.vch_args(proxy.connection_params(), name="vch-b",
                                                                       folder="vic/new")))
    assert first.get("changed") is True and second.get("changed") is True, (first, second)
    assert names(vc, vim.Folder).count("vic") == 1 and names(vc, vim.Folder).count("new") == 1
    assert exists(vc, vim.VirtualMachine, "vch-a") and exists(vc, vim.VirtualMachine, "vch-b")
    assert not temporary_names(vc)
    # removing one leaves the other, and the folder that still holds it
    gone = run_module("vch_deploy", dict(builders.vch_args(vc.connection_params(), name="vch-a"), state="absent"))
    assert gone["changed"] is True and exists(vc, vim.VirtualMachine, "vch-b") and "new" in names(vc, vim.Folder)
    gone = run_module("vch_deploy", dict(builders.vch_args(vc.connection_params(), name="vch-b"), state="absent"))
    assert gone["changed"] is True and not exists(vc, vim.VirtualMachine, "vch-b")


def test_two_deploys_of_one_vch_make_one_and_remove_nothing_of_the_other(fresh_vcsim):
    vc = fresh_vcsim
    args = dict(name="vch-1", folder="vic", ops_user="ops@vsphere.local", ops_password="canary-Race-Pa55")
    with SoapProxy(vc) as proxy:
        proxy.delay(1.0, method="CreateResourcePool", times=2)

        def deploy():
            return run_module_process("vch_deploy", builders.vch_args(proxy.connection_params(), **args))
        results = in_parallel(deploy, deploy)
    for result in results:
        assert result.get("changed") is True or clean_failure(result), results
    assert not temporary_names(vc)
    assert names(vc, vim.VirtualMachine).count("vch-1") <= 1 and names(vc, vim.ResourcePool).count("vch-1") <= 1
    # what the losers left is finished by their reruns, and there is one VCH
    for result in results:
        if result.get("failed"):
            assert not run_module("vch_deploy", builders.vch_args(vc.connection_params(), **args)).get("failed")
    assert names(vc, vim.VirtualMachine).count("vch-1") == 1 and names(vc, vim.ResourcePool).count("vch-1") == 1
    assert opened(vc, "vch-1") == "canary-Race-Pa55"


def test_a_damaged_key_says_so_lets_other_changes_through_and_vch_deploy_rekeys(fresh_vcsim):
    vc = fresh_vcsim
    args = builders.vch_args(vc.connection_params(), ops_user="ops@vsphere.local", ops_password="canary-Ops-1")
    assert run_module("vch_deploy", args)["changed"]
    sealed = extra_config(vc, "vch-1")[TOKEN_KEY]
    set_extra_config(vc, "vch-1", {KEY: "AAAA"})
    dns = run_module("vch_config", dict(vc.connection_params(), name="vch-1", dns_servers=["10.9.9.9"]))
    assert dns.get("changed") is True, dns
    live = extra_config(vc, "vch-1")
    assert live[KEY] == "AAAA" and live[TOKEN_KEY] == sealed  # left as they were
    refused = run_module("vch_config", dict(vc.connection_params(), name="vch-1", ops_password="canary-Ops-2"))
    assert clean_failure(refused) and "guestinfo.ovfEnv" in refused["msg"] and "damaged" in refused["msg"], refused
    assert "connection.token" in refused["msg"] and "canary-Ops-2" not in json.dumps(refused)
    rekeyed = run_module("vch_deploy", dict(args, dns_servers=["10.9.9.9"]))
    assert rekeyed.get("changed") is True, rekeyed
    assert extra_config(vc, "vch-1")[KEY] != "AAAA" and opened(vc, "vch-1") == "canary-Ops-1"
    assert run_module("vch_deploy", dict(args, dns_servers=["10.9.9.9"]))["changed"] is False


def test_secret_fields_never_show_and_fields_refuse_them(fresh_vcsim):
    vc = fresh_vcsim
    assert run_module("vch_deploy", builders.vch_args(vc.connection_params()))["changed"]
    refused = run_module("vch_config", dict(vc.connection_params(), name="vch-1",
                                            fields={"connection.token": "canary-In-Fields"}))
    assert clean_failure(refused) and refused["msg"].startswith("fields: connection.token is a secret field")
    assert "canary-In-Fields" not in refused["msg"]
    bad = run_module("vch_config", dict(vc.connection_params(), name="vch-1",
                                        secret_fields={"storage.volume_locations": "canary-Not-A-Map"}))
    assert clean_failure(bad) and "canary-Not-A-Map" not in json.dumps(bad), bad
    done = run_module("vch_config", dict(vc.connection_params(), name="vch-1",
                                         secret_fields={"connection.token": "canary-Secret-Field"}), diff=True)
    assert done.get("changed") is True and "canary-Secret-Field" not in json.dumps(done), done
    assert opened(vc, "vch-1") == "canary-Secret-Field"


def test_secret_fields_at_vvvv_through_ansible_playbook(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    assert run_module("vch_deploy", builders.vch_args(vc.connection_params()))["changed"]
    ok, out = playbook(vc, tmp_path, """  tasks:
    - name: A secret field
      vic.vch.vch_config:
        name: vch-1
        secret_fields: {connection.token: "{{ lookup('env', 'CANARY_TOKEN') }}"}
    - name: A field that is no secret, refused without quoting it
      vic.vch.vch_config:
        name: vch-1
        secret_fields: {certificate.host_certificate.cert: "{{ lookup('env', 'CANARY_CERT') }}"}
      ignore_errors: true
""", "-vvvv", CANARY_TOKEN="canary-Playbook-Token", CANARY_CERT="canary-Not-Secret")
    assert ok and "changed=1" in out, out[-3000:]
    assert "canary-Playbook-Token" not in out and "canary-Not-Secret" not in out
    assert opened(vc, "vch-1") == "canary-Playbook-Token"


def test_the_drift_role_never_prints_a_vchs_secrets_even_when_an_item_fails(fresh_vcsim, tmp_path):
    """Ansible shows a loop item in results at -v and at any verbosity when it fails: the role's loop items hold no
    secret."""
    vc = fresh_vcsim
    assert run_module("vch_deploy", builders.vch_args(vc.connection_params(), ops_user="ops@vsphere.local",
                                                      ops_password="canary-Drift-1"))["changed"]
    ok, out = playbook(vc, tmp_path, """    drift_vchs:
      - {name: vch-1, ops_user: ops@vsphere.local, ops_password: "{{ lookup('env', 'CANARY_1') }}",
         secret_fields: {connection.token: "{{ lookup('env', 'CANARY_1') }}"}}
      - {name: vch-missing, ops_password: "{{ lookup('env', 'CANARY_2') }}"}
  roles:
    - vic.vch.drift
""", "-vvv", CANARY_1="canary-Drift-2", CANARY_2="canary-Drift-3")
    assert not ok and "vch-missing" in out, out[-3000:]  # the second item failed, and said so
    assert "canary-Drift" not in out, out[-3000:]
    assert opened(vc, "vch-1") == "canary-Drift-2"
