"""The event base class, the type registry and schema-version upcasting.

Events are frozen dataclasses named in the past tense exactly as they appear in the log.
Each class has a schema VERSION; when a class changes shape, bump VERSION and register an
upcaster from the previous version so events already in the log still load on replay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from domain import codec
from domain.errors import UnknownEventType

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

_REGISTRY: dict[str, type[Event]] = {}
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    VERSION: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _REGISTRY[cls.__name__] = cls

    @property
    def type(self) -> str:
        return type(self).__name__

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = codec.encode(self)
        return data


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function turning version `from_version` data into `from_version + 1` data."""

    def register(fn: Upcaster) -> Upcaster:
        _UPCASTERS[(event_type, from_version)] = fn
        return fn

    return register


def event_class(event_type: str) -> type[Event]:
    try:
        return _REGISTRY[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


def from_stored(event_type: str, schema_version: int, data: Mapping[str, Any]) -> Event:
    cls = event_class(event_type)
    current = dict(data)
    for version in range(schema_version, cls.VERSION):
        current = _UPCASTERS[(event_type, version)](current)
    event: Event = codec.from_dict(cls, current)
    return event


def registered_types() -> frozenset[str]:
    return frozenset(_REGISTRY)
