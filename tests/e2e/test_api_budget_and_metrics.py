"""Budget vs actual (JSON, CSV, filters) and the Prometheus endpoint."""

from __future__ import annotations

import asyncio
import csv
import io

import aiohttp
import pytest

from app import metrics
from domain.access import Scope
from tests.support.ops import Api, History, Worker, new_connection, project
from tests.support.server import free_port


@pytest.fixture
async def books(service):
    cid = await new_connection(service.container, "acme", "books")
    history = History(service.container)
    await history.plan_run(cid, "acme")
    await history.actuals(cid, "acme", "2027-01", "120.00")
    await project(service.container)
    return cid


async def test_plan_posted_actual_and_variance_per_month_account_and_class(api, books):
    rows = (await (await api(Scope.READ, "acme")).get("/budget-vs-actual")).body
    keys = ("period", "account", "class_name", "plan_amount", "posted_amount")
    keys += ("actual_amount", "variance", "sync_status")
    assert [tuple(r[k] for k in keys) for r in rows] == [
        ("2027-01", "Rent", "East", "100.00", "100.00", "120.00", "20.00", "posted"),
        ("2027-02", "Old Expense", "East", "50.00", "0", "0", "-50.00", "failed"),
    ]
    assert {r["connection_id"] for r in rows} == {books} and rows[0]["version"] == "Budget"


@pytest.mark.parametrize(
    ("query", "periods"),
    [
        ("from=2027-02", ["2027-02"]),
        ("to=Jan 27", ["2027-01"]),
        ("from=Jan 2027&to=2027-02", ["2027-01", "2027-02"]),
        ("account=Rent", ["2027-01"]),
        ("class=East", ["2027-01", "2027-02"]),
        ("class=West", []),
        ("version=Forecast", []),
        ("version=Budget&account=Old Expense", ["2027-02"]),
    ],
)
async def test_filters(api, books, query, periods):
    reader = await api(Scope.READ, "acme")
    rows = (await reader.get(f"/budget-vs-actual?connection_id={books}&{query}")).body
    assert [r["period"] for r in rows] == periods


async def test_csv_by_parameter_or_accept_header(api, books):
    reader = await api(Scope.READ, "acme")
    by_param = await reader.get("/budget-vs-actual?format=csv")
    by_header = await reader.get("/budget-vs-actual", headers={"Accept": "text/csv"})
    assert by_param.headers["Content-Type"].startswith("text/csv")
    assert by_param.body == by_header.body
    rows = list(csv.DictReader(io.StringIO(by_param.body)))
    assert rows[0]["variance"] == "20.00" and rows[1]["sync_status"] == "failed"
    assert rows[0]["connection_id"] == books


async def test_bad_ranges_tenants_and_tokens(api, service, books):
    reader = await api(Scope.READ, "acme")
    assert (await reader.get("/budget-vs-actual?from=2027-03&to=2027-01")).status == 422
    assert (await reader.get("/budget-vs-actual?from=someday")).status == 422
    assert (await (await api(Scope.READ, "globex")).get("/budget-vs-actual")).body == []
    assert (await Api(service.url, None).get("/budget-vs-actual")).status == 401


async def test_metrics_count_requests_and_report_parked_streams_and_lag(api, service):
    cid = await new_connection(service.container, "acme", "books")
    await History(service.container).plan_run(cid, "acme")
    worker = Worker(service.container)
    worker.reactor.broken = "company file closed"
    await worker.step()
    platform = await api(Scope.READ, None)
    await platform.get("/syncs")
    reply = await platform.get("/metrics")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/plain")
    samples = dict(
        line.rsplit(" ", 1) for line in reply.body.splitlines() if not line.startswith("#")
    )
    assert float(samples['mlc_http_requests_total{method="GET",route="/syncs",status="200"}']) >= 1
    assert samples['mlc_streams{consumer="test-poster",state="parked"}'] == "3.0"
    assert samples['mlc_streams{consumer="test-poster",state="waiting"}'] == "0.0"
    assert samples['mlc_subscription_events_behind{subscription="journal_entries"}'] == "0.0"
    assert 'mlc_http_request_duration_seconds_count{method="GET",route="/syncs"}' in samples


async def test_metrics_need_a_platform_token(api, service):
    assert (await Api(service.url, None).get("/metrics")).status == 401
    assert (await (await api(Scope.ADMIN, "acme")).get("/metrics")).status == 403


async def test_a_worker_serves_its_own_metrics():
    port = free_port()
    server = metrics.serve(port, "127.0.0.1")
    try:
        metrics.anaplan_request(200)
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/metrics") as answer,
        ):
            body = await answer.text()
    finally:
        await asyncio.to_thread(server.shutdown)
        server.server_close()
    assert 'mlc_anaplan_requests_total{status="200"}' in body
