-- 0006 (PostgreSQL): optimistic saves and who saved (issue 15). Same meaning as
-- db/migrations/0006-case-version.sql.
ALTER TABLE case_record ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE case_record ADD COLUMN saved_by text;
ALTER TABLE case_record ADD COLUMN saved_counter text;
