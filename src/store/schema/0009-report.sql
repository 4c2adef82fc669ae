-- 0009-report.sql: the dates figures count by, the demo marker, and the
-- annual 法治政府建设 report (versions, their text blocks, sign-off).

-- An organisation's own dates decide whether it counts "as of" a day:
-- it counts from founded (NULL: before any day asked) until closed.
ALTER TABLE org ADD COLUMN founded TEXT;                   -- 设立日期 (ISO)
ALTER TABLE org ADD COLUMN closed TEXT;                    -- 撤销日期 (ISO), NULL while open
ALTER TABLE org ADD COLUMN demo INTEGER NOT NULL DEFAULT 0; -- 1: 示例数据 (init --demo)

-- One version of one unit's report for one year.  A draft is edited; an
-- approved version is frozen: its blocks no longer change, its figures and
-- both files are kept with their SM3.
CREATE TABLE report(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- the reporting unit (a bureau)
  year INTEGER NOT NULL,                       -- the year reported on
  version INTEGER NOT NULL,                    -- 1, 2, ... per org and year
  state TEXT NOT NULL CHECK (state='draft' OR state='submitted' OR state='approved'
                             OR state='sent' OR state='published'),
  as_of TEXT NOT NULL,                         -- 数据截至日期 (ISO)
  doc_date TEXT NOT NULL,                      -- 成文日期 (ISO)
  comment TEXT NOT NULL DEFAULT '',            -- 审定意见, or the reason it was sent back
  sent_on TEXT,                                -- 报送日期
  published_on TEXT,                           -- 公开日期
  approved_by TEXT,                            -- who approved (username)
  approved_at INTEGER,                         -- when (epoch)
  figures TEXT,                                -- frozen figures (JSON) once approved
  docx_sm3 TEXT,                               -- SM3 of the frozen DOCX (hex)
  pdf_sm3 TEXT,                                -- SM3 of the frozen PDF (hex)
  docx TEXT,                                   -- the frozen DOCX (base64)
  pdf TEXT,                                    -- the frozen PDF (base64)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE(org_id, year, version)
);

-- The text of a version, block by block: title, opening, headings of three
-- levels, paragraphs, the 落款.  Text may hold figure placeholders
-- {{key}} or {{key|label}} and the fields {{unit}} {{year}} {{next_year}}
-- {{as_of}}.
CREATE TABLE report_block(
  report_id INTEGER NOT NULL REFERENCES report(id),
  seq INTEGER NOT NULL,                        -- order in the document
  kind TEXT NOT NULL CHECK (kind='title' OR kind='h1' OR kind='h2' OR kind='h3'
                            OR kind='para' OR kind='sign'),
  body TEXT NOT NULL,
  PRIMARY KEY(report_id, seq)
);
