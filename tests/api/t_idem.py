#!/usr/bin/env python3
"""The Idempotency-Key of the JSON API (src/core/idem.c), on the backend
tests/api/lib.py selects (SQLite, or PostgreSQL with FAZHI_TEST_BACKEND=pg):

- a create sent twice with one key makes one record; the second send gets
  the first reply (same id) marked Idempotent-Replayed;
- a step sent twice runs once (the record's version moves once);
- the same key with another body is 422 and changes nothing; another
  user's key of the same text is theirs;
- a malformed key is 400 and changes nothing;
- eight simultaneous sends of one create, spread over two server
  processes on one database, make exactly one record;
- a reply that failed validation (422) is replayed as it was;
- a reply that holds a password (a new user's one-time password) is never
  kept: the retry is told the change landed, and the row keeps no body;
- a claim left by a request that never committed is taken over once
  stale, and one whose change committed without a reply says so (409
  idempotency_reply_lost) instead of running again (SQLite: the claim
  rows are edited directly to stand for a process that stopped);
- requests without sign-in ignore the header.
"""
import os
import sqlite3
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error, together  # noqa: E402

ORG = {}


def adviser(name, n):
    return {"org_id": ORG["梨树县第一实验小学"], "name": name, "kind": "person",
            "firm": "吉林某律师事务所", "licence_no": "1220320192%07d" % n,
            "contract_start": "2025-01-01", "contract_end": "2030-12-31"}


def count(c, name):
    r = c.get("/api/v1/advisers?q=%s&limit=100" % urllib.parse.quote(name))
    return len([x for x in r.json.get("items", []) if x.get("name") == name])


def key(k):
    return {"Idempotency-Key": k}


def create_twice(admin):
    body = adviser("幂等律师甲", 1)
    r1 = admin.post("/api/v1/advisers", body, headers=key("k-create-1"))
    check_eq(r1.status, 201, "first send creates: %r" % r1)
    check(r1.header("Idempotent-Replayed") is None, "the first reply is not a replay")
    r2 = admin.post("/api/v1/advisers", body, headers=key("k-create-1"))
    check_eq(r2.status, 201, "second send answers as the first: %r" % r2)
    check_eq(r2.header("Idempotent-Replayed"), "true", "the second reply is marked as a replay")
    check_eq(r2.json.get("id"), r1.json.get("id"), "the replay names the same record")
    check_eq(count(admin, "幂等律师甲"), 1, "one record for two sends")
    # the same key with other content
    r3 = admin.post("/api/v1/advisers", adviser("幂等律师乙", 2), headers=key("k-create-1"))
    check_eq((r3.status, r3.code), (422, "idempotency_key_reused"), "key reused for another body: %r" % r3)
    check_eq(count(admin, "幂等律师乙"), 0, "the other body changed nothing")
    # malformed keys
    for bad in ("x" * 129, "has space", "键".encode("utf-8"), ""):
        r = admin.post("/api/v1/advisers", adviser("幂等律师丙", 3), headers=key(bad))
        if bad == "":
            # an empty header is no key at all on some clients; either 400 or a plain create
            check(r.status in (400, 201), "empty key: %r" % r)
            if r.status == 201:
                admin.request("DELETE", "/api/v1/advisers/%d" % r.json["id"], {"reason": "测试"})
            continue
        check_eq((r.status, r.code, r.field), (400, "bad_idempotency_key", "Idempotency-Key"),
                 "malformed key %r refused" % bad[:12])
    check_eq(count(admin, "幂等律师丙"), 0, "malformed keys changed nothing")
    return r1.json["id"]


def other_user(legal):
    r = legal.post("/api/v1/advisers", adviser("幂等律师丁", 4), headers=key("k-create-1"))
    check_eq(r.status, 201, "another user's key of the same text is theirs: %r" % r)
    check(r.header("Idempotent-Replayed") is None, "and not a replay")


