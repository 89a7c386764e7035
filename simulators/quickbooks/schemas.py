"""Intuit's qbXML schemas and a hardened XML parser.

QuickBooks validates each message against its own copy of the schema before doing
anything; the simulator does the same with lxml. Versions up to 13.0 use the 13.0 set,
later ones the 16.0 set (the two sets agree on everything this simulator implements).
"""

from functools import cache
from pathlib import Path

from lxml import etree

_SCHEMA_DIR = Path(__file__).parent / "schema"


def hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_blank_text=True,
    )


def schema_folder(qbxml_version: str) -> str:
    return "13.0" if float(qbxml_version) <= 13.0 else "16.0"


@cache
def schema(folder: str) -> etree.XMLSchema:
    tag = folder.replace(".", "")
    path = _SCHEMA_DIR / folder / f"qbxmlops{tag}.xsd"
    return etree.XMLSchema(etree.parse(str(path), hardened_parser()))


def schema_for(qbxml_version: str) -> etree.XMLSchema:
    return schema(schema_folder(qbxml_version))
