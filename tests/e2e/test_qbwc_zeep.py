"""A third-party SOAP client (zeep), driven by Intuit's Web Connector WSDL, completes a
full cycle against the running service; zeep also accepts the WSDL we serve."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import zeep

from adapters.qbwc.qwc import OWNER_ID
from simulators.quickbooks import QuickBooksSession
from tests.support.qbwc import PASSWORD, ScriptedSource, company, qbwc_connection
from tests.support.qbxml import journal_entry
from tests.support.server import running_service, service_settings

WSDL = Path(__file__).resolve().parents[1] / "fixtures" / "qbwc" / "TroubleshootWebServiceFS.wsdl"
BINDING = "{http://developer.intuit.com/}TroubleshootWebServiceFSSoap"


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url)) as svc:
        yield svc


def full_cycle(url: str, quickbooks) -> dict:
    client = zeep.Client(str(WSDL))
    qbwc = client.create_service(BINDING, f"{url}/qbwc")
    session = QuickBooksSession(quickbooks)
    seen = {"server": qbwc.serverVersion(), "client": qbwc.clientVersion(strVersion="2.3.0.215")}
    ticket, company_file = qbwc.authenticate(strUserName="harborline", strPassword=PASSWORD)
    hcp, percents = session.hcp_response(OWNER_ID), []
    while not percents or 0 <= percents[-1] < 100:
        request = qbwc.sendRequestXML(
            ticket=ticket,
            strHCPResponse=hcp,
            strCompanyFileName=quickbooks.path,
            qbXMLCountry="US",
            qbXMLMajorVers=13,
            qbXMLMinorVers=0,
        )
        hcp = ""
        result = session.process(request)
        percents.append(
            qbwc.receiveResponseXML(
                ticket=ticket,
                response=result.response_xml,
                hresult=result.hresult,
                message=result.message,
            )
        )
    seen.update(ticket=ticket, company_file=company_file, percents=percents)
    seen["close"] = qbwc.closeConnection(ticket=ticket)
    return seen


async def test_zeep_completes_a_cycle_with_the_official_wsdl(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(journal_entry(ref_number="PL-ZEEP"), "entry")
    service.container.work_sources.append(source)

    seen = await asyncio.to_thread(full_cycle, service.url, quickbooks)

    assert seen["server"].startswith("ml-connector") and seen["client"] is None  # "" = OK
    assert seen["percents"] == [100] and seen["close"].startswith("ml-connector: 1 message")
    assert source.accepted[0].response.status.code == 0
    assert [t.ref_number for t in quickbooks.txns.values()].count("PL-ZEEP") == 1


def served_wsdl_version(url: str) -> str:
    client = zeep.Client(f"{url}/qbwc?wsdl")
    return client.service.serverVersion()


async def test_zeep_reads_the_wsdl_we_serve_and_its_address(service):
    assert (await asyncio.to_thread(served_wsdl_version, service.url)).startswith("ml-connector")
