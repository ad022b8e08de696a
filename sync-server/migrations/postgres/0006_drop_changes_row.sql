-- `changes_row` (changes by row) was never read: outcomes are looked up by change id.
-- Each stored change wrote one entry into it at a random page, a sixth of the pages
-- a push changes (issue 7's profile of the push lane).
DROP INDEX IF EXISTS changes_row;
