#!/usr/bin/env python3
"""The schools' 法治 registers (src/areas/schools/school.c) through the API: the
法治副校长 人员库 (身份证号 and phone masked per role), appointments (the
2-school rule refused naming the field, no data change), a school user
reaching only their school's appointments, activities and checklist items
(404 for another school's rows), activity import all or nothing, the
checklist's year template, the figures as of a date over the demo
county's records (every school has a 法治副校长 from init --demo).  Runs
on SQLite and (tests/run) PostgreSQL.
"""
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error, idno  # noqa: E402

ORG = {}

def assessment(srv, admin, legal, leader, school, bureau, s1, s2):
    """年度考核: the demo's 2024 items (100 points, 60 of them 普法), the
    rules on items and scores, the ranked table from the records, scope,
    export, import all or nothing."""
    r = leader.get("/api/v1/assessment?year=2024")
    check_eq(r.status, 200, "leader reads the 2024 ranking: %r" % r)
    t = r.json
    check_eq((t["weight"], t["pufa_weight"], t["pufa_share"]), (100, 60, "60%"),
             "the demo's items: 100 points, 普法 60%")
    check_eq(t["total"], 137, "every open school ranked")
    cols = {c["name"]: i for i, c in enumerate(t["columns"])}
    rows = {x["org_id"]: x for x in t["items"]}
    own = rows[s1]["scores"][cols["依法治校"]]
    check(own is not None and 14 <= own <= 20, "the manual score comes from the register: %r" % own)
    check_eq(rows[s1]["total"], own + 75,
             "computed items: 10+20+15+10+10 and 15 for 4 普法 activities (the demo's 2"
             " 以案说法, this test's 授课, 以案说法 and 警示教育)")
    check_eq(rows[s1]["pufa"], 60, "普法得分 sums the 普法 items")
    check_eq(rows[s2]["scores"][cols["普法活动"]], 7.5, "school 2: 2 普法 activities of 4")
    ranks = [x["rank"] for x in t["items"]]
    totals = [x["total"] for x in t["items"]]
    check(totals == sorted(totals, reverse=True) and ranks[0] == 1, "best first")
    check(all(ranks[i] == (ranks[i - 1] if totals[i] == totals[i - 1] else i + 1)
              for i in range(1, len(ranks))), "equal totals share a rank (1, 1, 3)")

    # items: points 1-100, at most 100 a year, names once a year
    n0 = admin.get("/api/v1/assessment-items").json["total"]
    body = {"org_id": bureau, "year": 2024, "name": "额外项目", "weight": 5, "source": "manual"}
    r = legal.post("/api/v1/assessment-items", body)
    check_eq((r.status, r.field), (409, "weight"), "a 2024 item past 100 points: 409 on weight")
    check("100" in r.text and "最多 0 分" in r.text, "... saying what is left: %s" % r.text)
    r = legal.post("/api/v1/assessment-items", dict(body, year=2025, weight=0))
    check_eq((r.status, r.field), (422, "weight"), "0 points: 422 on weight")
    r = legal.post("/api/v1/assessment-items", dict(body, year=1999))
    check_eq((r.status, r.field), (422, "year"), "year 1999: 422 on year")
    check_eq(school.post("/api/v1/assessment-items", dict(body, year=2025)).status, 403,
             "a school user does not set the items")
    check_eq(admin.get("/api/v1/assessment-items").json["total"], n0, "nothing written")
    r = legal.post("/api/v1/assessment-items", dict(body, year=2025, name="依法治校", weight=40))
    check_eq(r.status, 201, "a 2025 manual item: %r" % r)
    check_eq(r.json.get("title"), "2025年 依法治校", "its title names the year")
    r = legal.post("/api/v1/assessment-items", dict(body, year=2025, name="依法治校", weight=10))
    check_eq((r.status, r.field), (409, "name"), "the same name twice a year: 409 on name")

    # scores: a manual item, within its points, once a school
    items = {x["title"]: x["id"] for x in admin.get("/api/v1/assessment-items?limit=100").json["items"]}
    manual, vp_item = items["2024年 依法治校"], items["2024年 法治副校长配备"]
    r = legal.post("/api/v1/assessment-scores", {"org_id": s1, "item_id": vp_item, "score": 5})
    check_eq((r.status, r.field), (422, "item_id"), "a computed item takes no score: 422")
    check("自动计算" in r.text, "... saying it is computed")
    r = legal.post("/api/v1/assessment-scores", {"org_id": s1, "item_id": manual, "score": 5})
    check_eq((r.status, r.field), (409, "item_id"), "a second score for a school: 409")
    sid = [x["id"] for x in admin.get("/api/v1/assessment-scores?org_id=%d" % s1).json["items"]][0]
    r = legal.put("/api/v1/assessment-scores/%d" % sid, {"score": 25})
    check_eq((r.status, r.field), (422, "score"), "25 of 20 points: 422 on score")
    check("0—20" in r.text, "... naming the range: %s" % r.text)
    r = legal.put("/api/v1/assessment-scores/%d" % sid, {"score": 20, "note": "章程齐全"})
    check_eq(r.status, 200, "score changed: %r" % r)
    check_eq(school.put("/api/v1/assessment-scores/%d" % sid, {"score": 0}).status, 403,
             "a school user does not score")
    other = [x["id"] for x in admin.get("/api/v1/assessment-scores?org_id=%d" % s2).json["items"]][0]
    check_eq(school.get("/api/v1/assessment-scores/%d" % other).status, 404,
             "another school's score: 404")
    check_eq(school.get("/api/v1/assessment-scores/%d" % sid).status, 200, "its own: 200")
    r = leader.get("/api/v1/assessment?year=2024")
    row = [x for x in r.json["items"] if x["org_id"] == s1][0]
    check_eq((row["total"], row["rank"]), (95, 1), "the changed score moves the school up")
    # the records as of an earlier day give the computed scores of that day
    r = leader.get("/api/v1/assessment?year=2024&as_of=2024-08-31")
    row = [x for x in r.json["items"] if x["org_id"] == s1][0]
    check_eq(row["scores"][cols["普法活动"]], 3.8, "as of 08-31 one 普法 activity of 4 (3.75)")
    r = school.get("/api/v1/assessment?year=2024")
    check_eq([x["org_id"] for x in r.json["items"]], [s1], "a school user ranks their school only")
    r = leader.get("/api/v1/assessment?year=20x4")
    check_eq((r.status, r.field), (400, "year"), "a bad year: 400 naming year")
    r = leader.get("/api/v1/assessment/export?year=2024&format=csv")
    check_eq(r.status, 200, "CSV export")
    lines = r.body.decode("utf-8-sig").strip().split("\r\n")
    check(lines[0].startswith("排名,学校,类别,总分,普法得分,依法治校（20分）"), "CSV header: %s" % lines[0])
    check_eq(len(lines), 138, "a line per school")
    r = leader.get("/api/v1/assessment/export?year=2024&format=xlsx")
    check(r.status == 200 and r.body[:2] == b"PK", "xlsx export")
    r = leader.get("/assessment?year=2024")
    check(r.status == 200 and "普法 60 分（占 60%）" in r.text and "data-label='总分'" in r.text,
          "the page states the 普法 share and ranks the schools")

    # import of scores: all or nothing
    item25 = items["2025年 依法治校"]
    n0 = admin.get("/api/v1/assessment-scores").json["total"]
    csv_bad = ("学校,考核项目,得分,扣分说明\r\n"
               "梨树县第一实验小学,2025年 依法治校,38,\r\n"
               "梨树县第二实验小学,2025年 依法治校,41,超出分值\r\n")
    r = legal.request("POST", "/api/v1/assessment-scores/import", csv_bad.encode("utf-8"),
                      headers={"Content-Type": "text/csv"}, raw=True)
    check_eq(r.status, 422, "import with a score past the points: 422")
    errs = r.json.get("errors", [])
    check(any(e.get("row") == 3 and e.get("field") == "score" for e in errs),
          "row 3's score named: %r" % errs)
    check_eq(admin.get("/api/v1/assessment-scores").json["total"], n0, "nothing written")
    r = legal.request("POST", "/api/v1/assessment-scores/import",
                      csv_bad.replace("41,超出分值", "36,").encode("utf-8"),
                      headers={"Content-Type": "text/csv"}, raw=True)
    check_eq((r.status, r.json.get("created")), (200, 2), "good import: %r" % r)
    r = leader.get("/api/v1/assessment?year=2025")
    check_eq([x["org_id"] for x in r.json["items"][:2]], [s1, s2], "2025: the two scored schools lead")
    check(item25 in [c["id"] for c in r.json["columns"]], "the 2025 item is the column")


