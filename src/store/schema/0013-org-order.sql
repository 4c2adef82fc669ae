-- 0013-org-order.sql: one order of orgs everywhere (src/areas/org.c).
ALTER TABLE org ADD COLUMN sort_no INTEGER;             -- 排序号 an administrator sets, or NULL
ALTER TABLE org ADD COLUMN sort_path TEXT NOT NULL DEFAULT '';  -- order key: the parent's, then
                                                         -- this org's part (org_sort_part);
                                                         -- '' until org_sort_rebuild() fills it
CREATE INDEX org_sort ON org(sort_path);
