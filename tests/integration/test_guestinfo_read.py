# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""guestinfo_read through the vSphere API, against the vCenter simulator (real pyvmomi, nothing mocked).

The VMs carry exactly the keys VMware's VIC wrote: a real VCH's extraConfig (tests/fixtures/vic-real-vch.json)
and the containerVM vector of VIC's encoder (tests/fixtures/vic-extraconfig.json), written through pyvmomi.
"""

import json
import os
import random
import subprocess
import sys

import pytest
from tests.support.inventory import set_extra_config
from tests.support.modules import run_module
from tests.support.vcsim import Vcsim

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import MASK, as_plain, decode
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, VCHConfig

from tests.support.vectors import FIXTURES
POOL = "/DC0/host/DC0_C0/Resources"
FOUR_REQUESTS = ["RetrieveServiceContent", "Login", "RetrievePropertiesEx", "Logout"]
TOKEN = "Y2FuYXJ5LXNlYWxlZC10b2tlbi12YWx1ZQ=="  # a sealed ops password, as the VM holds it
OVF_KEY = "Y2FuYXJ5LW92ZkVudi1zZWNyZXQta2V5LTMyYnl0ZXM="  # the VM's secret key
TOKEN_KEY = "guestinfo.vice./connect/token@secret"


def _fixture(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


REAL_VCH = _fixture("vic-real-vch.json")["extraConfig"]
CONTAINER_VM = [v for v in _fixture("vic-extraconfig.json")["vectors"] if v["name"] == "containervm-executor"][0]
CONTAINER_KEYS = CONTAINER_VM["expected"]


def wire(values):
    """As VIC writes them: vSphere deletes a key set to "", so an empty value is stored as <nil>."""
    return dict((k, v if v != "" else "<nil>") for k, v in values.items())


def create_vm(vc, name, folder=None, datastore="LocalDS_0"):
    args = ["vm.create", "-on=false", "-ds", datastore, "-net", "VM Network", "-pool", POOL]
    if folder:
        args += ["-folder", folder]
    vc.govc(*(args + [name]))


@pytest.fixture(scope="module")
def bed():
    """A simulator of this module's own, with VMs as VIC left them (read-only tests share it)."""
    with Vcsim() as vc:
        create_vm(vc, "vic-vch")
        set_extra_config(vc, "vic-vch", wire(dict(REAL_VCH, **{TOKEN_KEY: TOKEN, "guestinfo.ovfEnv": OVF_KEY})))
        create_vm(vc, "vic-container")
        set_extra_config(vc, "vic-container", wire(CONTAINER_KEYS))
        # docker run ... sh -c "ls | wc -l", as VIC writes it: the '|' inside the argument is not escaped
        create_vm(vc, "piped-container")
        set_extra_config(vc, "piped-container", wire(dict(CONTAINER_KEYS, **{
            "guestinfo.vice./sessions|abc123def456/cmd/Args~": "/bin/sh|-c|ls | wc -l"})))
        create_vm(vc, "bad-vch")
        set_extra_config(vc, "bad-vch", wire(dict(REAL_VCH, **{"guestinfo.vice./init/diagnostics/debug": "three"})))
        vc.govc("folder.create", "/DC0/vm/a", "/DC0/vm/b")
        create_vm(vc, "twin", folder="/DC0/vm/a")
        create_vm(vc, "twin", folder="/DC0/vm/b", datastore="LocalDS_1")  # its own files
        yield vc


def read(vc, check_mode=False, **args):
    """Run the module (an option given as None is left out); assert it cost exactly the four SOAP requests."""
    params = dict((k, v) for k, v in dict(vc.connection_params(), **args).items() if v is not None)
    before = len(vc.soap_requests())
    result = run_module("guestinfo_read", params, check_mode=check_mode)
    assert result.get("failed") is not True, result.get("msg")
    assert vc.soap_requests()[before:] == FOUR_REQUESTS
    assert result["changed"] is False
    return result


