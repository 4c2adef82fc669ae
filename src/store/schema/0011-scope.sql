-- 0011-scope.sql: scope follows the unit (a bureau, a school), partner
-- departments outside the bureau, the audit log scoped, 学校标识码 unique.

-- Partner departments (公安局, 市场监管局 ...: kind dept) join inspections;
-- they are not part of the bureau.  Each becomes a root of its own.
UPDATE org
   SET parent_id=NULL,
       path='/' || substr(path, length(path) - 10)
 WHERE kind='dept'
   AND parent_id IS NOT NULL;

-- Where an audit entry belongs, for reading it in scope: actor_path is the
-- path of the acting user's unit (NULL: the system, an unknown user, the
-- command line), subject_path the path of the org the entry is about (the
-- org itself, a user's org; NULL: no org, e.g. the calendar).  A reader
-- sees the entries whose actor or subject is inside their unit.  Not part
-- of the hash chain: they only decide who may read an entry.
ALTER TABLE audit ADD COLUMN actor_path TEXT;
ALTER TABLE audit ADD COLUMN subject_path TEXT;
UPDATE audit
   SET actor_path=(SELECT o.path FROM org o WHERE o.id=audit.org_id);
-- (entity ids of orgs and users are always written as decimal ids)
UPDATE audit
   SET subject_path=(SELECT o.path FROM org o WHERE o.id=CAST(audit.entity_id AS BIGINT))
 WHERE entity='org'
   AND entity_id<>'';
UPDATE audit
   SET subject_path=(SELECT o.path FROM users u JOIN org o ON o.id=u.org_id
                      WHERE u.id=CAST(audit.entity_id AS BIGINT))
 WHERE entity='user'
   AND entity_id<>'';

-- 学校标识码 identifies one school, like the 统一社会信用代码.
CREATE UNIQUE INDEX org_school_code ON org(school_code);
