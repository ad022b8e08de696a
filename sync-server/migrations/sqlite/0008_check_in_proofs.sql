-- Issue 12, check-ins. A device's refused check-ins, at the server's time, for the
-- per-device limit (`meetings::check_ins`): a few rows per device, older ones dropped
-- as new ones come.
CREATE TABLE check_in_refusals (
    device_id  TEXT NOT NULL,
    at_ms      INTEGER NOT NULL
) STRICT;
CREATE INDEX check_in_refusals_device ON check_in_refusals (device_id, at_ms);

-- Check-ins stored before kept the member's code, and every device of the cell pulled
-- it. Withhold it as the server now does at push: the placeholder code under a server
-- stamp one counter above the old one (so devices that hold the code take the
-- placeholder), at a new sequence number (so they pull the row again). New numbers
-- are the old plus the largest: distinct, and above every number handed out so far.
UPDATE rows
SET state = json_set(
        state,
        '$.fields.code.value', '00000000',
        '$.fields.code.hlc.counter', json_extract(state, '$.fields.code.hlc.counter') + 1,
        '$.fields.code.hlc.node', '00000000-0000-0000-0000-000000000000'
    ),
    seq = seq + (SELECT COALESCE(MAX(seq), 0) FROM rows)
WHERE entity = 'check_in'
  AND json_extract(state, '$.fields.code.value') IS NOT NULL
  AND json_extract(state, '$.fields.code.value') <> '00000000';