def test_decodes_a_vch_that_vic_created(bed):
    result = read(bed, name="vic-vch", schema="vch")
    assert result["power_state"] == "poweredOff" and result["moid"].startswith("vm-") and result["name"] == "vic-vch"
    shown = ("name", "moid", "power_state", "config", "status", "inspect")
    assert result["vms"] == [dict((k, result[k]) for k in shown)]
    assert result["missing"] == [] and "extra_config" not in result
    # what vic-machine inspect shows of it: its version, its networks (the port groups are not in this simulator)
    assert result["inspect"]["version"] == "v1.1.0-rc3-10373-65a1889"
    assert result["inspect"]["networks"]["client"]["address"] == "10.192.168.57/19"
    assert result["inspect"]["storage"]["volume_stores"]["default"] == "ds://vsanDatastore/volumes/default"
    assert result["inspect"]["docker_host"] == "10.192.168.57:2375" and result["inspect"]["docker_tls"] == "none"
    config = result["config"]
    # the connection target and its credentials (the sealed token masked)
    assert config["connection"]["target"] == "https://10.192.171.116"
    assert config["connection"]["username"] == "administrator@vsphere.local"
    assert config["connection"]["target_thumbprint"].startswith("9F:F0:DF:BA")
    assert config["connection"]["token"] == MASK
    # the appliance's sessions: commands, users, what the appliance published
    init = config["executor_config"]
    sessions = init["sessions"]
    assert sorted(sessions) == ["docker-personality", "port-layer", "vicadmin"]
    assert sessions["docker-personality"]["cmd"]["path"] == "/sbin/docker-engine-server"
    assert sessions["docker-personality"]["cmd"]["args"] == ["/sbin/docker-engine-server", "-port=2376",
                                                             "-port-layer-port=2377"]
    assert "DC_PATH=vcqaDC" in sessions["port-layer"]["cmd"]["env"]
    assert sessions["vicadmin"]["user"] == "vicadmin" and sessions["vicadmin"]["cmd"]["dir"] == "/home/vicadmin"
    assert all(s["started"] == "true" and s["restart"] in (True, False) for s in sessions.values())
    assert init["executor_config_common"]["id"] == "VirtualMachine:vm-365"
    assert init["diagnostics"]["debug_level"] == 3
    assert init["version"]["version"] == "v1.1.0-rc3" and init["version"]["build_number"] == "10373"
    # networks: the appliance's endpoints with their published addresses, the container networks
    assert sorted(init["networks"]) == ["bridge", "client", "management", "public"]
    client = init["networks"]["client"]
    assert client["static"] is False and client["assigned"] == "10.192.168.57/19"
    assert client["network"]["common"]["id"] == "DistributedVirtualPortgroup:dvportgroup-56"
    assert client["network"]["assigned"]["gateway"] == "10.192.191.253/19"
    assert client["network"]["assigned"]["nameservers"] == ["10.162.204.1", "10.166.1.1"]
    assert init["networks"]["public"]["network"]["default"] is True
    network = config["network"]
    assert network["bridge_network"] == "bridge" and network["bridge_ip_range"] == "172.16.0.0/12"
    assert sorted(network["container_networks"]) == ["bridge", "vmnet", "vnet"]
    vnet = network["container_networks"]["vnet"]
    assert vnet["type"] == "external" and vnet["gateway"] == "10.10.10.1/24"
    assert vnet["pools"] == [{"first_ip": "10.10.10.0", "last_ip": "10.10.10.255"}]
    # registries and storage
    assert config["registry"]["insecure_registries"] == ["insecure:2345"]
    assert config["registry"]["registry_whitelist"] == ["harbor.com:2345", "insecure:2345"]
    assert config["storage"]["volume_locations"] == {
        "default": "ds://vsanDatastore/%5BvsanDatastore%5D%20volumes/default",
        "vol1": "ds://vsanDatastore/%5BvsanDatastore%5D%20volumes/vol1"}
    assert config["storage"]["image_stores"] == ["ds://vsanDatastore/91512359-242e-5a30-ba4a-0200360a2e79"]
    assert config["storage"]["scratch_size"] == 8000000
    assert config["container"]["compute_resources"] == [{"type": "VirtualApp", "value": "resgroup-v364"}]
    # nothing lost on the way through vSphere: the same as decoding VIC's map directly
    assert config == as_plain(decode(VCHConfig, REAL_VCH), hidden="omit")


