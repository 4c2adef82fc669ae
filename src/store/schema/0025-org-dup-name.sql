-- 0025-org-dup-name.sql: two orgs of the same name under the same parent
-- are refused (src/areas/org/org.c) unless the second is recorded as a
-- deliberate duplicate (允许重名, audited with the record); `fazhi org
-- check-dups` lists the pairs stored before this rule.
ALTER TABLE org ADD COLUMN allow_duplicate_name INTEGER NOT NULL DEFAULT 0;
CREATE INDEX org_parent_name ON org(parent_id, name);
