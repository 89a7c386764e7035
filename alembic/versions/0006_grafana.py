"""Operator surfaces: stream states, run progress, lag, audit indexes, and Grafana's views.

Grafana reads through the role `mlc_grafana`, which is NOLOGIN and may SELECT the views of
the `grafana` schema and nothing else (not the event payloads, not the credentials). A
login for Grafana is a member of it, created by whoever administers the database, so no
password ever passes through a migration:

    CREATE ROLE grafana_reader LOGIN PASSWORD '...' IN ROLE mlc_grafana;

Roles belong to the whole PostgreSQL cluster: the role is created if missing, and the
downgrade keeps it while another database still grants it something.

Revision ID: 0006
Revises: 0005
"""

from adapters.postgres.migrations import execute_script

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UPGRADE = """
-- Audit look-ups: every event about a journal entry or an Anaplan task, whatever its stream.
-- Partial, so only the events that carry the key pay for the index on append.
CREATE INDEX events_entry ON events ((data->>'entry_id')) WHERE (data->>'entry_id') IS NOT NULL;
CREATE INDEX events_task ON events ((data->>'task_id')) WHERE (data->>'task_id') IS NOT NULL;

-- A stream has failed when its own work is done but the business outcome is a failure:
-- a run that could not export or import (until a later run of the same kind supersedes
-- it), a journal entry QuickBooks blocked or rejected.
CREATE VIEW failed_streams AS
SELECT CASE r.kind WHEN 'plan_to_ledger' THEN 'plansync-' ELSE 'actualsync-' END || r.run_id
           AS stream_id,
       CASE r.kind WHEN 'plan_to_ledger' THEN 'plansync' ELSE 'actualsync' END AS stream_type,
       r.tenant_id, r.connection_id, r.detail AS error, r.updated_at AS since
FROM sync_runs r
WHERE r.status = 'failed'
  AND NOT EXISTS (
      SELECT FROM sync_runs later
      WHERE later.connection_id = r.connection_id AND later.kind = r.kind
        AND later.requested_at > r.requested_at
  )
UNION ALL
SELECT s.stream_id, s.stream_type, c.tenant_id, j.connection_id, j.last_error, j.updated_at
FROM journal_entries j
LEFT JOIN connections c USING (connection_id)
CROSS JOIN LATERAL (
    SELECT ev.stream_id, ev.stream_type FROM events ev
    WHERE (ev.data->>'entry_id') = j.entry_id AND ev.data->>'connection_id' = j.connection_id
      AND ev.event_type = 'JournalStaged'
    ORDER BY ev.position DESC LIMIT 1
) s
WHERE j.status IN ('blocked', 'rejected');

-- Every (consumer, stream) a worker has work or history for, with its state for operators:
-- stuck (parked after repeated failures), in_progress (work waiting; attempts > 0 means it
-- is failing and being retried), failed (see above) or completed. `since` is when the
-- state began: the oldest unhandled event for pending work, else the last change.
CREATE VIEW stream_states AS
SELECT coalesce(c.stream_id, f.stream_id) AS stream_id,
       coalesce(c.stream_type, f.stream_type) AS stream_type,
       c.consumer,
       coalesce(c.tenant_id, f.tenant_id) AS tenant_id,
       coalesce(c.connection_id, f.connection_id) AS connection_id,
       CASE
           WHEN c.status = 'parked' THEN 'stuck'
           WHEN c.head_version > c.handled_version THEN 'in_progress'
           WHEN f.stream_id IS NOT NULL THEN 'failed'
           ELSE 'completed'
       END AS state,
       c.handled_version, c.head_version, coalesce(c.attempts, 0) AS attempts,
       coalesce(c.last_error, f.error) AS last_error,
       CASE
           WHEN c.status = 'active' AND c.head_version > c.handled_version
               THEN coalesce(pending.recorded_at, c.updated_at)
           WHEN c.status = 'parked' THEN c.updated_at
           ELSE greatest(c.updated_at, f.since)
       END AS since
FROM stream_cursors c
FULL JOIN failed_streams f ON f.stream_id = c.stream_id
LEFT JOIN events pending
  ON pending.stream_id = c.stream_id AND pending.version = c.handled_version + 1;

-- How far behind the log each subscription (projection or dispatcher) is: the age of the
-- next event it will apply (in commit order, like the runner), and roughly how many.
CREATE VIEW subscription_lag AS
SELECT s.name AS subscription, s.position,
       h.head AS head_position,
       greatest(h.head - s.position, 0) AS events_behind,
       coalesce(extract(epoch FROM now() - n.recorded_at), 0)::float8 AS seconds_behind,
       s.attempts, s.last_error, s.updated_at
FROM subscription_checkpoints s
CROSS JOIN (SELECT coalesce(max(position), 0) AS head FROM events) h
LEFT JOIN LATERAL (
    SELECT recorded_at FROM events
    WHERE (tx_id, position) > (s.tx_id, s.position)
    ORDER BY tx_id, position LIMIT 1
) n ON true;

-- A sync run with the progress of the journal entries it staged. A plan -> ledger run ends
-- when none of its entries is pending any more.
CREATE VIEW sync_run_progress AS
SELECT r.run_id, r.connection_id, r.tenant_id, r.kind, r.status, r.requested_by, r.reason,
       r.first_period, r.last_period, r.detail, r.rows_in, r.rows_out,
       r.rejected AS staging_rejections, r.requested_at, r.updated_at,
       coalesce(j.entries, 0) AS entries,
       coalesce(j.pending, 0) AS entries_pending,
       coalesce(j.posted, 0) AS entries_posted,
       coalesce(j.blocked, 0) AS entries_blocked,
       coalesce(j.rejected, 0) AS entries_rejected,
       coalesce(j.voided, 0) AS entries_voided,
       coalesce(
           r.finished_at,
           CASE WHEN r.status = 'staged' AND coalesce(j.pending, 0) = 0
                THEN greatest(r.updated_at, j.last_update) END
       ) AS ended_at
FROM sync_runs r
LEFT JOIN LATERAL (
    SELECT count(*) AS entries,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status = 'posted') AS posted,
           count(*) FILTER (WHERE status = 'blocked') AS blocked,
           count(*) FILTER (WHERE status = 'rejected') AS rejected,
           count(*) FILTER (WHERE status = 'voided') AS voided,
           max(updated_at) AS last_update
    FROM journal_entries e WHERE e.run_id = r.run_id
) j ON true;

-- Grafana's views: designed for the panels of deploy/grafana/dashboards, and all it may read.
CREATE SCHEMA grafana;

CREATE VIEW grafana.connections AS
SELECT connection_id, tenant_id, name, enabled FROM connections;

-- The log without payloads: what happened, when, where.
CREATE VIEW grafana.event_log AS
SELECT position, recorded_at, event_type, stream_type, stream_id,
       metadata->>'tenant_id' AS tenant_id, metadata->>'connection_id' AS connection_id
FROM events;

CREATE VIEW grafana.sync_runs AS
SELECT p.run_id, p.connection_id, c.name AS connection_name, p.kind, p.status,
       p.requested_at, p.ended_at,
       extract(epoch FROM coalesce(p.ended_at, now()) - p.requested_at)::float8
           AS duration_seconds,
       p.entries, p.entries_pending, p.entries_posted, p.entries_blocked, p.entries_rejected,
       p.staging_rejections, p.rows_in, p.rows_out, p.detail
FROM sync_run_progress p
LEFT JOIN connections c USING (connection_id);

-- Streams that need an operator's eye: stuck, failed, or failing and being retried.
CREATE VIEW grafana.stuck_streams AS
SELECT stream_id, stream_type, consumer, connection_id, state, attempts, last_error, since,
       extract(epoch FROM now() - since)::float8 AS age_seconds
FROM stream_states
WHERE state IN ('stuck', 'failed') OR (state = 'in_progress' AND attempts > 0);

CREATE VIEW grafana.consumer_backlog AS
SELECT consumer,
       count(*) FILTER (WHERE state = 'in_progress') AS streams_waiting,
       count(*) FILTER (WHERE state = 'stuck') AS streams_stuck,
       coalesce(max(extract(epoch FROM now() - since)) FILTER (WHERE state = 'in_progress'), 0)
           ::float8 AS oldest_waiting_seconds
FROM stream_states
WHERE consumer IS NOT NULL
GROUP BY consumer;

CREATE VIEW grafana.subscription_lag AS
SELECT subscription, position, head_position, events_behind, seconds_behind, attempts,
       last_error, updated_at
FROM subscription_lag;

CREATE VIEW grafana.budget_vs_actual AS
SELECT b.connection_id, c.name AS connection_name, b.version, b.period,
       to_date(b.period || '-01', 'YYYY-MM-DD') AS period_start,
       b.account, b.class_name, b.plan_amount, b.posted_amount, b.actual_amount, b.variance,
       b.sync_status
FROM budget_vs_actual b
LEFT JOIN connections c USING (connection_id);

-- Web Connector and Anaplan panels read the event log directly. They assume the events
-- of the qbwc and anaplan branches as named there: a Web Connector session's events share
-- one stream; QbxmlMessageReceived.responses is an array of {request_id, kind, status_code,
-- severity, message}; Anaplan events carry the connection in their metadata.
CREATE VIEW grafana.qbwc_sessions AS
SELECT s.data->>'session_id' AS session_id,
       s.data->>'connection_id' AS connection_id,
       s.recorded_at AS started_at,
       ended.recorded_at AS ended_at,
       CASE WHEN refused.reason IS NOT NULL THEN 'refused'
            ELSE coalesce(ended.data->>'reason', 'open') END AS outcome,
       coalesce(refused.reason, ended.data->>'summary') AS detail,
       extract(epoch FROM coalesce(ended.recorded_at, now()) - s.recorded_at)::float8
           AS duration_seconds,
       (SELECT count(*) FROM events m
        WHERE m.stream_id = s.stream_id AND m.event_type = 'QbxmlMessageReceived') AS messages
FROM events s
LEFT JOIN LATERAL (
    SELECT e.recorded_at, e.data FROM events e
    WHERE e.stream_id = s.stream_id AND e.event_type = 'WebConnectorSessionEnded'
    ORDER BY e.version DESC LIMIT 1
) ended ON true
LEFT JOIN LATERAL (
    SELECT e.data->>'reason' AS reason FROM events e
    WHERE e.stream_id = s.stream_id AND e.event_type = 'WebConnectorSessionRefused'
    ORDER BY e.version LIMIT 1
) refused ON true
WHERE s.event_type = 'WebConnectorSessionStarted';

CREATE VIEW grafana.qbwc_login_failures AS
SELECT recorded_at, data->>'username' AS username, data->>'reason' AS reason,
       (data->>'failures')::int AS failures
FROM events
WHERE event_type = 'WebConnectorLoginFailed';

CREATE VIEW grafana.qbxml_messages AS
SELECT recorded_at, data->>'connection_id' AS connection_id, data->>'session_id' AS session_id,
       (data->>'message_no')::int AS message_no,
       event_type = 'QbxmlMessageFailed' AS failed,
       (data->>'elapsed_seconds')::float8 AS quickbooks_seconds,
       jsonb_array_length(coalesce(data->'responses', '[]'::jsonb)) AS responses,
       data->>'hresult' AS hresult, data->>'message' AS error
FROM events
WHERE event_type IN ('QbxmlMessageReceived', 'QbxmlMessageFailed');

CREATE VIEW grafana.qbxml_statuses AS
SELECT e.recorded_at, e.data->>'connection_id' AS connection_id,
       e.data->>'session_id' AS session_id, r->>'kind' AS request_kind,
       (r->>'status_code')::int AS status_code, r->>'severity' AS severity,
       r->>'message' AS status_message
FROM events e
CROSS JOIN LATERAL jsonb_array_elements(e.data->'responses') r
WHERE e.event_type = 'QbxmlMessageReceived';

CREATE VIEW grafana.anaplan_tasks AS
SELECT recorded_at AS ended_at, metadata->>'connection_id' AS connection_id,
       data->>'action_kind' AS action_kind, data->>'action_id' AS action_id,
       data->>'task_id' AS task_id,
       CASE event_type WHEN 'AnaplanTaskCompleted' THEN 'completed' ELSE 'failed' END AS result,
       data->>'reason' AS reason,
       (data->>'duration_ms')::float8 / 1000 AS duration_seconds,
       (data->>'polls')::int AS polls
FROM events
WHERE event_type IN ('AnaplanTaskCompleted', 'AnaplanTaskFailed');

-- Calls to Anaplan as the log knows them: task starts, file transfers (one request per
-- chunk) and requests given up on, with their HTTP status (429: still rate limited after
-- every retry). Every single request and every retried 429 is counted by the Prometheus
-- counter mlc_anaplan_requests_total{status}.
CREATE VIEW grafana.anaplan_calls AS
SELECT recorded_at, metadata->>'connection_id' AS connection_id,
       CASE event_type
           WHEN 'AnaplanTaskStarted' THEN 'task_start'
           WHEN 'AnaplanFileDownloaded' THEN 'download'
           WHEN 'AnaplanFileUploaded' THEN 'upload'
           ELSE 'given_up'
       END AS call,
       CASE WHEN event_type IN ('AnaplanFileDownloaded', 'AnaplanFileUploaded')
            THEN greatest((data->>'chunks')::int, 1) ELSE 1 END AS requests,
       (data->>'status')::int AS status,
       data->>'error' AS error
FROM events
WHERE event_type IN (
    'AnaplanTaskStarted', 'AnaplanFileDownloaded', 'AnaplanFileUploaded', 'AnaplanRequestFailed'
);

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mlc_grafana') THEN
        CREATE ROLE mlc_grafana NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA grafana TO mlc_grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA grafana TO mlc_grafana;
"""

DOWNGRADE = """
DROP SCHEMA grafana CASCADE;
DROP VIEW sync_run_progress;
DROP VIEW subscription_lag;
DROP VIEW stream_states;
DROP VIEW failed_streams;
DROP INDEX events_task;
DROP INDEX events_entry;
DO $$
BEGIN
    DROP ROLE mlc_grafana;
EXCEPTION WHEN dependent_objects_still_exist THEN
    RAISE NOTICE 'mlc_grafana is kept: another database still grants it privileges';
END $$;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
