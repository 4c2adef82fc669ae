#!/usr/bin/env python3
"""t_home.py -- the turn of the year and the home page per role (#22 items 1, 2).

The server's clock is pinned (FAZHI_NOW, test build) to 22 December of the
last year whose holiday calendar is built in, so the coming year's is
missing:
  - the home page warns (the administrator acts; others see who must);
  - an application accepted now gets its 法定期限 in the coming year counted
    on weekends alone, marked 暂定 on the record page and in the due list,
    and the 受理通知书 is refused naming the administrator;
  - the coming year's calendar loaded: the due day is recomputed, final,
    and the notice is issued;
  - the 法规股 starts the year's checklist template from the latest one in
    one action; a school sees every item of it under 本年度检查项目 and
    fills one in; an item outside the template is refused naming the 法规股;
  - homes per role: the 法规股's own items first, grouped (137所学校未配备
    法治副校长 linking to the missing schools), figures with targets and
    上年 labelled; a school user sees its own school only; the
    administrator's choice of figures changes a role's home.
Runs on SQLite, or PostgreSQL with FAZHI_TEST_BACKEND=pg.
"""
import calendar as pycal
import datetime
import glob
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import lib  # noqa: E402
from lib import check, check_eq, finish  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
Y = max(int(os.path.basename(p)[:4]) for p in glob.glob(os.path.join(ROOT, "data/calendar/*.tsv")))
NEXT = Y + 1
NOW = datetime.datetime(Y, 12, 22, 2, 0, tzinfo=datetime.timezone.utc)


def visible(page):
    """The text of a page's main part, tags dropped, SVG kept as its text."""
    m = re.search(r"<main.*?</main>", page, re.S)
    t = re.sub(r"<[^>]+>", " ", m.group(0) if m else page)
    return re.sub(r"\s+", " ", html.unescape(t))


