-- 0019-files.sql: the file store (src/core/files.c).  The bytes of every
-- attachment live once under <data>/files/<h0h1>/<sm3>; `file` has a row
-- per stored file and `file_ref` one per use of it (which record of which
-- register or area, which field, the name it was uploaded as).  Nothing
-- deletes a stored file, so a frozen or approved record always names bytes
-- that are there; `fazhi files verify` re-hashes them all.
CREATE TABLE file(
  sm3 TEXT PRIMARY KEY,                    -- SM3 of the bytes (hex): the name on disk
  size INTEGER NOT NULL,                   -- bytes
  type TEXT NOT NULL,                      -- sniffed from the bytes: image/jpeg, video/mp4 ...
  created_at INTEGER NOT NULL
);

CREATE TABLE file_ref(
  id ID_PK,
  sm3 TEXT NOT NULL REFERENCES file(sm3),  -- the stored file
  entity TEXT NOT NULL,                    -- register or area: adviser, check_item, report
  rec_id INTEGER NOT NULL,                 -- the record's id
  field TEXT NOT NULL,                     -- the field: contract_file, evidence, docx ...
  name TEXT NOT NULL,                      -- 文件名 as uploaded (shown, never a path)
  created_at INTEGER NOT NULL,
  created_by INTEGER                       -- users.id (NULL: the command line)
);
CREATE INDEX file_ref_sm3 ON file_ref(sm3);
CREATE INDEX file_ref_rec ON file_ref(entity, rec_id, field);

-- The checklist's evidence was already stored by SM3 under files/: its
-- files enter the table and its rows name their uses.
INSERT INTO file(sm3, size, type, created_at)
  SELECT sm3, MIN(size), MIN(mime), MIN(created_at)
  FROM evidence
  GROUP BY sm3;
INSERT INTO file_ref(sm3, entity, rec_id, field, name, created_at, created_by)
  SELECT sm3, 'check_item', item_id, 'evidence', name, created_at, created_by
  FROM evidence
  ORDER BY id;

-- File fields (REG_FILE, src/reg/file.c) hold the SM3 of a stored file:
-- 法律顾问's signed contract; 行政许可's sealed decision and the signed
-- 送达回证 (the documents fazhi drafts come back signed, as scans).
ALTER TABLE adviser ADD COLUMN contract_file TEXT;
ALTER TABLE permit ADD COLUMN decision_file TEXT;
ALTER TABLE permit ADD COLUMN receipt_file TEXT;
