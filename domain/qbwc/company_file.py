"""What QuickBooks tells us about itself on the first sendRequestXML of a session
(strHCPResponse: HostQueryRs + CompanyQueryRs + PreferencesQueryRs, NOTES §A.4)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class CompanyFileFacts:
    company_file: str  # strCompanyFileName: the full path of the open file
    country: str
    qbxml_major: int  # the highest qbXML version QuickBooks accepts, as QBWC reports it
    qbxml_minor: int
    product_name: str | None = None
    product_version: str | None = None
    supported_versions: tuple[str, ...] = ()
    file_mode: str | None = None  # SingleUser / MultiUser
    company_name: str | None = None
    file_id: str | None = None  # the FileID QBWC stored in the file under our OwnerID
    class_tracking: bool | None = None
    account_numbers: bool | None = None
    hcp_readable: bool = True  # False: strHCPResponse was missing or not well-formed

    @property
    def reported_version(self) -> str:
        return f"{self.qbxml_major}.{self.qbxml_minor}"
