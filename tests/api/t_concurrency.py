#!/usr/bin/env python3
"""No lost updates, no side doors (issue 16 item 10), with real concurrent
requests, on the backend tests/api/lib.py selects (SQLite, or PostgreSQL
with FAZHI_TEST_BACKEND=pg):

- 20 rounds of two simultaneous identical steps (解聘) on one record (two
  users, released together by a barrier): exactly 20 succeed and 20 get
  409, whose message names the state found;
- two simultaneous appointments of one 法治副校长 (already at one school)
  to two more schools, and of another person to the same school twice:
  exactly one of each succeeds (at most two schools; no overlapping term
  at one school);
- a stale edit (the edit form or a PUT naming the version it read, after
  someone else saved) answers 409 saying so, keeps what was typed, and the
  record keeps the other user's value;
- the blind index serves only roles that see the field in full: a role
  that sees 身份证号 masked gets 0 hits for the right number, as for a
  wrong one; a full-view role finds it;
- the public lookup's limit is kept in the database: two alternating
  addresses are each limited, and two server processes on one database
  share one count.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, Client, check, check_eq, finish, error, together, idno  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ORG = {}


def steps(admin, legal):
    ok = conflict = other = 0
    msgs = set()
    for k in range(20):
        r = admin.post("/api/v1/advisers", {
            "org_id": ORG["梨树县第一实验小学"], "name": "并发律师%d" % k, "kind": "person",
            "firm": "吉林某律师事务所", "licence_no": "1220320191%07d" % k,
            "contract_start": "2025-01-01", "contract_end": "2030-12-31"})
        if not check_eq(r.status, 201, "adviser %d created: %r" % (k, r)):
            continue
        aid = r.json["id"]
        body = {"dismissed_on": "2026-01-05", "end_reason": "合同提前终止"}
        res = together([lambda c=c: c.post("/api/v1/advisers/%d/dismiss" % aid, body)
                        for c in (admin, legal)])
        for x in res:
            if x.status == 200:
                ok += 1
            elif x.status == 409:
                conflict += 1
                msgs.add(x.message)
            else:
                other += 1
                print("unexpected %r" % x)
        r = admin.get("/api/v1/advisers/%d" % aid)
        check_eq(r.json.get("status"), "dismissed", "round %d: the record is dismissed" % k)
    print("steps: %d succeeded, %d conflicts (409), %d other" % (ok, conflict, other), flush=True)
    check_eq((ok, conflict, other), (20, 20, 0),
             "20 rounds of two simultaneous steps: 20 successes and 20 conflicts")
    check(all("当前状态为“已解聘”" in m or "当前状态为“解聘”" in m for m in msgs) and msgs,
          "the 409 names the state it found: %s" % msgs)


def appointments(legal):
    s1, s2, s3 = ORG["梨树县第一实验小学"], ORG["梨树县第二实验小学"], ORG["梨树镇中心小学"]
    bureau = ORG["梨树县教育局"]
    r = legal.post("/api/v1/vp-people", {"org_id": bureau, "name": "赵警官",
                                         "employer_kind": "police", "employer": "梨树县公安局",
                                         "id_no": idno(141)})
    check_eq(r.status, 201, "a person: %r" % r)
    p1 = r.json["id"]
    r = legal.post("/api/v1/vp-people", {"org_id": bureau, "name": "钱法官",
                                         "employer_kind": "court", "employer": "梨树县人民法院",
                                         "id_no": idno(142)})
    p2 = r.json["id"]

    def appoint(org, person, cert):
        return legal.post("/api/v1/vp-appointments", {
            "org_id": org, "person_id": person, "term_start": "2031-09-01",
            "term_end": "2034-08-31", "cert_no": cert})
    check_eq(appoint(s1, p1, "CC-1").status, 201, "the person at school 1")
    tries = 10
    n_two = 0
    for k in range(tries):
        # two schools more at once: only one may be the second
        res = together([lambda: appoint(s2, p1, "CC-2-%d" % k),
                        lambda: appoint(s3, p1, "CC-3-%d" % k)])
        codes = sorted(x.status for x in res)
        n_two += codes == [201, 409]
        if codes != [201, 409]:
            print("round %d: %s" % (k, [(x.status, x.message) for x in res]))
        # undo the one that landed, for the next round
        for x in res:
            if x.status == 201:
                legal.request("DELETE", "/api/v1/vp-appointments/%d" % x.json["id"],
                              {"reason": "并发测试"})
    print("appointments: %d of %d rounds gave exactly one success" % (n_two, tries), flush=True)
    check_eq(n_two, tries, "two simultaneous appointments to a second and third school: one wins")
    res = together([lambda: appoint(s1, p2, "CC-4"), lambda: appoint(s1, p2, "CC-5")])
    check_eq(sorted(x.status for x in res), [201, 409],
             "the same person at the same school twice at once: one wins")
    r = legal.get("/api/v1/vp-appointments?person_id=%d&limit=100" % p1)
    check_eq(r.json.get("total"), 1, "the first person keeps one appointment in force")


def stale_edit(srv, admin, legal):
    r = admin.post("/api/v1/advisers", {
        "org_id": ORG["梨树县第一实验小学"], "name": "编辑冲突律师", "kind": "person",
        "firm": "原律所", "licence_no": "12203201999999999",
        "contract_start": "2025-01-01", "contract_end": "2030-12-31"})
    aid = r.json["id"]
    v0 = r.json.get("version")
    check(isinstance(v0, int) and v0 >= 1, "the record JSON has its version: %r" % v0)
    # the form: both open it, the other saves, this one's save is refused
    page = admin.get("/advisers/%d/edit" % aid).text
    m = re.search(r"name='version' value='(\d+)'", page)
    check(m is not None, "the edit form carries the version it was read at")
    fv = m.group(1) if m else "0"
    r = legal.put("/api/v1/advisers/%d" % aid, {"firm": "他人保存的律所", "version": v0})
    check_eq(r.status, 200, "the other user saves first (PUT at the version read)")
    check_eq(r.json.get("version"), v0 + 1, "the version went up by one")
    pairs = [("org_id", str(ORG["梨树县第一实验小学"])), ("name", "编辑冲突律师"),
             ("kind", "person"), ("firm", "我输入的律所"), ("licence_no", "12203201999999999"),
             ("contract_start", "2025-01-01"), ("contract_end", "2030-12-31"),
             ("version", fv), ("csrf", admin.csrf)]
    r = admin.post("/advisers/%d/edit" % aid, urllib.parse.urlencode(pairs).encode(),
                   headers=FORM)
    check_eq(r.status, 409, "the stale form is refused with 409")
    check("已被他人修改" in r.text and "notice err" in r.text,
          "the error summary says someone else saved")
    check("我输入的律所" in r.text, "what was typed is kept")
    r = admin.get("/api/v1/advisers/%d" % aid)
    check_eq(r.json.get("firm"), "他人保存的律所", "the record keeps the other user's value (form)")
    # the API: a PUT naming the old version
    r = admin.put("/api/v1/advisers/%d" % aid, {"firm": "旧版本的修改", "version": v0})
    check_eq((r.status, r.code), (409, "conflict"), "a stale PUT: 409")
    check("已被他人修改" in (r.message or ""), "... saying so: %s" % r.message)
    r = admin.get("/api/v1/advisers/%d" % aid)
    check_eq(r.json.get("firm"), "他人保存的律所", "the record keeps the other user's value (PUT)")
    r = admin.put("/api/v1/advisers/%d" % aid, {"firm": "新版本的修改",
                                                 "version": r.json["version"]})
    check_eq(r.status, 200, "a PUT at the current version saves")
    r = admin.put("/api/v1/advisers/%d" % aid, {"version": "1"})
    check_eq(r.status, 400, "a version that is not an integer: 400")
    # a step naming a stale version: 409 with the state found
    r = admin.post("/api/v1/advisers/%d/dismiss" % aid,
                   {"dismissed_on": "2026-01-05", "version": v0})
    check_eq(r.status, 409, "a step at a stale version: 409")
    check("已被他人处理" in (r.message or "") and "当前状态" in (r.message or ""),
          "... naming the state found: %s" % r.message)


def blind_index(srv, admin, legal):
    leader = srv.user_client("c_leader", "leader", org="梨树县教育局")
    number = idno(177)
    r = legal.post("/api/v1/vp-people", {"org_id": ORG["梨树县教育局"], "name": "孙检察官",
                                         "employer_kind": "procuratorate",
                                         "employer": "梨树县人民检察院", "id_no": number})
    check_eq(r.status, 201, "a person with a 身份证号")
    pid = r.json["id"]
    r = leader.get("/api/v1/vp-people/%d" % pid)
    check("*" in (r.json.get("id_no") or ""), "the leader sees the 身份证号 masked")
    right = leader.get("/api/v1/vp-people?q=" + number).json.get("total")
    wrong = leader.get("/api/v1/vp-people?q=" + idno(178)).json.get("total")
    print("blind index, masked role: %s hits for the right number, %s for a wrong one"
          % (right, wrong), flush=True)
    check_eq((right, wrong), (0, 0), "a masked role cannot confirm a number by searching")
    page = leader.get("/vp-people?q=" + number).text
    check("孙检察官" not in page, "... nor on the list page")
    check_eq(legal.get("/api/v1/vp-people?q=" + number).json.get("total"), 1,
             "a full-view role finds the person by the whole number")


def rate_limit(a, b):
    body = {"number": "XK2099-99999", "code": "1"}

    def look(srv, ip):
        return Client(srv.port, source=ip).post("/api/v1/public/permits", body, csrf=False).status
    # two addresses taking turns: each is limited at its own 21st lookup
    codes = {"127.0.3.1": [], "127.0.3.2": []}
    for i in range(22):
        for ip in codes:
            codes[ip].append(look(a, ip))
    for ip, c in codes.items():
        check_eq((c[:20].count(404), c[20:]), (20, [429, 429]),
                 "alternating addresses: %s is limited after 20" % ip)
    # two processes on one database share the count
    got = [look(a if i % 2 == 0 else b, "127.0.3.3") for i in range(24)]
    print("shared limit over two processes: %s" % got, flush=True)
    check_eq((got[:20].count(404), got[20:]), (20, [429] * 4),
             "20 lookups through A and B in turn, then 429 on both")


def main():
    a = b = None
    try:
        a = Server()
        b = Server(demo=False, data=a.data, db_url=a.db_url)
        print("backend: %s" % ("postgresql" if a.db_url else "sqlite"), flush=True)
        admin = a.admin()
        legal = a.user_client("c_legal", "legal", org="梨树县教育局")
        for o in admin.get("/api/v1/orgs?limit=1000").json["items"]:
            ORG[o["name"]] = o["id"]
        steps(admin, legal)
        appointments(legal)
        stale_edit(a, admin, legal)
        blind_index(a, admin, legal)
        rate_limit(a, b)
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