def test_the_published_status_says_how_far_each_guest_got(bed):
    vch = read(bed, name="vic-vch", schema="vch")["status"]
    assert vch["sessions"] == {"docker-personality": "true", "port-layer": "true", "vicadmin": "true"}
    assert vch["missing"] == [] and vch["failure"] is None and "client address" in vch["published"]
    many = read(bed, names=["vic-container"], schema="containervm")
    assert "status" not in read(bed, name="vic-vch", schema="raw")
    container = read(bed, name="vic-container", schema="containervm")["status"]
    assert container["started"] == "true" and container["missing"] == [] and container["published"][0] == "started"
    assert many["vms"][0]["status"] == container


def test_hidden_fields_are_omitted_unless_asked_for(bed):
    hidden = read(bed, name="vic-vch", schema="vch")["config"]
    assert "name" not in hidden["executor_config"]["executor_config_common"]  # init/common/name: hidden
    assert "notes" not in hidden["executor_config"]["sessions"]["vicadmin"]["common"]
    shown = read(bed, name="vic-vch", schema="vch", show_hidden=True)["config"]
    assert shown["executor_config"]["executor_config_common"]["name"] == "test1"
    assert shown["executor_config"]["sessions"]["vicadmin"]["common"]["notes"] == ""
    assert shown["connection"]["token"] == MASK  # secrets stay masked
    assert shown == as_plain(decode(VCHConfig, REAL_VCH), hidden="show")


def test_decodes_a_containervm_that_vic_created(bed):
    result = read(bed, name="vic-container", schema="containervm")
    config = result["config"]
    assert config == as_plain(decode(ExecutorConfig, CONTAINER_KEYS), hidden="omit")
    assert config["executor_config_common"] == {"execution_environment": "", "id": "abc123def456"}
    assert config["hostname"] == "abc123def456" and config["domainname"] == "example.com"
    session = config["sessions"]["abc123def456"]
    assert session["cmd"]["args"] == ["/bin/sh", "-c", "echo hi"] and session["stop_signal"] == "SIGTERM"
    assert session["started"] == "true" and session["detail"]["start_time"] == 1483326246
    assert config["execs"]["exec1"]["cmd"]["path"] == "/bin/ls"  # non-persistent keys are read too
    assert config["mounts"]["vol1"]["mode"] == "rw" and config["mounts"]["nfs"]["path"] == "/mnt/nfs"
    assert config["networks"]["bridge"]["ports"] == ["80/tcp", "443/tcp"]
    assert config["diagnostics"]["exit_logs"][0]["message"] == "boom"
    assert config["diagnostics"]["sys_log_config"] == {"network": "udp", "r_addr": "10.0.0.5:514"}
    assert config["key"] == "MIIBCg==" and config["repo_name"] == "library/busybox:latest"
    assert "annotations" not in config and "aliases" not in config["networks"]["bridge"]["network"]
    shown = read(bed, name="vic-container", schema="containervm", show_hidden=True)["config"]
    assert shown["annotations"] == {"com.example/owner": "team|a", "io.kubernetes.pod.name": "web-1"}
    assert shown["executor_config_common"]["name"] == "test_container"
    assert shown["networks"]["bridge"]["network"]["aliases"] == ["web:web"]


def test_raw_shows_what_vsphere_holds_filtered_and_masked(bed):
    raw = read(bed, name="vic-container")["extra_config"]
    visible = dict((k, v) for k, v in CONTAINER_KEYS.items() if k.startswith("guestinfo."))
    assert raw == visible  # hidden keys (VIC's and the simulator's own) left out; <nil> read back as ""
    everything = read(bed, name="vic-container", show_hidden=True)["extra_config"]
    assert dict((k, everything[k]) for k in CONTAINER_KEYS) == CONTAINER_KEYS
    assert everything["annotations|com.example/owner"] == "team|a"
    assert set(everything) - set(CONTAINER_KEYS)  # the simulator's own keys, shown with show_hidden
    assert list(everything) == sorted(everything)

    storage = read(bed, name="vic-vch", prefix="guestinfo.vice./storage/VolumeLocations|vol1/")["extra_config"]
    assert storage == dict((k, v) for k, v in REAL_VCH.items()
                           if k.startswith("guestinfo.vice./storage/VolumeLocations|vol1/"))
    assert storage["guestinfo.vice./storage/VolumeLocations|vol1/Path"] == "[vsanDatastore] volumes/vol1"

    keys = ["guestinfo.vice./connect/target", "init/common/name", "guestinfo.vice./no/such/key"]
    assert read(bed, name="vic-vch", keys=keys)["extra_config"] == {
        "guestinfo.vice./connect/target": "https://10.192.171.116"}
    assert read(bed, name="vic-vch", keys=keys, show_hidden=True)["extra_config"] == {
        "guestinfo.vice./connect/target": "https://10.192.171.116", "init/common/name": "test1"}


