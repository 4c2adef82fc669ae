#!/usr/bin/env python3
"""Scope at city scale (issue: many-county deployment; threats.md #5).

A 市教育局 above two 县教育局, schools in each.  A city leader sees every
county; a county leader only their county; a school user only their school
-- in lists, totals, single records and exports -- and ids from another
county answer 404 with no data.  Runs on SQLite and (tests/run) PostgreSQL.
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402


def add(srv, name, kind, parent=None):
    args = ["org", "add", "--name", name, "--kind", kind]
    if parent:
        args += ["--parent", parent]
    p = srv.cli(*args)
    if p.returncode != 0:
        raise RuntimeError("org add %s: %s" % (name, p.stderr))
    return int(p.stdout.strip())


def names(c):
    r = c.get("/api/v1/orgs?limit=1000")
    return r.status, ({o["name"] for o in r.json["items"]} if r.status == 200 else set()), \
        (r.json.get("total") if r.status == 200 else None)


def main():
    srv = None
    try:
        srv = Server(demo=False)
        add(srv, "四平市教育局", "bureau")
        add(srv, "梨树县教育局", "bureau", "四平市教育局")
        add(srv, "伊通县教育局", "bureau", "四平市教育局")
        add(srv, "梨树县第一小学", "school", "梨树县教育局")
        add(srv, "梨树县第二小学", "school", "梨树县教育局")
        yt = add(srv, "伊通县第一小学", "school", "伊通县教育局")
        add(srv, "安乐县教育局", "bureau", "四平市教育局")      # added last, sorts first
        city = srv.user_client("city", "leader", org="四平市教育局")
        lishu = srv.user_client("lishu", "leader", org="梨树县教育局")
        school = srv.user_client("xiao", "school", org="梨树县第一小学")

        st, n, total = names(city)
        check_eq(st, 200, "city leader lists orgs")
        check(n == {"四平市教育局", "梨树县教育局", "伊通县教育局", "梨树县第一小学",
                    "梨树县第二小学", "伊通县第一小学", "安乐县教育局"},
              "city leader sees every county: %s" % sorted(n))
        check_eq(total, 7, "city total")
        order = [o["name"] for o in city.get("/api/v1/orgs?limit=1000").json["items"]]
        check_eq(order, ["四平市教育局", "安乐县教育局", "梨树县教育局", "梨树县第一小学",
                         "梨树县第二小学", "伊通县教育局", "伊通县第一小学"],
                 "tree order, siblings in pinyin order (an < li < yi) with numerals in "
                 "numeric order (第一 < 第二, issue 12 §3)")
        st, n, total = names(lishu)
        check(n == {"梨树县教育局", "梨树县第一小学", "梨树县第二小学"},
              "county leader sees only their county: %s" % sorted(n))
        check_eq(total, 3, "county total")
        st, n, total = names(school)
        check(n == {"梨树县第一小学"}, "school user sees only their school: %s" % sorted(n))
        check_eq(total, 1, "school total")

        r = lishu.get("/api/v1/orgs/%d" % yt)
        check_eq(r.status, 404, "another county's school by id: 404")
        check("伊通" not in r.text, "... and no data from it")
        r = city.get("/api/v1/orgs/%d" % yt)
        check_eq(r.status, 200, "the city sees it")
        r = lishu.get("/api/v1/orgs/export?format=csv")
        check(r.status == 200 and "伊通" not in r.body.decode("utf-8", "replace")
              and "梨树县第二小学" in r.body.decode("utf-8", "replace"),
              "a county's export holds only its county")
        r = city.get("/api/v1/orgs/export?format=csv")
        check(r.status == 200 and "伊通县第一小学" in r.body.decode("utf-8", "replace"),
              "the city's export holds every county")
        r = lishu.get("/api/v1/orgs?q=" + urllib.parse.quote("伊通"))
        check_eq(r.json.get("total") if r.status == 200 else None, 0,
                 "searching for another county finds nothing")
        r = school.get("/orgs")
        check(r.status == 200 and "梨树县第二小学" not in r.text, "the school's page lists only itself")
    except Exception as e:  # noqa: BLE001
        error("t_scope: %r" % e)
    finally:
        if srv is not None:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
