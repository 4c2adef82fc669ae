#!/usr/bin/env python3
"""今日任务 (src/desk/today.c): the inspections assigned to the signed-in
inspector, which the phone keeps for work without a network (#21).

- GET /api/v1/today lists the open records whose inspectors present include
  the user's 执法检查人员名录库 entry, whose day is in the range; the entry is
  the one linked to the user's account (insp_person.account/user_id, set by
  an administrator only: 403 otherwise, 422 for an unknown account, 409 for
  an account already linked); while no entry is linked, by name;
  a record the user is not on (or was re-assigned from), another day: not
  listed.
- The target's personal fields are masked (法定代表人 to its first
  character, a mobile number to 3 + 4 digits).
- kept_until follows the setting offline.keep_hours.
- A bad range is 422 naming from/to; a school user is refused (403).
- A child's PUT takes the version the client read: 409 when it moved
  (the phone's queue tells a conflict by it); without a version, as before.
- /today and /today/task pages, /sw.js public, /static/offline.js served.
Runs on SQLite and PostgreSQL.
"""
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import NEW_PASSWORD, Server, check, check_eq, finish  # noqa: E402


def named_client(srv, username, name, roles, org):
    """A user with a given name, signed in with the password changed."""
    p = srv.add_user(username, roles, org=org, name=name)
    if p.returncode != 0:
        raise RuntimeError(p.stderr)
    c = srv.client()
    check_eq(c.login(username, "Passw0rd!x").status, 200, "%s signs in" % username)
    check_eq(c.change_password("Passw0rd!x", NEW_PASSWORD).status, 200, "%s changes the password" % username)
    return c


