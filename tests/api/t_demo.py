#!/usr/bin/env python3
"""The demo county removed in one confirmed, audited action (issue 22
item 5), on SQLite and PostgreSQL:

- `fazhi demo status` counts the demo orgs, their users and records;
  `demo remove` without --yes and the page without its confirmation
  remove nothing;
- the administrator's page /demo removes every record of every register
  kept by a demo org, the draws' tasks, the report, the users of those
  orgs and the orgs, keeping the administrator's unit and the roots as
  real units (no longer marked), in one transaction with one audit entry
  (entity demo, by the administrator); the audit chain still verifies;
- afterwards there is no demo data: the home page no longer marks it, a
  second removal says so (409), the administrator still works.
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def post_form(c, path, fields):
    pairs = list(fields.items())
    pairs.append(("csrf", c.csrf))
    return c.post(path, urllib.parse.urlencode(pairs).encode(), headers=FORM)


def status(srv):
    """fazhi demo status as {name: count}."""
    r = srv.cli("demo", "status")
    out = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition("\t")
        if v.isdigit():
            out[k] = int(v)
    return r.returncode, out


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        r = srv.add_user("xiaoxue", "school")
        check_eq(r.returncode, 0, "a user of a demo school: %s" % r.stderr)
        rc, st = status(srv)
        check(rc == 0 and st.get("机构") == 147 and st.get("记录", 0) > 1000
              and st.get("行政许可办件") == 10 and st.get("用户") == 2,
              "demo status counts orgs, users and records: %r" % st)
        home = admin.get("/")
        check("/demo" in home.text and "示例数据" in home.text,
              "the administrator's home marks the demo data and links its removal")

        # nothing goes without confirming
        r = srv.cli("demo", "remove")
        check(r.returncode == 2 and "--yes" in r.stderr, "remove without --yes: refused")
        r = post_form(admin, "/demo", {})
        check(r.status == 422 and "请先勾选确认" in r.text, "the page without its confirmation: 422")
        check_eq(status(srv)[1], st, "... nothing removed")
        page = admin.get("/demo")
        check(page.status == 200 and "移除示例数据" in page.text and "行政许可办件" in page.text
              and "data-confirm" in page.text, "the page lists what goes and asks once")
        school = srv.add_user("xiaoxue2", "school")
        check_eq(school.returncode, 0, "another school user")

        # the removal
        r = post_form(admin, "/demo", {"confirm": "1"})
        check(r.status in (302, 303) and "/demo?done=" in (r.header("Location") or ""),
              "the removal redirects to what it did: %r" % r)
        done = admin.get(r.header("Location") or "/demo")
        check("已移除示例数据：机构144个、用户2个" in done.text and "没有示例数据" in done.text,
              "the page says what went (144 orgs, 2 users)")
        rc, st2 = status(srv)
        check(rc == 0 and st2.get("机构") == 0 and st2.get("记录") == 0 and st2.get("用户") == 0,
              "no demo data is left: %r" % st2)
        r = srv.cli("org", "list")
        lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
        check(len(lines) == 3 and "梨树县教育局" in r.stdout and all(ln.endswith("否") for ln in lines),
              "the bureau and the partner departments stay, as real units: %r" % lines)
        for seg in ("permits", "activities", "vp-appointments", "draws", "reviews", "disputes"):
            check_eq(admin.get("/api/v1/%s?limit=1" % seg).json.get("total"), 0,
                     "no %s left" % seg)
        users = admin.get("/api/v1/users?limit=100").json
        check([u["username"] for u in users["items"]] == ["admin"], "the schools' users went, the administrator stays")
        auditor = srv.user_client("d_aud", "auditor", org="梨树县教育局")
        aud = auditor.get("/api/v1/audit?entity=demo&limit=5").json
        items = aud.get("items") or []
        check(len(items) == 1 and items[0].get("username") == "admin" and items[0].get("action") == "delete",
              "one audit entry, by the administrator: %r" % items)
        r = srv.cli("audit", "verify")
        check_eq(r.returncode, 0, "the audit chain verifies after the removal: %s" % r.stdout)
        home = admin.get("/")
        check(home.status == 200 and "/demo" not in home.text and "示例数据" not in home.text,
              "the home page no longer marks demo data")
        lst = admin.get("/orgs")
        check("示例数据" not in lst.text, "the org list drops its 示例数据 column")
        r = post_form(admin, "/demo", {"confirm": "1"})
        check(r.status == 409 and "没有示例数据" in r.text, "a second removal: 409 没有示例数据")
        r = srv.cli("demo", "remove", "--yes")
        check(r.returncode == 1 and "没有示例数据" in r.stderr, "... and from the command line")
        check(srv.check_log(), "no sanitizer report or fatal error in the server log")
    except Exception as e:  # noqa: BLE001
        error(e)
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
