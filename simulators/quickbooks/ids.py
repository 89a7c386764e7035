"""Identifiers in QuickBooks' own shapes.

ListIDs look like "80000035-1785958998" and TxnIDs/TxnLineIDs like "BF5E-1828899527":
a hexadecimal counter, a dash, and the creation time in epoch seconds. EditSequence is
the epoch second of the last change; it must change on every modification, even twice
within one second.
"""

from datetime import datetime


class IdFactory:
    def __init__(self) -> None:
        self._list_counter = 0x80000000
        self._txn_counter = 0xFF

    def list_id(self, at: datetime) -> str:
        self._list_counter += 1
        return f"{self._list_counter:X}-{_epoch(at)}"

    def txn_id(self, at: datetime) -> str:
        self._txn_counter += 1
        return f"{self._txn_counter:X}-{_epoch(at)}"


def next_edit_sequence(at: datetime, previous: str | None = None) -> str:
    candidate = _epoch(at)
    if previous is not None and previous.isdigit() and int(previous) >= candidate:
        candidate = int(previous) + 1
    return str(candidate)


def _epoch(at: datetime) -> int:
    return int(at.timestamp())
