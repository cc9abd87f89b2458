-- 0006: optimistic saves and who saved (issue 15). A case's version goes up by one at every
-- save; a save that names the version it was opened at is refused when someone saved the case
-- in between (two counters of a service hall, or two windows), so nothing is overwritten
-- unseen. The clerk and counter of the latest save are kept with the case.
ALTER TABLE case_record ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE case_record ADD COLUMN saved_by TEXT;
ALTER TABLE case_record ADD COLUMN saved_counter TEXT;
