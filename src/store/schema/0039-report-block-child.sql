-- 0039-report-block-child.sql: the report's blocks as a child table on the
-- register kernel's terms (src/reg/reg.h): every row has its id, the
-- parent's unit (org_id, its scope), its change counter `version`, when it
-- was made and last changed, and a void mark (voided_at, void_reason).
-- (report_id, seq) stays unique: the report's pages and API address a
-- block by its place in the document.  The rows are kept (the table is
-- rebuilt; the same statements run on SQLite and PostgreSQL).
CREATE TABLE report_block_new(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- the report's unit (scope)
  report_id INTEGER NOT NULL REFERENCES report(id),
  seq INTEGER NOT NULL,                        -- order in the document
  kind TEXT NOT NULL CHECK (kind='title' OR kind='h1' OR kind='h2' OR kind='h3'
                            OR kind='para' OR kind='list' OR kind='sign'),
  body TEXT NOT NULL,
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE(report_id, seq)
);
INSERT INTO report_block_new(org_id, report_id, seq, kind, body, created_at, updated_at)
  SELECT r.org_id, b.report_id, b.seq, b.kind, b.body, r.created_at, r.updated_at
    FROM report_block b JOIN report r ON r.id=b.report_id
   ORDER BY b.report_id, b.seq;
DROP TABLE report_block;
ALTER TABLE report_block_new RENAME TO report_block;
CREATE INDEX report_block_org ON report_block(org_id);
