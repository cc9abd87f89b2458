-- 0008 (PostgreSQL): shipped library updates reach a database that already exists (issue 13).
-- Same tables and meaning as db/migrations/0008-policy-release.sql.

CREATE TABLE policy_shipped (
  row_id       text PRIMARY KEY,                    -- region/key/effectiveFrom
  content_hash text NOT NULL,                       -- SHA-256 of the row as shipped (core/policy/release.ts rowContent)
  release      text NOT NULL
);

CREATE TABLE policy_conflict (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  row_id       text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('changed', 'overlap')),
  release      text NOT NULL,
  release_row  text NOT NULL CHECK ((release_row::json) IS NOT NULL),
  content_hash text NOT NULL,
  detected_at  text NOT NULL,
  resolution   text CHECK (resolution IS NULL OR resolution IN ('mine', 'release', 'superseded')),
  resolved_by  text,
  resolved_at  text,
  UNIQUE (row_id, content_hash)
);

-- A row's id is derived from its region, key and start date, and that identity never changes.
CREATE FUNCTION policy_value_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.id, NEW.region, NEW.key, NEW.effective_from) IS DISTINCT FROM (OLD.id, OLD.region, OLD.key, OLD.effective_from) THEN
    RAISE EXCEPTION 'policy_value identity (region, key, effective_from) cannot change';
  END IF;
  IF TG_OP = 'INSERT' AND NEW.id IS DISTINCT FROM NEW.region || '/' || NEW.key || '/' || to_char(NEW.effective_from, 'YYYY-MM-DD') THEN
    RAISE EXCEPTION 'policy_value id must be region/key/effective_from';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER policy_value_identity BEFORE INSERT OR UPDATE ON policy_value FOR EACH ROW EXECUTE FUNCTION policy_value_identity();
