-- 0028-inspection-publicity.sql: the inspection record's ratings and the
-- publicity of its results (src/areas/inspections/insp_rate.c, insp_pub.c).
-- Columns are the declarations' field keys.

-- 评价码: printed on the 现场检查笔录; with the 检查编号 it opens the public
-- rating form.  Given to every record on its next write (older rows have
-- none until then).
ALTER TABLE insp_record ADD COLUMN rate_code TEXT;

-- 检查评价: one per inspection, from the public page only; no rater is kept.
CREATE TABLE insp_rating(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- the record's unit (scope)
  record_id INTEGER NOT NULL UNIQUE REFERENCES insp_record(id),  -- 一次检查一评
  level TEXT NOT NULL,                     -- very_satisfied satisfied basic
                                           -- dissatisfied very_dissatisfied
  poor INTEGER,                            -- 差评 (1/0)
  comment TEXT,                            -- 评价意见
  rated_on TEXT NOT NULL,                  -- 评价日期
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_rating_org ON insp_rating(org_id);

-- 检查结果公示: pending from the inspection's day, published within 20
-- working days (publish_due, a declared deadline); a correction withdraws
-- a published row (state withdrawn, reason) and publishes a new one that
-- names it (replaces).
CREATE TABLE insp_pub(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- the record's unit (scope)
  record_id INTEGER NOT NULL REFERENCES insp_record(id),  -- 检查记录
  target TEXT,                             -- 检查对象 (the target's name)
  item TEXT,                               -- 抽查事项 (the item's name)
  ended_on TEXT,                           -- 检查日期 (the record's inspect_on)
  publish_due TEXT,                        -- 公示期限 (20 working days)
  conclusion TEXT,                         -- 公示的检查结论
  published_on TEXT,                       -- 公示日期
  state TEXT NOT NULL,                     -- pending published withdrawn
  replaces INTEGER REFERENCES insp_pub(id),  -- 更正的原公示
  reason TEXT,                             -- 更正（撤回）理由
  corrected TEXT,                          -- 更正后的检查结论 (on the withdrawn row)
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_pub_org ON insp_pub(org_id);
CREATE INDEX insp_pub_record ON insp_pub(record_id);
