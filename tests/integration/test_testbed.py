# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vcsim test bed itself: it answers, holds the promised inventory, and behaves as the other tests assume."""

import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from urllib.parse import quote

import pytest
import tests.support.vcsim as vcsim_lib
from pyVmomi import vim
from tests.support.collection_path import REPO_ROOT
from tests.support.vcsim import TESTBED_NAMES, Vcsim, VcsimError

# The inventory vcsim v0.46.0 builds for the fixtures (-dc 1 -cluster 1 -host 2 -standalone-host 1 -ds 2 -pg 3
# -vm 0), written down: the other integration tests and the README rely on these names.
DATACENTER = "DC0"
CLUSTER = "DC0_C0"
CLUSTER_HOSTS = ["DC0_C0_H0", "DC0_C0_H1"]
STANDALONE = "DC0_H0"  # ComputeResource DC0_H0 with the single host DC0_H0
DATASTORES = ["LocalDS_0", "LocalDS_1"]
DVS = "DVS0"
DVS_PORTGROUPS = ["DC0_DVPG0", "DC0_DVPG1", "DC0_DVPG2"]
UPLINKS_PREFIX = "DVS0-DVUplinks-"  # the DVS's uplink port group, "DVS0-DVUplinks-<moref number>"


def objects(si, vimtype):
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vimtype], True)
    try:
        return list(view.view)
    finally:
        view.Destroy()


def names(si, vimtype):
    return sorted(o.name for o in objects(si, vimtype))


def gone(pid):
    """True once ``pid`` no longer runs (a zombie left to a non-reaping parent counts as gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def listening_addresses(port):
    """Local addresses listening on TCP ``port``, from /proc/net/tcp{,6} (Linux)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:
                found.append(address)
    return found


def refuses(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def test_vcsim_answers(vcsim, si):
    about = si.content.about
    assert about.apiType == "VirtualCenter"
    assert "govmomi simulator" in about.fullName
    assert vcsim.hostname == "127.0.0.1" and vcsim.port > 0
    assert vcsim.url == "https://127.0.0.1:%d/sdk" % vcsim.port
    assert vcsim.connection_params() == {
        "hostname": "127.0.0.1",
        "port": vcsim.port,
        "username": vcsim_lib.USERNAME,
        "password": vcsim_lib.PASSWORD,
        "validate_certs": False,
    }
    assert "VMware vCenter Server" in vcsim.govc("about")


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="needs Linux /proc/net/tcp")
def test_vcsim_listens_on_loopback_only(vcsim):
    assert listening_addresses(vcsim.port) == ["0100007F"]  # 127.0.0.1, and nothing else


def test_inventory(vcsim, si):
    assert TESTBED_NAMES["datacenter"] == DATACENTER
    assert TESTBED_NAMES["cluster"] == CLUSTER
    assert TESTBED_NAMES["cluster_hosts"] == CLUSTER_HOSTS
    assert TESTBED_NAMES["standalone_host"] == STANDALONE
    assert TESTBED_NAMES["datastores"] == DATASTORES
    assert TESTBED_NAMES["dvs"] == DVS and TESTBED_NAMES["dvs_portgroups"] == DVS_PORTGROUPS

    assert names(si, vim.Datacenter) == [DATACENTER]
    clusters = objects(si, vim.ClusterComputeResource)
    assert [c.name for c in clusters] == [CLUSTER]
    assert sorted(h.name for h in clusters[0].host) == CLUSTER_HOSTS
    standalone = [c for c in objects(si, vim.ComputeResource) if not isinstance(c, vim.ClusterComputeResource)]
    assert [c.name for c in standalone] == [STANDALONE]
    assert [h.name for h in standalone[0].host] == [STANDALONE]
    assert names(si, vim.HostSystem) == sorted(CLUSTER_HOSTS + [STANDALONE])
    assert names(si, vim.Datastore) == DATASTORES
    assert names(si, vim.DistributedVirtualSwitch) == [DVS]
    portgroups = names(si, vim.dvs.DistributedVirtualPortgroup)
    uplinks = [p for p in portgroups if p.startswith(UPLINKS_PREFIX)]
    assert len(uplinks) == 1
    assert [p for p in portgroups if p not in uplinks] == DVS_PORTGROUPS
    assert names(si, vim.Network) == sorted(["VM Network"] + DVS_PORTGROUPS + uplinks)
    assert names(si, vim.VirtualMachine) == []

    # the same through govc, with the inventory paths modules will be given
    listing = vcsim.govc("ls", "/DC0/host", "/DC0/datastore", "/DC0/network").splitlines()
    assert sorted(listing) == sorted(
        ["/DC0/host/" + CLUSTER, "/DC0/host/" + STANDALONE]
        + ["/DC0/datastore/" + d for d in DATASTORES]
        + ["/DC0/network/VM Network", "/DC0/network/" + DVS, "/DC0/network/" + uplinks[0]]
        + ["/DC0/network/" + p for p in DVS_PORTGROUPS]
    )


def reconfigure(si, vm, options):
    spec = vim.vm.ConfigSpec(extraConfig=[vim.option.OptionValue(key=k, value=v) for k, v in options.items()])
    task = vm.ReconfigVM_Task(spec=spec)
    deadline = time.monotonic() + 30
    while task.info.state not in (vim.TaskInfo.State.success, vim.TaskInfo.State.error):
        assert time.monotonic() < deadline, "ReconfigVM_Task did not finish"
        time.sleep(0.01)
    assert task.info.state == vim.TaskInfo.State.success, task.info.error


