-- 0012 (PostgreSQL): cases assessed. Same table and meaning as db/migrations/0012-assessment-notes.sql.
CREATE TABLE assessment_note (
  consultation        text PRIMARY KEY,
  day                 text NOT NULL,
  first_at            text NOT NULL,
  last_at             text NOT NULL,
  clerk               text NOT NULL,
  counter             text NOT NULL,
  region              text NOT NULL,
  scheme              text NOT NULL,
  interruption_months integer,
  unknowns_json       text NOT NULL
);
CREATE INDEX assessment_note_day ON assessment_note (day);
