"""Picking objects by explicit IDs or names, with QuickBooks' partial-match statuses:
all missing is an error (3120), some missing is a warning (500) on the found ones."""

from collections.abc import Callable
from typing import TypeVar

from simulators.quickbooks.statuses import QbError, Status, object_not_found, partially_found

T = TypeVar("T")


def pick(wanted: list[str], lookup: Callable[[str], T | None]) -> tuple[list[T], Status | None]:
    found = [item for item in map(lookup, wanted) if item is not None]
    missing = [key for key in wanted if lookup(key) is None]
    if missing and not found:
        raise QbError(object_not_found(missing[0]))
    return found, (partially_found(missing[0]) if missing else None)
