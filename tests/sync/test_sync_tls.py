"""The laptop talks to the server over TLS and checks the server's certificate: against
a real PostgreSQL server with `ssl=on` and a certificate from a test CA."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.services.sync import SyncError
from desktop.store.server import migrate_server
from tests.sync import records
from tests.sync_world import HUDDINGE, World
from tools.pg_server import SERVICE_USER, PostgresServer, find_bindir, running_server

HOST = "localhost"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[str, ec.EllipticCurvePrivateKey] | None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    signer_name, signer_key = issuer or (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(signer_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
    )
    if issuer is None:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=0), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False
        )
    return builder.sign(signer_key, hashes.SHA256())


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def tls_server() -> Iterator[tuple[PostgresServer, Path, Path]]:
    """A server of its own with TLS on; the CA that signed its certificate, and another."""
    if find_bindir() is None:
        if os.environ.get("MATCHNING_REQUIRE_POSTGRES") == "1":
            pytest.fail("MATCHNING_REQUIRE_POSTGRES=1 but no PostgreSQL binaries", pytrace=False)
        pytest.skip("no PostgreSQL binaries")
    files = Path(tempfile.mkdtemp(prefix="matchning-tls-", dir="/tmp"))
    try:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = _certificate("Kommunernas test-CA", ca_key, None)
        server_key = ec.generate_private_key(ec.SECP256R1())
        server = _certificate(HOST, server_key, ("Kommunernas test-CA", ca_key))
        other_key = ec.generate_private_key(ec.SECP256R1())
        other = _certificate("En annan CA", other_key, None)
        (files / "ca.pem").write_bytes(_pem(ca))
        (files / "other-ca.pem").write_bytes(_pem(other))
        (files / "server.crt").write_bytes(_pem(server))
        key = files / "server.key"
        key.write_bytes(
            server_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
        key.chmod(0o600)
        if os.geteuid() == 0:
            for path in (files, files / "server.crt", key):
                shutil.chown(path, user=SERVICE_USER, group=SERVICE_USER)
        options = (
            "-c ssl=on",
            f"-c ssl_cert_file={files / 'server.crt'}",
            f"-c ssl_key_file={key}",
        )
        with running_server(*options) as running:
            yield running, files / "ca.pem", files / "other-ca.pem"
    finally:
        shutil.rmtree(files, ignore_errors=True)


def _world(running: PostgresServer, tmp_path: Path, name: str) -> World:
    url = running.create_database(name)
    migrate_server(url)
    return World(url, tmp_path)


def test_a_laptop_syncs_over_tls_with_the_servers_certificate_verified(
    tls_server: tuple[PostgresServer, Path, Path], tmp_path: Path
) -> None:
    running, ca, _ = tls_server
    world = _world(running, tmp_path, "tls_ok")
    try:
        world.laptop_url = (
            f"postgresql://{HOST}:{running.port}/tls_ok?sslmode=verify-full&sslrootcert={ca}"
        )
        anna = world.laptop("anna", HUDDINGE)
        records.employer(anna, "Bageriet AB", HUDDINGE)
        anna.sync.sync()
        assert len(world.server_rows("employers")) == 1
    finally:
        world.close()


def test_a_server_whose_certificate_the_laptop_cannot_verify_is_refused(
    tls_server: tuple[PostgresServer, Path, Path], tmp_path: Path
) -> None:
    running, _, other = tls_server
    world = _world(running, tmp_path, "tls_refused")
    try:
        world.laptop_url = f"postgresql://{HOST}:{running.port}/tls_refused?sslmode=verify-full&sslrootcert={other}"
        with pytest.raises(SyncError, match="certifikat kunde inte verifieras"):
            world.laptop("anna", HUDDINGE)
    finally:
        world.close()
