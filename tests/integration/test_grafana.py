"""Every Grafana panel's SQL runs, as the SELECT-only role, and returns the columns it plots.

The database holds a realistic history: a plan run (one entry posted, one blocked), actuals,
a stuck stream, and Web Connector and Anaplan events shaped as the qbwc and anaplan branches
record them (type names and fields copied from their domain/events.py).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import asyncpg
import prometheus_client
import pytest

from app import metrics  # noqa: F401  (registers the metrics the Prometheus panels use)
from app.bootstrap import container
from tests.support.grafana import DASHBOARDS, dashboards, expand
from tests.support.ops import History, Worker, new_connection
from tests.support.server import service_settings

EXPECTED = {
    ("mlc-operations", "Events per minute by type"): ["time", "metric", "events"],
    ("mlc-operations", "Sync run duration"): ["time", "metric", "duration_seconds"],
    ("mlc-operations", "Sync runs"): [
        "requested_at",
        "connection_name",
        "kind",
        "status",
        "duration_seconds",
        "entries_pending",
        "entries_posted",
        "entries_failed",
        "detail",
    ],
    ("mlc-operations", "Stuck streams"): ["streams"],
    ("mlc-operations", "Oldest stuck stream"): ["age_seconds"],
    ("mlc-operations", "Stuck and failing streams"): [
        "stream_id",
        "consumer",
        "state",
        "attempts",
        "age_seconds",
        "last_error",
    ],
    ("mlc-operations", "Consumer lag per subscription"): ["subscription", "seconds_behind"],
    ("mlc-operations", "Worker backlog per consumer"): [
        "consumer",
        "streams_waiting",
        "streams_stuck",
        "oldest_waiting_seconds",
    ],
    ("mlc-operations", "Subscriptions"): [
        "subscription",
        "position",
        "head_position",
        "events_behind",
        "seconds_behind",
        "attempts",
        "last_error",
    ],
    ("mlc-qbwc", "Web Connector cycles by outcome"): ["time", "metric", "cycles"],
    ("mlc-qbwc", "Failed Web Connector logins"): ["time", "metric", "logins"],
    ("mlc-qbwc", "qbXML status codes"): ["time", "metric", "responses"],
    ("mlc-qbwc", "qbXML errors and warnings"): [
        "status_code",
        "severity",
        "request_kind",
        "responses",
        "example",
    ],
    ("mlc-qbwc", "QuickBooks time per message"): ["time", "avg_seconds", "max_seconds"],
    ("mlc-qbwc", "Failed qbXML messages"): [
        "recorded_at",
        "connection_id",
        "session_id",
        "message_no",
        "hresult",
        "error",
    ],
    ("mlc-qbwc", "Recent cycles"): [
        "started_at",
        "connection_id",
        "outcome",
        "duration_seconds",
        "messages",
        "detail",
    ],
    ("mlc-anaplan", "Anaplan requests by kind"): ["time", "metric", "requests"],
    ("mlc-anaplan", "Requests given up, by HTTP status"): ["time", "metric", "requests"],
    ("mlc-anaplan", "Rate-limited requests given up (429)"): ["requests"],
    ("mlc-anaplan", "Failed tasks"): ["tasks"],
    ("mlc-anaplan", "Task durations"): ["time", "metric", "duration_seconds"],
    ("mlc-anaplan", "Tasks"): [
        "ended_at",
        "connection_id",
        "action_kind",
        "action_id",
        "task_id",
        "result",
        "duration_seconds",
        "polls",
        "reason",
    ],
    ("mlc-budget", "Plan vs actual by period"): ["time", "plan", "posted", "actual"],
    ("mlc-budget", "Plan lines not posted"): ["lines"],
    ("mlc-budget", "Variance by period"): ["time", "variance"],
    ("mlc-budget", "Budget vs actual by account and class"): [
        "connection_name",
        "version",
        "period",
        "account",
        "class_name",
        "plan_amount",
        "posted_amount",
        "actual_amount",
        "variance",
        "sync_status",
    ],
}
SQL_DASHBOARDS = [d for d in dashboards() if d["uid"] != "mlc-metrics"]
PANELS = [(d["uid"], p) for d in SQL_DASHBOARDS for p in d["panels"]]


def raw_events(cid: str) -> list[tuple[str, str, dict, dict]]:
    """(stream, type, data, metadata) as the Web Connector and Anaplan code records them."""
    meta = {"tenant_id": "acme", "connection_id": cid, "correlation_id": "s1"}
    at = datetime.now(UTC).isoformat()
    ok = {"request_id": "r1", "kind": "JournalEntryQuery", "status_code": 0}
    stale = {"request_id": "r2", "kind": "JournalEntryMod", "status_code": 3200}
    session = {"session_id": "s1", "connection_id": cid}
    task = {"workspace_id": "w", "model_id": "m", "action_kind": "exports", "action_id": "116"}
    return [
        ("qbwc-session-s1", "WebConnectorSessionStarted", {**session, "username": "books",
            "client_address": "10.0.0.5", "client_version": "2.3.0.215", "started_at": at}, meta),
        ("qbwc-session-s1", "QbxmlMessageReceived", {**session, "message_no": 1,
            "body_sha256": "a" * 64, "responses": [
                {**ok, "severity": "Info", "message": "Status OK"},
                {**stale, "severity": "Error", "message": "The edit sequence is out-of-date."},
            ], "missing": [], "elapsed_seconds": 1.5, "received_at": at}, meta),
        ("qbwc-session-s1", "QbxmlMessageFailed", {**session, "message_no": 2,
            "hresult": "0x80040400", "message": "QuickBooks found an error", "error": "x",
            "body_sha256": None, "elapsed_seconds": 0.2, "received_at": at}, meta),
        ("qbwc-session-s1", "WebConnectorSessionEnded", {**session, "reason": "closed",
            "summary": "2 messages", "ended_at": at}, meta),
        ("qbwc-session-s2", "WebConnectorSessionStarted", {"session_id": "s2",
            "connection_id": cid, "username": "books", "client_address": None,
            "client_version": None, "started_at": at}, meta),
        ("qbwc-session-s2", "WebConnectorSessionRefused", {"session_id": "s2",
            "connection_id": cid, "reason": "wrong company file"}, meta),
        ("qbwc-login-books", "WebConnectorLoginFailed", {"username": "books",
            "client_address": "10.0.0.9", "reason": "bad_password", "failures": 3,
            "locked_until": None}, {}),
        ("anaplan-c-r1", "AnaplanTaskStarted", {**task, "task_id": "T1", "created_at": at,
            "recovered": False}, meta),
        ("anaplan-c-r1", "AnaplanTaskCompleted", {**task, "task_id": "T1",
            "failure_dump_available": False, "summary": [], "polls": 4, "duration_ms": 8200},
            meta),
        ("anaplan-c-r1", "AnaplanFileDownloaded", {"workspace_id": "w", "model_id": "m",
            "file_id": "116", "purpose": "export", "task_id": "T1", "size": 9000,
            "sha256": "b" * 64, "chunks": 3, "duration_ms": 900}, meta),
        ("anaplan-c-r1", "AnaplanTaskFailed", {**task, "task_id": "T2", "state": "CANCELLED",
            "reason": "model locked", "failure_dump_available": False, "polls": 2,
            "duration_ms": 3000}, meta),
        ("anaplan-c-r1", "AnaplanFileUploaded", {"workspace_id": "w", "model_id": "m",
            "file_id": "113", "size": 500, "sha256": "c" * 64, "chunks": 1, "sent_bytes": 200,
            "duration_ms": 100}, meta),
        ("anaplan-c-r1", "AnaplanRequestFailed", {"method": "GET", "path": "/workspaces",
            "attempts": 8, "status": 429, "error": "rate limited"}, meta),
    ]  # fmt: skip


async def insert_raw(pool: asyncpg.Pool, events: list[tuple[str, str, dict, dict]]) -> None:
    for stream, event_type, data, meta in events:
        await pool.execute(
            "INSERT INTO events (stream_id, stream_type, version, event_type, schema_version, "
            "data, metadata) SELECT $1, $2, coalesce(max(version), 0) + 1, $3, 1, $4, $5 "
            "FROM events WHERE stream_id = $1",
            stream,
            stream.split("-")[0],
            event_type,
            json.dumps(data),
            json.dumps(meta),
        )


@pytest.fixture(scope="module")
def window() -> tuple[datetime, datetime]:
    now = datetime.now(UTC)
    return now - timedelta(days=800), now + timedelta(days=800)


@pytest.fixture
async def history(db_url):
    async with container(service_settings(db_url)) as c:
        cid = await new_connection(c, "acme", "books")
        run = await History(c).plan_run(cid, "acme")
        await History(c).actuals(cid, "acme", "2027-01", "120.00")
        worker = Worker(c)
        worker.reactor.broken = "company file closed"
        await worker.step()
        await insert_raw(c.pool, raw_events(cid))  # after projecting: no class for them here
        yield c, cid, run


async def as_grafana(pool: asyncpg.Pool, sql: str) -> tuple[list[str], list[asyncpg.Record]]:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SET LOCAL ROLE mlc_grafana")
        statement = await conn.prepare(sql)
        return [a.name for a in statement.get_attributes()], await statement.fetch()


def test_every_panel_has_declared_columns():
    assert {(uid, p["title"]) for uid, p in PANELS} == set(EXPECTED)


@pytest.mark.parametrize("everyone", [True, False], ids=["all connections", "one connection"])
async def test_every_panel_query_runs_as_grafana_and_returns_its_columns(history, window, everyone):
    c, cid, _ = history
    variables = {
        "connection": "'__all'" if everyone else f"'{cid}'",
        "version": "'__all'" if everyone else "'Budget'",
    }
    for uid, panel in PANELS:
        for target in panel["targets"]:
            sql = expand(target["rawSql"], *window, variables)
            columns, rows = await as_grafana(c.pool, sql)
            assert columns == EXPECTED[(uid, panel["title"])], panel["title"]
            assert rows, f"{panel['title']} returned nothing on a full history"
            if target["format"] == "time_series":
                assert columns[0] == "time"


async def test_time_series_are_filtered_by_the_time_range(history):
    c, _, _ = history
    long_ago = datetime(2001, 1, 1, tzinfo=UTC)
    for uid, panel in PANELS:
        sql = panel["targets"][0]["rawSql"]
        if "$__timeFilter" in sql and panel["targets"][0]["format"] == "time_series":
            expanded = expand(
                sql,
                long_ago,
                long_ago + timedelta(hours=1),
                {"connection": "'__all'", "version": "'__all'"},
            )
            assert (await as_grafana(c.pool, expanded))[1] == [], (uid, panel["title"])


async def test_template_variables_return_values_and_texts(history):
    c, cid, _ = history
    for dashboard in SQL_DASHBOARDS:
        for variable in dashboard["templating"]["list"]:
            columns, rows = await as_grafana(c.pool, variable["query"])
            assert rows, variable["name"]
            if variable["name"] == "connection":
                assert columns == ["__value", "__text"]
                assert [tuple(r) for r in rows] == [(cid, "Demo firm")]
            else:
                assert [r["version"] for r in rows] == ["Budget"]


@pytest.mark.parametrize("table", ["events", "credentials", "connections", "api_tokens"])
async def test_the_grafana_role_cannot_read_the_tables(pool, table):
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await as_grafana(pool, f"SELECT * FROM {table}")


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM grafana.connections",
        "UPDATE grafana.event_log SET event_type = 'x'",
        "CREATE VIEW grafana.mine AS SELECT 1",
    ],
)
async def test_the_grafana_role_cannot_change_anything(pool, statement):
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await as_grafana(pool, statement)


async def test_the_grafana_role_cannot_log_in(pool):
    login = "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'mlc_grafana'"
    assert await pool.fetchval(login) is False


def test_prometheus_panels_use_only_exported_metrics():
    names = set()
    for family in prometheus_client.REGISTRY.collect():
        names |= {sample_name for sample_name in _sample_names(family)}
    [dashboard] = [d for d in dashboards() if d["uid"] == "mlc-metrics"]
    for panel in dashboard["panels"]:
        used = set(re.findall(r"\bmlc_[a-z_]+", panel["targets"][0]["expr"]))
        assert used and used <= names, (panel["title"], used - names)


def _sample_names(family) -> set[str]:
    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"]}
    return {family.name + s for s in suffixes.get(family.type, [""])}


def test_provisioning_points_the_dashboards_at_the_provisioned_data_source():
    provisioning = DASHBOARDS.parent / "provisioning"
    datasource = (provisioning / "datasources" / "mlc-postgres.yaml").read_text()
    [uid] = re.findall(r"^\s+uid: (\S+)$", datasource, re.MULTILINE)
    for dashboard_uid, panel in PANELS:
        assert panel["datasource"]["uid"] == uid, (dashboard_uid, panel["title"])
    providers = (provisioning / "dashboards" / "mlc.yaml").read_text()
    assert "type: file" in providers and "ml-connector" in providers
