# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Docker API's TLS, as vic-machine sets it up: its flags (tls_cname, tls_cert_path, tls_server_cert, ...),
the certificates it generates or reuses, what the VCH's configuration holds of them, and what a Docker client
needs to reach the VCH.

At creation, as vic-machine create: certificates found in ``tls_cert_path`` (default: a folder named after the
VCH) are reused; what is missing is generated there -- by default (tlsverify) a CA, a server certificate for the
common name and a client certificate the CA signed; with ``no_tlsverify`` a self-signed server certificate. The
files are named as the docker client expects them in DOCKER_CERT_PATH, keys readable by their owner only.

On an existing VCH, as vic-machine configure, TLS changes only when asked: a server certificate given, client CAs
given or dropped (no_tlsverify), TLS turned off (no_tls). Certificates are generated at creation only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os
import shutil
import tempfile

from ansible_collections.vic.vch.plugins.module_utils.options import OptionError, text
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import (
    docker_endpoint, has_host_certificate, vch_published_status)


def _certificates():
    """vch.certificates, imported when certificates are read or made: a run that touches no TLS (a converged
    check, say) does not pay for importing cryptography."""
    from ansible_collections.vic.vch.plugins.module_utils.vch import certificates
    return certificates


# the files of a certificate folder, named as vic-machine names them (and the docker client reads them)
CA_CERT, CA_KEY = "ca.pem", "ca-key.pem"
SERVER_CERT, SERVER_KEY = "server-cert.pem", "server-key.pem"
CLIENT_CERT, CLIENT_KEY = "cert.pem", "key.pem"
CERT_MODE, KEY_MODE = 0o644, 0o600
DEFAULT_KEY_SIZE, MIN_KEY_SIZE, MAX_KEY_SIZE = 2048, 2048, 8192

TLS_OPTIONS = ("tls_cname", "tls_cert_path", "tls_server_cert", "tls_server_key", "tls_ca", "no_tlsverify",
               "no_tls", "organization", "certificate_key_size")
# the options that set an existing VCH's TLS (the others say how certificates are generated, at creation)
_SETTING_OPTIONS = ("tls_cname", "tls_server_cert", "tls_ca", "no_tlsverify", "no_tls")


# -- the options -----------------------------------------------------------------------------------------------

class TlsOptions:
    """The TLS options, checked and read: ``cname`` (None: from a static address, at creation), ``cert_path``
    (None: the default, see certificate_folder), ``server`` (a KeyPair read from tls_server_cert and
    tls_server_key, or None), ``authorities`` (the PEM bundle of tls_ca's files, b"" when not given),
    ``no_tlsverify``, ``no_tls``, ``organization`` (a list, empty: vic-machine's default), ``key_size``, and
    ``given`` (the option names given)."""

    def __init__(self, cname, cert_path, server, authorities, no_tlsverify, no_tls, organization, key_size, given):
        self.cname = cname
        self.cert_path = cert_path
        self.server = server
        self.authorities = authorities
        self.no_tlsverify = no_tlsverify
        self.no_tls = no_tls
        self.organization = organization
        self.key_size = key_size
        self.given = given

    @property
    def sets_existing(self):
        """Whether these options ask something of an existing VCH's TLS."""
        return any(option in self.given for option in _SETTING_OPTIONS)