def kept_within(kept_until, t0, t1, hours):
    """kept_until is the request's own time plus hours: it lies between the
    clock read just before the request and just after it (whole seconds)."""
    return int(t0) + hours * 3600 - 1 <= kept_until <= int(t1) + hours * 3600 + 1


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        zmy = named_client(srv, "zmy", "张明远", "inspector", "法规股")
        other = named_client(srv, "lgh", "刘国华", "inspector", "法规股")
        school = srv.user_client("u_school", "school", org="梨树县第一实验小学")

        r = zmy.get("/api/v1/today")
        check_eq(r.status, 200, "the inspector asks for today's tasks")
        today = r.json["from"]
        check_eq((r.json["to"], r.json["total"], r.json["user_name"]), (today, 0, "张明远"),
                 "the range defaults to today; nothing assigned yet")
        tomorrow = (datetime.date.fromisoformat(today) + datetime.timedelta(days=1)).isoformat()

        people = {p["name"]: p for p in admin.get("/api/v1/insp-people?limit=100").json["items"]}
        draws = admin.get("/api/v1/draws?limit=100").json["items"]
        tasks = []
        for d in draws:
            tasks += admin.get("/api/v1/draws/%d/tasks?limit=100" % d["id"]).json["items"]
        made = []
        for t in tasks:
            if len(made) == 2:
                break
            r = zmy.post("/api/v1/inspections", {"task_id": t["id"]})
            if r.status == 201:
                made.append(r.json)
        check_eq(len(made), 2, "two records of drawn tasks")
        a, b = made
        for rec in made:
            check_eq(zmy.post("/api/v1/inspections/%d/approve" % rec["id"],
                              {"approver": "刘国华", "approved_on": today}).status, 200, "approved today")
            check_eq(zmy.post("/api/v1/inspections/%d/notify" % rec["id"],
                              {"notice_on": today, "notice_way": "电话"}).status, 200, "notified today")
        # 张明远 present on A, not on B
        for rec, want in ((a, True), (b, False)):
            mem = zmy.get("/api/v1/inspections/%d/members" % rec["id"]).json["items"]
            here = [m for m in mem if m["person_id_name"] == "张明远"]
            if want and not here:
                check_eq(zmy.post("/api/v1/inspections/%d/members" % rec["id"],
                                  {"person_id": people["张明远"]["id"]}).status, 201, "张明远 present on A")
            for m in here if not want else []:
                check_eq(zmy.request("DELETE", "/api/v1/inspections/%d/members/%d" % (rec["id"], m["id"]),
                                     {"reason": "另有任务"}).status, 200, "张明远 not on B")
        # the target's personal fields
        tid = a["target_id"]
        tg = admin.get("/api/v1/insp-targets/%d" % tid).json
        r = admin.put("/api/v1/insp-targets/%d" % tid, {"legal_rep": "王建设", "contact": "王老师 13912345678",
                                                       "version": tg["version"]})
        check_eq(r.status, 200, "the target has a legal representative and a mobile number")

        t0 = time.time()
        r = zmy.get("/api/v1/today")
        t1 = time.time()
        ids = [x["id"] for x in r.json["items"]]
        check_eq(ids, [a["id"]], "only the record 张明远 is on is listed")
        it = r.json["items"][0]
        check_eq((it["status"], it["status_label"], it["day"], it["title"]),
                 ("notified", "已通知", today, a["title"]), "its state, day and title")
        check_eq((it["target"]["legal_rep"], it["target"]["contact"]), ("王**", "王老师 139****5678"),
                 "personal fields masked")
        check("13912345678" not in r.text and "王建设" not in r.text, "the unmasked values are not sent")
        check(r.json["keep_hours"] == 24 and kept_within(r.json["kept_until"], t0, t1, 24),
              "kept for 24 hours by default")
        check_eq(other.get("/api/v1/today").json["total"], 0, "an inspector on no team (刘国华): nothing")
        check_eq(zmy.get("/api/v1/today?from=%s&to=%s" % (tomorrow, tomorrow)).json["total"], 0,
                 "another day: nothing")
        check_eq(zmy.get("/api/v1/today?from=%s&to=%s" % (today, tomorrow)).json["total"], 1,
                 "a range holding today: listed")

        p = srv.cli("config", "set", "offline.keep_hours", "8")
        check_eq(p.returncode, 0, "the administrator sets the keeping time")
        t0 = time.time()
        r = zmy.get("/api/v1/today")
        t1 = time.time()
        check(r.json["keep_hours"] == 8 and kept_within(r.json["kept_until"], t0, t1, 8),
              "kept_until follows offline.keep_hours")

        r = zmy.get("/api/v1/today?from=2026-13-01")
        check_eq((r.status, r.field), (422, "from"), "a bad from: 422 naming it")
        r = zmy.get("/api/v1/today?from=%s&to=%s" % (tomorrow, today))
        check_eq((r.status, r.field), (422, "to"), "to before from: 422 naming to")
        far = (datetime.date.fromisoformat(today) + datetime.timedelta(days=40)).isoformat()
        check_eq(zmy.get("/api/v1/today?to=%s" % far).status, 422, "more than 31 days: 422")
        check_eq(school.get("/api/v1/today").status, 403, "a school user: 403")

        # a child's PUT with the version read
        res = zmy.get("/api/v1/inspections/%d/results" % a["id"]).json["items"]
        x = zmy.get("/api/v1/inspections/%d/results/%d" % (a["id"], res[0]["id"])).json
        url = "/api/v1/inspections/%d/results/%d" % (a["id"], x["id"])
        r = other.put(url, {"result": "ok", "version": x["version"]})
        check_eq((r.status, r.json.get("version")), (200, x["version"] + 1), "a change at the version read")
        r = zmy.put(url, {"result": "na", "version": x["version"]})
        check_eq((r.status, r.code), (409, "conflict"), "a change at an older version: 409")
        check_eq(zmy.get(url).json["result"], "ok", "... and nothing changed")
        check_eq(zmy.put(url, {"result": "na"}).status, 200, "without a version, as before")
        check_eq(zmy.put(url, {"result": "ok", "version": 0}).status, 400, "version 0 is refused (400)")

        # the person linked to the account: the link, not the name
        pz = admin.get("/api/v1/insp-people/%d" % people["张明远"]["id"]).json
        purl = "/api/v1/insp-people/%d" % pz["id"]
        check_eq((pz.get("account"), pz.get("user_id")), (None, None), "no account linked yet")
        r = other.put(purl, {"account": "lgh", "version": pz["version"]})
        check_eq((r.status, r.field), (403, "account"), "an inspector may not link an account (403 naming it)")
        r = admin.put(purl, {"account": "nobody", "version": pz["version"]})
        check_eq((r.status, r.field), (422, "account"), "an account that does not exist: 422 naming it")
        r = admin.put(purl, {"account": "lgh", "version": pz["version"]})
        check_eq(r.status, 200, "the administrator links 张明远's entry to the account lgh")
        check(r.json["user_id"] is not None and r.json["account"] == "lgh", "account and user_id kept")
        check_eq(zmy.get("/api/v1/today").json["total"], 0,
                 "linked to another account: the name no longer matches (张明远 sees nothing)")
        check_eq([x["id"] for x in other.get("/api/v1/today").json["items"]], [a["id"]],
                 "the linked account (刘国华's login) gets the tasks")
        pl = people["李秀华"]
        r = admin.put("/api/v1/insp-people/%d" % pl["id"], {"account": "lgh", "version": pl["version"]})
        check_eq((r.status, r.field), (409, "account"), "one account, one person: 409 naming the field")
        r = admin.put(purl, {"account": "zmy", "version": pz["version"] + 1})
        check_eq(r.status, 200, "relinked to 张明远's own account")
        check_eq([x["id"] for x in zmy.get("/api/v1/today").json["items"]], [a["id"]], "张明远 sees A by the link")
        check_eq(other.get("/api/v1/today").json["total"], 0, "刘国华 no longer")
        twin = named_client(srv, "zmy2", "张明远", "inspector", "法规股")
        check_eq(twin.get("/api/v1/today").json["total"], 0,
                 "a namesake (another 张明远) does not get the linked inspector's tasks")

        mem = zmy.get("/api/v1/inspections/%d/members" % a["id"]).json["items"]
        me = [m for m in mem if m["person_id_name"] == "张明远"][0]
        check_eq(zmy.request("DELETE", "/api/v1/inspections/%d/members/%d" % (a["id"], me["id"]),
                             {"reason": "改派"}).status, 200, "张明远 re-assigned away from A")
        check_eq(zmy.get("/api/v1/today").json["total"], 0, "a re-assigned record is no longer listed")

        # the pages and the worker
        r = zmy.get("/today")
        check(r.status == 200 and "data-page='list'" in r.text and "/static/offline.js" in r.text,
              "/today is a shell drawn by offline.js")
        check("今日任务" in r.text and "href='/today'" in r.text, "the navigation offers 今日任务")
        check_eq(zmy.get("/today/task").status, 200, "/today/task")
        check_eq(school.get("/today").status, 403, "not for a school user")
        anon = srv.client()
        r = anon.get("/sw.js")
        check(r.status == 200 and "javascript" in (r.header("Content-Type") or "")
              and "fazhi-offline-v1" in r.text, "/sw.js is public JavaScript")
        check_eq(anon.get("/api/v1/today").status, 401, "the API needs a sign-in")
        check_eq(anon.get("/static/offline.js").status, 200, "offline.js is served")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
