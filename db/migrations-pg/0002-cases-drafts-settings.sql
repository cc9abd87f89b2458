-- 0002 (PostgreSQL): saved cases, the autosaved working draft, and settings (issue 3).
-- Same tables and meaning as db/migrations/0002-cases-drafts-settings.sql. JSON is kept as
-- text (exactly as written, like SQLite), checked to be JSON; times are ISO text as written.

-- A saved case: the validated case file, plus the fields the case list searches on.
CREATE TABLE case_record (
  id          text PRIMARY KEY,
  person_name text NOT NULL,
  id_number   text,                        -- full number for lookup; shown masked everywhere
  region      text NOT NULL,
  case_json   text NOT NULL CHECK ((case_json::json) IS NOT NULL),
  created_at  text NOT NULL,
  updated_at  text NOT NULL
);

CREATE INDEX case_record_by_updated ON case_record (updated_at DESC);
CREATE INDEX case_record_by_id_number ON case_record (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX case_record_by_name ON case_record (person_name);

-- The working draft of a counter that keeps its drafts in this database (a hall's counters
-- keep theirs on the counter itself; see the hall server).
CREATE TABLE case_draft (
  slot       text PRIMARY KEY,
  case_id    text,
  draft_json text NOT NULL CHECK ((draft_json::json) IS NOT NULL),
  updated_at text NOT NULL
);

CREATE TABLE setting (
  key        text PRIMARY KEY,
  value_json text NOT NULL CHECK ((value_json::json) IS NOT NULL)
);
