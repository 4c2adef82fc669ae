-- 0014-schools.sql: the schools' 法治 registers (src/areas/school.c): the
-- 法治副校长 people and their appointments, the 学法/普法 activities, the
-- per-school checklist templates and items.  Columns are the
-- declarations' field keys; the kernel adds created_at/updated_at and
-- void_reason/voided_at.
CREATE TABLE vp_person(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 登记单位 (scope: who keeps the 人员库)
  name TEXT NOT NULL,                      -- 姓名
  employer_kind TEXT NOT NULL,             -- police 公安 | procuratorate 检察院 | court 法院 |
                                           -- justice 司法局 | lawfirm 律师事务所 | other 其他
  employer TEXT NOT NULL,                  -- 派出单位名称
  post TEXT,                               -- 职务
  phone TEXT,                              -- 联系电话, SM4-sealed hex (personal data)
  phone_idx TEXT,                          -- its blind index
  id_no TEXT,                              -- 身份证号, SM4-sealed hex (personal data)
  id_no_idx TEXT UNIQUE,                   -- its blind index (unique)
  void_reason TEXT,                        -- why it was voided (NULL: in force)
  voided_at INTEGER,                       -- when (epoch)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX vp_person_org ON vp_person(org_id);
CREATE INDEX vp_person_phone ON vp_person(phone_idx);

CREATE TABLE vp_appoint(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 学校 (scope)
  person_id INTEGER NOT NULL REFERENCES vp_person(id),  -- 法治副校长
  vp_name TEXT NOT NULL,                   -- 姓名, copied from the person on every write (title)
  term_start TEXT NOT NULL,                -- 聘期起始日 (ISO date)
  term_end TEXT NOT NULL,                  -- 聘期终止日
  cert_no TEXT UNIQUE,                     -- 聘书编号
  void_reason TEXT,                        -- why it was voided (NULL: in force)
  voided_at INTEGER,                       -- when (epoch)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX vp_appoint_org ON vp_appoint(org_id);
CREATE INDEX vp_appoint_person ON vp_appoint(person_id);

CREATE TABLE activity(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 组织单位 (scope)
  kind TEXT NOT NULL,                      -- 活动类别 (code, see school.c azActKind)
  held_on TEXT NOT NULL,                   -- 活动日期 (ISO date)
  title TEXT NOT NULL,                     -- 主题
  speaker_id INTEGER REFERENCES vp_appoint(id),  -- 主讲法治副校长 (an appointment at the org)
  speaker TEXT,                            -- 主讲人 (any other speaker)
  participants INTEGER,                    -- 参加人数
  semester TEXT NOT NULL,                  -- 学期 "2024春" / "2024秋", derived from the date
  void_reason TEXT,                        -- why it was voided (NULL: in force)
  voided_at INTEGER,                       -- when (epoch)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX activity_org ON activity(org_id);
CREATE INDEX activity_kind ON activity(kind, held_on);

CREATE TABLE check_tmpl(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 制定单位 (scope: the bureau)
  year INTEGER NOT NULL,                   -- 年度
  item TEXT NOT NULL,                      -- 检查项目 (code, see school.c azItem)
  requirement TEXT,                        -- 达标要求 as the 法规股 words it this year
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (year, item)
);

CREATE TABLE check_item(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 学校 (scope)
  year INTEGER NOT NULL,                   -- 年度
  item TEXT NOT NULL,                      -- 检查项目 (code)
  status TEXT NOT NULL CHECK (status='met' OR status='unmet'),  -- 达标 / 未达标
  checked_on TEXT NOT NULL,                -- 检查日期
  checker TEXT NOT NULL,                   -- 检查人
  note TEXT,                               -- 说明 (what is lacking)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (year, org_id, item)
);
CREATE INDEX check_item_org ON check_item(org_id);

-- 年度考核 (src/areas/assess.c): the items of a year with their points
-- (分值; at most 100 a year), whether an item counts as 普法, and where its
-- score comes from (manual: entered per school; otherwise computed from the
-- registers above); and the scores entered per school.
CREATE TABLE assess_item(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 制定单位 (scope: the bureau)
  year INTEGER NOT NULL,                   -- 年度
  name TEXT NOT NULL,                      -- 考核项目
  weight INTEGER NOT NULL,                 -- 分值 (1-100; a year's items add up to at most 100)
  pufa INTEGER NOT NULL DEFAULT 0,         -- 普法项目 (1/0): counts in the 普法 share
  source TEXT NOT NULL,                    -- 得分来源: manual | vp | safety | lawclass | culture |
                                           -- case_talk | pufa_act (see assess.c)
  title TEXT NOT NULL,                     -- "2024年 普法活动", derived (the record's title)
  note TEXT,                               -- 评分标准
  void_reason TEXT,                        -- why it was voided (NULL: in force)
  voided_at INTEGER,                       -- when (epoch)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX assess_item_year ON assess_item(year);

CREATE TABLE assess_score(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 学校 (scope)
  item_id INTEGER NOT NULL REFERENCES assess_item(id),  -- 考核项目 (a manual one)
  year INTEGER NOT NULL,                   -- 年度, copied from the item
  score INTEGER NOT NULL,                  -- 得分 (0 to the item's 分值)
  note TEXT,                               -- 扣分说明
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (org_id, item_id)
);
CREATE INDEX assess_score_item ON assess_score(item_id);

-- Evidence files of checklist items (src/areas/evidence.c): the bytes are
-- stored once under their SM3 in the data folder (files/<h0h1>/<h>); a
-- row names the item and what was uploaded.  Downloads check the SM3.
CREATE TABLE evidence(
  id ID_PK,
  item_id INTEGER NOT NULL REFERENCES check_item(id) ON DELETE CASCADE,  -- 检查项目
  org_id INTEGER NOT NULL REFERENCES org(id),  -- the item's school (scope)
  sm3 TEXT NOT NULL,                       -- SM3 of the bytes (hex): the file's name on disk
  name TEXT NOT NULL,                      -- 文件名 as uploaded (shown, never a path)
  mime TEXT NOT NULL,                      -- image/jpeg, application/pdf, ...
  size INTEGER NOT NULL,                   -- bytes
  created_at INTEGER NOT NULL,
  created_by INTEGER                       -- users.id (NULL: the command line)
);
CREATE INDEX evidence_item ON evidence(item_id);

-- The school registry's fields on org (src/areas/org.c): 学段/类别, 公办/民办,
-- 乡镇, 办学状态 (open 办学中 | merged 合并 | closed 撤销; the date is org.closed)
-- and the school a merged one went into.  Existing schools get their 学段
-- from the 学校标识码's first two digits and the status from org.closed.
ALTER TABLE org ADD COLUMN stage TEXT;        -- kindergarten primary junior nine_year senior ...
ALTER TABLE org ADD COLUMN ownership TEXT;    -- public 公办 | private 民办
ALTER TABLE org ADD COLUMN town TEXT;         -- 乡镇
ALTER TABLE org ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE org ADD COLUMN merged_into INTEGER;  -- org.id (kept by the register's rule)
UPDATE org SET status='closed' WHERE closed IS NOT NULL;
UPDATE org SET stage=CASE substr(school_code, 1, 2) WHEN '11' THEN 'kindergarten'
  WHEN '21' THEN 'primary' WHEN '31' THEN 'junior' WHEN '34' THEN 'senior' END
 WHERE kind IN ('school','kindergarten') AND school_code IS NOT NULL;
UPDATE org SET stage='kindergarten' WHERE kind='kindergarten' AND stage IS NULL;
