-- 0001-init.sql: organisations, users, sessions, audit chain, settings,
-- working-day calendar years.  Portable SQL: ID_PK is rewritten by the
-- driver (SQLite INTEGER PRIMARY KEY; PostgreSQL an identity column).
-- Dates are ISO text, instants integer epoch seconds (UTC).

-- The organisation tree: the bureau, its 股室, schools, kindergartens and
-- the other departments that join inspections.
CREATE TABLE org(
  id ID_PK,
  parent_id INTEGER REFERENCES org(id),   -- NULL for the root
  name TEXT NOT NULL,                      -- 机构名称
  -- an OR chain, not IN (...): SQLite builds a temporary index for an IN
  -- list on every insert, which cost a quarter of a bulk import
  kind TEXT NOT NULL CHECK (kind='bureau' OR kind='office' OR kind='school'
                            OR kind='kindergarten' OR kind='dept' OR kind='other'),
  code TEXT UNIQUE,                        -- 统一社会信用代码, validated when given
  region TEXT,                             -- 区划代码 (GB/T 2260)
  school_code TEXT,                        -- 学校标识码 (10 digits)
  path TEXT NOT NULL DEFAULT '',           -- '/1/5/12/': ancestors and self, for scope
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX org_parent ON org(parent_id);
CREATE INDEX org_path ON org(path);

-- People who sign in.
CREATE TABLE users(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),
  username TEXT NOT NULL UNIQUE,           -- login name
  display_name TEXT NOT NULL,              -- 姓名
  pw_hash TEXT NOT NULL,                   -- argon2id (libsodium string)
  must_change INTEGER NOT NULL DEFAULT 1,  -- initial or reset password
  pw_changed_at INTEGER NOT NULL DEFAULT 0,
  totp_secret TEXT,                        -- SM4-sealed base32 secret, hex
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step INTEGER NOT NULL DEFAULT 0, -- refuses a replayed code
  failed_count INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins
  locked_until INTEGER NOT NULL DEFAULT 0, -- lockout after failures (epoch)
  disabled INTEGER NOT NULL DEFAULT 0,     -- locked by an administrator
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Roles of a user: admin leader legal approver inspector school auditor.
CREATE TABLE user_role(
  user_id INTEGER NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  PRIMARY KEY(user_id, role)
);

-- Signed-in sessions; the token itself is never stored, only its SM3.
CREATE TABLE session(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,                      -- token for state-changing requests
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  mfa_ok INTEGER NOT NULL DEFAULT 0        -- second factor passed (or not required)
);
CREATE INDEX session_by_user ON session(user_id);

-- The append-only audit log.  hash = SM3(prev hash || canonical entry);
-- meta 'audit_seal' holds HMAC-SM3 over the count and last hash, keyed
-- outside the database.
CREATE TABLE audit(
  id ID_PK,
  at INTEGER NOT NULL,                     -- epoch seconds
  user_id INTEGER,                         -- NULL for the system or an unknown user
  username TEXT NOT NULL DEFAULT '',
  org_id INTEGER,
  ip TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,                    -- create update delete login logout login_failed denied ...
  entity TEXT NOT NULL DEFAULT '',         -- org user session calendar ...
  entity_id TEXT NOT NULL DEFAULT '',
  before TEXT,                             -- JSON of the fields before
  after TEXT,                              -- JSON of the fields after
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_at ON audit(at);

-- The audit head (count, last id, last hash) exists from the start, so the
-- first appends of concurrent writers lock the same row.
INSERT INTO meta(k, v) VALUES('audit_head',
  '0 0 0000000000000000000000000000000000000000000000000000000000000000');

-- Settings an administrator may change (timeouts, lockout, policy).
CREATE TABLE setting(
  k TEXT PRIMARY KEY,
  v TEXT NOT NULL
);

-- Calendar years entered or corrected by an administrator; they replace
-- the built-in year of the same number.
CREATE TABLE calendar_year(
  year INTEGER PRIMARY KEY,
  body TEXT NOT NULL,                      -- the year's TSV (date, off|work, reason)
  source TEXT NOT NULL DEFAULT '',         -- the notice it comes from
  updated_at INTEGER NOT NULL
);
