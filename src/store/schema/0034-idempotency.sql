-- 0034-idempotency.sql: the Idempotency-Key of the JSON API (src/core/idem.c).
--
-- A client that may send a write twice (a phone whose reply was lost on
-- the way back) names it with a key of its own.  The first request with a
-- key claims this row; the change it makes sets `applied` in the same
-- transaction, so the row says exactly whether the change landed; the
-- reply is kept once the handler has answered, and a second request with
-- the same key and the same content gets that reply instead of a second
-- change.  Rows are kept for a day.
CREATE TABLE idem_key(
  id ID_PK,
  user_id INTEGER NOT NULL,                -- whose key (keys are per user)
  ikey TEXT NOT NULL,                      -- the client's Idempotency-Key
  req_hash TEXT NOT NULL,                  -- SM3 of method, path, parameters, body
  applied INTEGER NOT NULL DEFAULT 0,      -- 1 once the change committed
  status INTEGER NOT NULL DEFAULT 0,       -- the reply's HTTP status, 0 while running
  ctype TEXT,                              -- the reply's content type
  body TEXT,                               -- the reply (NULL when it held a secret)
  created_at INTEGER NOT NULL,
  UNIQUE(user_id, ikey)
);
CREATE INDEX idem_key_created ON idem_key(created_at);
