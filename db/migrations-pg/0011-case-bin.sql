-- 0011 (PostgreSQL): the recycle bin (回收站). Same table and meaning as db/migrations/0011-case-bin.sql.
CREATE TABLE case_bin (
  key              bigserial PRIMARY KEY,
  case_id          text NOT NULL,
  person_name      text,
  id_number        text,
  region           text,
  case_json        text,
  created_at       text,
  updated_at       text,
  version          integer,
  saved_by         text,
  saved_counter    text,
  sheets           text NOT NULL DEFAULT '[]',
  deleted_at       text NOT NULL,
  deleted_by       text,
  deleted_counter  text,
  restored_at      text,
  restored_by      text,
  restored_counter text
);
CREATE INDEX case_bin_by_id_number ON case_bin (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX case_bin_waiting ON case_bin (deleted_at DESC) WHERE restored_at IS NULL;
