"""Every operator service, wired from the container: what the API routes and the CLI call."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from app.anaplan_oauth import AnaplanAuthorizations
from app.audit import Audit
from app.bootstrap import Container
from app.budget import BvaFilter, BvaRow, budget_vs_actual
from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.mappings import Mappings
from app.refdata.service import ReferenceData
from app.replays import Replays
from app.retries import Retries
from app.streams import Streams
from app.syncs import Syncs


@dataclass(frozen=True)
class Operations:
    pool: asyncpg.Pool
    connections: ConnectionAdmin
    authorizations: AnaplanAuthorizations
    mappings: Mappings
    syncs: Syncs
    streams: Streams
    replays: Replays
    retries: Retries
    audit: Audit
    reference: ReferenceData

    async def budget_vs_actual(self, caller: Caller, f: BvaFilter) -> list[BvaRow]:
        return await budget_vs_actual(self.pool, caller, f)


def operations(c: Container) -> Operations:
    admin = ConnectionAdmin(c.pool, c.connections, c.credentials)
    syncs = Syncs(c.pool, c.store, admin)
    streams = Streams(c.pool)
    return Operations(
        pool=c.pool,
        connections=admin,
        authorizations=AnaplanAuthorizations(c, admin),
        mappings=Mappings(c.store, admin),
        syncs=syncs,
        streams=streams,
        replays=Replays(c.pool, c.store, c.projections),
        retries=Retries(c.pool, c.store, streams, syncs, admin),
        audit=Audit(c.pool),
        reference=ReferenceData(c, admin),
    )
