"""Builds the Web Connector service from the container (one per API process)."""

from __future__ import annotations

from datetime import timedelta

from adapters.postgres.blobs import BlobStore
from adapters.postgres.qbwc_logins import CostModels, LoginThrottle, QbwcClients
from adapters.postgres.qbwc_sessions import QbwcSessionStore
from app.bootstrap import Container
from app.qbwc.exchange import Exchange, Limits
from app.qbwc.login import Logins
from app.qbwc.service import QbwcParts, QbwcService
from app.qbwc.sessions import Lifetimes, Sessions

LOCKOUT_CAP = timedelta(hours=1)
FAILURE_WINDOW = timedelta(hours=1)


def qbwc_service(c: Container) -> QbwcService:
    s = c.settings
    pool = c.pool
    lifetimes = Lifetimes(
        idle=timedelta(seconds=s.qbwc_ticket_idle_seconds),
        maximum=timedelta(seconds=s.qbwc_session_max_seconds),
    )
    sessions = Sessions(QbwcSessionStore(pool, on_append=c.channel.poke), c.connections, lifetimes)
    throttle = LoginThrottle(
        pool,
        max_failures=s.qbwc_login_max_failures,
        base=timedelta(seconds=s.qbwc_lockout_seconds),
        cap=LOCKOUT_CAP,
        window=FAILURE_WINDOW,
    )
    blobs = BlobStore(pool)
    limits = Limits(
        target_seconds=s.qbwc_message_target_seconds,
        max_requests=s.qbwc_max_requests_per_message,
        max_page_rows=s.qbwc_max_page_rows,
        max_messages=s.qbwc_max_messages_per_session,
        noop_seconds=s.qbwc_noop_limit_seconds,
        max_response_bytes=s.qbwc_max_body_bytes,
    )
    return QbwcService(
        QbwcParts(
            sessions=sessions,
            exchange=Exchange(sessions, blobs, CostModels(pool), limits),
            logins=Logins(c.store, c.connections, c.credentials, throttle),
            clients=QbwcClients(pool),
            blobs=blobs,
            sources=c.work_sources,
            clock=lambda: c.clock(),
            recommended_client_version=s.qbwc_recommended_client_version,
        )
    )
