# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Docker API's TLS of a VCH on the vCenter simulator: what vch_deploy generates and writes (the certificate,
the key sealed as a secret, the CAs, the port), the folder reused by a rerun that changes nothing, the no_tls and
no_tlsverify variants, an existing VCH's TLS changed only when asked, what Docker clients are told, and the
private key never in a result, a diff or a log."""

import os

from pyVmomi import vim
from tests.support import builders
from tests.support.inventory import exists, extra_config
from tests.support.modules import run_module
from tests.support.playbooks import LOCALHOST_PLAY_HEAD, ansible_playbook, guests

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode
from ansible_collections.vic.vch.plugins.module_utils.vch import tls
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

FILES = sorted([tls.CA_CERT, tls.CA_KEY, tls.SERVER_CERT, tls.SERVER_KEY, tls.CLIENT_CERT, tls.CLIENT_KEY])
KEY_KEY = "guestinfo.vice./cert/HostCertificate/Key@secret"
CERT_KEY = "guestinfo.vice./cert/HostCertificate/Cert"
CAS_KEY = "guestinfo.vice./cert/CertificateAuthorities"


def deploy_args(vc, folder, name="vch-t", **extra):
    return builders.vch_args(vc.connection_params(), name=name, tls_cert_path=str(folder), **extra)


def read(folder, name):
    with open(os.path.join(str(folder), name), "rb") as handle:
        return handle.read()


def key_lines(folder):
    """The lines of every private key in ``folder`` that are secret: a PKCS#1 key also holds the public modulus,
    which its certificate shows, so a line that is also in a certificate's text is left out."""
    public = "".join(read(folder, name).decode().replace("\n", "")
                     for name in (tls.CA_CERT, tls.SERVER_CERT, tls.CLIENT_CERT)
                     if os.path.exists(os.path.join(str(folder), name)))
    lines = []
    for name in (tls.CA_KEY, tls.SERVER_KEY, tls.CLIENT_KEY):
        if os.path.exists(os.path.join(str(folder), name)):
            lines += [line for line in read(folder, name).decode().splitlines()
                      if "PRIVATE KEY" not in line and line not in public]
    assert len(lines) > 10  # the private exponent and primes: most of a key
    return lines


def personality_args(config):
    return config.executor_config.sessions["docker-personality"].cmd.args


