-- 0027-inspection-record.sql: "双随机、一公开", the second half
-- (src/areas/inspections/insp_rec.c): the drawn tasks become a declared
-- child of the draw (insp_task gets the kernel's columns and its org, the
-- draw's), and the inspection record of a drawn task (执法全过程记录) with
-- its children: the inspectors present, the result per checklist item and
-- the recorder files.  Columns are the declarations' field keys.

-- 抽签任务: a child of insp_draw (org copied from the draw).
ALTER TABLE insp_task ADD COLUMN org_id INTEGER REFERENCES org(id);
ALTER TABLE insp_task ADD COLUMN void_reason TEXT;
ALTER TABLE insp_task ADD COLUMN voided_at INTEGER;
ALTER TABLE insp_task ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE insp_task ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE insp_task ADD COLUMN label TEXT;   -- 抽签编号 · 对象名称 (the task's title)
UPDATE insp_task SET
  label = (SELECT coalesce(d.number, '') || ' · ' || t.name FROM insp_draw d, insp_target t
            WHERE d.id=insp_task.draw_id AND t.id=insp_task.target_id),
  org_id = (SELECT d.org_id FROM insp_draw d WHERE d.id=insp_task.draw_id),
  created_at = (SELECT d.created_at FROM insp_draw d WHERE d.id=insp_task.draw_id),
  updated_at = (SELECT d.created_at FROM insp_draw d WHERE d.id=insp_task.draw_id);
CREATE INDEX insp_task_org ON insp_task(org_id);

-- 检查记录: one per drawn task, from 检查审批 to 办结.
CREATE TABLE insp_record(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- the draw's (scope)
  number TEXT UNIQUE,                      -- 检查编号 行政检查〔2024〕1号 (on approve)
  title TEXT,                              -- 检查对象名称 (the target's, the record's title)
  task_id INTEGER NOT NULL UNIQUE REFERENCES insp_task(id),  -- 抽签任务
  draw_id INTEGER REFERENCES insp_draw(id),  -- 抽签记录 (derived)
  plan_id INTEGER REFERENCES insp_plan(id),  -- 抽查计划 (derived)
  target_id INTEGER REFERENCES insp_target(id),  -- 检查对象 (derived)
  insp_type TEXT,                          -- internal 部门内 | joint 跨部门联合 (the plan's)
  approver TEXT,                           -- 检查审批人
  approved_on TEXT,                        -- 审批日期
  notice_on TEXT,                          -- 通知日期
  notice_way TEXT,                         -- 通知方式
  filing_no TEXT,                          -- 我要执法备案号
  inspect_on TEXT,                         -- 检查日期
  time_from TEXT,                          -- 开始时间 HH:MM
  time_to TEXT,                            -- 结束时间 HH:MM
  place TEXT,                              -- 检查地点
  findings TEXT,                           -- 检查情况
  conclusion TEXT,                         -- ok 未发现问题 | problem 发现问题
  photo_file TEXT,                         -- 现场照片 (SM3 in the file store)
  photo2_file TEXT,
  photo3_file TEXT,
  rectify_req TEXT,                        -- 整改要求
  rectify_on TEXT,                         -- 责令整改日期
  rectify_days INTEGER,                    -- 整改期限（工作日）
  rectify_due TEXT,                        -- 整改截止日期 (declared deadline)
  rectified_on TEXT,                       -- 整改完成日期
  recheck_on TEXT,                         -- 复查日期
  recheck_by TEXT,                         -- 复查人员
  recheck_result TEXT,                     -- done 已整改到位 | not 未整改到位
  recheck_note TEXT,                       -- 复查意见
  closed_on TEXT,                          -- 办结日期
  status TEXT NOT NULL,                    -- new approved notified inspected rectifying rechecked closed
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_record_org ON insp_record(org_id);
CREATE INDEX insp_record_plan ON insp_record(plan_id);

-- 检查人员: the inspectors present (a child of insp_record).
CREATE TABLE insp_member(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),
  record_id INTEGER NOT NULL REFERENCES insp_record(id),
  person_id INTEGER NOT NULL REFERENCES insp_person(id),
  role TEXT,                               -- lead 主办 | assist 协办
  cert_no TEXT,                            -- 执法证号 (copied when added)
  drawn INTEGER,                           -- 抽签派出 (1/0)
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_member_record ON insp_member(record_id);
CREATE INDEX insp_member_org ON insp_member(org_id);

-- 检查结果: one row per item of the plan's checklist (a child).
CREATE TABLE insp_result(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),
  record_id INTEGER NOT NULL REFERENCES insp_record(id),
  seq INTEGER NOT NULL,                    -- 序号
  item TEXT NOT NULL,                      -- 检查项目
  result TEXT,                             -- ok 符合 | fail 不符合 | na 不适用
  note TEXT,                               -- 情况说明
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_result_record ON insp_result(record_id);
CREATE INDEX insp_result_org ON insp_result(org_id);

-- 音像记录: recorder files and photos (a child): a file in the store, or
-- the SM3 of a video kept on the recorder's own storage.
CREATE TABLE insp_media(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),
  record_id INTEGER NOT NULL REFERENCES insp_record(id),
  kind TEXT NOT NULL,                      -- video 视频 | audio 录音 | photo 照片
  device_no TEXT,                          -- 记录仪编号
  officer TEXT NOT NULL,                   -- 记录人
  started_at TEXT NOT NULL,                -- 开始时间 YYYY-MM-DD HH:MM
  ended_at TEXT NOT NULL,                  -- 结束时间
  retention TEXT NOT NULL,                 -- permanent 永久 | y30 30年 | y10 10年 | y5 5年
  storage TEXT NOT NULL,                   -- store 已上传 | device 存于记录仪
  file TEXT,                               -- 文件 (SM3 in the file store)
  sm3 TEXT,                                -- 记录仪内视频的SM3
  note TEXT,
  void_reason TEXT,
  voided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX insp_media_record ON insp_media(record_id);
CREATE INDEX insp_media_org ON insp_media(org_id);