def multipart(fields, files):
    b = "----fazhischool9c1e"
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                   % (b, k, v)).encode())
    for k, (name, data, ctype) in files.items():
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                   "Content-Type: %s\r\n\r\n" % (b, k, name, ctype)).encode("utf-8"))
        out.write(data)
        out.write(b"\r\n")
    out.write(("--%s--\r\n" % b).encode())
    return out.getvalue(), "multipart/form-data; boundary=" + b


def sm3_hex(data):
    """SM3 by openssl (the reference), or None when it lacks SM3."""
    p = subprocess.run(["openssl", "dgst", "-sm3", "-r"], input=data, capture_output=True)
    return p.stdout.split()[0].decode() if p.returncode == 0 and p.stdout else None


def evidence(srv, admin, legal, leader, school, s1, s2):
    """Evidence files of checklist items: stored by SM3, verified on
    download, scoped and audited with the item."""
    own = admin.get("/api/v1/check-items?org_id=%d&year=2024&item=guard" % s1).json["items"][0]["id"]
    other = admin.get("/api/v1/check-items?org_id=%d&year=2024&item=guard" % s2).json["items"][0]["id"]
    photo = b"\xff\xd8\xff\xe0" + b"JFIF-photo-of-the-guard-roster" * 50
    audit0 = admin.get("/api/v1/audit?entity=check_item&action=attach&limit=100").json.get("total")
    # the school's 学校填报员 uploads a photo from the record page (multipart, CSRF)
    data, ctype = multipart({"csrf": school.csrf}, {"file": ("保安员花名册.jpg", photo, "image/jpeg")})
    r = school.request("POST", "/check-items/%d/evidence" % own, data, raw=True, csrf=False,
                       headers={"Content-Type": ctype})
    check_eq(r.status, 303, "the page upload redirects to the record: %r" % r)
    data, ctype = multipart({}, {"file": ("x.jpg", photo, "image/jpeg")})
    r = school.request("POST", "/check-items/%d/evidence" % own, data, raw=True, csrf=False,
                       headers={"Content-Type": ctype})
    check_eq(r.status, 403, "an upload without the CSRF field is refused")
    r = school.get("/api/v1/check-items/%d/evidence" % own)
    check_eq((r.status, r.json.get("total")), (200, 1), "one file listed")
    ev = r.json["items"][0]
    check_eq((ev["name"], ev["type"], ev["size"]), ("保安员花名册.jpg", "image/jpeg", len(photo)),
             "name, type and size as uploaded")
    want = sm3_hex(photo)
    if want:
        check_eq(ev["sm3"], want, "the stored SM3 is openssl's")
    path = os.path.join(srv.data, "files", ev["sm3"][:2], ev["sm3"])
    check(os.path.exists(path), "the file is stored under its SM3")
    r = school.get("/check-items/%d" % own)
    check("证明材料" in r.text and "保安员花名册.jpg" in r.text and "type='file'" in r.text,
          "the record page lists it and offers the upload")
    r = school.get("/api/v1/check-items/%d/evidence/%d" % (own, ev["id"]))
    check(r.status == 200 and r.body == photo, "download gives the same bytes")
    check_eq(r.header("Content-Type"), "image/jpeg", "... as the type uploaded")
    # the same bytes again: a second row, one file
    r = legal.request("POST", "/api/v1/check-items/%d/evidence?name=%s" % (own, "roster.jpg"),
                      photo, raw=True, headers={"Content-Type": "image/jpeg"})
    check_eq(r.status, 201, "API upload of the raw body: %r" % r)
    check_eq(r.json.get("sm3"), ev["sm3"], "same bytes, same SM3")
    check_eq(len(os.listdir(os.path.dirname(path))), 1, "stored once")
    n_audit = admin.get("/api/v1/audit?entity=check_item&action=attach&limit=100").json.get("total")
    if audit0 is not None:
        check_eq(n_audit, audit0 + 2, "each upload audited on the item")
    # refusals: type, emptiness, scope, role
    r = school.request("POST", "/api/v1/check-items/%d/evidence?name=a.exe" % own, b"MZ\x90\x00bad",
                       raw=True, headers={"Content-Type": "application/octet-stream"})
    check_eq((r.status, r.field), (422, "file"), "a program is refused naming file")
    check("PDF" in r.text, "... saying what is accepted")
    r = school.request("POST", "/api/v1/check-items/%d/evidence?name=a.pdf" % other, b"%PDF-1.4 x",
                       raw=True, headers={"Content-Type": "application/pdf"})
    check_eq(r.status, 404, "another school's item: 404")
    check_eq(school.get("/api/v1/check-items/%d/evidence" % other).status, 404,
             "another school's list: 404")
    check_eq(school.get("/api/v1/check-items/%d/evidence/%d" % (other, ev["id"])).status, 404,
             "a file through another school's item: 404")
    check_eq(school.get("/api/v1/check-items/%d/evidence/%d" % (own, 999999)).status, 404,
             "an unknown file: 404")
    r = leader.request("POST", "/api/v1/check-items/%d/evidence?name=a.pdf" % own, b"%PDF-1.4 x",
                       raw=True, headers={"Content-Type": "application/pdf"})
    check_eq(r.status, 403, "a leader does not upload")
    check_eq(leader.get("/api/v1/check-items/%d/evidence/%d" % (own, ev["id"])).status, 200,
             "a leader downloads")
    # a file changed on the disk is not served
    with open(path, "ab") as f:
        f.write(b"tampered")
    r = school.get("/api/v1/check-items/%d/evidence/%d" % (own, ev["id"]))
    check_eq(r.status, 500, "a changed file is refused on download")
    check("SM3" in r.text and photo not in r.body, "... saying the SM3 differs, sending nothing of it")
    p = srv.cli("evidence", "verify")
    check(p.returncode == 1 and "被改动" in p.stdout, "fazhi evidence verify finds it: %s" % p.stdout)
    with open(path, "wb") as f:
        f.write(photo)
    p = srv.cli("evidence", "verify")
    check_eq(p.returncode, 0, "restored: verify passes (%s)" % p.stdout.strip())


