"""strHCPResponse -> CompanyFileFacts. QBWC sends it once per session; a missing or
malformed one (a real published sample is not well-formed) must not stop the session,
so whatever can be read is kept and the rest stays unknown."""

from __future__ import annotations

from dataclasses import replace

from adapters.qbxml.parse import UnreadableResponse, parse_response
from domain.qbwc.company_file import CompanyFileFacts
from domain.qbxml.responses import CompanyRet, HostRet, PreferencesRet, Record


def company_file_facts(
    hcp: str, *, company_file: str, country: str, major: int, minor: int, owner_id: str
) -> CompanyFileFacts:
    facts = CompanyFileFacts(
        company_file=company_file, country=country, qbxml_major=major, qbxml_minor=minor
    )
    if not hcp.strip():
        return replace(facts, hcp_readable=False)
    try:
        found = [record for response in parse_response(hcp) for record in response.records]
    except UnreadableResponse:
        return replace(facts, hcp_readable=False)
    return _with_records(facts, found, owner_id)


def _with_records(facts: CompanyFileFacts, found: list[Record], owner_id: str) -> CompanyFileFacts:
    for record in found:
        if isinstance(record, HostRet):
            facts = _with_host(facts, record)
        elif isinstance(record, CompanyRet):
            facts = _with_company(facts, record, owner_id)
        elif isinstance(record, PreferencesRet):
            facts = replace(
                facts,
                class_tracking=record.class_tracking,
                account_numbers=record.account_numbers,
            )
    return facts


def _with_host(facts: CompanyFileFacts, host: HostRet) -> CompanyFileFacts:
    version = (
        f"{host.major_version}.{host.minor_version or 0}"
        if host.major_version is not None
        else None
    )
    return replace(
        facts,
        product_name=host.product_name,
        product_version=version,
        supported_versions=host.supported_versions,
        file_mode=host.file_mode,
    )


def _with_company(facts: CompanyFileFacts, company: CompanyRet, owner_id: str) -> CompanyFileFacts:
    file_ids = [
        ext.value
        for ext in company.data_ext
        if ext.name == "FileID" and ext.owner_id.strip("{}").lower() == owner_id.strip("{}").lower()
    ]
    return replace(
        facts, company_name=company.company_name, file_id=file_ids[0] if file_ids else None
    )
