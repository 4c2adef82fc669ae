#!/usr/bin/env python3
"""City roll-up (issue 9 §6): for a city 教育局 above county 教育局s the
figures sum over its counties and the report adds a table per county.
Runs on SQLite and (tests/run) PostgreSQL: the same code on both.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error, backend  # noqa: E402


def values(c, org):
    r = c.get("/api/v1/figures?year=2024&as_of=2024-11-15&org=" + urllib.parse.quote(org))
    return {f["key"]: f["value"] for f in r.json.get("items", [])} if r.status == 200 else {}


def main():
    srv = None
    try:
        print("backend: %s" % backend())
        srv = Server(demo=False)
        srv.add_org("四平市教育局", "bureau")
        counties = {"梨树县教育局": (3, 2), "伊通满族自治县教育局": (2, 1), "双辽市教育局": (4, 0)}
        for county, (ns, nk) in counties.items():
            srv.add_org(county, "bureau", "四平市教育局")
            for i in range(ns):
                srv.add_org("%s第%d小学" % (county[:2], i + 1), "school", county)
            for i in range(nk):
                srv.add_org("%s第%d幼儿园" % (county[:2], i + 1), "kindergarten", county)
        srv.add_org("四平市第一中学", "school", "四平市教育局")     # the city's own school
        city = srv.user_client("city", "leader,legal", org="四平市教育局")
        lishu = srv.user_client("lishu", "leader,legal", org="梨树县教育局")

        cv = values(city, "四平市教育局")
        per = {c: values(city, c) for c in counties}
        check_eq(cv.get("org.schools"), sum(v["org.schools"] for v in per.values()) + 1,
                 "city schools = sum over counties + its own")
        check_eq(cv.get("org.kindergartens"), sum(v["org.kindergartens"] for v in per.values()),
                 "city kindergartens = sum over counties")
        check_eq(per["梨树县教育局"].get("org.schools"), 3, "a county's own count")
        check_eq(values(lishu, "四平市教育局"), {}, "a county cannot ask for the city")

        r = city.get("/api/v1/reports/2024?as_of=2024-11-15")
        check_eq(r.status, 200, "city report")
        rows = {x["name"]: x["values"] for x in r.json.get("counties", [])}
        cols = r.json.get("county_columns", [])
        check(set(counties) <= set(rows) and "合计" in rows, "a row per county and the total: %s" % rows)
        i = cols.index("中小学数（所）") if "中小学数（所）" in cols else -1
        check(i >= 0, "columns: %s" % cols)
        if i >= 0:
            check_eq([rows[c][i] for c in counties], ["3", "2", "4"], "per-county schools")
            check_eq(rows["合计"][i], "10", "total row")
        text = "".join(b["text"] for b in r.json.get("blocks", []))
        check("目前全县10所中小学、3所幼儿园" in text, "the city's text states the sums")
        r = lishu.get("/api/v1/reports/2024")
        check_eq(r.json.get("counties"), [], "a county report has no county table")
        r = city.put("/api/v1/reports/2024/blocks/5", {"body": "市里改县里的一段。", "org": "梨树县教育局"})
        check(r.status == 200 and r.json.get("unit") == "梨树县教育局" and r.json.get("version") == 1,
              "the city edits a county's draft named in the body: %s" % r.json.get("unit"))
        r = lishu.put("/api/v1/reports/2024/blocks/5", {"body": "x", "org": "四平市教育局"})
        check_eq(r.status, 404, "a county cannot edit the city's report")
        r = city.get("/api/v1/reports/2024?format=html&as_of=2024-11-15")
        check(r.status == 200 and "附表：各县（市、区）主要数据" in r.text and "伊通满族自治县教育局" in r.text,
              "HTML adds the table")
        p = srv.cli("report", "--year", "2024", "--as-of", "2024-11-15", "--org", "四平市教育局",
                    "--format", "md")
        check(p.returncode == 0 and "10所中小学" in p.stdout, "CLI --org renders the city")
        srv.check_log()
    except Exception:
        error("rollup")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
