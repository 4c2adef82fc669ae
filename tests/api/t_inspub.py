#!/usr/bin/env python3
"""检查记录的文书、评价和结果公示 (#17 items 5 and 6; src/areas/inspections/
insp_doc.c, insp_rate.c, insp_pub.c on the kernel's reg/regdoc.c and
reg/deadline_alert.c).

Documents: the five documents as DOCX and PDF, filled from the record (the
笔录 with its checklist rows, the inspectors and the rating code), refused
with 409 naming what is missing before the record is ready, 422 naming the
kind or format, 404 outside the scope; the bureau's own wording file
replaces one document's lines and leaves the others; the CLI writes the
same document.  Ratings: the public page takes the 检查编号 and 评价码
without sign-in, a wrong code answers like an unknown number, once per
inspection, not before the inspection; staff cannot type one in; the
inspectors cannot read ratings at all; poor ones are listed for the 法规股.
Publicity: a result opens as 待公示 when the inspection's day is recorded,
due 20 working days later (a declared deadline: due list, overdue, the
dashboard); the public feed shows item, target, date, conclusion and
rectification with phone and ID numbers masked and no personal field; a
published result cannot be edited; a correction withdraws it with its
reason and publishes the corrected one; the figures count published on
time.  Runs on SQLite and PostgreSQL.
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish  # noqa: E402

PHONE = "13812345678"
IDNO = "220322199001011234"


def docx_text(b):
    with zipfile.ZipFile(io.BytesIO(b)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def pdf_text(b):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(b)
        f.flush()
        p = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True)
        return re.sub(r"\s+", "", p.stdout.decode("utf-8", "replace"))


def figs(c, q):
    r = c.get("/api/v1/figures?" + q)
    return {f["key"]: f for f in r.json["items"]} if r.status == 200 else {}


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        insp = srv.user_client("u_insp", "inspector", org="梨树县教育局")
        legal = srv.user_client("u_legal", "legal", org="梨树县教育局")
        school = srv.user_client("u_school", "school", org="梨树县第一实验小学")
        rater = srv.client(source="127.0.0.3")

        # the demo county's four 2024 inspections, each published on time
        f0 = figs(admin, "year=2024&as_of=2024-11-15")
        on0 = f0.get("inspect.published_ontime", {})
        check_eq((on0.get("numerator"), on0.get("denominator"), on0.get("value")), (4, 4, 100),
                 "the demo's results all published on time")
        pub0 = f0.get("inspect.published", {}).get("value")
        check_eq(pub0, 4, "the demo's four results published")

        # two drawn tasks with no record yet
        used = {r["task_id"] for r in admin.get("/api/v1/inspections?limit=100").json["items"]}
        tasks = []
        for d in admin.get("/api/v1/draws?limit=100").json["items"]:
            for t in admin.get("/api/v1/draws/%d/tasks" % d["id"]).json["items"]:
                if t["id"] not in used:
                    tasks.append(t)
        check(len(tasks) >= 2, "two drawn tasks without a record")

        def step(c, rid, verb, **kw):
            return c.post("/api/v1/inspections/%d/%s" % (rid, verb), kw)

        def doc(c, rid, kind, fmt="docx"):
            return c.get("/api/v1/inspections/%d/documents/%s?format=%s" % (rid, kind, fmt))

        r = insp.post("/api/v1/inspections", {"task_id": tasks[0]["id"]})
        check_eq(r.status, 201, "a record for a drawn task: %s" % r.text[:200])
        a = r.json["id"]
        r = insp.post("/api/v1/inspections", {"task_id": tasks[1]["id"]})
        b = r.json["id"]

        # ---- documents: not before the record is ready ----
        r = doc(insp, a, "approval")
        check(r.status == 409 and "检查尚未审批" in r.text, "审批表 refused before approval: %s" % r.text[:200])
        r = doc(insp, a, "bogus")
        check_eq((r.status, r.field), (422, "kind"), "an unknown kind names the field")
        check("approval" in r.text and "recheck" in r.text, "... and lists the kinds")
        check_eq(step(insp, a, "approve", approver="王局长", approved_on="2024-05-06").status, 200,
                 "approve")
        r = doc(insp, a, "approval", "odt")
        check_eq((r.status, r.field), (422, "format"), "an unknown format names the field")
        r = doc(insp, a, "approval")
        check_eq(r.status, 200, "行政检查审批表 as DOCX")
        t = docx_text(r.body)
        rec = insp.get("/api/v1/inspections/%d" % a).json
        check("行政检查审批表" in t and "王局长" in t and rec["number"] in t,
              "审批表 filled: title, approver, number")
        check("{{" not in t, "no placeholder left in the 审批表")
        r = doc(insp, a, "notice", "pdf")
        check(r.status == 200 and r.body[:4] == b"%PDF", "检查通知书 as PDF")
        t = pdf_text(r.body)
        check("检查通知书" in t and "申请回避" in t and "梨树县教育局" in t,
              "通知书: title, the right to 回避, the bureau signs")
        r = doc(school, a, "approval")
        check_eq(r.status, 404, "outside the scope: 404")
        r = doc(insp, a, "record")
        check(r.status == 409 and "尚未记录现场检查" in r.text, "笔录 refused before the inspection")
        check_eq(step(insp, a, "notify", notice_on="2024-05-07", notice_way="送达检查通知书").status,
                 200, "notify")
        r = step(insp, a, "inspect", inspect_on="2024-05-10", time_from="09:00", time_to="11:00",
                 place="学校食堂", conclusion="problem", filing_no="WYZF-2024-1",
                 findings="食堂台账不全，负责人电话%s，身份证号%s" % (PHONE, IDNO))
        check_eq(r.status, 200, "inspect: %s" % r.text[:300])
        rec = insp.get("/api/v1/inspections/%d" % a).json
        code = rec.get("rate_code") or ""
        check(len(code) == 8, "the record has its rating code")
        r = doc(insp, a, "record", "pdf")
        check_eq(r.status, 200, "现场检查笔录 as PDF")
        t = pdf_text(r.body)
        check("现场检查笔录" in t and code in t and rec["number"] in t, "笔录: the code and the number")
        check("WYZF-2024-1" in t and "检查项目" in t, "笔录: filing number and the checklist table")
        results = insp.get("/api/v1/inspections/%d/results" % a).json["items"]
        check(results and all(x["item"] in t for x in results[:3]),
              "笔录: a row per checklist item")
        members = insp.get("/api/v1/inspections/%d/members" % a).json["items"]
        certs = [m["cert_no"] for m in members if m.get("cert_no")]
        check(certs and all(c in t for c in certs), "笔录: the inspectors' certificate numbers")
        r = doc(insp, a, "rectify")
        check(r.status == 409 and "没有责令整改" in r.text, "整改通知书 refused before an order")
        check_eq(step(insp, a, "order", rectify_req="补齐食堂台账", rectify_on="2024-05-11",
                      rectify_days=10).status, 200, "order")
        t = docx_text(doc(insp, a, "rectify").body)
        check("责令整改通知书" in t and "补齐食堂台账" in t and "10个工作日" in t and "60日内" in t,
              "整改通知书: requirement, days, the rights")
        check_eq(step(insp, a, "recheck", rectified_on="2024-05-20", recheck_on="2024-05-22",
                      recheck_by="孙丽娟", recheck_result="done", recheck_note="台账已补齐").status,
                 200, "recheck")
        t = docx_text(doc(insp, a, "recheck").body)
        check("整改复查意见书" in t and "已整改到位" in t and "台账已补齐" in t, "复查意见书 filled")
        page = insp.get("/inspections/%d" % a).text
        check("/inspections/%d/documents/record?format=pdf" % a in page and "整改复查意见书" in page,
              "the record page lists the documents")
        # the bureau's own wording replaces one document, leaves the others
        with open(os.path.join(srv.data, "insp-documents.tsv"), "w", encoding="utf-8") as f:
            f.write("notice\ttitle\t行政检查通知书（本局格式）\nnotice\tpara\t兹定于{{inspect_on}}检查{{target}}。\n")
        t = docx_text(doc(insp, a, "notice").body)
        check("本局格式" in t and "2024年5月10日" in t and "申请回避" not in t, "the override is used")
        check("现场检查笔录" in docx_text(doc(insp, a, "record").body), "... and the others stay")
        os.remove(os.path.join(srv.data, "insp-documents.tsv"))
        out = os.path.join(srv.tmp, "rec.pdf")
        p = srv.cli("inspect", "document", str(a), "--kind", "record", "--format", "pdf", "-o", out)
        check(p.returncode == 0 and open(out, "rb").read(4) == b"%PDF",
              "fazhi inspect document writes the PDF: %s" % p.stderr)
        p = srv.cli("inspect", "document", str(a), "--kind", "nope")
        check(p.returncode != 0 and "文书种类" in p.stderr, "the CLI names a wrong kind")

        # ---- ratings: public, by number and code, once, never seen by inspectors ----
        def rate(body):
            return rater.post("/api/v1/public/inspections/rate", body, csrf=False)

        r = rate({"number": rec["number"], "code": "ZZZZZZZZ", "level": "satisfied"})
        u = rate({"number": "行政检查〔2099〕9号", "code": "ZZZZZZZZ", "level": "satisfied"})
        check_eq((r.status, r.text), (u.status, u.text), "a wrong code answers like an unknown number")
        check_eq(r.status, 404, "... 404")
        check_eq(step(insp, b, "approve", approver="王局长", approved_on="2024-05-06").status, 200,
                 "approve b")
        rb = insp.get("/api/v1/inspections/%d" % b).json
        r = rate({"number": rb["number"], "code": rb["rate_code"], "level": "satisfied"})
        check(r.status == 409 and "尚未实施" in r.text, "no rating before the inspection")
        r = rate({"number": rec["number"], "code": code})
        check_eq((r.status, r.field), (422, "level"), "the level is required")
        r = rate({"number": rec["number"], "code": code, "level": "very_dissatisfied",
                  "comment": "检查时间过长"})
        check_eq(r.status, 201, "a rating without signing in: %s" % r.text[:200])
        r = rate({"number": rec["number"], "code": code, "level": "satisfied"})
        check_eq(r.status, 409, "one rating per inspection")
        r = rater.post("/api/v1/public/inspections", {"number": rec["number"], "code": code},
                       csrf=False)
        check(r.status == 200 and r.json.get("rectification") == "已整改"
              and r.json.get("date") == "2024-05-10", "the public lookup by number and code: %s" % r.text[:200])
        check(PHONE not in r.text and "王局长" not in r.text, "the lookup shows no findings or names")
        page = rater.get("/public/inspections/rate")
        check(page.status == 200 and "评价码" in page.text, "the rating form is public")
        r = insp.get("/api/v1/insp-ratings")
        check_eq(r.status, 403, "the inspectors cannot read ratings")
        r = insp.get("/insp-ratings")
        check_eq(r.status, 403, "... nor their page")
        r = legal.get("/api/v1/insp-ratings?poor=1")
        check(r.status == 200 and len(r.json["items"]) == 1 and r.json["items"][0]["record_id"] == a,
              "the 法规股 lists the poor ratings")
        check_eq(legal.get("/api/v1/insp-ratings?poor=0").json["total"], 0, "no good one yet")
        r = legal.post("/api/v1/insp-ratings", {"org_id": rec["org_id"], "record_id": b,
                                                 "level": "satisfied", "rated_on": "2024-06-01"})
        check(r.status in (403, 422) and "不能代为录入" in r.text, "staff cannot type a rating in")

        # ---- publicity: pending from the inspection's day, 20 working days ----
        pubs = [x for x in legal.get("/api/v1/inspection-results?limit=100").json["items"]
                if x["record_id"] == a]
        check_eq(len(pubs), 1, "a result opened when the inspection's day was recorded")
        pa = pubs[0]
        check_eq((pa["state"], pa["ended_on"], pa["publish_due"]),
                 ("pending", "2024-05-10", "2024-06-06"),
                 "待公示, due 20 working days after 2024-05-10 (5-11 调休上班 counts)")
        check(not [x for x in legal.get("/api/v1/inspection-results?limit=100").json["items"]
                   if x["record_id"] == b], "no result before the inspection")
        r = legal.get("/api/v1/inspection-results/due?as_of=2024-06-06&within=0").json
        hit = [x for x in r["items"] if x["id"] == pa["id"]]
        check(hit and hit[0]["days_left"] == 0 and not hit[0]["overdue"], "due on 2024-06-06")
        r = legal.get("/api/v1/inspection-results/due?as_of=2024-06-07&within=0").json
        hit = [x for x in r["items"] if x["id"] == pa["id"]]
        check(hit and hit[0]["overdue"], "overdue the next working day")
        r = admin.get("/?year=2024&as_of=2024-06-07")
        check("已超过公示期限" in r.text, "the dashboard warns of the overdue publicity")
        r = admin.get("/?year=2024&as_of=2024-06-04")
        check("公示期限 2024-06-06，剩余2个工作日" in r.text, "... and 2 working days before")
        r = admin.get("/?year=2024&as_of=2024-05-27")
        check("公示期限 2024-06-06" not in r.text, "... but not 8 working days before")
        p = srv.cli("insp-pub", "explain", str(pa["id"]))
        check(p.returncode == 0 and "20个工作日" in p.stdout, "explain counts the 20 working days")
        feed = rater.get("/api/v1/public/inspection-results/list").json
        check(all(x["target"] != pa["target"] for x in feed["items"]), "nothing public before publishing")
        r = legal.post("/api/v1/inspection-results/%d/publish" % pa["id"], {"published_on": "2024-05-09"})
        check_eq((r.status, r.field), (422, "published_on"), "not published before the inspection")
        r = legal.post("/api/v1/inspection-results/%d/publish" % pa["id"], {"published_on": "2024-06-03"})
        check_eq(r.status, 200, "published within the limit: %s" % r.text[:200])
        feed = rater.get("/api/v1/public/inspection-results/list").json
        mine = [x for x in feed["items"] if x["target"] == pa["target"]]
        check_eq(len(mine), 1, "the feed has the result")
        m = mine[0] if mine else {}
        check_eq((m.get("item"), m.get("date"), m.get("rectification"), m.get("published_on")),
                 (pa["item"], "2024-05-10", "已整改", "2024-06-03"),
                 "item, date, rectification as it stands, published day")
        text = rater.get("/api/v1/public/inspection-results/list").text
        check(PHONE not in text and IDNO not in text, "phone and ID numbers never in the feed")
        check("138****5678" in text and "220322********1234" in text, "... shown masked")
        tg = admin.get("/api/v1/insp-targets/%d" % rec["target_id"]).json
        for k in ("legal_rep", "contact"):
            if tg.get(k):
                check(tg[k] not in text, "the target's %s is not published" % k)
        for mm in members:
            nm = admin.get("/api/v1/insp-people/%d" % mm["person_id"]).json["name"]
            check(nm not in text, "an inspector's name is not published")
        html = rater.get("/public/inspection-results/list").text
        check(pa["target"] in html and PHONE not in html, "the public page, masked too")
        r = legal.put("/api/v1/inspection-results/%d" % pa["id"], {"conclusion": "改"})
        check_eq(r.status, 409, "a published result is not edited")
        r = insp.post("/api/v1/inspection-results/%d/correct" % pa["id"],
                      {"reason": "x", "corrected": "y"})
        check_eq(r.status, 403, "inspectors do not correct a published result")
        r = legal.post("/api/v1/inspection-results/%d/correct" % pa["id"], {"corrected": "y"})
        check(r.status in (409, 422) and "理由" in r.text, "a correction needs its reason")
        r = legal.post("/api/v1/inspection-results/%d/correct" % pa["id"],
                       {"reason": "原结论遗漏整改情况", "corrected": "发现问题，已责令整改并复查合格。"})
        check_eq(r.status, 200, "correct: %s" % r.text[:200])
        old = legal.get("/api/v1/inspection-results/%d" % pa["id"]).json
        check_eq((old["state"], old["reason"]), ("withdrawn", "原结论遗漏整改情况"),
                 "the original is withdrawn with its reason, kept")
        feed = rater.get("/api/v1/public/inspection-results/list").json
        mine = [x for x in feed["items"] if x["target"] == pa["target"]]
        check(len(mine) == 1 and mine[0]["conclusion"] == "发现问题，已责令整改并复查合格。"
              and "原结论遗漏整改情况" in (mine[0].get("correction") or ""),
              "the corrected result is published, the reason with it: %s" % mine)
        aud = srv.user_client("u_aud", "auditor", org="梨树县教育局")
        audit = aud.get("/api/v1/audit?entity=insp_pub&action=correct&limit=50")
        check(audit.status == 200 and audit.json.get("total", 0) == 1 and "原结论遗漏整改情况" in audit.text,
              "the correction is audited with its reason: %r" % audit)
        audit = aud.get("/api/v1/audit?entity=insp_rating&limit=50")
        check(audit.status == 200 and audit.json.get("total", 0) == 1 and "127.0.0.3" not in audit.text,
              "the rating is audited without the rater's address")

        # ---- figures: published on time ----
        check_eq(step(insp, b, "notify", notice_on="2024-05-07").status, 200, "notify b")
        r = step(insp, b, "inspect", inspect_on="2024-05-13", time_from="09:00", time_to="10:00",
                 place="学校", conclusion="ok", filing_no="WYZF-2024-2")
        check_eq(r.status, 200, "inspect b: %s" % r.text[:200])
        f = figs(admin, "year=2024&as_of=2024-11-15")
        on = f.get("inspect.published_ontime", {})
        check_eq((on.get("numerator"), on.get("denominator")), (4 + 1, 4 + 2),
                 "published on time: 1 of our 2 (b not published): %s" % on)
        pb = [x for x in legal.get("/api/v1/inspection-results?limit=100").json["items"]
              if x["record_id"] == b][0]
        r = legal.post("/api/v1/inspection-results/%d/publish" % pb["id"], {"published_on": "2024-06-20"})
        check_eq(r.status, 200, "b published late")
        on = figs(admin, "year=2024&as_of=2024-11-15").get("inspect.published_ontime", {})
        check_eq((on.get("numerator"), on.get("denominator")), (4 + 1, 4 + 2), "late is not on time")
        pubf = figs(admin, "year=2024&as_of=2024-11-15").get("inspect.published", {})
        check_eq(pubf.get("value"), 4 + 2, "two more published (a correction is not counted twice)")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
