# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Docker API's TLS (module_utils/vch/tls.py, certificates.py): certificates as vic-machine makes them,
verified with cryptography's own chain verifier and used in real TLS handshakes on 127.0.0.1; the folder of
certificates reused, never regenerated while valid; the options' refusals; what an existing VCH's options set;
what the configuration holds (keys, the key sealed as a secret, the Docker API's port)."""

import datetime
import ipaddress
import os
import socket
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import PolicyBuilder, Store

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, encode
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vch import tls
from ansible_collections.vic.vch.plugins.module_utils.vch.certificates import KeyPair, verifies_client
from ansible_collections.vic.vch.plugins.module_utils.vch.mapping import Placement, apply_options, build_vch_config
from ansible_collections.vic.vch.plugins.module_utils.vch.options import DEPLOY_DEFAULTS, validate
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import PERSONALITY

NOW = datetime.datetime.now(datetime.timezone.utc)
FILES = sorted([tls.CA_CERT, tls.CA_KEY, tls.SERVER_CERT, tls.SERVER_KEY, tls.CLIENT_CERT, tls.CLIENT_KEY])


def options(**given):
    return validate(dict(dict(bridge_network="bridge-pg"), **given), DEPLOY_DEFAULTS)


def created(folder, name="vch-1", **given):
    """The Certificates vch_deploy plans for a new VCH with these options, saved (as creation does)."""
    opts = options(tls_cert_path=str(folder), **given)
    certificates = tls.for_creation(name, opts["tls"], opts)
    certificates.save()
    return certificates


def read(folder, name):
    with open(os.path.join(str(folder), name), "rb") as handle:
        return handle.read()


def certificate(folder, name):
    return x509.load_pem_x509_certificate(read(folder, name))


def usages(cert):
    return cert.extensions.get_extension_for_class(x509.KeyUsage).value


# -- what is generated -------------------------------------------------------------------------------------------

def test_by_default_a_ca_a_server_and_a_client_certificate_are_made_as_vic_machine_makes_them(tmp_path):
    folder = tmp_path / "vch-1"
    now = datetime.datetime.now(datetime.timezone.utc)
    made = created(folder, tls_cname="vch-1.example.com")
    assert made.generated == FILES and made.client and made.warnings == []
    assert sorted(os.listdir(str(folder))) == FILES
    for name in FILES:
        mode = os.stat(str(folder / name)).st_mode & 0o777
        assert mode == (0o600 if name.endswith("key.pem") else 0o644), name
    assert os.stat(str(folder)).st_mode & 0o777 == 0o700

    ca, server, client = (certificate(folder, n) for n in (tls.CA_CERT, tls.SERVER_CERT, tls.CLIENT_CERT))
    # the CA: signs certificates, names no one, organization the VCH's name and the common name
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    assert usages(ca).key_cert_sign and usages(ca).digital_signature
    assert not ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert [a.value for a in ca.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)] == \
        ["vch-1", "vch-1.example.com"]
    # the server: for server authentication, named, with the name as a DNS alternative name
    assert server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == \
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH])
    assert server.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "vch-1.example.com"
    assert server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.DNSName) == ["vch-1.example.com"]
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    # the client: signatures and client authentication only
    assert client.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == \
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH])
    assert usages(client).digital_signature and not usages(client).key_encipherment
    for cert in (server, client):
        assert cert.issuer == ca.subject
        cert.verify_directly_issued_by(ca)
        assert cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier == \
            ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    for cert in (ca, server, client):
        # valid from a day ago (clock drift) for a year; RSA 2048; SHA-256 signatures
        assert abs((cert.not_valid_before_utc - (now - datetime.timedelta(days=1))).total_seconds()) < 120
        assert 365 * 86400 - 120 < (cert.not_valid_after_utc - now).total_seconds() < 366 * 86400 + 120
        assert cert.public_key().key_size == 2048
        assert cert.signature_hash_algorithm.name == "sha256"
    for key in (tls.CA_KEY, tls.SERVER_KEY, tls.CLIENT_KEY):
        assert read(folder, key).startswith(b"-----BEGIN RSA PRIVATE KEY-----")  # PKCS#1, as vic-machine
    # what the configuration gets: the server pair, and the CA for client certificates
    assert made.settings.host == KeyPair(read(folder, tls.SERVER_CERT), read(folder, tls.SERVER_KEY))
    assert made.settings.authorities == read(folder, tls.CA_CERT)


