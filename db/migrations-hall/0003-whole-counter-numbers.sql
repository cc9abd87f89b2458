-- Hall 0003 (issue 22, finding 17): a sheet number carries the whole counter number (at least
-- two digits, no leading zeros beyond that), so counters 5, 105 and 905 are three series;
-- before, the last two digits alone made them one. Kept in the hall's track: the counter's
-- SQLite table never restricted the column.
ALTER TABLE sheet_counter DROP CONSTRAINT sheet_counter_counter_check;
ALTER TABLE sheet_counter ADD CONSTRAINT sheet_counter_counter_check CHECK (counter ~ '^[0-9]{2,12}$');
