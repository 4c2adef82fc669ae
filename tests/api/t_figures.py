#!/usr/bin/env python3
"""One definition per concept (issue 16, item 8): on the demo county the
page /compliance, GET /api/v1/compliance, `fazhi compliance`, the figures
API and `fazhi figures`, the records page, the dashboard's alerts and the
annual report give the same number for 未配备 (schools without a 法治副校长),
配备率 and 聘期将满.

The demo county: 137 schools and kindergartens, each with a 法治副校长 from
2023-09-01 to 2026-08-31.  This test voids the appointment of 梨树镇中心小学
(未配备), replaces 梨树县第二实验小学's with one ending 2025-01-15 (聘期将满 as
of 2024-12-01) and gives 梨树县郭家店镇中心小学 a second appointment ending
2025-01-10 beside its demo one running to 2026-08-31: not 聘期将满, because
the school stays covered (the two definitions that disagreed before gave
different answers here).  Runs on SQLite and (tests/run) PostgreSQL.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error, idno  # noqa: E402

AS_OF = "2024-12-01"


def person(legal, bureau, name, seq):
    r = legal.post("/api/v1/vp-people", {"org_id": bureau, "name": name, "employer_kind": "police",
                                         "employer": "梨树县公安局", "id_no": idno(seq, born="19810101")})
    check_eq(r.status, 201, "person %s: %r" % (name, r))
    return r.json["id"]


def demo_appointment(admin, org):
    ids = [i["id"] for i in admin.get("/api/v1/vp-appointments?org_id=%d" % org).json["items"]
           if i["term_start"] == "2023-09-01"]
    check_eq(len(ids), 1, "the demo's appointment at org %d" % org)
    return ids[0]


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        legal = srv.user_client("f_legal", "legal", org="梨树县教育局")
        leader = srv.user_client("f_leader", "leader", org="梨树县教育局")
        org = {o["name"]: o["id"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]}
        bureau = org["梨树县教育局"]
        s_none, s_end, s_two = org["梨树镇中心小学"], org["梨树县第二实验小学"], org["梨树县郭家店镇中心小学"]

        # ---- the records ------------------------------------------------------
        r = legal.request("DELETE", "/api/v1/vp-appointments/%d" % demo_appointment(admin, s_none),
                          {"reason": "录入错误"})
        check_eq(r.status, 200, "void the appointment at 梨树镇中心小学: %r" % r)
        r = legal.request("DELETE", "/api/v1/vp-appointments/%d" % demo_appointment(admin, s_end),
                          {"reason": "改聘"})
        check_eq(r.status, 200, "void the appointment at 梨树县第二实验小学: %r" % r)
        p1 = person(legal, bureau, "刘警官", 11)
        r = legal.post("/api/v1/vp-appointments", {"org_id": s_end, "person_id": p1,
                                                   "term_start": "2024-09-01",
                                                   "term_end": "2025-01-15"})
        check_eq(r.status, 201, "a term ending 2025-01-15: %r" % r)
        ending_id = r.json["id"]
        p2 = person(legal, bureau, "赵警官", 12)
        r = legal.post("/api/v1/vp-appointments", {"org_id": s_two, "person_id": p2,
                                                   "term_start": "2024-09-01",
                                                   "term_end": "2025-01-10"})
        check_eq(r.status, 201, "a second appointment beside the demo's: %r" % r)

        # ---- the figures: the one definition -----------------------------------
        r = leader.get("/api/v1/figures?year=2024&as_of=" + AS_OF)
        check_eq(r.status, 200, "figures API")
        f = {x["key"]: x for x in r.json["items"]}
        rate, ending = f["vp.rate"], f["vp.ending"]
        check_eq((rate["numerator"], rate["denominator"], rate["text"]), (136, 137, "99.3%"),
                 "vp.rate: 136 of 137")
        check_eq(rate["missing"], [s_none], "未配备: the members vp.rate misses")
        check_eq(rate["records"], len(rate["ids"]), "records are the ids counted")
        check_eq((ending["value"], ending["ids"]), (1, [ending_id]),
                 "聘期将满: the one term ending within 60 days with no cover after it")
        n_missing, n_ending = len(rate["missing"]), ending["value"]
        p = srv.cli("figures", "--year", "2024", "--as-of", AS_OF)
        check("vp.rate,法治副校长配备率,%,2024," + AS_OF + ",99.3%,136" in p.stdout and
              "vp.ending,法治副校长聘期将满,人次,2024," + AS_OF + ",1,1" in p.stdout,
              "fazhi figures states the same: %s" % p.stdout[:200])
        r = leader.get("/figures/vp.rate?year=2024&as_of=" + AS_OF)
        check(r.status == 200 and "未计入的（1 / 137）" in r.text and "梨树镇中心小学" in r.text,
              "the records page lists the member missing")

        # ---- the compliance view: page, API, command ----------------------------
        r = leader.get("/api/v1/compliance?as_of=" + AS_OF)
        check_eq(r.status, 200, "compliance API")
        vp = [x for k in r.json["kinds"] for x in k["rates"] if x["key"] == "vp"]
        check_eq((sum(x["met"] for x in vp), sum(x["total"] for x in vp)),
                 (rate["numerator"], rate["denominator"]), "API: 配备 met/total == the figure")
        lacks = [(i["org_id"], l["code"]) for i in r.json["items"] for l in i["lacks"]]
        check_eq([o for o, c in lacks if c == "vp"], rate["missing"], "API: 未配备 == the figure")
        check_eq(len([o for o, c in lacks if c == "vp_ending"]), n_ending,
                 "API: 聘期将满 == the figure")
        check(s_two not in [o for o, c in lacks], "API: a school still covered is not ending")
        r = leader.get("/compliance?as_of=" + AS_OF)
        check_eq(r.status, 200, "compliance page")
        check_eq(r.text.count("<li>未配备法治副校长</li>"), n_missing, "page: 未配备 == the figure")
        check_eq(r.text.count("尚未续聘或另聘"), n_ending, "page: 聘期将满 == the figure")
        check("99.3% <span class='sub'>136/137</span>" in r.text, "page: the total 配备率 136/137")
        p = srv.cli("compliance", "--as-of", AS_OF)
        check_eq(p.returncode, 0, "fazhi compliance: %s" % p.stderr)
        lines = p.stdout.splitlines()
        check_eq([l.split("\t")[1] for l in lines if l.startswith("未配备法治副校长\t")],
                 ["梨树镇中心小学"], "command: 未配备 == the figure")
        check_eq(len([l for l in lines if l.startswith("聘期将满\t")]), n_ending,
                 "command: 聘期将满 == the figure")
        cover = [l for l in lines if l.startswith("法治副校长配备率")]
        nums = [tuple(map(int, l.split("\t")[2].split("/"))) for l in cover]
        check_eq((sum(a for a, b in nums), sum(b for a, b in nums)), (136, 137),
                 "command: 配备 met/total == the figure")
        p = srv.cli("compliance", "--as-of", AS_OF, "--format", "json")
        check(p.returncode == 0 and '"total":2' in p.stdout.replace(" ", ""),
              "the command's JSON is the API's view: %s" % p.stdout[-80:])

        # ---- the alerts on the dashboard ---------------------------------------
        r = leader.get("/?year=2024&as_of=" + AS_OF)
        check_eq(len(re.findall(r"未配备法治副校长</a>", r.text)), n_missing, "alerts: 未配备")
        check_eq(len(re.findall(r"届满，请续聘或另聘</a>", r.text)), n_ending, "alerts: 聘期将满")
        check("郭家店镇中心小学 法治副校长" not in r.text, "alerts: the covered school is not ending")

        # ---- the report reads the same figures by key ---------------------------
        r = legal.put("/api/v1/reports/2024/blocks/5",
                      {"body": "聘期将满{{vp.ending|法治副校长聘期将满}}人次。"})
        check_eq(r.status, 200, "a block states 聘期将满: %r" % r)
        r = legal.get("/api/v1/reports/2024?as_of=" + AS_OF)
        check_eq(r.status, 200, "report JSON")
        figs = {g["key"]: g for g in r.json.get("figures", [])}
        check_eq((figs.get("vp.rate", {}).get("text"), figs.get("vp.rate", {}).get("records")),
                 ("99.3%", 136), "report: 配备率 == the figure")
        check_eq((figs.get("vp.ending", {}).get("text"), figs.get("vp.ending", {}).get("records")),
                 (str(n_ending), n_ending), "report: 聘期将满 == the figure")
        text = "".join(b["text"] for b in r.json.get("blocks", []))
        check("136所已聘任专业人员担任法治副校长，配备率99.3%" in text and "聘期将满1人次" in text,
              "report text states them: %s" % text[text.find("配备率"):][:40])
        p = srv.cli("report", "--year", "2024", "--as-of", AS_OF, "--format", "md")
        check(p.returncode == 0 and "配备率99.3%" in p.stdout and "均聘任" not in p.stdout, "report md: 99.3%, no 均")
        # ---- views: paging, sorting, export, the command's formats ---------------
        full = leader.get("/api/v1/assessment?year=2024").json
        r = leader.get("/api/v1/assessment?year=2024&limit=10&offset=5")
        check_eq((r.status, len(r.json["items"]), r.json["total"]), (200, 10, 137),
                 "assessment pages: 10 items of 137")
        check_eq([x["org_id"] for x in r.json["items"]], [x["org_id"] for x in full["items"][5:15]],
                 "offset 5 continues the ranked order")
        r = leader.get("/api/v1/assessment?year=2024&limit=0")
        check_eq((r.status, r.field), (400, "limit"), "limit 0: 400 naming limit")
        r = leader.get("/api/v1/assessment?year=2024&sort=-nosuch")
        check_eq((r.status, r.field), (400, "sort"), "an unknown sort column: 400 naming sort")
        r = leader.get("/api/v1/assessment?year=2024&sort=org&limit=1000")
        names = [x["org"] for x in r.json["items"]]
        check(len(names) == 137 and names != [x["org"] for x in full["items"]],
              "sort=org changes the order")
        r = leader.get("/assessment?year=2024")
        check("第 1 / 3 页" in r.text and r.text.count("<tr>") <= 51, "the page shows 50 rows a page")
        r = leader.get("/assessment?year=2024&page=3")
        check(r.status == 200 and "第 3 / 3 页" in r.text and "上一页" in r.text, "page 3 of 3")
        r = leader.get("/assessment?year=2024&page=x")
        check_eq(r.status, 400, "a bad page: 400")
        r = leader.get("/compliance/export?as_of=%s&format=csv" % AS_OF)
        lines = r.body.decode("utf-8-sig").strip().split("\r\n")
        check(r.status == 200 and lines[0] == "学校,类别,缺少" and len(lines) == 3,
              "compliance export: a line per school lacking something: %r" % lines[:3])
        p = srv.cli("assessment", "--year", "2024", "--format", "json", "--limit", "3")
        check(p.returncode == 0 and '"total":137' in p.stdout.replace(" ", ""),
              "the command's JSON: %s" % p.stdout[-60:])
        p = srv.cli("compliance", "--as-of", "2024-02-30")
        check_eq(p.returncode, 2, "a bad date: exit 2 (%s)" % p.stderr.strip())
        check(srv.check_log(), "server log clean")
    except Exception as e:  # noqa: BLE001
        error("unexpected: %r" % e)
        import traceback
        traceback.print_exc()
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
