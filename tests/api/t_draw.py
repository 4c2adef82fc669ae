#!/usr/bin/env python3
"""双随机 draws (src/areas/inspections/): the 一单两库, plans and the
replayable draw.  The demo county's four 2024 draws verify; a new plan's
draw is deterministic from its seed and lists (a re-draw with the same seed
over the same lists gives the same teams), every team has >= 2 inspectors
and honours 回避 (own org, declared conflicts); an expired or revoked
certificate excludes the person from the day it lapses, with the reason;
a change to a list makes verify fail naming that list, and undoing it
makes it match again; a draw is never silently redone (409), a re-draw
needs the draw it replaces and a reason, both stay visible; a draw cannot
be edited; roles, scope (404 outside it), CSRF, bad input (422 naming the
field) and the audit.  Runs on SQLite and PostgreSQL.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish  # noqa: E402


def teams(result):
    """The result text as [(target, [people])]."""
    out = []
    for part in (result or "").split(";"):
        if not part:
            continue
        t, _, ps = part.partition(":")
        out.append((int(t), [int(p) for p in ps.split(",")]))
    return out


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        insp = srv.user_client("u_insp", "inspector", org="梨树县教育局")
        school = srv.user_client("u_school", "school", org="梨树县第一实验小学")
        orgs = {o["name"]: o["id"] for o in admin.get("/api/v1/orgs?limit=1000").json["items"]}

        # ---- the demo county: 3 joint plans, 1 internal, each drawn and verifiable
        plans = admin.get("/api/v1/insp-plans?limit=100").json["items"]
        check_eq(sorted(p["type"] for p in plans if p["year"] == 2024),
                 ["internal", "joint", "joint", "joint"], "the demo's 2024 plans")
        draws = admin.get("/api/v1/draws?limit=100").json["items"]
        check_eq(len(draws), 4, "the demo's four draws")
        for d in draws:
            r = admin.get("/api/v1/draws/%d/verify" % d["id"])
            check_eq((r.status, r.json.get("match"), r.json.get("differences")), (200, True, []),
                     "demo draw %d verifies" % d["id"])
            check_eq(d["algo"], "fazhi-draw-1", "the algorithm version is recorded")
            check(len(d["h_targets"]) == 64 and len(d["h_people"]) == 64, "SM3 of the lists")
            for _, ps in teams(d["result"]):
                check(len(ps) >= 2 and len(set(ps)) == len(ps), "a team of >= 2 distinct people")
        fig = admin.get("/api/v1/figures?year=2024&as_of=2024-11-15").json
        vals = {f["key"]: f.get("value") for f in fig.get("items", fig.get("figures", []))}
        check_eq((vals.get("inspect.draws_joint"), vals.get("inspect.draws_internal")), (3, 1),
                 "figures: 3 joint and 1 internal draws in 2024")

        # ---- the lists: bad input answers 422 naming the field
        r = insp.post("/api/v1/insp-people", {"org_id": orgs["梨树县教育局"], "name": "钱多多",
                                              "dept": "梨树县第一实验小学", "cert_no": "T0001",
                                              "valid_until": "2030-12-31", "status": "valid"})
        check_eq((r.status, r.field), (422, "dept"), "合作部门 must be a partner department")
        r = insp.post("/api/v1/insp-people", {"org_id": orgs["梨树县教育局"], "name": "钱多多",
                                              "cert_no": "T0001", "valid_until": "2030-12-31",
                                              "status": "revoked"})
        check_eq((r.status, r.field), (422, "lapsed_on"), "a revoked certificate needs its date")
        r = insp.post("/api/v1/insp-targets", {"org_id": orgs["梨树县教育局"], "name": "某培训学校",
                                               "kind": "training", "risk": "low"})
        check_eq((r.status, r.field), (422, "uscc"), "a 校外培训机构 needs its 统一社会信用代码")
        r = insp.post("/api/v1/insp-targets", {"org_id": orgs["梨树县教育局"], "name": "某小学",
                                               "kind": "school", "risk": "low"})
        check_eq((r.status, r.field), (422, "org_id"), "a school target is the school itself")
        items = admin.get("/api/v1/insp-items?limit=100").json["items"]
        item = [i for i in items if i["name"] == "幼儿园办园行为检查"][0]
        base = {"org_id": orgs["梨树县教育局"], "item_id": item["id"], "year": 2025,
                "title": "2025年幼儿园抽查", "type": "internal", "mode": "ratio",
                "ratio_pct": 3, "per_target": 2, "f_kind": "kindergarten",
                "window_start": "2025-03-01", "window_end": "2025-11-30"}
        r = insp.post("/api/v1/insp-plans", base)
        check_eq((r.status, r.field), (422, "ratio_pct"), "a ratio below 5 % is refused")
        r = insp.post("/api/v1/insp-plans", dict(base, ratio_pct=5, per_target=1))
        check_eq((r.status, r.field), (422, "per_target"), "fewer than 2 inspectors is refused")
        r = insp.post("/api/v1/insp-plans", dict(base, ratio_pct=5, type="joint"))
        check_eq((r.status, r.field), (422, "partners"), "a joint plan names its partners")
        r = insp.post("/api/v1/insp-plans", dict(base, ratio_pct=5, type="joint",
                                                 partners="梨树县法规股"))
        check_eq((r.status, r.field), (422, "partners"), "partners are partner departments")
        r = school.post("/api/v1/insp-plans", dict(base, ratio_pct=5))
        check_eq(r.status, 403, "a school user may not plan")
        r = insp.post("/api/v1/insp-plans", dict(base, ratio_pct=5), csrf=False)
        check_eq(r.status, 403, "no CSRF token, no plan")

        # ---- certificates: one expired, one revoked from 2025-05-01
        def person(name, cert, until, status="valid", lapsed=None):
            body = {"org_id": orgs["梨树县教育局"], "name": name, "cert_no": cert,
                    "valid_until": until, "status": status}
            if lapsed:
                body["lapsed_on"] = lapsed
            r = insp.post("/api/v1/insp-people", body)
            check_eq(r.status, 201, "person %s: %r" % (name, r))
            return r.json["id"]
        expired = person("过期人", "T9001", "2025-03-31")
        revoked = person("注销人", "T9002", "2030-12-31", "revoked", "2025-05-01")

        r = insp.post("/api/v1/insp-plans", dict(base, ratio_pct=20))
        check_eq(r.status, 201, "plan created: %r" % r)
        plan = r.json["id"]

        # the draw: a supplied seed, the lists as of the day
        r = insp.post("/api/v1/draws", {"plan_id": plan, "drawn_on": "2025-04-15",
                                        "seed": "福彩3D 2025100期 123"})
        check_eq(r.status, 201, "draw: %r" % r)
        d1 = admin.get("/api/v1/draws/%d" % r.json["id"]).json
        check_eq((d1["seed_source"], d1["status"], d1["n_drawn"]), ("supplied", "valid", 10),
                 "20 % of 48 kindergartens, rounded up")
        check("过期人" in (d1["excluded"] or "") and "到期" in d1["excluded"],
              "the expired certificate is excluded with its reason")
        check("注销人" not in (d1["excluded"] or ""), "revoked only from 2025-05-01")
        drawn_people = {p for _, ps in teams(d1["result"]) for p in ps}
        check(expired not in drawn_people, "the expired inspector is never drawn")

        # never silently redone
        r = insp.post("/api/v1/draws", {"plan_id": plan, "drawn_on": "2025-05-06", "seed": "x"})
        check_eq((r.status, r.code), (409, "conflict"), "a second draw without replaces: 409")
        r = insp.post("/api/v1/draws", {"plan_id": plan, "drawn_on": "2025-05-06", "seed": "x",
                                        "replaces": d1["id"]})
        check_eq((r.status, r.field), (422, "reason"), "a re-draw states its reason")
        r = insp.post("/api/v1/draws", {"plan_id": plan, "drawn_on": "2025-05-06",
                                        "seed": "福彩3D 2025100期 123", "replaces": d1["id"],
                                        "reason": "原抽中幼儿园停办"})
        check_eq(r.status, 201, "re-draw: %r" % r)
        d2 = admin.get("/api/v1/draws/%d" % r.json["id"]).json
        old = admin.get("/api/v1/draws/%d" % d1["id"]).json
        check_eq((old["status"], d2["status"], d2["replaces"], d2["reason"]),
                 ("superseded", "valid", d1["id"], "原抽中幼儿园停办"), "both kept, the reason too")
        check("注销人" in (d2["excluded"] or "") and "注销" in d2["excluded"],
              "revoked from its day: excluded from the re-draw")
        check_eq(d2["h_targets"], d1["h_targets"], "same target list, same hash")
        check(d2["h_people"] != d1["h_people"], "the inspector list changed with the revocation")
        for d in (d1, d2):
            r = admin.get("/api/v1/draws/%d/verify" % d["id"])
            check_eq(r.json.get("match"), True, "draw %d verifies: %r" % (d["id"], r.json))
        r = admin.put("/api/v1/draws/%d" % d2["id"], {"seed": "other"})
        check_eq(r.status, 409, "a draw is never edited")
        aud = srv.user_client("u_aud", "auditor", org="梨树县教育局")
        r = aud.get("/api/v1/audit?entity=insp_draw&action=create&limit=100")
        check(r.status == 200 and r.json.get("total", 0) >= 6, "each draw audited: %r" % r)

        # ---- 回避: own org and a declared conflict, over several seeds
        kgs = admin.get("/api/v1/insp-targets?limit=1000&kind=kindergarten").json["items"]
        kg_orgs = {k["id"]: k["org_id"] for k in kgs}
        staff = person("园内人", "T9003", "2030-12-31")
        r = insp.put("/api/v1/insp-people/%d" % staff, {"org_id": kgs[0]["org_id"]})
        check_eq(r.status, 200, "an inspector working at a kindergarten")
        conflict_target = kgs[1]["id"]
        r = insp.post("/api/v1/insp-conflicts", {"org_id": orgs["梨树县教育局"], "person_id": staff,
                                                 "target_id": conflict_target, "reason": "配偶任园长"})
        check_eq(r.status, 201, "conflict declared: %r" % r)
        prev = d2["id"]
        for k in range(6):
            r = insp.post("/api/v1/draws", {"plan_id": plan, "drawn_on": "2025-06-01",
                                            "seed": "s%d" % k, "replaces": prev,
                                            "reason": "回避测试%d" % k})
            check_eq(r.status, 201, "draw %d" % k)
            d = admin.get("/api/v1/draws/%d" % r.json["id"]).json
            for t, ps in teams(d["result"]):
                check(len(ps) >= 2, "at least 2")
                if staff in ps:
                    check(kg_orgs.get(t) != kgs[0]["org_id"], "never their own org")
                    check(t != conflict_target, "never a declared conflict")
            prev = d["id"]

        # ---- verify names the list that changed, and matches again when undone
        t = kgs[2]
        r = insp.put("/api/v1/insp-targets/%d" % t["id"], {"name": t["name"] + "（改）"})
        check_eq(r.status, 200, "a target renamed")
        r = admin.get("/api/v1/draws/%d/verify" % prev).json
        check(r["match"] is False and any("检查对象名录" in x for x in r["differences"]),
              "verify names 检查对象名录: %r" % r)
        check(not any("执法检查人员名录" in x for x in r["differences"]), "and only that list")
        p = srv.cli("draw", "verify", str(prev))
        check(p.returncode == 1 and "检查对象名录不一致" in p.stdout, "the CLI too: %r" % p.stdout)
        insp.put("/api/v1/insp-targets/%d" % t["id"], {"name": t["name"]})
        check_eq(admin.get("/api/v1/draws/%d/verify" % prev).json["match"], True,
                 "undone, it matches again")
        r = insp.post("/api/v1/insp-conflicts", {"org_id": orgs["梨树县教育局"], "person_id": staff,
                                                 "target_id": kgs[3]["id"], "reason": "新登记"})
        r = admin.get("/api/v1/draws/%d/verify" % d1["id"]).json
        check_eq(r["match"], True, "a conflict registered after a draw does not change it")

        # ---- scope: a school user sees no bureau draw
        r = school.get("/api/v1/draws/%d" % prev)
        check_eq(r.status, 404, "a school user: the bureau's draw is outside the scope")
        r = school.get("/api/v1/draws/%d/verify" % prev)
        check_eq(r.status, 404, "nor its verification")
        r = school.post("/api/v1/draws", {"plan_id": plan, "seed": "x"})
        check_eq(r.status, 403, "a school user may not draw")
        # ---- the public: the list of draws, and the check by number and seed
        pub = srv.client()
        r = pub.get("/api/v1/public/draws/list")
        check(r.status == 200 and any(x.get("number") == "双随机〔2024〕1号" for x in r.json["items"]),
              "the public list shows the demo's draws: %r" % r)
        d0 = [d for d in draws if d["number"] == "双随机〔2024〕1号"][0]
        r = pub.post("/api/v1/public/draws", {"number": d0["number"], "code": d0["seed"]})
        check(r.status == 200 and str(r.json.get("verify", "")).startswith("一致"),
              "the public check recomputes the draw: %r" % r)
        r = pub.post("/api/v1/public/draws", {"number": d0["number"], "code": "wrong"})
        check_eq(r.status, 404, "a wrong seed finds nothing")
        page = admin.get("/draws/%d/verify" % prev)
        check(page.status == 200 and "复核一致" in page.text, "the verify page: %r" % page.text[-600:])
        p = srv.cli("audit", "verify")
        check_eq(p.returncode, 0, "audit chain intact")
    except Exception:
        from lib import error
        error("t_draw")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
