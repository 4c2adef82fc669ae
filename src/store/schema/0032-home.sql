-- 0032-home.sql: the headline figures each role's home page shows
-- (src/desk/dashboard.c), as the administrator chose them: in order, each
-- with its target (cmp '>=': at least target is 达标, at least warn is
-- 接近; cmp '<=': at most target, at most warn).  A role without rows
-- shows the built-in choice.
CREATE TABLE home_figure(
  id ID_PK,
  role TEXT NOT NULL,                      -- the role's code (admin leader legal ...)
  ord INTEGER NOT NULL,                    -- position on the page, 1 first
  fig TEXT NOT NULL,                       -- the figure's key (reg/figure.h)
  cmp TEXT NOT NULL CHECK (cmp='>=' OR cmp='<='),
  target TEXT NOT NULL,                    -- 目标 (a number as text)
  warn TEXT NOT NULL,                      -- 接近目标的界限 (a number as text)
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (role, ord)
);