def step_twice(admin, aid):
    v0 = admin.get("/api/v1/advisers/%d" % aid).json.get("version")
    body = {"dismissed_on": "2026-01-05", "end_reason": "合同提前终止"}
    r1 = admin.post("/api/v1/advisers/%d/dismiss" % aid, body, headers=key("k-step-1"))
    check_eq(r1.status, 200, "the step runs: %r" % r1)
    r2 = admin.post("/api/v1/advisers/%d/dismiss" % aid, body, headers=key("k-step-1"))
    check_eq((r2.status, r2.header("Idempotent-Replayed")), (200, "true"), "the step replayed: %r" % r2)
    check_eq(r2.body, r1.body, "the replay is the first reply, byte for byte")
    v2 = admin.get("/api/v1/advisers/%d" % aid).json.get("version")
    check_eq(v2, v0 + 1, "the record's version moved once for two sends")
    r3 = admin.post("/api/v1/advisers/%d/dismiss" % aid, body, headers=key("k-step-2"))
    check_eq(r3.status, 409, "a new key runs the step again, which the state refuses: %r" % r3)


def invalid_replayed(admin):
    body = adviser("", 5)
    r1 = admin.post("/api/v1/advisers", body, headers=key("k-bad-1"))
    check_eq(r1.status, 422, "an invalid create: %r" % r1)
    r2 = admin.post("/api/v1/advisers", body, headers=key("k-bad-1"))
    check_eq((r2.status, r2.header("Idempotent-Replayed"), r2.body), (422, "true", r1.body),
             "the 422 is replayed as it was")


def concurrent(ca, cb):
    body = adviser("并发幂等律师", 6)
    calls = [lambda c=c: c.post("/api/v1/advisers", body, headers=key("k-race-1"))
             for c in (ca, cb) * 4]
    res = together(calls)
    fresh = [x for x in res if x.status == 201 and x.header("Idempotent-Replayed") is None]
    replay = [x for x in res if x.status == 201 and x.header("Idempotent-Replayed") == "true"]
    busy = [x for x in res if x.status == 409 and x.code == "idempotency_in_progress"]
    other = [x for x in res if x not in fresh and x not in replay and x not in busy]
    print("race: %d created, %d replayed, %d in progress, %d other"
          % (len(fresh), len(replay), len(busy), len(other)), flush=True)
    check_eq(len(fresh), 1, "eight simultaneous sends over two processes: exactly one runs")
    check_eq(other, [], "the others are replays or told to wait")
    check(all(x.json.get("id") == fresh[0].json.get("id") for x in replay), "replays name the one record")
    check(all(x.header("Retry-After") for x in busy), "in progress answers carry Retry-After")
    check_eq(count(ca, "并发幂等律师"), 1, "one record")


def secret_reply(srv, admin):
    body = {"username": "idem_user", "name": "幂等用户", "org_id": ORG["梨树县第一实验小学"],
            "roles": ["inspector"]}
    r1 = admin.post("/api/v1/users", body, headers=key("k-user-1"))
    check(r1.status == 201 and r1.json.get("one_time_password"), "user created: %r" % r1)
    r2 = admin.post("/api/v1/users", body, headers=key("k-user-1"))
    check_eq((r2.status, r2.code), (409, "idempotency_reply_lost"),
             "a reply holding a password is not replayed: %r" % r2)
    check("one_time_password" not in r2.text, "and the retry does not carry the password")
    users = admin.get("/api/v1/users?q=idem_user").json.get("items", [])
    check_eq(len([u for u in users if u.get("username") == "idem_user"]), 1, "one user")
    if srv.db_url:
        return
    con = sqlite3.connect(srv.db_path())
    try:
        row = con.execute("SELECT status, body FROM idem_key WHERE ikey='k-user-1'").fetchone()
    finally:
        con.close()
    check_eq(row, (201, None), "the kept row has the status and no body")


