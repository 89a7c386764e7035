"""Reading a qbXML request message the way QuickBooks' parser does.

Order of checks: characters outside ISO-8859-1, well-formedness, the <?qbxml version?>
instruction, a version the product supports, the schema of that version, then the
Desktop-only restrictions. Any failure means no response at all, only an HRESULT.

Characters: QuickBooks handles ISO-8859-1 only. A raw character outside it makes the
message unparseable; one written as a character reference (e.g. "&#x4E2D;") gets stored
as "?" -- the two behaviours reported by qbwc/qbxml#8.
"""

import re
from dataclasses import dataclass

from lxml import etree

from simulators.quickbooks.hresults import PARSE_ERROR, VERSION_NOT_SUPPORTED, HResult
from simulators.quickbooks.product import Product
from simulators.quickbooks.qbd_rules import accepted_by_desktop
from simulators.quickbooks.schemas import hardened_parser, schema_for

_ENCODING = re.compile(r"""^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']""")
_VERSION = re.compile(r"""version\s*=\s*["']([^"']+)["']""")
_LATIN1 = {"iso-8859-1", "latin-1", "latin1", "iso8859-1"}


class Unreadable(Exception):
    def __init__(self, hresult: HResult) -> None:
        super().__init__(hresult.message)
        self.hresult = hresult


@dataclass
class Message:
    version: str
    on_error: str
    include_data: bool
    requests: list[etree._Element]


def read_message(text: str, product: Product) -> Message:
    if not _latin1(text):
        raise Unreadable(PARSE_ERROR)
    tree = _parse(text)
    version = _qbxml_version(tree)
    if version not in product.supported_qbxml_versions:
        raise Unreadable(VERSION_NOT_SUPPORTED)
    if not schema_for(version).validate(tree) or not accepted_by_desktop(tree.getroot()):
        raise Unreadable(PARSE_ERROR)
    _store_outside_latin1_as_question_marks(tree.getroot())
    messages = tree.getroot().find("QBXMLMsgsRq")
    return Message(
        version=version,
        on_error=messages.get("onError"),
        include_data=messages.get("responseData", "includeAll") == "includeAll",
        requests=[child for child in messages if isinstance(child.tag, str)],
    )


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _parse(text: str) -> etree._ElementTree:
    declared = _ENCODING.match(text)
    encoding = "latin-1" if declared and declared.group(1).lower() in _LATIN1 else "utf-8"
    try:
        return etree.ElementTree(etree.fromstring(text.encode(encoding), hardened_parser()))
    except etree.XMLSyntaxError as error:
        raise Unreadable(PARSE_ERROR) from error


def _qbxml_version(tree: etree._ElementTree) -> str:
    for node in tree.getroot().itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "qbxml":
            found = _VERSION.search(node.text or "")
            if found:
                return found.group(1)
    raise Unreadable(PARSE_ERROR)


def _store_outside_latin1_as_question_marks(root: etree._Element) -> None:
    for element in root.iter():
        if element.text and not element.text.isascii():
            element.text = "".join(c if ord(c) <= 0xFF else "?" for c in element.text)
