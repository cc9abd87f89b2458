-- 0007 (PostgreSQL): data safety (issue 12). Same meaning as db/migrations/0007-data-safety.sql.
-- Sheet numbers from a counter row that only increases and the append-only chained audit are
-- in this dialect's 0003 and 0004 already; what is added here:
--
-- 1. Erasure finds every row that names a person: ID numbers stored trimmed and with an
--    upper-case X (rows saved before are normalised here), and each sheet keeps the SHA-256 of
--    its client's normalised ID number (src/store/client-data.ts clientKey), so a sheet issued
--    before its case was saved, or left by a deleted case, is found too.
UPDATE case_record
SET id_number = upper(btrim(id_number, E' \t\n\r\f\v' || chr(160) || chr(12288) || chr(65279)))
WHERE id_number IS NOT NULL;
UPDATE case_record
SET case_json = jsonb_set(case_json::jsonb, '{person,idNumber}', to_jsonb(id_number))::text
WHERE id_number IS NOT NULL AND case_json::jsonb #>> '{person,idNumber}' IS DISTINCT FROM id_number;

ALTER TABLE sheet ADD COLUMN client_key text;
UPDATE sheet s SET client_key = encode(sha256(convert_to(c.id_number, 'UTF8')), 'hex')
FROM case_record c WHERE c.id = s.case_id AND c.id_number IS NOT NULL;
CREATE INDEX sheet_by_client ON sheet (client_key) WHERE client_key IS NOT NULL;

-- 2. Administrator PIN attempts per scope (a counter), kept across restarts: failures since
--    the last right PIN and when the last one was (src/store/pg/pin-attempts.ts).
CREATE TABLE pin_attempt (
  scope           text PRIMARY KEY,
  failures        integer NOT NULL CHECK (failures >= 0),
  last_failure_at text
);
