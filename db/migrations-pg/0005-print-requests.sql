-- 0005 (PostgreSQL): a print is recorded only when it is known to have been printed ('print');
-- a browser's own print dialog is recorded as what it is, a print request ('print-request').
-- Same meaning as db/migrations/0005-print-requests.sql (PostgreSQL changes the CHECK in place).
ALTER TABLE print_event DROP CONSTRAINT print_event_kind_check;
ALTER TABLE print_event ADD CONSTRAINT print_event_kind_check CHECK (kind IN ('pdf', 'html', 'print', 'print-request'));
