-- 0007: data safety (issue 12). Each guarantee below is the SQLite side of a repository
-- interface in src/store/ports.ts; a server database implements the same guarantee its own way.
--
-- 1. Sheet numbers come from a counter row per day and counter that only ever increases
--    (never from counting sheets), so erasure, retention purges and crashes can neither reuse
--    nor block a number. The row is taken and the sheet stored in one immediate transaction.
--    The same table as PostgreSQL's (db/migrations-pg/0003-sheets-and-prints.sql).
CREATE TABLE sheet_counter (
  day         TEXT NOT NULL,                              -- YYYYMMDD, as in the number
  counter     TEXT NOT NULL,                              -- the counter's two digits, as in the number
  last_number INTEGER NOT NULL CHECK (last_number >= 1),  -- the last sequence number handed out
  PRIMARY KEY (day, counter)
) STRICT;

CREATE TRIGGER sheet_counter_only_increases BEFORE UPDATE ON sheet_counter
WHEN NEW.last_number <= OLD.last_number OR NEW.day IS NOT OLD.day OR NEW.counter IS NOT OLD.counter
BEGIN
  SELECT RAISE(ABORT, '告知单编号计数只能增加');
END;

CREATE TRIGGER sheet_counter_never_deleted BEFORE DELETE ON sheet_counter
BEGIN
  SELECT RAISE(ABORT, '告知单编号计数不能删除');
END;

-- Numbers already handed out: the counter starts after the highest one of each day and counter.
INSERT INTO sheet_counter (day, counter, last_number)
SELECT substr(number, 1, 8), substr(number, 10, 2), max(CAST(substr(number, 13) AS INTEGER))
FROM sheet WHERE number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9]*'
GROUP BY 1, 2;

-- 2. Erasure finds every row that names a person. ID numbers are stored trimmed and with an
--    upper-case X (the program does so on save; rows saved before are normalised here), and a
--    sheet keeps the SHA-256 of its client's normalised ID number (not the number itself), so a
--    sheet issued before its case was saved, or left by a deleted case, is found too.
UPDATE case_record
SET id_number = upper(trim(id_number, ' ' || char(9, 10, 11, 12, 13, 160, 12288, 65279)))
WHERE id_number IS NOT NULL;
UPDATE case_record
SET case_json = json_set(case_json, '$.person.idNumber', id_number)
WHERE id_number IS NOT NULL AND json_extract(case_json, '$.person.idNumber') IS NOT id_number;

ALTER TABLE sheet ADD COLUMN client_key TEXT;   -- SHA-256 (hex) of the normalised ID number, or NULL
UPDATE sheet SET client_key = (SELECT yibao_sha256(c.id_number) FROM case_record c WHERE c.id = sheet.case_id AND c.id_number IS NOT NULL)
WHERE case_id IS NOT NULL;
CREATE INDEX sheet_by_client ON sheet (client_key) WHERE client_key IS NOT NULL;

-- 3. Administrator PIN attempts, per scope (this database is one counter: scope 'admin'),
--    kept across restarts: failures since the last right PIN and when the last one was.
CREATE TABLE pin_attempt (
  scope           TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL CHECK (failures >= 0),
  last_failure_at TEXT
) STRICT;

-- 4. The audit log is append-only and chained, exactly as the PostgreSQL store does it
--    (db/migrations-pg/0004-policy-audit.sql): each row stores the hash of the row before it
--    (`prev_hash`, '' for the first) and its own (`row_hash`), computed as src/store/audit-chain.ts
--    says, so one verifier serves both. Here the triggers compute them with yibao_audit_hash, a
--    function only the program's connection has, so a plain SQLite tool cannot change the
--    library behind the audit. UPDATE and DELETE on the audit table are aborted; the audit
--    context can be set and cleared only by the program, and never changed in place.
DROP TRIGGER policy_value_audit_insert;
DROP TRIGGER policy_value_audit_update;
DROP TRIGGER policy_value_audit_delete;
DROP TRIGGER policy_document_audit_insert;
DROP TRIGGER policy_document_audit_update;
DROP TRIGGER policy_document_audit_delete;