def figure(c, key, as_of):
    r = c.get("/api/v1/figures?year=%s&as_of=%s" % (as_of[:4], as_of))
    return [f for f in r.json["items"] if f["key"] == key][0]["records"]


def registry(srv, admin, s1, s2):
    """The school registry's fields: 学段 and 乡镇 presumed, the status
    agreeing with its date, a merge naming the school, counts by 学段 as
    of a date from the records."""
    base = {"name": "梨树县小宽镇新建初级中学", "kind": "school", "school_code": "3122399001",
            "region": "220322", "founded": "2020-09-01"}
    j0 = figure(admin, "school.junior", "2024-12-31")
    r = admin.post("/api/v1/orgs", dict(base, stage="kindergarten"))
    check_eq((r.status, r.field), (422, "stage"), "a school with the 学段 幼儿园: 422 on stage")
    r = admin.post("/api/v1/orgs", dict(base, status="closed"))
    check_eq((r.status, r.field), (422, "closed"), "撤销 without its date: 422 on closed")
    check("撤销日期" in r.text, "... in Chinese: %s" % r.text)
    r = admin.post("/api/v1/orgs", dict(base, closed="2024-07-31", status="open"))
    check_eq((r.status, r.field), (422, "status"), "a 撤销日期 while 办学中: 422 on status")
    n0 = admin.get("/api/v1/orgs?limit=1").json["total"]
    r = admin.post("/api/v1/orgs", {"name": "新股室", "kind": "office", "stage": "primary"})
    check_eq((r.status, r.field), (422, "stage"), "a 股室 takes no 学段")
    check_eq(admin.get("/api/v1/orgs?limit=1").json["total"], n0, "nothing written by the refusals")
    r = admin.post("/api/v1/orgs", dict(base, ownership="private"))
    check_eq(r.status, 201, "a new school: %r" % r)
    new = r.json["id"]
    check_eq((r.json.get("stage"), r.json.get("town"), r.json.get("status")),
             ("junior", "小宽镇", "open"), "学段 from the 学校标识码, 乡镇 from the name, 办学中")
    check_eq(figure(admin, "school.junior", "2024-12-31"), j0 + 1, "counted among 初中")
    check_eq(figure(admin, "school.private", "2024-12-31"), 1, "the one 民办")
    r = admin.put("/api/v1/orgs/%d" % new, {"status": "merged", "closed": "2024-07-31"})
    check_eq((r.status, r.field), (422, "merged_into"), "a merge names the school: 422")
    r = admin.put("/api/v1/orgs/%d" % new, {"status": "merged", "closed": "2024-07-31",
                                             "merged_into": new})
    check_eq((r.status, r.field), (422, "merged_into"), "not into itself")
    r = admin.put("/api/v1/orgs/%d" % new, {"status": "merged", "closed": "2024-07-31",
                                             "merged_into": s1})
    check_eq(r.status, 200, "merged into school 1: %r" % r)
    check_eq(figure(admin, "school.junior", "2024-12-31"), j0, "not counted after the merge")
    check_eq(figure(admin, "school.junior", "2024-07-30"), j0 + 1, "counted the day before")
    aud = srv.user_client("aud_bureau", "auditor", org="梨树县教育局")
    r = aud.get("/api/v1/audit?entity=org&action=update&limit=20")
    mine = [e for e in r.json.get("items", []) if e.get("entity_id") == str(new)]
    check(mine and "merged" in json.dumps(mine[0], ensure_ascii=False),
          "the audit records the merge: %r" % mine[:1])
    # school 2 merges into school 1: its records follow, the audit says what moved
    def count(seg, org):
        return admin.get("/api/v1/%s?org_id=%d&limit=1" % (seg, org)).json["total"]
    before = {seg: (count(seg, s1), count(seg, s2))
              for seg in ("vp-appointments", "activities", "check-items", "assessment-scores")}
    r = admin.put("/api/v1/orgs/%d" % s2, {"status": "merged", "closed": "2024-12-20",
                                            "merged_into": s1})
    check_eq(r.status, 200, "school 2 merged into school 1: %r" % r)
    for seg in ("vp-appointments", "activities"):
        a1, a2 = before[seg]
        check_eq((count(seg, s1), count(seg, s2)), (a1 + a2, 0), "%s follow the merge" % seg)
    for seg in ("check-items", "assessment-scores"):
        check_eq((count(seg, s1), count(seg, s2)), before[seg],
                 "%s school 1 has for the same year stay with school 2" % seg)
    r = aud.get("/api/v1/audit?entity=org&action=merge&limit=5")
    m = [e for e in r.json.get("items", []) if e.get("entity_id") == str(s2)]
    moved = json.loads(m[0]["after"])["moved"] if m else {}
    check_eq((moved.get("vp_appoint"), moved.get("activity"), moved.get("check_item_kept")),
             (before["vp-appointments"][1], before["activities"][1], before["check-items"][1]),
             "the audit entry says what moved and what stayed: %r" % moved)


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
        s1, s2, s3 = ORG["梨树县第一实验小学"], ORG["梨树县第二实验小学"], ORG["梨树镇中心小学"]

        # ---- people: personal data sealed and masked per role ---------------
        r = legal.post("/api/v1/vp-people", {"org_id": bureau, "name": "王警官",
                                             "employer_kind": "police",
                                             "employer": "梨树县公安局梨树镇派出所",
                                             "post": "副所长", "phone": "13912345678",
                                             "id_no": "220322198001010011"})
        check_eq((r.status, r.field), (422, "id_no"), "a bad 身份证 checksum is refused naming id_no")
        r = legal.post("/api/v1/vp-people", {"org_id": bureau, "name": "王警官",
                                             "employer_kind": "police",
                                             "employer": "梨树县公安局梨树镇派出所",
                                             "post": "副所长", "phone": "13912345678",
                                             "id_no": idno(1)})
        check_eq(r.status, 201, "create 法治副校长: %r" % r)
        p1 = r.json["id"]
        check_eq(r.json.get("id_no"), idno(1), "legal sees the 身份证号 in full")
        r = leader.get("/api/v1/vp-people/%d" % p1)
        check_eq(r.status, 200, "leader reads the person")
        check(r.json.get("id_no") not in (None, idno(1)) and "*" in r.json.get("id_no", ""),
              "leader sees the 身份证号 masked: %r" % r.json.get("id_no"))
        check(r.json.get("phone") != "13912345678", "leader sees the phone masked")
        r = legal.post("/api/v1/vp-people", {"org_id": bureau, "name": "王二",
                                             "employer_kind": "court", "employer": "梨树县人民法院",
                                             "id_no": idno(1)})
        check_eq((r.status, r.field), (409, "id_no"), "the same 身份证号 twice: 409 on id_no")
        r = legal.post("/api/v1/vp-people", {"org_id": bureau, "name": "李检察官",
                                             "employer_kind": "procuratorate",
                                             "employer": "梨树县人民检察院", "id_no": idno(2)})
        p2 = r.json["id"]
        r = school.get("/api/v1/vp-people/%d" % p1)
        check_eq(r.status, 404, "a school user does not reach the bureau's 人员库")

        # ---- appointments: the 2-school rule ------------------------------
        def appoint(org, person, start="2024-09-01", end="2027-08-31", cert=None):
            body = {"org_id": org, "person_id": person, "term_start": start, "term_end": end}
            if cert:
                body["cert_no"] = cert
            return legal.post("/api/v1/vp-appointments", body)
        r = appoint(s1, p1, cert="LS-2024-001")
        check_eq(r.status, 201, "appoint at school 1: %r" % r)
        a1 = r.json["id"]
        check_eq(r.json.get("vp_name"), "王警官", "the appointment carries the person's name")
        check_eq(appoint(s2, p1).status, 201, "appoint the same person at school 2")
        n0 = admin.get("/api/v1/vp-appointments").json["total"]
        audit0 = admin.get("/api/v1/audit?entity=vp_appoint&limit=100").json.get("total")
        r = appoint(s3, p1, start="2025-03-01", end="2025-06-30")
        check_eq((r.status, r.field), (409, "person_id"), "a third school at once: 409 on person_id")
        check("最多在 2 所学校" in r.text, "the refusal says the rule in Chinese: %s" % r.text)
        check_eq(admin.get("/api/v1/vp-appointments").json["total"], n0, "nothing written")
        check_eq(admin.get("/api/v1/audit?entity=vp_appoint&limit=100").json.get("total"), audit0,
                 "no audit entry for the refusal")
        r = appoint(s3, p1, start="2027-09-01", end="2030-08-31")
        check_eq(r.status, 201, "a third school after the other terms end: %r" % r)
        r = appoint(ORG["梨树县教育局"], p2)
        check_eq((r.status, r.field), (422, "org_id"), "an appointment at the bureau: 422 on org_id")
        r = appoint(s1, p2, start="2025-01-01", end="2024-01-01")
        check_eq((r.status, r.field), (422, "term_end"), "a backward term: 422 on term_end")
        r = school.post("/api/v1/vp-appointments", {"org_id": s1, "person_id": p2,
                                                     "term_start": "2024-09-01",
                                                     "term_end": "2027-08-31"})
        check_eq(r.status, 403, "a school user does not appoint")

        # ---- scope: a school user reaches only their school's rows ---------
        r = school.get("/api/v1/vp-appointments")
        check_eq({i["org_id"] for i in r.json["items"]}, {s1}, "school lists only its appointments")
        a2 = [i["id"] for i in admin.get("/api/v1/vp-appointments").json["items"]
              if i["org_id"] == s2][0]
        check_eq(school.get("/api/v1/vp-appointments/%d" % a2).status, 404,
                 "another school's appointment: 404")
        check_eq(school.get("/api/v1/vp-appointments/%d" % a1).status, 200, "its own: 200")

        r = school.post("/api/v1/activities", {"org_id": s1, "kind": "vp_lesson",
                                               "held_on": "2024-10-10", "title": "预防校园欺凌",
                                               "speaker_id": a1, "participants": 320})
        check_eq(r.status, 201, "school records a 法治副校长授课: %r" % r)
        check_eq(r.json.get("semester"), "2024秋", "semester from the date")
        act1 = r.json["id"]
        r = school.post("/api/v1/activities", {"org_id": s1, "kind": "vp_lesson",
                                               "held_on": "2024-10-11", "title": "无主讲"})
        check_eq((r.status, r.field), (422, "speaker_id"), "a 法治副校长授课 names the speaker")
        r = school.post("/api/v1/activities", {"org_id": s2, "kind": "case_talk",
                                               "held_on": "2024-10-10", "title": "别校"})
        check(r.status in (404, 422) and r.field == "org_id",
              "a school user cannot write another school's activity: %r" % r)
        r = legal.post("/api/v1/activities", {"org_id": s2, "kind": "case_talk",
                                              "held_on": "2025-03-10", "title": "以案说法：网络安全"})
        check_eq(r.status, 201, "bureau records school 2's activity")
        act2 = r.json["id"]
        check_eq(r.json.get("semester"), "2025春", "spring semester")
        check_eq(school.get("/api/v1/activities/%d" % act2).status, 404,
                 "another school's activity: 404")
        check_eq(school.put("/api/v1/activities/%d" % act2, {"title": "改"}).status, 404,
                 "changing another school's activity: 404")
        check_eq(school.get("/api/v1/activities/%d" % act1).status, 200, "own activity: 200")

        # ---- activity import: all or nothing --------------------------------
        n0 = admin.get("/api/v1/activities").json["total"]
        csv_bad = ("组织单位,活动类别,活动日期,主题,主讲人,参加人数\r\n"
                   "梨树县第一实验小学,以案说法,2024-11-01,案例一,张老师,50\r\n"
                   "梨树县第一实验小学,不存在的类别,2024-13-01,案例二,张老师,50\r\n")
        r = school.request("POST", "/api/v1/activities/import", csv_bad.encode("utf-8"),
                           headers={"Content-Type": "text/csv"}, raw=True)
        check_eq(r.status, 422, "import with a bad row: 422")
        errs = r.json.get("errors", [])
        check(any(e.get("row") == 3 and e.get("field") == "kind" for e in errs)
              and any(e.get("row") == 3 and e.get("field") == "held_on" for e in errs),
              "every problem of row 3 named: %r" % errs)
        check_eq(admin.get("/api/v1/activities").json["total"], n0, "nothing written")
        csv_other = csv_bad.replace("不存在的类别,2024-13-01", "以案说法,2024-12-01") \
                           .replace("梨树县第一实验小学,以案说法,2024-12-01",
                                    "梨树县第二实验小学,以案说法,2024-12-01")
        r = school.request("POST", "/api/v1/activities/import", csv_other.encode("utf-8"),
                           headers={"Content-Type": "text/csv"}, raw=True)
        check_eq(r.status, 422, "a row of another school: 422 (out of scope)")
        check_eq(admin.get("/api/v1/activities").json["total"], n0, "still nothing written")
        csv_good = csv_bad.replace("不存在的类别,2024-13-01", "警示教育,2024-12-01")
        r = school.request("POST", "/api/v1/activities/import", csv_good.encode("utf-8"),
                           headers={"Content-Type": "text/csv"}, raw=True)
        check_eq((r.status, r.json.get("created")), (200, 2), "good import: %r" % r)

        # ---- the checklist: a year's template, one item per school ---------
        # (the demo's template is 2024's; 2025 has none yet)
        item = {"org_id": s1, "year": 2025, "item": "video", "status": "met",
                "checked_on": "2025-05-01", "checker": "李股长"}
        r = school.post("/api/v1/check-items", item)
        check_eq((r.status, r.field), (422, "item"), "an item outside the year's template: 422")
        r = legal.post("/api/v1/check-templates", {"org_id": bureau, "year": 2025, "item": "video",
                                                   "requirement": "重点部位全覆盖，录像保存 30 天以上"})
        check_eq(r.status, 201, "legal adds the template item: %r" % r)
        check_eq(school.post("/api/v1/check-templates", {"org_id": s1, "year": 2025,
                                                         "item": "guard"}).status, 403,
                 "a school user does not edit templates")
        r = school.post("/api/v1/check-items", dict(item, status="unmet"))
        check_eq((r.status, r.field), (422, "note"), "未达标 needs what is lacking")
        r = school.post("/api/v1/check-items", item)
        check_eq(r.status, 201, "school records the item: %r" % r)
        ci = r.json["id"]
        r = school.post("/api/v1/check-items", item)
        check_eq((r.status, r.field), (409, "item"), "the same item twice a year: 409")
        r = legal.post("/api/v1/check-items", dict(item, org_id=s2, status="unmet",
                                                   note="东门无摄像头"))
        check_eq(r.status, 201, "bureau records school 2's item")
        check_eq(school.get("/api/v1/check-items/%d" % r.json["id"]).status, 404,
                 "another school's item: 404")
        check_eq(school.get("/api/v1/check-items/%d" % ci).status, 200, "own item: 200")

        # ---- the figures as of a date (fazhi compliance) -------------------
        # The demo county: 89 中小学 open (one closed in 2023), each with a
        # 法治副校长 from 2023-09-01 to 2026-08-31.
        p = srv.cli("compliance", "--as-of", "2024-12-01")
        check_eq(p.returncode, 0, "compliance runs: %s" % p.stderr)
        check("法治副校长配备率（中小学）\t100%\t89/89" in p.stdout, "demo: every school: %s" % p.stdout)
        check("未配备法治副校长" not in p.stdout, "demo: no school without")
        a3 = [i["id"] for i in admin.get("/api/v1/vp-appointments?org_id=%d" % s3).json["items"]
              if i["term_start"] == "2023-09-01"]
        check_eq(len(a3), 1, "the demo's appointment at 梨树镇中心小学")
        r = legal.request("DELETE", "/api/v1/vp-appointments/%d" % a3[0], {"reason": "录入错误"})
        check_eq(r.status, 200, "void it with a reason: %r" % r)
        p = srv.cli("compliance", "--as-of", "2024-12-01")
        out = p.stdout
        check("法治副校长配备率（中小学）\t98.9%\t88/89" in out, "coverage 88 of 89: %s" % out)
        check("法治副校长配备率（幼儿园）\t100%\t48/48" in out, "kindergartens unchanged")
        check("未配备法治副校长\t梨树镇中心小学" in out, "the school without one is listed")
        p = srv.cli("compliance", "--as-of", "2025-12-01")
        check("视频监控达标率\t0.7%\t1/137" in p.stdout, "video 达标 at one school in 2025: %s"
              % p.stdout)
        p = srv.cli("compliance", "--as-of", "2027-07-15")
        check("聘期将满\t梨树县第一实验小学\t王警官\t2027-08-31" in p.stdout,
              "a term ending within 60 days is listed: %s" % p.stdout)
        check("聘期将满\t梨树县第二实验小学" in p.stdout, "... each of them")
        check("法治副校长配备率（中小学）\t2.2%\t2/89" in p.stdout,
              "the demo's terms ended 2026-08-31: only the new ones count")
        p = srv.cli("compliance", "--as-of", "2023-08-31")
        check("（中小学）\t0.0%" in p.stdout, "no coverage before the terms start")

        # ---- the compliance view: rates by kind, who lacks what ------------
        r = leader.get("/api/v1/compliance?as_of=2024-12-01")
        check_eq(r.status, 200, "leader reads the compliance: %r" % r)
        kinds = {k["kind"]: k for k in r.json["kinds"]}
        vp = {k: [x for x in kinds[k]["rates"] if x["key"] == "vp"][0] for k in kinds}
        check_eq((vp["school"]["met"], vp["school"]["total"], vp["school"]["rate"]),
                 (88, 89, "98.9%"), "法治副校长 rate of 中小学 after the void")
        check_eq((vp["kindergarten"]["met"], vp["kindergarten"]["total"]), (48, 48),
                 "法治副校长 rate of 幼儿园")
        gaps = {i["org_id"]: i for i in r.json["items"]}
        check_eq(r.json["total"], len(gaps), "total counts the schools listed")
        check(s3 in gaps and [l["code"] for l in gaps[s3]["lacks"]] == ["vp"],
              "梨树镇中心小学 lacks its 法治副校长 only: %r" % gaps.get(s3))
        check(s1 not in gaps, "梨树县第一实验小学 lacks nothing yet")
        ids = [i["id"] for i in admin.get("/api/v1/check-items?org_id=%d&year=2024&item=video"
                                          % s1).json["items"]]
        check_eq(len(ids), 1, "the demo's 2024 video item at school 1")
        r = legal.put("/api/v1/check-items/%d" % ids[0], {"status": "unmet", "note": "东门无摄像头",
                                                          "checked_on": "2024-11-20"})
        check_eq(r.status, 200, "the item found 未达标: %r" % r)
        r = leader.get("/api/v1/compliance?as_of=2024-12-01&kind=school")
        gaps = {i["org_id"]: i for i in r.json["items"]}
        check(s1 in gaps and any(l["code"] == "video" and "东门无摄像头" in l["text"]
                                 for l in gaps[s1]["lacks"]),
              "school 1 now lacks 视频监控 with the note: %r" % gaps.get(s1))
        safety = [x for x in r.json["kinds"][0]["rates"] if x["key"] == "safety"][0]
        check_eq((safety["met"], safety["total"]), (88, 89), "四项均达标 drops by one")
        check_eq(r.json["kinds"][1]["schools"], 0, "kind=school leaves out the kindergartens")
        r = leader.get("/api/v1/compliance?as_of=2024-11-19")
        gaps = {i["org_id"]: i for i in r.json["items"]}
        check(s1 in gaps and [l["text"] for l in gaps[s1]["lacks"]] == ["视频监控：未检查"],
              "as of the day before the check the item counts as not checked: %r" % gaps.get(s1))
        r = school.get("/api/v1/compliance?as_of=2024-12-01")
        check_eq(r.status, 200, "a school user reads the compliance")
        check_eq([i["org_id"] for i in r.json["items"]], [s1], "... of their school only")
        check_eq((r.json["kinds"][0]["schools"], r.json["kinds"][1]["schools"]), (1, 0),
                 "... counting their school only")
        r = leader.get("/api/v1/compliance?as_of=2024-13-01")
        check_eq((r.status, r.field), (400, "as_of"), "a bad date: 400 naming as_of")
        check("日期" in r.text, "... in Chinese")
        r = leader.get("/api/v1/compliance?kind=university")
        check_eq((r.status, r.field), (400, "kind"), "a bad kind: 400 naming kind")
        r = leader.get("/compliance?as_of=2024-12-01")
        check(r.status == 200 and "学校法治工作达标情况" in r.text and "梨树镇中心小学" in r.text
              and "未配备法治副校长" in r.text and "视频监控：未达标（东门无摄像头）" in r.text,
              "the page lists the schools and what each lacks")
        check("data-label='缺少'" in r.text, "the page's tables carry labels for the phone layout")
        r = school.get("/compliance?as_of=2024-12-01")
        check(r.status == 200 and "梨树镇中心小学" not in r.text, "a school user's page: own school only")
        p = srv.cli("compliance", "--as-of", "2024-12-01")
        check("缺项\t梨树镇中心小学\t未配备法治副校长" in p.stdout, "the command lists the gaps too")

        assessment(srv, admin, legal, leader, school, bureau, s1, s2)
        evidence(srv, admin, legal, leader, school, s1, s2)
        registry(srv, admin, s1, s2)

        p = srv.cli("audit", "verify")
        check_eq(p.returncode, 0, "audit chain intact")
    except Exception as e:  # noqa: BLE001
        error(e)
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
