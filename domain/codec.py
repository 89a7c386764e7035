"""Turns frozen event dataclasses into JSON-ready dicts and back, driven by type hints."""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

Encoder = Callable[[Any], Any]

to_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in _fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): encode(item) for key, item in value.items()}
    return value


def decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _decode_optional(hint, value)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(decode(item_hint, item) for item in value)
    if origin is frozenset:
        return frozenset(decode(typing.get_args(hint)[0], item) for item in value)
    if origin in (dict, Mapping) or hint is dict:
        args = typing.get_args(hint)
        return {key: decode(args[1], item) for key, item in value.items()} if args else value
    if dataclasses.is_dataclass(hint):
        return from_dict(hint, value)
    return _decode_scalar(hint, value)


def from_dict(cls: Any, data: Mapping[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {f.name: decode(hints[f.name], data[f.name]) for f in _fields(cls) if f.name in data}
    return cls(**kwargs)


def _decode_optional(hint: Any, value: Any) -> Any:
    options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return decode(options[0], value)


def _decode_scalar(hint: Any, value: Any) -> Any:
    if hint is Decimal:
        return Decimal(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)
