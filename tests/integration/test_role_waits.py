# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The deploy role waits where a user sees it: one line a poll (and at -vv what is published so far), and a
failure that says what was published and what is missing, with the VMs left in place for inspection."""

import time

from pyVmomi import vim

from tests.support.inventory import exists
from tests.support.playbooks import LOCALHOST_PLAY_HEAD, ansible_playbook, guests, recap

PLAY_HEAD = LOCALHOST_PLAY_HEAD + "  roles:"
PLAY = PLAY_HEAD + """
    - role: vic.vch.deploy
      deploy_vch: {name: vch-1, datacenter: DC0, cluster: DC0_C0, datastore: LocalDS_0, bridge_network: DC0_DVPG0,
                   appliance_iso: "{{ lookup('ansible.builtin.env', 'VIC_APPLIANCE_ISO') }}",
                   tls_cname: vch-1.example.test}
      deploy_containers:
        - {name: web-1, command: {path: /bin/true}}
      deploy_timeout: %d
      deploy_poll_seconds: 1
"""


def run(vc, tmp_path, timeout, *args):
    path = tmp_path / "play.yml"
    path.write_text(PLAY % timeout)
    return ansible_playbook(vc, path, *args)


def test_the_wait_shows_each_poll_and_what_is_published_so_far(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    started = time.monotonic()
    with guests(vc, delay=4):  # the guests publish only after a while: the role polls meanwhile
        rc, out = run(vc, tmp_path, 60, "-vv")
    assert rc == 0, out[-4000:]
    assert "FAILED - RETRYING: [localhost]: Wait for the appliance to publish" in out
    assert '"missing": [' in out and '"client address"' in out  # at -vv each poll shows what is missing
    assert "client address 10.10.0.5" in out and "web-1 (vm-" in out and "started=true" in out
    # then how Docker clients reach it, as vic-machine prints it
    assert "DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=%s DOCKER_HOST=10.10.0.5:2376 COMPOSE_TLS_VERSION=TLSv1_2; " \
           "admin portal https://10.10.0.5:2378" % (tmp_path / "vch-1") in out
    assert time.monotonic() - started < 60


def test_a_vch_that_does_not_start_stays_and_the_failure_says_what_is_missing(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    rc, out = run(vc, tmp_path, 3)  # no guest publishes
    assert rc != 0
    assert "VCH vch-1 did not finish starting within 3 s (it stays for inspection" in out, out[-4000:]
    assert "published: nothing; not published: docker-personality started, port-layer started, vicadmin " \
           "started, client address" in out
    assert exists(vc, vim.VirtualMachine, "vch-1")
    # once the guests publish, a rerun converges and finishes the wait
    with guests(vc):
        rc, out = run(vc, tmp_path, 60)
    assert rc == 0 and recap(out)["localhost"]["failed"] == 0, out[-4000:]
    assert "client address 10.10.0.5" in out


CONTAINERVM_PLAY = PLAY_HEAD + """
    - role: vic.vch.containervm
      containervm: {name: web-2, vch: vch-1, command: {path: /bin/true}}
      containervm_wait: %s
      containervm_timeout: %d
      containervm_poll_seconds: 1
"""


def test_the_containervm_role_waits_in_view_and_leaves_what_did_not_start(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    with guests(vc):
        rc, out = run(vc, tmp_path, 60)  # the VCH the containerVM goes in
    assert rc == 0, out[-4000:]
    path = tmp_path / "containervm.yml"
    path.write_text(CONTAINERVM_PLAY % ("started", 3))
    rc, out = ansible_playbook(vc, path)  # no guest publishes
    assert rc != 0 and "FAILED - RETRYING: [localhost]: Wait for the containerVM to publish that it started" in out
    assert "containerVM web-2 is not started after 3 s (it stays for inspection): published: nothing; not " \
           "published: started" in out, out[-4000:]
    assert exists(vc, vim.VirtualMachine, "web-2")
    path.write_text(CONTAINERVM_PLAY % ("started", 60))
    with guests(vc, delay=2):
        rc, out = ansible_playbook(vc, path)
    assert rc == 0 and "web-2: poweredOn" in out and "'started': 'true'" in out, out[-4000:]
