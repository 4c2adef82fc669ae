#!/usr/bin/env python3
"""Figures entered by hand over the API (issue 20 item 3): GET/POST /api/v1/figures/manual.

The 法规股 lists a year's hand-entered figures and enters one with its
value, the source document (a file part, put into the file store under its
SM3) and who confirmed it.  Bad input gets every problem at once, in
Chinese, each naming its field (422), and stores nothing; a second entry
of the same figure and year voids the first; the entry counts in
/api/v1/figures (人工填报); who may read and write is the page's rule; each
change is audited; `fazhi figures manual list` prints the same entries.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402
from t_say import multipart  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post(c, fields, files):
    body, mt = multipart(fields, files)
    return c.request("POST", "/api/v1/figures/manual", body, raw=True, headers={"Content-Type": mt})


def main():
    srv = None
    try:
        srv = Server()
        a = srv.admin()
        legal = srv.user_client("fagui", "legal", org="梨树县教育局")
        lead = srv.user_client("juzhang", "leader", org="梨树县教育局")

        r = legal.get("/api/v1/figures/manual?year=2023")
        check_eq(r.status, 200, "the year's entries")
        check(r.json["year"] == 2023 and r.json["org"] == "梨树县教育局" and r.json["items"] == [],
              "none yet, in the bureau: %s" % r.text[:200])
        r = legal.get("/api/v1/figures/manual?year=20x3")
        check(r.status == 400 and r.field == "year" and "年度" in r.message, "a bad year: 400 naming year")
        r = legal.get("/api/v1/figures/manual?all=2")
        check(r.status == 400 and r.field == "all", "a bad all: 400 naming all")

        # every problem at once, each naming its field, nothing stored
        r = post(legal, {"key": "lecture.law", "year": "2023", "value": "", "confirmed_by": ""}, {})
        check_eq(r.status, 422, "an empty entry is refused")
        errs = {e["field"]: e["message"] for e in r.json.get("errors", [])}
        check(errs.get("value") == "数值应为不小于0的数" and errs.get("source") == "须附来源文件"
              and errs.get("confirmed_by") == "确认人不能为空" and len(errs) == 3,
              "value, source and confirmed_by named, in Chinese: %s" % errs)
        r = post(legal, {"key": "lecture.law", "year": "1999", "value": "-1", "confirmed_by": "李股长"},
                 {"source": ("表.pdf", PDF, "application/pdf")})
        errs = {e["field"]: e["message"] for e in r.json.get("errors", [])}
        check(r.status == 422 and set(errs) == {"year", "value"} and "2000到2100" in errs["year"],
              "a year out of range and a negative value: %s" % errs)
        r = post(legal, {"key": "vp.rate", "year": "2023", "value": "120", "confirmed_by": "李股长"},
                 {"source": ("表.pdf", PDF, "application/pdf")})
        check(r.status == 422 and r.field == "value" and "百分比" in r.message, "a rate over 100: %s" % r.text[:200])
        r = post(legal, {"key": "train.enforce", "year": "2023", "value": "5", "confirmed_by": "李股长"},
                 {"source": ("表.pdf", PDF, "application/pdf")})
        check(r.status == 422 and r.field == "label" and "须填写名称" in r.message,
              "a key no area declares needs its name: %s" % r.text[:200])
        r = legal.post("/api/v1/figures/manual", {"key": "lecture.law", "year": 2023, "value": 3,
                                                  "confirmed_by": "李股长"})
        check(r.status == 400 and r.code == "bad_form" and "multipart/form-data" in r.message,
              "a JSON body cannot carry the source file: 400: %s" % r.text[:200])
        check_eq(legal.get("/api/v1/figures/manual?year=2023&all=1").json["items"], [], "nothing stored")

        # an entry with its source file
        r = post(legal, {"key": "lecture.law", "year": "2023", "value": "3", "confirmed_by": "李股长",
                         "note": "据登记表"}, {"source": ("2023学法讲座登记表.pdf", PDF, "application/pdf")})
        check_eq(r.status, 201, "entered: %s" % r.text[:300])
        e1 = r.json
        check(e1["key"] == "lecture.law" and e1["label"] == "学法专题讲座次数" and e1["value"] == 3
              and e1["year"] == 2023 and e1["confirmed_by"] == "李股长" and e1["note"] == "据登记表"
              and e1["source_name"] == "2023学法讲座登记表.pdf" and e1["created_by"] == "fagui"
              and e1["voided"] is False and e1["replaced"] is False, "the entry as stored: %s" % e1)
        check(re.fullmatch(r"[0-9a-f]{64}", e1["source_sm3"] or "") is not None and
              os.path.exists(os.path.join(srv.data, "files", e1["source_sm3"][:2], e1["source_sm3"])),
              "the source is in the file store under its SM3")
        r = a.get("/api/v1/figures?year=2023&as_of=2023-11-15")
        f = {x["key"]: x for x in r.json["items"]}["lecture.law"]
        check(f["value"] == 3 and f["manual"] and "《2023学法讲座登记表.pdf》，李股长确认" in f["source"],
              "the figures API counts it as 人工填报: %s" % f)

        # a new value voids the old one
        r = post(legal, {"key": "lecture.law", "year": "2023", "value": "4", "confirmed_by": "王股长"},
                 {"source": ("更正表.pdf", PDF + b"%2\n", "application/pdf")})
        check(r.status == 201 and r.json["replaced"] is True and r.json["value"] == 4, "replaced: %s" % r.text[:300])
        items = legal.get("/api/v1/figures/manual?year=2023").json["items"]
        check(len(items) == 1 and items[0]["value"] == 4 and items[0]["confirmed_by"] == "王股长",
              "one valid entry: %s" % items)
        items = lead.get("/api/v1/figures/manual?year=2023&all=1").json["items"]
        check(len(items) == 2 and items[1]["id"] == e1["id"] and items[1]["voided"]
              and items[1]["void_reason"] == "由新的填报替换", "a leader reads both, the old one voided: %s" % items)
        f = {x["key"]: x for x in a.get("/api/v1/figures?year=2023&as_of=2023-11-15").json["items"]}["lecture.law"]
        check_eq(f["value"], 4, "the new value counts")

        # a figure no area declares, with its name and unit
        r = post(legal, {"key": "train.enforce", "year": "2023", "value": "120", "confirmed_by": "李股长",
                         "label": "执法人员法治培训人次", "unit": "人次"}, {"source": ("培训.pdf", PDF, "application/pdf")})
        check(r.status == 201 and r.json["label"] == "执法人员法治培训人次" and r.json["unit"] == "人次",
              "an undeclared figure with its name: %s" % r.text[:300])

        # who may
        school = srv.user_client("xiao", "school")
        check_eq(school.get("/api/v1/figures/manual?year=2023").status, 403, "a school user may not read")
        r = post(lead, {"key": "lecture.law", "year": "2023", "value": "1", "confirmed_by": "x"},
                 {"source": ("表.pdf", PDF, "application/pdf")})
        check_eq(r.status, 403, "a leader may not enter")
        check_eq(len(legal.get("/api/v1/figures/manual?year=2023&all=1").json["items"]), 3, "still three entries")

        au = srv.user_client("aud", "auditor", org="梨树县教育局")
        r = au.get("/api/v1/audit?entity=fig_manual&limit=100")
        acts = sorted(x.get("action") for x in r.json.get("items", []))
        check(r.status == 200 and acts == ["create", "create", "create", "void"],
              "each change audited once: %s" % acts)

        # the CLI under `figures`
        p = srv.cli("figures", "manual", "list", "--year", "2023")
        lines = p.stdout.strip().split("\n")
        check(p.returncode == 0 and len(lines) == 3 and "lecture.law\t学法专题讲座次数\t2023" in p.stdout
              and "王股长" in p.stdout, "fazhi figures manual list: %s" % p.stdout)
        q = srv.cli("manual-figure", "list", "--year", "2023")
        check_eq(q.stdout, p.stdout, "the same as fazhi manual-figure list")
        srv.check_log()
    except Exception:
        error("fig_manual")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
