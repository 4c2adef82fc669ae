-- 0029-child-files.sql: attachments of child records (src/reg/file.c:
-- /<seg>/:id/<child>/:cid/files/<field>).  The 合法性审核's document
-- versions move from the review onto its revision rounds (review.c): each
-- round holds its own 送审稿 (doc_file), and every version ever uploaded
-- stays in the store with a file_ref row naming the round.

ALTER TABLE review_round ADD COLUMN doc_file TEXT;

-- A review imported before the kernel wrote round 1 at import has no
-- round yet: it gets its round 1 now (its submission day and document).
INSERT INTO review_round(office_id, review_id, round_no, submitted_on, doc_ref,
                         created_at, updated_at)
SELECT r.office_id, r.id, 1, r.submitted_on, r.doc_ref, r.created_at, r.created_at
  FROM review r
 WHERE NOT EXISTS (SELECT 1 FROM review_round x WHERE x.review_id=r.id)
 ORDER BY r.id;

-- Each version uploaded onto a review belongs to the round that was its
-- latest when the version came (by time; the first round for one older
-- than every round).  Every version is kept: one file_ref row each.
INSERT INTO file_ref(sm3, entity, rec_id, field, name, created_at, created_by)
SELECT f.sm3, 'review_round',
       COALESCE((SELECT x.id FROM review_round x
                  WHERE x.review_id=f.rec_id AND x.created_at<=f.created_at
                  ORDER BY x.created_at DESC, x.round_no DESC, x.id DESC LIMIT 1),
                (SELECT x.id FROM review_round x
                  WHERE x.review_id=f.rec_id
                  ORDER BY x.round_no, x.id LIMIT 1)),
       'doc_file', f.name, f.created_at, f.created_by
  FROM file_ref f
 WHERE f.entity='review' AND f.field='doc_file'
   AND EXISTS (SELECT 1 FROM review_round x WHERE x.review_id=f.rec_id)
 ORDER BY f.id;

-- A round's document is the last version uploaded for it.
UPDATE review_round
   SET doc_file=(SELECT f.sm3 FROM file_ref f
                  WHERE f.entity='review_round' AND f.rec_id=review_round.id
                    AND f.field='doc_file'
                  ORDER BY f.id DESC LIMIT 1);

DELETE FROM file_ref WHERE entity='review' AND field='doc_file';
ALTER TABLE review DROP COLUMN doc_file;
