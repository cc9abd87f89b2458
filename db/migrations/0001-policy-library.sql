-- 0001: the policy library (rules.md §0, §8) and the region table (GB/T 2260).
-- Tables are STRICT; dates are ISO 'YYYY-MM-DD' text; values are JSON text.

CREATE TABLE region (
  code   TEXT PRIMARY KEY,                      -- 'CN' or a 6-digit GB/T 2260 code
  name   TEXT NOT NULL,
  level  TEXT NOT NULL CHECK (level IN ('country', 'province', 'prefecture', 'county-direct')),
  parent TEXT REFERENCES region (code)
) STRICT;

-- A source document: a law, a notice, a Q&A page, or a product convention.
CREATE TABLE policy_document (
  id             TEXT PRIMARY KEY,
  number         TEXT NOT NULL,                 -- 文号, e.g. 医保办发〔2021〕43号
  title          TEXT NOT NULL,
  issuer         TEXT,
  url            TEXT,
  effective_from TEXT,
  effective_to   TEXT,                          -- the document's own end of validity
  kind           TEXT NOT NULL DEFAULT 'law' CHECK (kind IN ('law', 'convention'))
) STRICT;

-- One dated value of one key in one region, with its citation.
CREATE TABLE policy_value (
  id             TEXT PRIMARY KEY,
  region         TEXT NOT NULL REFERENCES region (code),
  key            TEXT NOT NULL,
  value_json     TEXT NOT NULL CHECK (json_valid(value_json)),
  effective_from TEXT NOT NULL,
  effective_to   TEXT CHECK (effective_to IS NULL OR effective_to >= effective_from),
  document_id    TEXT NOT NULL REFERENCES policy_document (id),
  article        TEXT,
  source_url     TEXT,
  grade          TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'V', 'S', 'UNVERIFIED', 'CONV')),
  last_reviewed  TEXT NOT NULL,
  note           TEXT
) STRICT;

CREATE INDEX policy_value_by_key ON policy_value (key, region, effective_from);

-- Dated windows of one key in one region never overlap: a new value closes the old one.
CREATE TRIGGER policy_value_no_overlap_insert BEFORE INSERT ON policy_value
WHEN EXISTS (
  SELECT 1 FROM policy_value p
  WHERE p.region = NEW.region AND p.key = NEW.key
    AND p.effective_from <= COALESCE(NEW.effective_to, '9999-12-31')
    AND COALESCE(p.effective_to, '9999-12-31') >= NEW.effective_from
)
BEGIN
  SELECT RAISE(ABORT, 'policy_value overlap');
END;

CREATE TRIGGER policy_value_no_overlap_update BEFORE UPDATE OF region, key, effective_from, effective_to ON policy_value
WHEN EXISTS (
  SELECT 1 FROM policy_value p
  WHERE p.id <> NEW.id AND p.region = NEW.region AND p.key = NEW.key
    AND p.effective_from <= COALESCE(NEW.effective_to, '9999-12-31')
    AND COALESCE(p.effective_to, '9999-12-31') >= NEW.effective_from
)
BEGIN
  SELECT RAISE(ABORT, 'policy_value overlap');
END;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
