-- 0037-sort-key.sql: lists ordered by a key in plain bytes, not by the zh
-- collation's per-comparison work (src/store/zh.h).  org.sort_key is
-- zh_key(sort_path): written with the org (org_place), '' until
-- org_sort_rebuild() fills it at start.  KEYTEXT is TEXT compared byte by
-- byte on both databases (PostgreSQL: COLLATE "C").  The index on the key
-- and the path (the list's tie-break) gives the org list its order
-- without a sort.
ALTER TABLE org ADD COLUMN sort_key KEYTEXT NOT NULL DEFAULT '';
CREATE INDEX org_sort_key ON org(sort_key, path);
