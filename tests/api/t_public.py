#!/usr/bin/env python3
"""Public pages by declaration (issue 16 item 9): the permit register's
declared public pages, served by the kernel as the public actor.

- the publication list (行政许可决定公开) and its JSON feed show exactly
  the granted applications, with no person's name, and page;
- a rating is written as the public actor (audited as "public", no
  address) and the rating form checks the browser's own token;
- the lookup, the rating and the list need no sign-in and are limited
  per address in the database (the list counted apart from lookups).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        anon = srv.client(source="127.0.4.1")
        allp = admin.get("/api/v1/permits?limit=1000").json["items"]
        granted = {p["number"] for p in allp
                   if p["state"] in ("granted", "delivered", "closed")
                   and p.get("decided_on") and not p.get("reason") and not p.get("voided")}
        check(len(granted) > 0, "the demo county has granted applications (%d)" % len(granted))
        r = anon.get("/api/v1/public/permits/list?limit=100")
        check_eq(r.status, 200, "the feed needs no sign-in")
        got = {i["number"] for i in r.json.get("items", [])}
        check_eq((got, r.json.get("total")), (granted, len(granted)),
                 "the feed lists exactly the granted applications")
        check(all(set(i) == {"number", "item", "holder", "decision", "decided_on"}
                  for i in r.json["items"]), "each item has only the declared keys")
        persons = [p for p in allp if p["applicant_kind"] == "person" and p["number"] in granted]
        for p in persons:
            check(p["applicant"] not in r.text, "a person's name is not published: %s" % p["applicant"])
        if persons:
            check(any(i["holder"] == "个人（不公开）" for i in r.json["items"]),
                  "a person's application shows 个人（不公开）")
        orgs = [p for p in allp if p["applicant_kind"] == "org" and p["number"] in granted]
        if orgs:
            check(orgs[0]["applicant"] in r.text, "an organisation is published by name")
        r2 = anon.get("/api/v1/public/permits/list?limit=1&offset=1")
        check(r2.status == 200 and len(r2.json["items"]) == min(1, max(0, len(granted) - 1))
              and r2.json["total"] == len(granted), "the feed pages")
        check_eq(anon.get("/api/v1/public/permits/list?limit=0").status, 400, "limit 0: 400")
        page = anon.get("/public/permits/list")
        check(page.status == 200 and "行政许可决定公开" in page.text
              and all(n in page.text for n in list(granted)[:10]), "the list page")
        for p in persons:
            check(p["applicant"] not in page.text, "... without a person's name")

        # a rating as the public actor: audited as "public", no address
        closed = [p for p in allp if p["state"] == "closed" and p.get("check_code")]
        rated = {x["permit_id"] for x in admin.get("/api/v1/permit-ratings?limit=1000").json["items"]}
        todo = [p for p in closed if p["id"] not in rated]
        check(len(todo) > 0, "a closed application not yet rated")
        if todo:
            p = todo[0]
            r = anon.post("/api/v1/public/permits/rate", {"number": p["number"],
                                                           "code": p["check_code"],
                                                           "level": "satisfied"}, csrf=False)
            check_eq(r.status, 201, "rated through the public page: %r" % r)
            aud = srv.user_client("p_aud", "auditor", org="梨树县教育局")
            r = aud.get("/api/v1/audit?entity=permit_rating&action=create&limit=1")
            e = (r.json.get("items") or [{}])[0]
            check_eq((e.get("username"), e.get("ip") or ""), ("public", ""),
                     "the rating is written as the public actor, without the address")
        page = anon.get("/public/permits/rate")
        tok = re.search(r"name='t' value='([0-9a-f]{64})'", page.text)
        check(tok is not None and anon.cookies.get("fazhi_rate") == (tok.group(1) if tok else 0),
              "the rating form carries this browser's token, also in its cookie")
        other = srv.client(source="127.0.4.2")
        r = other.post("/public/permits/rate", "number=x&code=y&level=satisfied&t=%s"
                       % (tok.group(1) if tok else ""), csrf=False,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        check_eq(r.status, 403, "another browser's token (no cookie) is refused")

        # the list is limited per address, apart from the lookups
        ip = srv.client(source="127.0.4.3")
        codes = [ip.get("/api/v1/public/permits/list?limit=1").status for _ in range(21)]
        check_eq((codes[:20].count(200), codes[20]), (20, 429), "the feed: 20 a minute per address")
        r = ip.post("/api/v1/public/permits", {"number": "XK2099-99999", "code": "1"}, csrf=False)
        check_eq(r.status, 404, "... and lookups from that address still go through")
        srv.check_log()
    except Exception:
        error("exception")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
