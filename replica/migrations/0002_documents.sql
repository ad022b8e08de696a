-- The search index of documents (issue 5), kept by `db::doc_index` in the same
-- transaction as every write of a document row (local or pulled). `doc_search` holds the
-- filter columns; `doc_fts` (same rowid) holds FOLDED text: lower case, no diacritics,
-- đ → d, words separated by single spaces, so `57-NQ/TW` is indexed as `57 nq tw`.
CREATE TABLE doc_search (
    id        INTEGER PRIMARY KEY,
    row_id    TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    org_id    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    issued_on TEXT NOT NULL,
    number    TEXT NOT NULL
);
CREATE INDEX doc_search_date ON doc_search (issued_on DESC);
-- `heading` is the kind's Vietnamese name and the number: `nghi quyet 57 nq tw`.
CREATE VIRTUAL TABLE doc_fts USING fts5(
    heading, title, summary, body, topics,
    tokenize = 'unicode61 remove_diacritics 0'
);
