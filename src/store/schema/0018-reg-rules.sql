-- 0018-reg-rules.sql: the register kernel's declared numbering
-- (src/reg/rule.c).  One row per sequence (register.field) and year; a
-- number is taken by bumping `last` inside the transaction of the write
-- that needs it, so two writers are ordered by the row and a number given
-- out is never given again, even when its record is later voided.
CREATE TABLE reg_seq(
  name TEXT NOT NULL,                      -- "permit.decision_no"
  year INTEGER NOT NULL,                   -- the year the number carries
  last INTEGER NOT NULL,                   -- the last number given
  PRIMARY KEY (name, year)
);

-- 行政许可: 准予许可 numbers its decision (许可决定文号, 教许〔2024〕7号).
ALTER TABLE permit ADD COLUMN decision_no TEXT;
CREATE UNIQUE INDEX permit_decision_no ON permit(decision_no);
