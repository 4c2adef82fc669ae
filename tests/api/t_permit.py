#!/usr/bin/env python3
"""行政许可 (src/areas/permits/permit.c): the 事项清单 of the demo county, an
application through every step (each allowed from its states and refused
from the others, naming the state), the due dates of standards.md §3.3
through applications, the 5-working-day 补正 rule both ways, several 补正
rounds + a pause + an extension with no false overdue, a month-based limit
across a month end, the public lookup revealing nothing more (bodies
grepped for the applicant's name and ID; a wrong code answers like an
unknown number; rate-limited), and a calendar change recomputing open
cases (audited) while closed ones stay.  Runs on SQLite and PostgreSQL.
"""
import datetime
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

ITEM = {}
ORG = {}
NAME = "王小明"
IDNO = "11010519491231002X"
PHONE = "13912345678"

# 2025 off days and make-up working days (国办发明电〔2024〕12号)
OFF = set()
WORK = {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}


def _span(a, b):
    d = datetime.date.fromisoformat(a)
    e = datetime.date.fromisoformat(b)
    while d <= e:
        OFF.add(d.isoformat())
        d += datetime.timedelta(days=1)


for a, b in [("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"),
             ("2025-04-04", "2025-04-06"), ("2025-05-01", "2025-05-05"),
             ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08")]:
    _span(a, b)


def workday(d):
    s = d.isoformat()
    return s in WORK or (d.weekday() < 5 and s not in OFF)


def add_wd(start, n, pauses=()):
    """n working days after start (excluded), skipping pause spans."""
    d = datetime.date.fromisoformat(start)
    k = 0
    while k < n:
        d += datetime.timedelta(days=1)
        if any(a <= d.isoformat() <= b for a, b in pauses):
            continue
        if workday(d):
            k += 1
    return d.isoformat()


def sub_wd(day, n):
    """The day n working days before day (so add_wd(result, n) == day)."""
    d = datetime.date.fromisoformat(day)
    k = 0
    while k < n:
        d -= datetime.timedelta(days=1)
        if workday(d):
            k += 1
    return d.isoformat()


def pdf_text(b):
    """The text of a PDF, whitespace removed (pdftotext spaces out Latin)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(b)
        f.flush()
        p = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True)
        return re.sub(r"\s+", "", p.stdout)


def docx_text(b):
    with zipfile.ZipFile(io.BytesIO(b)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def figs(c, q):
    r = c.get("/api/v1/figures?" + q)
    if r.status != 200:
        return r.status, {}
    return r.status, {f["key"]: f for f in r.json["items"]}


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        approver = srv.user_client("u_appr", "approver", org="梨树县教育局")
        legal = srv.user_client("u_legal", "legal", org="梨树县教育局")
        school = srv.user_client("u_school", "school", org="梨树县第一实验小学")
        auditor = srv.user_client("u_aud", "auditor", org="梨树县教育局")
        anon = srv.client()
        for o in admin.get("/api/v1/orgs?limit=1000").json["items"]:
            ORG[o["name"]] = o["id"]
        r = admin.get("/api/v1/permit-items?limit=100")
        check_eq(r.status, 200, "the 事项清单 lists")
        for it in r.json["items"]:
            ITEM[it["name"]] = it
        check(len(ITEM) >= 7, "the demo county ships the items of the law (%d)" % len(ITEM))
        zs = ITEM.get("民办学校正式设立审批", {})
        check_eq((zs.get("limit_unit"), zs.get("statutory_limit")), ("month", 3),
                 "民办学校正式设立: 3 months")
        check_eq(ITEM["幼儿园设立审批"]["statutory_limit"], 20, "幼儿园设立: 20 working days")

        # the demo county's 2024 applications: all decided and delivered in time
        r = admin.get("/api/v1/permits?limit=100")
        demo = [x for x in r.json["items"] if x["received_on"].startswith("2024")]
        check_eq(len(demo), 10, "the demo county has 10 applications of 2024")
        for x in demo:
            check_eq(x["state"], "closed", "%s 已办结" % x["number"])
            check(x["decided_on"] <= x["promised_due"] <= x["legal_due"],
                  "%s decided %s within the promised %s and statutory %s limits"
                  % (x["number"], x["decided_on"], x["promised_due"], x["legal_due"]))
            check(x["delivered_on"] <= x["deliver_due"], "%s delivered in time" % x["number"])
            check(x["decided_on"] <= "2024-11-15", "%s decided by 2024-11-15" % x["number"])
        r = srv.cli("permit", "due", "--within", "3", "--as-of", "2024-11-15")
        check("没有到期" in r.stdout, "nothing of the demo is due or overdue on 2024-11-15: %s" % r.stdout[:200])

        # ---- figures of the demo as of two dates (reg/figure.h) ----------
        st, f = figs(admin, "year=2024&as_of=2024-11-15")
        check_eq(st, 200, "figures API")
        want = {"permit.received": 10, "permit.accepted": 10, "permit.rejected": 0,
                "permit.decided": 10, "permit.done_rate": 100, "permit.within_legal": 10,
                "permit.within_promised": 10, "permit.ontime_rate": 100, "permit.overdue": 0}
        for k, v in want.items():
            check_eq((f.get(k, {}).get("value"), f.get(k, {}).get("known")), (v, True),
                     "2024-11-15: %s" % k)
        check_eq(sorted(f["permit.accepted"]["ids"]), sorted(x["id"] for x in demo),
                 "the accepted figure counts exactly the demo's applications")
        check(f["permit.avg_days"]["known"] and 10 <= f["permit.avg_days"]["value"] <= 45,
              "average working days to a decision (%r)" % f["permit.avg_days"]["value"])
        st, f = figs(admin, "year=2024&as_of=2024-06-30")
        want = {"permit.received": 6, "permit.accepted": 6, "permit.decided": 4,
                "permit.ontime_rate": 100, "permit.overdue": 0}
        for k, v in want.items():
            check_eq(f.get(k, {}).get("value"), v, "2024-06-30: %s" % k)
        check_eq(round(f["permit.done_rate"]["value"], 1), 66.7,
                 "2024-06-30: 4 of 6 closed, 办结率 66.7%% (%r)" % f["permit.done_rate"]["value"])
        st, f = figs(admin, "year=2023&as_of=2023-12-31")
        check_eq((f["permit.accepted"]["known"], f["permit.done_rate"]["known"]), (False, False),
                 "2023: no applications, the figures are unknown (a gap, not 0%)")
        r = srv.cli("report", "--year", "2024", "--as-of", "2024-11-15", "--format", "md")
        check("2024年截至11月中旬，所受理行政许可办件已全部办结，办结率100%" in r.stdout
              and "做到不超时" in r.stdout, "the demo report states the seed's permit sentence from the records")
        r = srv.cli("report", "check", "--year", "2024", "--as-of", "2024-11-15")
        check("有数据\t行政许可办结率" in r.stdout and "待补充\t行政许可" not in r.stdout,
              "report check: the permit figures have data")

        # an item's rules: the promise is not longer than the law
        r = admin.post("/api/v1/permit-items", {
            "org_id": ORG["梨树县教育局"], "name": "测试事项", "basis": "测试",
            "limit_unit": "wd", "statutory_limit": 10, "promised_limit": 12,
            "extendable": True})
        check_eq(r.status, 422, "promise longer than the law refused")
        check("promised_limit" in r.text and "extend_days" in r.text,
              "both problems named (promised_limit, extend_days): %s" % r.text[:300])

        def new(item="幼儿园设立审批", recv="2025-09-25", client=approver, **kw):
            body = {"org_id": ORG["行政审批股"], "item_id": ITEM[item]["id"],
                    "applicant_kind": "org", "applicant": "梨树县某某教育咨询有限公司",
                    "uscc": "91310115591693856A", "received_on": recv,
                    "materials": "设立申请书\n举办者资格证明"}
            body.update(kw)
            r = client.post("/api/v1/permits", body)
            if r.status not in (200, 201):
                error("create %s: %r" % (item, r))
                return None
            return r.json["id"]

        def step(pid, verb, client=approver, **body):
            return client.post("/api/v1/permits/%d/%s" % (pid, verb), body)

        def get(pid, client=admin):
            return client.get("/api/v1/permits/%d" % pid).json

        def due(pid, as_of=None, client=admin):
            q = "?as_of=" + as_of if as_of else ""
            return client.get("/api/v1/permits/%d/due%s" % (pid, q)).json

        # ---- create: who may, what is checked ---------------------------
        r = school.post("/api/v1/permits", {"org_id": ORG["行政审批股"],
                                              "item_id": ITEM["幼儿园设立审批"]["id"],
                                              "applicant_kind": "org", "applicant": "x",
                                              "received_on": "2025-09-25"})
        check(r.status in (403, 404), "a school user cannot file applications (%d)" % r.status)
        r = approver.post("/api/v1/permits", {"org_id": ORG["行政审批股"],
                                                "item_id": ITEM["幼儿园设立审批"]["id"],
                                                "applicant_kind": "person", "applicant": NAME,
                                                "received_on": "2025-09-25"})
        check_eq((r.status, r.field), (422, "id_no"), "a person needs 身份证号")

        # ---- standards.md §3.3 vectors through applications -------------
        for recv, n, want in [("2025-09-26", 20, "2025-10-30"), ("2025-01-24", 20, "2025-02-27"),
                              ("2024-12-31", 20, "2025-02-05"), ("2026-02-13", 20, "2026-03-19")]:
            pid = new(recv=recv)
            r = step(pid, "accept", accepted_on=recv)
            check_eq(r.status, 200, "accept on %s" % recv)
            check_eq(get(pid)["legal_due"], want, "accepted %s + %d working days" % (recv, n))
        for recv, want in [("2025-09-30", "2025-10-14"), ("2026-02-13", "2026-02-27"),
                           ("2026-04-30", "2026-05-11")]:
            pid = new(recv=recv)
            check_eq(get(pid)["legal_due"], want, "received %s: 受理/补正告知 due in 5 working days" % recv)
        pid = new(recv="2026-09-01")
        step(pid, "accept", accepted_on="2026-09-01")
        r = step(pid, "grant", decided_on="2026-09-18")
        check_eq(r.status, 200, "grant")
        check_eq(get(pid)["deliver_due"], "2026-10-09", "decided 2026-09-18: 送达 within 10 working days")
        ex = due(pid)["explain"]
        check(any("2026-09-20 星期日" in x and "计第" in x for x in ex),
              "explain counts the 调休 Sunday 2026-09-20")
        check(any("2026-10-01" in x and "跳过（国庆节" in x for x in ex), "explain skips 国庆节")

        # ---- the 5-working-day 补正 rule, both ways ---------------------
        a = new(recv="2025-09-30")
        r = step(a, "notify", notice_on="2025-10-14", correction="缺少园舍产权证明")
        check_eq((r.status, get(a)["state"]), (200, "correcting"), "补正告知 on the 5th working day")
        b = new(recv="2025-09-30")
        r = step(b, "notify", notice_on="2025-10-15", correction="缺少园舍产权证明")
        check_eq(r.status, 409, "补正告知 after 5 working days refused")
        check("视为受理" in r.text and "2025-09-30" in r.text,
              "... saying it counts as accepted from the day received: %s" % r.text[:200])
        check_eq(get(b)["state"], "received", "... nothing changed")
        r = step(b, "accept", accepted_on="2025-10-20")
        g = get(b)
        check_eq((r.status, g["start_on"], g["deemed"] in (True, 1, "1")),
                 (200, "2025-09-30", True), "late acceptance: the clock starts on receipt, recorded")
        check_eq(g["legal_due"], add_wd("2025-09-30", 20), "... and the due date follows")
        c = new(recv="2025-09-30")
        step(c, "accept", accepted_on="2025-10-14")
        g = get(c)
        check_eq((g["start_on"], g["deemed"] in (False, 0, "0")), ("2025-10-14", True),
                 "timely acceptance: the clock starts on acceptance")

        # ---- several 补正 rounds, a pause, an extension: no false overdue --
        p = new(recv="2025-03-03")
        check_eq(step(p, "notify", notice_on="2025-03-04", correction="第一次补正").status, 200, "round 1 notice")
        check_eq(step(p, "correct", corrected_on="2025-03-10").status, 200, "round 1 corrected")
        check_eq(get(p)["legal_due"], add_wd("2025-03-10", 5), "the 受理 clock restarts from the 补正")
        check_eq(step(p, "notify", notice_on="2025-03-11", correction="第二次补正").status, 200, "round 2 notice")
        check_eq(step(p, "correct", corrected_on="2025-03-17").status, 200, "round 2 corrected")
        check_eq(step(p, "accept", accepted_on="2025-03-18").status, 200, "accepted after two rounds")
        r = admin.get("/api/v1/permits/%d/pauses" % p)
        check_eq([(x["kind"], x["start_on"], x["end_on"], x["note"]) for x in r.json["items"]],
                 [("correction", "2025-03-04", "2025-03-10", "第一次补正"),
                  ("correction", "2025-03-11", "2025-03-17", "第二次补正")],
                 "both rounds kept, as children of the application")
        plain = add_wd("2025-03-18", 20)
        check_eq(get(p)["legal_due"], plain, "20 working days from acceptance")
        r = step(p, "pause", pause_kind="expert", pause_start="2025-03-25")
        check_eq((r.status, get(p)["state"]), (200, "paused"), "pause for 专家评审")
        d = due(p, as_of="2025-06-30")
        check_eq((d["paused"], d["overdue"]), (True, False), "a paused case is never overdue")
        check(any("暂停计时中" in x for x in d["explain"]), "explain says the clock is paused")
        r = admin.get("/api/v1/permits/%d/pauses" % p)
        check_eq([(x["kind"], x["start_on"], x["end_on"]) for x in r.json["items"]][-1:],
                 [("expert", "2025-03-25", None)], "the open pause is a child")
        r = step(p, "resume", pause_end="2025-04-03")
        check_eq((r.status, get(p)["state"]), (200, "accepted"), "resume")
        r = admin.get("/api/v1/permits/%d/pauses" % p)
        check_eq([(x["kind"], x["start_on"], x["end_on"]) for x in r.json["items"]][-1:],
                 [("expert", "2025-03-25", "2025-04-03")], "resume closes the open pause")
        paused = add_wd("2025-03-18", 20, [("2025-03-25", "2025-04-03")])
        check_eq(get(p)["legal_due"], paused, "pause days do not count")
        check(paused > plain, "the due date moved on")
        r = step(p, "extend", ext_on=add_wd(paused, 1), ext_reason="需补充现场核查")
        check_eq((r.status, r.field), (422, "ext_on"), "an extension after the limit ran out refused")
        r = step(p, "extend", ext_on=paused, ext_reason="需补充现场核查")
        check_eq(r.status, 200, "extend once, on the last day of the limit")
        ext = add_wd("2025-03-18", 30, [("2025-03-25", "2025-04-03")])
        check_eq((get(p)["ext_days"], get(p)["legal_due"]), (10, ext), "extended by the item's 10 days")
        r = step(p, "extend", ext_on=paused, ext_reason="再延")
        check_eq(r.status, 409, "a second extension refused")
        for day in (plain, paused, ext):
            d = due(p, as_of=day)
            check_eq(d["overdue"], False, "not overdue on %s" % day)
        d = due(p, as_of=add_wd(ext, 1))
        check_eq(d["overdue"], True, "overdue the working day after the extended due date")
        # the dashboard alerts: within the threshold (3 working days by
        # default, permit.alert_days), overdue after; paused cases never
        num = get(p)["number"]
        r = admin.get("/?year=2025&as_of=" + ext)
        check(num in r.text and "剩余0个工作日" in r.text, "the dashboard warns on the due day")
        r = admin.get("/?year=2025&as_of=" + sub_wd(ext, 3))
        check(num in r.text and "剩余3个工作日" in r.text, "... and 3 working days before")
        r = admin.get("/?year=2025&as_of=" + sub_wd(ext, 4))
        check(num not in r.text, "... but not 4 working days before")
        r = srv.cli("config", "set", "permit.alert_days", "5")
        check_eq(r.returncode, 0, "the threshold is a setting: %s" % r.stderr)
        r = admin.get("/?year=2025&as_of=" + sub_wd(ext, 4))
        check(num in r.text and "剩余4个工作日" in r.text, "with 5, 4 working days before warns")
        srv.cli("config", "set", "permit.alert_days", "3")
        r = admin.get("/?year=2025&as_of=" + add_wd(ext, 1))
        check(num in r.text and "已超过法定办结期限" in r.text, "overdue on the dashboard")
        r = school.get("/?year=2025&as_of=" + ext)
        check(num not in r.text, "a school user's dashboard has no bureau cases")
        ex = due(p)["explain"]
        check(any("跳过（暂停计时：专家评审）" in x for x in ex), "explain names the pause days")
        check(any("跳过（清明节" in x for x in ex), "explain names 清明节")
        r = srv.cli("permit", "due", "--within", "3", "--as-of", ext)
        check(get(p)["number"] in r.stdout and "剩余0个工作日" in r.stdout,
              "fazhi permit due --within 3 lists it on its due day: %s" % r.stdout[:300])

        # ---- month-based limit across a month end -----------------------
        m = new(item="民办学校正式设立审批", recv="2025-10-31")
        step(m, "accept", accepted_on="2025-10-31")
        check_eq(get(m)["legal_due"], "2026-02-02",
                 "3 months from 2025-10-31: 2026-01-31 (Sat) moves to Monday 2026-02-02")
        m2 = new(item="民办学校正式设立审批", recv="2025-11-28")
        step(m2, "accept", accepted_on="2025-11-28")
        check_eq(get(m2)["legal_due"], "2026-02-28",
                 "3 months from 2025-11-28: 2026-02-28, a Saturday 调休 working day")

        # ---- every step allowed and refused -------------------------------
        w = new(recv="2025-06-03", applicant_kind="person", applicant=NAME, uscc=None,
                id_no=IDNO, phone=PHONE)
        g = get(w, legal)
        check(IDNO not in str(g) and PHONE not in str(g), "a legal officer sees the ID and phone masked")
        g = get(w, approver)
        check_eq((g["id_no"], g["phone"]), (IDNO, PHONE), "the approver sees them in full")
        wrong = [("correct", {"corrected_on": "2025-06-04"}, "已收件"),
                 ("grant", {"decided_on": "2025-06-04"}, "已收件"),
                 ("resume", {"pause_end": "2025-06-04"}, "已收件"),
                 ("deliver", {"delivered_on": "2025-06-04"}, "已收件"),
                 ("close", {"closed_on": "2025-06-04"}, "已收件")]
        for verb, body, st in wrong:
            r = step(w, verb, **body)
            check_eq(r.status, 409, "%s from 已收件 refused" % verb)
            check(st in r.text, "... naming the state %s" % st)
        r = step(w, "accept", client=legal, accepted_on="2025-06-03")
        check_eq(r.status, 200, "legal may accept")
        r = step(w, "accept", accepted_on="2025-06-04")
        check(r.status == 409 and "审查中" in r.text, "accept twice refused naming 审查中")
        r = step(w, "grant", client=school, decided_on="2025-06-10")
        check(r.status in (403, 404), "a school user cannot decide (%d)" % r.status)
        r = step(w, "grant", decided_on="2025-06-02")
        check_eq((r.status, r.field), (422, "decided_on"), "a decision before acceptance refused")
        check_eq(step(w, "grant", decided_on="2025-06-20").status, 200, "grant")
        r = step(w, "withdraw", closed_on="2025-06-21")
        check(r.status == 409 and "准予许可" in r.text, "withdraw after the decision refused")
        check_eq(step(w, "deliver", delivered_on="2025-06-23").status, 200, "deliver")
        check_eq(step(w, "close", closed_on="2025-06-24").status, 200, "close")
        check_eq(get(w)["state"], "closed", "办结")
        r = step(w, "notify", notice_on="2025-06-25", correction="x")
        check(r.status == 409 and "已办结" in r.text, "notify after 办结 refused naming 已办结")
        x = new(recv="2025-06-03")
        r = step(x, "reject", decided_on="2025-06-05")
        check_eq((r.status, r.field), (422, "reason"), "不予受理 needs a written reason")
        r = step(x, "reject", decided_on="2025-06-05", reason="不属于本机关职权范围")
        check_eq(r.status, 200, "不予受理")
        check("60日内" in get(x)["reason"] and "6个月内" in get(x)["reason"],
              "the rights to 复议 (60 days) and 诉讼 (6 months) are stated")
        y = new(recv="2025-06-03")
        step(y, "accept", accepted_on="2025-06-03")
        r = step(y, "deny", decided_on="2025-06-10", reason="园舍不符合安全标准")
        check_eq((r.status, get(y)["state"]), (200, "denied"), "不予许可")
        check_eq(step(y, "deliver", delivered_on="2025-06-11").status, 200, "deliver a denial")
        z = new(recv="2025-06-03")
        step(z, "accept", accepted_on="2025-06-03")
        step(z, "pause", pause_kind="hearing", pause_start="2025-06-05")
        r = step(z, "grant", decided_on="2025-06-10")
        check(r.status == 409 and "暂停计时" in r.text, "no decision while paused")
        r = admin.get("/?year=2025&as_of=2025-12-31")
        check(get(z)["number"] not in r.text, "a paused case is not on the dashboard, even long after")
        r = step(z, "withdraw", closed_on="2025-06-06", reason="申请人主动撤回")
        check_eq((r.status, get(z)["state"]), (200, "withdrawn"), "withdraw while paused")
        r = step(z, "accept", accepted_on="2025-06-07")
        check(r.status == 409 and "已撤回" in r.text, "nothing after withdrawal")
        # ---- documents (DOCX and PDF, filled from the application) -------
        def doc(pid, kind, fmt="docx", client=admin):
            return client.get("/api/v1/permits/%d/documents/%s?format=%s" % (pid, kind, fmt))

        gw = get(w, approver)
        r = doc(w, "grant")
        check_eq(r.status, 200, "准予行政许可决定书 as DOCX")
        check("wordprocessingml" in (r.header("Content-Type") or ""), "... with the DOCX type")
        t = docx_text(r.body)
        for want in ("准予行政许可决定书", NAME + "：", "幼儿园设立审批", gw["number"], "2025年6月3日",
                     "2025年6月20日", "60日内", "6个月内", "梨树县教育局"):
            check(want in t, "the decision holds %s" % want)
        check(IDNO not in t and PHONE not in t, "no 身份证号 or phone in the decision")
        r = doc(w, "grant", "pdf")
        check(r.status == 200 and r.body[:5] == b"%PDF-", "准予行政许可决定书 as PDF")
        t = pdf_text(r.body)
        check("准予行政许可决定书" in t and "60日内" in t and gw["number"] in t,
              "the PDF holds the title, the rights and the number")
        r = doc(w, "receipt")
        t = docx_text(r.body)
        check(r.status == 200 and "送达回证" in t and gw["check_code"] in t
              and "网址请向本机关咨询" in t and "（/public" not in t
              and "2025年6月23日" in t,
              "送达回证: delivery date, check code; no bare path while no public address is set")
        # the public address (a setting) goes before the path: a reader can type it
        r = srv.cli("config", "set", "public.address", "fazhi.lishu.gov.cn")
        check(r.returncode != 0 and "http" in r.stderr, "a public address without http(s):// is refused")
        r = srv.cli("config", "set", "public.address", "https://fazhi.lishu.gov.cn/")
        check(r.returncode == 0, "the public address is set")
        r = doc(w, "receipt")
        t = docx_text(r.body)
        check("https://fazhi.lishu.gov.cn/public/permits/rate" in t,
              "送达回证: the rating page's full address")
        r = doc(w, "accept")
        check("https://fazhi.lishu.gov.cn/public/permits）" in docx_text(r.body),
              "受理通知书: the lookup page's full address")
        r = doc(w, "accept")
        check(r.status == 200 and "行政许可受理通知书" in docx_text(r.body), "受理通知书")
        r = doc(w, "deny")
        check_eq((r.status, r.field), (409, "kind"), "no 不予许可决定书 for a granted application")
        check("不予行政许可决定书" in r.text, "... saying which: %s" % r.text[:200])
        r = doc(w, "correction")
        check_eq(r.status, 409, "no 补正告知书 without a 补正告知")
        t = docx_text(doc(x, "reject").body)
        check("不予受理行政许可申请决定书" in t and "不属于本机关职权范围" in t, "不予受理决定书 with the reason")
        check_eq(t.count("60日内"), 1, "the rights are stated once")
        t = docx_text(doc(y, "deny").body)
        check("不予行政许可决定书" in t and "园舍不符合安全标准" in t and "6个月内" in t, "不予行政许可决定书")
        t = docx_text(doc(p, "correction").body)
        check("第二次补正" in t and "2025年3月11日" in t, "补正告知书 of the latest round")
        t = docx_text(doc(p, "extend").body)
        check("延长10个工作日" in t and "需补充现场核查" in t and
              "%d年%d月%d日" % tuple(int(v) for v in paused.split("-")) in t,
              "延期通知书: days, reason, the day approved")
        r = doc(w, "permit")
        check_eq((r.status, r.field), (422, "kind"), "an unknown kind is refused naming the field")
        r = doc(w, "grant", "odt")
        check_eq((r.status, r.field), (422, "format"), "an unknown format is refused naming the field")
        r = doc(99999999, "grant")
        check_eq(r.status, 404, "an unknown application")
        other = srv.user_client("u_appr2", "approver", org="梨树县第一实验小学")
        r = doc(w, "grant", client=other)
        check_eq(r.status, 404, "an approver of another unit gets 404")
        r = doc(w, "grant", client=school)
        check(r.status in (403, 404), "a school user gets no documents (%d)" % r.status)
        r = admin.get("/permits/%d/documents/grant?format=pdf" % w)
        check(r.status == 200 and r.body[:5] == b"%PDF-", "the web download")
        r = admin.get("/permits/%d" % w)
        check("/permits/%d/documents/grant?format=docx" % w in r.text
              and "/permits/%d/documents/receipt?format=pdf" % w in r.text
              and "/permits/%d/documents/deny" % w not in r.text,
              "the application page offers the documents it has")
        check("/permits/%d/explain" % w in r.text, "... and the explain link")
        r = admin.get("/permits/%d" % p)
        check("剩余" in r.text or "已超过期限" in r.text, "the page shows where the clock stands")
        out = os.path.join(srv.data, "w.docx")
        r = srv.cli("permit", "document", str(w), "--kind", "grant", "--format", "docx", "-o", out)
        check(r.returncode == 0 and "准予行政许可决定书" in docx_text(open(out, "rb").read()),
              "fazhi permit document writes the DOCX: %s" % r.stderr)
        r = srv.cli("permit", "document", str(w), "--kind", "deny", "--format", "docx", "-o", out)
        check(r.returncode != 0 and "不予许可" in r.stderr, "fazhi permit document refuses a missing one")
        tpl = os.path.join(srv.data, "permit-documents.tsv")
        with open(tpl, "w", encoding="utf-8") as f:
            f.write("rights\tpara\t测试：可于九十日内申请复议。\n")
        t = docx_text(doc(w, "grant").body)
        check("测试：可于九十日内申请复议。" in t and "60日内" not in t,
              "the legal wording is a template the data folder overrides")
        os.remove(tpl)
        check("60日内" in docx_text(doc(w, "grant").body), "... and the default is back without it")

        for act in ("create", "notify", "correct", "accept", "pause", "resume", "extend", "grant",
                    "deliver", "close", "reject", "deny", "withdraw"):
            r = auditor.get("/api/v1/audit?entity=permit&action=%s&limit=1" % act)
            check(r.status == 200 and r.json["total"] > 0, "step %s audited" % act)

        # ---- the explain page -------------------------------------------
        r = admin.get("/permits/%d/explain" % p)
        check(r.status == 200 and "跳过（暂停计时：专家评审）" in r.text, "the explain page")
        r = school.get("/permits/%d/explain" % p)
        check(r.status in (403, 404), "a school user cannot see it")

        # ---- calendar change: open cases recomputed, closed ones stay ----
        op = new(recv="2026-09-01")
        step(op, "accept", accepted_on="2026-09-01")
        before_open = get(op)["legal_due"]
        before_closed = get(w)
        tsv = admin.get("/api/v1/calendar/2026").json["tsv"]
        lines = tsv.rstrip("\n").split("\n") + ["2026-09-22\toff\t测试更正"]
        head = [l for l in lines if l.startswith("#")]
        body = sorted(l for l in lines if not l.startswith("#"))
        r = admin.put("/api/v1/calendar/2026", {"tsv": "\n".join(head + body) + "\n",
                                                 "source": "测试更正"})
        check_eq(r.status, 200, "calendar year corrected")
        after_open = get(op)["legal_due"]
        check_eq(after_open, (datetime.date.fromisoformat(before_open)
                              + datetime.timedelta(days=1 if datetime.date.fromisoformat(before_open).weekday() < 4 else 3)).isoformat(),
                 "the open case's due date moved by one working day (%s -> %s)" % (before_open, after_open))
        check_eq(get(w), before_closed, "the closed case is untouched")
        r = auditor.get("/api/v1/audit?entity=permit&action=recompute&limit=100")
        hit = [e for e in r.json.get("items", []) if str(e.get("entity_id")) == str(op)]
        check(hit and before_open in str(hit[0]) and after_open in str(hit[0]),
              "the recompute is audited with the old and new due date")
        check(not [e for e in r.json.get("items", []) if str(e.get("entity_id")) == str(w)],
              "no recompute entry for the closed case")

        # ---- 好差评: public, once per application, handlers never see it --
        rater = srv.client(source="127.0.0.2")      # its own rate-limit count
        g = get(w, approver)
        gy = get(y, approver)

        def rate(body):
            return rater.post("/api/v1/public/permits/rate", body, csrf=False)

        r = rate({"number": g["number"], "code": "00000000", "level": "satisfied"})
        unknown = rate({"number": "XK2099-99999", "code": "00000000", "level": "satisfied"})
        check_eq((r.status, r.text), (unknown.status, unknown.text),
                 "rating: a wrong code answers exactly like an unknown number")
        check_eq(r.status, 404, "... 404")
        r = rate({"number": g["number"], "code": g["check_code"]})
        check_eq((r.status, r.field), (422, "level"), "the level is required, named: %s" % r.text[:200])
        r = rate({"number": g["number"], "code": g["check_code"], "level": "great"})
        check_eq((r.status, r.field), (422, "level"), "an unknown level is refused")
        r = rate({"number": g["number"], "code": g["check_code"], "level": "satisfied",
                  "comment": "长" * 501})
        check_eq((r.status, r.field), (422, "comment"), "a comment over 500 characters is refused")
        go = get(op, approver)
        r = rate({"number": go["number"], "code": go["check_code"], "level": "satisfied"})
        check(r.status == 409 and "尚未办结" in r.text, "an undecided application cannot be rated yet")
        r = rate({"number": g["number"], "code": g["check_code"], "level": "dissatisfied",
                  "comment": "窗口答复不够清楚"})
        check_eq(r.status, 201, "a 不满意 rating is taken")
        for secret in (NAME, IDNO, PHONE, g["number"]):
            check(secret not in r.text, "the rating reply reveals no %s" % secret)
        r = rate({"number": g["number"], "code": g["check_code"], "level": "very_satisfied"})
        check(r.status == 409 and "一事一评" in r.text, "one rating per application")
        page = rater.get("/public/permits/rate")
        check_eq(page.status, 200, "the rating page needs no login")
        tok = re.search(r"name='t' value='([0-9a-f]+)'", page.text)
        form = "number=%s&code=%s&level=very_satisfied" % (gy["number"], gy["check_code"])
        r = rater.post("/public/permits/rate", form, csrf=False,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        check_eq(r.status, 403, "the form without its token is refused (no cross-site posts)")
        r = rater.post("/public/permits/rate", form + "&t=" + (tok.group(1) if tok else ""), csrf=False,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(r.status == 200 and "感谢您的评价" in r.text, "the rating page takes a rating")
        for secret in (NAME, IDNO, PHONE, "园舍不符合安全标准"):
            check(secret not in r.text, "the rating page reveals no %s" % secret)
        r = rater.post("/public/permits/rate", "number=%s&code=%s&t=%s" % (
            gy["number"], gy["check_code"], tok.group(1) if tok else ""), csrf=False,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(r.status == 422 and "请选择评价等级" in r.text, "the page names the missing level")
        r = approver.get("/api/v1/permit-ratings")
        check(r.status in (403, 404), "the case handler cannot read the ratings (%d)" % r.status)
        r = approver.get("/permits/%d" % w)
        check("窗口答复不够清楚" not in r.text and "不满意" not in r.text,
              "the application page shows no rating")
        r = legal.get("/api/v1/permit-ratings?limit=100")
        check_eq(r.status, 200, "the 法规股 reads the ratings")
        mine = {x["permit_id"]: x for x in r.json["items"]}
        bad, good = mine.get(w, {}), mine.get(y, {})
        check_eq((bad.get("level"), bad.get("state")), ("dissatisfied", "open"),
                 "不满意 opens a follow-up")
        check_eq((good.get("level"), good.get("state")), ("very_satisfied", "none"),
                 "非常满意 needs none")
        want = srv.cli("calendar", "add-days", bad.get("rated_on", ""), "15").stdout.strip()
        check(bad.get("due_on") and bad["due_on"] in want,
              "the follow-up is due 15 working days after the rating (%s; %s)" % (bad.get("due_on"), want))
        r = legal.post("/api/v1/permit-ratings", {"org_id": ORG["行政审批股"], "permit_id": x,
                                                  "item_id": ITEM["幼儿园设立审批"]["id"],
                                                  "level": "very_satisfied", "rated_on": "2025-06-10"})
        check_eq(r.status, 403, "staff cannot type in a rating")
        r = legal.put("/api/v1/permit-ratings/%d" % bad["id"], {"comment": "改"})
        check_eq(r.status, 403, "a rating is never edited")
        r = admin.get("/?year=%s" % bad["rated_on"][:4])
        check("好差评差评整改" in r.text, "the open follow-up is on the dashboard")
        st, f = figs(admin, "year=%s" % bad["rated_on"][:4])
        sat = f["permit.satisfaction"]
        check_eq((sat["value"], sat["numerator"], sat["denominator"], sat["records"]), (50, 1, 2, 1),
                 "满意率: 1 of 2 (a rate's records are its numerator's)")
        r = approver.get("/figures/permit.satisfaction?year=%s" % bad["rated_on"][:4])
        check(r.status == 200 and "不满意" in r.text, "the handler sees the levels counted")
        for secret in (g["number"], gy["number"], NAME, "幼儿园设立审批", "窗口答复不够清楚"):
            check(secret not in r.text, "... but not who rated what (%s)" % secret)
        r = legal.post("/api/v1/permit-ratings/%d/resolve" % bad["id"],
                       {"outcome": "已电话回访，重新说明办理要求", "done_on": "2000-01-01"})
        check_eq((r.status, r.field), (422, "done_on"), "a follow-up closed before the rating is refused")
        r = legal.post("/api/v1/permit-ratings/%d/resolve" % bad["id"],
                       {"outcome": "已电话回访，重新说明办理要求", "done_on": bad["rated_on"]})
        check_eq(r.status, 200, "the follow-up is closed with its outcome")
        check_eq(legal.get("/api/v1/permit-ratings/%d" % bad["id"]).json["state"], "done", "已整改")
        r = auditor.get("/api/v1/audit?entity=permit_rating&limit=10")
        check(r.status == 200 and r.json["total"] >= 3, "ratings and the follow-up are audited")
        check(all(e.get("ip", "") in ("", None) for e in r.json["items"]
                  if e.get("action") == "create"), "the rater's address is not kept")
        check("127.0.0.2" not in r.text, "... anywhere in the ratings' audit")

        # ---- public lookup ----------------------------------------------
        g = get(w, approver)
        r = anon.post("/api/v1/public/permits", {"number": g["number"], "code": g["check_code"]},
                      csrf=False)
        check_eq(r.status, 200, "public lookup by number + check code")
        check_eq(set(r.json), {"number", "item", "state", "due"}, "answers only number, item, state, due")
        check_eq(r.json["state"], "已办结", "the state")
        for secret in (NAME, IDNO, PHONE, "139****5678"):
            check(secret not in r.text, "the lookup reveals no %s" % secret)
        wrong = anon.post("/api/v1/public/permits", {"number": g["number"], "code": "00000000"},
                          csrf=False)
        unknown = anon.post("/api/v1/public/permits", {"number": "XK2099-99999", "code": "00000000"},
                            csrf=False)
        check_eq((wrong.status, wrong.text), (unknown.status, unknown.text),
                 "a wrong code answers exactly like an unknown number")
        r = anon.post("/public/permits", "number=%s&code=%s" % (g["number"], g["check_code"]),
                      csrf=False, headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(r.status == 200 and "已办结" in r.text and "幼儿园设立审批" in r.text, "the public page")
        for secret in (NAME, IDNO, PHONE):
            check(secret not in r.text, "the public page reveals no %s" % secret)
        r = anon.get("/public/permits")
        check_eq(r.status, 200, "the public form needs no login")
        n429 = 0
        for i in range(25):
            r = anon.post("/api/v1/public/permits", {"number": "XK2099-99999", "code": "1"},
                          csrf=False)
            n429 += r.status == 429
        check(n429 > 0, "lookups are rate-limited per address")
        check(r.header("Retry-After") is not None, "... with Retry-After")
        srv.check_log()
    except Exception:
        import traceback
        traceback.print_exc()
        error("exception")
    finally:
        if srv:
            srv.stop()
    finish()


main()
