"""Intuit's qbXML 13.0 schema, loaded once: every outgoing message must pass it."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

_ENTRY = Path(__file__).parent / "schema" / "13.0" / "qbxmlops130.xsd"


class SchemaViolation(Exception):
    """A rendered message Intuit's schema rejects: a bug in the renderer, never sent."""


@functools.cache
def qbxml_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(_ENTRY), parser))


def validate(document: etree._Element) -> None:
    schema = qbxml_schema()
    if not schema.validate(document):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise SchemaViolation(f"qbXML failed Intuit's 13.0 schema: {errors}")