def test_the_chain_verifies_with_cryptographys_verifier(tmp_path):
    folder = tmp_path / "certs"
    created(folder, tls_cname="vch-1.example.com")
    store = Store([certificate(folder, tls.CA_CERT)])
    verifier = PolicyBuilder().store(store).time(NOW).build_server_verifier(x509.DNSName("vch-1.example.com"))
    chain = verifier.verify(certificate(folder, tls.SERVER_CERT), [])
    assert chain[-1] == certificate(folder, tls.CA_CERT)
    with pytest.raises(x509.verification.VerificationError):
        PolicyBuilder().store(store).time(NOW).build_server_verifier(x509.DNSName("other.example.com")).verify(
            certificate(folder, tls.SERVER_CERT), [])
    assert verifies_client(read(folder, tls.CA_CERT), certificate(folder, tls.CLIENT_CERT))
    assert not verifies_client(read(folder, tls.CA_CERT), certificate(folder, tls.SERVER_CERT))  # server only


def test_a_static_client_address_is_the_common_name_and_an_ip_alternative_name(tmp_path):
    made = created(tmp_path / "c", client_network={"port_group": "client-pg", "ip": "10.10.0.5/24"})
    server = made.settings.host.certificate
    assert made.settings.host.common_name == "10.10.0.5"
    assert server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.IPAddress) == [ipaddress.ip_address("10.10.0.5")]
    store = Store([x509.load_pem_x509_certificate(made.settings.authorities)])
    PolicyBuilder().store(store).time(NOW).build_server_verifier(
        x509.IPAddress(ipaddress.ip_address("10.10.0.5"))).verify(server, [])


@pytest.mark.parametrize("given, expected", [
    (dict(client_network={"port_group": "c", "ip": "10.0.0.5/24"}), "10.0.0.5"),
    (dict(public_network={"port_group": "p", "ip": "10.0.1.5/24"}), "10.0.1.5"),
    # clients come in on the public network's port group: its address
    (dict(public_network={"port_group": "p", "ip": "10.0.1.5/24"}, client_network="p"), "10.0.1.5"),
    # on another one, with DHCP: none
    (dict(public_network={"port_group": "p", "ip": "10.0.1.5/24"}, client_network="c"), None),
    (dict(management_network={"port_group": "c", "ip": "10.0.2.5/24"}, client_network="c"), "10.0.2.5"),
    (dict(management_network={"port_group": "VM Network", "ip": "10.0.2.5/24"}), "10.0.2.5"),
    (dict(management_network={"port_group": "m", "ip": "10.0.2.5/24"}), None),
    (dict(), None),
])
def test_the_default_common_name_follows_vic_machine(given, expected):
    assert tls.default_cname(options(**given)) == expected


def test_no_tlsverify_makes_a_self_signed_server_certificate_and_no_ca(tmp_path):
    made = created(tmp_path / "c", no_tlsverify=True, tls_cname="vch.example.com")
    assert made.generated == [tls.SERVER_CERT, tls.SERVER_KEY] and not made.client
    assert made.settings.authorities == b""
    server = made.settings.host.certificate
    assert server.issuer == server.subject
    server.verify_directly_issued_by(server)
    # with DHCP and no name: still a server certificate, as vic-machine (clients then skip the name check)
    unnamed = created(tmp_path / "d", no_tlsverify=True)
    assert unnamed.settings.host.common_name == ""


def test_no_tls_makes_nothing(tmp_path):
    made = created(tmp_path / "c", no_tls=True)
    assert made.settings.host is None and made.settings.authorities == b"" and made.files == {}
    assert not os.path.exists(str(tmp_path / "c"))


