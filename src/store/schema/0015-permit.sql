-- 0015-permit.sql: 行政许可 (src/areas/permit.c): the 事项清单 and the
-- applications.  Columns are the declarations' field keys; the kernel
-- adds created_at/updated_at and void_reason/voided_at.
CREATE TABLE permit_item(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 实施机关 (scope)
  name TEXT NOT NULL UNIQUE,               -- 事项名称
  basis TEXT NOT NULL,                     -- 设定依据
  limit_unit TEXT NOT NULL CHECK (limit_unit='wd' OR limit_unit='month'),  -- 工作日 / 个月
  statutory_limit INTEGER NOT NULL,        -- 法定办结时限 (in limit_unit)
  promised_limit INTEGER,                  -- 承诺办结时限 (working days)
  materials TEXT,                          -- 申请材料
  extendable INTEGER,                      -- 可否延期 (1/0)
  extend_days INTEGER,                     -- 可延长的工作日数
  publicity_days INTEGER,                  -- 办结后公示时限 (working days)
  void_reason TEXT,                        -- why it was voided (NULL: in force)
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX permit_item_org ON permit_item(org_id);

CREATE TABLE permit(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 受理机关 (scope)
  number TEXT UNIQUE,                      -- 申请编号 (printed on the 受理凭证)
  check_code TEXT,                         -- 查询码 (random, for the public lookup)
  item_id INTEGER NOT NULL REFERENCES permit_item(id),  -- 许可事项
  applicant_kind TEXT NOT NULL,            -- org 单位 | person 个人
  applicant TEXT NOT NULL,                 -- 申请人
  uscc TEXT,                               -- 统一社会信用代码 (an organisation)
  id_no TEXT,                              -- 身份证号, SM4-sealed (a person)
  id_no_idx TEXT,                          -- its blind index
  phone TEXT,                              -- 联系电话, SM4-sealed
  phone_idx TEXT,                          -- its blind index
  received_on TEXT NOT NULL,               -- 收件日期
  materials TEXT,                          -- 申请材料
  state TEXT NOT NULL,                     -- received correcting accepted paused rejected
                                           -- granted denied delivered closed withdrawn
  notice_on TEXT,                          -- 补正告知日期 (latest round)
  correction TEXT,                         -- 需补正的内容 (latest round)
  corrected_on TEXT,                       -- 补正日期 (latest round; the clock restarts)
  rounds TEXT,                             -- every 补正 round: "notice,corrected;..."
  accepted_on TEXT,                        -- 受理日期 (the step's date)
  start_on TEXT,                           -- 计时起算日 (受理, or 收件 when deemed accepted)
  deemed INTEGER,                          -- 1 when 逾期未告知补正, 视为自收件之日受理
  pause_kind TEXT,                         -- the open pause: 听证 检验 检测 鉴定 专家评审
  pause_start TEXT,                        -- its first day
  pause_end TEXT,                          -- its last day (set by resume, then moved to pauses)
  pauses TEXT,                             -- closed pauses: "kind,start,end;..."
  ext_days INTEGER,                        -- 延期工作日数 (once)
  ext_on TEXT,                             -- 延期决定日期 (within the running limit)
  ext_reason TEXT,                         -- 延期理由
  decided_on TEXT,                         -- 决定日期 (准予/不予许可/不予受理)
  reason TEXT,                             -- 理由 (不予受理/不予许可/撤回)
  delivered_on TEXT,                       -- 送达日期
  closed_on TEXT,                          -- 办结/撤回日期
  legal_due TEXT,                          -- 法定期限 (derived)
  promised_due TEXT,                       -- 承诺期限 (derived)
  deliver_due TEXT,                        -- 送达期限 (derived)
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX permit_org ON permit(org_id);
CREATE INDEX permit_state ON permit(state);
CREATE INDEX permit_id_no ON permit(id_no_idx);
CREATE INDEX permit_phone ON permit(phone_idx);

-- 好差评 (src/areas/permit_rate.c): one rating per application (一事一评),
-- given by the applicant with the number and check code, no login; the
-- rater's address is not kept.  不满意 or worse opens a follow-up.
CREATE TABLE permit_rating(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- the application's unit (scope)
  permit_id INTEGER NOT NULL UNIQUE REFERENCES permit(id),  -- 一事一评
  item_id INTEGER NOT NULL REFERENCES permit_item(id),
  level TEXT NOT NULL,                     -- very_satisfied satisfied basic
                                           -- dissatisfied very_dissatisfied
  comment TEXT,                            -- 评价意见
  rated_on TEXT NOT NULL,                  -- 评价日期
  state TEXT NOT NULL,                     -- none 无需整改, open 整改中, done 已整改
  due_on TEXT,                             -- 整改期限 (working days from rated_on)
  outcome TEXT,                            -- 整改结果
  done_on TEXT,                            -- 整改办结日期
  void_reason TEXT,
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX permit_rating_org ON permit_rating(org_id);
