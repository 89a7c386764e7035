"""The base of every qbXML request the product sends, and the registry that turns a
request recorded in the event log back into its class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from domain import codec

_KINDS: dict[str, type[QbxmlRequest]] = {}


@dataclass(frozen=True, kw_only=True)
class QbxmlRequest:
    """KIND names the request: the message element is KIND + "Rq", its answer KIND + "Rs".
    ITERABLE requests accept iterator="Start"/"Continue" and carry `max_returned`."""

    KIND: ClassVar[str] = ""
    ITERABLE: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.KIND:
            _KINDS[cls.KIND] = cls

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = codec.encode(self)
        return data


def request_class(kind: str) -> type[QbxmlRequest]:
    return _KINDS[kind]


def request_from_data(kind: str, data: dict[str, Any]) -> QbxmlRequest:
    request: QbxmlRequest = codec.from_dict(request_class(kind), data)
    return request
