#!/usr/bin/env python3
"""Gates and declared numbering (src/reg/gate.c, src/reg/rule.c) through the
行政许可 register: 准予许可 is gated on 申请材料 being on record.  The API
answers 409 with code "gate" listing each missing condition in Chinese and
changes nothing; the record page shows the step's button disabled with the
reasons beside it; the CLI prints them and exits with the conflict status.
Once the materials are recorded the step goes through and the decision gets
its number 教许〔年〕N号 from the year's sequence (the demo county's 2024
grants hold the first ones), never given twice, not even after a void.
Declared rules answer the same through every door: a school-only
reference, a year's range and two-field uniqueness (409 naming both
fields).  Runs on SQLite and PostgreSQL.
"""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish  # noqa: E402


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        approver = srv.user_client("u_appr", "approver", org="梨树县教育局")
        orgs = {o["name"]: o["id"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]}
        items = {i["name"]: i for i in admin.get("/api/v1/permit-items?limit=100").json["items"]}

        def new(**kw):
            body = {"org_id": orgs["行政审批股"], "item_id": items["幼儿园设立审批"]["id"],
                    "applicant_kind": "org", "applicant": "梨树县某某幼儿园",
                    "uscc": "91310115591693856A", "received_on": "2025-09-25"}
            body.update(kw)
            r = approver.post("/api/v1/permits", body)
            check_eq(r.status, 201, "create: %r" % r)
            return r.json["id"]

        # the demo's 2024 grants are numbered in order, from 1
        r = admin.get("/api/v1/permits?limit=100")
        nos = sorted(x["decision_no"] for x in r.json["items"] if x.get("decision_no"))
        check(len(nos) >= 1 and all(re.fullmatch(r"教许〔2024〕\d+号", n) for n in nos),
              "the demo county's grants carry 教许〔2024〕N号: %s" % nos)
        check_eq(sorted(int(re.search(r"〕(\d+)号", n).group(1)) for n in nos),
                 list(range(1, len(nos) + 1)), "numbered 1..N without gaps or repeats")

        # ---- the gate: 409 "gate", each missing condition, nothing changed
        pid = new()
        check_eq(approver.post("/api/v1/permits/%d/accept" % pid,
                               {"accepted_on": "2025-09-26"}).status, 200, "accept")
        r = approver.post("/api/v1/permits/%d/grant" % pid, {"decided_on": "2025-10-09"})
        check_eq((r.status, r.code), (409, "gate"), "grant without 申请材料 is gated")
        errs = r.json.get("errors", []) if r.status == 409 else []
        check(any(e.get("field") == "materials" and e.get("message") == "准予许可前须填写申请材料"
                  for e in errs), "the missing condition in Chinese, naming the field: %s" % errs)
        rec = admin.get("/api/v1/permits/%d" % pid).json
        check_eq((rec["state"], rec["decided_on"], rec["decision_no"]), ("accepted", None, None),
                 "nothing changed by the refused step")

        # the record page: the button disabled, the reason beside it
        page = admin.get("/permits/%d" % pid).text
        m = re.search(r"action='/permits/%d/grant'.*?</form>" % pid, page, re.S)
        form = m.group(0) if m else ""
        check("disabled" in form and "准予许可前须填写申请材料" in html.unescape(form),
              "the page shows 准予许可 disabled with its missing condition")
        m = re.search(r"action='/permits/%d/deny'.*?</form>" % pid, page, re.S)
        check(m is not None and "disabled" not in m.group(0), "不予许可 is not gated")

        # the CLI: prints the condition, exits with the conflict status
        p = srv.cli("permit", "grant", str(pid), "--decided-on", "2025-10-09")
        check_eq(p.returncode, 1, "the CLI exits with the conflict status")
        check("准予许可前须填写申请材料" in p.stderr, "the CLI prints the condition: %s" % p.stderr)

        # recorded, the gate opens and the decision is numbered
        check_eq(approver.put("/api/v1/permits/%d" % pid,
                              {"materials": "设立申请书"}).status, 200, "materials recorded")
        page = admin.get("/permits/%d" % pid).text
        m = re.search(r"action='/permits/%d/grant'.*?</form>" % pid, page, re.S)
        check(m is not None and "disabled" not in m.group(0), "the button is enabled now")
        r = approver.post("/api/v1/permits/%d/grant" % pid, {"decided_on": "2025-10-09"})
        check_eq(r.status, 200, "grant once the gate is met")
        check_eq(admin.get("/api/v1/permits/%d" % pid).json["decision_no"], "教许〔2025〕1号",
                 "the first decision of 2025")

        # a void never gives the number back; the next grant of the year is 2
        check_eq(admin.request("DELETE", "/api/v1/permits/%d" % pid,
                               {"reason": "录入错误"}).status, 200, "void")
        pid2 = new(materials="设立申请书")
        approver.post("/api/v1/permits/%d/accept" % pid2, {"accepted_on": "2025-09-26"})
        p = srv.cli("permit", "grant", str(pid2), "--decided-on", "2025-10-10")
        check_eq(p.returncode, 0, "grant by the CLI: %s" % p.stderr)
        check_eq(admin.get("/api/v1/permits/%d" % pid2).json["decision_no"], "教许〔2025〕2号",
                 "numbers go on after a void")
        check_eq(approver.put("/api/v1/permits/%d" % pid2, {"decision_no": "x"}).status, 400,
                 "the number is not writable")

        # ---- declared rules: the same refusals through the API ------------
        r = admin.post("/api/v1/check-templates", {"org_id": orgs["梨树县教育局"], "year": 1999,
                                                   "item": "guard"})
        check_eq((r.status, r.field), (422, "year"), "a year out of range")
        check("2000—2100" in r.message, "the range named: %s" % r.message)
        body = {"org_id": orgs["梨树县教育局"], "year": 2031, "item": "guard"}
        check_eq(admin.post("/api/v1/check-templates", body).status, 201, "a template")
        r = admin.post("/api/v1/check-templates", body)
        check_eq((r.status, r.field), (409, "item"), "the same year and item again: 409")
        check("年度、检查项目" in r.message, "both fields named: %s" % r.message)
        r = admin.post("/api/v1/check-items", {"org_id": orgs["梨树县教育局"], "year": 2031,
                                               "item": "guard", "status": "met",
                                               "checked_on": "2031-03-01", "checker": "张三"})
        check_eq((r.status, r.field), (422, "org_id"), "a check of the bureau is refused")
        check("中小学或幼儿园" in r.message, "the kind named: %s" % r.message)
        srv.check_log()
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
