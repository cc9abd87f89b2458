-- Hall 0002 (issue 22): sign-in and password attempts counted before the password is checked.
-- One row per scope: 'pair:<account>@<source>' (one name from one address), 'account:<account>'
-- (every address) and 'source:<address>' (every name). An attempt locks its rows, is refused
-- while any of them is blocked, and is otherwise counted — in the same transaction, before
-- the slow hash — so guesses sent in parallel are counted one by one. Past a scope's free
-- failures each further one must wait longer (1 s, 2 s, 4 s … up to the configured limit):
-- a back-off, not a lock anyone can set off with five tries. Unknown names get rows too, so
-- an unknown name is answered exactly like a known one.
CREATE TABLE hall_throttle (
  scope          text PRIMARY KEY CHECK (length(scope) <= 200),
  failures       integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  blocked_until  timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX hall_throttle_by_update ON hall_throttle (updated_at);

-- The old hard lock is no longer set; any lock it left is lifted.
UPDATE hall_account SET failed_attempts = 0, locked_until = NULL;
