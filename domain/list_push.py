"""QuickBooks accounts and classes written as the file an Anaplan list import reads.

Each row is one list member: its name (the Anaplan member the mapping names for the
QuickBooks account or class, else the QuickBooks full name, so same-name matching maps it
back), and optionally the account number as the member's code and the QuickBooks full name
(e.g. for a list property). The file has the import's own columns, in its order; columns
the connection does not fill are left empty, since Anaplan maps source columns by position.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.connection import ListColumns
from domain.errors import PermanentError
from domain.mapping import Mapping, MappingKind
from domain.qbwc.books import ChartAccount, ChartClass


class ListLayoutError(PermanentError):
    """The list import's columns do not hold what the connection says they do."""


@dataclass(frozen=True, slots=True)
class PushedMember:
    name: str  # the Anaplan list member
    quickbooks_name: str
    code: str | None = None


def pushed_members(
    entries: Iterable[ChartAccount | ChartClass], kind: MappingKind, mapping: Mapping
) -> list[PushedMember]:
    members = []
    for entry in entries:
        name = mapping.to_anaplan(kind, entry.full_name) or entry.full_name
        code = entry.number if isinstance(entry, ChartAccount) else None
        members.append(PushedMember(name, entry.full_name, code))
    return sorted(members, key=lambda m: m.name.casefold())


def list_header(columns: ListColumns, import_headers: Sequence[str]) -> list[str]:
    """The file's header: the import's own columns, which must include every column the
    connection names (an import without known columns gets just those)."""
    named = [c for c in (columns.name, columns.code, columns.quickbooks_name) if c]
    if not import_headers:
        return named
    missing = [c for c in named if c not in import_headers]
    if missing:
        raise ListLayoutError(
            f"the import reads columns {list(import_headers)}; the connection's list_push "
            f"columns {missing} are not among them"
        )
    return list(import_headers)


def list_csv(
    members: Iterable[PushedMember],
    columns: ListColumns,
    header: Sequence[str],
    separator: str = ",",
    quotechar: str = '"',
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, quotechar=quotechar, lineterminator="\r\n")
    writer.writerow(header)
    for member in members:
        values = {
            columns.name: member.name,
            columns.code: member.code or "",
            columns.quickbooks_name: member.quickbooks_name,
        }
        writer.writerow([values.get(column, "") for column in header])
    return out.getvalue()
