-- A first sync inserts a province's rows page by page, and the insert trigger of
-- migration 0018 made two statements per row (a write to `ov_dirty` for each of them,
-- most naming an organisation already named): a fifth of applying a page (issue 21,
-- item 2). While the sync applies a pulled page's rows it now names their
-- organisations itself, once each (`oversight::facts::mark`), and sets this meta key
-- in the same transaction so the trigger stands aside; every other write still goes
-- through the trigger. Updates and deletes keep theirs (they need the old row).
DROP TRIGGER ov_insert;
CREATE TRIGGER ov_insert AFTER INSERT ON rows
WHEN NEW.entity IN ('organisation', 'member', 'meeting', 'check_in', 'attendance_mark',
    'task', 'progress_report', 'task_review', 'study_assignment', 'read_mark',
    'dues_rule', 'dues_basis', 'dues_payment', 'rating_decision', 'announcement',
    'announcement_read')
  AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'ov_marks_by_page')
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
