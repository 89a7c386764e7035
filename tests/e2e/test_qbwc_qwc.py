"""The .qwc file: downloaded by operators, one per connection, and the service over HTTPS."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl

import aiohttp
import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lxml import etree

from adapters.postgres.tokens import TokenStore
from adapters.qbwc.qwc import OWNER_ID
from app.bootstrap import container
from app.cli import uvicorn_config
from domain.access import Scope
from tests.support.qbwc import TENANT, company, qbwc_connection
from tests.support.server import free_port, running_service, service_settings

PUBLIC = "https://qb.example.com"


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url, public_url=PUBLIC)) as svc:
        yield svc


async def get(url: str, token: str | None = None) -> tuple[int, str, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as reply:
        return reply.status, await reply.text(), dict(reply.headers)


def fields(qwc: str) -> dict[str, str]:
    root = etree.fromstring(qwc.encode())
    assert root.tag == "QBWCXML"
    found = {child.tag: child.text or "" for child in root}
    found["RunEveryNMinutes"] = root.findtext("Scheduler/RunEveryNMinutes")
    return found


async def test_each_connection_gets_its_own_qwc_file(service):
    token = await TokenStore(service.container.pool).issue("ops", Scope.OPERATOR, TENANT)
    first = await qbwc_connection(
        service.container, company(), username="north", run_every_minutes=20
    )
    other = company()
    other.settings.file_id = "{0F6F2A52-3D1C-4B8E-A4D7-9E0C1B2A3F45}"
    second = await qbwc_connection(service.container, other, username="south")

    status, body, headers = await get(f"{service.url}/connections/{first}/qwc", token)
    _, body2, _ = await get(f"{service.url}/connections/{second}/qwc", token)

    assert status == 200 and headers["Content-Disposition"].endswith('.qwc"')
    one, two = fields(body), fields(body2)
    assert one["AppURL"] == f"{PUBLIC}/qbwc" and one["AppSupport"] == f"{PUBLIC}/qbwc/support"
    assert (one["UserName"], one["RunEveryNMinutes"]) == ("north", "20")
    assert (one["QBType"], one["Style"], one["IsReadOnly"]) == ("QBFS", "Document", "false")
    assert one["OwnerID"] == two["OwnerID"] == OWNER_ID  # one GUID for the product
    assert one["AppName"] != two["AppName"] and one["FileID"] != two["FileID"]
    assert one["FileID"] == "{6A1C4D0E-2B7F-4E55-9C3A-0D5E8F1B2A77}"
    assert "password" not in body.lower() and "correct horse" not in body


async def test_only_operators_of_the_connections_tenant_get_the_file(service):
    cid = await qbwc_connection(service.container, company())
    tokens = TokenStore(service.container.pool)
    reader = await tokens.issue("r", Scope.READ, TENANT)
    stranger = await tokens.issue("x", Scope.ADMIN, "another-tenant")
    url = f"{service.url}/connections/{cid}/qwc"

    assert (await get(url))[0] == 401
    assert (await get(url, reader))[0] == 403
    assert (await get(url, stranger))[0] == 404
    operator = await tokens.issue("o", Scope.OPERATOR, TENANT)
    assert (await get(f"{service.url}/connections/nope/qwc", operator))[0] == 404


async def test_the_wsdl_names_the_public_address(service):
    status, body, _ = await get(f"{service.url}/qbwc?wsdl")
    address = etree.fromstring(body.encode()).find(
        ".//{http://schemas.xmlsoap.org/wsdl/soap/}address"
    )
    assert status == 200 and address.get("location") == f"{PUBLIC}/qbwc"
    operations = etree.fromstring(body.encode()).findall(
        ".//{http://schemas.xmlsoap.org/wsdl/}portType/{http://schemas.xmlsoap.org/wsdl/}operation"
    )
    assert len(operations) == 8


def self_signed(tmp_path) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_file), str(key_file)


async def test_the_service_serves_https_with_the_configured_certificate(db_url, tmp_path):
    cert, key = self_signed(tmp_path)
    settings = service_settings(db_url, tls_certfile=cert, tls_keyfile=key, port=free_port())
    async with container(settings) as c:
        config = uvicorn_config(c)
        config.lifespan = "off"
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        try:
            trusted = ssl.create_default_context(cafile=cert)
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"https://127.0.0.1:{settings.port}/qbwc?wsdl", ssl=trusted) as reply,
            ):
                body = await reply.text()
        finally:
            server.should_exit = True
            await task
    assert reply.status == 200
    location = etree.fromstring(body.encode()).find(
        ".//{http://schemas.xmlsoap.org/wsdl/soap/}address"
    )
    assert location.get("location") == f"https://127.0.0.1:{settings.port}/qbwc"


async def test_the_web_connectors_connection_outlives_a_quickbooks_message(db_url):
    """QBWC makes its next call on the same connection once QuickBooks has answered: the
    server must not drop it as idle meanwhile (uvicorn's default is 5 s)."""
    settings = service_settings(db_url)
    async with container(settings) as c:
        keep_alive = uvicorn_config(c).timeout_keep_alive
    assert keep_alive > settings.qbwc_message_target_seconds
    assert keep_alive > 60  # QBWC waits about a minute for QuickBooks
