#!/usr/bin/env python3
"""The register kernel (src/reg/) through the 法律顾问 register (and every
register the route table lists): every generated route × every role, data
scope (404 outside it), personal data masked per role, import all or
nothing, steps allowed and refused, void with a reason, the audit entry of
each change, the page forms (all errors at once, 保存成功 after the
redirect, the breadcrumb).  Runs on SQLite and (tests/run) PostgreSQL.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error, ROLES, ROLE_BITS, backend  # noqa: E402

PHONE = "13912345678"
MASKED = "139****5678"


ORG = {}


def adviser(org="梨树县第一实验小学", name="张律师", lic="12203201910123456", **kw):
    body = {"org_id": ORG[org], "name": name, "kind": "person", "firm": "吉林某律师事务所",
            "licence_no": lic, "phone": PHONE, "contract_start": "2025-01-01",
            "contract_end": "2027-12-31"}
    body.update(kw)
    return body


def routes(srv):
    """The register rows of `fazhi routes` (method, path, roles, flags)."""
    p = srv.cli("routes", "--raw")
    out = []
    for line in p.stdout.splitlines():
        m, path, roles, flags = line.split("\t")
        out.append((m, path, int(roles), int(flags)))
    return out


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        clients = {"admin": admin}
        for role in ROLES:
            if role != "admin":
                clients[role] = srv.user_client("u_" + role, role,
                                                org="梨树县教育局" if role != "school"
                                                else "梨树县第一实验小学")
        other_school = srv.user_client("u_school2", "school", org="梨树县第二实验小学")
        for o in admin.get("/api/v1/orgs?limit=1000").json["items"]:
            ORG[o["name"]] = o["id"]
        # the demo county's own advisers (the bureau's 法律顾问) stand beside
        # the ones made here: the bureau sees them too
        demo = {i["name"] for i in admin.get("/api/v1/advisers").json.get("items", [])}
        nd = len(demo)
        r = admin.post("/api/v1/advisers", adviser(org_id="梨树县第一实验小学"))
        check_eq((r.status, r.field), (400, "org_id"), "a reference in JSON is an integer id")

        # ---- create: every error at once, then a good one -----------------
        r = admin.post("/api/v1/advisers", {"org_id": 999999, "name": "", "kind": "律所",
                                             "phone": "123",
                                             "contract_start": "2025-13-01",
                                             "contract_end": "2024-01-01"})
        check_eq(r.status, 422, "bad adviser: 422")
        fields = {e.get("field") for e in r.json.get("errors", [])}
        check({"org_id", "name", "kind", "phone", "contract_start"} <= fields,
              "every bad field reported at once: %s" % sorted(fields))
        r = admin.post("/api/v1/advisers", {"name": "x"})
        check_eq((r.status, r.field), (400, "org_id"), "a required field missing from the body: 400")
        r = admin.post("/api/v1/advisers", {"nonesuch": 1})
        check_eq(r.status, 400, "unknown field: 400")
        r = admin.post("/api/v1/advisers", {"status": "dismissed"})
        check_eq(r.status, 400, "read-only field in a create body: 400")
        r = admin.post("/api/v1/advisers", adviser(lic="１２２０３２０１９１０１２３４５６",
                                                    phone="139 1234 5678"))
        check_eq(r.status, 201, "create adviser: 201 %r" % r)
        a1 = r.json.get("id")
        check_eq(r.json.get("licence_no"), "12203201910123456", "full-width licence folded")
        check_eq(r.json.get("status"), "active", "initial state")
        check_eq(r.json.get("status_name"), "在聘", "state label")
        check_eq(r.json.get("phone"), PHONE, "admin sees the phone in full")
        check_eq(r.json.get("org_id_name"), "梨树县第一实验小学", "reference title")
        r = admin.post("/api/v1/advisers", adviser(name="李律师"))
        check_eq(r.status, 409, "duplicate licence: 409")
        check_eq(r.field, "licence_no", "... on licence_no")
        r = admin.post("/api/v1/advisers", adviser(org="梨树县第二实验小学", name="王律所",
                                                    kind="律师事务所", firm=None,
                                                    lic="31220000123456789X", phone="0434-5212345"))
        check_eq(r.status, 201, "second adviser (a firm, another school): %r" % r)
        a2 = r.json.get("id")

        # ---- phone sealed at rest ------------------------------------------
        if backend() != "pg":
            import sqlite3
            db = sqlite3.connect(os.path.join(srv.data, "fazhi.db"))
            raw = db.execute("SELECT phone, phone_idx FROM adviser WHERE id=?", (a1,)).fetchone()
            db.close()
            check(raw and PHONE not in raw[0] and len(raw[1]) == 64,
                  "phone stored sealed with a blind index: %r" % (raw,))

        # ---- read: scope and masking per role -------------------------------
        for role, c in clients.items():
            r = c.get("/api/v1/advisers")
            check_eq(r.status, 200, "%s lists advisers" % role)
            items = r.json.get("items", [])
            names = {i["name"] for i in items}
            if role == "school":
                check_eq(names, {"张律师"}, "school user sees only their school's adviser")
                check_eq(r.json.get("total"), 1, "school total")
            else:
                check_eq(names - demo, {"张律师", "王律所"}, "%s (bureau) sees both" % role)
            phone = [i["phone"] for i in items if i["name"] == "张律师"]
            want = PHONE if role in ("admin", "legal", "school") else MASKED
            check_eq(phone, [want], "%s sees the phone %s" % (role, "in full" if want == PHONE
                                                              else "masked"))
        r = other_school.get("/api/v1/advisers/%d" % a1)
        check_eq(r.status, 404, "another school's adviser by id: 404")
        check("张律师" not in r.text, "... with no data")
        r = admin.get("/api/v1/audit?action=denied&entity=adviser&limit=50")
        if r.status == 200:
            check(any(i.get("entity_id") == str(a1) and i.get("username") == "u_school2"
                      for i in r.json.get("items", [])),
                  "the out-of-scope attempt is audited as denied")
        r = other_school.get("/api/v1/advisers/999999")
        check_eq(r.status, 404, "an id that does not exist: 404 too")
        r = other_school.put("/api/v1/advisers/%d" % a1, {"name": "改"})
        check_eq(r.status, 404, "another school's adviser: PUT 404")
        r = clients["school"].get("/api/v1/advisers?q=" + PHONE)
        check_eq(r.json.get("total"), 1, "search by the whole phone number (blind index)")
        r = clients["school"].get("/api/v1/advisers?q=1391234")
        check_eq(r.json.get("total"), 0, "part of a phone number finds nothing")
        r = admin.get("/api/v1/advisers?kind=firm")
        check_eq([i["name"] for i in r.json.get("items", [])], ["王律所"], "filter by kind code")
        r = admin.get("/api/v1/advisers?kind=" + urllib.parse.quote("个人"))
        check_eq([i["name"] for i in r.json.get("items", []) if i["name"] not in demo], ["张律师"],
                 "filter by kind label")
        r = admin.get("/api/v1/advisers?kind=x")
        check_eq(r.status, 400, "bad filter: 400")
        r = admin.get("/api/v1/advisers?sort=-name&limit=1&offset=1")
        check(r.status == 200 and r.json.get("total") == 2 + nd and len(r.json["items"]) == 1,
              "limit/offset with total")
        r = admin.get("/api/v1/advisers?sort=phone")
        check_eq(r.status, 400, "sorting by a personal field: 400")

        # ---- update, steps, void --------------------------------------------
        r = clients["leader"].put("/api/v1/advisers/%d" % a1, {"name": "x"})
        check_eq(r.status, 403, "leader may not write")
        r = clients["school"].put("/api/v1/advisers/%d" % a1, {"filed_on": "2025-01-10"})
        check_eq(r.status, 200, "school user updates their adviser")
        check_eq(r.json.get("filed_on"), "2025-01-10", "... the field changed")
        check_eq(r.json.get("name"), "张律师", "... the others kept")
        r = clients["school"].post("/api/v1/advisers/%d/dismiss" % a1,
                                   {"dismissed_on": "2026-01-01"})
        check_eq(r.status, 403, "school user may not dismiss (step roles)")
        r = clients["legal"].post("/api/v1/advisers/%d/dismiss" % a1, {"dismissed_on": "2024-01-01"})
        check_eq(r.status, 422, "dismiss before the contract: the rule refuses")
        r = clients["legal"].post("/api/v1/advisers/%d/dismiss" % a1, {"name": "x"})
        check_eq(r.status, 400, "a step takes only its own fields")
        r = clients["legal"].post("/api/v1/advisers/%d/dismiss" % a1,
                                  {"dismissed_on": "2026-01-01", "end_reason": "合同提前终止"})
        check_eq(r.status, 200, "legal dismisses")
        check_eq(r.json.get("status"), "dismissed", "... state dismissed")
        r = clients["legal"].post("/api/v1/advisers/%d/dismiss" % a1, {"dismissed_on": "2026-01-02"})
        check_eq(r.status, 409, "dismiss again: 409 from the wrong state")
        check("解聘" in (r.message or ""), "... naming the state: %r" % r.message)
        r = clients["legal"].post("/api/v1/advisers/%d/frob" % a1, {})
        check_eq(r.status, 404, "unknown step: 404")
        r = clients["legal"].post("/api/v1/advisers/%d/renew" % a1, {"contract_end": "2028-12-31"})
        check_eq(r.status, 409, "renew from dismissed: 409")
        r = clients["legal"].request("DELETE", "/api/v1/advisers/%d" % a2)
        check_eq(r.status, 422, "void without a reason: 422")
        r = clients["legal"].request("DELETE", "/api/v1/advisers/%d" % a2, {"reason": "录入错误"})
        check_eq(r.status, 200, "void with a reason")
        check_eq(r.json.get("voided"), True, "... voided")
        r = admin.get("/api/v1/advisers")
        check_eq(r.json.get("total"), 1 + nd, "voided rows leave the list")
        r = admin.get("/api/v1/advisers?voided=1")
        check_eq(r.json.get("total"), 2 + nd, "... and come back with voided=1")
        r = admin.put("/api/v1/advisers/%d" % a2, {"name": "改"})
        check_eq(r.status, 410, "a voided record cannot change: 410")
        r = admin.get("/api/v1/audit?entity=adviser&limit=100")
        if r.status == 200:
            acts = sorted(i.get("action") for i in r.json.get("items", []))
            check(acts.count("create") == 2 and "dismiss" in acts and "void" in acts
                  and "update" in acts, "one audit entry per change: %s" % acts)
            check(all(PHONE not in (i.get("after") or "") for i in r.json["items"]),
                  "the audit log holds no phone number in full")
        # an auditor of the first school reads the entries about its adviser
        # (made by the bureau's admin: found by the row's org, not the actor's)
        # and none about the second school's
        aud = srv.user_client("u_aud_school", "auditor", org="梨树县第一实验小学")
        r = aud.get("/api/v1/audit?entity=adviser&limit=100")
        check_eq(r.status, 200, "a school's auditor reads the audit log")
        ids = {i.get("entity_id") for i in r.json.get("items", [])}
        check(str(a1) in ids, "... the entries about the school's adviser: %s" % sorted(ids))
        check(str(a2) not in ids, "... none about another school's adviser")

        # ---- import all or nothing ------------------------------------------
        csv_bad = ("聘请单位,姓名或名称,类别,所在律师事务所,执业证号,联系电话,合同起始日,合同终止日\r\n"
                   "梨树县第一实验小学,赵律师,个人,某所,11111111111111111,13800000000,2025-01-01,2026-12-31\r\n"
                   "梨树县第一实验小学,钱律师,个人,某所,11111111111111111,1380000,2025-01-01,2026-12-31\r\n")
        r = admin.request("POST", "/api/v1/advisers/import", csv_bad.encode("utf-8"),
                          headers={"Content-Type": "text/csv"}, raw=True)
        check_eq(r.status, 422, "import with bad rows: 422")
        errs = r.json.get("errors", [])
        check(any(e.get("row") == 3 and e.get("field") == "licence_no" for e in errs)
              and any(e.get("field") == "phone" for e in errs),
              "duplicate inside the file and bad phone reported: %r" % errs)
        check_eq(admin.get("/api/v1/advisers?voided=1").json.get("total"), 2 + nd,
                 "nothing written by a failed import")
        if r.json.get("error_file"):
            e = admin.get(r.json["error_file"])
            check_eq(e.status, 200, "the error file downloads")
        csv_good = csv_bad.replace("钱律师,个人,某所,11111111111111111,1380000",
                                   "钱律师,个人,某所,22222222222222222,０４３４－５２１２３４５")
        r = admin.request("POST", "/api/v1/advisers/import", csv_good.encode("utf-8"),
                          headers={"Content-Type": "text/csv"}, raw=True)
        check_eq(r.status, 200, "good import: %r" % r)
        check_eq(r.json.get("created"), 2, "two created")
        r = admin.get("/api/v1/advisers/import/template?format=csv")
        check(r.status == 200 and "执业证号" in r.body.decode("utf-8-sig"), "CSV template")
        r = clients["leader"].get("/api/v1/advisers/export?format=csv")
        body = r.body.decode("utf-8-sig")
        check(r.status == 200 and "赵律师" in body and "138****0000" in body
              and "13800000000" not in body, "leader's export is masked")
        r = clients["school"].get("/api/v1/advisers/export?format=csv")
        check(r.status == 200 and "王律所" not in r.body.decode("utf-8-sig"),
              "a school's export holds only its school")

        # ---- pages ------------------------------------------------------------
        r = admin.get("/advisers/new")
        check(r.status == 200 and "首页</a> › <a href='/advisers'>法律顾问</a> › 新增法律顾问" in r.text,
              "full breadcrumb on the new form")
        form = {"csrf": admin.csrf, "org_id": "", "name": "", "kind": "", "phone": "12",
                "contract_start": "x", "contract_end": ""}
        r = admin.request("POST", "/advisers/new", urllib.parse.urlencode(form),
                          headers={"Content-Type": "application/x-www-form-urlencoded"}, csrf=False)
        check_eq(r.status, 422, "bad form: 422")
        check(r.text.count("class='err'") >= 5 and "请改正以下" in r.text,
              "every error beside its field and a summary on top")
        form = {"csrf": admin.csrf, "org_id": "梨树县教育局", "name": "孙律所", "kind": "firm",
                "licence_no": "33333333333333333", "contract_start": "2025-02-01",
                "contract_end": "2027-01-31"}
        r = admin.request("POST", "/advisers/new", urllib.parse.urlencode(form),
                          headers={"Content-Type": "application/x-www-form-urlencoded"}, csrf=False)
        check_eq(r.status, 303, "good form redirects")
        loc = r.header("Location") or ""
        r = admin.get(loc)
        check(r.status == 200 and "保存成功" in r.text and "孙律所" in r.text,
              "保存成功 on the record page after the redirect")
        r = admin.get("/advisers?sort=-name&page=1")
        check(r.status == 200 and "共 " in r.text, "list page with total")
        r = clients["school"].get("/advisers")
        check(r.status == 200 and "王律所" not in r.text, "school's list page: own school only")
        r = other_school.get("/advisers/%d" % a1)
        check_eq(r.status, 404, "record page outside the scope: 404")

        # ---- org: one order everywhere, moves, 排序号 --------------------------
        root = ORG["梨树县教育局"]
        for name, code in (("梨树县第十一小学", None), ("梨树县第十小学", "2122000010"),
                           ("梨树县第三实验小学", "2122000009")):
            body = {"name": name, "kind": "school", "parent_id": root}
            if code:
                body["school_code"] = code
            r = admin.post("/api/v1/orgs", body)
            if name in ORG:
                # the demo county has it: a second of the same name is refused
                check_eq(r.status, 409, "add %s again: refused as a duplicate name" % name)
                continue
            check_eq(r.status, 201, "add %s" % name)
            ORG[name] = r.json.get("id")
        api = [o["name"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]]
        offices = ["安全稳定股", "办公室", "法规股", "基础教育股", "行政审批股", "学前教育股"]
        check_eq(api[:1 + len(offices)], ["梨树县教育局"] + offices,
                 "the tree: the bureau, then its 股室 (pinyin)")
        seq = ["梨树县第一实验小学", "梨树县第二实验小学", "梨树县第三实验小学", "梨树县第十小学"]
        check([api.index(n) for n in seq] == sorted(api.index(n) for n in seq),
              "小学 with numerals after 第 in numeric order")
        check(api.index("梨树县白山乡中心小学") < api.index("梨树县第一实验小学")
              < api.index("梨树县四棵树乡中心小学"),
              "numerals in place names (四棵树) are words: sorted by pinyin")
        check(api.index("梨树县实验中学") < api.index("梨树县第一中学") < api.index("梨树县第一幼儿园"),
              "then 初中, 高中 (学段), 幼儿园")
        csv = admin.get("/api/v1/orgs/export?format=csv").body.decode("utf-8-sig").splitlines()[1:]
        check_eq([line.split(",")[1] for line in csv if line], api,
                 "the CSV export has the same order as the list")
        page = admin.get("/orgs/new").text
        sel = page[page.index("name='parent_id'"):]
        sel = sel[:sel.index("</select>")]
        opts = re.findall(r"<option value='[0-9]+'[^>]*>([^<]*)</option>", sel)
        check_eq(opts, api, "the 上级机构 choice list has the same order")
        r = admin.put("/api/v1/orgs/%d" % ORG["梨树县第十小学"], {"sort_no": 1})
        check_eq(r.status, 200, "set a 排序号")
        api2 = [o["name"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]]
        check_eq(api2[1], "梨树县第十小学", "an administrator's 排序号 goes first among siblings")
        r = admin.put("/api/v1/orgs/%d" % ORG["法规股"], {"parent_id": ORG["梨树县第十小学"]})
        check_eq(r.status, 200, "move an org under another (上级机构 changed)")
        r = admin.put("/api/v1/orgs/%d" % ORG["梨树县第十小学"], {"parent_id": ORG["法规股"]})
        check_eq((r.status, r.field), (422, "parent_id"), "a move into its own subtree is refused")
        api3 = [o["name"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]]
        check_eq(api3[api3.index("梨树县第十小学") + 1], "法规股", "the moved org follows its new parent")
        r = admin.put("/api/v1/orgs/%d" % ORG["法规股"], {"parent_id": root})
        check_eq(r.status, 200, "and back")
        form = {"csrf": admin.csrf, "name": "", "kind": "", "code": "91350100m000100y4z",
                "region": "99", "school_code": "12", "parent_id": str(root)}
        r = admin.request("POST", "/orgs/new", urllib.parse.urlencode(form),
                          headers={"Content-Type": "application/x-www-form-urlencoded"}, csrf=False)
        check(r.status == 422 and r.text.count("class='err'") == 5,
              "an org with three bad codes flags all of them (and name, kind): %d" % r.text.count("class='err'"))
        check("首页</a> › <a href='/orgs'>机构名录</a> › 新增机构" in r.text, "full breadcrumb")

        # ---- every generated route of every register × every role ------------
        rows = [x for x in routes(srv) if "/advisers" in x[1] or "/orgs" in x[1]]
        check(len(rows) >= 38, "the registers' routes are in the table: %d" % len(rows))
        school_org = ORG["梨树县第一实验小学"]
        for (m, path, bits, flags) in rows:
            for role, c in clients.items():
                rid = a1 if "/advisers" in path else school_org
                url = path.replace(":id", str(rid)).replace(":verb", "renew") \
                          .replace(":token", "0" * 64)
                allowed = bits == 0 or (bits & ROLE_BITS[role])
                r = c.request(m, url, {} if m in ("POST", "PUT") and "/api/" in url else None)
                if not allowed:
                    check_eq(r.status, 403, "%s %s as %s: refused" % (m, url, role))
                else:
                    check(r.status != 403 or "renew" in url or "/:verb" in path or m != "GET",
                          "%s %s as %s: not refused by role (%d)" % (m, url, role, r.status))
                    check(r.status < 500, "%s %s as %s: no server error (%d)" % (m, url, role,
                                                                               r.status))
        srv.check_log()
    except Exception as e:  # noqa: BLE001
        error("t_reg: %r" % e)
    finally:
        if srv is not None:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
