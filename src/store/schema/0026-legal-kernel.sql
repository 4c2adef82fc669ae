-- 0026-legal-kernel.sql: the legal registers on the kernel.
-- 行政复议/诉讼 (lawcase.c): answer_due is now a declared deadline on the
-- clock (复议 10 days, 诉讼 15 days from received_on, natural days), derived
-- by the kernel; the 答复书/答辩状 and the 决定书/判决书 are attachments.
-- doc_ref keeps the documents' numbers.
ALTER TABLE lawcase ADD COLUMN answer_file TEXT;
ALTER TABLE lawcase ADD COLUMN decision_file TEXT;
-- 重大行政决策 (decision.c): the 集体讨论 minutes as an attachment;
-- minutes_ref keeps the minutes' number.
ALTER TABLE decision ADD COLUMN minutes_file TEXT;

-- 矛盾纠纷 (dispute.c): the steps taken, a child register (each 调解
-- session: date, mediator, what was done, result).  Step mediate records
-- the first session; a dispute mediated before this migration gets that
-- row from its mediator and mediation day.
CREATE TABLE dispute_step(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),          -- the dispute's school (scope)
  dispute_id INTEGER NOT NULL REFERENCES dispute(id),  -- the dispute (parent)
  step_on TEXT NOT NULL,                   -- 日期
  mediator TEXT NOT NULL,                  -- 调解人
  action TEXT NOT NULL,                    -- 所做工作
  result TEXT,                             -- 结果
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dispute_step_dispute ON dispute_step(dispute_id);
CREATE INDEX dispute_step_org ON dispute_step(org_id);
INSERT INTO dispute_step(org_id, dispute_id, step_on, mediator, action, created_at, updated_at)
SELECT org_id, id, mediation_on, mediator, '开始调解', updated_at, updated_at FROM dispute
 WHERE mediation_on IS NOT NULL AND mediator IS NOT NULL
 ORDER BY id;

-- 合法性审核 (review.c): the revision rounds, a child register (each
-- round's number, submission day, the version's name, the opinion text,
-- the day it was returned); review.submitted_on now stays the first
-- submission.  Before this migration resubmit overwrote
-- the submission day, so only a review's latest round can be moved: it
-- becomes the round of its number with that day and document name, and
-- the opinion and day when it stands returned.
CREATE TABLE review_round(
  id ID_PK,
  office_id INTEGER NOT NULL REFERENCES org(id),      -- the review's 股室 (scope)
  review_id INTEGER NOT NULL REFERENCES review(id),   -- the review (parent)
  round_no INTEGER NOT NULL,               -- 轮次
  submitted_on TEXT NOT NULL,              -- 送审日期
  doc_ref TEXT,                            -- 送审稿 name or number
  opinion_text TEXT,                       -- 审核意见 (when returned)
  returned_on TEXT,                        -- 退回日期
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX review_round_review ON review_round(review_id);
CREATE INDEX review_round_office ON review_round(office_id);
INSERT INTO review_round(office_id, review_id, round_no, submitted_on, doc_ref,
                         opinion_text, returned_on, created_at, updated_at)
SELECT office_id, id, COALESCE(rev_round, 1), submitted_on, doc_ref,
       CASE WHEN status='returned' THEN opinion_text END,
       CASE WHEN status='returned' THEN reviewed_on END, updated_at, updated_at
  FROM review
 ORDER BY id;
-- The document under review is the review's attachment (every upload
-- kept in the file store, a file_ref row each).
ALTER TABLE review ADD COLUMN doc_file TEXT;
