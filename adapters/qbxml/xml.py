"""Small lxml helpers for building qbXML in schema order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeAlias

from lxml import etree

from domain.qbxml.amounts import amount_text
from domain.qbxml.refs import DateRange, ListFilter, ModifiedRange, Ref
from domain.qbxml.timestamps import QbTimestamp

E: TypeAlias = etree._Element


def sub(parent: E, tag: str, text: str | None = None) -> E:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def opt(parent: E, tag: str, value: str | int | None) -> None:
    if value is not None:
        sub(parent, tag, str(value))


def opt_bool(parent: E, tag: str, value: bool | None) -> None:
    if value is not None:
        sub(parent, tag, "true" if value else "false")


def opt_date(parent: E, tag: str, value: date | None) -> None:
    if value is not None:
        sub(parent, tag, value.isoformat())


def opt_stamp(parent: E, tag: str, value: QbTimestamp | None) -> None:
    if value is not None:
        sub(parent, tag, value.text())


def opt_amount(parent: E, tag: str, value: Decimal | None) -> None:
    if value is not None:
        sub(parent, tag, amount_text(value, tag))


def each(parent: E, tag: str, values: tuple[str, ...]) -> None:
    for value in values:
        sub(parent, tag, str(value))


def ref(parent: E, tag: str, value: Ref | None) -> None:
    if value is not None:
        element = sub(parent, tag)
        opt(element, "ListID", value.list_id)
        opt(element, "FullName", value.full_name)


def list_filter(parent: E, tag: str, value: ListFilter | None) -> None:
    if value is None:
        return
    element = sub(parent, tag)
    if value.with_children:
        name = "FullNameWithChildren" if value.full_names else "ListIDWithChildren"
        sub(element, name, (value.full_names or value.list_ids)[0])
    else:
        each(element, "ListID", value.list_ids)
        each(element, "FullName", value.full_names)


def modified_range(parent: E, tag: str, value: ModifiedRange | None) -> None:
    if value is not None and (value.start or value.end):
        element = sub(parent, tag)
        opt_stamp(element, "FromModifiedDate", value.start)
        opt_stamp(element, "ToModifiedDate", value.end)


def date_range(parent: E, tag: str, value: DateRange | None, names: tuple[str, str]) -> None:
    if value is not None and (value.start or value.end):
        element = sub(parent, tag)
        opt_date(element, names[0], value.start)
        opt_date(element, names[1], value.end)
