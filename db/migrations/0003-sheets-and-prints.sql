-- 0003: printed sheets (补缴及待遇恢复告知单) and the record of every print (issue 4).

-- A sheet: its number, the snapshot it was rendered from, the canonical HTML handed out
-- (a reprint is these very bytes, even after the template changes in a later version),
-- and the SHA-256 of that HTML.
CREATE TABLE sheet (
  number        TEXT PRIMARY KEY,
  case_id       TEXT REFERENCES case_record (id) ON DELETE SET NULL,
  issued_at     TEXT NOT NULL,
  clerk         TEXT NOT NULL,
  snapshot_json TEXT NOT NULL CHECK (json_valid(snapshot_json)),
  html          TEXT NOT NULL,
  content_hash  TEXT NOT NULL
) STRICT;

CREATE INDEX sheet_by_case ON sheet (case_id, issued_at DESC);

-- Every print, PDF or HTML export of a sheet, including reprints.
CREATE TABLE print_event (
  id           INTEGER PRIMARY KEY,
  sheet_number TEXT NOT NULL REFERENCES sheet (number),
  at           TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('pdf', 'html', 'print')),
  clerk        TEXT NOT NULL,
  content_hash TEXT NOT NULL
) STRICT;

CREATE INDEX print_event_by_sheet ON print_event (sheet_number, at);
