"""SOAP 1.1 envelopes as QuickBooks Web Connector writes them, and reading the replies.

Document/literal (the default): the method element in the default namespace
http://developer.intuit.com/, empty parameters as <name />, qbXML carried as escaped
text -- byte for byte the shape of the captured QBWC 2.0 session. The RPC-looking
variant (some QBWC 2.3 builds): a q1: prefix, soap:encodingStyle on the Body and
xsi:type on every parameter. Replies are read by local name, prefixes ignored.
"""

from xml.sax.saxutils import escape

from lxml import etree

NAMESPACE = "http://developer.intuit.com/"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
_DOCUMENT_OPEN = (
    f'<soap:Envelope xmlns:soap="{SOAP_ENV}" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>'
)
_RPC_OPEN = (
    f'<soap:Envelope xmlns:soap="{SOAP_ENV}" '
    'xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" '
    'xmlns:tns="http://developer.intuit.com" '
    'xmlns:types="http://developer.intuit.com/encodedTypes" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
    '<soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">'
)
_CLOSE = "</soap:Body></soap:Envelope>"

Params = list[tuple[str, str | int]]


class SoapFault(Exception):
    pass


class MalformedReply(Exception):
    pass


def envelope(method: str, params: Params, *, rpc_style: bool = False) -> str:
    if rpc_style:
        return _DECLARATION + _RPC_OPEN + _rpc_body(method, params) + _CLOSE
    return _DECLARATION + _DOCUMENT_OPEN + _document_body(method, params) + _CLOSE


def soap_action(method: str) -> str:
    return f'"{NAMESPACE}{method}"'


def reply_text(method: str, body: str) -> str:
    result = _result(method, body)
    return result.text or ""


def reply_strings(method: str, body: str) -> list[str]:
    """An ArrayOfString result (authenticate): nil or empty items become ""."""
    return [child.text or "" for child in _result(method, body) if isinstance(child.tag, str)]


def _document_body(method: str, params: Params) -> str:
    if not params:
        return f'<{method} xmlns="{NAMESPACE}" />'
    inner = "".join(_element(name, value) for name, value in params)
    return f'<{method} xmlns="{NAMESPACE}">{inner}</{method}>'


def _rpc_body(method: str, params: Params) -> str:
    if not params:
        return f'<q1:{method} xmlns:q1="{NAMESPACE}" />'
    inner = "".join(_typed_element(name, value) for name, value in params)
    return f'<q1:{method} xmlns:q1="{NAMESPACE}">{inner}</q1:{method}>'


def _element(name: str, value: str | int) -> str:
    text = str(value)
    return f"<{name}>{escape(text)}</{name}>" if text else f"<{name} />"


def _typed_element(name: str, value: str | int) -> str:
    xsd_type = "xsd:int" if isinstance(value, int) else "xsd:string"
    return f'<{name} xsi:type="{xsd_type}">{escape(str(value))}</{name}>'


def _result(method: str, body: str) -> etree._Element:
    response = _response_element(method, body)
    for child in response:
        if isinstance(child.tag, str) and etree.QName(child).localname == f"{method}Result":
            return child
    children = [child for child in response if isinstance(child.tag, str)]
    if not children:
        raise MalformedReply(f"{method}Response carries no result")
    return children[0]


def _response_element(method: str, body: str) -> etree._Element:
    try:
        root = etree.fromstring(body.encode("utf-8"), _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise MalformedReply(f"Response is not well-formed XML: {error}") from error
    payload = _body_children(root)
    if payload and etree.QName(payload[0]).localname == "Fault":
        raise SoapFault(payload[0].findtext("faultstring") or "SOAP Fault")
    if not payload or etree.QName(payload[0]).localname != f"{method}Response":
        raise MalformedReply(f"expected {method}Response")
    return payload[0]


def _body_children(root: etree._Element) -> list[etree._Element]:
    body = root.find(f"{{{SOAP_ENV}}}Body")
    if body is None:
        return []
    return [child for child in body if isinstance(child.tag, str)]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
