-- Queries of the operator surfaces (API and CLI). A NULL tenant means "every tenant".

-- name: list_connections
SELECT connection_id, tenant_id, name, qbwc_username, enabled, created_at, updated_at
FROM connections
WHERE $1::text IS NULL OR tenant_id = $1
ORDER BY name, connection_id;

-- name: list_runs
SELECT run_id, connection_id, tenant_id, kind, status, requested_by, reason, first_period,
       last_period, detail, rows_in, rows_out, staging_rejections, requested_at, updated_at,
       ended_at, entries, entries_pending, entries_posted, entries_blocked, entries_rejected,
       entries_voided
FROM sync_run_progress
WHERE ($1::text IS NULL OR tenant_id = $1)
  AND ($2::text IS NULL OR connection_id = $2)
  AND ($3::text IS NULL OR status = $3)
ORDER BY requested_at DESC
LIMIT $4;

-- name: run_progress
SELECT run_id, connection_id, tenant_id, kind, status, requested_by, reason, first_period,
       last_period, detail, rows_in, rows_out, staging_rejections, requested_at, updated_at,
       ended_at, entries, entries_pending, entries_posted, entries_blocked, entries_rejected,
       entries_voided
FROM sync_run_progress WHERE run_id = $1;

-- name: run_entries
SELECT entry_id, ref_number, version, period, part, revision, withdrawn, status, total, lines,
       txn_id, posted_revision, last_error, updated_at
FROM journal_entries WHERE run_id = $1
ORDER BY period, version, part;

-- name: run_error_events
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE metadata->>'correlation_id' = $1 AND event_type = ANY($2::text[])
ORDER BY position
LIMIT 1000;

-- name: list_streams
SELECT stream_id, stream_type, consumer, tenant_id, connection_id, state, handled_version,
       head_version, attempts, last_error, since,
       extract(epoch FROM now() - since)::float8 AS age_seconds
FROM stream_states
WHERE ($1::text IS NULL OR tenant_id = $1)
  AND ($2::text IS NULL OR state = $2)
  AND ($3::text IS NULL OR connection_id = $3)
ORDER BY since, stream_id, consumer
LIMIT $4;

-- name: stream_tenant
SELECT metadata->>'tenant_id' AS tenant_id FROM events WHERE stream_id = $1 AND version = 1;

-- name: stream_page
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE stream_id = $1 AND version > $2
ORDER BY version
LIMIT $3;

-- name: log_range
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE position BETWEEN $1 AND $2
  AND ($3::text IS NULL OR metadata->>'tenant_id' = $3)
  AND ($4::text[] IS NULL OR event_type = ANY($4))
ORDER BY position
LIMIT $5;

-- name: subscription_lag
SELECT subscription, position, head_position, events_behind, seconds_behind, attempts,
       last_error, updated_at
FROM subscription_lag
ORDER BY subscription;

-- name: first_event_from
SELECT tx_id, position FROM events WHERE position >= $1 ORDER BY position LIMIT 1;

-- name: cursor
SELECT consumer, stream_id, tenant_id, connection_id, head_version, handled_version, status
FROM stream_cursors WHERE consumer = $1 AND stream_id = $2;

-- name: stream_cursors
SELECT consumer, status FROM stream_cursors
WHERE stream_id = $1 AND ($2::text IS NULL OR consumer = $2)
ORDER BY consumer;

-- name: stream_journal_entry
-- The journal entry a stream carries, if it is a journal stream, with its current status.
SELECT j.connection_id, j.entry_id, j.status
FROM events e
JOIN journal_entries j
  ON j.connection_id = e.data->>'connection_id' AND j.entry_id = e.data->>'entry_id'
WHERE e.stream_id = $1 AND e.event_type = 'JournalStaged'
ORDER BY e.version DESC
LIMIT 1;

-- name: failed_run
SELECT run_id, kind, first_period, last_period, connection_id
FROM sync_runs
WHERE run_id = $1 AND status = 'failed';

-- name: connection_retry_candidates
SELECT DISTINCT stream_id FROM stream_cursors WHERE connection_id = $1 AND status = 'parked'
UNION
SELECT stream_id FROM failed_streams WHERE connection_id = $1
ORDER BY stream_id;

-- name: last_event
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1;

-- name: entries_by_key
SELECT j.connection_id, j.entry_id, c.tenant_id
FROM journal_entries j
LEFT JOIN connections c USING (connection_id)
WHERE (j.ref_number = $1 OR j.txn_id = $1) AND ($2::text IS NULL OR j.connection_id = $2);

-- name: version_entries
SELECT entry_id FROM journal_entries WHERE connection_id = $1 AND version = $2;

-- name: entry_events
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE (data->>'entry_id') = ANY($1::text[]) AND data->>'connection_id' = $2
ORDER BY position;

-- name: streams_events
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events WHERE stream_id = ANY($1::text[])
ORDER BY position;

-- name: task_events
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events WHERE (data->>'task_id') = $1
ORDER BY position;

-- name: events_at
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events WHERE position = ANY($1::bigint[])
ORDER BY position;

-- name: correlated_events
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events WHERE metadata->>'correlation_id' = ANY($1::text[])
ORDER BY position
LIMIT $2;

-- name: budget_vs_actual
SELECT b.connection_id, b.version, b.period, b.account, b.class_name, b.plan_amount,
       b.posted_amount, b.actual_amount, b.variance, b.sync_status, b.actuals_at
FROM budget_vs_actual b
LEFT JOIN connections c USING (connection_id)
WHERE ($1::text IS NULL OR c.tenant_id = $1)
  AND ($2::text IS NULL OR b.connection_id = $2)
  AND ($3::text IS NULL OR b.version = $3)
  AND ($4::text IS NULL OR b.period >= $4)
  AND ($5::text IS NULL OR b.period <= $5)
  AND ($6::text IS NULL OR b.account = $6)
  AND ($7::text IS NULL OR b.class_name = $7)
ORDER BY b.connection_id, b.version, b.period, b.account, b.class_name;

-- name: metrics_streams
SELECT consumer,
       count(*) FILTER (WHERE state = 'in_progress' AND attempts = 0) AS waiting,
       count(*) FILTER (WHERE state = 'in_progress' AND attempts > 0) AS retrying,
       count(*) FILTER (WHERE state = 'stuck') AS parked,
       coalesce(max(extract(epoch FROM now() - since)) FILTER (WHERE state = 'in_progress'), 0)
           ::float8 AS oldest_waiting_seconds
FROM stream_states
WHERE consumer IS NOT NULL
GROUP BY consumer;

-- name: key_usage
SELECT key_id, count(*) AS credentials FROM credentials GROUP BY key_id ORDER BY key_id;
