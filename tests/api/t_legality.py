#!/usr/bin/env python3
"""合法性审核, 规范性文件 and 重大行政决策 (src/areas/legal/review.c,
normdoc.c, decision.c, legal2_fig.c).

The gates: a 规范性文件 is not registered as issued without a passed review
of it, a contract is not marked signed before its review passed, a decision
is not marked decided while a statutory step is missing -- 409 "gate" naming
each missing step, nothing changed, the same from the CLI.  The review's due
date counts working days on the calendar (10 for a 规范性文件 from
2025-09-25 crosses the National Day holiday and a make-up Saturday).  The
figures on the demo county's fixed 2024 records, the report's sentences
reading them, the adviser's page listing their reviews, roles, scope, CSRF
and the audit.  Runs on SQLite and PostgreSQL.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish  # noqa: E402

AS_OF = "2024-11-15"


def upload(c, path, name, data, field="doc_file"):
    b = "----fazhilegality7f3a"
    body = (("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
             "Content-Type: application/octet-stream\r\n\r\n" % (b, field, name)).encode("utf-8")
            + data + ("\r\n--%s--\r\n" % b).encode())
    return c.request("POST", path, body, raw=True,
                     headers={"Content-Type": "multipart/form-data; boundary=" + b})


def errors(r):
    return [e.get("message") for e in r.json.get("errors", [])] if r.status >= 400 else []


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        legal = srv.user_client("u_legal", "legal", org="法规股")
        leader = srv.user_client("u_leader", "leader", org="梨树县教育局")
        school = srv.user_client("u_school", "school")
        aud = srv.user_client("u_aud", "auditor", org="梨树县教育局")
        orgs = {o["name"]: o["id"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]}
        advisers = admin.get("/api/v1/advisers").json["items"]
        check_eq([a["name"] for a in advisers], ["孙立军"], "the demo county's 法律顾问")
        adviser = advisers[0]["id"]

        # ---- the figures on the demo county's fixed 2024 records ----------------
        r = leader.get("/api/v1/figures?year=2024&as_of=" + AS_OF)
        check_eq(r.status, 200, "figures API")
        f = {x["key"]: x for x in r.json["items"]}
        got = {k: f[k]["value"] for k in ("legality.reviewed", "legality.contracts",
                                           "legality.normdocs", "legality.decisions",
                                           "legality.by_adviser", "normdoc.issued",
                                           "normdoc.cleared", "decision.decided",
                                           "decision.collective", "decision.catalog")}
        check_eq(got, {"legality.reviewed": 5, "legality.contracts": 3, "legality.normdocs": 1,
                       "legality.decisions": 1, "legality.by_adviser": 4, "normdoc.issued": 1,
                       "normdoc.cleared": 0, "decision.decided": 1, "decision.collective": 1,
                       "decision.catalog": 1}, "the 2024 counts")
        check_eq((f["legality.ontime_rate"]["numerator"], f["legality.ontime_rate"]["denominator"]),
                 (5, 5), "every review finished by its due date")
        check_eq((f["decision.step_rate"]["numerator"], f["decision.step_rate"]["denominator"],
                  f["decision.step_rate"]["text"]), (1, 1, "100%"),
                 "the decision passed all five steps")
        r = leader.get("/api/v1/figures?year=2024&as_of=2024-05-01")
        f = {x["key"]: x for x in r.json["items"]}
        check_eq((f["legality.reviewed"]["value"], f["legality.contracts"]["value"],
                  f["normdoc.issued"]["value"], f["decision.decided"]["value"]), (2, 1, 0, 0),
                 "as of 2024-05-01 the records' own dates decide")
        p = srv.cli("figures", "--year", "2024", "--as-of", AS_OF)
        check("legality.by_adviser,法律顾问审核件数,件,2024," + AS_OF + ",4,4" in p.stdout,
              "fazhi figures states the same: %s" % p.stdout[-300:])

        # the report's sentences come from these figures
        p = srv.cli("report", "--year", "2024", "--as-of", AS_OF, "--format", "md")
        check_eq(p.returncode, 0, "report: %s" % p.stderr)
        check("坚持重大决策集体讨论决定，" in p.stdout,
              "collective decisions: the seed's sentence, from the records (1 of 1)")
        check("严格执行重大行政决策法定程序。" in p.stdout, "the statutory steps: the seed's sentence (100%)")
        check("注重发挥聘用法律顾问作用，加强合同及有关规范性文件合法性前置审核" in p.stdout,
              "the adviser's reviews: the seed's sentence (4 by the adviser)")

        # the demo's 规范性文件 got its number from the declared numbering
        docs = admin.get("/api/v1/normdocs").json["items"]
        check_eq([(d["doc_no"], d["status"]) for d in docs], [("梨教规〔2024〕1号", "issued")],
                 "统一编号 on issue")

        # 统一公布 and the 决策事项目录, without sign-in; no lookup by number
        anon = srv.client()
        r = anon.get("/api/v1/public/normdocs/list")
        check_eq((r.status, [(x["doc_no"], x["title"]) for x in r.json.get("items", [])]),
                 (200, [("梨教规〔2024〕1号", "梨树县校外培训机构管理办法")]),
                 "the issued 规范性文件 published")
        r = anon.get("/public/decisions/list")
        check(r.status == 200 and "梨树县2024—2026年义务教育学校布局调整方案" in r.text
              and "重大行政决策事项目录" in r.text, "the 决策事项目录 published")
        check_eq(anon.get("/public/normdocs").status, 404, "a list-only register has no lookup")

        # the adviser's page: their reviews and the yearly evaluation
        page = leader.get("/advisers/%d" % adviser).text
        check("年度履职评价" in page and "梨树县教育局2024年校车服务采购合同" in page
              and "《梨树县2024—2026年义务教育学校布局调整方案》草案" not in page,
              "the adviser page lists the adviser's reviews only")
        m = re.search(r"<td[^>]*><a href='/adviser-evaluation\?year=2024'>2024</a></td>(.*?)</tr>",
                      page, re.S)
        cells = re.findall(r">(\d+)</td>", m.group(1)) if m else []
        check_eq(cells[:6], ["4", "4", "2", "2", "0", "0"],
                 "2024: 4 reviews, 4 on time, 2 合法, 2 修改后合法")
        # ... a declared view keyed by adviser: page, JSON, export, command agree
        want = {"reviews": 4, "on_time": 4, "legal": 2, "amend": 2, "illegal": 0, "open": 0}
        r = leader.get("/api/v1/adviser-evaluation?year=2024&as_of=" + AS_OF)
        check_eq(r.status, 200, "GET /api/v1/adviser-evaluation: %r" % r)
        it = r.json["items"]
        check_eq([(x["id"], x["name"]) for x in it], [(adviser, "孙立军")], "one row per adviser")
        check_eq({k: it[0][k] for k in want} if it else {}, want, "the API counts as the page")
        r = leader.get("/api/v1/adviser-evaluation?year=2024&as_of=2024-03-31")
        check_eq([x["reviews"] for x in r.json["items"]], [1],
                 "as of 2024-03-31 only the review submitted by then")
        check_eq(leader.get("/api/v1/adviser-evaluation?year=2023").json["items"][0]["reviews"], 0,
                 "no review in 2023")
        r = leader.get("/api/v1/adviser-evaluation?year=2024&limit=1&offset=1")
        check_eq((r.json["items"], r.json["total"]), ([], 1), "paged as a register")
        check_eq(leader.get("/api/v1/adviser-evaluation?year=20x4").status, 400, "a bad year: 400")
        r = leader.get("/adviser-evaluation?year=2024&as_of=" + AS_OF)
        check(r.status == 200 and "法律顾问履职评价" in r.text and "/advisers/%d" % adviser in r.text
              and "类别" not in re.sub(r"<form.*?</form>", "", r.text, flags=re.S),
              "the page: a row per adviser linked to their record, no 类别 column")
        r = leader.get("/api/v1/adviser-evaluation/export?year=2024&as_of=%s&format=csv" % AS_OF)
        check(r.status == 200 and "孙立军,4,4,2,2,0,0" in r.text.replace("\r", ""),
              "the CSV export: %r" % r.text[:300])
        p = srv.cli("adviser-eval", "--year", "2024", "--as-of", AS_OF)
        check(p.returncode == 0 and "孙立军\t4\t4\t2\t2\t0\t0" in p.stdout,
              "fazhi adviser-eval: %r" % p.stdout)
        check_eq(school.get("/api/v1/adviser-evaluation?year=2024").json["total"], 0,
                 "a school user: the bureau's adviser is outside the scope, no row")

        # ---- a review: due date in working days, rounds, opinions ---------------
        body = {"office_id": orgs["基础教育股"], "title": "《梨树县中小学生课后服务管理办法》送审稿",
                "kind": "normdoc", "reviewer": "adviser", "adviser_id": adviser,
                "submitted_on": "2025-09-25"}
        r = school.post("/api/v1/reviews", body)
        check_eq(r.status, 403, "a school user does not submit reviews")
        r = legal.post("/api/v1/reviews", body, csrf=False)
        check_eq(r.status, 403, "no CSRF token, no change")
        r = legal.post("/api/v1/reviews", dict(body, reviewer="adviser", adviser_id=None))
        check_eq((r.status, r.field), (422, "adviser_id"), "a review by an adviser names one")
        r = legal.post("/api/v1/reviews", dict(body, office_id=orgs["梨树县第一实验小学"]))
        check_eq((r.status, r.field), (422, "office_id"), "the submitter is a 股室")
        r = legal.post("/api/v1/reviews", body)
        check_eq(r.status, 201, "submitted: %r" % r)
        rid = r.json["id"]
        rec = legal.get("/api/v1/reviews/%d" % rid).json
        check_eq((rec["status"], rec["due_on"], rec["rev_round"]), ("submitted", "2025-10-15", 1),
                 "10 working days from 2025-09-25 over 国庆 and the make-up days: 2025-10-15")
        check_eq(school.get("/api/v1/reviews/%d" % rid).status, 404,
                 "outside a school user's scope: 404")
        check_eq(school.get("/api/v1/reviews").json.get("total"), 0, "a school sees none")

        # a 规范性文件 naming it cannot be issued before the review passes
        r = legal.post("/api/v1/normdocs", {"office_id": orgs["基础教育股"],
                                            "title": "梨树县中小学生课后服务管理办法",
                                            "review_id": rid})
        check_eq(r.status, 201, "a draft: %r" % r)
        nid = r.json["id"]
        r = legal.post("/api/v1/normdocs/%d/issue" % nid,
                       {"published_on": "2025-11-03", "valid_until": "2030-11-02"})
        check_eq((r.status, r.code), (409, "gate"), "issue without a passed review is gated")
        check("登记公布前须有通过的合法性审核" in errors(r), "the condition named: %s" % errors(r))
        rec = legal.get("/api/v1/normdocs/%d" % nid).json
        check_eq((rec["status"], rec["doc_no"], rec["published_on"]), ("draft", None, None),
                 "nothing changed by the refused step")
        p = srv.cli("normdoc", "issue", str(nid), "--published-on", "2025-11-03")
        check_eq(p.returncode, 1, "the CLI exits with the conflict status")
        check("登记公布前须有通过的合法性审核" in p.stderr, "the CLI names it: %s" % p.stderr)

        # take, return for revision, the next round with a new due date
        check_eq(legal.post("/api/v1/reviews/%d/take" % rid, {}).status, 200, "take")
        r = legal.post("/api/v1/reviews/%d/return" % rid, {"reviewed_on": "2025-10-10"})
        check_eq((r.status, r.code), (409, "gate"), "a return wants the opinion")
        r = legal.post("/api/v1/reviews/%d/return" % rid,
                       {"reviewed_on": "2025-10-10", "opinion_text": "第九条收费标准无依据"})
        check_eq(r.status, 200, "returned")
        r = legal.post("/api/v1/reviews/%d/resubmit" % rid, {"submitted_on": "2025-10-20"})
        check_eq(r.status, 200, "resubmitted: %r" % r)
        rec = legal.get("/api/v1/reviews/%d" % rid).json
        check_eq((rec["status"], rec["rev_round"], rec["due_on"], rec["opinion_text"]),
                 ("submitted", 2, "2025-11-03", None), "round 2, due 10 working days on")
        check_eq(rec["submitted_on"], "2025-09-25", "the first submission day stays")
        # the rounds: a child register under the review
        r = legal.get("/api/v1/reviews/%d/rounds" % rid)
        check_eq(r.status, 200, "the rounds: %r" % r)
        rounds = [(x["round_no"], x["submitted_on"], x.get("opinion_text"), x.get("returned_on"))
                  for x in r.json["items"]]
        check_eq(rounds, [(1, "2025-09-25", "第九条收费标准无依据", "2025-10-10"),
                          (2, "2025-10-20", None, None)],
                 "round 1 returned with its opinion, round 2 from the resubmission")
        check_eq(school.get("/api/v1/reviews/%d/rounds" % rid).status, 404,
                 "the rounds are scoped through the review")
        r = legal.post("/api/v1/reviews/%d/rounds" % rid,
                       {"round_no": 3, "submitted_on": "2025-10-22", "returned_on": "2025-10-21"})
        check_eq((r.status, r.field), (422, "returned_on"), "a round returned before it came: 422")
        r2 = legal.get("/api/v1/reviews/%d/rounds" % rid).json["items"][1]["id"]
        r = legal.put("/api/v1/reviews/%d/rounds/%d" % (rid, r2), {"submitted_on": "2025-10-22"})
        check_eq(r.status, 200, "the latest round's day corrected: %r" % r)
        check_eq(legal.get("/api/v1/reviews/%d" % rid).json["due_on"], "2025-11-05",
                 "the review's due date follows its latest round")
        # the document under review: each round's attachment (the kernel's file
        # routes for child records), every upload kept in the store
        r1 = legal.get("/api/v1/reviews/%d/rounds" % rid).json["items"][0]["id"]
        url1 = "/api/v1/reviews/%d/rounds/%d/files/doc_file" % (rid, r1)
        url = "/api/v1/reviews/%d/rounds/%d/files/doc_file" % (rid, r2)
        check_eq(legal.get("/api/v1/reviews/%d/files/doc_file" % rid).status, 404,
                 "the review itself holds no document any more")
        pdf1 = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 50 + b"%%EOF\n"
        pdf2 = pdf1.replace(b"Catalog", b"Catalgg")
        pdf3 = pdf1.replace(b"Catalog", b"Catalhh")
        r = upload(legal, url1, "送审稿第一稿.pdf", pdf1)
        check_eq(r.status, 201, "round 1's version uploads onto round 1: %r" % r)
        check_eq(r.json.get("doc_file_file", {}).get("url"), url1,
                 "the reply names the nested download")
        r = upload(legal, url, "送审稿修改稿.pdf", pdf3)
        check_eq(r.status, 201, "round 2's first version uploads")
        r = upload(legal, url, "送审稿修改稿二.pdf", pdf2)
        check_eq(r.status, 201, "round 2's corrected version uploads")
        r = leader.get(url)
        check(r.status == 200 and r.body == pdf2, "round 2's current version downloads")
        check("filename" in (r.header("Content-Disposition") or ""), "as a download with its name")
        r = leader.get(url1)
        check(r.status == 200 and r.body == pdf1, "round 1 keeps its own version")
        items = legal.get("/api/v1/reviews/%d/rounds" % rid).json["items"]
        check_eq([(x["round_no"], (x.get("doc_file_file") or {}).get("name")) for x in items],
                 [(1, "送审稿第一稿.pdf"), (2, "送审稿修改稿二.pdf")],
                 "the rounds list each round's document by its name")
        page = legal.get("/reviews/%d" % rid).text
        check("/reviews/%d/rounds/%d/files/doc_file" % (rid, r2) in page,
              "the review's page links each round's document")
        page = legal.get("/reviews/%d/rounds/%d/edit" % (rid, r2)).text
        check("action='/reviews/%d/rounds/%d/files/doc_file'" % (rid, r2) in page
              and "multipart/form-data" in page,
              "the round's edit page offers the upload of its document")
        check_eq(upload(legal, url, "a.jpg", b"\xff\xd8\xff\xe0 a photo").status, 422,
                 "a photo is not a document version: 422")
        check_eq(upload(leader, url, "b.pdf", pdf1).status, 403, "a leader does not upload")
        check_eq(school.get(url).status, 404, "a school outside the office's scope: 404")
        check_eq(legal.get("/api/v1/reviews/%d/rounds/%d/files/doc_file" % (rid + 9999, r2)).status,
                 404, "a round under another review's number: 404")
        nv = srv.cli("review", "rounds", "files", str(rid), str(r2), "doc_file")
        check(nv.returncode == 0 and nv.stdout.count("送审稿修改稿") == 2,
              "fazhi review rounds files: both versions of round 2: %r" % (nv.stdout,))
        out = os.path.join(srv.tmp, "got.pdf")
        nv = srv.cli("review", "rounds", "download", str(rid), str(r2), "doc_file", "-o", out)
        check(nv.returncode == 0 and open(out, "rb").read() == pdf2,
              "fazhi review rounds download: the current version, re-hashed: %r" % (nv.stderr,))
        src = os.path.join(srv.tmp, "v3.pdf")
        with open(src, "wb") as f:
            f.write(pdf3)
        nv = srv.cli("review", "rounds", "attach", str(rid), str(r1), "doc_file", src)
        check_eq(nv.returncode, 0, "fazhi review rounds attach: %r" % (nv.stderr,))
        check_eq(leader.get(url1).body, pdf3, "the version attached from the command line")
        h = [x for x in os.listdir(os.path.join(srv.data, "files")) if len(x) == 2]
        check(len(h) > 0, "the store has files")
        d2 = legal.get("/api/v1/reviews/%d/rounds/%d" % (rid, r2)).json["doc_file_file"]["sm3"]
        fp = os.path.join(srv.data, "files", d2[:2], d2)
        os.chmod(fp, 0o644)
        with open(fp, "r+b") as f:
            f.write(b"%PDF-1.6")
        r = leader.get(url)
        check_eq((r.status, r.code), (500, "file_damaged"), "a changed round document: file_damaged")
        with open(fp, "r+b") as f:
            f.write(b"%PDF-1.7")
        check_eq(leader.get(url).body, pdf2, "restored, it downloads again")
        legal.post("/api/v1/reviews/%d/take" % rid, {})
        r = legal.post("/api/v1/reviews/%d/pass" % rid,
                       {"opinion": "legal", "reviewed_on": "2025-10-21"})
        check_eq((r.status, r.field), (422, "reviewed_on"),
                 "finished before the latest round came in (2025-10-22): 422")
        r = legal.post("/api/v1/reviews/%d/pass" % rid,
                       {"opinion": "illegal", "reviewed_on": "2025-10-28"})
        check_eq((r.status, r.field), (422, "opinion"), "a pass is 合法 or 修改后合法")
        r = legal.post("/api/v1/reviews/%d/sign" % rid, {"signed_on": "2025-10-29"})
        check_eq((r.status, r.code), (409, "gate"), "not passed: nothing is signed")
        r = legal.post("/api/v1/reviews/%d/pass" % rid,
                       {"opinion": "amend", "opinion_text": "删除第九条后合法",
                        "reviewed_on": "2025-10-28"})
        check_eq(r.status, 200, "passed")
        r = legal.post("/api/v1/reviews/%d/sign" % rid, {"signed_on": "2025-10-29"})
        check_eq((r.status, r.field), (422, "kind"), "only a contract is signed")

        # now the 规范性文件 is registered, numbered and published
        r = legal.post("/api/v1/normdocs/%d/issue" % nid,
                       {"published_on": "2025-11-03", "valid_until": "2030-11-02"})
        check_eq(r.status, 200, "issued once the review passed: %r" % r)
        check_eq(legal.get("/api/v1/normdocs/%d" % nid).json["doc_no"], "梨教规〔2025〕1号",
                 "the first number of 2025")
        pub = [x["doc_no"] for x in srv.client().get("/api/v1/public/normdocs/list").json["items"]]
        check_eq(pub, ["梨教规〔2025〕1号", "梨教规〔2024〕1号"], "published on issue, newest first")
        r = legal.post("/api/v1/normdocs/%d/clear" % nid, {"cleared_on": "2026-12-01",
                                                           "clear_note": "继续有效"})
        check_eq(r.status, 200, "cleared, still in force")
        r = legal.post("/api/v1/normdocs/%d/repeal" % nid, {"repealed_on": "2025-10-01"})
        check_eq((r.status, r.field), (422, "repealed_on"), "not repealed before publication")
        r = legal.post("/api/v1/normdocs/%d/repeal" % nid, {"repealed_on": "2027-03-01",
                                                            "repeal_reason": "上位法修改"})
        check_eq(r.status, 200, "repealed")
        # a normdoc cannot name a contract's review
        contracts = [x for x in legal.get("/api/v1/reviews?kind=contract").json["items"]]
        r = legal.post("/api/v1/normdocs", {"office_id": orgs["基础教育股"], "title": "某文件",
                                            "review_id": contracts[0]["id"]})
        check_eq((r.status, r.field), (422, "review_id"), "the review must be of a 规范性文件")

        # a contract: signed only once its review passed
        r = legal.post("/api/v1/reviews", {"office_id": orgs["办公室"], "kind": "contract",
                                           "title": "食堂食材配送合同", "reviewer": "office",
                                           "submitted_on": "2025-03-03"})
        cid = r.json["id"]
        check_eq(r.json.get("adviser_id"), None, "the 法规股 reviews it")
        check_eq(legal.get("/api/v1/reviews/%d" % cid).json["due_on"], "2025-03-12",
                 "7 working days for a contract")
        r = legal.post("/api/v1/reviews/%d/sign" % cid, {"signed_on": "2025-03-05"})
        check_eq((r.status, r.code), (409, "gate"), "unreviewed contract not signed")
        check("标记合同已签订前须先审核通过" in errors(r), "the condition named: %s" % errors(r))
        page = leader.get("/").text
        check("合法性审核“食堂食材配送合同”已超过审核期限 2025-03-12" in page,
              "the dashboard lists the open review past its due date")

        # ---- a decision: each missing step named ---------------------------------
        r = legal.post("/api/v1/reviews", {"office_id": orgs["基础教育股"], "kind": "decision",
                                           "title": "梨树县学前教育三年行动计划草案",
                                           "reviewer": "office", "submitted_on": "2025-06-02"})
        drid = r.json["id"]
        r = legal.post("/api/v1/decisions", {"office_id": orgs["基础教育股"],
                                             "title": "梨树县学前教育三年行动计划", "year": 2025,
                                             "category": "plan", "started_on": "2025-04-01",
                                             "review_id": drid})
        check_eq(r.status, 201, "a decision: %r" % r)
        did = r.json["id"]
        decide = {"meeting_on": "2025-07-01", "attendees": "班子成员7人",
                  "dissent": "无", "head_decision": "同意", "decided_on": "2025-07-01"}
        a0 = aud.get("/api/v1/audit?entity=decision&limit=100").json.get("total")
        check(isinstance(a0, int) and a0 >= 1, "the decision's creation audited: %r" % a0)
        r = legal.post("/api/v1/decisions/%d/decide" % did, decide)
        check_eq((r.status, r.code), (409, "gate"), "decide with steps missing is gated")
        msgs = errors(r)
        for want in ("作出决定前须填写公众参与起始日", "作出决定前须填写公众参与意见采纳情况",
                     "作出决定前须填写专家论证日期", "作出决定前须填写风险评估日期",
                     "作出决定前须有通过的合法性审查"):
            check(want in msgs, "%s is named: %s" % (want, msgs))
        check(not any("集体讨论" in m for m in msgs), "the meeting given is not missing")
        rec = legal.get("/api/v1/decisions/%d" % did).json
        check_eq((rec["status"], rec["decided_on"], rec["meeting_on"]), ("draft", None, None),
                 "nothing changed")
        check_eq(aud.get("/api/v1/audit?entity=decision&limit=100").json.get("total"), a0,
                 "no audit entry for the refusal")
        p = srv.cli("decision", "decide", str(did), "--meeting-on", "2025-07-01",
                    "--attendees", "班子成员7人", "--dissent", "无", "--head-decision", "同意",
                    "--decided-on", "2025-07-01")
        check_eq(p.returncode, 1, "the CLI: conflict status")
        check("作出决定前须填写专家论证日期" in p.stderr, "the CLI names the step: %s" % p.stderr)
        page = legal.get("/decisions/%d" % did).text
        check("作出决定前须填写专家论证日期" in page, "the page names the missing steps")

        r = legal.put("/api/v1/decisions/%d" % did, {
            "comment_start": "2025-04-10", "comment_end": "2025-05-10", "comment_count": 12,
            "comment_response": "采纳8条", "expert_on": "2025-05-20", "expert_opinion": "可行",
            "risk_on": "2025-05-28", "risk_level": "low"})
        check_eq(r.status, 200, "steps recorded: %r" % r)
        r = legal.post("/api/v1/decisions/%d/decide" % did, decide)
        check_eq(errors(r), ["作出决定前须有通过的合法性审查"], "only the review is missing now")
        legal.post("/api/v1/reviews/%d/take" % drid, {})
        legal.post("/api/v1/reviews/%d/pass" % drid, {"opinion": "legal", "reviewed_on": "2025-06-10"})
        r = legal.post("/api/v1/decisions/%d/decide" % did, dict(decide, meeting_on="2025-05-25"))
        check_eq((r.status, r.field), (422, "meeting_on"), "the meeting after the risk assessment")
        r = legal.post("/api/v1/decisions/%d/decide" % did, decide)
        check_eq(r.status, 200, "decided once every step is on record: %r" % r)
        check_eq(aud.get("/api/v1/audit?entity=decision&action=decide&limit=10").json.get("total"),
                 2, "the decision audited (and the demo county's)")
        # the minutes of the collective discussion: an attachment (PDF, office, photo)
        murl = "/api/v1/decisions/%d/files/minutes_file" % did
        photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 300
        r = upload(legal, murl, "局长办公会议纪要.jpg", photo, field="minutes_file")
        check_eq(r.status, 201, "the minutes upload (a photo of the signed page): %r" % r)
        r = leader.get(murl)
        check(r.status == 200 and r.body == photo, "the leader downloads the minutes")
        check_eq(upload(legal, murl, "x.bin", b"\x00\x01 not a document", field="minutes_file").status,
                 422, "bytes of no accepted kind: 422")

        r = legal.put("/api/v1/decisions/%d" % did, {"comment_count": 0})
        check_eq(r.status, 409, "a decision made is not edited: %r" % r)
        r = legal.put("/api/v1/reviews/%d" % drid, {"kind": "contract"})
        check_eq((r.status, r.field), (422, "kind"), "a review's kind is fixed once begun")
        r = leader.get("/api/v1/figures?year=2025&as_of=2025-12-31")
        f = {x["key"]: x for x in r.json["items"]}
        check_eq((f["legality.reviewed"]["value"], f["legality.normdocs"]["value"],
                  f["legality.by_adviser"]["value"], f["normdoc.issued"]["value"],
                  f["decision.decided"]["value"], f["decision.step_rate"]["text"]),
                 (2, 1, 1, 1, 1, "100%"), "2025's figures from the records made here")
        check_eq(school.post("/api/v1/decisions/%d/drop" % did, {}).status, 403,
                 "a school user takes no step")
        srv.check_log()
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
