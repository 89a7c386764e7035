"""Reference work sources the flows build on: the chart of accounts and the ledger."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from adapters.postgres.ledger import LedgerMirror
from app.qbwc.sources.chart import ChartOfAccounts
from app.qbwc.sources.ledger import LedgerReader
from app.qbwc.work import WorkSource

if TYPE_CHECKING:
    from app.bootstrap import Container


def reference_sources(c: Container) -> list[WorkSource]:
    overlap = timedelta(minutes=c.settings.ledger_overlap_minutes)
    return [ChartOfAccounts(c.store), LedgerReader(c.store, LedgerMirror(c.pool), overlap)]
