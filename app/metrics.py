"""Prometheus metrics: what this process counts, and gauges read from the database.

Counters and histograms live in the process that does the work and are exposed by that
process: the service at `GET /metrics`, a worker on `MLC_METRICS_PORT` when set. Gauges
about streams and subscriptions describe the shared database, so any one process reports
them for all (they are refreshed at scrape time by the service).

Label values are closed sets (enums, status codes, route templates), never ids, so the
number of series stays small whatever the number of connections.
"""

from __future__ import annotations

from enum import StrEnum
from wsgiref.simple_server import WSGIServer

import asyncpg
import prometheus_client
from prometheus_client import Counter, Gauge, Histogram

from adapters.postgres.sql import query

_Q = "operations.sql"

# --- HTTP (the service) --------------------------------------------------------------------

HTTP_REQUESTS = Counter(
    "mlc_http_requests",
    "HTTP requests served, by method, route template and status code.",
    ["method", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "mlc_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# --- QuickBooks Web Connector (the SOAP service) -------------------------------------------


class CycleOutcome(StrEnum):
    """How a Web Connector session (authenticate ... closeConnection) ended; the first four
    are the reasons WebConnectorSessionEnded records."""

    CLOSED = "closed"  # closeConnection after the exchange
    CONNECTION_ERROR = "connection_error"  # QuickBooks could not open the company file
    EXPIRED = "expired"  # the Web Connector stopped calling and the ticket timed out
    SUPERSEDED = "superseded"  # a newer session of the same connection replaced it
    NO_WORK = "no_work"  # authenticate answered that there was nothing to do
    REFUSED = "refused"  # wrong company file, disabled connection
    LOGIN_FAILED = "login_failed"  # unknown user, bad password, locked out


QBWC_CYCLES = Counter(
    "mlc_qbwc_cycles",
    "Web Connector sessions, by outcome (see app.metrics.CycleOutcome).",
    ["outcome"],
)
QBWC_CALLS = Counter(
    "mlc_qbwc_calls",
    "SOAP calls from Web Connectors, by method (authenticate, sendRequestXML...).",
    ["method"],
)
QBXML_STATUSES = Counter(
    "mlc_qbxml_responses",
    "qbXML responses QuickBooks returned, by statusCode (0 ok, 1 no match, 3200 stale...).",
    ["status_code"],
)

# --- Anaplan (the workers) -----------------------------------------------------------------

ANAPLAN_REQUESTS = Counter(
    "mlc_anaplan_requests",
    "HTTP requests to Anaplan, by response status code (429 = rate limited).",
    ["status"],
)
ANAPLAN_TASK_SECONDS = Histogram(
    "mlc_anaplan_task_duration_seconds",
    "From starting an Anaplan action to its task's end, by action kind and result.",
    ["kind", "result"],
    buckets=(1, 2, 5, 10, 30, 60, 120, 300, 600, 1800),
)

# --- Operators -----------------------------------------------------------------------------

OPERATOR_ACTIONS = Counter(
    "mlc_operator_actions",
    "Retries, re-drives and rebuilds requested by operators, by action.",
    ["action"],
)

# --- The shared database, read at scrape time ----------------------------------------------

STREAMS = Gauge(
    "mlc_streams",
    "Streams with work per consumer, by state: waiting, retrying (failing, backing off) "
    "and parked (stuck until an operator retries).",
    ["consumer", "state"],
)
OLDEST_WAITING_SECONDS = Gauge(
    "mlc_stream_oldest_waiting_seconds",
    "Age of the oldest event a consumer has not handled yet (worker lag).",
    ["consumer"],
)
SUBSCRIPTION_EVENTS_BEHIND = Gauge(
    "mlc_subscription_events_behind",
    "Log positions between a projection's (or dispatcher's) checkpoint and the head.",
    ["subscription"],
)
SUBSCRIPTION_SECONDS_BEHIND = Gauge(
    "mlc_subscription_seconds_behind",
    "Age of the oldest event a projection (or dispatcher) has not applied yet.",
    ["subscription"],
)


def qbwc_cycle(outcome: CycleOutcome) -> None:
    QBWC_CYCLES.labels(outcome.value).inc()


def qbwc_call(method: str) -> None:
    """method: the SOAP operation (serverVersion, authenticate, sendRequestXML...)."""
    QBWC_CALLS.labels(method).inc()


def qbxml_status(status_code: int) -> None:
    QBXML_STATUSES.labels(str(status_code)).inc()


def anaplan_request(status: int) -> None:
    ANAPLAN_REQUESTS.labels(str(status)).inc()


def anaplan_task(kind: str, result: str, seconds: float) -> None:
    """kind: export | import | process | delete; result: the task's final state."""
    ANAPLAN_TASK_SECONDS.labels(kind, result).observe(seconds)


async def refresh(pool: asyncpg.Pool) -> None:
    """Set the database gauges from the current state (called before each scrape)."""
    async with pool.acquire() as conn:
        streams = await conn.fetch(query(_Q, "metrics_streams"))
        lag = await conn.fetch(query(_Q, "subscription_lag"))
    for gauge in (STREAMS, OLDEST_WAITING_SECONDS, SUBSCRIPTION_EVENTS_BEHIND):
        gauge.clear()
    SUBSCRIPTION_SECONDS_BEHIND.clear()
    for row in streams:
        for state in ("waiting", "retrying", "parked"):
            STREAMS.labels(row["consumer"], state).set(row[state])
        OLDEST_WAITING_SECONDS.labels(row["consumer"]).set(row["oldest_waiting_seconds"])
    for row in lag:
        SUBSCRIPTION_EVENTS_BEHIND.labels(row["subscription"]).set(row["events_behind"])
        SUBSCRIPTION_SECONDS_BEHIND.labels(row["subscription"]).set(row["seconds_behind"])


def exposition() -> tuple[bytes, str]:
    return prometheus_client.generate_latest(), prometheus_client.CONTENT_TYPE_LATEST


def serve(port: int, host: str) -> WSGIServer:
    """A worker's own metrics endpoint (workers serve no HTTP otherwise), in a thread."""
    server, _ = prometheus_client.start_http_server(port, addr=host)
    return server
