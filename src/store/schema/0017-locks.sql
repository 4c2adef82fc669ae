-- 0017-locks.sql: no lost updates, and rate limits kept in the database.
--
-- Every register table gets a version (src/reg/reg.c): 1 when created,
-- one more on every write; an update or step names the version it read
-- (UPDATE ... WHERE id=? AND version=?), so a change made after someone
-- else saved is refused with 409 instead of overwriting theirs.  A new
-- register's table declares the column itself:
--   version INTEGER NOT NULL DEFAULT 1
ALTER TABLE org ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE adviser ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE vp_person ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE vp_appoint ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE activity ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE check_tmpl ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE check_item ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assess_item ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assess_score ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE permit_item ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE permit ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE permit_rating ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Requests counted per purpose and client address in fixed windows
-- (src/core/ratelimit.c), shared by every process on the database; rows
-- of windows that have ended are pruned as new windows start.
CREATE TABLE rate_limit(
  purpose TEXT NOT NULL,                   -- what is limited: "permit_public"
  client TEXT NOT NULL,                    -- the client's address
  window_start INTEGER NOT NULL,           -- epoch seconds, a multiple of the window
  n INTEGER NOT NULL,                      -- requests counted in that window
  PRIMARY KEY (purpose, client)
);
CREATE INDEX rate_limit_window ON rate_limit(window_start);