def test_a_schema_with_keys_or_prefix_also_returns_those_keys_raw(bed):
    result = read(bed, name="vic-vch", schema="vch", keys=["guestinfo.vice./network/bridge_network"])
    assert result["config"]["network"]["bridge_network"] == "bridge"
    assert result["extra_config"] == {"guestinfo.vice./network/bridge_network": "bridge"}
    by_prefix = read(bed, name="vic-vch", schema="vch", prefix="guestinfo.vice./registry/")
    assert by_prefix["config"]["registry"]["insecure_registries"] == ["insecure:2345"]
    assert by_prefix["extra_config"] == dict((k, v) for k, v in REAL_VCH.items()
                                             if k.startswith("guestinfo.vice./registry/"))


@pytest.mark.parametrize("args", [
    dict(schema="raw"), dict(schema="raw", show_hidden=True), dict(schema="vch"),
    dict(schema="vch", show_hidden=True), dict(schema="vch", keys=[TOKEN_KEY, "guestinfo.ovfEnv"]),
    dict(schema="vch", keys=[TOKEN_KEY, "guestinfo.ovfEnv"], show_hidden=True),
    dict(schema="containervm", prefix="guestinfo.", show_hidden=True),
], ids=lambda a: ",".join("%s=%s" % kv for kv in sorted(a.items()) if kv[0] != "keys"))
def test_secret_values_never_appear(bed, args):
    result = read(bed, name="vic-vch", **args)
    text = json.dumps(result)
    assert TOKEN not in text and OVF_KEY not in text
    if "extra_config" in result:
        assert result["extra_config"][TOKEN_KEY] == MASK and result["extra_config"]["guestinfo.ovfEnv"] == MASK
    if "config" in result and args["schema"] == "vch":
        assert result["config"]["connection"]["token"] == MASK


def test_by_moid_and_in_check_mode(bed):
    by_name = read(bed, name="vic-vch", schema="vch")
    by_moid = read(bed, moid=by_name["moid"], schema="vch")
    by_name.pop("invocation")
    by_moid.pop("invocation")
    assert by_moid == by_name
    reconfigures = bed.count("ReconfigVM_Task")
    checked = read(bed, moid=by_name["moid"], schema="vch", check_mode=True)
    assert checked["config"] == by_name["config"] and checked["changed"] is False
    assert bed.count("ReconfigVM_Task") == reconfigures


def test_datacenter_and_folder_tell_twins_apart(bed):
    twins = run_module("guestinfo_read", dict(bed.connection_params(), name="twin"))
    assert twins.get("failed") is True and "2 VMs are named 'twin'" in twins["msg"]
    assert "/DC0/vm/a/twin" in twins["msg"] and "/DC0/vm/b/twin" in twins["msg"]
    a = read(bed, name="twin", datacenter="DC0", folder="a")
    b = read(bed, names=["twin"], folder="/vm/b")
    assert a["moid"] != b["vms"][0]["moid"]
    many = run_module("guestinfo_read", dict(bed.connection_params(), names=["vic-vch", "twin"]))
    assert many.get("failed") is True and "names: 2 VMs are named 'twin'" in many["msg"]
    elsewhere = read(bed, names=["vic-vch", "twin"], datacenter="DC1")
    assert elsewhere["vms"] == [] and elsewhere["missing"] == ["vic-vch", "twin"]


