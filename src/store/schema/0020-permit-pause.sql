-- 0020-permit-pause.sql: a permit's pauses and 补正 rounds become child
-- records (src/areas/permit.c, the kernel's children in src/reg/child.c):
-- one row per pause (听证 检验 检测 鉴定 专家评审) or 补正 round, under its
-- application, in place of the text fields pauses ("kind,start,end;...")
-- and rounds ("notice,corrected;...") that kept only 32.  Every existing
-- pause, the open one and every round move over; then the packed columns
-- go.  instr() is SQLite's; PostgreSQL gets it in the prelude (store/pg.c).
CREATE TABLE permit_pause(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),      -- the application's unit (scope)
  permit_id INTEGER NOT NULL REFERENCES permit(id),  -- the application (parent)
  kind TEXT NOT NULL,                      -- hearing inspection testing appraisal expert
                                           -- | correction (a 补正 round)
  start_on TEXT NOT NULL,                  -- first day (补正: the notice)
  end_on TEXT,                             -- last day (NULL: still open; 补正: materials in)
  note TEXT,                               -- e.g. what was to be corrected
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1       -- the kernel's lost-update check (0017)
);
CREATE INDEX permit_pause_permit ON permit_pause(permit_id);
CREATE INDEX permit_pause_org ON permit_pause(org_id);

-- closed pauses: "kind,YYYY-MM-DD,YYYY-MM-DD" separated by ";"
INSERT INTO permit_pause(org_id, permit_id, kind, start_on, end_on, created_at, updated_at)
WITH RECURSIVE part(id, org_id, t, rest, item) AS (
  SELECT id, org_id, updated_at, pauses || ';', CAST(NULL AS TEXT) FROM permit
   WHERE pauses IS NOT NULL AND pauses<>''
  UNION ALL
  SELECT id, org_id, t, substr(rest, instr(rest, ';')+1), substr(rest, 1, instr(rest, ';')-1)
    FROM part WHERE rest<>''
)
SELECT org_id, id, substr(item, 1, instr(item, ',')-1),
       substr(item, instr(item, ',')+1, 10), substr(item, instr(item, ',')+12, 10), t, t
  FROM part WHERE item IS NOT NULL AND instr(item, ',')>0
 ORDER BY id;

-- the open pause of a paused application
INSERT INTO permit_pause(org_id, permit_id, kind, start_on, end_on, created_at, updated_at)
SELECT org_id, id, pause_kind, pause_start, NULL, updated_at, updated_at FROM permit
 WHERE state='paused' AND pause_kind IS NOT NULL AND pause_start IS NOT NULL;

-- 补正 rounds: "YYYY-MM-DD,YYYY-MM-DD" separated by ";"
INSERT INTO permit_pause(org_id, permit_id, kind, start_on, end_on, created_at, updated_at)
WITH RECURSIVE part(id, org_id, t, rest, item) AS (
  SELECT id, org_id, updated_at, rounds || ';', CAST(NULL AS TEXT) FROM permit
   WHERE rounds IS NOT NULL AND rounds<>''
  UNION ALL
  SELECT id, org_id, t, substr(rest, instr(rest, ';')+1), substr(rest, 1, instr(rest, ';')-1)
    FROM part WHERE rest<>''
)
SELECT org_id, id, 'correction', substr(item, 1, 10), substr(item, 12, 10), t, t
  FROM part WHERE item IS NOT NULL AND length(item)>=21
 ORDER BY id;

ALTER TABLE permit DROP COLUMN pauses;
ALTER TABLE permit DROP COLUMN rounds;
