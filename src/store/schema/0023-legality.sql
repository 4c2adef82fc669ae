-- 0023-legality.sql: 合法性审核, 规范性文件 and 重大行政决策
-- (src/areas/legal/review.c, normdoc.c, decision.c).  Columns are the
-- declarations' field keys; the kernel adds created_at/updated_at,
-- void_reason/voided_at and version.
CREATE TABLE review(
  id ID_PK,
  office_id INTEGER NOT NULL REFERENCES org(id),  -- 送审股室 (scope)
  title TEXT NOT NULL,                     -- 送审事项
  kind TEXT NOT NULL,                      -- contract 合同 | normdoc 规范性文件 | decision 重大行政决策 | enforcement 重大执法决定
  doc_ref TEXT,                            -- 送审稿 (TODO(kernel): attachments, every version)
  reviewer TEXT NOT NULL,                  -- adviser 法律顾问 | office 法规股
  adviser_id INTEGER REFERENCES adviser(id),  -- 审核的法律顾问
  submitted_on TEXT NOT NULL,              -- 送审日期
  due_on TEXT,                             -- 审核期限 (working days per kind)
  rev_round INTEGER,                         -- 送审轮次 (TODO(kernel): revision rounds as children)
  opinion TEXT,                            -- legal 合法 | amend 修改后合法 | illegal 不合法
  opinion_text TEXT,                       -- 审核意见
  reviewed_on TEXT,                        -- 审核完成日期
  signed_on TEXT,                          -- 合同签订日期
  status TEXT NOT NULL,                    -- submitted reviewing passed returned rejected signed
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX review_office ON review(office_id);
CREATE INDEX review_adviser ON review(adviser_id);

CREATE TABLE normdoc(
  id ID_PK,
  office_id INTEGER NOT NULL REFERENCES org(id),  -- 起草股室 (scope)
  title TEXT NOT NULL,                     -- 文件名称
  review_id INTEGER REFERENCES review(id), -- 合法性审核
  doc_no TEXT UNIQUE,                      -- 文号 (统一编号, on issue)
  published_on TEXT,                       -- 公布日期
  valid_until TEXT,                        -- 有效期至
  cleared_on TEXT,                         -- 最近清理日期
  clear_note TEXT,                         -- 清理结论
  repealed_on TEXT,                        -- 废止日期
  repeal_reason TEXT,                      -- 废止原因
  status TEXT NOT NULL,                    -- draft 起草 | issued 已公布 | repealed 已废止
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX normdoc_office ON normdoc(office_id);

CREATE TABLE decision(
  id ID_PK,
  office_id INTEGER NOT NULL REFERENCES org(id),  -- 承办股室 (scope)
  title TEXT NOT NULL,                     -- 决策事项
  year INTEGER NOT NULL,                   -- 目录年度 (决策事项目录)
  category TEXT NOT NULL,                  -- policy plan resource project other
  started_on TEXT NOT NULL,                -- 决策启动日期
  comment_start TEXT,                      -- 公众参与起始日
  comment_end TEXT,                        -- 公众参与截止日
  comment_count INTEGER,                   -- 收到意见数
  comment_response TEXT,                   -- 意见采纳情况
  expert_on TEXT,                          -- 专家论证日期
  expert_opinion TEXT,                     -- 专家论证意见
  risk_on TEXT,                            -- 风险评估日期
  risk_level TEXT,                         -- low 低 | medium 中 | high 高
  risk_note TEXT,                          -- 风险评估结论
  review_id INTEGER REFERENCES review(id), -- 合法性审查
  meeting_on TEXT,                         -- 集体讨论会议日期
  attendees TEXT,                          -- 出席人员
  minutes_ref TEXT,                        -- 会议纪要 (TODO(kernel): an attachment)
  dissent TEXT,                            -- 不同意见
  head_decision TEXT,                      -- 主要负责人的决定
  decided_on TEXT,                         -- 决定日期
  status TEXT NOT NULL,                    -- draft 拟订中 | decided 已决定 | dropped 终止
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX decision_office ON decision(office_id);
