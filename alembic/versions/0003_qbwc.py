"""Web Connector sessions, login throttling, learned cost models, and the ledger mirror.

Revision ID: 0003
Revises: 0002
"""

from adapters.postgres.migrations import execute_script

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE = """
-- One row per Web Connector session. The ticket is kept only as a SHA-256 (tickets are
-- 256-bit random values). `state` is a snapshot of the fold of the session's event
-- stream at `version`; both are written in one transaction, so any API process behind a
-- load balancer can serve the next call.
CREATE TABLE qbwc_sessions (
    session_id      text PRIMARY KEY,
    ticket_hash     bytea NOT NULL UNIQUE,
    connection_id   text NOT NULL,
    tenant_id       text NOT NULL,
    state           jsonb NOT NULL,
    version         integer NOT NULL,
    created_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,   -- idle expiry, moved forward by every call
    hard_expires_at timestamptz NOT NULL,   -- absolute end of the ticket's life
    ended_at        timestamptz
);
-- At most one live session per company file.
CREATE UNIQUE INDEX qbwc_sessions_live ON qbwc_sessions (connection_id) WHERE ended_at IS NULL;
CREATE INDEX qbwc_sessions_recent ON qbwc_sessions (connection_id, last_seen_at DESC);

-- Failed logins per user name and per client address, for backoff and lockout.
CREATE TABLE qbwc_login_failures (
    key             text PRIMARY KEY,       -- 'user:<lower-case name>' / 'address:<ip>'
    failures        integer NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz
);

-- What a Web Connector told us before it had a ticket: clientVersion comes before
-- authenticate, so the version is remembered per address and matched at authenticate.
CREATE TABLE qbwc_clients (
    address            text PRIMARY KEY,
    client_version     text,
    version_seen_at    timestamptz,
    connection_id      text,
    connection_seen_at timestamptz
);

-- The learned QuickBooks cost model of each connection (domain/qbwc/budget.py).
CREATE TABLE qbwc_cost_models (
    connection_id text PRIMARY KEY,
    model         jsonb NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- The ledger mirror: one row per posted transaction line read from QuickBooks.
-- time_modified is the row's version exactly as QuickBooks wrote it (TransactionRet has
-- no EditSequence); class_name is set by the per-class reads, NULL when unclassified.
CREATE TABLE ledger_lines (
    connection_id   text NOT NULL,
    txn_id          text NOT NULL,
    txn_line_id     text NOT NULL,
    txn_type        text NOT NULL,
    txn_date        date,
    ref_number      text,
    account_list_id text,
    account         text,
    class_name      text,
    amount          numeric(16, 2),
    memo            text,
    edit_sequence   text,
    time_modified   text NOT NULL,
    deleted         boolean NOT NULL DEFAULT false,
    sync_id         text NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, txn_id, txn_line_id)
);
CREATE INDEX ledger_lines_period ON ledger_lines (connection_id, txn_date) WHERE NOT deleted;
"""

DOWNGRADE = """
DROP TABLE ledger_lines;
DROP TABLE qbwc_cost_models;
DROP TABLE qbwc_clients;
DROP TABLE qbwc_login_failures;
DROP TABLE qbwc_sessions;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
