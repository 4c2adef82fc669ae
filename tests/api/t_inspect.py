#!/usr/bin/env python3
"""检查记录 (src/areas/inspections/insp_rec.c): the inspection of a drawn
task, from the 检查审批 to its closing, and the figures it makes.

- The demo county's 2024: 4 closed records (3 跨部门联合, 1 部门内), each with
  a 我要执法 filing number, a photo and a recorder entry, rectified where
  ordered; the figures and the report's sentence 「共完成跨部门联合检查3次，
  部门内检查1次」 come from them, and a new record changes them.
- A record is created per drawn task (once; a superseded draw's task is
  refused), with the drawn inspectors present and one result per item of
  the plan's checklist.
- The gate of 记录现场检查: >= 2 inspectors, each certificate valid on the
  day (the last day of a certificate still counts, the day after does not).
- The rectification deadline in working days on the clock (端午 skipped).
- The closing gate: every checklist item has a result, the filing number,
  2 valid inspectors, a re-check that found it rectified; a re-check that
  did not lets the bureau order again; a closed record no longer changes.
- Photos: uploaded (a photo only), downloaded re-hashed, a changed file
  answers 500 file_damaged; recorder entries: the SM3 of a video kept on
  the recorder, checked.
- Roles and scope (403, 404), bad input (422 naming the field), the CLI,
  the audit chain.  Runs on SQLite and PostgreSQL.
"""
import os
import re
import sys
import zlib
import struct

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish  # noqa: E402

AS_OF = "2024-11-15"