def test_options_say_what_goes_in_the_certificates(tmp_path):
    made = created(tmp_path / "c", tls_cname="*.vch.example.com", organization=["Example Corp"],
                   certificate_key_size=3072)
    ca = certificate(tmp_path / "c", tls.CA_CERT)
    assert [a.value for a in ca.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)] == ["Example Corp"]
    assert made.settings.host.certificate.public_key().key_size == 3072
    default_org = created(tmp_path / "d", tls_cname="*.vch.example.com")  # a wildcard is not an organization
    assert [a.value for a in certificate(tmp_path / "d", tls.CA_CERT).subject.get_attributes_for_oid(
        NameOID.ORGANIZATION_NAME)] == ["vch-1"]
    assert default_org.settings.host.common_name == "*.vch.example.com"


# -- a real TLS handshake on 127.0.0.1 -------------------------------------------------------------------------------

def handshake(server_context, client_context, server_hostname):
    """(what the server saw of the client certificate, or the server's error; the client's error or None) of a
    TLS handshake between the two contexts over a loopback socket."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)
    seen = {}

    def serve():
        try:
            conn, _address = listener.accept()
            with server_context.wrap_socket(conn, server_side=True) as tls_conn:
                seen["peer"] = tls_conn.getpeercert()
                tls_conn.sendall(b"ok")
        except (OSError, ssl.SSLError) as exc:
            seen["error"] = exc

    thread = threading.Thread(target=serve)
    thread.start()
    client_error = None
    try:
        with socket.create_connection(listener.getsockname(), timeout=10) as raw:
            with client_context.wrap_socket(raw, server_hostname=server_hostname) as conn:
                assert conn.recv(2) == b"ok"
    except (OSError, ssl.SSLError) as exc:
        client_error = exc
    thread.join(10)
    listener.close()
    return seen.get("peer", seen.get("error")), client_error


def server_context(folder, verify_clients):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(folder / tls.SERVER_CERT), str(folder / tls.SERVER_KEY))
    if verify_clients:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(str(folder / tls.CA_CERT))
    return context


def client_context(cafile, certificate_folder=None):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile)
    if certificate_folder is not None:
        context.load_cert_chain(str(certificate_folder / tls.CLIENT_CERT), str(certificate_folder / tls.CLIENT_KEY))
    return context


@pytest.mark.parametrize("cname, hostname", [("127.0.0.1", "127.0.0.1"), ("vch.example.test", "vch.example.test")])
def test_a_docker_client_with_the_client_certificate_completes_a_handshake(tmp_path, cname, hostname):
    folder = tmp_path / "certs"
    created(folder, tls_cname=cname)
    peer, error = handshake(server_context(folder, True), client_context(str(folder / tls.CA_CERT), folder),
                            hostname)
    assert error is None, error
    assert isinstance(peer, dict) and peer["issuer"]  # the server saw the client's certificate, signed by the CA


def test_without_a_client_certificate_the_handshake_is_refused(tmp_path):
    folder = tmp_path / "certs"
    created(folder, tls_cname="127.0.0.1")
    peer, error = handshake(server_context(folder, True), client_context(str(folder / tls.CA_CERT)), "127.0.0.1")
    assert isinstance(peer, ssl.SSLError) or error is not None


def test_with_no_tlsverify_a_client_without_a_certificate_connects(tmp_path):
    folder = tmp_path / "certs"
    created(folder, tls_cname="127.0.0.1", no_tlsverify=True)
    peer, error = handshake(server_context(folder, False), client_context(str(folder / tls.SERVER_CERT)),
                            "127.0.0.1")
    assert error is None, error
    assert peer is None  # the server asked for no client certificate, and completed the handshake


# -- the folder: reused, never regenerated while valid ----------------------------------------------------------------

def test_a_second_run_reuses_the_folder_and_writes_nothing(tmp_path):
    folder = tmp_path / "vch-1"
    first = created(folder, tls_cname="vch-1.example.com")
    before = dict((name, (read(folder, name), os.stat(str(folder / name)).st_mtime_ns)) for name in FILES)
    again = created(folder, tls_cname="vch-1.example.com")
    assert again.files == {} and again.generated == [] and again.client and again.warnings == []
    assert again.settings.host == first.settings.host and again.settings.authorities == first.settings.authorities
    assert dict((name, (read(folder, name), os.stat(str(folder / name)).st_mtime_ns)) for name in FILES) == before
    # without tls_cname (DHCP), the folder's certificates are used as they are
    assert created(folder).settings.host == first.settings.host


def test_the_folder_is_the_vchs_name_in_the_working_directory_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    opts = options(tls_cname="vch-7.example.com")
    made = tls.for_creation("vch-7", opts["tls"], opts)
    assert made.cert_path == str(tmp_path / "vch-7")
    made.save()
    assert sorted(os.listdir(str(tmp_path / "vch-7"))) == FILES


def test_a_folder_for_another_name_is_refused(tmp_path):
    folder = tmp_path / "c"
    created(folder, tls_cname="a.example.com")
    with pytest.raises(OptionError, match=r"^tls_cname: 'b.example.com' is not the common name .*'a.example.com'"):
        created(folder, tls_cname="b.example.com")


def test_a_folder_with_other_files_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(OptionError, match=r"^tls_cert_path: .* has files but not the server certificates"):
        created(folder, tls_cname="a.example.com")
    assert os.listdir(str(folder)) == ["notes.txt"]


def test_an_empty_folder_is_used(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    assert created(folder, tls_cname="a.example.com").generated == FILES


def test_dhcp_with_client_verification_needs_a_common_name(tmp_path):
    with pytest.raises(OptionError, match=r"^tls_cname: is needed to generate certificates for client "
                                          r"authentication .*no_tlsverify or no_tls"):
        created(tmp_path / "c")
    assert not os.path.exists(str(tmp_path / "c"))


def test_two_runs_racing_on_one_folder_never_mix_their_certificates(tmp_path):
    folder = tmp_path / "c"
    opts = options(tls_cert_path=str(folder), tls_cname="a.example.com")
    one, other = (tls.for_creation("vch-1", opts["tls"], opts) for run in ("one", "other"))
    one.save()
    with pytest.raises(OptionError, match=r"^tls_cert_path: certificates could not be written .* rerun to use them"):
        other.save()
    assert read(folder, tls.SERVER_CERT) == one.settings.host.cert_pem
    assert sorted(os.listdir(str(tmp_path))) == ["c"]  # the loser's staging folder is gone


def test_a_folder_with_a_ca_but_a_foreign_client_certificate_warns(tmp_path):
    folder = tmp_path / "c"
    created(folder, tls_cname="a.example.com")
    stranger = tmp_path / "stranger"
    created(stranger, tls_cname="a.example.com")
    for name in (tls.CLIENT_CERT, tls.CLIENT_KEY):
        (folder / name).write_bytes(read(stranger, name))
    again = created(folder, tls_cname="a.example.com")
    assert not again.client and again.generated == []
    assert any("is not one the CAs in ca.pem verify" in w for w in again.warnings)


# -- given certificates, and the refusals -------------------------------------------------------------------------

def test_a_given_server_certificate_is_used_and_a_ca_and_client_certificate_generated(tmp_path):
    mine = created(tmp_path / "mine", tls_cname="vch.example.com")
    made = created(tmp_path / "c", tls_server_cert=str(tmp_path / "mine" / tls.SERVER_CERT),
                   tls_server_key=str(tmp_path / "mine" / tls.SERVER_KEY), tls_cname="vch.example.com")
    assert made.settings.host == mine.settings.host
    assert made.generated == sorted([tls.CA_CERT, tls.CA_KEY, tls.CLIENT_CERT, tls.CLIENT_KEY])


def test_given_client_cas_are_used_and_nothing_is_generated_for_clients(tmp_path):
    mine = created(tmp_path / "mine", tls_cname="vch.example.com")
    made = created(tmp_path / "c", tls_server_cert=str(tmp_path / "mine" / tls.SERVER_CERT),
                   tls_server_key=str(tmp_path / "mine" / tls.SERVER_KEY),
                   tls_ca=[str(tmp_path / "mine" / tls.CA_CERT)])
    assert made.generated == [] and made.settings.authorities == read(tmp_path / "mine", tls.CA_CERT)
    assert made.settings.host == mine.settings.host


def write_key(path, key, password=None):
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption))


@pytest.mark.parametrize("given, message", [
    (dict(no_tls=True, tls_cname="a"), r"^no_tls: turns TLS off: tls_cname cannot be used with it"),
    (dict(no_tls=True, no_tlsverify=True), r"^no_tls: turns TLS off: no_tlsverify"),
    (dict(tls_server_cert="/x"), r"^tls_server_key: is needed with tls_server_cert"),
    (dict(tls_server_key="/x"), r"^tls_server_cert: is needed with tls_server_key"),
    (dict(no_tlsverify=True, tls_ca=["/x"]), r"^tls_ca: is not used with no_tlsverify"),
    (dict(certificate_key_size=1024), r"^certificate_key_size: 1024 is not a key size from 2048 to 8192"),
    (dict(tls_ca=["/nonexistent/ca.pem"]), r"^tls_ca\[0\]: /nonexistent/ca.pem cannot be read"),
    (dict(organization=["ok", ""]), r"^organization\[1\]"),
])
def test_bad_tls_options_are_refused_naming_the_option(given, message):
    with pytest.raises(OptionError, match=message):
        options(**given)


def test_bad_files_are_refused_naming_the_option_and_never_quoting_a_key(tmp_path):
    folder = tmp_path / "mine"
    mine = created(folder, tls_cname="vch.example.com")
    cert, key = str(folder / tls.SERVER_CERT), str(folder / tls.SERVER_KEY)
    with pytest.raises(OptionError, match=r"^tls_server_key: .* is not the key of "):
        options(tls_server_cert=cert, tls_server_key=str(folder / tls.CLIENT_KEY))
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    write_key(tmp_path / "locked.pem", other_key, b"pw")
    with pytest.raises(OptionError, match=r"^tls_server_key: .* is encrypted"):
        options(tls_server_cert=cert, tls_server_key=str(tmp_path / "locked.pem"))
    with pytest.raises(OptionError, match=r"^tls_server_cert: .* is not a PEM certificate") as refused:
        options(tls_server_cert=key, tls_server_key=key)
    assert mine.settings.host.key_pem.decode().splitlines()[1] not in str(refused.value)
    (tmp_path / "not-a-ca.pem").write_text("hello")
    with pytest.raises(OptionError, match=r"^tls_ca\[0\]: .* is not a PEM certificate bundle"):
        options(tls_ca=[str(tmp_path / "not-a-ca.pem")])
    # PKCS#8 keys are taken too (what openssl makes today)
    pkcs8 = tmp_path / "pkcs8.pem"
    write_key(pkcs8, serialization.load_pem_private_key(mine.settings.host.key_pem, None))
    given = options(tls_server_cert=cert, tls_server_key=str(pkcs8))["tls"]
    assert given.server.cert_pem == read(folder, tls.SERVER_CERT)


# -- an existing VCH ------------------------------------------------------------------------------------------------

def test_an_existing_vchs_tls_changes_only_when_asked(tmp_path):
    mine = created(tmp_path / "mine", tls_cname="vch.example.com")
    live = mine.settings.host.cert_pem
    assert tls.for_existing(options(tls_cert_path=str(tmp_path))["tls"], live) is None
    assert tls.for_existing(options(organization=["x"])["tls"], live) is None
    same = tls.for_existing(options(tls_cname="vch.example.com")["tls"], live)
    assert same.host is tls.UNCHANGED and same.authorities is tls.UNCHANGED
    off = tls.for_existing(options(no_tls=True)["tls"], live)
    assert off.host is None and off.authorities == b""
    unverified = tls.for_existing(options(no_tlsverify=True)["tls"], live)
    assert unverified.host is tls.UNCHANGED and unverified.authorities == b""
    cas = tls.for_existing(options(tls_ca=[str(tmp_path / "mine" / tls.CA_CERT)])["tls"], live)
    assert cas.authorities == read(tmp_path / "mine", tls.CA_CERT) and cas.host is tls.UNCHANGED
    replaced = tls.for_existing(options(tls_server_cert=str(tmp_path / "mine" / tls.SERVER_CERT),
                                        tls_server_key=str(tmp_path / "mine" / tls.SERVER_KEY))["tls"], b"")
    assert replaced.host == mine.settings.host
    with pytest.raises(OptionError, match=r"^tls_cname: the VCH's server certificate is for 'vch.example.com', "
                                          r"not 'other.example.com'; .*give tls_server_cert and tls_server_key"):
        tls.for_existing(options(tls_cname="other.example.com")["tls"], live)
    with pytest.raises(OptionError, match=r"^no_tlsverify: the VCH has no server certificate"):
        tls.for_existing(options(no_tlsverify=True)["tls"], b"")


# -- what the configuration holds -----------------------------------------------------------------------------------

def placement():
    return Placement("dc1", "/dc1/host/c1", "/dc1/host/c1/Resources/vch-1", "resgroup-42", "ResourcePool",
                     "datastore1", {"bridge-pg": "DistributedVirtualPortgroup:dvportgroup-11"})


def test_the_configuration_holds_the_certificate_the_key_as_a_secret_and_the_tls_port(tmp_path):
    made = created(tmp_path / "c", tls_cname="vch.example.com")
    opts = dict(options(), tls_settings=made.settings)
    config = build_vch_config("vch-1", opts, placement())
    assert config.executor_config.sessions[PERSONALITY].cmd.args[1] == "-port=2376"
    keys = encode(config)
    assert keys["guestinfo.vice./cert/HostCertificate/Cert"]
    secret = [k for k in keys if k.startswith("guestinfo.vice./cert/HostCertificate/Key")]
    assert secret == ["guestinfo.vice./cert/HostCertificate/Key@secret"]
    assert keys["guestinfo.vice./cert/CertificateAuthorities"]
    back = decode(VCHConfig, keys)
    assert back.certificate.host_certificate.cert == made.settings.host.cert_pem
    assert back.certificate.certificate_authorities == made.settings.authorities
    # turned off: no certificate, no CAs, the plain port
    apply_options(config, {"tls_settings": tls.TlsSettings(None, b"")}, {})
    assert config.certificate.host_certificate is None and config.certificate.certificate_authorities == b""
    assert config.executor_config.sessions[PERSONALITY].cmd.args[1] == "-port=2375"
    assert not [k for k in encode(config) if "/cert/HostCertificate" in k]


# -- what a Docker client needs ---------------------------------------------------------------------------------------

def test_docker_access_says_what_vic_machine_prints(tmp_path):
    folder = tmp_path / "c"
    made = created(folder, tls_cname="10.0.0.5")
    assert made.docker_access("10.0.0.5") == {
        "tls": "verify", "port": 2376, "docker_host": "10.0.0.5:2376", "cert_path": str(folder),
        "env": ["DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=%s" % folder, "DOCKER_HOST=10.0.0.5:2376",
                "COMPOSE_TLS_VERSION=TLSv1_2"],
        "command": "docker -H 10.0.0.5:2376 --tlsverify info", "admin_portal": "https://10.0.0.5:2378"}
    unknown = made.docker_access(None)
    assert unknown["docker_host"] is None and unknown["admin_portal"] is None
    assert unknown["env"] == ["DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=%s" % folder, "COMPOSE_TLS_VERSION=TLSv1_2"]
    server_only = tls.docker_access(True, b"", "fd00::5", None)
    assert server_only["docker_host"] == "[fd00::5]:2376" and server_only["tls"] == "server"
    assert server_only["command"] == "docker -H [fd00::5]:2376 --tls info"
    plain = tls.docker_access(False, b"", "10.0.0.5", None)
    assert plain["env"] == ["DOCKER_HOST=10.0.0.5:2375", "COMPOSE_TLS_VERSION=TLSv1_2"] and plain["tls"] == "none"


def test_without_cryptography_creation_says_what_to_install_or_give(tmp_path, monkeypatch):
    opts = options(tls_cert_path=str(tmp_path / "c"))
    from ansible_collections.vic.vch.plugins.module_utils.vch import certificates
    monkeypatch.setattr(certificates, "HAS_CRYPTOGRAPHY", False)
    with pytest.raises(OptionError, match=r"^no_tls: the Docker API's certificates need the Python package "
                                          r"cryptography"):
        tls.for_creation("vch-1", opts["tls"], opts)
    plain = options(no_tls=True)
    assert tls.for_creation("vch-1", plain["tls"], plain).settings.host is None
