-- 0012: cases assessed (issue 24, 统计's 核算案件). The window assesses as the clerk types, with
-- no round trip; once the typing pauses it tells the services what it assessed for the client's
-- case now on the form (one row per consultation: the window's random key for that case on the
-- form, new whenever another case is put there). It names no client — no name, no ID number,
-- no phone — only the day, the clerk and counter, the region and scheme, the interruption's
-- length and the questions the library answered "unknown" (JSON: [{code, key, region}]); so it
-- is statistics, not personal data, and an erasure has nothing to remove here.
CREATE TABLE assessment_note (
  consultation        TEXT PRIMARY KEY,
  -- Local day (YYYY-MM-DD) and time (ISO, UTC) of the consultation's first note; the latest note's time.
  day                 TEXT NOT NULL,
  first_at            TEXT NOT NULL,
  last_at             TEXT NOT NULL,
  clerk               TEXT NOT NULL,
  counter             TEXT NOT NULL,
  region              TEXT NOT NULL,
  scheme              TEXT NOT NULL,
  interruption_months INTEGER,
  unknowns_json       TEXT NOT NULL
) STRICT;
CREATE INDEX assessment_note_day ON assessment_note (day);
