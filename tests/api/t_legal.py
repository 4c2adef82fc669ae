#!/usr/bin/env python3
"""矛盾纠纷, 行政复议/行政诉讼 with the 法规股's year confirmations, and the
年度工作安排 (src/areas/legal/dispute.c, lawcase.c, task.c, legal_fig.c)
through the API: a school user records and sees only their school's
disputes (another school's answers 404 and is audited), parties' names
masked per role, the dispute steps; a confirmation whose count disagrees
with the records is refused naming both numbers; a confirmed zero year
reads 无 in the figures and the report, an unconfirmed year 【待补充】, a
case recorded into a confirmed year makes the confirmation stale; the
figures on a fixed data set; the report's part 四 written from the tasks
of the following year, in their order.  Runs on SQLite and (tests/run)
PostgreSQL.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

ORG = {}


def figures(c, year, as_of):
    r = c.get("/api/v1/figures?year=%d&as_of=%s" % (year, as_of))
    check_eq(r.status, 200, "figures API %d %s" % (year, as_of))
    return {x["key"]: x for x in r.json["items"]}


def report_text(c, year, as_of):
    r = c.get("/api/v1/reports/%d?as_of=%s" % (year, as_of))
    check_eq(r.status, 200, "report JSON %d" % year)
    return "".join(b["text"] for b in r.json.get("blocks", [])), r.json


def disputes(srv, admin, legal, leader, school, s1, s2):
    body = {"org_id": s1, "received_on": "2025-03-03", "source": "visit", "kind": "home_school",
            "title": "家长对作业量有意见", "party_a_role": "parent", "party_a_name": "韩某某",
            "party_b_role": "school", "party_b_name": "梨树县第一实验小学", "risk": "low"}
    # a school user records their own school's dispute ...
    r = school.post("/api/v1/disputes", body)
    check_eq(r.status, 201, "a school user records a dispute of their school: %r" % r)
    own = r.json["id"]
    check_eq(r.json.get("party_a_name"), "韩某某", "the school user sees the name they typed")
    check(r.json.get("dispute_no", "").startswith("教调〔2025〕"), "numbered by the year received: %r"
          % r.json.get("dispute_no"))
    # ... and not another school's
    n0 = admin.get("/api/v1/disputes").json["total"]
    r = school.post("/api/v1/disputes", dict(body, org_id=s2))
    check_eq(r.status, 422, "a school user cannot record another school's dispute: %r" % r)
    check_eq(r.field, "org_id", "... naming org_id")
    check_eq(admin.get("/api/v1/disputes").json["total"], n0, "nothing written")
    r = legal.post("/api/v1/disputes", dict(body, org_id=s2, title="学生之间冲突", kind="student_student",
                                            party_a_role="student", party_b_role="student"))
    check_eq(r.status, 201, "the 法规股 records a dispute at school 2")
    other = r.json["id"]
    r = school.get("/api/v1/disputes")
    ids = [x["id"] for x in r.json["items"]]
    check(own in ids and other not in ids, "the school user's list holds only their school's")
    check(all(x["org_id"] == s1 for x in r.json["items"]), "... every row of their school")
    q = "/api/v1/audit?limit=500&action=denied&entity=dispute"
    aud = srv.user_client("u_auditor", "auditor", org="梨树县教育局")
    a0 = len(aud.get(q).json.get("items", []))
    check_eq(school.get("/api/v1/disputes/%d" % other).status, 404,
             "another school's dispute answers 404")
    check_eq(school.put("/api/v1/disputes/%d" % other, {"risk": "high"}).status, 404,
             "... and cannot be changed")
    r = aud.get(q)
    check(len(r.json.get("items", [])) > a0, "the attempt is audited: %s" % r.text[:300])
    r = school.get("/disputes")
    check(r.status == 200 and "家长对作业量有意见" in r.text and "学生之间冲突" not in r.text,
          "the school user's list page holds only their school's")
    check_eq(school.get("/disputes/%d" % other).status, 404, "another school's record page: 404")
    r = school.get("/disputes/new")
    check(r.status == 200 and "一方当事人姓名" in r.text, "the form for a school user")
    r = leader.get("/api/v1/disputes/%d" % own)
    check_eq(r.status, 200, "the leader reads the dispute")
    check(r.json.get("party_a_name") not in (None, "韩某某"), "the leader sees the name masked: %r"
          % r.json.get("party_a_name"))
    # bad input: 422 naming the field, no change
    r = school.post("/api/v1/disputes", dict(body, risk="extreme"))
    check_eq((r.status, r.field), (422, "risk"), "an unknown risk level: 422 on risk")
    r = school.post("/api/v1/disputes", dict(body, received_on="2099-01-01"))
    check_eq((r.status, r.field), (422, "received_on"), "received in the future: 422")
    r = school.post("/api/v1/disputes", body, csrf=False)
    check_eq(r.status, 403, "no CSRF token: 403")
    check_eq(leader.post("/api/v1/disputes", body).status, 403, "the leader does not record disputes")
    # steps
    r = school.post("/api/v1/disputes/%d/close" % own, {"outcome": "settled"})
    check_eq((r.status, r.field), (422, "closed_on"), "close asks the closing date")
    r = school.post("/api/v1/disputes/%d/mediate" % own,
                    {"mediator": "班主任 马老师", "mediation_on": "2025-03-01"})
    check_eq((r.status, r.field), (422, "mediation_on"), "mediation before received: 422")
    r = school.post("/api/v1/disputes/%d/mediate" % own,
                    {"mediator": "班主任 马老师", "mediation_on": "2025-03-04"})
    check_eq(r.status, 200, "mediate: %r" % r)
    check_eq(r.json.get("status"), "mediating", "调解中")
    # the steps taken: a child register; mediate recorded the first session
    r = school.get("/api/v1/disputes/%d/steps" % own)
    check_eq(r.status, 200, "the steps taken: %r" % r)
    check_eq([(x["step_on"], x["mediator"], x["action"]) for x in r.json["items"]],
             [("2025-03-04", "班主任 马老师", "开始调解")], "mediate recorded the first session")
    r = school.post("/api/v1/disputes/%d/steps" % own,
                    {"step_on": "2025-03-07", "mediator": "德育主任 刘老师",
                     "action": "约双方面谈，说明作业量的安排", "result": "家长同意观察一周"})
    check_eq(r.status, 201, "a second session recorded: %r" % r)
    r = school.post("/api/v1/disputes/%d/steps" % own, {"step_on": "2025-03-08", "mediator": "刘老师"})
    check_eq((r.status, r.field), (400, "action"), "a session says what was done: 400 naming it")
    check_eq(len(school.get("/api/v1/disputes/%d/steps" % own).json["items"]), 2, "two sessions")
    check_eq(school.get("/api/v1/disputes/%d/steps" % other).status, 404,
             "another school's steps: 404 (scoped through the dispute)")
    p = srv.cli("dispute", "steps", "list", str(own))
    check(p.returncode == 0 and "约双方面谈" in p.stdout, "fazhi dispute steps list: %s" % p.stderr)
    r = school.post("/api/v1/disputes/%d/close" % own,
                    {"outcome": "settled", "closed_on": "2025-03-10", "result": "调整作业安排，家长满意"})
    check_eq((r.status, r.json.get("status")), (200, "closed"), "close: 已办结")
    r = school.post("/api/v1/disputes/%d/close" % own,
                    {"outcome": "settled", "closed_on": "2025-03-11"})
    check_eq(r.status, 409, "closing twice: 409")
    # the figures on this fixed set: 2025 to 2025-03-31
    f = figures(legal, 2025, "2025-03-31")
    check_eq((f["dispute.received"]["value"], f["dispute.closed"]["value"],
              f["dispute.settled"]["value"], f["dispute.open"]["value"]), (2, 1, 1, 1),
             "2025 to 31 March: received 2, closed 1, settled 1, open 1")
    check_eq(f["dispute.open"]["ids"], [other], "the open one is school 2's")
    f = figures(legal, 2025, "2025-03-05")
    check_eq((f["dispute.closed"]["value"], f["dispute.open"]["value"]), (0, 2),
             "as of 5 March nothing closed yet: by the records' own dates")
    f = figures(school, 2025, "2025-03-31")
    check_eq(f["dispute.received"]["value"], 1, "the school user's figures are their school's")
    f = figures(legal, 2024, "2024-12-31")
    check_eq((f["dispute.received"]["value"], f["dispute.settled"]["value"],
              f["dispute.open"]["value"]), (5, 5, 0), "the demo's 2024: 5 received and settled")
    r = legal.get("/?year=2025&as_of=2025-03-31")
    check("学生之间冲突" in r.text and "未办结" in r.text, "the open dispute is on the dashboard")


def lawcases(srv, admin, legal, leader, school, bureau):
    # the demo's confirmed 2024 with no case: 无
    f = figures(leader, 2024, "2024-11-15")
    for k in ("lawcase.cases", "lawcase.reconsider", "lawcase.litigation"):
        check_eq((f[k]["known"], f[k]["value"]), (True, 0), "%s: a confirmed zero is 0" % k)
    text, j = report_text(legal, 2024, "2024-11-15")
    check("无一件行政复议、行政诉讼案件" in text, "the report says 无一件 from the confirmed zero")
    check("行政复议案件0件" not in text, "... without a data dump of zeros")
    gaps = {g["key"] for g in j.get("gaps", [])}
    check("lawcase.cases" not in gaps, "no gap for a confirmed year")
    r = legal.get("/api/v1/reports/2024?format=md&as_of=2024-11-15")
    check(r.status == 200 and "无一件行政复议、行政诉讼案件" in r.text, "report md: 无一件")
    # 2025 not confirmed: 待补充, whatever is recorded
    f = figures(leader, 2025, "2025-06-30")
    check_eq(f["lawcase.cases"]["known"], False, "2025 not confirmed: unknown")
    text, _ = report_text(legal, 2025, "2025-06-30")
    check("【待补充：行政复议、行政诉讼案件数】" in text and "无一件" not in text,
          "an unconfirmed year reads 【待补充】 in the report")
    r = legal.get("/api/v1/reports/2025?format=md&as_of=2025-06-30")
    check("【待补充：行政复议、行政诉讼案件数】" in r.text, "report md: 【待补充】")
    # a case; confirming a wrong count is refused naming both numbers
    case = {"org_id": bureau, "kind": "litigation", "case_no": "（2025）吉0322行初3号",
            "applicant": "某培训学校", "act": "责令停止办学决定", "organ": "梨树县人民法院",
            "received_on": "2025-04-02"}
    r = legal.post("/api/v1/lawcases", dict(case, kind="reconsider", head_appeared=True))
    check_eq((r.status, r.field), (422, "head_appeared"), "负责人出庭 only for litigation")
    r = legal.post("/api/v1/lawcases", dict(case, hearing_on="2025-05-20"))
    check_eq((r.status, r.field), (422, "head_appeared"), "a hearing asks whether the head appeared")
    r = school.post("/api/v1/lawcases", case)
    check_eq(r.status, 403, "a school user records no lawcase")
    r = legal.post("/api/v1/lawcases", case)
    check_eq(r.status, 201, "record a 行政诉讼: %r" % r)
    cid = r.json["id"]
    check_eq(r.json.get("answer_due"), "2025-04-17",
             "答辩期限 derived: 15 days from 2025-04-02")
    r = legal.put("/api/v1/lawcases/%d" % cid, {"answer_due": "2025-12-31"})
    check_eq(legal.get("/api/v1/lawcases/%d" % cid).json.get("answer_due"), "2025-04-17",
             "the answer due date is not typed in")
    p = srv.cli("lawcase", "explain", str(cid))
    check(p.returncode == 0 and "2025-04-17" in p.stdout, "fazhi lawcase explain: %s%s"
          % (p.stdout[-300:], p.stderr))
    r = legal.get("/api/v1/lawcases/due?within=3")
    check(r.status == 200 and cid in [x.get("id") for x in r.json.get("items", [])],
          "listed by due: %s" % r.text[:300])
    # the documents: attachments
    url = "/api/v1/lawcases/%d/files/answer_file" % cid
    pdf = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 40 + b"%%EOF\n"
    b = "----fazhilegal51c0"
    body = (("--%s\r\nContent-Disposition: form-data; name=\"answer_file\"; filename=\"答辩状.pdf\""
             "\r\nContent-Type: application/pdf\r\n\r\n" % b).encode("utf-8") + pdf
            + ("\r\n--%s--\r\n" % b).encode())
    hdr = {"Content-Type": "multipart/form-data; boundary=" + b}
    r = legal.request("POST", url, body, raw=True, headers=hdr)
    check_eq(r.status, 201, "the 答辩状 uploads: %r" % r)
    r = leader.get(url)
    check(r.status == 200 and r.body == pdf, "the leader downloads the same bytes")
    check_eq(school.get(url).status, 403, "a school user has no lawcase files")
    check_eq(leader.get("/api/v1/lawcases/%d" % cid).json.get("applicant") != "某培训学校", True,
             "the leader sees the plaintiff masked")
    conf = {"org_id": bureau, "year": 2025, "as_of": "2025-06-30", "cases": 0}
    n0 = admin.get("/api/v1/lawcase-years").json["total"]
    r = legal.post("/api/v1/lawcase-years", conf)
    check_eq((r.status, r.field), (409, "cases"), "a count that disagrees: 409 on cases")
    check("0 件" in r.text and "1 件" in r.text, "... naming both numbers: %s" % r.text)
    check_eq(admin.get("/api/v1/lawcase-years").json["total"], n0, "nothing written")
    r = legal.post("/api/v1/lawcase-years", dict(conf, as_of="2024-06-30"))
    check_eq((r.status, r.field), (422, "as_of"), "an as-of day outside the year: 422")
    check_eq(leader.post("/api/v1/lawcase-years", dict(conf, cases=1)).status, 403,
             "only the 法规股 confirms")
    r = legal.post("/api/v1/lawcase-years", dict(conf, cases=1))
    check_eq(r.status, 201, "confirm 1 case to 30 June: %r" % r)
    yid = r.json["id"]
    f = figures(leader, 2025, "2025-06-30")
    check_eq((f["lawcase.cases"]["known"], f["lawcase.litigation"]["value"],
              f["lawcase.reconsider"]["value"]), (True, 1, 0), "confirmed: 1 litigation, 0 reconsider")
    text, _ = report_text(legal, 2025, "2025-06-30")
    check("本年度发生行政复议、行政诉讼案件1件" in text and "发生行政复议案件0件、行政诉讼案件1件" in text
          and "无一件" not in text, "the report words a non-zero count")
    f = figures(leader, 2025, "2025-07-31")
    check_eq(f["lawcase.cases"]["known"], False, "past the confirmed day: unknown again")
    # a case recorded into the confirmed period makes the confirmation stale
    r = legal.post("/api/v1/lawcases", dict(case, kind="reconsider", case_no="梨政复〔2025〕2号",
                                            organ="梨树县人民政府", received_on="2025-05-06"))
    check_eq(r.status, 201, "a late case is recorded, not refused")
    check_eq(legal.get("/api/v1/lawcase-years/%d" % yid).json.get("status"), "stale",
             "... and the confirmation is stale")
    f = figures(leader, 2025, "2025-06-30")
    check_eq(f["lawcase.cases"]["known"], False, "a stale confirmation confirms nothing")
    r = legal.post("/api/v1/lawcase-years", dict(conf, cases=2))
    check_eq(r.status, 201, "confirm anew with 2")
    f = figures(leader, 2025, "2025-06-30")
    check_eq((f["lawcase.cases"]["known"], f["lawcase.cases"]["value"]), (True, 2), "2 confirmed")
    # the close step
    r = legal.post("/api/v1/lawcases/%d/close" % cid, {"decided_on": "2025-03-01", "outcome": "rejected"})
    check_eq((r.status, r.field), (422, "decided_on"), "decided before received: 422")
    r = legal.post("/api/v1/lawcases/%d/close" % cid, {"decided_on": "2025-06-10", "outcome": "rejected"})
    check_eq((r.status, r.json.get("status")), (200, "closed"), "结案: 驳回")
    # the pages
    r = legal.get("/lawcase-years/new")
    check(r.status == 200 and "确认案件数" in r.text, "the confirmation form")
    r = legal.get("/lawcase-years")
    check(r.status == 200 and "已失效" in r.text and "有效" in r.text, "the confirmations list")
    r = leader.get("/lawcases/%d" % cid)
    check(r.status == 200 and "某培训学校" not in r.text, "the case page masks the plaintiff")
    check_eq(school.get("/lawcases").status, 403, "school users have no lawcase pages")
    # the CLI
    p = srv.cli("lawcase", "confirm", "--year", "2023", "--count", "0")
    check_eq(p.returncode, 0, "fazhi lawcase confirm --year 2023 --count 0: %s" % p.stderr)
    p = srv.cli("lawcase", "confirm", "--year", "2025", "--as-of", "2025-06-30", "--count", "5")
    check(p.returncode != 0 and "5 件" in p.stderr and "2 件" in p.stderr,
          "the CLI refuses a wrong count naming both: %s" % p.stderr)
    # 复议: 10 days from receiving the copy of the application
    rk = legal.post("/api/v1/lawcases", dict(case, kind="reconsider", case_no="梨政复〔2025〕9号",
                                             organ="梨树县人民政府", received_on="2025-08-01"))
    check_eq((rk.status, rk.json.get("answer_due")), (201, "2025-08-11"),
             "复议答复期限: 10 days from 2025-08-01")


def tasks(srv, admin, legal, leader, school, bureau):
    text, j = report_text(legal, 2024, "2024-11-15")
    lists = [b["text"] for b in j["blocks"] if b["kind"] == "list"]
    check_eq(len(lists), 1, "part 四 is one list block")
    paras = lists[0].split("\n")
    check_eq(len(paras), 4, "the demo's four 2025 tasks are four paragraphs")
    check(paras[0].startswith("1.不断提高政治站位。充分认识新时代") and
          paras[3].startswith("4.进一步加大教育法律法规规章宣传力度。"), "in their order with their text")
    r = legal.get("/api/v1/reports/2024?format=md&as_of=2024-11-15")
    check("\n\n2.切实提高法治政府建设意识。积极发挥法律顾问" in r.text, "md: one paragraph each")
    # a task added for 2025 appears in the 2024 report, in its order
    office = ORG["法规股"]
    r = legal.post("/api/v1/tasks", {"year": 2025, "seq": 5, "title": "建立矛盾纠纷台账",
                                     "body": "各学校按月报送矛盾纠纷排查化解情况。", "office_id": office,
                                     "owner": "周某某", "due_on": "2025-06-30"})
    check_eq(r.status, 201, "add a 2025 task: %r" % r)
    t5 = r.json["id"]
    r = legal.post("/api/v1/tasks", {"year": 2025, "seq": 6, "title": "x", "office_id": ORG["梨树县第一实验小学"],
                                     "due_on": "2025-06-30"})
    check_eq((r.status, r.field), (422, "office_id"), "the responsible unit is a 股室")
    r = legal.post("/api/v1/tasks", {"year": 2025, "seq": 6, "title": "x", "office_id": office,
                                     "due_on": "2024-06-30"})
    check_eq((r.status, r.field), (422, "due_on"), "due before its year: 422")
    text, j = report_text(legal, 2024, "2024-11-15")
    lst = [b["text"] for b in j["blocks"] if b["kind"] == "list"][0].split("\n")
    check_eq(lst[4], "5.建立矛盾纠纷台账。各学校按月报送矛盾纠纷排查化解情况。", "the fifth paragraph")
    r = legal.get("/api/v1/reports/2024?format=html&as_of=2024-11-15")
    check("5.建立矛盾纠纷台账。" in r.text, "html: the task paragraph")
    # next year's report: done and late
    ids = {x["seq"]: x["id"] for x in legal.get("/api/v1/tasks?year=2025&limit=100").json["items"]}
    r = legal.post("/api/v1/tasks/%d/finish" % ids[1], {"done_on": "2025-05-01", "progress": "已完成"})
    check_eq((r.status, r.json.get("status")), (200, "done"), "task 1 done")
    r = legal.post("/api/v1/tasks/%d/delay" % ids[2], {"due_on": "2025-10-31", "reason": "x"})
    check_eq((r.status, r.field), (422, "due_on"), "a delay moves the due date later")
    r = legal.post("/api/v1/tasks/%d/cancel" % ids[3], {"reason": "并入第2项"})
    check_eq(r.status, 200, "task 3 cancelled")
    f = figures(legal, 2025, "2025-08-01")
    check_eq((f["task.planned"]["value"], f["task.done"]["value"], f["task.late"]["value"]),
             (4, 1, 1), "2025 as of 1 August: 4 planned (one cancelled), 1 done, 1 late (task 5)")
    check_eq(f["task.late"]["ids"], [t5], "the late one is task 5")
    r = legal.get("/?year=2025&as_of=2025-08-01")
    check("建立矛盾纠纷台账" in r.text, "the overdue task is on the dashboard")
    check_eq(school.get("/api/v1/tasks/%d" % t5).status, 403, "school users do not read the task list")
    r = leader.get("/tasks?year=2025")
    check(r.status == 200 and "建立矛盾纠纷台账" in r.text and "法规股" in r.text, "the task list page")
    # an approved 2024 report keeps part 四 as it was
    for fd in legal.get("/api/v1/reports/2024").json.get("findings", []):
        legal.post("/api/v1/reports/2024/reasons", {"finding": fd["finding"], "reason": "测试"})
    r = legal.post("/api/v1/reports/2024/submit", {})
    check_eq(r.status, 200, "送审 2024")
    r = leader.post("/api/v1/reports/2024/approve", {"comment": "同意"})
    check(r.status == 200 and r.json.get("state") == "approved", "审定 2024: %r" % r)
    r = legal.post("/api/v1/tasks/%d/cancel" % t5, {"reason": "并入其他任务"})
    check_eq(r.status, 200, "cancel task 5 after the sign-off")
    _, j = report_text(leader, 2024, "2024-11-15")
    lst = [b["text"] for b in j["blocks"] if b["kind"] == "list"][0].split("\n")
    check(len(lst) == 4 and lst[3].startswith("4.建立矛盾纠纷台账"),
          "the approved version keeps its task paragraphs as approved (task 3 was cancelled"
          " before, task 5 after): %r" % lst[-1:])
    r = leader.get("/api/v1/reports/2024?format=md")
    check("4.建立矛盾纠纷台账。" in r.text and "无一件行政复议、行政诉讼案件" in r.text,
          "... in md too")


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        legal = srv.user_client("u_legal", "legal", org="梨树县教育局")
        leader = srv.user_client("u_leader", "leader", org="梨树县教育局")
        school = srv.user_client("u_school", "school", org="梨树县第一实验小学")
        for o in admin.get("/api/v1/orgs?limit=1000").json["items"]:
            ORG[o["name"]] = o["id"]
        bureau = ORG["梨树县教育局"]
        s1, s2 = ORG["梨树县第一实验小学"], ORG["梨树县第二实验小学"]
        disputes(srv, admin, legal, leader, school, s1, s2)
        lawcases(srv, admin, legal, leader, school, bureau)
        tasks(srv, admin, legal, leader, school, bureau)
        srv.check_log()
    except Exception as e:  # noqa: BLE001
        import traceback
        traceback.print_exc()
        error("exception: %s" % e)
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
