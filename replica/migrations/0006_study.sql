-- The library's rows about a document (attachments, read marks, notes, assignments)
-- are found by their document (issue 5).
CREATE INDEX rows_document ON rows (json_extract(state, '$.fields.document_id.value'))
    WHERE entity IN ('attachment', 'read_mark', 'study_note', 'study_assignment');
