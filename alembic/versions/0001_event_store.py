"""Event store: the append-only log, subscription checkpoints, stream cursors, blobs.

Revision ID: 0001
Revises:
"""

from adapters.postgres.migrations import execute_script

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE events (
    position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The id of the appending transaction. Readers tailing the log order by (tx_id, position)
    -- and only read below the oldest in-flight transaction (see queries.sql, read_all).
    tx_id          bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    stream_id      text NOT NULL,
    stream_type    text NOT NULL,
    version        integer NOT NULL CHECK (version > 0),
    event_type     text NOT NULL,
    schema_version integer NOT NULL CHECK (schema_version > 0),
    data           jsonb NOT NULL,
    metadata       jsonb NOT NULL DEFAULT '{}',
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);
CREATE INDEX events_commit_order ON events (tx_id, position);
-- Every index is paid for on each append; these two are the ones the operator surfaces need.
-- BRIN suits an append-only table whose physical order follows recorded_at, at almost no cost.
CREATE INDEX events_recorded_at ON events USING brin (recorded_at);
CREATE INDEX events_correlation ON events ((metadata->>'correlation_id'));

-- The log is append-only, enforced here and not by convention: no role, the owner included,
-- can update, delete or truncate an event.
CREATE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

-- Where each subscription (projection or dispatcher) is in the log. A failing subscription
-- backs off here instead of spinning.
CREATE TABLE subscription_checkpoints (
    name            text PRIMARY KEY,
    tx_id           bigint NOT NULL DEFAULT 0,
    position        bigint NOT NULL DEFAULT 0,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per (consumer, stream): how far a worker has handled the stream, and whether it is
-- parked after repeated failures. Claims are session advisory locks, not columns, so a
-- crashed worker's claims vanish with its connection.
CREATE TABLE stream_cursors (
    consumer        text NOT NULL,
    stream_id       text NOT NULL,
    stream_type     text NOT NULL,
    tenant_id       text,
    connection_id   text,
    head_version    integer NOT NULL,
    handled_version integer NOT NULL DEFAULT 0,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'parked')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    last_error      text,
    first_seen_at   timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, stream_id)
);
CREATE INDEX stream_cursors_due ON stream_cursors (consumer, next_attempt_at)
    WHERE status = 'active' AND head_version > handled_version;
CREATE INDEX stream_cursors_parked ON stream_cursors (status, connection_id)
    WHERE status = 'parked';

-- Immutable content-addressed payloads (exported plan files, qbXML messages) that events
-- reference by sha256, so replay never has to call Anaplan or QuickBooks again. Stored in
-- chunks so a large export streams in and out with flat memory.
CREATE TABLE blobs (
    sha256     text PRIMARY KEY CHECK (length(sha256) = 64),
    media_type text NOT NULL,
    size       bigint NOT NULL,
    chunks     integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE blob_chunks (
    blob_key text NOT NULL,   -- the sha256 once complete; a 'pending:' key while streaming in
    seq      integer NOT NULL,
    content  bytea NOT NULL,
    PRIMARY KEY (blob_key, seq)
);
"""

DOWNGRADE = """
DROP TABLE blob_chunks;
DROP TABLE blobs;
DROP TABLE stream_cursors;
DROP TABLE subscription_checkpoints;
DROP TABLE events;
DROP FUNCTION events_reject_change();
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
