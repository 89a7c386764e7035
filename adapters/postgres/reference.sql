-- Reads for the reference-data surfaces (ping, mapping validation, drift).

-- name: latest_session
-- A connection's most recent Web Connector session (qbwc_sessions has one row each).
SELECT session_id, state::text, created_at, last_seen_at, ended_at
FROM qbwc_sessions
WHERE connection_id = $1
ORDER BY last_seen_at DESC
LIMIT 1;

-- name: latest_reported_session
-- The most recent session in which QuickBooks described itself (a session refused at
-- its first message may not have).
SELECT session_id, state::text, created_at, last_seen_at, ended_at
FROM qbwc_sessions
WHERE connection_id = $1 AND coalesce(state->'company', 'null'::jsonb) <> 'null'::jsonb
ORDER BY last_seen_at DESC
LIMIT 1;

-- name: client_addresses
SELECT address, client_version, version_seen_at, connection_seen_at
FROM qbwc_clients
WHERE connection_id = $1
ORDER BY connection_seen_at DESC NULLS LAST
LIMIT 5;

-- name: latest_plan_export
-- The latest PlanExported of a connection: its plan runs newest first (sync_runs), each
-- run's events found by their correlation id, which is the run id.
SELECT e.position, e.tx_id, e.stream_id, e.stream_type, e.version,
       e.event_type, e.schema_version, e.data, e.metadata, e.recorded_at
FROM (
    SELECT run_id, requested_at FROM sync_runs
    WHERE connection_id = $1 AND kind = 'plan_to_ledger'
) r
CROSS JOIN LATERAL (
    SELECT * FROM events
    WHERE metadata->>'correlation_id' = r.run_id AND event_type = 'PlanExported'
      AND data->>'connection_id' = $1
    ORDER BY position DESC
    LIMIT 1
) e
ORDER BY r.requested_at DESC, e.position DESC
LIMIT 1;
