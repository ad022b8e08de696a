-- The documents' search index ordered by date (issue 21): a search now takes the
-- newest matches first within each tier (number, title, summary and topics, full
-- text), so FTS5 can walk a term's documents from the highest rowid down and stop
-- at the page's limit instead of scoring every document that holds a common word.
-- For that the rowid itself is the order: `issued_on` as YYYYMMDD times 1,000,000,
-- plus the order of arrival within the day (`db::doc_index::next_id`). A date that
-- is not YYYY-MM-DD counts as day 0 (oldest).
--
-- The summary and topics get their own small table, `doc_short`, like `doc_heads`:
-- a tier asks only the table that holds its columns, so a word common in full
-- texts costs nothing there.
CREATE TEMP TABLE doc_renum AS
SELECT id AS old,
       (CASE WHEN issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
             THEN CAST(replace(issued_on, '-', '') AS INTEGER) ELSE 0 END) * 1000000
       + row_number() OVER (PARTITION BY issued_on ORDER BY id) AS new
FROM doc_search;

CREATE TABLE doc_search_new (
    id        INTEGER PRIMARY KEY,
    row_id    TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    org_id    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    issued_on TEXT NOT NULL,
    number    TEXT NOT NULL
);
INSERT INTO doc_search_new
SELECT r.new, s.row_id, s.kind, s.org_id, s.year, s.issued_on, s.number
FROM doc_search s JOIN doc_renum r ON r.old = s.id;

CREATE VIRTUAL TABLE doc_fts_new USING fts5(
    heading, title, summary, body, topics,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO doc_fts_new (rowid, heading, title, summary, body, topics)
SELECT r.new, f.heading, f.title, f.summary, f.body, f.topics
FROM doc_fts f JOIN doc_renum r ON r.old = f.rowid;

CREATE VIRTUAL TABLE doc_heads_new USING fts5(
    heading, title,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO doc_heads_new (rowid, heading, title)
SELECT r.new, f.heading, f.title FROM doc_fts f JOIN doc_renum r ON r.old = f.rowid;

CREATE VIRTUAL TABLE doc_short USING fts5(
    summary, topics,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO doc_short (rowid, summary, topics)
SELECT r.new, f.summary, f.topics FROM doc_fts f JOIN doc_renum r ON r.old = f.rowid;

DROP TABLE doc_fts;
DROP TABLE doc_heads;
DROP TABLE doc_search;
DROP TABLE doc_renum;
ALTER TABLE doc_search_new RENAME TO doc_search;
ALTER TABLE doc_fts_new RENAME TO doc_fts;
ALTER TABLE doc_heads_new RENAME TO doc_heads;
CREATE INDEX doc_search_date ON doc_search (issued_on DESC);
