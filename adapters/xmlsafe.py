"""The one way the product parses XML it receives: no DTDs, no entities, no network,
bounded size and depth (XXE, billion laughs and deep nesting all fail fast and cleanly)."""

from __future__ import annotations

import re

from lxml import etree

LIBXML_MAX_DEPTH = 256  # libxml2's own limit without huge_tree
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeXml(ValueError):
    """Input refused before or while parsing; the message is safe to show the sender."""


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=False,
    )


def parse(data: bytes, *, max_bytes: int, max_depth: int) -> etree._Element:
    if len(data) > max_bytes:
        raise UnsafeXml(f"the document is larger than {max_bytes} bytes")
    if _DTD.search(data):
        raise UnsafeXml("document type declarations and entities are not accepted")
    try:
        root = etree.fromstring(data, parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        if "Excessive depth" in str(error):
            raise UnsafeXml(f"the document is nested deeper than {max_depth} levels") from None
        raise UnsafeXml(f"not well-formed XML: {_first_line(error)}") from None
    if _depth(root) > max_depth:
        raise UnsafeXml(f"the document is nested deeper than {max_depth} levels")
    return root


def _depth(root: etree._Element) -> int:
    deepest = 0
    for element in root.iter():
        depth = sum(1 for _ in element.iterancestors()) + 1
        deepest = max(deepest, depth)
    return deepest


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else error.__class__.__name__
