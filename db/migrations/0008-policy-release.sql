-- 0008: shipped library updates reach a database that already exists (issue 13).
-- A new release's library is compared with the database the way a signed pack is (new rows
-- added, rows the release closes closed, corrections applied, rows it withdraws taken out), in
-- one audited transaction (src/store/seed.ts, src/core/policy/release.ts).

-- What the last release shipped, row by row: a row is the release's own while its content still
-- has this hash; anything else (the office's edits, a pack) is the office's and is never overwritten.
CREATE TABLE policy_shipped (
  row_id       TEXT PRIMARY KEY,                    -- region/key/effectiveFrom
  content_hash TEXT NOT NULL,                       -- SHA-256 of the row as shipped (core/policy/release.ts rowContent)
  release      TEXT NOT NULL                        -- the version that shipped it
) STRICT;

-- A shipped row that the office's own rows stand in the way of: listed on the 政策库 screen and by
-- `yibao policy list --conflicts` until an administrator keeps theirs or takes the release's.
CREATE TABLE policy_conflict (
  id           INTEGER PRIMARY KEY,
  row_id       TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('changed', 'overlap')),
  release      TEXT NOT NULL,
  release_row  TEXT NOT NULL CHECK (json_valid(release_row)),   -- the row as shipped (document by id)
  content_hash TEXT NOT NULL,
  detected_at  TEXT NOT NULL,
  resolution   TEXT CHECK (resolution IS NULL OR resolution IN ('mine', 'release', 'superseded')),
  resolved_by  TEXT,
  resolved_at  TEXT,
  UNIQUE (row_id, content_hash)
) STRICT;

-- A row's id is derived from its region, key and start date (core/policy/row.ts rowId), and
-- that identity never changes: a new start date is a new row.
CREATE TRIGGER policy_value_id_derived BEFORE INSERT ON policy_value
WHEN NEW.id IS NOT NEW.region || '/' || NEW.key || '/' || NEW.effective_from
BEGIN
  SELECT RAISE(ABORT, 'policy_value id must be region/key/effective_from');
END;

CREATE TRIGGER policy_value_identity_fixed BEFORE UPDATE OF id, region, key, effective_from ON policy_value
WHEN NEW.id IS NOT OLD.id OR NEW.region IS NOT OLD.region OR NEW.key IS NOT OLD.key OR NEW.effective_from IS NOT OLD.effective_from
BEGIN
  SELECT RAISE(ABORT, 'policy_value identity (region, key, effective_from) cannot change');
END;
