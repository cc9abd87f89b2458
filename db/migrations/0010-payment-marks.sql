-- 0010: 已缴 marks (issue 24, 到期提醒). A clerk marks that a client paid what their sheet said,
-- without yet typing the paid months: the reminder list leaves the client out while the case
-- stays as it was when marked (the same version); saving the case again (with the paid months,
-- or a new interruption) ends the mark. One mark per case; it names no client (the case does),
-- and goes with the case (erasure and retention delete it with the case).
CREATE TABLE payment_mark (
  case_id        TEXT PRIMARY KEY REFERENCES case_record (id) ON DELETE CASCADE,
  case_version   INTEGER NOT NULL CHECK (case_version >= 1),
  -- The case's newest sheet when marked (the one the client paid by), if any.
  sheet_number   TEXT,
  marked_at      TEXT NOT NULL,
  marked_by      TEXT NOT NULL,
  marked_counter TEXT NOT NULL
) STRICT;