def parse_options(params):
    """The TLS options of ``params`` checked, their files read; OptionError names the first bad one."""
    given = set(option for option in TLS_OPTIONS if params.get(option) not in (None, False, []))
    if "no_tls" in given:
        clash = sorted(given & {"tls_cname", "tls_server_cert", "tls_server_key", "tls_ca", "no_tlsverify"})
        if clash:
            raise OptionError("no_tls", "turns TLS off: %s cannot be used with it" % ", ".join(clash))
    if "no_tlsverify" in given and "tls_ca" in given:
        raise OptionError("tls_ca", "is not used with no_tlsverify (no client certificate is verified)")
    for option, other in (("tls_server_cert", "tls_server_key"), ("tls_server_key", "tls_server_cert")):
        if option in given and other not in given:
            raise OptionError(other, "is needed with %s (a certificate and its key go together)" % option)
    if given - {"tls_cert_path", "no_tls"} and not _certificates().HAS_CRYPTOGRAPHY:
        raise OptionError(sorted(given)[0], "needs the Python package cryptography on the host the module runs on")
    cname = text("tls_cname", params.get("tls_cname"))
    if cname is not None:
        cname = _certificates().address_of(cname) or cname
    key_size = params.get("certificate_key_size") or DEFAULT_KEY_SIZE
    if not MIN_KEY_SIZE <= key_size <= MAX_KEY_SIZE:
        raise OptionError("certificate_key_size", "%d is not a key size from %d to %d bits"
                          % (key_size, MIN_KEY_SIZE, MAX_KEY_SIZE))
    organization = [text("organization[%d]" % i, o) for i, o in enumerate(params.get("organization") or ())]
    cert_path = text("tls_cert_path", params.get("tls_cert_path"))
    server = None
    if "tls_server_cert" in given:
        server = _certificates().read_pair(params["tls_server_cert"], params["tls_server_key"], "tls_server_cert",
                                           "tls_server_key")
    authorities = b"".join(_certificates().read_authority("tls_ca[%d]" % i, path)
                           for i, path in enumerate(params.get("tls_ca") or ()))
    return TlsOptions(cname, cert_path, server, authorities, bool(params.get("no_tlsverify")),
                      bool(params.get("no_tls")), organization, key_size, given)


def certificate_folder(tls, name):
    """The absolute path of the folder of the VCH ``name``'s certificates: tls_cert_path (``tls``: TlsOptions
    or None), or as vic-machine, a folder named after the VCH in the working directory (for a task on the
    controller, the playbook's directory: Ansible runs local modules there)."""
    return os.path.abspath(os.path.expanduser(tls.cert_path if tls is not None and tls.cert_path else name))


def default_cname(opts):
    """vic-machine's common name when tls_cname is not given: the client network's static address, else the
    public one's when clients come in on the public network, else the management one's when clients come in on
    the management network. None when the appliance's addresses come from DHCP."""
    public, client, management = (opts.get(role + "_network") for role in ("public", "client", "management"))

    def port_group(network):
        return network["port_group"] if network else None

    def address(network):
        return str(network["ip"].ip) if network and network["ip"] is not None else None

    if address(client):
        return address(client)
    if address(public) and (client is None or port_group(client) == port_group(public)):
        return address(public)
    if address(management) and (port_group(management) == port_group(client) or (
            client is None and port_group(management) == port_group(public))):
        return address(management)
    return None


# -- what the configuration holds ------------------------------------------------------------------------------

UNCHANGED = "unchanged"


class TlsSettings:
    """The TLS a VCH's configuration holds: ``host`` the server certificate (a KeyPair; None: no TLS) and
    ``authorities`` the client CAs (PEM; b"": clients are not verified). On an existing VCH either may be
    UNCHANGED: left as the VCH has it."""

    def __init__(self, host, authorities):
        self.host = host
        self.authorities = authorities


