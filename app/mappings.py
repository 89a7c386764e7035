"""A connection's member mapping: uploaded as CSV, kept as events, downloaded as CSV.

Each upload appends a `MappingImported` to the stream `mapping-<connection_id>`; the latest
one is the mapping in force. This module checks a file's structure (parse errors,
contradictory duplicates); checking its targets against the live chart of accounts and
the Anaplan lists needs both systems and belongs to the flows.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.errors import NotFound
from domain.envelope import Metadata
from domain.events import MappingImported
from domain.mapping import (
    BadMappingFile,
    Mapping,
    MappingKind,
    mapping_csv,
    parse_mapping_csv,
)
from domain.ports import AppendRequest, EventStore


def mapping_stream(connection_id: str) -> str:
    return f"mapping-{connection_id}"


@dataclass(frozen=True, slots=True)
class MappingReport:
    valid: bool
    accounts: int
    classes: int
    match_same_names: bool
    problems: tuple[str, ...] = ()


def check(text: str, match_same_names: bool = True) -> MappingReport:
    """Every structural problem of a mapping file (none: it would be accepted)."""
    try:
        return _report(parse_mapping_csv(text, match_same_names))
    except BadMappingFile as exc:
        return MappingReport(False, 0, 0, match_same_names, exc.problems)


class Mappings:
    def __init__(self, store: EventStore, admin: ConnectionAdmin) -> None:
        self._store = store
        self._admin = admin

    async def upload(
        self, caller: Caller, connection_id: str, text: str, match_same_names: bool, source: str
    ) -> MappingReport:
        """Record a new mapping; a file with problems raises BadMappingFile, nothing kept."""
        connection = await self._admin.visible(caller, connection_id)
        mapping = parse_mapping_csv(text, match_same_names)
        event = MappingImported(
            connection_id=connection_id,
            rules=mapping.rules,
            match_same_names=match_same_names,
            source=source,
        )
        meta = Metadata(
            actor=caller.actor,
            tenant_id=connection.tenant_id,
            connection_id=connection_id,
            correlation_id=connection_id,
        )
        await self._store.append(
            AppendRequest(mapping_stream(connection_id), "mapping", [event], metadata=meta)
        )
        return _report(mapping)

    async def current(self, caller: Caller, connection_id: str) -> Mapping:
        await self._admin.visible(caller, connection_id)
        events = await self._store.read_stream(mapping_stream(connection_id))
        imports = [e.event for e in events if isinstance(e.event, MappingImported)]
        if not imports:
            raise NotFound(f"connection {connection_id!r} has no mapping yet")
        latest = imports[-1]
        return Mapping(latest.rules, latest.match_same_names)

    async def download(self, caller: Caller, connection_id: str) -> str:
        return mapping_csv(await self.current(caller, connection_id))


def _report(mapping: Mapping) -> MappingReport:
    kinds = [rule.kind for rule in mapping.rules]
    return MappingReport(
        valid=True,
        accounts=kinds.count(MappingKind.ACCOUNT),
        classes=kinds.count(MappingKind.CLASS),
        match_same_names=mapping.match_same_names,
    )
