#!/usr/bin/env python3
"""Scope follows the unit (threats.md #5; issue 7 §5).

A 市教育局 above two 县教育局, schools in each.  A city leader sees every
county; a county leader only their county; a school user only their school
-- in lists, totals, single records and exports -- and ids from another
county answer 404 with no data and an audited denial.  On the demo county:
bureau staff in a 股室 see the whole bureau; a 学校填报员 must belong to a
school; the audit log and the calendar are scoped; partner departments
live outside the bureau; `org add` and imports share one parent rule.
Runs on SQLite and (tests/run) PostgreSQL.
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error, NEW_PASSWORD  # noqa: E402


def names(c):
    r = c.get("/api/v1/orgs?limit=1000")
    return r.status, ({o["name"] for o in r.json["items"]} if r.status == 200 else set()), \
        (r.json.get("total") if r.status == 200 else None)


def admin_client(srv, username, org):
    """A signed-in administrator of org (password changed, TOTP enrolled)."""
    c = srv.user_client(username, "admin", org=org)
    r = c.enroll_totp()
    if r.status != 200:
        raise RuntimeError("totp %s: %r" % (username, r))
    return c


def audit_items(c, query=""):
    r = c.get("/api/v1/audit?limit=500" + query)
    return r.status, (r.json.get("items", []) if r.status == 200 else [])


def org_by_name(srv, name):
    p = srv.cli("org", "list")
    for line in p.stdout.splitlines():
        f = line.split("\t")
        if len(f) >= 2 and f[1].strip() == name:
            return int(f[0])
    return None


def parent_of(c, oid):
    r = c.get("/api/v1/orgs/%d" % oid)
    return r.json.get("parent_id") if r.status == 200 else "status %d" % r.status


def test_bureau_staff(srv):
    """Bureau staff in any 股室 see the whole bureau's subtree (not one org)."""
    # what an administrator at the bureau itself sees: the whole demo county
    top = admin_client(srv, "topadmin", "梨树县教育局")
    st, want, ntotal = names(top)
    r = top.get("/api/v1/orgs?kind=school")
    nschool = r.json.get("total") if r.status == 200 else None
    check(st == 200 and {"梨树县教育局", "法规股", "行政审批股"} <= want
          and "梨树县公安局" not in want and ntotal == len(want) and ntotal > 100,
          "the bureau's subtree: the bureau, its 股室 and schools, no partner (%d)" % ntotal)
    for i, role in enumerate(["legal", "leader", "approver", "inspector", "auditor"]):
        c = srv.user_client("staff%d" % i, role, org="法规股" if i % 2 == 0 else "行政审批股")
        st, n, total = names(c)
        check(st == 200 and n == want,
              "%s in a 股室 sees the whole bureau: %d of %d" % (role, len(n), len(want)))
        check_eq(total, ntotal, "%s in a 股室: total as the bureau's" % role)
        r = c.get("/api/v1/orgs?kind=school")
        check_eq(r.json.get("total") if r.status == 200 else None, nschool,
                 "%s in a 股室 sees the bureau's %s schools" % (role, nschool))
    adm = admin_client(srv, "guadmin", "法规股")
    check_eq(names(adm)[2], ntotal, "an administrator in a 股室 sees the whole bureau")
    return adm


def test_school_filler(srv, adm):
    """A 学校填报员 must belong to a school or kindergarten."""
    p = srv.add_user("filler1", "school", org="法规股")
    check(p.returncode != 0 and "学校填报员须属于学校或幼儿园" in p.stderr,
          "CLI refuses a 学校填报员 in a 股室: %r" % p.stderr)
    p = srv.add_user("filler2", "school", org="梨树县教育局")
    check(p.returncode != 0, "CLI refuses a 学校填报员 in the bureau")
    bureau = org_by_name(srv, "梨树县教育局")
    r = adm.post("/api/v1/users", {"username": "filler3", "name": "张三", "org_id": bureau,
                                   "roles": ["school"]})
    check_eq((r.status, r.field), (422, "org_id"), "API refuses a 学校填报员 in the bureau")
    check("学校填报员" in (r.message or ""), "... with a Chinese message: %r" % r.message)
    p = srv.add_user("filler4", "school", org="梨树县第一幼儿园")
    check_eq(p.returncode, 0, "a 学校填报员 in a kindergarten is fine")


