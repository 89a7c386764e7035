"""Building response XML the way QuickBooks writes it."""

from lxml import etree

from simulators.quickbooks.amounts import format_amount
from simulators.quickbooks.model import ListElement
from simulators.quickbooks.statuses import Status

# QuickBooks' own declaration (seen in every captured response): no encoding, a space
# before "?>", and no <?qbxml?> instruction.
XML_DECLARATION = '<?xml version="1.0" ?>\n'


def sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def sub_if(parent: etree._Element, tag: str, text: str | None) -> None:
    if text is not None:
        sub(parent, tag, text)


def sub_amount(parent: etree._Element, tag: str, cents: int) -> None:
    sub(parent, tag, format_amount(cents))


def sub_bool(parent: etree._Element, tag: str, value: bool) -> None:
    sub(parent, tag, "true" if value else "false")


def sub_ref(parent: etree._Element, tag: str, element: ListElement | None) -> None:
    if element is None:
        return
    ref = sub(parent, tag)
    sub(ref, "ListID", element.list_id)
    sub(ref, "FullName", element.full_name)


def response_element(
    request: etree._Element, status: Status, **counts: int | str
) -> etree._Element:
    """<XxxRs> for <XxxRq>: requestID echoed only when the request carried one."""
    response = etree.Element(request.tag[:-2] + "Rs")
    request_id = request.get("requestID")
    if request_id is not None:
        response.set("requestID", request_id)
    response.set("statusCode", str(status.code))
    response.set("statusSeverity", status.severity)
    response.set("statusMessage", status.message)
    for name, value in counts.items():
        response.set(name, str(value))
    return response


def document(responses: list[etree._Element]) -> str:
    root = etree.Element("QBXML")
    messages = sub(root, "QBXMLMsgsRs")
    messages.extend(responses)
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return XML_DECLARATION + body
