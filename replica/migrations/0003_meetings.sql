-- Meetings (issue 6): the rows that belong to a meeting (its key, check-ins, marks and
-- minutes) are found by their meeting id, read from the stored state. A partial index,
-- so that no other row pays for it on a first sync.
CREATE INDEX rows_meeting ON rows (entity, json_extract(state, '$.fields.meeting_id.value'))
    WHERE entity IN ('meeting_key', 'check_in', 'attendance_mark', 'minutes');
