# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificates as vic-machine's pkg/certificate makes and reads them: RSA keys (PKCS#1 PEM), a CA, a server
certificate for a common name, a client certificate, a self-signed server certificate; a certificate and key
read from files and checked to go together; a client certificate checked against CAs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import ipaddress
import os
import secrets

try:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    HAS_CRYPTOGRAPHY = True
except ImportError:
    HAS_CRYPTOGRAPHY = False

from ansible_collections.vic.vch.plugins.module_utils.options import OptionError


class KeyPair:
    """A certificate and its private key, both PEM (bytes)."""

    def __init__(self, cert_pem, key_pem):
        self.cert_pem = cert_pem
        self.key_pem = key_pem

    @property
    def certificate(self):
        return x509.load_pem_x509_certificate(self.cert_pem)

    @property
    def common_name(self):
        return common_name(self.certificate)

    def __eq__(self, other):
        return isinstance(other, KeyPair) and (self.cert_pem, self.key_pem) == (other.cert_pem, other.key_pem)

    def __ne__(self, other):
        return not self == other

    def __repr__(self):  # never the key
        return "KeyPair(CN=%r)" % self.common_name


def common_name(certificate):
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else ""


def read_pair(cert_file, key_file, cert_option, key_option):
    """The KeyPair in two PEM files; OptionError naming the option whose file is missing, unreadable, not PEM,
    encrypted, or whose key is not the certificate's. Never says anything of the key's content."""
    cert_pem, key_pem = _read(cert_option, cert_file), _read(key_option, key_file)
    try:
        certificate = x509.load_pem_x509_certificate(cert_pem)
    except ValueError:
        raise OptionError(cert_option, "%s is not a PEM certificate" % cert_file) from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except TypeError:
        raise OptionError(key_option, "%s is encrypted: the appliance needs the key unencrypted" % key_file) from None
    except (ValueError, UnsupportedAlgorithm):
        raise OptionError(key_option, "%s is not a PEM private key" % key_file) from None
    if _public_der(key.public_key()) != _public_der(certificate.public_key()):
        raise OptionError(key_option, "%s is not the key of %s" % (key_file, cert_file))
    return KeyPair(cert_pem, key_pem)


def _read(option, path):
    try:
        with open(os.path.expanduser(path), "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise OptionError(option, "%s cannot be read: %s" % (path, exc.strerror or exc)) from None


def read_authority(option, path):
    data = _read(option, path)
    try:
        x509.load_pem_x509_certificates(data)
    except ValueError:
        raise OptionError(option, "%s is not a PEM certificate bundle" % path) from None
    return data if data.endswith(b"\n") else data + b"\n"


def address_of(value):
    """The address of '10.0.0.5' or '10.0.0.5/24' as people write it; None when ``value`` is a name."""
    try:
        return str(ipaddress.ip_interface(value).ip)
    except ValueError:
        return None


def not_after(certificate):
    if hasattr(certificate, "not_valid_after_utc"):
        return certificate.not_valid_after_utc
    return certificate.not_valid_after.replace(tzinfo=datetime.timezone.utc)


def not_before(certificate):
    if hasattr(certificate, "not_valid_before_utc"):
        return certificate.not_valid_before_utc
    return certificate.not_valid_before.replace(tzinfo=datetime.timezone.utc)


def verifies_client(authorities, certificate, now=None):
    """Whether one of the CAs (a PEM bundle) signed ``certificate`` for client authentication, valid now."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if not not_before(certificate) <= now <= not_after(certificate):
        return False
    try:
        usages = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        if ExtendedKeyUsageOID.CLIENT_AUTH not in usages and ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in usages:
            return False
    except x509.ExtensionNotFound:
        pass  # no restriction: any use
    for authority in x509.load_pem_x509_certificates(authorities):
        if authority.subject != certificate.issuer:
            continue
        try:
            certificate.verify_directly_issued_by(authority)
            return True
        except (InvalidSignature, ValueError, TypeError):  # not signed by this one, or not by such a key
            continue
    return False


def _public_der(public_key):
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _template(key_size, now, key_usage, ca=False):
    """(builder, key) of vic-machine's template: a new RSA key, a random 128-bit serial, valid from a day ago (clock
    drift) for a year, identified by the SHA-1 of its public key, a CA or not, for ``key_usage``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    try:
        not_after = now.replace(year=now.year + 1)
    except ValueError:  # 29 February
        not_after = now.replace(year=now.year + 1, day=28)
    builder = (x509.CertificateBuilder()
               .serial_number(secrets.randbits(128) or 1)
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(not_after)
               .public_key(key.public_key())
               .add_extension(x509.SubjectKeyIdentifier(hashlib.sha1(_public_der(key.public_key())).digest()),
                              critical=False)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(key_usage, critical=True))
    return builder, key


def _key_usage(digital_signature=True, key_encipherment=True, key_agreement=True, cert_sign=False):
    return x509.KeyUsage(digital_signature=digital_signature, content_commitment=False,
                         key_encipherment=key_encipherment, data_encipherment=False, key_agreement=key_agreement,
                         key_cert_sign=cert_sign, crl_sign=False, encipher_only=False, decipher_only=False)


def _signed(builder, key, subject, issuer=None):
    """The KeyPair of ``builder``'s certificate for ``key``, signed by ``issuer`` (a KeyPair; None: itself)."""
    if issuer is None:
        issuer_name, signing_key = subject, key
    else:
        issuer_cert = issuer.certificate
        issuer_name = issuer_cert.subject
        signing_key = serialization.load_pem_private_key(issuer.key_pem, password=None)
        identifier = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        builder = builder.add_extension(x509.AuthorityKeyIdentifier(identifier.digest, None, None), critical=False)
    certificate = builder.subject_name(subject).issuer_name(issuer_name).sign(signing_key, hashes.SHA256())
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())  # PKCS#1, "RSA PRIVATE KEY", as vic-machine
    return KeyPair(certificate.public_bytes(serialization.Encoding.PEM), key_pem)


def _subject(organization, cname=None):
    names = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org) for org in organization or ["default"]]
    if cname:
        names.append(x509.NameAttribute(NameOID.COMMON_NAME, cname))
    return x509.Name(names)


def _as_server(builder, cname):
    """For TLS servers, named ``cname``: an address also as an IP subject alternative name, a name as a DNS one."""
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    if not cname:
        return builder
    address = address_of(cname)
    alternative = x509.IPAddress(ipaddress.ip_address(address)) if address else x509.DNSName(cname)
    return builder.add_extension(x509.SubjectAlternativeName([alternative]), critical=False)


def root_certificate(organization, key_size, now):
    """A CA: may sign certificates, no extended key usage, no common name (as vic-machine's)."""
    builder, key = _template(key_size, now, _key_usage(cert_sign=True), ca=True)
    return _signed(builder, key, _subject(organization))


def server_certificate(cname, organization, key_size, now, authority=None):
    """The Docker API's server certificate for ``cname``, signed by ``authority`` -- or, without one, by itself
    (no_tlsverify: no CA is needed)."""
    builder, key = _template(key_size, now, _key_usage())
    return _signed(_as_server(builder, cname), key, _subject(organization, address_of(cname) or cname), authority)


def client_certificate(organization, key_size, now, authority):
    """A client certificate for Docker clients, signed by ``authority``: for signatures and client
    authentication only."""
    builder, key = _template(key_size, now, _key_usage(key_encipherment=False, key_agreement=False))
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    return _signed(builder, key, _subject(organization), authority)