class Certificates:
    """The TLS of a VCH being created: its ``settings``, the ``cert_path`` folder, the ``files`` to write there
    ({name: (bytes, mode)}, empty when everything was found), whether the folder holds a client certificate the
    CAs verify (``client``), and ``warnings``."""

    def __init__(self, settings, cert_path, files=None, client=False, warnings=None):
        self.settings = settings
        self.cert_path = cert_path
        self.files = files or {}
        self.client = client
        self.warnings = warnings or []

    @property
    def generated(self):
        return sorted(self.files)

    def docker_access(self, client_ip):
        return docker_access(self.settings.host is not None, self.settings.authorities, client_ip, self.cert_path)

    def save(self):
        """Write the generated files into ``cert_path`` all at once: staged in a new folder beside it, then
        renamed into place, so that a cut run leaves the whole set or nothing, and two runs racing on one path
        cannot mix their certificates."""
        if not self.files:
            return
        parent, base = os.path.split(self.cert_path)
        try:
            os.makedirs(parent, exist_ok=True)
            staging = tempfile.mkdtemp(prefix="." + base + ".", dir=parent)  # mode 0700, as vic-machine's folder
        except OSError as exc:
            raise OptionError("tls_cert_path", "%s cannot be made: %s" % (self.cert_path, exc.strerror or exc)) \
                from None
        try:
            for file_name, (data, mode) in sorted(self.files.items()):
                descriptor = os.open(os.path.join(staging, file_name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
            os.rename(staging, self.cert_path)  # replaces an empty folder; refuses one that has files
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OptionError("tls_cert_path", "certificates could not be written to %s (%s); if another run "
                                               "wrote there meanwhile, rerun to use them"
                              % (self.cert_path, exc.strerror or exc)) from None


def for_creation(name, tls, opts, now=None):
    """The Certificates of a new VCH named ``name`` (vic-machine create's steps): ``tls`` its TlsOptions,
    ``opts`` its parsed options (whose static addresses give the common name when tls_cname is not given)."""
    folder = certificate_folder(tls, name)
    if tls.no_tls:
        return Certificates(TlsSettings(None, b""), folder)
    if not _certificates().HAS_CRYPTOGRAPHY:
        raise OptionError("no_tls", "the Docker API's certificates need the Python package cryptography on the host "
                                    "the module runs on: install it, or give no_tls")
    cname = tls.cname or default_cname(opts)
    warnings = []
    server, authorities, client = _found(tls, folder, cname, warnings)
    need_server = server is None
    need_client = not tls.no_tlsverify and not authorities
    files = {}
    if need_server or need_client:
        if os.path.isdir(folder) and os.listdir(folder):
            raise OptionError("tls_cert_path", "%s has files but not the %s certificates to reuse: give a new or "
                                               "empty folder for the generated ones, or empty this one"
                              % (folder, "server" if need_server else "CA and client"))
        now = now or datetime.datetime.now(datetime.timezone.utc)
        made = _certificates()
        if not need_client:  # no_tlsverify: a self-signed server certificate, as vic-machine
            server = made.server_certificate(cname or "", tls.organization, tls.key_size, now)
            files.update(_pair_files(SERVER_CERT, SERVER_KEY, server))
        else:
            if not cname:
                raise OptionError("tls_cname", "is needed to generate certificates for client authentication (the "
                                               "appliance's address comes from DHCP): give tls_cname (its FQDN, or "
                                               "*.domain), a static client_network.ip, no_tlsverify or no_tls")
            organization = list(tls.organization) or [name]
            if len(organization) == 1 and not cname.startswith("*"):
                organization.append(cname)
            authority = made.root_certificate(organization, tls.key_size, now)
            files.update(_pair_files(CA_CERT, CA_KEY, authority))
            if need_server:
                server = made.server_certificate(cname, organization, tls.key_size, now, authority)
                files.update(_pair_files(SERVER_CERT, SERVER_KEY, server))
            files.update(_pair_files(CLIENT_CERT, CLIENT_KEY,
                                     made.client_certificate(organization, tls.key_size, now, authority)))
            authorities, client = authority.cert_pem, True
    if tls.no_tlsverify:
        authorities = b""
    return Certificates(TlsSettings(server, authorities), folder, files, client, warnings)


def _found(tls, folder, cname, warnings):
    """(server KeyPair, client CAs, whether a client certificate they verify is there) as vic-machine loads
    them: the given server certificate or the folder's, the given CAs or the folder's ca.pem."""
    server = tls.server
    if server is None:
        cert_file, key_file = (os.path.join(folder, f) for f in (SERVER_CERT, SERVER_KEY))
        if os.path.exists(cert_file) or os.path.exists(key_file):
            server = _certificates().read_pair(cert_file, key_file, "tls_cert_path", "tls_cert_path")
    if server is None:
        return None, tls.authorities, False
    if cname and server.common_name != cname:
        raise OptionError("tls_cname", "%r is not the common name of the server certificate %s (%r): give that "
                                       "name, or another tls_cert_path for new certificates"
                          % (cname, "given" if tls.server else "in " + folder, server.common_name))
    _warn_expiry(server.certificate, "the server certificate", warnings)
    authorities, client = tls.authorities, False
    if not tls.no_tlsverify and not authorities:
        ca_file = os.path.join(folder, CA_CERT)
        if os.path.exists(ca_file):
            authorities = _certificates().read_authority("tls_cert_path", ca_file)
            client = _client_verified(folder, authorities, warnings)
    return server, authorities, client


def _client_verified(cert_path, authorities, warnings):
    """Whether the folder's client certificate is one the CAs verify for client authentication (else a warning,
    as vic-machine: the endpoint can be reached with another)."""
    cert_file, key_file = (os.path.join(cert_path, f) for f in (CLIENT_CERT, CLIENT_KEY))
    if not (os.path.exists(cert_file) and os.path.exists(key_file)):
        warnings.append("tls_cert_path: %s has no client certificate (%s, %s): Docker clients need one the CAs "
                        "in %s verify" % (cert_path, CLIENT_CERT, CLIENT_KEY, CA_CERT))
        return False
    try:
        client = _certificates().read_pair(cert_file, key_file, "tls_cert_path", "tls_cert_path")
    except OptionError as exc:
        warnings.append(str(exc))
        return False
    if not _certificates().verifies_client(authorities, client.certificate):
        warnings.append("tls_cert_path: the client certificate %s is not one the CAs in %s verify for client "
                        "authentication" % (cert_file, CA_CERT))
        return False
    return True


def _warn_expiry(certificate, what, warnings):
    now = datetime.datetime.now(datetime.timezone.utc)
    expires = _certificates().not_after(certificate)
    if expires < now:
        warnings.append("%s (CN %r) expired on %s: Docker clients will refuse it; give new certificates"
                        % (what, _certificates().common_name(certificate), expires.date()))


def for_existing(tls, live_host_certificate):
    """The TlsSettings to set on an existing VCH (vic-machine configure's), or None when the options ask
    nothing of its TLS. ``live_host_certificate``: the certificate the VCH has (PEM, b"" for none)."""
    if not tls.sets_existing:
        return None
    if tls.no_tls:
        return TlsSettings(None, b"")
    if tls.server is None and not live_host_certificate:
        option = sorted(tls.given & set(_SETTING_OPTIONS))[0]
        raise OptionError(option, "the VCH has no server certificate (it was made without TLS) and certificates "
                                  "are generated at creation only: give tls_server_cert and tls_server_key")
    if tls.cname:
        live = tls.server.common_name if tls.server is not None else _certificates().KeyPair(
            live_host_certificate, b"").common_name
        if live != tls.cname:
            raise OptionError("tls_cname", "the VCH's server certificate is for %r, not %r; certificates are "
                                           "generated at creation only: give tls_server_cert and tls_server_key to "
                                           "change it" % (live, tls.cname))
    host = tls.server if tls.server is not None else UNCHANGED
    if tls.no_tlsverify:
        authorities = b""
    elif "tls_ca" in tls.given:
        authorities = tls.authorities
    else:
        authorities = UNCHANGED
    return TlsSettings(host, authorities)


# -- what a Docker client needs ---------------------------------------------------------------------------------

def docker_access(has_certificate, authorities, client_ip, cert_path):
    """What vic-machine prints once a VCH is up: the Docker endpoint and admin portal (published.docker_endpoint),
    the environment a Docker client needs and the command to try it. ``client_ip``: the published client address
    (None: not yet); ``cert_path``: the folder with the client certificate (None: not known here)."""
    access = docker_endpoint(has_certificate, has_certificate and bool(authorities), client_ip)
    client_files = cert_path is not None and all(os.path.isfile(os.path.join(cert_path, f))
                                                 for f in (CA_CERT, CLIENT_CERT, CLIENT_KEY))
    env, flags = [], ""
    if access["tls"] == "verify":
        env.append("DOCKER_TLS_VERIFY=1")
        flags = " --tlsverify"
        if client_files:
            env.append("DOCKER_CERT_PATH=%s" % cert_path)
    elif has_certificate:
        flags = " --tls"
    if access["docker_host"]:
        env.append("DOCKER_HOST=%s" % access["docker_host"])
    env.append("COMPOSE_TLS_VERSION=TLSv1_2")
    access.update(cert_path=cert_path if client_files else None, env=env,
                  command="docker -H %s%s info" % (access["docker_host"], flags) if access["docker_host"] else None)
    return access


def configured_access(config, cert_path):
    """A function of a client address giving docker_access for a VCH whose configuration is ``config``."""
    certificate = config.certificate
    has_certificate = has_host_certificate(certificate)
    return lambda client_ip: docker_access(has_certificate, certificate.certificate_authorities, client_ip,
                                           cert_path)


def published_client_ip(extra_config):
    return vch_published_status(extra_config).get("client_ip")


# -- the files of generated certificates ------------------------------------------------------------------------

def _pair_files(cert_name, key_name, pair):
    return {cert_name: (pair.cert_pem, CERT_MODE), key_name: (pair.key_pem, KEY_MODE)}
