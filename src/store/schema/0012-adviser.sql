-- 0012-adviser.sql: the 法律顾问 register (src/areas/adviser.c).  Its
-- columns are the declaration's field keys; the kernel (src/reg/) adds
-- created_at/updated_at and, for a register voided rather than deleted,
-- void_reason/voided_at.
CREATE TABLE adviser(
  id ID_PK,
  org_id INTEGER NOT NULL REFERENCES org(id),  -- 聘请单位 (scope)
  name TEXT NOT NULL,                      -- 姓名或名称
  kind TEXT NOT NULL CHECK (kind='person' OR kind='firm'),  -- 个人 / 律师事务所
  firm TEXT,                               -- 所在律师事务所 (for a person)
  licence_no TEXT UNIQUE,                  -- 执业证号 (person) or 执业许可证号 (firm)
  phone TEXT,                              -- 联系电话, SM4-sealed hex (personal data)
  phone_idx TEXT,                          -- its blind index (HMAC-SM3) for lookups
  contract_start TEXT NOT NULL,            -- 合同起始日 (ISO date)
  contract_end TEXT NOT NULL,              -- 合同终止日
  filed_on TEXT,                           -- 司法局备案日期
  status TEXT NOT NULL,                    -- active 在聘 | expired 期满 | dismissed 解聘
  dismissed_on TEXT,                       -- 解聘日期 (step dismiss)
  end_reason TEXT,                         -- 解聘原因
  void_reason TEXT,                        -- why it was voided (NULL: in force)
  voided_at INTEGER,                       -- when (epoch)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX adviser_org ON adviser(org_id);
CREATE INDEX adviser_phone ON adviser(phone_idx);
