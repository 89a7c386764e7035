"""The .qwc file: what the user imports into the Web Connector to add a connection.

AppName and FileID are unique per connection (several company files on one machine
must not collide, NOTES §A.7); OwnerID is one GUID for the product, never per file
(re-adding an app with a reused OwnerID/FileID pair gives QBWC1039). There is no
password in the file: the user types it into QBWC."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

# The product's OwnerID: QBWC stores the FileID in the company file under it.
OWNER_ID = "{7D3B5C1E-4A2F-4E8B-9C61-2F0A8D5E3B47}"


@dataclass(frozen=True, slots=True, kw_only=True)
class QwcFile:
    app_name: str
    app_url: str
    support_url: str
    description: str
    username: str
    file_id: str
    run_every_minutes: int
    owner_id: str = OWNER_ID


def render_qwc(qwc: QwcFile) -> bytes:
    root = etree.Element("QBWCXML")
    for tag, value in (
        ("AppName", qwc.app_name),
        ("AppID", ""),
        ("AppURL", qwc.app_url),
        ("AppDescription", qwc.description),
        ("AppSupport", qwc.support_url),
        ("UserName", qwc.username),
        ("OwnerID", qwc.owner_id),
        ("FileID", qwc.file_id),
        ("QBType", "QBFS"),
        ("Style", "Document"),
    ):
        etree.SubElement(root, tag).text = value
    scheduler = etree.SubElement(root, "Scheduler")
    etree.SubElement(scheduler, "RunEveryNMinutes").text = str(qwc.run_every_minutes)
    etree.SubElement(root, "IsReadOnly").text = "false"
    text: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return text