CREATE TABLE policy_audit_chained (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  entity      TEXT NOT NULL CHECK (entity IN ('value', 'document')),
  entity_id   TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json  TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
  reason      TEXT NOT NULL,
  pack        TEXT,
  prev_hash   TEXT NOT NULL,
  row_hash    TEXT NOT NULL
) STRICT;

-- The rows recorded so far, chained in the order they were written.
WITH RECURSIVE
  ordered AS MATERIALIZED (SELECT row_number() OVER (ORDER BY id) AS n, * FROM policy_audit),
  chain (n, id, prev_hash, row_hash) AS (
    SELECT n, id, '', yibao_audit_hash('', id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
    FROM ordered WHERE n = 1
    UNION ALL
    SELECT o.n, o.id, c.row_hash,
      yibao_audit_hash(c.row_hash, o.id, o.at, o.actor, o.action, o.entity, o.entity_id, o.before_json, o.after_json, o.reason, o.pack)
    FROM chain c JOIN ordered o ON o.n = c.n + 1
  )
INSERT INTO policy_audit_chained (id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
SELECT o.id, o.at, o.actor, o.action, o.entity, o.entity_id, o.before_json, o.after_json, o.reason, o.pack, c.prev_hash, c.row_hash
FROM ordered o JOIN chain c ON c.id = o.id ORDER BY o.id;

DROP TABLE policy_audit;
ALTER TABLE policy_audit_chained RENAME TO policy_audit;
CREATE INDEX policy_audit_by_entity ON policy_audit (entity, entity_id, id);

CREATE TRIGGER policy_audit_no_update BEFORE UPDATE ON policy_audit
BEGIN
  SELECT RAISE(ABORT, '审计记录只能追加，不能修改或删除（policy_audit）');
END;

CREATE TRIGGER policy_audit_no_delete BEFORE DELETE ON policy_audit
BEGIN
  SELECT RAISE(ABORT, '审计记录只能追加，不能修改或删除（policy_audit）');
END;

-- A row is added only at the end of the chain, with the hash the program computes.
CREATE TRIGGER policy_audit_chained_insert BEFORE INSERT ON policy_audit
WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM policy_audit)
  OR NEW.prev_hash IS NOT coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '')
  OR NEW.row_hash IS NOT yibao_audit_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.action, NEW.entity, NEW.entity_id, NEW.before_json, NEW.after_json, NEW.reason, NEW.pack)
BEGIN
  SELECT RAISE(ABORT, '审计记录只能接在链尾追加（链式摘要不符）');
END;

CREATE TRIGGER audit_context_program_only_insert BEFORE INSERT ON audit_context
WHEN yibao_program() IS NOT 1
BEGIN
  SELECT RAISE(ABORT, '审计上下文只能由本程序设置');
END;

CREATE TRIGGER audit_context_no_update BEFORE UPDATE ON audit_context
BEGIN
  SELECT RAISE(ABORT, '审计上下文不能修改');
END;

CREATE TRIGGER audit_context_program_only_delete BEFORE DELETE ON audit_context
WHEN yibao_program() IS NOT 1
BEGIN
  SELECT RAISE(ABORT, '审计上下文只能由本程序清除');
END;

CREATE TRIGGER policy_value_audit_insert AFTER INSERT ON policy_value
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
  SELECT id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev, yibao_audit_hash(prev, id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  FROM (
    SELECT (SELECT coalesce(max(id), 0) + 1 FROM policy_audit) AS id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, actor,
      'insert' AS action, 'value' AS entity, NEW.id AS entity_id,
      NULL AS before_json,
      json_object('region', NEW.region, 'key', NEW.key, 'value', json(NEW.value_json), 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to,
        'document', NEW.document_id, 'article', NEW.article, 'url', NEW.source_url, 'grade', NEW.grade, 'lastReviewed', NEW.last_reviewed, 'note', NEW.note) AS after_json,
      reason, pack, coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '') AS prev
    FROM audit_context
  );
