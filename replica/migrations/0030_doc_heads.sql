-- The short columns of the documents' search index again, on their own (issue 21): a
-- search ranks first the documents whose kind and number, then whose title, match the
-- whole query. Asking `doc_fts` that (`{heading} : …`) walked the positions of every
-- word in every full text; this table holds only those two columns, kept by
-- `db::doc_index` with `doc_fts` (same rowid), so the question costs a few pages.
CREATE VIRTUAL TABLE doc_heads USING fts5(
    heading, title,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO doc_heads (rowid, heading, title) SELECT rowid, heading, title FROM doc_fts;
