-- 0034-idempotency.sql: the Idempotency-Key of the JSON API (src/core/idem.c) and
-- uploads that resume (src/core/resume.c).
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

-- Uploads in pieces that resume after a drop (src/core/resume.c): the
-- bytes wait in <data>/tmp/part-<token> until complete and hashed, then a
-- register's file route takes them into the file store by the token.
CREATE TABLE upload_session(
  id ID_PK,
  token TEXT NOT NULL UNIQUE,              -- the upload's id in the API (random, hex)
  user_id INTEGER NOT NULL,                -- who opened it (no one else sees it)
  name TEXT NOT NULL,                      -- the file's name as the client gave it
  size INTEGER NOT NULL,                   -- its size in bytes, declared
  sm3 TEXT,                                -- declared SM3, or the file's once complete
  received INTEGER NOT NULL DEFAULT 0,     -- bytes received from offset 0
  done INTEGER NOT NULL DEFAULT 0,         -- 1: complete and hashed
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX upload_session_user ON upload_session(user_id, done);
CREATE INDEX upload_session_updated ON upload_session(updated_at);