def specials(year):
    """{date: is_work} of the built-in calendar of year."""
    out = {}
    with open(os.path.join(ROOT, "data/calendar/%d.tsv" % year), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            d, kind, _ = line.rstrip("\n").split("\t")
            out[datetime.date.fromisoformat(d)] = kind == "work"
    return out


def add_workdays(start, n, extra_off=()):
    """The n-th working day after start: the built-in year's calendar,
    weekends alone beyond it (plus extra_off days off)."""
    sp = specials(Y)
    d, k = start, 0
    while k < n:
        d += datetime.timedelta(days=1)
        if d in extra_off:
            continue
        work = sp[d] if d in sp else d.weekday() < 5
        k += work
    return d


def main():
    lib.ENV["FAZHI_NOW"] = str(int(NOW.timestamp()))
    srv = None
    try:
        srv = lib.Server()
        legal = srv.user_client("u_legal", "legal", org="法规股")
        approver = srv.user_client("u_appr", "approver", org="梨树县教育局")
        school = srv.user_client("u_school", "school", org="梨树县第一实验小学")
        leader = srv.user_client("u_lead", "leader", org="梨树县教育局")
        orgs = {o["name"]: o["id"] for o in
                legal.get("/api/v1/orgs?limit=1000").json["items"]}
        items = {i["name"]: i for i in
                 approver.get("/api/v1/permit-items?limit=100").json["items"]}

        # ---- the coming year's calendar is missing: the homes say so ----
        t = visible(legal.get("/").text)
        check("%d年节假日安排尚未载入" % NEXT in t, "legal home warns the %d calendar is missing" % NEXT)
        check(re.search(r"%d年节假日安排尚未载入.*?系统管理员处理" % NEXT, t) is not None,
              "... naming the administrator as the one who acts")
        check(t.index("待我处理") < t.index("主要数据") < t.index("其他提醒"),
              "the legal home: 待我处理, then 主要数据, then 其他提醒")

        # ---- a 法定期限 in the coming year: 暂定, weekends alone --------
        recv = datetime.date(Y, 12, 21)
        r = approver.post("/api/v1/permits", {
            "org_id": orgs["行政审批股"], "item_id": items["幼儿园设立审批"]["id"],
            "applicant_kind": "org", "applicant": "梨树县某某教育咨询有限公司",
            "uscc": "91310115591693856A", "received_on": recv.isoformat(),
            "materials": "设立申请书"})
        check(r.status in (200, 201), "application created (%r)" % r)
        pid = r.json["id"]
        r = approver.post("/api/v1/permits/%d/accept" % pid, {"accepted_on": recv.isoformat()})
        check_eq(r.status, 200, "accepted on %s" % recv)
        limit = items["幼儿园设立审批"]["statutory_limit"]
        want = add_workdays(recv, limit)
        got = approver.get("/api/v1/permits/%d" % pid).json
        check_eq(got.get("legal_due"), want.isoformat(),
                 "法定期限 counted on weekends alone past %d: %s" % (Y, want))
        page = visible(approver.get("/permits/%d" % pid).text)
        check("暂定" in page and ("%d年节假日安排尚未载入" % NEXT) in page,
              "the case page marks the 法定期限 暂定 with the reason")
        lst = visible(approver.get("/permits").text)
        cn = "%d年%d月%d日" % (want.year, want.month, want.day)
        check("%s（暂定）" % cn in lst, "the list marks it 暂定 too, the date as a person reads it")
        facts = page.split("计算过程")[0]
        check(want.isoformat() not in facts and cn in facts,
              "the case page shows the due date as %s, not %s" % (cn, want.isoformat()))
        check(got.get("legal_due_provisional") is True,
              "the record JSON marks the 法定期限 暂定 (%r)" % got.get("legal_due_provisional"))
        check("legal_due_provisional" in got and "received_on_provisional" not in got,
              "... a flag only beside a due date")
        due = approver.get("/api/v1/permits/due?within=250").json
        mine = [x for x in due["items"] if x["id"] == pid]
        check(mine and all(x["provisional"] for x in mine),
              "the due list has it, provisional (%r)" % mine)
        r = approver.get("/api/v1/permits/%d/documents/accept?format=docx" % pid)
        check_eq(r.status, 409, "the 受理通知书 is refused while its 法定期限 is 暂定")
        check("系统管理员" in r.text and "暂定" in r.text and str(NEXT) in r.text,
              "... saying why and who can mend it: %s" % r.text[:300])
        p = srv.cli("permit", "explain", str(pid))
        check("暂定" in p.stdout, "fazhi permit explain marks 暂定")

        # ---- the calendar arrives: recomputed, final, the notice issued -
        off = [datetime.date(NEXT, 1, d) for d in range(1, 9)]
        tsv = os.path.join(srv.tmp, "next.tsv")
        with open(tsv, "w", encoding="utf-8") as f:
            f.write("# 测试用%d年节假日安排\n" % NEXT)
            for d in off:
                f.write("%s\toff\t元旦\n" % d.isoformat())
        p = srv.cli("calendar", "import", tsv, "--year", str(NEXT), "--source", "测试")
        check_eq(p.returncode, 0, "the %d calendar imported: %s" % (NEXT, p.stderr))
        want2 = add_workdays(recv, limit, extra_off=set(off))
        got = approver.get("/api/v1/permits/%d" % pid).json
        check(want2 > want, "the test calendar moves the day (%s > %s)" % (want2, want))
        check_eq(got.get("legal_due"), want2.isoformat(), "recomputed on the loaded calendar")
        check(got.get("legal_due_provisional") is False, "the record JSON: no longer 暂定")
        page = visible(approver.get("/permits/%d" % pid).text)
        check("暂定" not in page, "no longer 暂定 on the case page")
        r = approver.get("/api/v1/permits/%d/documents/accept?format=docx" % pid)
        check_eq(r.status, 200, "the 受理通知书 is issued now")
        t = visible(legal.get("/").text)
        check("%d年节假日安排尚未载入" % NEXT not in t, "the home no longer warns")

        # ---- the checklist's year: template in one action, every item ---
        tmpl = legal.get("/api/v1/check-templates?limit=100").json["items"]
        last = max(x["year"] for x in tmpl)
        n_last = len([x for x in tmpl if x["year"] == last])
        t = visible(legal.get("/").text)
        check("%d年度学校检查项目模板尚未制定" % NEXT in t, "the legal home offers the %d template" % NEXT)
        t = visible(school.get("/check-year").text)
        check("%d年度的检查项目模板还没有制定" % Y in t and "法规股" in t,
              "a school without the year's template is told the 法规股 makes it")
        r = school.post("/api/v1/check-items", {"org_id": orgs["梨树县第一实验小学"], "year": Y,
                                                "item": "guard", "status": "met",
                                                "checked_on": "%d-12-01" % Y, "checker": "张老师"})
        check_eq(r.status, 422, "an item outside the year's template is refused")
        check("法规股" in r.text, "... naming the 法规股, who can add it: %s" % r.text[:300])
        def offered(year):
            # the generic form, sent back with only its year: the dropdown's items
            r = school.post("/check-items/new", "year=%d" % year,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
            m = re.search(r"<select id='f-item'.*?</select>", r.text, re.S)
            return r.status, re.findall(r"<option value='([a-z_]+)'", m.group(0) if m else "")
        st, codes = offered(Y)
        check(st == 422 and codes == [],
              "the check-item form offers nothing while %d has no template (%r %r)" % (Y, st, codes))
        st, codes = offered(last)
        check(len(codes) == n_last and "guard" in codes,
              "... and %d's form offers the %d items of %d's template (%r)" % (last, n_last, last, codes))
        r = school.post("/check-year/template", "year=%d" % Y,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        check_eq(r.status, 403, "a school cannot make the template")
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        r = legal.post("/check-year/template", "year=%d" % Y, headers=form)
        check_eq(r.status, 303, "the 法规股 starts %d's template from %d's in one action" % (Y, last))
        tmpl = legal.get("/api/v1/check-templates?limit=100&year=%d" % Y).json["items"]
        check_eq(len(tmpl), n_last, "%d items copied" % n_last)
        st, codes = offered(Y)
        check(sorted(codes) == sorted(x["item"] for x in tmpl),
              "the form now offers exactly %d's template items (%r)" % (Y, codes))
        r = legal.post("/check-year/template", "year=%d" % Y, headers=form)
        check_eq(r.status, 409, "a second time is refused (the year has its template)")
        p = srv.cli("check-template", "next-year", "--year", str(NEXT))
        check(p.returncode == 0 and ("共%d项" % n_last) in p.stdout,
              "fazhi check-template next-year makes %d's: %s %s" % (NEXT, p.stdout, p.stderr))
        p = srv.cli("check-template", "next-year", "--year", str(NEXT))
        check(p.returncode == 1 and "已经有了" in p.stderr, "... once: %s" % p.stderr)
        r = legal.post("/api/v1/check-year/template?year=%d" % NEXT)
        check_eq(r.status, 409, "the API refuses a year that has its template")
        r = school.post("/api/v1/check-year/template?year=%d" % (NEXT + 1))
        check_eq(r.status, 403, "the API refuses a school")
        r = legal.post("/api/v1/check-year/template?year=%d" % (NEXT + 1))
        check_eq((r.status, r.json.get("from"), r.json.get("items")), (201, NEXT, n_last),
                 "the API makes %d's from %d's" % (NEXT + 1, NEXT))
        t = visible(school.get("/").text)
        check(re.search(r"待我处理.*本年度检查项目还有%d项未填写.*主要数据" % n_last, t) is not None,
              "the school's home asks it first to fill in the year's items")
        t = visible(legal.get("/").text)
        check(re.search(r"\d+所学校本年度检查项目尚未填完 法规股|\d+所学校本年度检查项目尚未填完 学校填报员", t)
              is not None, "the 法规股 sees the schools still to fill in as one line naming who acts")
        t = visible(school.get("/check-year").text)
        check("本年度检查项目" in t and "专职保安员" in t and "共%d项，已填写0项" % n_last in t,
              "the school sees every item of the year to fill in")
        r = school.post("/check-year", "item=guard&status=met&checked_on=%d-12-01&checker=%s"
                        % (Y, "%E5%BC%A0%E8%80%81%E5%B8%88"), headers=form)
        check_eq(r.status, 303, "one item filled in on the page")
        t = visible(school.get("/check-year").text)
        check("已填写1项" in t, "... and counted")
        h = school.get("/?year=%d" % Y).text
        m = re.search(r"<a class='card fig[^']*'[^>]*data-fig='safety\.rate'>(.*?)</a>", h, re.S)
        v = re.search(r"<div class='v'>(.*?)</div>", m.group(1)) if m else None
        card = v.group(1) if v else ""
        check(card == "已记录1项（共4项）",
              "校园安全四项均达标 with 1 of 4 items recorded says 已记录1项, not a rate: %r" % card)
        r = school.post("/check-year", "item=alarm&status=unmet&checked_on=%d-12-01&checker=x" % Y,
                        headers=form)
        check_eq(r.status, 422, "未达标 without saying what is lacking is refused")
        check("说明" in visible(r.text), "... naming the field")

        # ---- homes per role --------------------------------------------
        t = visible(legal.get("/?year=%d" % Y).text)
        check(re.search(r"\d+所学校未配备法治副校长", t) is not None and "学校 未配备法治副校长" not in t,
              "the schools without a 法治副校长 are one grouped line")
        m = re.search(r"href='(/figures/vp\.rate[^']*)'", legal.get("/").text)
        check(m is not None, "the grouped line links to the figure's records")
        if m:
            fp = legal.get(html.unescape(m.group(1)))
            ft = visible(fp.text)
            check("未计入的" in ft and "梨树县第一实验小学" in ft and "暂无记录" not in ft,
                  "clicking the rate lists the schools missing")
        t = visible(leader.get("/").text)
        check("目标≥100%" in t and "上年（%d年）" % (Y - 1) in t,
              "figures show their target and last year's value labelled")
        check(re.search(r"(达标|接近目标|未达标)", t) is not None, "... and how they stand")
        t = visible(school.get("/").text)
        check("本校" in t and "收到行政许可申请数" not in t and "行政许可按时办结率" not in t,
              "the school's home shows its own figures, not the county's permits")
        check("137所" not in t, "... nor the county's alerts")
        r = leader.get("/home-figures")
        check_eq(r.status, 403, "only the administrator chooses the figures")
        aud = srv.user_client("u_aud", "auditor", org="梨树县教育局")
        t = visible(aud.get("/audit?entity=check_tmpl").text)
        check("按%d年度模板生成，共%d项" % (last, n_last) in t and "专职保安员" in t,
              "the template made in one action is one audit entry in words: %s" % t[:300])
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
