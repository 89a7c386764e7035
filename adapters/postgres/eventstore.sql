-- name: append
-- One round trip per stream: the expected-version check and the insert are one statement.
-- Two appenders racing past the check both try the same (stream_id, version); the unique
-- constraint rejects one of them, which the adapter reports as a ConcurrencyError.
WITH head AS (
    SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1
)
INSERT INTO events (stream_id, stream_type, version, event_type, schema_version, data, metadata)
SELECT $1, $2, head.version + e.ord, e.event_type, e.schema_version, e.data::jsonb, $7::jsonb
FROM head,
     unnest($4::text[], $5::int[], $6::text[])
         WITH ORDINALITY AS e(event_type, schema_version, data, ord)
WHERE $3::int = -1 OR head.version = $3::int
RETURNING version;

-- name: stream_version
SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1;

-- name: read_all
-- Tailing readers must never skip an event that commits late. Positions come from a
-- sequence, so a transaction can take position 10, commit after another took 11, and a
-- reader that already passed 11 would skip 10 forever. Instead of serialising appenders
-- with a table lock (which would make every append wait for the previous commit), each
-- event records its transaction id and readers only read events of transactions older than
-- the oldest transaction still in flight: every such transaction has committed or aborted,
-- so nothing can appear below that line later. Ordering by (tx_id, position) then gives
-- every reader the same gap-free order, while appenders commit in parallel.
--
-- Transaction ids are cluster-wide, so the plain pg_snapshot_xmin would also wait for
-- writing transactions of *other databases* on the same server (a CREATE DATABASE, another
-- application's batch job). The horizon is therefore the oldest in-flight id of this
-- snapshot that is not known to belong to another database; an id we cannot place (it
-- finished meanwhile, or pg_stat_activity hides it from us) still counts, so the rule can
-- only wait longer, never skip. The cost: a long-running writing transaction in this
-- database delays readers (never loses events), so keep write transactions short.
WITH snapshot AS (
    SELECT pg_current_snapshot() AS s
), elsewhere AS (
    SELECT backend_xid::text::bigint AS xid
    FROM pg_stat_activity
    WHERE backend_xid IS NOT NULL
      AND datid <> (SELECT oid FROM pg_database WHERE datname = current_database())
), horizon AS (
    SELECT coalesce(
        (SELECT min(x::text::bigint)
         FROM snapshot, pg_snapshot_xip(snapshot.s) AS x
         WHERE x::text::bigint % 4294967296 NOT IN (SELECT xid FROM elsewhere)),
        (SELECT pg_snapshot_xmax(s)::text::bigint FROM snapshot)
    ) AS tx_id
)
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE (tx_id, position) > ($1, $2)
  AND tx_id < (SELECT tx_id FROM horizon)
ORDER BY tx_id, position
LIMIT $3;

-- name: read_stream
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE stream_id = $1 AND version > $2
ORDER BY version;

-- name: read_streams
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE stream_id = ANY($1::text[])
ORDER BY stream_id, version;

-- name: read_range
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE position BETWEEN $1 AND $2
ORDER BY position
LIMIT $3;

-- name: log_position_of
SELECT tx_id, position FROM events WHERE position = $1;
