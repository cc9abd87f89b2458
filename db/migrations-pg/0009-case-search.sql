-- 0009 (PostgreSQL): search that does not scan, and the impact preview's pre-filter (issue 14).
-- Same meaning as db/migrations/0009-case-search.sql; kept in step by a trigger on case_record.
-- Names: pg_trgm (a trusted extension in PostgreSQL's contrib, which Debian's postgresql package
-- ships, so the database owner may create it) for queries of 3 or more characters, and a GIN
-- index over the name's 1- and 2-character pieces for shorter ones. Both are case-insensitive.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A stable integer key per saved case and the earliest month the engine can read a policy value
-- for it (see the SQLite migration).
CREATE TABLE case_search (
  key        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    text NOT NULL UNIQUE,
  reads_from text
);

-- Every region a case names.
CREATE TABLE case_region (
  region   text NOT NULL,
  case_key bigint NOT NULL,
  PRIMARY KEY (region, case_key)
);
CREATE INDEX case_region_by_case ON case_region (case_key);

-- The earliest of the first history month, 50 years after birth, the as-of date and the payment date ('YYYY-MM').
CREATE FUNCTION yibao_case_reads_from(case_json text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT min(m) FROM (
    SELECT h ->> 'from' AS m
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(case_json::jsonb -> 'history') = 'array' THEN case_json::jsonb -> 'history' ELSE '[]'::jsonb END) AS h
    UNION ALL
    SELECT CASE WHEN case_json::jsonb #>> '{person,birth}' ~ '^[0-9]{4}-[0-9]{2}$'
           THEN lpad((substr(case_json::jsonb #>> '{person,birth}', 1, 4)::int + 50)::text, 4, '0') || substr(case_json::jsonb #>> '{person,birth}', 5)
           END
    UNION ALL SELECT substr(case_json::jsonb ->> 'asOf', 1, 7)
    UNION ALL SELECT substr(case_json::jsonb #>> '{request,paymentDate}', 1, 7)
  ) AS months WHERE m ~ '^[0-9]{4}-[0-9]{2}$'
$$;

-- Every 1- and 2-character piece of a name, lower-cased.
CREATE FUNCTION yibao_name_pieces(name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT lower(substr(name, n, l))), '{}')
  FROM generate_series(1, char_length(name)) AS n, (VALUES (1), (2)) AS v (l)
  WHERE n + l - 1 <= char_length(name)
$$;

CREATE INDEX case_record_name_trgm ON case_record USING gin (person_name gin_trgm_ops);
CREATE INDEX case_record_name_pieces ON case_record USING gin (yibao_name_pieces(person_name));
-- ID numbers by their first or last digits (text_pattern_ops: a LIKE 'digits%' uses the index whatever the collation).
CREATE INDEX case_record_by_id_prefix ON case_record (id_number text_pattern_ops) WHERE id_number IS NOT NULL;
CREATE INDEX case_record_by_id_tail ON case_record (reverse(id_number) text_pattern_ops) WHERE id_number IS NOT NULL;

CREATE FUNCTION case_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM case_region WHERE case_key = (SELECT key FROM case_search WHERE case_id = OLD.id);
    DELETE FROM case_search WHERE case_id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO case_search (case_id, reads_from) VALUES (NEW.id, yibao_case_reads_from(NEW.case_json))
  ON CONFLICT (case_id) DO UPDATE SET reads_from = excluded.reads_from
  RETURNING key INTO k;
  DELETE FROM case_region WHERE case_key = k;
  INSERT INTO case_region (region, case_key)
  SELECT DISTINCT r, k FROM (
    SELECT NEW.region AS r
    UNION ALL SELECT NEW.case_json::jsonb #>> '{request,transferFrom}'
    UNION ALL SELECT h ->> 'region'
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.case_json::jsonb -> 'history') = 'array' THEN NEW.case_json::jsonb -> 'history' ELSE '[]'::jsonb END) AS h
  ) AS regions WHERE r IS NOT NULL;
  RETURN NEW;
END
$$;

CREATE TRIGGER case_search_sync AFTER INSERT OR DELETE OR UPDATE OF person_name, region, case_json ON case_record
FOR EACH ROW EXECUTE FUNCTION case_search_sync();

-- The cases saved before this migration, oldest first.
INSERT INTO case_search (case_id, reads_from)
SELECT id, yibao_case_reads_from(case_json) FROM case_record ORDER BY updated_at, id;
INSERT INTO case_region (region, case_key)
SELECT DISTINCT r, key FROM (
  SELECT c.region AS r, s.key FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id
  UNION ALL
  SELECT c.case_json::jsonb #>> '{request,transferFrom}', s.key FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id
  UNION ALL
  SELECT h ->> 'region', s.key FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id,
    jsonb_array_elements(CASE WHEN jsonb_typeof(c.case_json::jsonb -> 'history') = 'array' THEN c.case_json::jsonb -> 'history' ELSE '[]'::jsonb END) AS h
) AS regions WHERE r IS NOT NULL;
