-- 0022-dispute-lawcase-task.sql: 矛盾纠纷, 行政复议/行政诉讼 and their
-- year confirmations, 年度工作安排 (src/areas/legal/dispute.c, lawcase.c,
-- task.c).  Columns are the declarations' field keys; personal fields
-- hold SM4-sealed hex with a blind index beside them.
CREATE TABLE dispute(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 学校 (scope)
  dispute_no TEXT UNIQUE,                  -- 编号 教调〔2024〕3号 (declared numbering)
  received_on TEXT NOT NULL,               -- 受理日期
  source TEXT NOT NULL,                    -- 来源
  kind TEXT NOT NULL,                      -- 纠纷类别
  title TEXT NOT NULL,                     -- 事由
  description TEXT,                        -- 情况说明
  party_a_role TEXT NOT NULL,              -- 一方当事人身份 teacher student parent school other
  party_a_name TEXT,                       -- 姓名, sealed
  party_a_name_idx TEXT,
  party_b_role TEXT NOT NULL,              -- 另一方当事人身份
  party_b_name TEXT,                       -- 姓名, sealed
  party_b_name_idx TEXT,
  risk TEXT NOT NULL,                      -- 风险等级 low medium high
  status TEXT NOT NULL,                    -- received mediating closed
  mediator TEXT,                           -- 调解人 (step mediate)
  mediation_on TEXT,                       -- 开始调解日期
  outcome TEXT,                            -- settled referred failed withdrawn (step close)
  closed_on TEXT,                          -- 办结日期
  result TEXT,                             -- 处理情况
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dispute_org ON dispute(org_id);
CREATE INDEX dispute_received ON dispute(received_on);

CREATE TABLE lawcase(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 被申请人/被告 (scope)
  kind TEXT NOT NULL CHECK (kind='reconsider' OR kind='litigation'),
  case_no TEXT NOT NULL UNIQUE,            -- 案号
  applicant TEXT NOT NULL,                 -- 申请人/原告, sealed
  applicant_idx TEXT,
  act TEXT NOT NULL,                       -- 被复议/被诉行政行为
  organ TEXT,                              -- 复议机关/受理法院
  received_on TEXT NOT NULL,               -- 收到通知日期
  answer_due TEXT,                         -- 答复/答辩期限 (TODO(kernel): the clock)
  hearing_on TEXT,                         -- 开庭/听证日期
  head_appeared INTEGER,                   -- 负责人出庭应诉 1/0
  status TEXT NOT NULL,                    -- open closed
  decided_on TEXT,                         -- 决定/裁判日期
  outcome TEXT,                            -- upheld revoked unlawful changed ordered rejected ...
  doc_ref TEXT,                            -- 文书 (TODO(kernel): attachments)
  note TEXT,
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX lawcase_org ON lawcase(org_id);
CREATE INDEX lawcase_received ON lawcase(received_on);

-- The 法规股's confirmation of a year's (or a period's) count of cases:
-- what makes a zero a fact.  stale: a case was written into the period
-- after it was confirmed.
CREATE TABLE lawcase_year(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 确认单位 (scope)
  year INTEGER NOT NULL,
  as_of TEXT,                              -- 截至日期, NULL: the whole year
  cases INTEGER NOT NULL,                  -- 确认案件数
  confirmed_on TEXT,                       -- 确认日期
  status TEXT NOT NULL,                    -- valid stale
  note TEXT,
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX lawcase_year_org ON lawcase_year(org_id, year);

CREATE TABLE task(
  id ID_PK,
  year INTEGER NOT NULL,                   -- 年度
  seq INTEGER NOT NULL,                    -- 序号
  title TEXT NOT NULL,                     -- 任务
  body TEXT,                               -- 内容
  office_id INTEGER NOT NULL REFERENCES org(id),  -- 责任股室 (scope)
  owner TEXT,                              -- 责任人
  due_on TEXT NOT NULL,                    -- 完成时限
  status TEXT NOT NULL,                    -- planned doing done delayed cancelled
  done_on TEXT,                            -- 完成日期
  progress TEXT,                           -- 进展情况
  reason TEXT,                             -- 延期或取消原因
  source TEXT,                             -- 来源
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX task_year ON task(year, seq);
CREATE INDEX task_office ON task(office_id);

-- The report's text may hold a `list` block: one numbered paragraph per
-- record of a figure (part 四 from the 年度工作安排, src/desk/report.c).
-- The kind's CHECK is widened by rebuilding the table (no other table
-- refers to it; the same statements run on SQLite and PostgreSQL).
CREATE TABLE report_block_new(
  report_id INTEGER NOT NULL REFERENCES report(id),
  seq INTEGER NOT NULL,                        -- order in the document
  kind TEXT NOT NULL CHECK (kind='title' OR kind='h1' OR kind='h2' OR kind='h3'
                            OR kind='para' OR kind='list' OR kind='sign'),
  body TEXT NOT NULL,
  PRIMARY KEY(report_id, seq)
);
INSERT INTO report_block_new(report_id, seq, kind, body)
  SELECT report_id, seq, kind, body FROM report_block;
DROP TABLE report_block;
ALTER TABLE report_block_new RENAME TO report_block;
