# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input, across every module and role: a message naming the field, and not one CreateVM or ReconfigVM
request (counted by the proxy in front of the simulator)."""

import json
import os
import re
import subprocess
import sys

import pytest
from tests.support.collection_path import collections_root
from tests.support.builders import containervm_args, vch_args
from tests.support.modules import run_module
from tests.support.soap_proxy import SoapProxy
from tests.support.vcsim import Vcsim

WRITES = ("CreateVM_Task", "ReconfigVM_Task", "CreateFolder", "CreateResourcePool", "Destroy_Task",
          "PowerOnVM_Task", "PowerOffVM_Task")
HUGE = "x" * ((1 << 20) + 1)  # one byte over the limit


@pytest.fixture(scope="module")
def bed():
    with Vcsim() as vc:
        assert run_module("vch_deploy", vch_args(
            vc.connection_params(), container_networks=[{"port_group": "DC0_DVPG2", "alias": "web"}]))["changed"]
        assert run_module("containervm_config", containervm_args(vc.connection_params()))["changed"]
        with SoapProxy(vc) as proxy:
            yield vc, proxy


def deploy(**change):
    return "vch_deploy", vch_args(**dict(dict(name="vch-2"), **change))


def configure(**change):
    return "vch_config", dict(dict(name="vch-1"), **change)


def container(**change):
    return "containervm_config", containervm_args(**dict(dict(name="web-2", command={"path": "/bin/sh"}), **change))


def read(**change):
    return "guestinfo_read", change


CASES = [
    (deploy(name=""), "name"),
    (deploy(name="a" * 81), "name"),
    (deploy(name="a%b"), "name"),
    (deploy(folder="vic/bad|part"), "folder"),
    (deploy(bridge_network_range="10.0.0.0"), "bridge_network_range"),
    (deploy(client_network={"port_group": "DC0_DVPG1", "ip": "10.0.0.5/24", "routes": ["10.1.0.0/16"]}),
     "client_network.routes"),
    (deploy(management_network=["not", "a", "mapping"]), "management_network"),
    (deploy(dns_servers=["10.0.0.1", "dns.example.com"]), "dns_servers[1]"),
    (deploy(container_networks=[{"port_group": "DC0_DVPG2", "alias": "a@b"}]), "container_networks[0].alias"),
    (deploy(container_networks=[{"port_group": "DC0_DVPG2", "alias": "web"},
                                {"port_group": "DC0_DVPG1", "alias": "web"}]), "container_networks[1].alias"),
    (deploy(container_networks=[{"port_group": "DC0_DVPG2", "gateway": "10.0.0.1/24",
                                 "ip_range": "10.0.0.20-10.0.0.10"}]), "container_networks[0].ip_range"),
    (deploy(volume_stores=[{"name": "a|b", "url": "ds://LocalDS_0/v"}]), "volume_stores[0].name"),
    (deploy(volume_stores=[{"name": "v", "url": "ds:///no-host"}]), "volume_stores[0].url"),
    (deploy(registries={"whitelist": ["ok:5000", "a@b:5000"]}), "registries.whitelist[1]"),
    (deploy(registries={"ca": "not a certificate"}), "registries.ca"),
    (deploy(target="https://user:pw@vcenter/sdk"), "target"),
    (deploy(ops_password="only-a-password"), "ops_password"),
    (deploy(proxies={"no_proxy": ["a,b"]}), "proxies.no_proxy[0]"),
    (deploy(endpoint_cpu=0), "endpoint_cpu"),
    (deploy(bootstrap_iso="[LocalDS_0] boot.img"), "bootstrap_iso"),
    (deploy(host="NoSuchHost", cluster=None), "host"),
    (deploy(resource_pool="/DC0/host/nowhere", cluster=None), "resource_pool"),
    (deploy(datastore=None), "datastore"),
    (deploy(public_network="no-such-port-group"), "public_network.port_group"),
    (configure(bridge_network="DC0_DVPG1"), "bridge_network"),
    (configure(container_name_convention="c-{name}"), "container_name_convention"),
    (configure(fields={"storage.scratch_size": "big"}), "fields"),
    (configure(fields={"executor_config.execs[x]": None}), "fields"),
    (configure(fields={"executor_config.sessions[port-layer].status": 1}), "fields"),
    # set, then refused by the strict encoding: the message names the field's path
    (configure(fields={"executor_config.sessions[vicadmin].cmd.dir": HUGE}),
     "executor_config.sessions[vicadmin].cmd.dir"),
    (configure(fields={"connection.target": "bad\udcffutf8"}), "connection.target"),
    (configure(fields={"registry.insecure_registries": ["a|b"]}), "registry.insecure_registries[0]"),
    (configure(fields={"storage.volume_locations[v]": "not a url at all"}), "fields"),
    (configure(debug=9), "debug"),
    (configure(syslog_address="tcp://logs"), "syslog_address"),
    (configure(container_networks=[{"port_group": "no-such-pg", "alias": "x"}]), "container_networks[0].port_group"),
    (container(networks=[{"name": "bridge", "ip": "dhcp", "gateway": "172.16.0.1"}]), "networks[0].gateway"),
    (container(networks=[{"name": "bridge"}, {"name": "bridge"}]), "networks[1].name"),
    (container(mounts=[{"source": "nfs://h/a", "dest": "/a"}, {"source": "nfs://h/a", "dest": "/b"}]),
     "mounts[1].name"),
    (container(annotations={"k": "a" * 10, "a@b": "v"}), "annotations"),
    (container(command={"path": "/bin/sh", "env": ["=value"]}), "command.env[0]"),
    (container(cpus=0), "cpus"),
    (container(vch=None), "vch"),
    (container(command=None), "command"),
    # found trying it as an adversary would (issue 11): each of these was written before
    (deploy(target="https://vcenter.lab\nVC_URL=https://evil"), "target"),
    (configure(target="https://vcenter.lab\n"), "target"),
    (deploy(container_networks=[{"port_group": "DC0_DVPG0", "alias": "web"}]), "container_networks[0].port_group"),
    (configure(container_networks=[{"port_group": "DC0_DVPG0", "alias": "web"}]), "container_networks[0].port_group"),
    (deploy(image_store="ds://NoSuchDS/images"), "image_store"),
    (deploy(volume_stores=[{"name": "v", "url": "ds://NoSuchDS/volumes"}]), "volume_stores[0].url"),
    (configure(volume_stores=[{"name": "v", "url": "ds://NoSuchDS/volumes"}]), "volume_stores[0].url"),
    (deploy(bridge_network_range="172.16.0.1/12"), "bridge_network_range"),
    (deploy(container_networks=[{"port_group": "DC0_DVPG2", "gateway": "10.20.0.1/24",
                                 "ip_range": "10.30.0.10-10.30.0.20"}]), "container_networks[0].ip_range"),
    (deploy(name="vch\x07bell"), "name"),
    (deploy(name="vch\nnewline"), "name"),
    (container(name="web\t1"), "name"),
    (deploy(folder="vic/../prod"), "folder"),
    (configure(fields={"certificate.host_certificate.key": "-----BEGIN PRIVATE KEY-----"}), "fields"),
    (configure(secret_fields={"storage.scratch_size": 1}), "secret_fields"),
    # the Docker API's TLS (issue 13)
    (deploy(no_tls=True, tls_cname="vch.example.com"), "no_tls"),
    (deploy(tls_server_cert="/etc/hostname"), "tls_server_key"),
    (deploy(tls_ca=["/nonexistent/ca.pem"]), "tls_ca[0]"),
    (deploy(certificate_key_size=1024), "certificate_key_size"),
    (deploy(tls_cert_path="/nonexistent-vic-certs"), "tls_cname"),  # DHCP, nothing to reuse, no name
    (configure(tls_cname="other.example.com"), "tls_cname"),
    (configure(tls_server_cert="/etc/hostname", tls_server_key="/etc/hostname"), "tls_server_cert"),
    (read(names=["vch-1"], hostname="https://vcenter.example.com/sdk"), "hostname"),
    (read(names=["vch-1", ""]), "names[1]"),
    (read(name=""), "name"),
    (read(source="guest", name="vch-1"), "name"),
    (read(source="guest", prefix="guestinfo."), "prefix"),
    (read(source="guest", schema="raw"), "keys"),
    (read(name="vch-1", rpctool="/usr/bin/vmware-rpctool"), "rpctool"),
]


@pytest.mark.parametrize("case, field", CASES, ids=["%s-%s" % (c[0], f) for c, f in CASES])
def test_bad_input_names_the_field_and_writes_nothing(bed, case, field):
    vc, proxy = bed
    module, args = case
    before = dict((m, proxy.count(m)) for m in WRITES)
    result = run_module(module, dict(proxy.connection_params(), **dict((k, v) for k, v in args.items()
                                                                       if v is not None)))
    assert result.get("failed") is True, result
    # our messages start with the field; Ansible's own argument checks name it inside theirs
    assert result["msg"].startswith(field + ":") or re.search(r"\b%s\b" % re.escape(field), result["msg"]), \
        result["msg"]
    assert dict((m, proxy.count(m)) for m in WRITES) == before


def test_there_are_at_least_forty_cases():
    assert len(CASES) + len(ROLE_CASES) >= 40


ROLE_CASES = [
    ("vic.vch.deploy", {}, "deploy_vch"),
    ("vic.vch.deploy", {"deploy_vch": {"name": "vch-r", "datastore": "LocalDS_0", "bridge_network": "DC0_DVPG0",
                                       "cluster": "DC0_C0", "client_network": {"port_group": "DC0_DVPG1",
                                                                               "ip": "nope"}}},
     "client_network.ip"),
    ("vic.vch.deploy", {"deploy_vch": {"name": "vch-r"}, "deploy_containers": "web-1"}, "deploy_containers"),
    ("vic.vch.drift", {"drift_vchs": [{"name": "vch-1", "fields": {"storage.nope": 1}}]}, "fields"),
    ("vic.vch.drift", {"drift_containers": [{"name": "web-1", "vch": "vch-1", "command": {"path": "relative"}}]},
     "command.path"),
    ("vic.vch.containervm", {"containervm": {"name": "x"}, "containervm_state": "gone"}, "containervm_state"),
    ("vic.vch.containervm", {"containervm": {"name": "x", "vch": "vch-1", "command": {"path": "/bin/sh"},
                                             "networks": [{"name": "db"}]}}, "networks[0].name"),
]


def test_bad_role_input_names_the_variable_and_writes_nothing(bed, tmp_path):
    vc, proxy = bed
    tasks = []
    for index, (role, variables, _field) in enumerate(ROLE_CASES):
        tasks.append({"name": "case %d" % index, "block": [
            {"ansible.builtin.include_role": {"name": role}, "vars": variables}],
            # a loop's failure says "One or more items failed": show each item's message too
            "rescue": [{"ansible.builtin.debug": {"msg": "CASE%d: {{ (ansible_failed_result.results | default([]) "
                                                         "| selectattr('msg', 'defined') | map(attribute='msg') "
                                                         "| list + [ansible_failed_result.msg]) | join(' / ') }}"
                                                         % index}}]})
    play = [{"hosts": "localhost", "connection": "local", "gather_facts": False,
             "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
             "module_defaults": {"group/vic.vch.vsphere": proxy.connection_params()}, "tasks": tasks}]
    playbook = tmp_path / "roles.yml"
    playbook.write_text(json.dumps(play))
    before = dict((m, proxy.count(m)) for m in WRITES)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root(), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
                           str(playbook)], capture_output=True, text=True, env=env, timeout=300, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    for index, (role, _variables, field) in enumerate(ROLE_CASES):
        found = re.search(r'"msg": "CASE%d: (.*)"' % index, out)
        assert found, "case %d (%s) did not fail: %s" % (index, role, out[-3000:])
        assert field in found.group(1), (role, field, found.group(1))
    assert dict((m, proxy.count(m)) for m in WRITES) == before