def extra_config(vm):
    return [(o.key, o.value) for o in vm.config.extraConfig if o.key.startswith("guestinfo.")]


def test_extraconfig_updates_in_place_and_removes(fresh_vcsim):
    fresh_vcsim.govc("vm.create", "-on=false", "-pool", TESTBED_NAMES["cluster_pool"], "-ds", "LocalDS_0",
                     "-net", "VM Network", "vic-testbed-vm")
    si = fresh_vcsim.connect()
    try:
        vm = si.content.searchIndex.FindByInventoryPath("DC0/vm/vic-testbed-vm")
        assert vm is not None
        assert extra_config(vm) == []
        base = fresh_vcsim.count("ReconfigVM_Task")
        assert base == 0  # govc vm.create does not reconfigure

        reconfigure(si, vm, {"guestinfo.vice./a": "1", "guestinfo.vice./b": "x"})
        assert sorted(extra_config(vm)) == [("guestinfo.vice./a", "1"), ("guestinfo.vice./b", "x")]

        reconfigure(si, vm, {"guestinfo.vice./a": "2"})  # updated in place, not appended
        assert sorted(extra_config(vm)) == [("guestinfo.vice./a", "2"), ("guestinfo.vice./b", "x")]

        reconfigure(si, vm, {"guestinfo.vice./a": ""})  # an empty value removes the key
        assert extra_config(vm) == [("guestinfo.vice./b", "x")]

        reconfigure(si, vm, {"guestinfo.vice./b": ""})
        assert extra_config(vm) == []

        # Quirk of vcsim v0.46.0: an empty value for a key the VM does not have is STORED (as ""), not ignored;
        # so modules must send removals only for keys that exist (and drift checks must not see "" as absent).
        reconfigure(si, vm, {"guestinfo.vice./absent": ""})
        assert extra_config(vm) == [("guestinfo.vice./absent", "")]

        assert fresh_vcsim.count("ReconfigVM_Task") == 5
        # the trace keeps the order of the calls
        methods = fresh_vcsim.soap_requests()
        assert methods.index("CreateVM_Task") < methods.index("ReconfigVM_Task")
    finally:
        si.content.sessionManager.Logout()


def test_soap_trace_starts_with_the_login(fresh_vcsim):
    assert fresh_vcsim.soap_requests() == []
    si = fresh_vcsim.connect()
    si.content.sessionManager.Logout()
    methods = fresh_vcsim.soap_requests()
    assert methods[0] == "RetrieveServiceContent"
    assert fresh_vcsim.count("Login") == 1 and fresh_vcsim.count("Logout") == 1


@pytest.mark.parametrize("user, password", [(vcsim_lib.USERNAME, "wrong"), ("someone", vcsim_lib.PASSWORD)])
def test_bad_credentials_are_refused(vcsim, user, password):
    with pytest.raises(vim.fault.InvalidLogin):
        vcsim.connect(username=user, password=password)
    url = "https://%s:%s@127.0.0.1:%d/sdk" % (quote(user, safe=""), quote(password, safe=""), vcsim.port)
    done = subprocess.run([vcsim_lib.find_govc(), "about"], capture_output=True, text=True, check=False,
                          env=dict(os.environ, GOVC_URL=url, GOVC_INSECURE="1", GOVC_PERSIST_SESSION="false"))
    assert done.returncode != 0 and "Login failure" in done.stderr


def test_login_names_with_and_without_the_sso_domain(vcsim):
    assert vcsim_lib.USERNAME == "administrator@vsphere.local"
    for user in ("administrator@vsphere.local", "administrator"):
        si = vcsim.connect(username=user)
        si.content.sessionManager.Logout()


def test_two_fresh_simulators_at_once_stop_cleanly():
    first, second = Vcsim(), Vcsim()
    try:
        assert first.port != second.port
        assert first.running and second.running
        first.govc("vm.create", "-on=false", "-pool", TESTBED_NAMES["cluster_pool"], "-ds", "LocalDS_0",
                   "-net", "VM Network", "only-in-first")
        assert first.govc("ls", "/DC0/vm").split() == ["/DC0/vm/only-in-first"]
        assert second.govc("ls", "/DC0/vm").split() == []
    finally:
        first.stop()
        second.stop()
    for vc in (first, second):
        assert not vc.running
        assert gone(vc.pid)
        assert refuses(vc.port)
        assert vc.trace_file is None
    first.stop()  # idempotent


def test_vcsim_exits_when_its_owner_dies():
    """A killed pytest leaves no simulator behind: vcsim runs with -stdinexit on a pipe only its owner holds."""
    owner = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import os, sys
            sys.path.insert(0, sys.argv[1])
            from tests.support.vcsim import Vcsim
            vc = Vcsim()
            print(vc.pid, vc._dir, flush=True)
            os._exit(0)  # no atexit, no stop()
        """), REPO_ROOT],
        stdout=subprocess.PIPE, text=True,
    )
    out = owner.communicate(timeout=60)[0]
    assert owner.returncode == 0
    pid, files = out.split()
    pid = int(pid)
    deadline = time.monotonic() + 10
    while not gone(pid):
        assert time.monotonic() < deadline, "vcsim %d outlived its owner" % pid
        time.sleep(0.05)
    shutil.rmtree(files)  # its owner did not get to clean up


def test_start_failure_reports_vcsim_stderr(vcsim):
    with pytest.raises(VcsimError, match="(?s)exited with status.*address already in use"):
        Vcsim(port=vcsim.port)


def test_missing_binary_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("VIC_VCSIM", str(tmp_path / "no-vcsim"))
    with pytest.raises(VcsimError, match="bash tests/run"):
        Vcsim()
