-- 0010 (PostgreSQL): 已缴 marks. Same table and meaning as db/migrations/0010-payment-marks.sql.
CREATE TABLE payment_mark (
  case_id        text PRIMARY KEY REFERENCES case_record (id) ON DELETE CASCADE,
  case_version   integer NOT NULL CHECK (case_version >= 1),
  sheet_number   text,
  marked_at      text NOT NULL,
  marked_by      text NOT NULL,
  marked_counter text NOT NULL
);
