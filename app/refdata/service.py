"""The reference-data operations, wired once for the API and the CLI."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.postgres.blobs import BlobStore
from adapters.postgres.reference import ReferenceReads
from app.bootstrap import Container
from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.refdata.checks import Checks, DriftReport, ValidationReport
from app.refdata.classes import ClassCreator, ClassRequest
from app.refdata.ping import Pinger, PingReport
from app.refdata.push import ListPusher, PushReport, PushScope
from app.refdata.sources import SourceReader
from domain.mapping import MappingKind


class ReferenceData:
    def __init__(self, container: Container, admin: ConnectionAdmin) -> None:
        reader = SourceReader(container, admin)
        self._ping = Pinger(reader, ReferenceReads(container.pool))
        self._checks = Checks(container.store, reader)
        self._push = ListPusher(container.store, BlobStore(container.pool), reader)
        self._classes = ClassCreator(container.store, reader)

    async def ping(self, caller: Caller, connection_id: str) -> PingReport:
        return await self._ping.ping(caller, connection_id)

    async def validate(
        self, caller: Caller, connection_id: str, refresh: bool = False
    ) -> ValidationReport:
        return await self._checks.validate(caller, connection_id, refresh)

    async def drift(self, caller: Caller, connection_id: str) -> DriftReport:
        return await self._checks.drift(caller, connection_id)

    async def push(
        self,
        caller: Caller,
        connection_id: str,
        scope: PushScope = PushScope.NEW,
        kinds: Sequence[MappingKind] = (MappingKind.ACCOUNT, MappingKind.CLASS),
    ) -> PushReport:
        return await self._push.push(caller, connection_id, scope, kinds)

    async def create_classes(
        self,
        caller: Caller,
        connection_id: str,
        names: Sequence[str] = (),
        missing_targets: bool = False,
    ) -> ClassRequest:
        return await self._classes.create(caller, connection_id, names, missing_targets)
