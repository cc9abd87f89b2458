-- 0004: every change to the policy library leaves an audit record (issue 5).
-- The database enforces it: a change to policy_value or policy_document without an
-- audit_context row (who and why, set by the program inside the same transaction and
-- removed before it commits) is aborted.

CREATE TABLE audit_context (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  actor  TEXT NOT NULL CHECK (length(actor) > 0),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  pack   TEXT                                     -- content hash of the policy pack, when importing one
) STRICT;

CREATE TABLE policy_audit (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  entity      TEXT NOT NULL CHECK (entity IN ('value', 'document')),
  entity_id   TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json  TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
  reason      TEXT NOT NULL,
  pack        TEXT
) STRICT;

CREATE INDEX policy_audit_by_entity ON policy_audit (entity, entity_id, id);

CREATE TRIGGER policy_value_audit_insert AFTER INSERT ON policy_value
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), actor, 'insert', 'value', NEW.id, NULL,
    json_object('region', NEW.region, 'key', NEW.key, 'value', json(NEW.value_json), 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to,
                'document', NEW.document_id, 'article', NEW.article, 'url', NEW.source_url, 'grade', NEW.grade, 'lastReviewed', NEW.last_reviewed, 'note', NEW.note),
    reason, pack FROM audit_context;
END;

CREATE TRIGGER policy_value_audit_update AFTER UPDATE ON policy_value
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), actor, 'update', 'value', NEW.id,
    json_object('region', OLD.region, 'key', OLD.key, 'value', json(OLD.value_json), 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to,
                'document', OLD.document_id, 'article', OLD.article, 'url', OLD.source_url, 'grade', OLD.grade, 'lastReviewed', OLD.last_reviewed, 'note', OLD.note),
    json_object('region', NEW.region, 'key', NEW.key, 'value', json(NEW.value_json), 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to,
                'document', NEW.document_id, 'article', NEW.article, 'url', NEW.source_url, 'grade', NEW.grade, 'lastReviewed', NEW.last_reviewed, 'note', NEW.note),
    reason, pack FROM audit_context;
END;

CREATE TRIGGER policy_value_audit_delete AFTER DELETE ON policy_value
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), actor, 'delete', 'value', OLD.id,
    json_object('region', OLD.region, 'key', OLD.key, 'value', json(OLD.value_json), 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to,
                'document', OLD.document_id, 'article', OLD.article, 'url', OLD.source_url, 'grade', OLD.grade, 'lastReviewed', OLD.last_reviewed, 'note', OLD.note),
    NULL, reason, pack FROM audit_context;
END;

CREATE TRIGGER policy_document_audit_insert AFTER INSERT ON policy_document
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), actor, 'insert', 'document', NEW.id, NULL,
    json_object('number', NEW.number, 'title', NEW.title, 'issuer', NEW.issuer, 'url', NEW.url, 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to, 'kind', NEW.kind),
    reason, pack FROM audit_context;
END;

CREATE TRIGGER policy_document_audit_update AFTER UPDATE ON policy_document
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), actor, 'update', 'document', NEW.id,
    json_object('number', OLD.number, 'title', OLD.title, 'issuer', OLD.issuer, 'url', OLD.url, 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to, 'kind', OLD.kind),
    json_object('number', NEW.number, 'title', NEW.title, 'issuer', NEW.issuer, 'url', NEW.url, 'effectiveFrom', NEW.effective_from, 'effectiveTo', NEW.effective_to, 'kind', NEW.kind),
    reason, pack FROM audit_context;
END;

CREATE TRIGGER policy_document_audit_delete AFTER DELETE ON policy_document
BEGIN
  SELECT RAISE(ABORT, 'policy change without audit context') WHERE NOT EXISTS (SELECT 1 FROM audit_context);
  INSERT INTO policy_audit (at, actor, action, entity, entity_id, before_json, after_json, reason, pack)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), actor, 'delete', 'document', OLD.id,
    json_object('number', OLD.number, 'title', OLD.title, 'issuer', OLD.issuer, 'url', OLD.url, 'effectiveFrom', OLD.effective_from, 'effectiveTo', OLD.effective_to, 'kind', OLD.kind),
    NULL, reason, pack FROM audit_context;
END;
