-- 0031-report-head.sql: the annual report as a whole official document
-- (GB/T 9704) and its data sheet.
-- report_head holds, per report version, the 版头 and 版记 fields: the
-- 发文机关标志, the format of the 发文字号 (a kernel sequence, %Y the year of
-- the 成文日期, %N the number; assigned at 审定, never reused), the number
-- given, 签发人, 主送机关, 抄送机关, 印发机关 and 印发日期, 联系人和电话 (the
-- 附注), the 附件 named in the 附件说明 (one a line), and the 落款 variant
-- (sealed 1, unsealed 0).  A new version copies the previous one's fields;
-- a new year starts from the previous year's.  The frozen 数据底稿 (DOCX,
-- PDF, HTML) of an approved version is kept in the file store by its SM3.
-- IF NOT EXISTS: the tests that rewind a database to an earlier schema run
-- the later migrations again.
CREATE TABLE IF NOT EXISTS report_head(
  report_id INTEGER PRIMARY KEY REFERENCES report(id),
  mark TEXT NOT NULL DEFAULT '',               -- 发文机关标志
  doc_no_fmt TEXT NOT NULL DEFAULT '',         -- 发文字号格式: 梨教发〔%Y〕%N号
  doc_no TEXT,                                 -- 发文字号, given at 审定
  signer TEXT NOT NULL DEFAULT '',             -- 签发人
  recipient TEXT NOT NULL DEFAULT '',          -- 主送机关
  cc TEXT NOT NULL DEFAULT '',                 -- 抄送机关
  printer TEXT NOT NULL DEFAULT '',            -- 印发机关
  print_date TEXT,                             -- 印发日期 (ISO); NULL: the 成文日期
  contact TEXT NOT NULL DEFAULT '',            -- 联系人和电话 (附注)
  attach TEXT NOT NULL DEFAULT '',             -- 附件 names, one a line
  sealed INTEGER NOT NULL DEFAULT 1,           -- 落款: 1 加盖印章, 0 不加盖印章
  sheet_docx_sm3 TEXT,                         -- the frozen 数据底稿
  sheet_pdf_sm3 TEXT,
  sheet_html_sm3 TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
