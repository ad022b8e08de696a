-- Issue 12: before the server checked pushed stamps (src/stamps.rs) a device could
-- store a field stamped far in the future (say wall_ms = u64::MAX), and that value then
-- won every later edit of the field, on the server and on every device that pulled it.
--
-- Rule (the same as `Hlc::repaired`, which replicas apply to their copies): a stamp
-- more than 15 minutes (`hlc::MAX_SKEW_MS`) ahead of the time this runs, or with a
-- counter above 16,777,215 (`hlc::MAX_COUNTER`), becomes wall_ms 0, counter 0, same
-- node. The value stays until the next edit of its field, which then wins. Each
-- repaired row gets a new sequence number, so every device in its scope pulls it again.
-- The audit log and the `changes` table keep what was pushed.

CREATE TEMP TABLE stamp_limit_0007 AS
SELECT CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + 900000 AS ms,
       16777215 AS counter;

CREATE TEMP TABLE poisoned_0007 AS
SELECT r.row_id,
       (SELECT COALESCE(MAX(seq), 0) FROM rows) + ROW_NUMBER() OVER (ORDER BY r.seq) AS new_seq
FROM rows r, stamp_limit_0007 l
WHERE EXISTS (
        SELECT 1 FROM json_each(r.state, '$.fields') f
        WHERE json_extract(f.value, '$.hlc.wall_ms') > l.ms
           OR json_extract(f.value, '$.hlc.counter') > l.counter)
   OR json_extract(r.state, '$.tombstone.wall_ms') > l.ms
   OR json_extract(r.state, '$.tombstone.counter') > l.counter;

UPDATE rows SET state = json_set(state, '$.fields', json((
    SELECT json_group_object(f.key,
               CASE WHEN json_extract(f.value, '$.hlc.wall_ms') > l.ms
                      OR json_extract(f.value, '$.hlc.counter') > l.counter
                    THEN json_set(f.value, '$.hlc.wall_ms', 0, '$.hlc.counter', 0)
                    ELSE json(f.value) END)
    FROM json_each(rows.state, '$.fields') f, stamp_limit_0007 l)))
WHERE row_id IN (SELECT row_id FROM poisoned_0007);

UPDATE rows SET state = json_set(state, '$.tombstone.wall_ms', 0, '$.tombstone.counter', 0)
WHERE row_id IN (SELECT row_id FROM poisoned_0007)
  AND (json_extract(state, '$.tombstone.wall_ms') > (SELECT ms FROM stamp_limit_0007)
    OR json_extract(state, '$.tombstone.counter') > (SELECT counter FROM stamp_limit_0007));

UPDATE rows SET seq = (SELECT p.new_seq FROM poisoned_0007 p WHERE p.row_id = rows.row_id)
WHERE row_id IN (SELECT row_id FROM poisoned_0007);

DROP TABLE poisoned_0007;
DROP TABLE stamp_limit_0007;
