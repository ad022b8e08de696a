-- Issue 12: repair stamps pushed from the far future before the server checked them
-- (src/stamps.rs). The rule is the SQLite backend's (migrations/sqlite/0007) and
-- `Hlc::repaired`'s: a stamp more than 15 minutes (`hlc::MAX_SKEW_MS`) ahead of the
-- time this runs, or with a counter above 16,777,215 (`hlc::MAX_COUNTER`), becomes
-- wall_ms 0, counter 0, same node; each repaired row gets a new sequence number so that
-- every device in its scope pulls it again. Rows are stored as JSON text: only the
-- repaired ones are rewritten (through jsonb, so their keys may change order).

CREATE TEMP TABLE stamp_limit_0007 ON COMMIT DROP AS
SELECT (floor(extract(epoch FROM clock_timestamp()) * 1000) + 900000)::numeric AS ms,
       16777215::numeric AS counter;

CREATE TEMP TABLE poisoned_0007 ON COMMIT DROP AS
SELECT r.row_id,
       (SELECT v FROM seq_counter) + ROW_NUMBER() OVER (ORDER BY r.seq) AS new_seq
FROM rows r, stamp_limit_0007 l
WHERE EXISTS (
        SELECT 1 FROM jsonb_each(r.state::jsonb -> 'fields') f
        WHERE (f.value #>> '{hlc,wall_ms}')::numeric > l.ms
           OR (f.value #>> '{hlc,counter}')::numeric > l.counter)
   OR (r.state::jsonb #>> '{tombstone,wall_ms}')::numeric > l.ms
   OR (r.state::jsonb #>> '{tombstone,counter}')::numeric > l.counter;

UPDATE rows r SET state = (
    SELECT jsonb_set(r.state::jsonb, '{fields}', COALESCE(jsonb_object_agg(f.key,
               CASE WHEN (f.value #>> '{hlc,wall_ms}')::numeric > l.ms
                      OR (f.value #>> '{hlc,counter}')::numeric > l.counter
                    THEN jsonb_set(jsonb_set(f.value, '{hlc,wall_ms}', '0'), '{hlc,counter}', '0')
                    ELSE f.value END), '{}'::jsonb))::text
    FROM jsonb_each(r.state::jsonb -> 'fields') f, stamp_limit_0007 l)
WHERE r.row_id IN (SELECT row_id FROM poisoned_0007);

UPDATE rows r SET state = jsonb_set(jsonb_set(r.state::jsonb,
        '{tombstone,wall_ms}', '0'), '{tombstone,counter}', '0')::text
FROM stamp_limit_0007 l
WHERE r.row_id IN (SELECT row_id FROM poisoned_0007)
  AND ((r.state::jsonb #>> '{tombstone,wall_ms}')::numeric > l.ms
    OR (r.state::jsonb #>> '{tombstone,counter}')::numeric > l.counter);

UPDATE rows r SET seq = p.new_seq
FROM poisoned_0007 p
WHERE p.row_id = r.row_id;

UPDATE seq_counter SET v = v + (SELECT COUNT(*) FROM poisoned_0007);