def test_partners(srv, adm):
    """Partner departments live outside the bureau, are not counted in its
    directory, and stay selectable as partners."""
    police = org_by_name(srv, "梨树县公安局")
    check(police is not None, "demo has 梨树县公安局")
    r = adm.get("/api/v1/orgs/%d" % police)
    check(r.status == 200 and r.json.get("parent_id") is None,
          "a partner is a root of its own: %r" % r)
    st, n, total = names(adm)
    check("梨树县公安局" not in n and "梨树县市场监督管理局" not in n,
          "partners are not in the bureau's list")
    r = adm.get("/api/v1/orgs/export?format=csv")
    body = r.body.decode("utf-8", "replace")
    check(r.status == 200 and "公安局" not in body and "梨树县第一中学" in body,
          "partners are not in the directory export")
    school = srv.user_client("xiaoxue", "school")
    r = school.get("/api/v1/orgs?kind=dept")
    got = {o["name"] for o in r.json.get("items", [])} if r.status == 200 else set()
    check_eq(got, {"梨树县公安局", "梨树县市场监督管理局"},
             "every user can list (select) the partners")
    check_eq(school.get("/api/v1/orgs/%d" % police).status, 200, "a partner reads by id")
    r = adm.post("/api/v1/orgs", {"name": "梨树县卫生健康局", "kind": "dept"})
    check_eq(r.status, 201, "the top administrator adds a partner")
    check(r.json.get("parent_id") is None, "... as a root")
    bureau = org_by_name(srv, "梨树县教育局")
    r = adm.post("/api/v1/orgs", {"name": "梨树县消防救援大队", "kind": "dept",
                                  "parent_id": bureau})
    check_eq((r.status, r.field), (422, "parent_id"), "a partner under the bureau is refused")
    sadm = admin_client(srv, "schooladm", "梨树县第二实验小学")
    r = sadm.put("/api/v1/orgs/%d" % police, {"name": "改名", "kind": "dept"})
    check_eq(r.status, 404, "a school administrator cannot change a partner")
    r = sadm.post("/api/v1/orgs", {"name": "某部门", "kind": "dept"})
    check_eq(r.status, 422, "a school administrator cannot add a partner")
    return sadm


