"""A tiny QBWC web service for the agent tests: it records every call, checks each
document/literal body against the Web Connector WSDL's types, and answers from a script."""

import copy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from aiohttp import web
from lxml import etree

import simulators.webconnector

WSDL = Path(simulators.webconnector.__file__).parent / "QBWebConnectorSvc.wsdl"
NAMESPACE = "http://developer.intuit.com/"
_ENVELOPE = (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
    'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>{}</soap:Body></soap:Envelope>'
)


@cache
def wsdl_schema() -> etree.XMLSchema:
    """The WSDL's types schema, lifted out with the namespaces declared on the WSDL root
    (attribute values such as type="tns:ArrayOfString" need them)."""
    types = etree.parse(str(WSDL)).find("{http://schemas.xmlsoap.org/wsdl/}types")
    embedded = types.find("{http://www.w3.org/2001/XMLSchema}schema")
    standalone = etree.Element(embedded.tag, attrib=dict(embedded.attrib), nsmap=embedded.nsmap)
    standalone.extend(copy.deepcopy(child) for child in embedded)
    return etree.XMLSchema(standalone)


@dataclass
class Call:
    method: str
    headers: dict[str, str]
    params: dict[str, str]
    body: str
    valid_per_wsdl: bool


@dataclass
class Script:
    server_version: str = "stand-in QBWC service 1.0"
    client_version: str = ""
    authenticate: list[str] = field(default_factory=lambda: ["TICKET-1", ""])
    requests: list[str] = field(default_factory=list)  # then ""
    percents: list[int] = field(default_factory=list)  # then 100
    last_errors: list[str] = field(default_factory=list)  # then "Done"
    connection_errors: list[str] = field(default_factory=list)  # then "done"
    close_message: str = "OK"
    http_status: dict[str, int] = field(default_factory=dict)
    raw_replies: dict[str, str] = field(default_factory=dict)


class StandInService:
    def __init__(self, script: Script | None = None) -> None:
        self.script = script or Script()
        self.calls: list[Call] = []
        self.url = ""
        self._schema = wsdl_schema()

    @property
    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    def params(self, method: str) -> list[dict[str, str]]:
        return [call.params for call in self.calls if call.method == method]

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/qbwc", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.text()
        element = etree.fromstring(body.encode("utf-8")).find(".//{*}Body")[0]
        method = etree.QName(element).localname
        params = {etree.QName(child).localname: child.text or "" for child in element}
        valid = etree.QName(element).namespace == NAMESPACE and self._schema.validate(element)
        self.calls.append(Call(method, dict(request.headers), params, body, valid))
        status = self.script.http_status.get(method, 200)
        if status != 200:
            return web.Response(
                status=status, text="<html>Internal Server Error</html>", content_type="text/html"
            )
        reply = self.script.raw_replies.get(method) or _ENVELOPE.format(self._result(method))
        return web.Response(text=reply, content_type="text/xml", charset="utf-8")

    def _result(self, method: str) -> str:
        if method == "authenticate":
            items = "".join(
                f"<string>{escape(value)}</string>" for value in self.script.authenticate
            )
            return _wrap(method, items)
        return _wrap(method, escape(str(self._value(method))))

    def _value(self, method: str) -> str | int:
        script = self.script
        answers = {
            "serverVersion": lambda: script.server_version,
            "clientVersion": lambda: script.client_version,
            "sendRequestXML": lambda: _next(script.requests, ""),
            "receiveResponseXML": lambda: _next(script.percents, 100),
            "getLastError": lambda: _next(script.last_errors, "Done"),
            "connectionError": lambda: _next(script.connection_errors, "done"),
            "closeConnection": lambda: script.close_message,
        }
        return answers[method]()


def _wrap(method: str, inner: str) -> str:
    result = f"<{method}Result>{inner}</{method}Result>"
    return f'<{method}Response xmlns="{NAMESPACE}">{result}</{method}Response>'


def _next(queue: list, default):
    return queue.pop(0) if queue else default
