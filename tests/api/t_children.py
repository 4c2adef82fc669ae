#!/usr/bin/env python3
"""Child records (src/reg/child.c) through permit's pauses and 补正 rounds:
the nested API /api/v1/permits/:id/pauses[/:cid] (list, create, get, change,
void), each checked as a form is (unknown and read-only fields 400, a bad
value 422 naming the field), scope inherited from the parent (a school user
gets 404 for the list, a child, a create; a child asked under another parent
404), the parent's deadline moving with the pauses (derived in the same
transaction), a voided parent taking no new child (410), one audit entry per
change naming the parent, the table and the add form under the parent's
page, the CLI verbs, and the declared deadline list GET /api/v1/permits/due.
Runs on SQLite and PostgreSQL.
"""
import io
import os
import sys
import urllib.parse
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def post_form(c, path, fields):
    pairs = list(fields.items()) + [("csrf", c.csrf)]
    return c.request("POST", path, urllib.parse.urlencode(pairs), headers=FORM)


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        approver = srv.user_client("k_appr", "approver", org="梨树县教育局")
        school = srv.user_client("k_school", "school", org="梨树县第一实验小学")
        # an approver whose unit is a school: the permit's roles, not its scope
        other = srv.user_client("k_other", "approver", org="梨树县第一实验小学")
        org = {o["name"]: o["id"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]}
        items = {i["name"]: i for i in admin.get("/api/v1/permit-items?limit=100").json["items"]}

        def new(recv="2025-03-03"):
            r = approver.post("/api/v1/permits", {
                "org_id": org["行政审批股"], "item_id": items["幼儿园设立审批"]["id"],
                "applicant_kind": "org", "applicant": "梨树县某某幼儿园",
                "uscc": "91310115591693856A", "received_on": recv})
            if r.status != 201:
                error("create permit: %r" % r)
            return r.json["id"]

        def get(pid):
            return admin.get("/api/v1/permits/%d" % pid).json

        p = new()
        r = approver.post("/api/v1/permits/%d/accept" % p, {"accepted_on": "2025-03-04"})
        check_eq(r.status, 200, "accepted")
        due0 = get(p)["legal_due"]
        check_eq(due0, "2025-04-01", "20 working days from 2025-03-04")
        base = "/api/v1/permits/%d/pauses" % p

        # ---- create, list, get --------------------------------------------
        r = approver.post(base, {"kind": "expert", "start_on": "2025-03-10", "end_on": "2025-03-14",
                                 "note": "专家评审"})
        check_eq(r.status, 201, "a pause created under its application")
        c1 = r.json["id"]
        check_eq((r.json["permit_id"], r.json["kind_name"]), (p, "专家评审"),
                 "the child names its parent and its kind")
        check_eq(get(p)["legal_due"], "2025-04-09",
                 "the parent's due date moved by the pause's 5 working days (清明 skipped)")
        r = admin.get(base)
        check_eq((r.status, r.json["total"], [x["id"] for x in r.json["items"]]), (200, 1, [c1]),
                 "the list holds the pause")
        r = admin.get("%s/%d" % (base, c1))
        check_eq((r.status, r.json["start_on"]), (200, "2025-03-10"), "one child by id")

        # ---- refusals -------------------------------------------------------
        r = approver.post(base, {"kind": "expert", "start_on": "2025-03-10", "colour": "red"})
        check_eq((r.status, r.field), (400, "colour"), "an unknown field: 400 naming it")
        r = approver.post(base, {"kind": "expert", "start_on": "2025-03-10", "permit_id": p})
        check_eq((r.status, r.field), (400, "permit_id"), "the parent link is the URL's, not the body's")
        r = approver.post(base, {"kind": "expert", "start_on": "2025-03-20", "end_on": "2025-03-19"})
        check_eq((r.status, r.field), (422, "end_on"), "an end before the start: 422 naming end_on")
        r = approver.post(base, {"kind": "午休", "start_on": "2025-03-20"})
        check_eq((r.status, r.field), (422, "kind"), "a kind not in the list: 422")
        check_eq(admin.get(base).json["total"], 1, "... and nothing was written")

        # ---- change ---------------------------------------------------------
        r = approver.put("%s/%d" % (base, c1), {"end_on": "2025-03-12"})
        check_eq((r.status, r.json.get("end_on")), (200, "2025-03-12"), "the pause shortened")
        check_eq(get(p)["legal_due"], "2025-04-07", "... and the due date follows (3 working days, 清明 skipped)")

        # ---- scope through the parent ----------------------------------------
        check_eq(school.get(base).status, 403, "a school user: the permit's roles refuse")
        check_eq(other.get(base).status, 404, "an approver of a school: the list answers 404")
        check_eq(other.get("%s/%d" % (base, c1)).status, 404, "... a child 404")
        r = other.post(base, {"kind": "expert", "start_on": "2025-03-20"})
        check_eq(r.status, 404, "... a create 404")
        r = other.request("DELETE", "%s/%d?reason=x" % (base, c1))
        check_eq(r.status, 404, "... a void 404")
        q = new()
        r = admin.get("/api/v1/permits/%d/pauses/%d" % (q, c1))
        check_eq(r.status, 404, "a child asked under another parent: 404")
        r = admin.put("/api/v1/permits/%d/pauses/%d" % (q, c1), {"end_on": "2025-03-13"})
        check_eq(r.status, 404, "... and cannot be changed through it")
        check_eq(admin.get("/api/v1/permits/999999/pauses").status, 404, "no such parent: 404")

        # ---- void -----------------------------------------------------------
        r = approver.request("DELETE", "%s/%d" % (base, c1))
        check_eq((r.status, r.field), (422, "reason"), "void needs a reason")
        r = approver.request("DELETE", "%s/%d?reason=%s" % (base, c1, urllib.parse.quote("录入错误")))
        check_eq((r.status, r.json.get("voided")), (200, True), "voided")
        check_eq(admin.get(base).json["total"], 0, "a voided child leaves the list")
        check_eq(admin.get(base + "?voided=1").json["total"], 1, "... but voided=1 shows it")
        check_eq(get(p)["legal_due"], due0, "the due date is back where it was")
        r = approver.put("%s/%d" % (base, c1), {"end_on": "2025-03-13"})
        check_eq(r.status, 410, "a voided child cannot be changed")

        # ---- a voided parent takes no child ------------------------------------
        r = approver.request("DELETE", "/api/v1/permits/%d?reason=%s" % (q, urllib.parse.quote("测试")))
        check_eq(r.status, 200, "the second application voided")
        r = approver.post("/api/v1/permits/%d/pauses" % q, {"kind": "expert", "start_on": "2025-03-20"})
        check_eq(r.status, 410, "a voided parent takes no new child")

        # ---- audit: one entry per change, naming the parent --------------------
        auditor = srv.user_client("k_aud", "auditor", org="梨树县教育局")
        r = auditor.get("/api/v1/audit?entity=permit_pause&limit=100")
        mine = [e for e in r.json.get("items", []) if str(e.get("entity_id")) == str(c1)]
        if not mine:
            error("audit: %r" % (r.json if r.status == 200 else r))
        check_eq(sorted(e["action"] for e in mine), ["create", "update", "void"],
                 "create, update, void: one entry each")
        check(all('"permit_id":%d' % p in (str(e.get("after")) + str(e.get("before"))).replace(" ", "")
                  for e in mine), "each entry names the application")

        # ---- the steps write children too: 补正 rounds and pauses --------------
        s = new(recv="2025-03-03")
        approver.post("/api/v1/permits/%d/notify" % s, {"notice_on": "2025-03-04", "correction": "补齐章程"})
        approver.post("/api/v1/permits/%d/correct" % s, {"corrected_on": "2025-03-06"})
        r = admin.get("/api/v1/permits/%d/pauses" % s)
        check_eq([(x["kind"], x["start_on"], x["end_on"], x["note"]) for x in r.json["items"]],
                 [("correction", "2025-03-04", "2025-03-06", "补齐章程")], "the 补正 round is a child")
        for i in range(40):                    # no cap of 32 any more
            r = approver.post("/api/v1/permits/%d/pauses" % s,
                              {"kind": "testing", "start_on": "2025-05-%02d" % (1 + i % 28),
                               "end_on": "2025-05-%02d" % (1 + i % 28)})
            if r.status != 201:
                error("pause %d: %r" % (i, r))
                break
        check_eq(admin.get("/api/v1/permits/%d/pauses" % s).json["total"], 41, "41 children kept")

        # ---- the page: the table, the add form under the parent ----------------
        r = admin.get("/permits/%d" % p)
        check(r.status == 200 and "暂停计时和补正记录" in r.text and "/permits/%d/pauses/new" % p in r.text,
              "the record page has the children's table and its add link")
        check("期限" in r.text and "计算过程" in r.text, "... and the deadlines explained")
        r = admin.get("/permits/%d/pauses/new" % p)
        num = get(p)["number"]
        check(r.status == 200 and num in r.text and "name='kind'" in r.text,
              "the add form, its breadcrumb naming the parent")
        r = post_form(approver, "/permits/%d/pauses/new" % p,
                      {"kind": "hearing", "start_on": "2025-03-18", "end_on": "2025-03-18"})
        check_eq(r.status, 303, "the add form saves and goes back to the parent")
        r = post_form(approver, "/permits/%d/pauses/new" % p, {"kind": "", "start_on": ""})
        check(r.status == 422 and "请填写" in r.text, "an empty form: 422 with each field's error")
        check_eq(school.get("/permits/%d/pauses/new" % p).status, 403,
                 "a school user cannot open the form (role)")
        hid = [x for x in admin.get(base).json["items"] if x["kind"] == "hearing"][0]["id"]
        r = admin.get("/permits/%d/pauses/%d/edit" % (p, hid))
        check(r.status == 200 and "2025-03-18" in r.text, "the edit form holds the child's values")
        check_eq(other.get("/permits/%d/pauses/%d/edit" % (p, hid)).status, 404,
                 "... and is 404 outside the parent's scope")
        r = post_form(approver, "/permits/%d/pauses/%d/edit" % (p, hid),
                      {"kind": "hearing", "start_on": "2025-03-18", "end_on": "2025-03-17", "note": ""})
        check(r.status == 422 and "结束日不能早于起始日" in r.text, "the edit form shows the child's own error")
        r = post_form(approver, "/permits/%d/pauses/%d/edit" % (p, hid),
                      {"kind": "hearing", "start_on": "2025-03-18", "end_on": "2025-03-19", "note": "听证会"})
        check_eq(r.status, 303, "the edit form saves")
        check_eq(admin.get("%s/%d" % (base, hid)).json["end_on"], "2025-03-19", "... the new end")
        vid = approver.post(base, {"kind": "testing", "start_on": "2025-03-24",
                                   "end_on": "2025-03-24"}).json["id"]
        r = post_form(approver, "/permits/%d/pauses/%d/void" % (p, vid), {"reason": ""})
        check_eq(r.status, 422, "void from the page needs a reason")
        r = post_form(approver, "/permits/%d/pauses/%d/void" % (p, vid), {"reason": "测试作废"})
        check_eq(r.status, 303, "void from the page")
        check_eq(admin.get("%s/%d" % (base, vid)).json["voided"], True, "... voided")

        # ---- CLI ------------------------------------------------------------------
        r = srv.cli("permit", "pauses", "list", num)
        check(r.returncode == 0 and "听证" in r.stdout and "已作废" in r.stdout and "专家评审" in r.stdout,
              "fazhi permit pauses list NUMBER: %s" % (r.stdout + r.stderr)[:300])
        r = srv.cli("permit", "pauses", "add", num, "--kind", "appraisal", "--start-on", "2025-03-19",
                    "--end-on", "2025-03-19")
        check_eq(r.returncode, 0, "fazhi permit pauses add: %s" % r.stderr)
        cid = r.stdout.strip()
        r = srv.cli("permit", "pauses", "void", num, cid, "--reason", "测试")
        check_eq(r.returncode, 0, "fazhi permit pauses void: %s" % r.stderr)
        r = srv.cli("permit", "pauses", "add", num, "--kind", "appraisal")
        check_eq(r.returncode, 1, "a missing start is refused: %s" % r.stderr)

        # ---- workbook: a second sheet, re-imported all or nothing -----------------
        XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        r = admin.get("/api/v1/permits/export?format=xlsx")
        check_eq(r.status, 200, "export as xlsx")
        book = r.body
        with zipfile.ZipFile(io.BytesIO(book)) as z:
            wb = z.read("xl/workbook.xml").decode("utf-8")
            shared = z.read("xl/worksheets/sheet2.xml").decode("utf-8")
        check("行政许可申请" in wb and "暂停计时和补正记录" in wb, "two sheets: the applications and their pauses")
        check(num in shared and "听证" in shared, "the pause sheet names its application by number")
        n_permits = admin.get("/api/v1/permits?limit=1").json["total"]
        n_p = admin.get(base).json["total"]

        def rewrite(b, old, new):
            out = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(b)) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
                for it in zi.infolist():
                    data = zi.read(it.filename)
                    if it.filename == "xl/worksheets/sheet2.xml":
                        data = data.decode("utf-8").replace(old, new).encode("utf-8")
                    zo.writestr(it, data)
            return out.getvalue()

        bad = rewrite(book, "听证", "午休")
        r = approver.request("POST", "/api/v1/permits/import", bad, headers={"Content-Type": XLSX}, raw=True)
        check(r.status == 400 and "暂停计时和补正记录" in (r.message or ""),
              "a bad row in the pause sheet refuses the whole file: %r" % r)
        check_eq((admin.get("/api/v1/permits?limit=1").json["total"], admin.get(base).json["total"]),
                 (n_permits, n_p), "... nothing of either sheet written")
        r = approver.request("POST", "/api/v1/permits/import", book, headers={"Content-Type": XLSX}, raw=True)
        check_eq(r.status, 200, "the export re-imported: %r" % r)
        check_eq(admin.get("/api/v1/permits?limit=1").json["total"], 2 * n_permits,
                 "every application of the first sheet imported")
        check_eq(admin.get(base).json["total"], 2 * n_p,
                 "the pause rows, tied by number to their application, added under it")

        # ---- an imported review gets its round 1 at import --------------------------
        n_rev = admin.get("/api/v1/reviews?limit=1").json["total"]
        csv = ("送审股室,送审事项,类别,送审稿,审核人,送审日期\r\n"
               "法规股,导入的采购合同甲,合同,甲稿,法规股,2025-04-01\r\n"
               "法规股,导入的采购合同乙,合同,乙稿,法规股,2025-04-02\r\n").encode("utf-8")
        r = admin.request("POST", "/api/v1/reviews/import", csv,
                          headers={"Content-Type": "text/csv"}, raw=True)
        check_eq(r.status, 200, "two reviews imported from CSV: %r" % r)
        got = {x["title"]: x for x in admin.get("/api/v1/reviews?q=" + urllib.parse.quote("导入的采购合同")).json["items"]}
        check_eq(len(got), 2, "both are there")
        for t, day, doc in (("导入的采购合同甲", "2025-04-01", "甲稿"), ("导入的采购合同乙", "2025-04-02", "乙稿")):
            rr = admin.get("/api/v1/reviews/%d/rounds" % got[t]["id"]).json["items"]
            check_eq([(x["round_no"], x["submitted_on"], x["doc_ref"]) for x in rr], [(1, day, doc)],
                     "%s has its round 1 at import, not at its next change" % t)
        au = auditor.get("/api/v1/audit?entity=review_round&action=create&limit=100").json
        check(au.get("total", 0) >= 2, "the rounds' entries are in the audit log: %r" % au.get("total"))
        r = srv.cli("audit", "verify")
        check_eq(r.returncode, 0, "the import's batch with its rounds verifies: %s" % r.stdout[-200:])
        # the export with its rounds sheet re-imported: the sheet's rounds, no extra round 1
        r = admin.get("/api/v1/reviews/export?format=xlsx")
        check_eq(r.status, 200, "reviews exported as xlsx")
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            wb = z.read("xl/workbook.xml").decode("utf-8")
        check("送审和修改轮次" in wb, "the rounds are the export's second sheet")
        n_rounds = sum(len(admin.get("/api/v1/reviews/%d/rounds" % x["id"]).json["items"])
                       for x in admin.get("/api/v1/reviews?limit=100").json["items"])
        r = admin.request("POST", "/api/v1/reviews/import", r.body, headers={"Content-Type": XLSX},
                          raw=True)
        check_eq(r.status, 200, "the export re-imported: %r" % r)
        items = admin.get("/api/v1/reviews?limit=100").json["items"]
        check_eq(len(items), 2 * (n_rev + 2), "every review imported again")
        n_after = sum(len(admin.get("/api/v1/reviews/%d/rounds" % x["id"]).json["items"])
                      for x in items)
        check_eq(n_after, 2 * n_rounds, "each imported review has the sheet's rounds, no more")

        # ---- the declared deadline list --------------------------------------------
        r = admin.get("/api/v1/permits/due?within=250&as_of=2025-03-20")
        check(r.status == 200 and any(x["id"] == p and x["deadline"] == "legal_due" for x in r.json["items"]),
              "GET /api/v1/permits/due lists the application's statutory due date")
        check_eq(admin.get("/api/v1/permits/due?within=x").status, 400, "within must be a number")
        r = school.get("/api/v1/permits/due?within=250&as_of=2025-03-20")
        check_eq(r.status, 403, "the due list keeps the register's roles")
        r = srv.cli("permit", "explain", str(p))
        check(r.returncode == 0 and "法定期限" in r.stdout and "跳过（暂停计时：" in r.stdout,
              "fazhi permit explain names the pause: %s" % r.stdout[:200])
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
