"""How a qbXML message is recorded: each request with the source and key it belongs to
(so any API process can route the response), and each response's status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.qbxml.request import QbxmlRequest, request_from_data


class Iteration:
    START = "Start"
    CONTINUE = "Continue"


@dataclass(frozen=True, slots=True, kw_only=True)
class SentRequest:
    request_id: str
    source: str
    key: str
    kind: str
    request: dict[str, Any] = field(hash=False)  # the domain request, encoded
    units: float
    iteration: str | None = None  # Start / Continue for iterated reads
    iterator_id: str | None = None
    page: int = 1
    restarts: int = 0  # times this read was started again after 3391 in this session

    def decoded(self) -> QbxmlRequest:
        return request_from_data(self.kind, self.request)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceivedStatus:
    request_id: str
    kind: str
    status_code: int
    severity: str
    message: str
    ret_count: int | None = None
    iterator_id: str | None = None
    remaining: int | None = None
