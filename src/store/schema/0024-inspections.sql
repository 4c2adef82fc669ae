-- 0024-inspections.sql: "双随机、一公开" (src/areas/inspections/): the
-- 一单两库 (抽查事项清单, 检查对象名录库, 执法检查人员名录库), the 回避 register,
-- the plans and the draws with their drawn tasks.  Columns are the
-- declarations' field keys; the kernel adds created_at/updated_at,
-- void_reason/voided_at and version.
CREATE TABLE insp_item(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 实施主体 (scope)
  code TEXT NOT NULL UNIQUE,               -- 事项编号
  name TEXT NOT NULL,                      -- 事项名称
  basis TEXT NOT NULL,                     -- 抽查依据
  body TEXT NOT NULL,                      -- 检查主体
  content TEXT NOT NULL,                   -- 检查内容
  method TEXT NOT NULL,                    -- 检查方式
  published INTEGER,                       -- 已公开 (1/0)
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_item_org ON insp_item(org_id);

-- 检查对象名录库: a school or kindergarten of the tree (org_id is the
-- target itself), or a 民办/校外培训机构 outside it (org_id is the unit
-- that supervises it; uscc etc. describe the body).
CREATE TABLE insp_target(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 机构或主管单位 (scope)
  name TEXT NOT NULL,                      -- 对象名称
  kind TEXT NOT NULL,                      -- school kindergarten private training
  uscc TEXT,                               -- 统一社会信用代码
  legal_rep TEXT,                          -- 法定代表人
  address TEXT,                            -- 地址
  contact TEXT,                            -- 联系人及电话
  town TEXT,                               -- 所在乡镇
  risk TEXT NOT NULL,                      -- low mid high
  last_inspected TEXT,                     -- 上次检查日期
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_target_org ON insp_target(org_id);

-- 执法检查人员名录库: bureau staff (dept empty) and partner inspectors
-- (dept names a partner department of the org tree), no accounts.
CREATE TABLE insp_person(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 登记单位 (scope)
  name TEXT NOT NULL,                      -- 姓名
  dept TEXT,                               -- 合作部门 (公安, 市场监管 ...)
  cert_no TEXT NOT NULL UNIQUE,            -- 执法证号
  category TEXT,                           -- 执法类别
  area TEXT,                               -- 执法区域
  valid_until TEXT NOT NULL,               -- 有效期至
  status TEXT NOT NULL,                    -- valid 有效 | revoked 注销 | suspended 暂扣
  lapsed_on TEXT,                          -- 注销/暂扣日期
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_person_org ON insp_person(org_id);

-- 回避登记: an inspector never inspects a target they declared a conflict with.
CREATE TABLE insp_conflict(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 登记单位 (scope)
  person_id INTEGER NOT NULL REFERENCES insp_person(id),
  target_id INTEGER NOT NULL REFERENCES insp_target(id),
  reason TEXT NOT NULL,                    -- 回避事由
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_conflict_org ON insp_conflict(org_id);

-- 抽查计划: per item and year.
CREATE TABLE insp_plan(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 制定单位 (scope)
  item_id INTEGER NOT NULL REFERENCES insp_item(id),
  year INTEGER NOT NULL,                   -- 年度
  title TEXT NOT NULL,                     -- 计划名称
  mode TEXT NOT NULL,                      -- ratio 按比例 | count 按数量
  ratio_pct INTEGER,                       -- 抽取比例 (%)
  target_count INTEGER,                    -- 抽取数量
  per_target INTEGER NOT NULL,             -- 每个对象的检查人员数 (>= 2)
  f_kind TEXT,                             -- 范围：对象类别
  f_town TEXT,                             -- 范围：乡镇
  f_risk TEXT,                             -- 范围：风险等级
  type TEXT NOT NULL,                      -- internal 部门内 | joint 跨部门联合
  partners TEXT,                           -- 联合部门 (names, 、-separated)
  avoid_repeat INTEGER,                    -- 不抽上次检查过该对象的人员 (1/0)
  window_start TEXT NOT NULL,              -- 检查开始日期
  window_end TEXT NOT NULL,                -- 检查结束日期
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_plan_org ON insp_plan(org_id);

-- 抽签记录: the algorithm, the seed, the SM3 of each sorted candidate list,
-- the excluded inspectors and the result; never changed, a re-draw is a
-- new row naming the one it replaces (which becomes superseded).
CREATE TABLE insp_draw(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- scope (the plan's)
  number TEXT UNIQUE,                      -- 抽签编号 双随机〔2024〕1号
  plan_id INTEGER NOT NULL REFERENCES insp_plan(id),
  drawn_on TEXT NOT NULL,                  -- 抽签日期 (lists as of this day)
  seed TEXT,                               -- 随机种子
  seed_source TEXT,                        -- csprng 系统生成 | supplied 外部提供
  algo TEXT,                               -- 算法版本 fazhi-draw-1
  replaces INTEGER REFERENCES insp_draw(id),  -- 重新抽签所替代的记录
  reason TEXT,                             -- 重新抽签理由
  status TEXT NOT NULL,                    -- valid 有效 | superseded 已被重新抽签替代
  n_targets INTEGER,                       -- 候选对象数
  n_people INTEGER,                        -- 候选人员数
  n_drawn INTEGER,                         -- 抽中对象数
  per_target INTEGER,                      -- 每个对象的检查人员数
  avoid_repeat INTEGER,
  cut_at TEXT,                             -- lists hold rows up to these ids: targets,people,conflicts
  h_targets TEXT,                          -- SM3 of the sorted target list
  h_people TEXT,                           -- SM3 of the sorted inspector list
  h_conflicts TEXT,                        -- SM3 of the sorted conflict list
  h_history TEXT,                          -- SM3 of the sorted last-inspection list
  excluded TEXT,                           -- excluded inspectors with reasons
  result TEXT,                             -- target:inspector,inspector;...
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_draw_org ON insp_draw(org_id);
CREATE INDEX insp_draw_plan ON insp_draw(plan_id);

-- The drawn tasks (target -> its team), one row per drawn target, written
-- by the draw's rule in the draw's transaction.  TODO(kernel): a declared
-- child of insp_draw once children land (and the team its own rows).
CREATE TABLE insp_task(
  id ID_PK,
  draw_id INTEGER NOT NULL REFERENCES insp_draw(id),
  seq INTEGER NOT NULL,                    -- order drawn (1..)
  target_id INTEGER NOT NULL REFERENCES insp_target(id),
  team TEXT NOT NULL,                      -- inspector ids, comma-separated, in slot order
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX insp_task_draw ON insp_task(draw_id);