def stale_claims(srv, admin):
    if srv.db_url:
        print("stale claims: SQLite only (rows edited directly)", flush=True)
        return
    body = adviser("幂等律师戊", 7)
    r1 = admin.post("/api/v1/advisers", body, headers=key("k-stale-1"))
    check_eq(r1.status, 201, "created: %r" % r1)
    con = sqlite3.connect(srv.db_path())
    try:
        # a claim that stands for a request that stopped before committing,
        # an hour ago: nothing landed, so the retry runs
        con.execute("UPDATE idem_key SET status=0, applied=0, body=NULL, ctype=NULL,"
                    " created_at=created_at-3600 WHERE ikey='k-stale-1'")
        con.commit()
    finally:
        con.close()
    # and the record it made is taken for one the stopped request never made
    r = admin.put("/api/v1/advisers/%d" % r1.json["id"],
                  {"licence_no": "12203201929999999", "name": "幂等律师己", "version": r1.json["version"]})
    check_eq(r.status, 200, "the first record renamed: %r" % r)
    r2 = admin.post("/api/v1/advisers", body, headers=key("k-stale-1"))
    check_eq(r2.status, 201, "a stale claim with nothing applied is taken over: %r" % r2)
    check(r2.header("Idempotent-Replayed") is None, "and runs again")
    # a claim whose change committed but whose reply was never kept
    con = sqlite3.connect(srv.db_path())
    try:
        con.execute("UPDATE idem_key SET status=0, applied=1, body=NULL, ctype=NULL,"
                    " created_at=created_at-3600 WHERE ikey='k-stale-1'")
        con.commit()
    finally:
        con.close()
    r3 = admin.post("/api/v1/advisers", body, headers=key("k-stale-1"))
    check_eq((r3.status, r3.code), (409, "idempotency_reply_lost"),
             "a change that landed without its reply is not run again: %r" % r3)
    # a fresh claim (just now) that is still running: wait
    con = sqlite3.connect(srv.db_path())
    try:
        con.execute("UPDATE idem_key SET status=0, applied=0, created_at=strftime('%s','now')"
                    " WHERE ikey='k-stale-1'")
        con.commit()
    finally:
        con.close()
    r4 = admin.post("/api/v1/advisers", body, headers=key("k-stale-1"))
    check_eq((r4.status, r4.code), (409, "idempotency_in_progress"), "a running claim: wait: %r" % r4)
    check(r4.header("Retry-After"), "with Retry-After")


def public_ignored(srv):
    c = srv.client()
    r = c.request("POST", "/api/v1/login", {"username": "nobody", "password": "wrong-password-1"},
                  headers=key("k-login"))
    r2 = c.request("POST", "/api/v1/login", {"username": "nobody", "password": "wrong-password-1"},
                   headers=key("k-login"))
    check_eq((r.status, r2.status), (401, 401), "a request without sign-in ignores the key")
    check(r2.header("Idempotent-Replayed") is None, "and is never replayed")


def main():
    a = b = None
    try:
        a = Server()
        b = Server(demo=False, data=a.data, db_url=a.db_url)
        print("backend: %s" % ("postgresql" if a.db_url else "sqlite"), flush=True)
        admin = a.admin()
        legal = a.user_client("i_legal", "legal", org="梨树县教育局")
        for o in admin.get("/api/v1/orgs?limit=1000").json["items"]:
            ORG[o["name"]] = o["id"]
        aid = create_twice(admin)
        other_user(legal)
        step_twice(admin, aid)
        invalid_replayed(admin)
        cb = b.client()
        cb.cookies = dict(admin.cookies)
        cb.csrf = admin.csrf
        concurrent(admin, cb)
        secret_reply(a, admin)
        stale_claims(a, admin)
        public_ignored(a)
        a.check_log()
        b.check_log()
    except Exception:
        error("exception")
    finally:
        for s in (b, a):
            if s:
                s.stop()
    finish()


if __name__ == "__main__":
    main()
