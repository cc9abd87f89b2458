-- Hall 0001 (PostgreSQL only): the service hall's clerks, their sessions, and the record of
-- every write made through the hall server (issue 15). A counter's own SQLite database has no
-- accounts: these tables exist only in a hall database, with their own version ('hall').

-- A clerk or administrator, created by an administrator. The password is kept only as a
-- scrypt hash with its salt and parameters ('scrypt$N$r$p$salt$hash', base64).
CREATE TABLE hall_account (
  username        text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,31}$'),
  display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  role            text NOT NULL CHECK (role IN ('clerk', 'admin')),
  password_hash   text NOT NULL,
  enabled         boolean NOT NULL DEFAULT true,
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL,
  password_set_at timestamptz NOT NULL DEFAULT now()
);

-- A signed-in clerk at one counter. Only the SHA-256 of the session token is stored, so a
-- copy of the database does not let anyone sign in. Any server instance can check it.
CREATE TABLE hall_session (
  token_hash  text PRIMARY KEY,
  username    text NOT NULL REFERENCES hall_account (username) ON DELETE CASCADE,
  counter     text NOT NULL CHECK (counter ~ '^[0-9]{1,3}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_seen   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

CREATE INDEX hall_session_by_user ON hall_session (username);
CREATE INDEX hall_session_by_expiry ON hall_session (expires_at);

-- Every write through the hall server (and every sign-in, failed or not): who, at which
-- counter, which method, whether it succeeded. No personal data of clients is kept here.
CREATE TABLE hall_activity (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  username  text,
  counter   text,
  method    text NOT NULL,
  ok        boolean NOT NULL,
  detail    text
);

CREATE INDEX hall_activity_by_time ON hall_activity (at);
