-- 0006-login-guard.sql: failed logins counted per client address (the
-- per-address slowdown that acts before accounts lock), and the previous
-- password hashes of each user (a new password may not repeat them).

-- Failed logins per client address, counted in the database so every
-- process agrees.  A row whose last failure is older than the window
-- counts as none (and is deleted when the next failure is counted).
CREATE TABLE login_addr(
  ip TEXT PRIMARY KEY,                     -- the client address as the server sees it
  failures INTEGER NOT NULL DEFAULT 0,     -- failed (or still running) attempts in the window
  last_failure INTEGER NOT NULL DEFAULT 0  -- epoch of the newest
);

-- Earlier passwords (argon2id strings, as users.pw_hash), newest kept.
CREATE TABLE pw_history(
  id ID_PK,                                -- newer rows have larger ids
  user_id INTEGER NOT NULL REFERENCES users(id),
  pw_hash TEXT NOT NULL,                   -- the hash the password had
  changed_at INTEGER NOT NULL              -- when it stopped being the password (epoch)
);
CREATE INDEX pw_history_user ON pw_history(user_id, id);
