"""Event encoding, the registry and upcasting of old schema versions."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

import pytest

from domain.errors import UnknownEventType
from domain.event import Event, from_stored, upcaster


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


@dataclass(frozen=True, kw_only=True, slots=True)
class Line:
    account: str
    amount: Decimal
    side: Side


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerLinesPosted(Event):
    VERSION = 3
    entry: str
    on: date
    at: datetime
    lines: tuple[Line, ...]
    memo: str | None = None


@upcaster("LedgerLinesPosted", from_version=1)
def _v1_to_v2(data: dict) -> dict:
    return {**data, "entry": data.pop("ref")}


@upcaster("LedgerLinesPosted", from_version=2)
def _v2_to_v3(data: dict) -> dict:
    lines = [
        {**line, "side": "debit" if line["amount"][0] != "-" else "credit"}
        for line in data["lines"]
    ]
    return {**data, "lines": [{**line, "amount": line["amount"].lstrip("-")} for line in lines]}


EVENT = LedgerLinesPosted(
    entry="PL-27-01",
    on=date(2027, 1, 31),
    at=datetime(2027, 2, 1, 9, 30, tzinfo=UTC),
    lines=(Line(account="6100", amount=Decimal("1500.00"), side=Side.DEBIT),),
)


def test_an_event_survives_the_round_trip_through_its_stored_form():
    data = EVENT.to_data()
    assert data["lines"] == [{"account": "6100", "amount": "1500.00", "side": "debit"}]
    assert from_stored("LedgerLinesPosted", 3, data) == EVENT


def test_events_are_frozen():
    with pytest.raises(FrozenInstanceError):
        EVENT.entry = "other"  # type: ignore[misc]


def test_old_versions_are_upcast_step_by_step_on_read():
    v1 = {
        "ref": "PL-27-01",
        "on": "2027-01-31",
        "at": "2027-02-01T09:30:00+00:00",
        "lines": [{"account": "6100", "amount": "1500.00"}],
    }
    assert from_stored("LedgerLinesPosted", 1, v1) == EVENT


def test_an_unknown_event_type_is_a_clear_error():
    with pytest.raises(UnknownEventType, match="NoSuchThingHappened"):
        from_stored("NoSuchThingHappened", 1, {})
