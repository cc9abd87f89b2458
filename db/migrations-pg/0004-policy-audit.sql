-- 0004 (PostgreSQL): every change to the policy library leaves an audit record (issue 5).
-- Same meaning as db/migrations/0004-policy-audit.sql: a change to policy_value or
-- policy_document without its context (who and why) is aborted, and before and after are
-- recorded. The context is set by the program inside the same transaction with
-- set_config('yibao.audit_actor' / 'yibao.audit_reason' / 'yibao.audit_pack', …, true):
-- transaction-local, so it cannot outlive the change or leak to another connection.
-- Also here (issue 12's rules, which a shared database needs from the start): the audit rows
-- are append-only (UPDATE, DELETE and TRUNCATE are aborted) and chained — each row stores the
-- hash of the row before it and its own hash over its content (src/store/audit-chain.ts
-- recomputes and verifies it).

CREATE TABLE policy_audit (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          text NOT NULL,
  actor       text NOT NULL,
  action      text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  entity      text NOT NULL CHECK (entity IN ('value', 'document')),
  entity_id   text NOT NULL,
  before_json text CHECK (before_json IS NULL OR (before_json::json) IS NOT NULL),
  after_json  text CHECK (after_json IS NULL OR (after_json::json) IS NOT NULL),
  reason      text NOT NULL,
  pack        text,
  prev_hash   text NOT NULL,
  row_hash    text NOT NULL
);

CREATE INDEX policy_audit_by_entity ON policy_audit (entity, entity_id, id);

-- One field of the chained content: its length in bytes, a colon, the text ('-' for NULL), so
-- no choice of text can make two different rows hash alike.
CREATE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(value)::text || ':' || value END
$$;

-- Chains every new audit row to the one before it. The advisory lock (held to the end of the
-- transaction) orders writers; the id is taken again under it (the default was drawn before the
-- lock), so ids, hashes and commits follow one another in the same order.
CREATE FUNCTION policy_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('yibao.policy_audit'));
  NEW.id := nextval(pg_get_serial_sequence('policy_audit', 'id'));
  NEW.prev_hash := coalesce((SELECT row_hash FROM policy_audit ORDER BY id DESC LIMIT 1), '');
  NEW.row_hash := encode(sha256(convert_to(
    audit_field(NEW.prev_hash) || audit_field(NEW.id::text) || audit_field(NEW.at) || audit_field(NEW.actor) ||
    audit_field(NEW.action) || audit_field(NEW.entity) || audit_field(NEW.entity_id) || audit_field(NEW.before_json) ||
    audit_field(NEW.after_json) || audit_field(NEW.reason) || audit_field(NEW.pack), 'UTF8')), 'hex');
  RETURN NEW;
END $$;

CREATE TRIGGER policy_audit_chain BEFORE INSERT ON policy_audit FOR EACH ROW EXECUTE FUNCTION policy_audit_chain();

CREATE FUNCTION policy_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'policy_audit is append-only';
END $$;

CREATE TRIGGER policy_audit_no_update BEFORE UPDATE OR DELETE ON policy_audit FOR EACH ROW EXECUTE FUNCTION policy_audit_append_only();
CREATE TRIGGER policy_audit_no_truncate BEFORE TRUNCATE ON policy_audit FOR EACH STATEMENT EXECUTE FUNCTION policy_audit_append_only();

CREATE FUNCTION policy_value_json(v policy_value) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT json_build_object('region', v.region, 'key', v.key, 'value', v.value_json::json, 'effectiveFrom', v.effective_from,
    'effectiveTo', v.effective_to, 'document', v.document_id, 'article', v.article, 'url', v.source_url, 'grade', v.grade,
    'lastReviewed', v.last_reviewed, 'note', v.note)::text
$$;

CREATE FUNCTION policy_document_json(d policy_document) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT json_build_object('number', d.number, 'title', d.title, 'issuer', d.issuer, 'url', d.url, 'effectiveFrom', d.effective_from,
    'effectiveTo', d.effective_to, 'kind', d.kind)::text
$$;

-- Records who, when, before, after and why; aborts a change without its context.
CREATE FUNCTION policy_audit_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_actor  text := nullif(current_setting('yibao.audit_actor', true), '');
  v_reason text := nullif(current_setting('yibao.audit_reason', true), '');
  v_pack   text := nullif(current_setting('yibao.audit_pack', true), '');
  v_entity text := CASE TG_TABLE_NAME WHEN 'policy_value' THEN 'value' ELSE 'document' END;
  v_before text;
  v_after  text;
BEGIN
  IF v_actor IS NULL OR v_reason IS NULL THEN
    RAISE EXCEPTION 'policy change without audit context';
  END IF;
  IF TG_TABLE_NAME = 'policy_value' THEN
    IF TG_OP <> 'INSERT' THEN v_before := policy_value_json(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN v_after := policy_value_json(NEW); END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN v_before := policy_document_json(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN v_after := policy_document_json(NEW); END IF;
  END IF;
  INSERT INTO policy_audit (at, actor, action, entity, entity_id, before_json, after_json, reason, pack, prev_hash, row_hash)
  VALUES (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), v_actor, lower(TG_OP), v_entity,
          CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, v_before, v_after, v_reason, v_pack, '', '');
  RETURN NULL;
END $$;

CREATE TRIGGER policy_value_audit AFTER INSERT OR UPDATE OR DELETE ON policy_value FOR EACH ROW EXECUTE FUNCTION policy_audit_record();
CREATE TRIGGER policy_document_audit AFTER INSERT OR UPDATE OR DELETE ON policy_document FOR EACH ROW EXECUTE FUNCTION policy_audit_record();

-- A truncate would bypass the row triggers above: refused.
CREATE FUNCTION policy_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'policy change without audit context';
END $$;

CREATE TRIGGER policy_value_no_truncate BEFORE TRUNCATE ON policy_value FOR EACH STATEMENT EXECUTE FUNCTION policy_no_truncate();
CREATE TRIGGER policy_document_no_truncate BEFORE TRUNCATE ON policy_document FOR EACH STATEMENT EXECUTE FUNCTION policy_no_truncate();
