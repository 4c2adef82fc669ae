-- 0036-report-rev.sql: the report on the register kernel's terms.
-- report.version numbered a year's report versions (第1版, 第2版 ...); the
-- kernel reads `version` as every row's change counter (a write is stored
-- only at the version read).  The version number becomes `rev` (the JSON
-- key, the URL parameter and the command option stay "version"), and
-- `version` is the row's change counter as on every register table.
ALTER TABLE report RENAME COLUMN version TO rev;
ALTER TABLE report ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
