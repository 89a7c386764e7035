"""The first sendRequestXML of a session: what QuickBooks says about itself, the qbXML
version to speak, and whether this is the company file the connection was set up for."""

from __future__ import annotations

from adapters.postgres.blobs import BlobStore
from adapters.qbwc.envelope import SoapCall
from adapters.qbwc.qwc import OWNER_ID
from adapters.qbxml.hcp import company_file_facts
from app.qbwc.sessions import Call
from domain.events import CompanyFileReported, WebConnectorSessionRefused
from domain.qbwc.company_file import CompanyFileFacts
from domain.qbwc.versions import OLDEST_QBXML, negotiate


async def report_company_file(session: Call, call: SoapCall, blobs: BlobStore) -> None:
    hcp = call.get("strHCPResponse")
    facts = company_file_facts(
        hcp,
        company_file=call.get("strCompanyFileName"),
        country=call.get("qbXMLCountry"),
        major=call.integer("qbXMLMajorVers"),
        minor=call.integer("qbXMLMinorVers"),
        owner_id=OWNER_ID,
    )
    settings = session.connection.settings.quickbooks
    version = negotiate(settings.qbxml_version, facts.reported_version, facts.supported_versions)
    sha = await blobs.put(hcp.encode("utf-8"), "application/xml") if hcp.strip() else None
    session.add(
        CompanyFileReported(
            session_id=session.session_id,
            connection_id=session.connection.connection_id,
            facts=facts,
            qbxml_version=version,
            hcp_sha256=sha,
        )
    )
    reason = _refusal(facts, version, settings.file_id, settings.company_file)
    if reason is not None:
        session.add(
            WebConnectorSessionRefused(
                session_id=session.session_id,
                connection_id=session.connection.connection_id,
                reason=reason,
            )
        )


def _refusal(
    facts: CompanyFileFacts, version: str | None, file_id: str, company_file: str
) -> str | None:
    if version is None:
        product = facts.product_name or "This QuickBooks"
        return (
            f"{product} supports qbXML up to {facts.reported_version}; ml-connector needs "
            f"qbXML {OLDEST_QBXML} (QuickBooks 2014) or later."
        )
    if facts.file_id and _guid(facts.file_id) != _guid(file_id):
        return (
            f"The company file open in QuickBooks ({facts.company_file}) is not the one this "
            "connection was set up for. Open the right company file, or add the "
            "connection's .qwc file again for this one."
        )
    if company_file and company_file.casefold() != facts.company_file.casefold():
        return f"QuickBooks opened {facts.company_file}, but this connection is for {company_file}."
    return None


def _guid(value: str) -> str:
    return value.strip().strip("{}").lower()
