-- 0005: a print is recorded only when it is known to have been printed ('print': Electron's
-- print callback reported success). In browser mode the window opens the browser's own
-- print dialog and cannot know whether anything was printed: that record says what it is,
-- a print request ('print-request'). SQLite cannot change a CHECK in place, so the table is
-- rebuilt with the same rows, ids and index.
CREATE TABLE print_event_new (
  id           INTEGER PRIMARY KEY,
  sheet_number TEXT NOT NULL REFERENCES sheet (number),
  at           TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('pdf', 'html', 'print', 'print-request')),
  clerk        TEXT NOT NULL,
  content_hash TEXT NOT NULL
) STRICT;

INSERT INTO print_event_new (id, sheet_number, at, kind, clerk, content_hash)
  SELECT id, sheet_number, at, kind, clerk, content_hash FROM print_event;
DROP TABLE print_event;
ALTER TABLE print_event_new RENAME TO print_event;
CREATE INDEX print_event_by_sheet ON print_event (sheet_number, at);
