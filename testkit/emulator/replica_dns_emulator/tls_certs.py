"""The emulator's local certificate authority and the certificates of transit-encrypted groups.

ElastiCache's nodes present a certificate for the AWS endpoint host names of the group, issued by
a public CA (docs/tls.md: AWS documents neither the names nor the CA; we assume one wildcard per
group, ``*.<group>.<id>.<region>.cache.amazonaws.com``, which covers the primary endpoint
``master.…``, the reader endpoint ``replica.…`` and every node endpoint ``<group>-00N.…``). Here a
CA made at emulator start (``<state>/tls/ca.pem``, its key never leaves the state dir) issues one
such certificate per group; clients trust the CA file, as they trust Amazon's CA on AWS.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_VALIDITY = _dt.timedelta(days=30)


@dataclass(frozen=True)
class ServerCert:
    cert_file: str
    key_file: str
    ca_file: str
    dns_names: tuple[str, ...]


def _write_key(path: str, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _write_cert(path: str, cert: x509.Certificate) -> None:
    with open(path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


class Authority:
    """A CA under ``<state_dir>/tls`` that issues server certificates for DNS names."""

    def __init__(self, state_dir: str) -> None:
        self.dir = os.path.join(state_dir, "tls")
        os.makedirs(self.dir, exist_ok=True)
        self.ca_file = os.path.join(self.dir, "ca.pem")
        self._lock = threading.Lock()
        now = _dt.datetime.now(_dt.timezone.utc)
        self._key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ElastiCache Replica DNS emulator local CA")])
        self._name = name
        self._cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _dt.timedelta(minutes=5))
            .not_valid_after(now + _VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                              key_encipherment=False, data_encipherment=False, key_agreement=False,
                              encipher_only=False, decipher_only=False),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self._key.public_key()), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        _write_cert(self.ca_file, self._cert)
        _write_key(os.path.join(self.dir, "ca-key.pem"), self._key)

    def issue(self, label: str, dns_names: list[str]) -> ServerCert:
        """A server certificate (key and chain files under the CA's dir) for ``dns_names``."""
        now = _dt.datetime.now(_dt.timezone.utc)
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, dns_names[0])]))
            .issuer_name(self._name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _dt.timedelta(minutes=5))
            .not_valid_after(now + _VALIDITY)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        with self._lock:
            cert_file = os.path.join(self.dir, f"{label}.pem")
            key_file = os.path.join(self.dir, f"{label}-key.pem")
            _write_cert(cert_file, cert)
            _write_key(key_file, key)
        return ServerCert(cert_file=cert_file, key_file=key_file, ca_file=self.ca_file, dns_names=tuple(dns_names))


def group_cert_names(domain: str) -> list[str]:
    """The names on a transit-encrypted group's certificate (assumption, docs/tls.md): one wildcard
    for every endpoint under the group's domain ``<group>.<id>.<region>.cache.amazonaws.com``."""
    return [f"*.{domain}"]


_authority: Authority | None = None
_authority_lock = threading.Lock()


def authority(state_dir: str) -> Authority:
    """The emulator's CA (made on first use; the launcher makes it at start)."""
    global _authority
    with _authority_lock:
        if _authority is None or not _authority.dir.startswith(os.path.join(state_dir, "")):
            _authority = Authority(state_dir)
        return _authority