def test_names_over_fifty_vms_cost_one_retrieval(fresh_vcsim):
    vc = fresh_vcsim
    names = ["ci-%02d" % i for i in range(55)]
    for name in names:
        create_vm(vc, name)
    set_extra_config(vc, "ci-07", {"guestinfo.vice./common/id": "c7", "guestinfo.vice./hostname": "seven"})
    set_extra_config(vc, "ci-42", {"guestinfo.vice./common/id": "c42"})
    wanted = list(names)
    random.Random(7).shuffle(wanted)
    wanted.insert(10, "ghost")
    wanted.append(wanted[3])  # asked twice, read once
    result = read(vc, names=wanted, schema="containervm", prefix="guestinfo.vice./common/")
    assert [vm["name"] for vm in result["vms"]] == [n for n in wanted[:-1] if n != "ghost"]
    assert result["missing"] == ["ghost"]
    assert "config" not in result and "name" not in result  # per VM only
    by_name = dict((vm["name"], vm) for vm in result["vms"])
    assert by_name["ci-07"]["config"]["executor_config_common"]["id"] == "c7"
    assert by_name["ci-07"]["config"]["hostname"] == "seven"
    assert by_name["ci-07"]["extra_config"] == {"guestinfo.vice./common/id": "c7"}
    assert by_name["ci-42"]["extra_config"] == {"guestinfo.vice./common/id": "c42"}
    assert by_name["ci-00"]["extra_config"] == {} and by_name["ci-00"]["config"]["hostname"] == ""
    assert all(vm["moid"].startswith("vm-") and vm["power_state"] == "poweredOff" for vm in result["vms"])
    assert len(set(vm["moid"] for vm in result["vms"])) == 55


def test_keys_that_do_not_decode_are_read_as_vic_reads_them_and_said(bed):
    """Never stricter than VIC: a value VIC reads as zero is read so, and a warning names the VM and the key."""
    result = run_module("guestinfo_read", dict(bed.connection_params(), name="bad-vch", schema="vch"))
    assert result.get("failed") is None, result
    assert result["config"]["executor_config"]["diagnostics"]["debug_level"] == 0
    said = [w["event"]["msg"] if isinstance(w, dict) else w for w in result["warnings"]]  # 2.19: summaries
    assert [w for w in said if w.startswith("VM bad-vch: guestinfo.vice./init/diagnostics/debug: bad int value "
                                            "'three'")], said
    # raw reading of the same VM is fine
    assert read(bed, name="bad-vch", keys=["guestinfo.vice./init/diagnostics/debug"])["extra_config"] == {
        "guestinfo.vice./init/diagnostics/debug": "three"}


@pytest.mark.parametrize("args, words", [
    (dict(name="vic-vch", hostname=None), ["missing required arguments with source=api: hostname", "VMWARE_HOST"]),
    (dict(name="vic-vch", hostname=None, password=None), ["source=api: hostname, password"]),
    (dict(name="vic-vch", names=["vic-vch"]), ["mutually exclusive", "name|moid|names"]),
    (dict(moid="vm-424242"), ["VM vm-424242 not found"]),
    (dict(name="no-such-vm"), ["VM 'no-such-vm' not found"]),
    (dict(), ["source is api but any of the following are missing: name, moid, names"]),
    (dict(name="vic-vch", keys=["a"], prefix="b"), ["mutually exclusive", "keys|prefix"]),
    (dict(moid="vm-1", folder="a"), ["mutually exclusive", "moid|folder"]),
    (dict(name="vic-vch", schema="vic"), ["value of schema must be one of: raw, vch, containervm"]),
    (dict(name="vic-vch", rpctool="/usr/bin/vmware-rpctool"), ["rpctool: applies only to source=guest"]),
    (dict(names=["vic-vch", ""]), ["names[1]: must not be empty"]),
    (dict(moid=""), ["moid: must not be empty"]),
], ids=["no-hostname", "no-hostname-password", "name-and-names", "unknown-moid", "unknown-name", "no-vm",
        "keys-and-prefix", "moid-and-folder", "bad-schema", "rpctool-with-api", "empty-name",
        "empty-moid"])
def test_bad_input_fails_clearly(bed, monkeypatch, args, words):
    for variable in ("VMWARE_HOST", "VMWARE_USER", "VMWARE_PASSWORD", "VMWARE_PORT"):
        monkeypatch.delenv(variable, raising=False)
    params = dict(bed.connection_params(), **args)
    params = dict((k, v) for k, v in params.items() if v is not None)
    result = run_module("guestinfo_read", params)
    assert result.get("failed") is True, result
    for word in words:
        assert word in result["msg"], result["msg"]
    assert bed.password not in result["msg"]


