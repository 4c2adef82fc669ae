#!/usr/bin/env python3
"""The API says what it does (issue 7 §7).

The server's answers agree with docs/api/openapi.yaml (every reply of
every suite is checked in lib.py through oas.py; here the checker itself
is shown to catch drift), bearer-token writes need no CSRF token, a
duplicate code answers 409 conflict with the field, bad_field names the
field, JSON syntax errors are told in Chinese with their position, and a
学校标识码 is unique like the 统一社会信用代码.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402
import oas  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_checker():
    """oas.problems flags what the document does not describe."""
    check_eq(oas.problems("GET", "/api/v1/orgs/export?format=xlsx", 200, XLSX, b"PK.."), [],
             "the xlsx export is documented")
    check_eq(oas.problems("GET", "/api/v1/orgs/export?format=csv", 200,
                          "text/csv; charset=utf-8", b"a,b\n"), [], "the CSV export is documented")
    check(oas.problems("GET", "/api/v1/orgs/export", 200, "application/zip", b"PK"),
          "an undocumented media type is flagged")
    check(oas.problems("GET", "/api/v1/orgs", 418, "application/json", b"{}"),
          "an undocumented status is flagged")
    check(oas.problems("GET", "/api/v1/users", 200, "application/json", b'{"items":5}'),
          "a users list body that is not the schema is flagged (the 200 has a schema)")
    check_eq(oas.problems("GET", "/api/v1/users", 200, "application/json",
                          b'{"items":[],"total":0}'), [], "a good users list passes")
    check(oas.problems("POST", "/api/v1/orgs", 409, "application/json",
                       b'{"error":{"code":"conflict"}}'),
          "an error without its message is flagged")
    check_eq(oas.problems("GET", "/orgs", 200, "text/html", b"<html>"), [],
             "HTML pages are not the API's")


def test_server(srv):
    a = srv.admin()
    root = a.get("/api/v1/orgs?kind=bureau").json["items"][0]["id"]

    # bearer writes need no CSRF token; cookie writes do
    b = srv.client()
    r = b.login("admin", srv.admin_password, code=None)
    token = r.json.get("token") if r.status == 200 else None
    if r.status != 200:     # TOTP is required for the admin: log in with a code
        from lib import totp, wait_next_step
        wait_next_step()
        r = b.login("admin", srv.admin_password, code=totp(srv.admin_secret))
        token = r.json.get("token")
    check(bool(token), "login returns a bearer token")
    bare = srv.client()
    r = bare.post("/api/v1/orgs", {"name": "令牌新增学校", "kind": "school", "parent_id": root},
                  headers={"Authorization": "Bearer %s" % token}, csrf=False)
    check_eq(r.status, 201, "a bearer-token write without X-CSRF-Token")
    c = srv.client()
    c.cookies = dict(a.cookies)
    r = c.post("/api/v1/orgs", {"name": "无令牌学校", "kind": "school", "parent_id": root},
               csrf=False)
    check_eq((r.status, r.code), (403, "csrf"), "a cookie write without X-CSRF-Token")

    # duplicate codes: 409 conflict naming the field
    r = a.post("/api/v1/orgs", {"name": "重复信用代码", "kind": "school", "parent_id": root,
                                "code": "91350100M000100Y43"})
    check_eq(r.status, 201, "first use of a 统一社会信用代码")
    r = a.post("/api/v1/orgs", {"name": "重复信用代码2", "kind": "school", "parent_id": root,
                                "code": "91350100M000100Y43"})
    check_eq((r.status, r.code, r.field), (409, "conflict", "code"),
             "a duplicate 统一社会信用代码: 409 conflict, field code")
    check("重复信用代码" in (r.message or ""), "... naming the org that holds it: %r" % r.message)
    # three demo schools and the 学校标识码 they hold
    held = [o for o in a.get("/api/v1/orgs?kind=school&limit=10").json["items"]
            if o.get("school_code")][:3]
    check(len(held) == 3, "the demo has schools with a 学校标识码")
    (n1, c1), (n2, c2), (n3, c3) = [(o["name"], o["school_code"]) for o in held]
    for i in range(3):
        r = a.post("/api/v1/orgs", {"name": "重复标识码学校%d" % i, "kind": "school",
                                    "parent_id": root, "school_code": c1})
        check_eq((r.status, r.code, r.field), (409, "conflict", "school_code"),
                 "a duplicate 学校标识码 (try %d): 409 conflict, field school_code" % i)
    check(n1 in (r.message or ""), "... naming the school: %r" % r.message)
    sid = held[1]["id"]
    r = a.put("/api/v1/orgs/%d" % sid, {"name": n2, "kind": "school", "school_code": c1})
    check_eq((r.status, r.field), (409, "school_code"), "an update to a used 学校标识码")
    p = srv.cli("org", "add", "--name", "命令行重复", "--kind", "school",
                "--school-code", c2)
    check(p.returncode != 0 and "学校标识码" in p.stderr, "CLI refuses it: %r" % p.stderr)
    path = os.path.join(srv.tmp, "dup.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构\n"
                "甲校,学校,,,2122000077,\n乙校,学校,,,2122000077,\n丙校,学校,,,%s,\n" % c3)
    p = srv.cli("org", "import", path, "--errors", path + ".err.csv")
    check(p.returncode != 0 and "与第2行的学校标识码重复" in p.stderr
          and n3 in p.stderr, "an import lists both duplicates: %r" % p.stderr)
    check(a.get("/api/v1/orgs?q=" + "%E7%94%B2%E6%A0%A1").json.get("total") == 0,
          "... and writes nothing")

    # bad_field names the field, also for an unknown key
    r = a.post("/api/v1/orgs", {"name": "x", "kind": "school", "colour": "red"})
    check_eq((r.status, r.code, r.field), (400, "bad_field", "colour"),
             "an unknown key: bad_field with field = the key")
    r = a.put("/api/v1/calendar/2026", {"tsv": "", "bogus": 1})
    check_eq((r.status, r.field), (400, "bogus"), "calendar: the unknown key is the field")
    r = a.post("/api/v1/orgs", {"name": 5, "kind": "school"})
    check_eq((r.status, r.field), (400, "name"), "a wrong type names the field")

    # JSON syntax errors in Chinese, with the position
    for body, where in (('{"name": tru}', "第1行第12列"), ('{"name": "x",}', "第1行"),
                        ('{"name": "x"} 5', "第1行"), ('{"a":1,"a":2}', "第1行")):
        r = a.post("/api/v1/orgs", body)
        msg = r.message or ""
        check_eq((r.status, r.code), (400, "bad_json"), "bad JSON %r" % body)
        check(where in msg and "位置" in msg, "... says where: %r" % msg)
        check(not re.search(r"[A-Za-z]{3,}", msg.replace("JSON", "").replace("UTF", "")),
              "... in Chinese only: %r" % msg)


def main():
    try:
        test_checker()
    except Exception:  # noqa: BLE001
        error("t_contract checker")
    srv = None
    try:
        srv = Server()
        test_server(srv)
    except Exception:  # noqa: BLE001
        error("t_contract server")
    finally:
        if srv is not None:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