def test_a_new_vch_gets_generated_certificates_and_a_rerun_reuses_them(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    folder = tmp_path / "vch-t"
    checked = run_module("vch_deploy", deploy_args(vc, folder, tls_cname="vch-t.example.com"), check_mode=True,
                         diff=True)
    assert checked["changed"] and checked["vch"]["certificates_generated"] == FILES
    assert not folder.exists() and not exists(vc, vim.VirtualMachine, "vch-t")  # check mode writes nothing

    with guests(vc):
        created = run_module("vch_deploy", deploy_args(vc, folder, tls_cname="vch-t.example.com", wait=True,
                                                       timeout=60), diff=True)
    assert created["changed"], created
    vch = created["vch"]
    assert vch["certificates_generated"] == FILES and sorted(os.listdir(str(folder))) == FILES
    client_ip = vch["client_ip"]
    assert vch["docker"] == {
        "tls": "verify", "port": 2376, "docker_host": "%s:2376" % client_ip, "cert_path": str(folder),
        "env": ["DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=%s" % folder, "DOCKER_HOST=%s:2376" % client_ip,
                "COMPOSE_TLS_VERSION=TLSv1_2"],
        "command": "docker -H %s:2376 --tlsverify info" % client_ip,
        "admin_portal": "https://%s:2378" % client_ip}

    keys = extra_config(vc, "vch-t")
    config = decode(VCHConfig, keys)
    assert config.certificate.host_certificate.cert == read(folder, tls.SERVER_CERT)
    assert config.certificate.certificate_authorities == read(folder, tls.CA_CERT)
    assert personality_args(config)[1] == "-port=2376"
    # the key is sealed: its stored value is no PEM, and no line of it is anywhere in the VM's keys or the results
    assert KEY_KEY in keys and "PRIVATE KEY" not in keys[KEY_KEY]
    secrets = key_lines(folder)
    for line in secrets:
        assert line not in str(keys) and line not in str(created) and line not in str(checked)

    again = run_module("vch_deploy", deploy_args(vc, folder, tls_cname="vch-t.example.com"), diff=True)
    assert again["changed"] is False and again["changed_keys"] == [], again
    assert again["vch"]["docker"]["env"][:2] == ["DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=%s" % folder]
    assert sorted(os.listdir(str(folder))) == FILES and key_lines(folder) == secrets  # nothing regenerated


def test_no_tls_serves_in_the_clear_on_2375(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    folder = tmp_path / "plain"
    created = run_module("vch_deploy", deploy_args(vc, folder, name="vch-plain", no_tls=True))
    assert created["changed"] and created["vch"]["certificates_generated"] == []
    assert created["vch"]["docker"]["tls"] == "none" and created["vch"]["docker"]["port"] == 2375
    keys = extra_config(vc, "vch-plain")
    assert not [k for k in keys if "/cert/HostCertificate" in k]
    assert personality_args(decode(VCHConfig, keys))[1] == "-port=2375"
    assert not folder.exists()


def test_no_tlsverify_serves_tls_without_client_certificates(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    folder = tmp_path / "server-only"
    created = run_module("vch_deploy", deploy_args(vc, folder, name="vch-s", no_tlsverify=True))
    assert created["vch"]["certificates_generated"] == [tls.SERVER_CERT, tls.SERVER_KEY]
    config = decode(VCHConfig, extra_config(vc, "vch-s"))
    assert config.certificate.host_certificate.cert == read(folder, tls.SERVER_CERT)
    assert config.certificate.certificate_authorities == b""
    assert personality_args(config)[1] == "-port=2376"
    assert created["vch"]["docker"]["tls"] == "server" and "DOCKER_TLS_VERIFY=1" not in created["vch"]["docker"]["env"]


def test_an_existing_vchs_tls_changes_only_when_asked_and_is_reported_by_option(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    folder, mine = tmp_path / "vch-e", tmp_path / "mine"
    run_module("vch_deploy", deploy_args(vc, folder, name="vch-e", tls_cname="vch-e.example.com"))
    before = extra_config(vc, "vch-e")

    # a name other than its certificate's: refused naming the option, nothing written
    refused = run_module("vch_config", dict(vc.connection_params(), name="vch-e", tls_cname="other.example.com"))
    assert refused.get("failed") and refused["msg"].startswith("tls_cname: the VCH's server certificate is for "
                                                               "'vch-e.example.com'")
    assert extra_config(vc, "vch-e") == before

    # TLS off: the certificate, its key and the CAs go, the port follows; told by option, the key as a secret
    off = run_module("vch_config", dict(vc.connection_params(), name="vch-e", no_tls=True), diff=True)
    assert off["changed"], off
    by_field = dict((item["field"], item) for item in off["drift"])
    assert by_field["certificate.host_certificate"]["option"] == "tls_server_cert"
    assert by_field["certificate.certificate_authorities"]["option"] == "tls_ca"
    personality = "executor_config.sessions[docker-personality].cmd.args"
    assert by_field[personality]["option"] == "no_tls"
    assert by_field[personality]["after"][1] == "-port=2375"
    assert off["vch"]["docker"]["tls"] == "none"
    keys = extra_config(vc, "vch-e")
    assert not [k for k in keys if "/cert/HostCertificate" in k] and not keys.get(CAS_KEY)
    for line in key_lines(folder):
        assert line not in str(off)

    # a certificate given (another one, made for the same name): set, its key sealed; a rerun changes nothing
    run_module("vch_deploy", deploy_args(vc, mine, name="vch-other", tls_cname="vch-e.example.com"))
    given = dict(tls_server_cert=str(mine / tls.SERVER_CERT), tls_server_key=str(mine / tls.SERVER_KEY),
                 tls_ca=[str(mine / tls.CA_CERT)])
    on = run_module("vch_config", dict(vc.connection_params(), name="vch-e", **given), diff=True)
    assert on["changed"], on
    config = decode(VCHConfig, extra_config(vc, "vch-e"))
    assert config.certificate.host_certificate.cert == read(mine, tls.SERVER_CERT)
    assert config.certificate.certificate_authorities == read(mine, tls.CA_CERT)
    assert personality_args(config)[1] == "-port=2376"
    for line in key_lines(mine):
        assert line not in str(on) and line not in str(extra_config(vc, "vch-e"))
    again = run_module("vch_deploy", deploy_args(vc, folder, name="vch-e", **given))
    assert again["changed"] is False, again.get("drift")

    # vch_deploy with the options it was created with (tls_cname, the folder) asks nothing of its TLS
    rerun = run_module("vch_deploy", deploy_args(vc, folder, name="vch-e", tls_cname="vch-e.example.com"))
    assert rerun["changed"] is False, rerun.get("drift")


def test_a_vch_whose_address_comes_from_dhcp_needs_a_common_name(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    folder = tmp_path / "dhcp"
    refused = run_module("vch_deploy", deploy_args(vc, folder, name="vch-d"))
    assert refused.get("failed") and refused["msg"].startswith("tls_cname: is needed to generate certificates")
    assert not folder.exists() and not exists(vc, vim.VirtualMachine, "vch-d") and vc.count("CreateVM_Task") == 0


def test_the_private_keys_never_reach_the_output_of_ansible_playbook_at_vvvv(fresh_vcsim, tmp_path):
    vc = fresh_vcsim
    play = tmp_path / "tls.yml"
    play.write_text(LOCALHOST_PLAY_HEAD + """  tasks:
    - name: Deploy a VCH with generated certificates
      vic.vch.vch_deploy:
        name: vch-p
        datacenter: DC0
        cluster: DC0_C0
        datastore: LocalDS_0
        bridge_network: DC0_DVPG0
        appliance_iso: "{{ lookup('ansible.builtin.env', 'VIC_APPLIANCE_ISO') }}"
        tls_cname: vch-p.example.com
      register: deployed
    - name: Give it a certificate of its own
      vic.vch.vch_config:
        name: vch-p
        tls_server_cert: "{{ playbook_dir }}/vch-p/server-cert.pem"
        tls_server_key: "{{ playbook_dir }}/vch-p/server-key.pem"
        no_tlsverify: true
""")
    rc, out = ansible_playbook(vc, str(play), "-vvvv", "--diff")
    assert rc == 0, out[-3000:]
    # the default folder: the VCH's name in the module's working directory, which for a task on the controller
    # is the playbook's directory
    assert sorted(os.listdir(str(tmp_path / "vch-p"))) == FILES
    lines = key_lines(tmp_path / "vch-p")
    assert lines and not [line for line in lines if line in out]
    assert "DOCKER_CERT_PATH=%s" % (tmp_path / "vch-p") in out