def test_connection_options_come_from_the_environment(bed, monkeypatch):
    for variable, value in bed.environment().items():
        monkeypatch.setenv(variable, value)
    result = read(bed, name="vic-vch", keys=["guestinfo.vice./connect/target"], hostname=None)
    assert result["extra_config"] == {"guestinfo.vice./connect/target": "https://10.192.171.116"}


PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/vic.vch.vsphere:
      hostname: "%(hostname)s"
      port: %(port)d
      username: "%(username)s"
      password: "%(password)s"
      validate_certs: false
  tasks:
    - name: Read the VCH and a containerVM
      vic.vch.guestinfo_read:
        names: [vic-vch, vic-container, ghost]
        schema: vch
        keys: ["%(token_key)s", guestinfo.ovfEnv]
      register: read
      check_mode: true
    - name: Inside the guest (this controller is no VMware VM)
      vic.vch.guestinfo_read:
        source: guest
        schema: containervm
        rpctool: "%(rpctool)s"
      register: inside
      ignore_errors: true
    - ansible.builtin.assert:
        that:
          - read is not changed
          - read.vms | map(attribute='name') | list == ['vic-vch', 'vic-container']
          - read.missing == ['ghost']
          - read.vms[0].config.connection.target == 'https://10.192.171.116'
          - read.vms[0].extra_config['guestinfo.ovfEnv'] == '********'
          - inside is failed
          - inside.msg is search('not inside a VMware VM')
"""


def test_through_ansible_playbook(bed, tmp_path):
    from tests.support.collection_path import collections_root
    from tests.support.guest_tools import real_rpctool

    playbook = tmp_path / "read.yml"
    playbook.write_text(PLAYBOOK % dict(hostname=bed.hostname, port=bed.port, username=bed.username,
                                        password=bed.password, token_key=TOKEN_KEY, rpctool=real_rpctool()))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    command = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    proc = subprocess.run([command, "-i", "localhost,", "-c", "local", "-vvv", str(playbook)], capture_output=True,
                          text=True, env=env, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert "failed=0" in output and "changed=0" in output
    assert TOKEN not in output and OVF_KEY not in output


def test_documentation():
    from tests.support.collection_path import collections_root

    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1")
    command = os.path.join(os.path.dirname(sys.executable), "ansible-doc")
    proc = subprocess.run([command, "--json", "-t", "module", "vic.vch.guestinfo_read"], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)["vic.vch.guestinfo_read"]
    options = doc["doc"]["options"]
    for name in ("hostname", "username", "password"):
        assert options[name].get("required") is False, name  # only with source=api, checked by the module
    assert options["source"]["choices"] == ["api", "guest"] and options["source"]["default"] == "api"
    assert options["schema"]["choices"] == ["raw", "vch", "containervm"] and options["schema"]["default"] == "raw"
    assert options["show_hidden"]["default"] is False and options["names"]["elements"] == "str"
    assert doc["doc"]["attributes"]["check_mode"]["support"] == "full"
    assert doc["doc"]["attributes"]["diff_mode"]["support"] == "none"
    assert set(doc["return"]) == {"name", "moid", "power_state", "config", "status", "inspect", "extra_config",
                                  "vms", "missing"}
    assert "vic.vch.guestinfo_read" in doc["examples"]


def test_a_containervm_whose_argument_holds_a_pipe_is_read_with_a_warning(bed):
    """VIC writes ``sh -c "ls | wc -l"`` without escaping the '|': the containerVM reads (config and published
    status), its argument whole, and a warning names the key."""
    result = run_module("guestinfo_read", dict(bed.connection_params(), name="piped-container", schema="containervm"))
    assert result.get("failed") is None, result
    assert result["config"]["sessions"]["abc123def456"]["cmd"]["args"] == ["/bin/sh", "-c", "ls | wc -l"]
    assert result["status"]["started"] is not None
    said = [w["event"]["msg"] if isinstance(w, dict) else w for w in result["warnings"]]
    assert said == ["VM piped-container: guestinfo.vice./sessions|abc123def456/cmd/Args~: 3 items were written but "
                    "the text holds 4 '|'-separated pieces (VIC does not escape '|' inside an item), read as "
                    "['/bin/sh', '-c', 'ls | wc -l']"], said
