"""The flows' reactors, built for a worker process around its Anaplan gateway."""

from __future__ import annotations

from app.anaplan import AnaplanGateway
from app.bootstrap import Container
from app.flows.actuals import ActualsCollector, ActualsImporter
from app.flows.plan import PlanExporter, PlanStager
from app.qbwc.sources.ledger import LedgerReader
from app.reactors import Reactor


def flow_reactors(c: Container, gateway: AnaplanGateway) -> list[Reactor]:
    ledger = next(source for source in c.work_sources if isinstance(source, LedgerReader))
    return [
        PlanExporter(c.store, c.connections, gateway),
        PlanStager(c.pool, c.store, c.connections),
        ActualsCollector(c.store, c.connections, ledger),
        ActualsImporter(c.pool, c.store, c.connections, gateway),
    ]
