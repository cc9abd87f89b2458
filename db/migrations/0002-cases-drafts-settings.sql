-- 0002: saved cases, the autosaved working draft, and counter settings (issue 3).

-- A saved case: the validated case file, plus the fields the case list searches on.
CREATE TABLE case_record (
  id          TEXT PRIMARY KEY,
  person_name TEXT NOT NULL,
  id_number   TEXT,                        -- full number for lookup; shown masked everywhere
  region      TEXT NOT NULL,
  case_json   TEXT NOT NULL CHECK (json_valid(case_json)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX case_record_by_updated ON case_record (updated_at DESC);
CREATE INDEX case_record_by_id_number ON case_record (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX case_record_by_name ON case_record (person_name);

-- The working draft: exactly what the clerk typed (valid or not), saved on every change
-- so a crash or power cut loses nothing. One slot per workstation window.
CREATE TABLE case_draft (
  slot       TEXT PRIMARY KEY,
  case_id    TEXT,                         -- the saved case being edited, if any
  draft_json TEXT NOT NULL CHECK (json_valid(draft_json)),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE setting (
  key        TEXT PRIMARY KEY,
  value_json TEXT NOT NULL CHECK (json_valid(value_json))
) STRICT;
