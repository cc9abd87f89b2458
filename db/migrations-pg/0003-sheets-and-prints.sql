-- 0003 (PostgreSQL): printed sheets (补缴及待遇恢复告知单) and every print (issue 4).
-- Same tables and meaning as db/migrations/0003-sheets-and-prints.sql, plus the guarantee that
-- numbers come from a per-day-per-counter counter row that only ever increases (issue 12's
-- rule, which many counters writing at once need from the start): a number is never handed
-- out twice, whatever is erased or purged later, and a rolled-back issue leaves no gap.

CREATE TABLE sheet (
  number        text PRIMARY KEY,
  case_id       text REFERENCES case_record (id) ON DELETE SET NULL,
  issued_at     text NOT NULL,
  clerk         text NOT NULL,
  snapshot_json text NOT NULL CHECK ((snapshot_json::json) IS NOT NULL),
  html          text NOT NULL,
  content_hash  text NOT NULL
);

CREATE INDEX sheet_by_case ON sheet (case_id, issued_at DESC);

CREATE TABLE print_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sheet_number text NOT NULL REFERENCES sheet (number),
  at           text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('pdf', 'html', 'print')),
  clerk        text NOT NULL,
  content_hash text NOT NULL
);

CREATE INDEX print_event_by_sheet ON print_event (sheet_number, at);

-- The last number handed out per day ('YYYYMMDD') and counter ('NN'). Taken with
-- INSERT … ON CONFLICT DO UPDATE … RETURNING inside the issuing transaction: the row lock
-- makes two counters wait for each other instead of reading the same count.
CREATE TABLE sheet_counter (
  day         text NOT NULL CHECK (day ~ '^[0-9]{8}$'),
  counter     text NOT NULL CHECK (counter ~ '^[0-9]{2}$'),
  last_number integer NOT NULL CHECK (last_number >= 1),
  PRIMARY KEY (day, counter)
);

CREATE FUNCTION sheet_counter_only_increases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'sheet_counter rows are never deleted (a number must never be reused)';
  END IF;
  IF NEW.day <> OLD.day OR NEW.counter <> OLD.counter OR NEW.last_number <= OLD.last_number THEN
    RAISE EXCEPTION 'sheet_counter only increases (a number must never be reused)';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER sheet_counter_only_increases BEFORE UPDATE OR DELETE ON sheet_counter
  FOR EACH ROW EXECUTE FUNCTION sheet_counter_only_increases();

CREATE FUNCTION sheet_counter_never_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sheet_counter rows are never deleted (a number must never be reused)';
END $$;

CREATE TRIGGER sheet_counter_never_truncated BEFORE TRUNCATE ON sheet_counter
  FOR EACH STATEMENT EXECUTE FUNCTION sheet_counter_never_truncated();