def test_parent_rule(srv, adm):
    """org add without --parent, an import row without 上级机构 and an API
    create without parent_id all go under the unit's root."""
    bureau = org_by_name(srv, "梨树县教育局")
    p = srv.cli("org", "add", "--name", "梨树县第十二实验小学", "--kind", "school")
    check_eq(p.returncode, 0, "org add without --parent")
    oid = int(p.stdout.strip() or 0)
    check_eq(parent_of(adm, oid), bureau, "org add without --parent goes under the bureau")
    p = srv.cli("org", "add", "--name", "另一棵树", "--kind", "bureau", "--root")
    check_eq(p.returncode, 0, "org add --root")
    p2 = srv.cli("org", "list")
    check(any(l.startswith(p.stdout.strip() + "\t另一棵树") for l in p2.stdout.splitlines()),
          "--root makes a root (no indent)")
    check("另一棵树" not in names(adm)[1], "the new root is outside the bureau")
    csv = "名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构\n梨树县第十三实验小学,学校,,,,\n"
    path = os.path.join(srv.tmp, "o.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(csv)
    p = srv.cli("org", "import", path)
    check_eq(p.returncode, 0, "CLI import of a row without 上级机构: %s" % p.stderr)
    oid = org_by_name(srv, "梨树县第十三实验小学")
    check_eq(parent_of(adm, oid), bureau, "the import row goes under the bureau")
    r = adm.post("/api/v1/orgs", {"name": "梨树县第五实验小学", "kind": "school"})
    check_eq(r.status, 201, "API create without parent_id by an admin in 法规股")
    check_eq(r.json.get("parent_id"), bureau, "... goes under the bureau, not the 股室")
    with open(path, "w", encoding="utf-8") as f:
        f.write("名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构\n"
                "梨树县交通运输局,其他部门,,,,梨树县教育局\n")
    p = srv.cli("org", "import", path)
    check(p.returncode != 0 and "合作单位" in p.stderr,
          "an import row puts no partner under the bureau: %r" % p.stderr)


def test_audit_scope(srv, adm, sadm):
    """A school's auditor reads only their school's entries; bureau staff the
    bureau's; another unit's record by id answers 404 and is audited."""
    s1 = org_by_name(srv, "梨树县第一实验小学")
    s2 = org_by_name(srv, "梨树县第二实验小学")
    r = adm.put("/api/v1/orgs/%d" % s1, {"name": "梨树县第一实验小学", "kind": "school",
                                         "school_code": "2122000001", "region": "220322"})
    check_eq(r.status, 200, "bureau admin updates school 1")
    r = sadm.put("/api/v1/orgs/%d" % s2, {"name": "梨树县第二实验小学", "kind": "school",
                                          "school_code": "2122000002", "region": "220322"})
    check_eq(r.status, 200, "school 2's admin updates school 2")
    r = sadm.get("/api/v1/orgs/%d" % s1)
    check_eq(r.status, 404, "school 2's admin reads school 1 by id: 404")
    check("第一实验" not in r.text, "... with no data")
    aud2 = srv.user_client("aud2", "auditor", org="梨树县第二实验小学")
    st, items = audit_items(aud2)
    check_eq(st, 200, "a school auditor lists the audit log")
    ids = {(e["entity"], e["entity_id"]) for e in items}
    check(("org", str(s2)) in ids, "the school auditor sees entries about their school")
    foreign = [e for e in items if e["entity_id"] == str(s1) and e["username"] != "schooladm"]
    check(not foreign, "the school auditor sees no entry about school 1 but their own "
          "users' actions: %r" % foreign)
    # the school's own register rows (the demo's 法治副校长, checklist,
    # activities, 考核得分, its entry in the 检查对象名录库) are about the school: the auditor reads each
    seg = {"vp_appoint": "vp-appointments", "activity": "activities",
           "check_item": "check-items", "assess_score": "assessment-scores",
           "insp_target": "insp-targets"}
    check(all(e["username"] in ("schooladm", "aud2", "xiaoxue") or e["entity_id"] in ("", str(s2))
              or e["entity"] in ("user",) + tuple(seg) for e in items),
          "only the school's users' actions and records")
    rows = {(e["entity"], e["entity_id"]) for e in items if e["entity"] in seg}
    check(rows and all(aud2.get("/api/v1/%s/%s" % (seg[k], i)).status == 200 for k, i in rows),
          "the school's register entries are about its own rows (%d)" % len(rows))
    r = aud2.get("/api/v1/audit?limit=500")
    check_eq(r.json.get("total"), len(items), "the total counts the same entries")
    bureau_aud = srv.user_client("guaud", "auditor", org="法规股")
    st, items = audit_items(bureau_aud, "&action=denied&entity=org")
    check(any(e["entity_id"] == str(s1) and e["username"] == "schooladm" for e in items),
          "the foreign read is audited as a denial (seen by the bureau)")
    st, items = audit_items(bureau_aud)
    ids = {(e["entity"], e["entity_id"]) for e in items}
    check(("org", str(s1)) in ids and ("org", str(s2)) in ids,
          "an auditor in 法规股 sees the whole bureau's entries")
    r = aud2.get("/audit?limit=500")
    check(r.status == 200 and "guadmin" not in r.text,
          "the audit page is scoped too (no bureau administrator's change of school 1)")
    r = bureau_aud.get("/audit?limit=500")
    check(r.status == 200 and "guadmin" in r.text, "... which the bureau's auditor sees")


def test_calendar(srv, adm, sadm):
    """Only an administrator at the top of the tree changes the calendar."""
    y = adm.get("/api/v1/calendar/2025")
    check_eq(y.status, 200, "GET calendar 2025")
    tsv = y.json.get("tsv", "")
    r = sadm.put("/api/v1/calendar/2025", {"tsv": tsv, "source": "x"})
    check_eq((r.status, r.code), (403, "forbidden"), "a school administrator may not change it")
    check("最上级" in (r.message or ""), "... told why in Chinese: %r" % r.message)
    st, items = audit_items(srv.user_client("calaud", "auditor", org="办公室"),
                            "&action=denied&entity=calendar")
    check(any(e["username"] == "schooladm" for e in items), "the refusal is audited")
    r = sadm.post("/calendar?year=2025", "body=x",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(r.status == 403 and "最上级" in r.text, "the calendar form refuses a school administrator")
    r = sadm.post("/calendar?year=2025",
                  "form=day&day=2025-10-09&kind=off&reason=x&note=y",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(r.status == 403 and "最上级" in r.text, "the day form refuses a school administrator")
    r = adm.put("/api/v1/calendar/2025", {"tsv": tsv, "source": "国办发明电〔2024〕12号"})
    check_eq(r.status, 200, "the bureau's (top) administrator changes it")


def test_demo():
    srv = Server(demo=True)
    try:
        adm = test_bureau_staff(srv)
        test_school_filler(srv, adm)
        sadm = test_partners(srv, adm)
        test_parent_rule(srv, adm)
        test_audit_scope(srv, adm, sadm)
        test_calendar(srv, adm, sadm)
    finally:
        srv.stop()


def test_city():
    srv = None
    try:
        srv = Server(demo=False)
        srv.add_org("四平市教育局", "bureau")
        srv.add_org("梨树县教育局", "bureau", "四平市教育局")
        srv.add_org("伊通县教育局", "bureau", "四平市教育局")
        srv.add_org("梨树县第一小学", "school", "梨树县教育局")
        srv.add_org("梨树县第二小学", "school", "梨树县教育局")
        yt = srv.add_org("伊通县第一小学", "school", "伊通县教育局")
        srv.add_org("安乐县教育局", "bureau", "四平市教育局")      # added last, sorts first
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
        cadm = admin_client(srv, "cityadm", "四平市教育局")
        ladm = admin_client(srv, "lishuadm", "梨树县教育局")
        st, items = audit_items(srv.user_client("cityaud", "auditor", org="四平市教育局"),
                                "&action=denied&entity=org")
        check(any(e["entity_id"] == str(yt) and e["username"] == "lishu" for e in items),
              "another county's record by id is audited as a denial")
        y = cadm.get("/api/v1/calendar/2025").json.get("tsv", "")
        r = ladm.put("/api/v1/calendar/2025", {"tsv": y})
        check_eq(r.status, 403, "a county administrator under a city may not change the calendar")
        r = cadm.put("/api/v1/calendar/2025", {"tsv": y})
        check_eq(r.status, 200, "the city administrator (top of the tree) may")
    finally:
        if srv is not None:
            srv.stop()


def main():
    for t in (test_city, test_demo):
        try:
            t()
        except Exception:  # noqa: BLE001
            error("t_scope %s" % t.__name__)
    finish()


if __name__ == "__main__":
    main()
