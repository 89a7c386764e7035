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
-- the oldest transaction still in flight (pg_snapshot_xmin; ids are 64-bit xid8 values kept
-- as bigint): every such transaction has
-- committed or aborted, so nothing can appear below that line later. Ordering by
-- (tx_id, position) then gives every reader the same gap-free order, while appenders
-- commit in parallel. The cost: a long-running writing transaction anywhere in the
-- database delays readers (never loses events), so keep write transactions short.
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE (tx_id, position) > ($1, $2)
  AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
ORDER BY tx_id, position
LIMIT $3;

-- name: read_stream
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE stream_id = $1 AND version > $2
ORDER BY version;

-- name: read_range
SELECT position, tx_id, stream_id, stream_type, version,
       event_type, schema_version, data, metadata, recorded_at
FROM events
WHERE position BETWEEN $1 AND $2
ORDER BY position
LIMIT $3;

-- name: log_position_of
SELECT tx_id, position FROM events WHERE position = $1;
