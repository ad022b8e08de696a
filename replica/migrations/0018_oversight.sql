-- Oversight (issue 18): each organisation's own figures, kept so that a dashboard over
-- a province adds up some thousands of small rows instead of reading millions. They are
-- derived from `rows` alone: `oversight::facts` rebuilds an organisation's facts when
-- `ov_dirty` names it, and the triggers below name every organisation a written row can
-- change (a sync's rows, a local edit, a scope reset). Nothing here depends on the
-- clock: what does (a meeting started, a task overdue) is decided when the figures are
-- read.

CREATE TABLE ov_dirty (
    org_id  TEXT PRIMARY KEY,
    -- 1: the organisations below it too (its place in the tree or its dues rules changed).
    subtree INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- A cell's members now, and its dues owed each month after `dues_last`.
CREATE TABLE ov_org (
    org_id       TEXT PRIMARY KEY,
    full         INTEGER NOT NULL,
    probationary INTEGER NOT NULL,
    gone         INTEGER NOT NULL,
    dues_last    TEXT,
    dues_after   INTEGER NOT NULL
) WITHOUT ROWID;

-- Per month (yyyy-mm) and organisation: members who joined, and dues owed and counted
-- for its active members (every month from their first basis or payment to their last).
-- The tables by period come month first, so a province's year is read in one range; a
-- small subtree reads its organisations' rows through the index by organisation, which
-- carries the columns a dashboard reads (one seek per organisation, no lookup per row).
CREATE TABLE ov_month (
    month     TEXT NOT NULL,
    org_id    TEXT NOT NULL,
    joined    INTEGER NOT NULL,
    expected  INTEGER NOT NULL,
    collected INTEGER NOT NULL,
    PRIMARY KEY (month, org_id)
) WITHOUT ROWID;
CREATE INDEX ov_month_org ON ov_month (org_id, month, joined, expected, collected);

-- Decided ratings of its active members per year: excellent, good, completed, not
-- completed (the rest are not yet decided).
CREATE TABLE ov_year (
    year   INTEGER NOT NULL,
    org_id TEXT NOT NULL,
    r0     INTEGER NOT NULL,
    r1     INTEGER NOT NULL,
    r2     INTEGER NOT NULL,
    r3     INTEGER NOT NULL,
    PRIMARY KEY (year, org_id)
) WITHOUT ROWID;
CREATE INDEX ov_year_org ON ov_year (org_id, year, r0, r1, r2, r3);

-- Each meeting not cancelled, with its attendance by the rule.
CREATE TABLE ov_meeting (
    month      TEXT NOT NULL,
    org_id     TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    starts_at  INTEGER NOT NULL,
    convened   INTEGER NOT NULL,
    present    INTEGER NOT NULL,
    PRIMARY KEY (month, org_id, meeting_id)
) WITHOUT ROWID;
CREATE INDEX ov_meeting_org ON ov_meeting (org_id, month, starts_at, convened, present);

-- Each task by the month it is due, and the day it was done (NULL: not yet).
CREATE TABLE ov_task (
    month    TEXT NOT NULL,
    org_id   TEXT NOT NULL,
    task_id  TEXT NOT NULL,
    due_date TEXT NOT NULL,
    done_on  TEXT,
    PRIMARY KEY (month, org_id, task_id)
) WITHOUT ROWID;
CREATE INDEX ov_task_org ON ov_task (org_id, month, due_date, done_on);

-- What an organisation sends to its subtree, by month: study assignments (due that
-- month, `item_id` the document) and announcement copies (sent that month, `item_id`
-- the copy).
CREATE TABLE ov_item (
    month   TEXT NOT NULL,
    org_id  TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    item_id TEXT NOT NULL,
    PRIMARY KEY (month, org_id, row_id)
) WITHOUT ROWID;
CREATE INDEX ov_item_org ON ov_item (org_id);

-- Per item and cell: its active members who finished reading the document, or who hold
-- a read receipt for the copy.
CREATE TABLE ov_read (
    item_id TEXT NOT NULL,
    org_id  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (item_id, org_id)
) WITHOUT ROWID;
CREATE INDEX ov_read_org ON ov_read (org_id);

-- Every insert into `ov_dirty` here is an upsert (`ON CONFLICT … DO NOTHING` or `DO
-- UPDATE`), never `INSERT OR IGNORE`: a trigger's `OR IGNORE` gives way to the conflict
-- policy of the statement that fired it, and the update of `rows` an upsert makes (a row
-- pulled or edited again) aborts on conflict, so an organisation already named would fail
-- the write with "UNIQUE constraint failed: ov_dirty.org_id".
-- A row counts at its organisation; a member's receipts, read marks, dues and ratings at
-- the member's cell now. A dues rule reaches every cell below; an organisation's move or
-- deletion changes whose rules apply below it.
CREATE TRIGGER ov_insert AFTER INSERT ON rows
WHEN NEW.entity IN ('organisation', 'member', 'meeting', 'check_in', 'attendance_mark',
    'task', 'progress_report', 'task_review', 'study_assignment', 'read_mark',
    'dues_rule', 'dues_basis', 'dues_payment', 'rating_decision', 'announcement',
    'announcement_read')
BEGIN
    INSERT INTO ov_dirty (org_id, subtree) VALUES (NEW.org_id, NEW.entity = 'dues_rule')
        ON CONFLICT (org_id) DO UPDATE SET subtree = MAX(subtree, excluded.subtree);
    INSERT INTO ov_dirty (org_id)
        SELECT m.org_id FROM rows m
        WHERE NEW.entity IN ('read_mark', 'dues_basis', 'dues_payment', 'rating_decision',
              'announcement_read')
          AND m.row_id = NEW.member_id AND m.entity = 'member'
        ON CONFLICT (org_id) DO NOTHING;
END;

CREATE TRIGGER ov_update AFTER UPDATE ON rows
WHEN NEW.entity IN ('organisation', 'member', 'meeting', 'check_in', 'attendance_mark',
    'task', 'progress_report', 'task_review', 'study_assignment', 'read_mark',
    'dues_rule', 'dues_basis', 'dues_payment', 'rating_decision', 'announcement',
    'announcement_read')
  OR OLD.entity IN ('organisation', 'member', 'meeting', 'check_in', 'attendance_mark',
    'task', 'progress_report', 'task_review', 'study_assignment', 'read_mark',
    'dues_rule', 'dues_basis', 'dues_payment', 'rating_decision', 'announcement',
    'announcement_read')
BEGIN
    INSERT INTO ov_dirty (org_id, subtree) VALUES (NEW.org_id,
            NEW.entity = 'dues_rule' OR (NEW.entity = 'organisation'
                AND (OLD.parent_id IS NOT NEW.parent_id OR OLD.tombstone <> NEW.tombstone)))
        ON CONFLICT (org_id) DO UPDATE SET subtree = MAX(subtree, excluded.subtree);
    INSERT INTO ov_dirty (org_id)
        SELECT OLD.org_id WHERE OLD.org_id IS NOT NEW.org_id
        ON CONFLICT (org_id) DO NOTHING;
    INSERT INTO ov_dirty (org_id)
        SELECT m.org_id FROM rows m
        WHERE NEW.entity IN ('read_mark', 'dues_basis', 'dues_payment', 'rating_decision',
              'announcement_read')
          AND m.row_id = NEW.member_id AND m.entity = 'member'
        ON CONFLICT (org_id) DO NOTHING;
END;

CREATE TRIGGER ov_delete AFTER DELETE ON rows
WHEN OLD.entity IN ('organisation', 'member', 'meeting', 'check_in', 'attendance_mark',
    'task', 'progress_report', 'task_review', 'study_assignment', 'read_mark',
    'dues_rule', 'dues_basis', 'dues_payment', 'rating_decision', 'announcement',
    'announcement_read')
BEGIN
    INSERT INTO ov_dirty (org_id, subtree) VALUES (OLD.org_id,
            OLD.entity IN ('dues_rule', 'organisation'))
        ON CONFLICT (org_id) DO UPDATE SET subtree = MAX(subtree, excluded.subtree);
    INSERT INTO ov_dirty (org_id)
        SELECT m.org_id FROM rows m
        WHERE OLD.entity IN ('read_mark', 'dues_basis', 'dues_payment', 'rating_decision',
              'announcement_read')
          AND m.row_id = OLD.member_id AND m.entity = 'member'
        ON CONFLICT (org_id) DO NOTHING;
END;

-- A device that held rows before this migration builds every organisation's facts on
-- its first dashboard.
INSERT INTO ov_dirty (org_id, subtree) SELECT DISTINCT org_id, 0 FROM rows;