def png(w=8, h=8):
    """A small real PNG."""
    raw = b"".join(b"\x00" + b"".join(bytes((x * 20 % 256, y * 20 % 256, 99)) for x in range(w))
                   for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(files, b="----fazhiinsp7f3a"):
    out = []
    for k, (name, data, ctype) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (b, k, name, ctype)).encode("utf-8"))
        out.append(data)
        out.append(b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b


def upload(c, path, field, name, data, ctype):
    body, mt = multipart({field: (name, data, ctype)})
    return c.request("POST", path, body, raw=True, headers={"Content-Type": mt})


def figures(c, as_of=AS_OF):
    r = c.get("/api/v1/figures?year=2024&as_of=" + as_of)
    items = r.json.get("items", r.json.get("figures", []))
    return {f["key"]: f.get("value") for f in items}


def sentence(srv):
    p = srv.cli("report", "--year", "2024", "--as-of", AS_OF, "--format", "md")
    m = re.search(r"今年共完成[^。]*。", p.stdout)
    return m.group(0) if m else p.stdout[-300:] + p.stderr


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        insp = srv.user_client("u_insp", "inspector", org="梨树县教育局")
        school = srv.user_client("u_school", "school", org="梨树县第一实验小学")

        # ---- the demo county's 2024 ------------------------------------------------
        recs = admin.get("/api/v1/inspections?limit=100").json["items"]
        check_eq(len(recs), 4, "the demo county has 4 inspection records")
        check_eq(sorted(r["insp_type"] for r in recs), ["internal", "joint", "joint", "joint"],
                 "3 跨部门联合 and 1 部门内")
        for r in recs:
            full = admin.get("/api/v1/inspections/%d" % r["id"]).json
            check(full["status"] == "closed" and full["filing_no"] and full["photo_file"]
                  and re.fullmatch(r"行政检查〔2024〕\d号", full["number"] or ""),
                  "demo record %d closed, numbered, filed, with a photo" % r["id"])
            media = admin.get("/api/v1/inspections/%d/media" % r["id"]).json["items"]
            check(len(media) == 1 and len(media[0]["sm3"]) == 64, "... and a recorder entry")
            res = admin.get("/api/v1/inspections/%d/results" % r["id"]).json["items"]
            check(len(res) >= 4 and all(x["result"] for x in res), "... every checklist item done")
        v = figures(admin)
        check_eq((v.get("inspect.joint"), v.get("inspect.internal"), v.get("inspect.done")),
                 (3, 1, 4), "figures: 3 joint, 1 internal inspections")
        check_eq((v.get("inspect.filing_rate"), v.get("inspect.recorder_rate"),
                  v.get("inspect.problems"), v.get("inspect.rectified_ontime"),
                  v.get("inspect.over_cap")), (100, 100, 3, 100, 0),
                 "filing and recorder 100 %, 3 problems, all rectified on time, none over the cap")
        v = figures(admin, "2024-05-31")
        check_eq((v.get("inspect.joint"), v.get("inspect.internal")), (2, 0),
                 "as of 31 May: the two spring inspections only")
        check_eq(sentence(srv), "今年共完成跨部门联合检查3次，部门内检查1次。",
                 "the report states the seed's sentence from the records")

        # ---- a new record of a drawn task ------------------------------------------
        draws = {d["number"]: d for d in admin.get("/api/v1/draws?limit=100").json["items"]}
        d1 = draws["双随机〔2024〕1号"]
        tasks = admin.get("/api/v1/draws/%d/tasks" % d1["id"]).json["items"]
        check_eq(len(tasks), d1["n_drawn"], "the draw's tasks are its declared child")
        task = [t for t in tasks if t["seq"] == 2][0]
        check_eq(school.post("/api/v1/inspections", {"task_id": task["id"]}).status, 403,
                 "a school user records no inspection")
        r = insp.post("/api/v1/inspections", {"task_id": task["id"], "place": "校园"})
        check_eq((r.status, r.field), (400, "place"), "what a step records is not set on create")
        r = insp.post("/api/v1/inspections", {"task_id": task["id"]})
        check_eq(r.status, 201, "an inspector records the task's inspection")
        rid = r.json["id"]
        rec = insp.get("/api/v1/inspections/%d" % rid).json
        check_eq((rec["status"], rec["insp_type"], rec["target_id"], rec["draw_id"]),
                 ("new", "joint", task["target_id"], d1["id"]),
                 "its type, target and draw come from the task")
        r = insp.post("/api/v1/inspections", {"task_id": task["id"]})
        check_eq(r.status, 409, "one record per task")
        members = insp.get("/api/v1/inspections/%d/members" % rid).json["items"]
        check_eq(sorted(m["person_id"] for m in members),
                 sorted(int(x) for x in task["team"].split(",")),
                 "the drawn inspectors are the ones present")
        results = insp.get("/api/v1/inspections/%d/results" % rid).json["items"]
        check_eq([x["item"] for x in results],
                 ["校园封闭化管理", "专职保安配备", "一键式报警和视频监控", "安全隐患排查整改"],
                 "one result row per item of the plan's checklist")
        check_eq(school.get("/api/v1/inspections/%d" % rid).status, 404,
                 "outside the school's scope: 404")

        # steps: approval and notice, each asking its fields
        r = insp.post("/api/v1/inspections/%d/approve" % rid, {"approved_on": "2024-05-27"})
        check_eq((r.status, r.code), (409, "gate"), "approval needs the approver")
        r = insp.post("/api/v1/inspections/%d/approve" % rid,
                      {"approver": "刘国华", "approved_on": "2024-05-27"})
        check_eq(r.status, 200, "approved")
        check_eq(insp.get("/api/v1/inspections/%d" % rid).json["number"], "行政检查〔2024〕5号",
                 "numbered on approval in its year")
        r = insp.post("/api/v1/inspections/%d/notify" % rid,
                      {"notice_on": "2024-05-26", "notice_way": "送达检查通知书"})
        check_eq((r.status, r.field), (422, "notice_on"), "notice not before the approval")
        check_eq(insp.post("/api/v1/inspections/%d/notify" % rid,
                           {"notice_on": "2024-05-28", "notice_way": "送达检查通知书"}).status,
                 200, "notified")

        # the gate of the on-site inspection: 2 inspectors valid on the day
        people = {p["name"]: p for p in admin.get("/api/v1/insp-people?limit=100").json["items"]}
        chen = people["陈立军"]   # certificate valid until 2024-05-31
        check_eq(chen["valid_until"], "2024-05-31", "the fixture's certificate ends 31 May")
        gone = members[1]
        check_eq(insp.request("DELETE", "/api/v1/inspections/%d/members/%d" % (rid, gone["id"]),
                              {"reason": "当日因病未到场"}).status, 200,
                 "a drawn inspector absent: the row voided with the reason")
        r = insp.post("/api/v1/inspections/%d/members" % rid, {"person_id": chen["id"],
                                                               "role": "assist"})
        check_eq(r.status, 201, "another inspector present")
        check_eq(r.json.get("cert_no"), chen["cert_no"], "... the certificate number copied")
        r = insp.post("/api/v1/inspections/%d/members" % rid, {"person_id": chen["id"]})
        check_eq(r.status, 409, "the same inspector twice is refused")
        onsite = {"inspect_on": "2024-06-01", "time_from": "09:00", "time_to": "10:30",
                  "place": "校园", "findings": "报警装置未联网", "conclusion": "problem"}
        r = insp.post("/api/v1/inspections/%d/inspect" % rid, onsite)
        errs = r.json.get("errors", []) if r.status == 409 else []
        check_eq((r.status, r.code), (409, "gate"), "an inspector whose certificate lapsed: gated")
        check(any("陈立军" in e["message"] and "2024-05-31" in e["message"] for e in errs)
              and any("至少2名" in e["message"] for e in errs),
              "... naming him, the day it ended, and the 2-inspector rule: %s" % errs)
        check_eq(insp.get("/api/v1/inspections/%d" % rid).json["status"], "notified",
                 "nothing changed")
        p = srv.cli("inspect", "inspect", str(rid), "--inspect-on", "2024-06-01", "--place", "校园",
                    "--conclusion", "problem")
        check(p.returncode != 0 and "陈立军" in p.stderr, "the CLI prints the gate: %s" % p.stderr)
        onsite["inspect_on"] = "2024-05-31"
        r = insp.post("/api/v1/inspections/%d/inspect" % rid, dict(onsite, time_from="25:00"))
        check_eq((r.status, r.field), (422, "time_from"), "a bad time: 422 naming the field")
        r = insp.post("/api/v1/inspections/%d/inspect" % rid, dict(onsite, time_to="08:00"))
        check_eq((r.status, r.field), (422, "time_to"), "the end not before the start")
        r = insp.post("/api/v1/inspections/%d/inspect" % rid, onsite)
        check_eq(r.status, 200, "on the certificate's last day it is still valid")

        # photos: a photo only, downloaded re-hashed, a changed file caught
        url = "/api/v1/inspections/%d/files/photo_file" % rid
        r = upload(insp, url, "photo_file", "a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        check_eq((r.status, r.field), (422, "photo_file"), "a PDF is no photo")
        pic = png()
        r = upload(insp, url, "photo_file", "现场.png", pic, "image/png")
        check_eq(r.status, 201, "a photo taken on site is uploaded")
        hexd = r.json.get("photo_file")
        r = insp.get(url)
        check_eq((r.status, r.body), (200, pic), "downloaded as uploaded")
        check_eq(school.get(url).status, 404, "not outside the scope")

        # recorder entries: a video on the recorder is registered by its SM3
        murl = "/api/v1/inspections/%d/media" % rid
        m = {"kind": "video", "device_no": "DSJ-LS-009", "officer": "周志刚",
             "started_at": "2024-05-31 09:00", "ended_at": "2024-05-31 10:30",
             "retention": "y10", "storage": "device"}
        r = insp.post(murl, m)
        check_eq((r.status, r.field), (422, "sm3"), "on the recorder: the SM3 is required")
        r = insp.post(murl, dict(m, sm3="12ab"))
        check_eq((r.status, r.field), (422, "sm3"), "an SM3 is 64 hex digits")
        r = insp.post(murl, dict(m, sm3="AB" * 32, ended_at="2024-05-31 08:00"))
        check_eq((r.status, r.field), (422, "ended_at"), "the end not before the start")
        r = insp.post(murl, dict(m, sm3="AB" * 32))
        check_eq((r.status, r.json.get("sm3")), (201, "ab" * 32), "registered, kept lower-case")
        media_id = r.json.get("id")

        # rectification: a deadline in working days on the clock
        r = insp.post("/api/v1/inspections/%d/order" % rid,
                      {"rectify_req": "10个工作日内完成报警装置联网", "rectify_on": "2024-05-31",
                       "rectify_days": 10})
        check_eq(r.status, 200, "rectification ordered")
        rec = insp.get("/api/v1/inspections/%d" % rid).json
        check_eq((rec["status"], rec["rectify_due"]), ("rectifying", "2024-06-17"),
                 "due after 10 working days, 端午 (10 June) not counted")
        p = srv.cli("inspect", "explain", str(rid))
        check(p.returncode == 0 and "2024-06-17" in p.stdout, "the CLI explains the due day")
        r = insp.get("/api/v1/inspections/due?within=5&as_of=2024-06-12")
        check(r.status == 200 and rid in [x.get("id") for x in r.json.get("items", [])],
              "listed as due within 5 working days on 12 June: %s" % r.json)

        # the closing gate
        r = insp.post("/api/v1/inspections/%d/close" % rid, {"closed_on": "2024-06-20"})
        check_eq(r.status, 409, "not closed while rectifying")
        r = insp.post("/api/v1/inspections/%d/recheck" % rid,
                      {"recheck_on": "2024-06-18", "recheck_result": "not", "recheck_by": "周志刚"})
        check_eq(r.status, 200, "re-checked: not rectified")
        r = insp.post("/api/v1/inspections/%d/close" % rid, {"closed_on": "2024-06-20"})
        msgs = " ".join(e["message"] for e in r.json.get("errors", [])) if r.status == 409 else ""
        check_eq((r.status, r.code), (409, "gate"), "closing is gated")
        check("4个检查项目未填写检查结果" in msgs and "我要执法备案号" in msgs
              and "复查确认整改到位" in msgs,
              "... results, filing number and re-check named: %s" % msgs)
        for x in results:
            body = {"result": "ok"}
            if x["seq"] == 3:
                body = {"result": "fail"}
                r = insp.put("/api/v1/inspections/%d/results/%d" % (rid, x["id"]), body)
                check_eq((r.status, r.field), (422, "note"), "不符合 says what was found")
                body["note"] = "报警装置未与公安联网"
            check_eq(insp.put("/api/v1/inspections/%d/results/%d" % (rid, x["id"]), body).status,
                     200, "result of item %d" % x["seq"])
        r = insp.post("/api/v1/inspections/%d/order" % rid,
                      {"rectify_req": "再限5个工作日", "rectify_on": "2024-06-18", "rectify_days": 5})
        check_eq(r.status, 200, "ordered again after a failed re-check")
        check_eq(insp.get("/api/v1/inspections/%d" % rid).json["rectify_due"], "2024-06-25",
                 "the new due day")
        check_eq(insp.post("/api/v1/inspections/%d/recheck" % rid,
                           {"rectified_on": "2024-06-21", "recheck_on": "2024-06-24",
                            "recheck_result": "done", "recheck_by": "周志刚"}).status, 200,
                 "re-checked: rectified")
        check_eq(insp.put("/api/v1/inspections/%d" % rid, {"filing_no": "JLZF2024053100099"}).status,
                 200, "the filing number recorded")
        r = insp.post("/api/v1/inspections/%d/close" % rid, {"closed_on": "2024-06-26"})
        check_eq(r.status, 200, "closed once every condition is met")
        check_eq(insp.put("/api/v1/inspections/%d" % rid, {"filing_no": "X1"}).status, 409,
                 "a closed record no longer changes")
        check_eq(insp.post(murl, dict(m, sm3="cd" * 32)).status, 409, "... nor its children")
        r = upload(insp, "/api/v1/inspections/%d/files/photo2_file" % rid, "photo2_file", "补拍.png",
                   png(), "image/png")
        check_eq(r.status, 409, "... nor takes another photo: %r" % r)
        r = upload(insp, "/api/v1/inspections/%d/media/%d/files/file" % (rid, media_id), "file",
                   "补录.png", png(), "image/png")
        check_eq(r.status, 409, "... nor a file on a recorder entry: %r" % r)

        # the figures and the report follow the records
        v = figures(admin)
        check_eq((v.get("inspect.joint"), v.get("inspect.internal"), v.get("inspect.done")),
                 (4, 1, 5), "a fifth inspection counts")
        check_eq((v.get("inspect.filing_rate"), v.get("inspect.recorder_rate"),
                  v.get("inspect.problems"), v.get("inspect.rectified_ontime")),
                 (100, 100, 4, 100), "rectified by the due day of the order in force")
        check_eq(sentence(srv), "今年共完成跨部门联合检查4次，部门内检查1次。",
                 "the report's sentence changes with the records")
        check_eq(admin.request("DELETE", "/api/v1/inspections/%d" % rid,
                               {"reason": "测试"}).status, 200, "voided")
        check_eq(figures(admin).get("inspect.joint"), 3, "a voided record no longer counts")

        # a task of a superseded draw is refused
        r = admin.post("/api/v1/draws", {"plan_id": d1["plan_id"], "drawn_on": "2024-03-15",
                                         "seed": "重抽", "replaces": d1["id"],
                                         "reason": "测试重新抽签"})
        check_eq(r.status, 201, "a re-draw")
        old = [t for t in tasks if t["seq"] == 3][0]
        r = insp.post("/api/v1/inspections", {"task_id": old["id"]})
        check_eq((r.status, r.field), (409, "task_id"), "a superseded draw's task is refused")

        # an imported record: its inspectors and checklist rows come with its next step
        body = "抽签任务\r\n双随机〔2024〕2号 · 梨树县喇嘛甸镇中学\r\n".encode("utf-8")
        r = insp.request("POST", "/api/v1/inspections/import", body, raw=True,
                         headers={"Content-Type": "text/csv"})
        check_eq((r.status, r.json.get("created") if r.status == 200 else r.text[:200]), (200, 1),
                 "a record imported from a workbook")
        imp = [x for x in insp.get("/api/v1/inspections?limit=100").json["items"]
               if x["title"] == "梨树县喇嘛甸镇中学"]
        check_eq(len(imp), 1, "... listed")
        if imp:
            iid = imp[0]["id"]
            check_eq(insp.post("/api/v1/inspections/%d/approve" % iid,
                               {"approver": "刘国华", "approved_on": "2024-05-13"}).status, 200,
                     "... approved")
            check_eq((len(insp.get("/api/v1/inspections/%d/members" % iid).json["items"]),
                      len(insp.get("/api/v1/inspections/%d/results" % iid).json["items"])), (2, 4),
                     "... with the drawn inspectors and the checklist rows")

        # the tampered photo
        path = os.path.join(srv.data, "files", hexd[:2], hexd) if hexd else ""
        check(os.path.exists(path), "the photo is in the store under its SM3")
        if os.path.exists(path):
            with open(path, "ab") as f:
                f.write(b"tampered")
            r = insp.get(url)
            check_eq((r.status, r.code), (500, "file_damaged"), "a changed photo: 500 file_damaged")
            check(pic[:8] not in r.body, "... none of it sent")

        p = srv.cli("audit", "verify")
        check_eq(p.returncode, 0, "the audit chain verifies: %s" % p.stdout[-200:])
        srv.check_log()
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
