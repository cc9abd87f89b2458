-- 0001 (PostgreSQL): the policy library (rules.md §0, §8) and the region table (GB/T 2260).
-- Same tables and meaning as db/migrations/0001-policy-library.sql. Dates of the library are
-- real `date` columns (read back as 'YYYY-MM-DD' text); values are JSON text, as in SQLite.

-- btree_gist lets one exclusion constraint compare the region and key (=) with the dated window (&&).
-- It is a trusted extension: the database's owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE region (
  code   text PRIMARY KEY,                      -- 'CN' or a 6-digit GB/T 2260 code
  name   text NOT NULL,
  level  text NOT NULL CHECK (level IN ('country', 'province', 'prefecture', 'county-direct')),
  parent text REFERENCES region (code)
);

-- A source document: a law, a notice, a Q&A page, or a product convention.
CREATE TABLE policy_document (
  id             text PRIMARY KEY,
  number         text NOT NULL,                 -- 文号, e.g. 医保办发〔2021〕43号
  title          text NOT NULL,
  issuer         text,
  url            text,
  effective_from date,
  effective_to   date,                          -- the document's own end of validity
  kind           text NOT NULL DEFAULT 'law' CHECK (kind IN ('law', 'convention'))
);

-- One dated value of one key in one region, with its citation.
CREATE TABLE policy_value (
  id             text PRIMARY KEY,
  region         text NOT NULL REFERENCES region (code),
  key            text NOT NULL,
  value_json     text NOT NULL CHECK ((value_json::json) IS NOT NULL),
  effective_from date NOT NULL,
  effective_to   date CHECK (effective_to IS NULL OR effective_to >= effective_from),
  document_id    text NOT NULL REFERENCES policy_document (id),
  article        text,
  source_url     text,
  grade          text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'V', 'S', 'UNVERIFIED', 'CONV')),
  last_reviewed  date NOT NULL,
  note           text,
  -- Dated windows of one key in one region never overlap: a new value closes the old one.
  -- An exclusion constraint (not a trigger) holds also when two transactions insert at once.
  CONSTRAINT policy_value_no_overlap EXCLUDE USING gist (
    region WITH =, key WITH =, daterange(effective_from, effective_to, '[]') WITH &&
  )
);

CREATE INDEX policy_value_by_key ON policy_value (key, region, effective_from);

CREATE TABLE meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
