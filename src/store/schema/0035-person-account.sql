-- 0035-person-account.sql: an inspector's 执法检查人员 entry linked to
-- their user account (#21): 今日任务 (src/desk/today.c) finds the tasks of
-- the signed-in user by this link, not by the name.  `account` is the login
-- name the administrator chooses in the person's form; `user_id` is the
-- account it names, set by the register's check (lists.c) and read by
-- GET /api/v1/today.  One account is linked to at most one person in use
-- (checked by the register, so a voided entry does not block a new link).
ALTER TABLE insp_person ADD COLUMN account TEXT;
ALTER TABLE insp_person ADD COLUMN user_id INTEGER REFERENCES users(id);
CREATE INDEX insp_person_user ON insp_person(user_id);
