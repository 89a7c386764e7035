-- name: upsert_lines
-- One posted line per row. A row whose version (TimeModified as QuickBooks wrote it) is
-- unchanged and still live is a duplicate of the overlap window: nothing is written and
-- nothing returned. $13 is the class of a per-class read; NULL on the read of all lines,
-- which keeps the class of an unchanged line and clears it when the line changed (the
-- per-class reads that follow set it again).
INSERT INTO ledger_lines AS l (connection_id, txn_id, txn_line_id, txn_type, txn_date,
                               ref_number, account_list_id, account, amount, memo,
                               time_modified, sync_id, class_name)
SELECT $1, r.txn_id, r.txn_line_id, r.txn_type, r.txn_date, r.ref_number, r.account_list_id,
       r.account, r.amount, r.memo, r.time_modified, $12, $13
FROM unnest($2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[],
            $9::numeric[], $10::text[], $11::text[])
     AS r(txn_id, txn_line_id, txn_type, txn_date, ref_number, account_list_id, account,
          amount, memo, time_modified)
ON CONFLICT (connection_id, txn_id, txn_line_id) DO UPDATE
SET txn_type = excluded.txn_type, txn_date = excluded.txn_date,
    ref_number = excluded.ref_number, account_list_id = excluded.account_list_id,
    account = excluded.account, amount = excluded.amount, memo = excluded.memo,
    class_name = CASE
        WHEN $13::text IS NOT NULL THEN $13::text
        WHEN l.time_modified = excluded.time_modified THEN l.class_name
        END,
    time_modified = excluded.time_modified, deleted = false, sync_id = excluded.sync_id,
    updated_at = now()
WHERE l.time_modified <> excluded.time_modified OR l.deleted
   OR l.class_name IS DISTINCT FROM coalesce($13::text, l.class_name)
RETURNING 1;

-- name: retire_old_versions
-- Lines a transaction no longer has: QuickBooks re-saves every line of an edited
-- transaction with the new TimeModified, so a line still carrying another version is
-- gone (a later page of the same read brings back any that remain).
UPDATE ledger_lines AS l SET deleted = true, updated_at = now()
FROM unnest($2::text[], $3::text[]) AS v(txn_id, time_modified)
WHERE l.connection_id = $1 AND l.txn_id = v.txn_id AND l.time_modified <> v.time_modified
  AND NOT l.deleted;

-- name: mark_deleted
UPDATE ledger_lines SET deleted = true, updated_at = now()
WHERE connection_id = $1 AND txn_id = ANY($2::text[]) AND NOT deleted
RETURNING txn_id;

-- name: lines
SELECT txn_id, txn_line_id, txn_type, txn_date, ref_number, account_list_id, account,
       class_name, amount, memo, edit_sequence, time_modified, deleted
FROM ledger_lines WHERE connection_id = $1
ORDER BY txn_date, txn_id, txn_line_id;
