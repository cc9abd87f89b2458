-- 0009: search that does not scan, and the impact preview's pre-filter (issue 14). Every table
-- here is derived from case_record and kept in step by its triggers, whoever writes the case
-- (a save, an import, a purge, an erasure). PostgreSQL: db/migrations-pg/0009-case-search.sql.

-- A stable integer key per saved case. case_record's own rowid may change at a VACUUM (erasure
-- vacuums backups), so the full-text index and the pre-filter are keyed by this instead.
-- reads_from: the earliest month ('YYYY-MM') in which the engine can read a policy value for the
-- case: the first of its first history month, the earliest statutory retirement month (50 years
-- after birth, the lowest age of any retirement category), its as-of date and its payment date.
-- tests/unit/impact.test.ts checks this against the engine's actual reads.
CREATE TABLE case_search (
  key        INTEGER PRIMARY KEY,
  case_id    TEXT NOT NULL UNIQUE,
  reads_from TEXT
) STRICT;

-- Every region a case names (its region, a history entry's, the region transferred from): a
-- policy change in a region can only change the cases naming it or a region under it.
CREATE TABLE case_region (
  region   TEXT NOT NULL,
  case_key INTEGER NOT NULL,
  PRIMARY KEY (region, case_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_region_by_case ON case_region (case_key);

-- Names by substring without a table scan: FTS5's trigram tokenizer over the name (queries of 3
-- or more characters), and over a column of the name's 1- and 2-character pieces, each closed by
-- char(1) markers ('王芳' → '王'‹1›‹1›'王芳'‹1›'芳'‹1›‹1›), so a 1- or 2-character query is one
-- trigram too ('王芳'‹1›). Contentless: the names stay in case_record only.
CREATE VIRTUAL TABLE case_name_fts USING fts5 (name, pieces, content = '', contentless_delete = 1, tokenize = 'trigram');

-- Positions 1…200 of a name (names are at most 50 characters): triggers may not use a WITH
-- clause, so the pieces are cut by joining this table.
CREATE TABLE name_position (n INTEGER PRIMARY KEY) STRICT;
WITH RECURSIVE p (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 200)
INSERT INTO name_position (n) SELECT n FROM p;

-- ID numbers by their last digits: the number reversed (IDs are 18 characters), indexed.
ALTER TABLE case_record ADD COLUMN id_tail TEXT GENERATED ALWAYS AS (
  substr(id_number, 18, 1) || substr(id_number, 17, 1) || substr(id_number, 16, 1) || substr(id_number, 15, 1) ||
  substr(id_number, 14, 1) || substr(id_number, 13, 1) || substr(id_number, 12, 1) || substr(id_number, 11, 1) ||
  substr(id_number, 10, 1) || substr(id_number, 9, 1) || substr(id_number, 8, 1) || substr(id_number, 7, 1) ||
  substr(id_number, 6, 1) || substr(id_number, 5, 1) || substr(id_number, 4, 1) || substr(id_number, 3, 1) ||
  substr(id_number, 2, 1) || substr(id_number, 1, 1)
) VIRTUAL;
CREATE INDEX case_record_by_id_tail ON case_record (id_tail) WHERE id_tail IS NOT NULL;

CREATE TRIGGER case_search_insert AFTER INSERT ON case_record
BEGIN
  INSERT INTO case_search (case_id, reads_from)
  SELECT new.id, min(m) FROM (
    SELECT json_extract(h.value, '$.from') AS m FROM json_each(new.case_json, '$.history') AS h
    UNION ALL
    SELECT printf('%04d', CAST(substr(json_extract(new.case_json, '$.person.birth'), 1, 4) AS INTEGER) + 50)
           || substr(json_extract(new.case_json, '$.person.birth'), 5)
    UNION ALL SELECT substr(json_extract(new.case_json, '$.asOf'), 1, 7)
    UNION ALL SELECT substr(json_extract(new.case_json, '$.request.paymentDate'), 1, 7)
  ) WHERE m GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]';
  INSERT INTO case_name_fts (rowid, name, pieces)
  SELECT s.key, new.person_name, (
    SELECT group_concat(substr(new.person_name, n, 1) || char(1, 1)
           || CASE WHEN n < length(new.person_name) THEN substr(new.person_name, n, 2) || char(1) ELSE '' END, '')
    FROM name_position WHERE n <= length(new.person_name))
  FROM case_search AS s WHERE s.case_id = new.id;
  INSERT OR IGNORE INTO case_region (region, case_key)
  SELECT region, (SELECT key FROM case_search WHERE case_id = new.id) FROM (
    SELECT new.region AS region
    UNION SELECT json_extract(new.case_json, '$.request.transferFrom')
    UNION SELECT json_extract(h.value, '$.region') FROM json_each(new.case_json, '$.history') AS h
  ) WHERE typeof(region) = 'text';
END;

CREATE TRIGGER case_search_delete AFTER DELETE ON case_record
BEGIN
  DELETE FROM case_name_fts WHERE rowid = (SELECT key FROM case_search WHERE case_id = old.id);
  DELETE FROM case_region WHERE case_key = (SELECT key FROM case_search WHERE case_id = old.id);
  DELETE FROM case_search WHERE case_id = old.id;
END;

-- A saved case saved again: what it derives is worked out afresh (under the same key).
CREATE TRIGGER case_search_update AFTER UPDATE OF person_name, region, case_json ON case_record
BEGIN
  UPDATE case_search SET reads_from = (
    SELECT min(m) FROM (
      SELECT json_extract(h.value, '$.from') AS m FROM json_each(new.case_json, '$.history') AS h
      UNION ALL
      SELECT printf('%04d', CAST(substr(json_extract(new.case_json, '$.person.birth'), 1, 4) AS INTEGER) + 50)
             || substr(json_extract(new.case_json, '$.person.birth'), 5)
      UNION ALL SELECT substr(json_extract(new.case_json, '$.asOf'), 1, 7)
      UNION ALL SELECT substr(json_extract(new.case_json, '$.request.paymentDate'), 1, 7)
    ) WHERE m GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]')
  WHERE case_id = new.id;
  DELETE FROM case_name_fts WHERE rowid = (SELECT key FROM case_search WHERE case_id = new.id);
  INSERT INTO case_name_fts (rowid, name, pieces)
  SELECT s.key, new.person_name, (
    SELECT group_concat(substr(new.person_name, n, 1) || char(1, 1)
           || CASE WHEN n < length(new.person_name) THEN substr(new.person_name, n, 2) || char(1) ELSE '' END, '')
    FROM name_position WHERE n <= length(new.person_name))
  FROM case_search AS s WHERE s.case_id = new.id;
  DELETE FROM case_region WHERE case_key = (SELECT key FROM case_search WHERE case_id = new.id);
  INSERT OR IGNORE INTO case_region (region, case_key)
  SELECT region, (SELECT key FROM case_search WHERE case_id = new.id) FROM (
    SELECT new.region AS region
    UNION SELECT json_extract(new.case_json, '$.request.transferFrom')
    UNION SELECT json_extract(h.value, '$.region') FROM json_each(new.case_json, '$.history') AS h
  ) WHERE typeof(region) = 'text';
END;

-- The cases saved before this migration, oldest first (their keys follow the order of saving).
INSERT INTO case_search (case_id, reads_from)
SELECT c.id, (
  SELECT min(m) FROM (
    SELECT json_extract(h.value, '$.from') AS m FROM json_each(c.case_json, '$.history') AS h
    UNION ALL
    SELECT printf('%04d', CAST(substr(json_extract(c.case_json, '$.person.birth'), 1, 4) AS INTEGER) + 50)
           || substr(json_extract(c.case_json, '$.person.birth'), 5)
    UNION ALL SELECT substr(json_extract(c.case_json, '$.asOf'), 1, 7)
    UNION ALL SELECT substr(json_extract(c.case_json, '$.request.paymentDate'), 1, 7)
  ) WHERE m GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]')
FROM case_record AS c ORDER BY c.updated_at, c.id;
INSERT INTO case_name_fts (rowid, name, pieces)
SELECT s.key, c.person_name, (
  SELECT group_concat(substr(c.person_name, n, 1) || char(1, 1)
         || CASE WHEN n < length(c.person_name) THEN substr(c.person_name, n, 2) || char(1) ELSE '' END, '')
  FROM name_position WHERE n <= length(c.person_name))
FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id;
INSERT OR IGNORE INTO case_region (region, case_key)
SELECT c.region, s.key FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id
UNION ALL
SELECT json_extract(c.case_json, '$.request.transferFrom'), s.key FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id
WHERE typeof(json_extract(c.case_json, '$.request.transferFrom')) = 'text'
UNION ALL
SELECT json_extract(h.value, '$.region'), s.key FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id, json_each(c.case_json, '$.history') AS h
WHERE typeof(json_extract(h.value, '$.region')) = 'text';
