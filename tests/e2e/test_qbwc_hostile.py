"""Hostile input on the SOAP endpoint: a clear SOAP fault every time, no crash, no hang."""

from __future__ import annotations

import aiohttp
import pytest
from lxml import etree

from app.qbwc.sources.chart import ChartOfAccounts
from simulators.webconnector.soap import envelope, reply_strings, reply_text
from tests.support.qbwc import PASSWORD, company, qbwc_connection, session_events, soap
from tests.support.server import running_service, service_settings

LIMIT = 2**16
OPEN = (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    '<serverVersion xmlns="http://developer.intuit.com/">'
)
CLOSE = "</serverVersion></soap:Body></soap:Envelope>"
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f"{OPEN}<strVersion>&secret;</strVersion>{CLOSE}"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + f"]>{OPEN}<strVersion>&lol9;</strVersion>{CLOSE}"
)
DEEP = OPEN + "<a>" * 2000 + "</a>" * 2000 + CLOSE


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url, qbwc_max_body_bytes=LIMIT)) as svc:
        yield svc


async def post(service, body, **headers) -> tuple[int, str]:
    timeout = aiohttp.ClientTimeout(total=20)
    base = {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": '"http://developer.intuit.com/serverVersion"',
    }
    async with (
        aiohttp.ClientSession(timeout=timeout) as http,
        http.post(f"{service.url}/qbwc", data=body, headers={**base, **headers}) as reply,
    ):
        return reply.status, await reply.text()


def fault_text(body: str) -> str:
    root = etree.fromstring(body.encode())
    fault = root.find(".//{http://schemas.xmlsoap.org/soap/envelope/}Fault")
    assert fault is not None and fault.findtext("faultcode") == "soap:Client"
    return fault.findtext("faultstring")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (XXE.encode(), "document type declarations"),
        (XXE.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>').encode("utf-16"), "document type"),
        (LAUGHS.encode(), "document type declarations"),
        (DEEP.encode(), "nested deeper than"),
        (
            b'<?xml version="1.0" encoding="utf-8"?>'
            + OPEN.encode()
            + b"\xff\xfe\xfa"
            + CLOSE.encode(),
            "not well-formed",
        ),
        (b"", "not well-formed"),
        (b"this is not XML", "not well-formed"),
        (b"<Envelope><Header/></Envelope>", "exactly one Body"),
        (b"<html><body>hello</body></html>", "not a SOAP envelope"),
        (envelope("dropTables", []).encode(), "unknown operation 'dropTables'"),
        (
            f"{OPEN}{CLOSE}".replace("<soap:Body>", "<soap:Body><x/>").encode(),
            "exactly one operation",
        ),
    ],
    ids=[
        "xxe",
        "xxe-utf16",
        "billion-laughs",
        "deep-nesting",
        "invalid-utf8",
        "empty",
        "not-xml",
        "no-body",
        "not-soap",
        "unknown-operation",
        "two-operations",
    ],
)
async def test_hostile_bodies_get_a_clear_soap_fault(service, body, says):
    status, text = await post(service, body)

    assert status == 500
    assert says in fault_text(text)
    assert "Traceback" not in text and "/etc/passwd" not in text


async def test_an_oversized_body_is_refused_before_it_is_parsed(service):
    body = envelope("clientVersion", [("strVersion", "x" * (LIMIT + 1))]).encode()
    status, text = await post(service, body)
    assert status == 413 and "larger than" in fault_text(text)


async def test_an_oversized_chunked_body_is_refused_while_it_streams(service):
    async def chunks():
        for _ in range(LIMIT // 1024 + 2):
            yield b"<" * 1024

    status, text = await post(service, chunks())
    assert status == 413 and "larger than" in fault_text(text)


async def test_the_service_still_answers_after_hostile_input(service):
    for body in (XXE.encode(), LAUGHS.encode(), DEEP.encode()):
        await post(service, body)
    status, text = await post(service, envelope("serverVersion", []).encode())
    assert status == 200 and reply_text("serverVersion", text).startswith("ml-connector")


async def test_an_unreadable_parameter_is_the_clients_fault_and_nothing_is_recorded(service):
    # It was answered as soap:Server ("could not handle the request; it has been logged").
    cid = await qbwc_connection(service.container, company())
    await ChartOfAccounts(service.container.store).request(cid, "test")
    _, body = await soap(
        service.url, "authenticate", [("strUserName", "harborline"), ("strPassword", PASSWORD)]
    )
    ticket = reply_strings("authenticate", body)[0]
    before = await session_events(service.container)
    params = [("ticket", ticket), ("strHCPResponse", ""), ("strCompanyFileName", "")]
    params += [("qbXMLCountry", "US"), ("qbXMLMajorVers", "thirteen"), ("qbXMLMinorVers", 0)]

    status, text = await post(service, envelope("sendRequestXML", params).encode())

    assert status == 500 and fault_text(text) == "qbXMLMajorVers must be an integer"
    assert len(await session_events(service.container)) == len(before)
