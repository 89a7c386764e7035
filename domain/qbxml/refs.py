"""References to list elements and the range filters shared by several requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.errors import DomainError
from domain.qbxml.timestamps import QbTimestamp


class InvalidRequest(DomainError):
    """A request that breaks a rule of qbXML or of QuickBooks Desktop; lists every problem."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A list element by FullName (colon-separated for sub-elements) and/or ListID."""

    full_name: str | None = None
    list_id: str | None = None

    def __post_init__(self) -> None:
        if not (self.full_name or self.list_id):
            raise InvalidRequest("a reference needs a FullName or a ListID")

    @classmethod
    def named(cls, full_name: str) -> Ref:
        return cls(full_name=full_name)


@dataclass(frozen=True, slots=True)
class ListFilter:
    """FullName+ | ListID+ | FullNameWithChildren | ListIDWithChildren."""

    full_names: tuple[str, ...] = ()
    list_ids: tuple[str, ...] = ()
    with_children: bool = False

    def __post_init__(self) -> None:
        count = len(self.full_names) + len(self.list_ids)
        if count == 0 or (self.full_names and self.list_ids):
            raise InvalidRequest("a list filter takes either full names or list ids")
        if self.with_children and count != 1:
            raise InvalidRequest("a with-children list filter names exactly one element")


@dataclass(frozen=True, slots=True)
class ModifiedRange:
    """From/ToModifiedDate, both inclusive, as QuickBooks stamps (see timestamps)."""

    start: QbTimestamp | None = None
    end: QbTimestamp | None = None


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date | None = None
    end: date | None = None
