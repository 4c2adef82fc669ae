-- 0030-report-say.sql: what the annual report says.
-- report_reason: the 法规股's reason for a finding of the report's check
-- (a figure without records, a sentence the records contradict) that is
-- left as it is; 送审 is refused while a finding has none.  Kept per unit
-- and year (every version of the year), one per finding key.
-- fig_manual: a figure's value entered by hand for a year and a unit
-- (人工填报) where no register in fazhi keeps it: the source document in
-- the file store and who confirmed it; a register's own figure replaces it.
CREATE TABLE report_reason(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),
  year INTEGER NOT NULL,
  finding TEXT NOT NULL,
  what TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX report_reason_key ON report_reason(org_id, year, finding);
CREATE TABLE fig_manual(
  id ID_PK,
  fig_key TEXT NOT NULL,
  year INTEGER NOT NULL,
  org_id INTEGER NOT NULL REFERENCES org(id),
  value TEXT NOT NULL,
  label TEXT,
  unit TEXT,
  source_name TEXT NOT NULL,
  source_sm3 TEXT NOT NULL,
  confirmed_by TEXT NOT NULL,
  note TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  voided_at INTEGER,
  void_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX fig_manual_key ON fig_manual(fig_key, year, org_id);
