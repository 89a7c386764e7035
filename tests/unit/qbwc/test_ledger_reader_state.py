"""The ledger reader folds its stream incrementally: it must still see every event any
process appended, exactly as a fold of the whole stream would."""

from __future__ import annotations

from datetime import date, timedelta

from adapters.memory.eventstore import InMemoryEventStore
from app.qbwc.sources.ledger import LedgerReader, ledger_stream
from app.qbwc.work import WorkState
from domain.qbwc.ledger import fold
from domain.qbxml.enums import SummaryReportType
from domain.qbxml.refs import DateRange


def reader(store: InMemoryEventStore) -> LedgerReader:
    return LedgerReader(store, mirror=None, overlap=timedelta(minutes=15))  # type: ignore[arg-type]


async def test_a_reader_sees_what_another_process_appended_after_it_last_looked():
    store = InMemoryEventStore()
    here, elsewhere = reader(store), reader(store)
    assert await here.has_work("c1") is WorkState.NONE
    await elsewhere.request_sync("c1", "test", since=date(2027, 1, 1))
    assert await here.has_work("c1") is WorkState.READY
    january = DateRange(date(2027, 1, 1), date(2027, 1, 31))
    await elsewhere.request_report("c1", "test", SummaryReportType.TRIAL_BALANCE, january)
    whole = fold([e.event for e in await store.read_stream(ledger_stream("c1"))])
    assert await here.state("c1") == whole
    assert len(whole.reports) == 1 and whole.sync is not None


async def test_connections_are_folded_apart():
    store = InMemoryEventStore()
    ledger = reader(store)
    await ledger.request_sync("c1", "test")
    assert await ledger.has_work("c1") is WorkState.READY
    assert await ledger.has_work("c2") is WorkState.NONE
