#!/usr/bin/env python3
"""Names stay unique under one parent (issue 20 §8).

A second org of the same name under the same parent is refused, naming
the existing one and its id, in the form, the JSON API, the CLI and an
import (a duplicate inside one file too); 允许重名 (allow_duplicate_name,
--allow-duplicate-name, the 允许重名 column) lets the rare real case
through and is written to the audit; `fazhi org check-dups` lists
duplicates already stored and exits 1 while one is not allowed.
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NAME = "梨树县第三实验小学"        # a school of the demo county


def total(c):
    return c.get("/api/v1/orgs?limit=1").json["total"]


def ids_named(c, name):
    items = c.get("/api/v1/orgs?limit=1000&q=" + urllib.parse.quote(name)).json["items"]
    return [o["id"] for o in items if o["name"] == name]


def main():
    srv = None
    try:
        srv = Server()
        adm = srv.admin()
        bureau = ids_named(adm, "梨树县教育局")[0]
        first = ids_named(adm, NAME)
        check_eq(len(first), 1, "the demo county has one %s" % NAME)
        n0 = total(adm)

        # ---- API ----
        r = adm.post("/api/v1/orgs", {"name": NAME, "kind": "school", "parent_id": bureau})
        check_eq(r.status, 409, "API: the same name under the same parent is refused")
        msg = (r.json or {}).get("error", {}).get("message", "") + str(r.json)
        check(NAME in msg and ("编号 %d" % first[0]) in msg, "... naming the existing one and its id: %s" % msg[:200])
        check_eq(total(adm), n0, "... and nothing is written")
        # under another parent the name is free
        office = adm.post("/api/v1/orgs", {"name": "重名测试股", "kind": "office", "parent_id": bureau})
        check_eq(office.status, 201, "an office to hold another parent's children")
        oid = office.json.get("id") if office.status == 201 else None
        r = adm.post("/api/v1/orgs", {"name": NAME, "kind": "school", "parent_id": oid})
        check_eq(r.status, 201, "the same name under another parent is allowed")
        # the override
        r = adm.post("/api/v1/orgs", {"name": NAME, "kind": "school", "parent_id": bureau,
                                      "allow_duplicate_name": True})
        check_eq(r.status, 201, "API: allow_duplicate_name lets the second one in")
        dup = r.json.get("id") if r.status == 201 else None
        a = srv.cli("audit", "list", "--entity", "org")
        line = [l for l in a.stdout.splitlines() if ("%s" % dup) in l and "allow_duplicate_name" in l]
        check(len(line) >= 1, "... and the audit records the override")

        # ---- a rename onto an existing name ----
        r = adm.post("/api/v1/orgs", {"name": "重名改名小学", "kind": "school", "parent_id": bureau})
        check_eq(r.status, 201, "a school to rename")
        rid = r.json.get("id") if r.status == 201 else 0
        r = adm.put("/api/v1/orgs/%d" % rid, {"name": "梨树县第一实验小学"})
        check_eq(r.status, 409, "a rename onto an existing name is refused")

        # ---- the form ----
        pairs = [("name", NAME), ("kind", "school"), ("parent_id", str(bureau)), ("csrf", adm.csrf)]
        r = adm.post("/orgs/new", urllib.parse.urlencode(pairs).encode(), headers=FORM)
        check(r.status in (409, 422, 200), "the form answers (%d)" % r.status)
        check("已有同名机构" in r.text and "允许重名" in r.text, "the form names the problem and the checkbox")
        check("allow_duplicate_name" in adm.get("/orgs/new").text, "the form has the 允许重名 checkbox")
        n1 = total(adm)

        # ---- CLI ----
        p = srv.cli("org", "add", "--name", "梨树县第一实验小学", "--kind", "school")
        check_eq(p.returncode, 1, "CLI: org add of an existing name fails")
        check("已有同名机构" in p.stderr and "编号" in p.stderr, "... saying which: %s" % p.stderr[:200])
        check_eq(total(adm), n1, "... and writes nothing")
        p = srv.cli("org", "add", "--name", "梨树县第一实验小学", "--kind", "school",
                    "--allow-duplicate-name")
        check_eq(p.returncode, 0, "CLI: --allow-duplicate-name adds it: %s" % p.stderr[:200])

        # ---- import ----
        head = "名称,类别,上级机构"
        body = ("%s\n导入重名小学,学校,梨树县教育局\n导入重名小学,学校,梨树县教育局\n" % head).encode()
        n2 = total(adm)
        r = adm.request("POST", "/api/v1/orgs/import", body, raw=True,
                        headers={"Content-Type": "text/csv"})
        check(r.status in (409, 422), "import: two rows of one name under one parent are refused (%d)" % r.status)
        check("同名" in r.text, "... naming the duplicate: %s" % r.text[:300])
        check_eq(total(adm), n2, "... and nothing is written")
        body = ("%s\n%s,学校,梨树县教育局\n" % (head, NAME)).encode()
        r = adm.request("POST", "/api/v1/orgs/import", body, raw=True,
                        headers={"Content-Type": "text/csv"})
        check(r.status in (409, 422), "import: a name the parent already has is refused (%d)" % r.status)
        check(("编号 %d" % first[0]) in r.text, "... naming the existing one's id")
        body = ("%s,允许重名\n%s,学校,梨树县教育局,是\n" % (head, NAME)).encode()
        r = adm.request("POST", "/api/v1/orgs/import", body, raw=True,
                        headers={"Content-Type": "text/csv"})
        check_eq(r.status, 200, "import: the 允许重名 column lets it in: %s" % r.text[:200])

        # ---- check-dups ----
        p = srv.cli("org", "check-dups")
        check_eq(p.returncode, 0, "check-dups: every duplicate allowed: exit 0 (%s)" % p.stdout[-200:])
        check(NAME in p.stdout and "已允许重名" in p.stdout, "... and listed")
        # a duplicate stored before the rule (written straight into the database)
        p = srv.cli("org", "set", str(dup), "--allow-duplicate-name", "0")
        check_eq(p.returncode, 0, "the override can be taken back on the record")
        p = srv.cli("org", "check-dups")
        check_eq(p.returncode, 1, "check-dups: a duplicate not allowed: exit 1")
        check(("编号 %d" % first[0]) in p.stdout and ("编号 %d" % dup) in p.stdout,
              "... listing both ids")
    except Exception as e:  # noqa: BLE001
        error(e)
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