END;

CREATE TRIGGER policy_value_audit_update AFTER UPDATE ON policy_value
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
  SELECT id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev, yibao_audit_hash(prev, id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  FROM (
    SELECT (SELECT coalesce(max(id), 0) + 1 FROM policy_audit) AS id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, actor,
      'update' AS action, 'value' AS entity, NEW.id AS entity_id,
      json_object('region', OLD.region, 'key', OLD.key, 'value', json(OLD.value_json), 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to,
        'document', OLD.document_id, 'article', OLD.article, 'url', OLD.source_url, 'grade', OLD.grade, 'lastReviewed', OLD.last_reviewed, 'note', OLD.note) AS before_json,
      json_object('region', NEW.region, 'key', NEW.key, 'value', json(NEW.value_json), 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to,
        'document', NEW.document_id, 'article', NEW.article, 'url', NEW.source_url, 'grade', NEW.grade, 'lastReviewed', NEW.last_reviewed, 'note', NEW.note) AS after_json,
      reason, pack, coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '') AS prev
    FROM audit_context
  );
END;

CREATE TRIGGER policy_value_audit_delete AFTER DELETE ON policy_value
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
  SELECT id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev, yibao_audit_hash(prev, id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  FROM (
    SELECT (SELECT coalesce(max(id), 0) + 1 FROM policy_audit) AS id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, actor,
      'delete' AS action, 'value' AS entity, OLD.id AS entity_id,
      json_object('region', OLD.region, 'key', OLD.key, 'value', json(OLD.value_json), 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to,
        'document', OLD.document_id, 'article', OLD.article, 'url', OLD.source_url, 'grade', OLD.grade, 'lastReviewed', OLD.last_reviewed, 'note', OLD.note) AS before_json,
      NULL AS after_json,
      reason, pack, coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '') AS prev
    FROM audit_context
  );
END;

CREATE TRIGGER policy_document_audit_insert AFTER INSERT ON policy_document
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
  SELECT id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev, yibao_audit_hash(prev, id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  FROM (
    SELECT (SELECT coalesce(max(id), 0) + 1 FROM policy_audit) AS id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, actor,
      'insert' AS action, 'document' AS entity, NEW.id AS entity_id,
      NULL AS before_json,
      json_object('number', NEW.number, 'title', NEW.title, 'issuer', NEW.issuer, 'url', NEW.url, 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to, 'kind', NEW.kind) AS after_json,
      reason, pack, coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '') AS prev
    FROM audit_context
  );
END;

CREATE TRIGGER policy_document_audit_update AFTER UPDATE ON policy_document
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
  SELECT id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev, yibao_audit_hash(prev, id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  FROM (
    SELECT (SELECT coalesce(max(id), 0) + 1 FROM policy_audit) AS id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, actor,
      'update' AS action, 'document' AS entity, NEW.id AS entity_id,
      json_object('number', OLD.number, 'title', OLD.title, 'issuer', OLD.issuer, 'url', OLD.url, 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to, 'kind', OLD.kind) AS before_json,
      json_object('number', NEW.number, 'title', NEW.title, 'issuer', NEW.issuer, 'url', NEW.url, 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to, 'kind', NEW.kind) AS after_json,
      reason, pack, coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '') AS prev
    FROM audit_context
  );
END;

CREATE TRIGGER policy_document_audit_delete AFTER DELETE ON policy_document
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
  SELECT id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev, yibao_audit_hash(prev, id, at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  FROM (
    SELECT (SELECT coalesce(max(id), 0) + 1 FROM policy_audit) AS id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, actor,
      'delete' AS action, 'document' AS entity, OLD.id AS entity_id,
      json_object('number', OLD.number, 'title', OLD.title, 'issuer', OLD.issuer, 'url', OLD.url, 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to, 'kind', OLD.kind) AS before_json,
      NULL AS after_json,
      reason, pack, coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '') AS prev
    FROM audit_context
  );
END;
