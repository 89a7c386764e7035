"""The Web Connector's PostgreSQL adapters: sessions, login throttling, cost models and
the ledger mirror."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from adapters.postgres.ledger import LedgerMirror
from adapters.postgres.qbwc_logins import CostModels, LoginThrottle
from adapters.postgres.qbwc_sessions import NewSession, QbwcSessionStore, SessionTaken
from domain.envelope import Metadata
from domain.errors import ConcurrencyError
from domain.events import WebConnectorProgressReported, WebConnectorSessionStarted
from domain.qbwc.budget import CostModel
from domain.qbwc.session import evolve
from domain.qbxml.responses import RefValue, TransactionRet
from domain.qbxml.timestamps import QbTimestamp

NOW = datetime(2027, 7, 15, 14, 0, tzinfo=UTC)


def new(session_id: str, connection_id: str = "c1") -> NewSession:
    return NewSession(
        session_id=session_id,
        ticket_hash=session_id.encode(),
        connection_id=connection_id,
        tenant_id="t",
        now=NOW,
        expires_at=NOW + timedelta(minutes=10),
        hard_expires_at=NOW + timedelta(hours=1),
    )


def started(session_id: str) -> WebConnectorSessionStarted:
    return WebConnectorSessionStarted(
        session_id=session_id,
        connection_id="c1",
        username="u",
        client_address=None,
        client_version=None,
        started_at=NOW,
    )


async def test_a_session_is_saved_with_its_events_and_moves_only_forward(pool):
    sessions = QbwcSessionStore(pool)
    await sessions.create(new("s1"), evolve(None, started("s1")), [started("s1")], Metadata())
    stored = await sessions.by_ticket(b"s1")
    progress = WebConnectorProgressReported(session_id="s1", message_no=1, percent=33, work="ready")
    later = NOW + timedelta(minutes=5)

    saved = await sessions.save(
        stored,
        evolve(stored.state, progress),
        [progress],
        Metadata(),
        now=later,
        expires_at=later + timedelta(minutes=10),
    )

    assert saved.version == 2 and (await sessions.by_ticket(b"s1")).state.percent == 33
    assert (await sessions.by_ticket(b"s1")).expires_at == later + timedelta(minutes=10)
    with pytest.raises(ConcurrencyError):  # a second process acting on the old snapshot
        await sessions.save(
            stored, stored.state, [progress], Metadata(), now=later, expires_at=later
        )


async def test_the_idle_expiry_never_passes_the_hard_expiry(pool):
    sessions = QbwcSessionStore(pool)
    await sessions.create(new("s1"), evolve(None, started("s1")), [started("s1")], Metadata())
    stored = await sessions.by_ticket(b"s1")
    progress = WebConnectorProgressReported(session_id="s1", message_no=1, percent=5, work="ready")
    far = NOW + timedelta(days=2)
    saved = await sessions.save(
        stored, stored.state, [progress], Metadata(), now=NOW, expires_at=far
    )
    assert saved.expires_at == NOW + timedelta(hours=1) and saved.expired(NOW + timedelta(hours=1))


async def test_one_live_session_per_connection(pool):
    sessions = QbwcSessionStore(pool)
    await sessions.create(new("s1"), evolve(None, started("s1")), [started("s1")], Metadata())
    with pytest.raises(SessionTaken):
        await sessions.create(new("s2"), evolve(None, started("s2")), [started("s2")], Metadata())
    assert [s.session_id for s in await sessions.live("c1")] == ["s1"]


async def test_logins_lock_after_repeated_failures_for_longer_each_time(pool):
    throttle = LoginThrottle(
        pool,
        max_failures=3,
        base=timedelta(seconds=10),
        cap=timedelta(minutes=5),
        window=timedelta(hours=1),
    )
    keys = ["user:u", "address:10.0.0.1"]
    for _ in range(2):
        assert (await throttle.failed(keys, NOW)).locked_until is None
    assert (await throttle.failed(keys, NOW)).locked_until == NOW + timedelta(seconds=10)
    assert await throttle.locked_until(["user:u"], NOW + timedelta(seconds=5))
    assert not await throttle.locked_until(["user:u"], NOW + timedelta(seconds=11))
    assert (await throttle.failed(keys, NOW)).locked_until == NOW + timedelta(seconds=20)
    await throttle.succeeded(keys)
    assert (await throttle.failed(keys, NOW)).failures == 1


async def test_old_failures_are_forgotten(pool):
    throttle = LoginThrottle(
        pool,
        max_failures=2,
        base=timedelta(seconds=10),
        cap=timedelta(minutes=5),
        window=timedelta(minutes=30),
    )
    await throttle.failed(["user:u"], NOW)
    assert (await throttle.failed(["user:u"], NOW + timedelta(hours=1))).failures == 1


async def test_cost_models_are_kept_per_connection(pool):
    costs = CostModels(pool)
    assert await costs.get("c1") == CostModel()
    learned = CostModel().observed(units=100, seconds=2)
    await costs.save("c1", learned, NOW)
    assert await costs.get("c1") == learned and await costs.get("c2") == CostModel()


def row(
    txn: str, line: str, modified: str, amount: str = "10.00", account: str = "Rent"
) -> TransactionRet:
    return TransactionRet(
        txn_type="JournalEntry",
        txn_id=txn,
        txn_line_id=line,
        time_created=None,
        time_modified=QbTimestamp.parse(modified),
        entity=None,
        account=RefValue("80000001", account),
        txn_date=date(2027, 1, 31),
        ref_number="PL-1",
        amount=Decimal(amount),
        memo=None,
    )


V1, V2 = "2027-07-15T10:00:00-05:00", "2027-07-15T11:00:00-05:00"


async def test_the_mirror_counts_only_new_or_changed_rows(pool):
    mirror = LedgerMirror(pool)
    page = [row("T1", "L1", V1), row("T1", "L2", V1, "-10.00"), row("T1", "L1", V1)]
    assert await mirror.upsert("c1", "sync1", page) == 2  # the in-page duplicate dropped
    assert await mirror.upsert("c1", "sync2", page) == 0  # the overlap window re-read
    assert [line.amount for line in await mirror.lines("c1")] == [
        Decimal("10.00"),
        Decimal("-10.00"),
    ]


async def test_class_reads_label_lines_and_a_new_version_clears_the_label(pool):
    mirror = LedgerMirror(pool)
    await mirror.upsert("c1", "s", [row("T1", "L1", V1), row("T1", "L2", V1)])
    assert await mirror.upsert("c1", "s", [row("T1", "L1", V1)], class_name="East") == 1
    await mirror.upsert("c1", "s", [row("T1", "L1", V1), row("T1", "L2", V1)])  # same version
    assert [line.class_name for line in await mirror.lines("c1")] == ["East", None]
    await mirror.upsert("c1", "s", [row("T1", "L1", V2, "12.00")])  # edited: L2 is gone
    lines = {line.txn_line_id: line for line in await mirror.lines("c1")}
    assert (lines["L1"].class_name, lines["L1"].amount, lines["L1"].deleted) == (
        None,
        Decimal("12.00"),
        False,
    )
    assert lines["L2"].deleted


async def test_deleted_transactions_are_flagged_not_removed(pool):
    mirror = LedgerMirror(pool)
    await mirror.upsert("c1", "s", [row("T1", "L1", V1), row("T2", "L1", V1)])
    assert await mirror.mark_deleted("c1", ["T1", "T9"]) == 1
    assert [(line.txn_id, line.deleted) for line in await mirror.lines("c1")] == [
        ("T1", True),
        ("T2", False),
    ]
