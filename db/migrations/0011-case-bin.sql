-- 0011: the recycle bin (回收站, issue 22 finding 18). A clerk's deletion of a saved case moves it
-- here instead of erasing it, so an administrator can put it back; each row is also the record of
-- who deleted it (and who restored it). Once restored, the row keeps only that record: the case's
-- contents go back to case_record and are cleared here. The sheets linked to the case when it was
-- deleted (ON DELETE SET NULL unlinks them) are listed, so a restore links them again. Erasing a
-- client (by ID number) and the retention period remove bin rows like saved cases; the privacy
-- erasure is never a move to the bin.
CREATE TABLE case_bin (
  key              INTEGER PRIMARY KEY,
  case_id          TEXT NOT NULL,
  person_name      TEXT,
  id_number        TEXT,
  region           TEXT,
  case_json        TEXT,
  created_at       TEXT,
  updated_at       TEXT,
  version          INTEGER,
  saved_by         TEXT,
  saved_counter    TEXT,
  -- JSON array of the sheet numbers linked to the case when it was deleted.
  sheets           TEXT NOT NULL DEFAULT '[]',
  deleted_at       TEXT NOT NULL,
  deleted_by       TEXT,
  deleted_counter  TEXT,
  restored_at      TEXT,
  restored_by      TEXT,
  restored_counter TEXT
) STRICT;
CREATE INDEX case_bin_by_id_number ON case_bin (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX case_bin_waiting ON case_bin (deleted_at DESC) WHERE restored_at IS NULL;
