#!/usr/bin/env python3
"""t_files.py -- attachments on the file store (src/core/files.c,
src/reg/file.c, src/web/upload.c).

- a register's file field (法律顾问's 合同文本): upload by the API, the
  record's JSON names the file (name, size, SM3, URL), the download is the
  same bytes as an attachment with nosniff, the record page shows the name
  and size with a link and offers a file input with accept; one audit entry
  per upload naming the SM3;
- the type is judged from the bytes: an SVG, an HTML page, a zip that is
  no Word file (though it starts with PK) and an empty file are refused
  with 422 naming the field; a leader may download but not upload; a
  voided record takes no file;
- a file changed on the disk answers 500 file_damaged (audited) and
  `fazhi files verify` names it until it is restored;
- a body over the field's cap gets 413 from the headers alone, before the
  body is read;
- a 1 GB upload (a recorder's video, generated on the fly, never on the
  client's disk) is streamed into a checklist item's evidence with the
  server's RSS under 64 MB; its SM3 is the stream's;
- `fazhi backup` carries the store: files/ beside the database copy.
"""
import hashlib
import http.client
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402
from lib import Server, check, check_eq, finish  # noqa: E402
from t_dos import RssPeak, rss_kb  # noqa: E402

MiB = 1024 * 1024
RSS_LIMIT_KB = 64 * 1024
BIG = 1024 * MiB


def multipart(fields, files, b="----fazhifiles5d2c"):
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                    % (b, k, v)).encode())
    for k, (name, data, ctype) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (b, k, name, ctype)).encode("utf-8"))
        out.append(data)
        out.append(b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b


def sm3(data):
    try:
        h = hashlib.new("sm3")
    except ValueError:
        return None
    h.update(data)
    return h.hexdigest()


def upload(c, path, name, data, ctype, field="contract_file"):
    body, mt = multipart({}, {field: (name, data, ctype)})
    return c.request("POST", path, body, raw=True, headers={"Content-Type": mt})


def too_big_from_headers(srv, c, path, length):
    """Send only the headers (Content-Length: length) and 1 KiB of body;
    the reply must come without the rest (a reply at all shows it: the rest
    is never sent).  Returns (status, seconds, head); the seconds are for
    information only, and the generous socket timeout is never a speed."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=120)
    t0 = time.time()
    try:
        head = ("POST %s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
                "Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n"
                % (path, "; ".join("%s=%s" % kv for kv in c.cookies.items()), c.csrf, length))
        s.sendall(head.encode() + b"\0" * 1024)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
        return status, time.time() - t0, data
    finally:
        s.close()


def big_upload(srv, c, path, n):
    """POST n bytes (an MP4 header, then zeros) generated in 1 MiB pieces;
    returns (status, reply JSON or text, SM3 of the stream or None)."""
    head = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2mp41"
    try:
        h = hashlib.new("sm3")
    except ValueError:
        h = None
    zeros = bytes(MiB)

    def gen():
        sent = 0
        first = head + zeros[len(head):]
        while sent < n:
            piece = first if sent == 0 else zeros
            piece = piece[:n - sent]
            if h:
                h.update(piece)
            sent += len(piece)
            yield piece

    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=600)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Cookie", "; ".join("%s=%s" % kv for kv in c.cookies.items()))
        conn.putheader("X-CSRF-Token", c.csrf)
        conn.putheader("Content-Type", "video/mp4")
        conn.putheader("Content-Length", str(n))
        conn.endheaders()
        for piece in gen():
            conn.send(piece)
        r = conn.getresponse()
        body = r.read()
        return r.status, body, h.hexdigest() if h else None
    finally:
        conn.close()


def approver_new_form(srv):
    c = srv.user_client("f_appr2", "approver", org="梨树县教育局")
    return c.get("/permits/new").text


def main():
    srv = None
    try:
        srv = Server()
        admin = srv.admin()
        legal = srv.user_client("f_legal", "legal", org="梨树县教育局")
        leader = srv.user_client("f_leader", "leader", org="梨树县教育局")
        auditor = srv.user_client("f_aud", "auditor", org="梨树县教育局")
        bureau = [o for o in admin.get("/api/v1/orgs?limit=1000").json["items"]
                  if o["name"] == "梨树县教育局"][0]["id"]
        r = legal.post("/api/v1/advisers", {"org_id": bureau, "name": "吉林梨树律师事务所",
                                            "kind": "firm", "licence_no": "22030199999999",
                                            "contract_start": "2024-01-01",
                                            "contract_end": "2026-12-31"})
        check_eq(r.status, 201, "an adviser to attach the contract to: %r" % r)
        aid = r.json["id"]
        check(r.json.get("contract_file") is None and r.json.get("contract_file_file") is None,
              "no contract yet")
        url = "/api/v1/advisers/%d/files/contract_file" % aid
        pdf = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 300 + b"%%EOF\n"
        audit0 = auditor.get("/api/v1/audit?entity=adviser&action=attach&limit=100").json["total"]

        # ---- upload, JSON, download, record page -----------------------------
        r = upload(legal, url, "聘用合同（2024）.pdf", pdf, "application/pdf")
        check_eq(r.status, 201, "the contract uploads: %r" % r)
        hexd = r.json.get("contract_file")
        check(hexd and len(hexd) == 64, "the field holds the SM3: %r" % r.json)
        if sm3(pdf):
            check_eq(hexd, sm3(pdf), "... the SM3 of the bytes")
        path = os.path.join(srv.data, "files", hexd[:2], hexd)
        check(os.path.exists(path), "stored under its SM3")
        check_eq(os.stat(path).st_mode & 0o777, 0o600, "mode 0600")
        r = legal.get("/api/v1/advisers/%d" % aid)
        ff = r.json.get("contract_file_file") or {}
        check_eq((ff.get("name"), ff.get("size"), ff.get("type"), ff.get("sm3"), ff.get("url")),
                 ("聘用合同（2024）.pdf", len(pdf), "application/pdf", hexd, url),
                 "the record's JSON names the file")
        r = leader.get(url)
        check(r.status == 200 and r.body == pdf, "a leader downloads the same bytes")
        check_eq(r.header("Content-Type"), "application/pdf", "... typed from the bytes")
        cd = r.header("Content-Disposition") or ""
        check(cd.startswith("attachment;") and "filename*=UTF-8''" in cd
              and "%E8%81%98" in cd, "... as an attachment with its real name: %s" % cd)
        check_eq(r.header("X-Content-Type-Options"), "nosniff", "... never sniffed by the browser")
        r = legal.get("/advisers/%d" % aid)
        check("聘用合同（2024）.pdf" in r.text and "/advisers/%d/files/contract_file" % aid in r.text,
              "the record page shows the name and links the download")
        check("type='file'" in r.text and "accept='" in r.text and "application/pdf" in r.text
              and "enctype='multipart/form-data'" in r.text, "... and offers a file input")
        r = legal.get("/advisers/%d/files/contract_file" % aid)
        check(r.status == 200 and r.body == pdf, "the page download too")
        n_audit = auditor.get("/api/v1/audit?entity=adviser&action=attach&limit=100").json
        check_eq(n_audit["total"], audit0 + 1, "one audit entry for the upload")
        check(any(hexd in (e.get("after") or "") for e in n_audit["items"]),
              "... naming the file's SM3")
        # the page form: multipart with the CSRF field, redirected to the record
        docx_like = b"PK\x03\x04" + b"\0" * 200
        body, mt = multipart({"csrf": legal.csrf}, {"contract_file": ("x.docx", docx_like,
                                                                      "application/zip")})
        r = legal.request("POST", "/advisers/%d/files/contract_file" % aid, body, raw=True,
                          csrf=False, headers={"Content-Type": mt})
        check_eq(r.status, 422, "a zip that is no Word file is refused on the page: %r" % r)

        # ---- the add/edit forms take the file too (multipart, streamed) -------
        r = legal.get("/advisers/new")
        check("enctype='multipart/form-data'" in r.text and "type='file' name='contract_file'" in r.text
              and "accept='" in r.text, "the add form has a file input for the contract")
        check("name='decision_file'" not in approver_new_form(srv),
              "... while the permit's signed documents are not asked on a new application")
        fields = {"csrf": legal.csrf, "org_id": str(bureau), "name": "吉林某某律师事务所",
                  "kind": "firm", "licence_no": "22030188888888", "contract_start": "2025-01-01",
                  "contract_end": "2025-12-31"}
        body, mt = multipart(fields, {"contract_file": ("合同2025.pdf", pdf + b"2025", "application/pdf")})
        r = legal.request("POST", "/advisers/new", body, raw=True, csrf=False,
                          headers={"Content-Type": mt})
        check_eq(r.status, 303, "the add form with its contract saves: %r" % r)
        nid = int((r.header("Location") or "/0?").split("/")[-1].split("?")[0] or 0)
        ff = legal.get("/api/v1/advisers/%d" % nid).json.get("contract_file_file") or {}
        check_eq((ff.get("name"), ff.get("size")), ("合同2025.pdf", len(pdf) + 4),
                 "... with the contract attached")
        svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
        fields["name"] = "改了名字"
        body, mt = multipart(fields, {"contract_file": ("x.svg", svg, "image/svg+xml")})
        r = legal.request("POST", "/advisers/%d/edit" % nid, body, raw=True, csrf=False,
                          headers={"Content-Type": mt})
        check(r.status == 422 and "合同文本只能上传" in r.text,
              "an SVG in the edit form is refused beside the field: %r" % r)
        check_eq(legal.get("/api/v1/advisers/%d" % nid).json.get("name"), "吉林某某律师事务所",
                 "... and nothing changed")
        body, mt = multipart(fields, {"contract_file": ("", b"", "application/octet-stream")})
        r = legal.request("POST", "/advisers/%d/edit" % nid, body, raw=True, csrf=False,
                          headers={"Content-Type": mt})
        check_eq(r.status, 303, "the edit form without a new file saves the rest")
        got = legal.get("/api/v1/advisers/%d" % nid).json
        check_eq((got.get("name"), (got.get("contract_file_file") or {}).get("name")),
                 ("改了名字", "合同2025.pdf"), "... keeping the contract")

        # ---- refusals ----------------------------------------------------------
        for name, data, what in (
                ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
                 "an SVG"),
                ("a.html", b"<!DOCTYPE html><html><body>x</body></html>", "an HTML page"),
                ("a.docx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"x" * 100,
                 "a zip that is no Word file (starts with PK)"),
                ("a.exe", b"MZ\x90\x00", "a program")):
            r = upload(legal, url, name, data, "application/octet-stream")
            check_eq((r.status, r.field), (422, "contract_file"), "%s is refused naming the field"
                     % what)
        check("PDF" in r.text, "... saying what is accepted: %s" % r.message)
        r = upload(legal, url, "empty.pdf", b"", "application/pdf")
        check_eq((r.status, r.field), (422, "contract_file"), "an empty file is refused")
        r = upload(leader, url, "a.pdf", pdf, "application/pdf")
        check_eq(r.status, 403, "a leader does not upload")
        r = upload(legal, "/api/v1/advisers/%d/files/name" % aid, "a.pdf", pdf, "application/pdf")
        check_eq(r.status, 404, "a field that is no file field: 404")
        r = upload(legal, "/api/v1/advisers/999999/files/contract_file", "a.pdf", pdf,
                   "application/pdf")
        check_eq(r.status, 404, "an unknown record: 404")
        check_eq(legal.get(url).body, pdf, "the refusals changed nothing")
        status, secs, _ = too_big_from_headers(srv, legal, url, 30 * MiB)
        check_eq(status, 413, "30 MB for a 20 MB field: 413 from the headers alone")
        print("413 from the headers after %.2f s (for information)" % secs)

        # ---- the permit's signed documents: PDF or photo only ---------------
        approver = srv.user_client("f_appr", "approver", org="梨树县教育局")
        pid = approver.get("/api/v1/permits?limit=1").json["items"][0]["id"]
        purl = "/api/v1/permits/%d/files/receipt_file" % pid
        photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"signed receipt" * 100
        r = upload(approver, purl, "送达回证.jpg", photo, "image/jpeg", field="receipt_file")
        check_eq(r.status, 201, "a photo of the signed 送达回证 uploads: %r" % r)
        check_eq(approver.get(purl).body, photo, "... and downloads")
        import zipfile
        import io
        zb = io.BytesIO()
        with zipfile.ZipFile(zb, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", "<w:document/>")
        r = upload(approver, purl, "回证.docx", zb.getvalue(), "application/octet-stream",
                   field="receipt_file")
        check_eq((r.status, r.field), (422, "receipt_file"),
                 "a real Word file is refused where only PDF or a photo is taken")
        r = upload(legal, url, "合同.docx", zb.getvalue(), "application/octet-stream")
        check_eq(r.status, 201, "... and accepted where Word is (the contract)")
        r = upload(legal, url, "聘用合同（2024）.pdf", pdf, "application/pdf")
        check_eq(r.status, 201, "the PDF again")
        hexd = r.json["contract_file"]

        # ---- a file changed on the disk ---------------------------------------
        with open(path, "ab") as f:
            f.write(b"tampered")
        r = legal.get(url)
        check_eq((r.status, r.code), (500, "file_damaged"), "a changed file: 500 file_damaged")
        check(pdf[:200] not in r.body, "... none of it sent")
        r = auditor.get("/api/v1/audit?entity=adviser&action=file_damaged&limit=10").json
        check_eq(r["total"], 1, "... audited")
        p = srv.cli("files", "verify")
        check(p.returncode == 1 and hexd in p.stdout and "损坏" in p.stdout
              and "adviser %d contract_file" % aid in p.stdout,
              "fazhi files verify names it and its record: %s" % p.stdout)
        with open(path, "wb") as f:
            f.write(pdf)
        p = srv.cli("files", "verify")
        check_eq(p.returncode, 0, "restored: verify passes (%s)" % p.stdout.strip())
        check_eq(legal.get(url).body, pdf, "... and the download works again")

        # ---- a voided record takes no file ------------------------------------
        r = legal.request("DELETE", "/api/v1/advisers/%d" % aid, {"reason": "录入错误"})
        check_eq(r.status, 200, "void the adviser: %r" % r)
        r = upload(legal, url, "b.pdf", pdf + b"x", "application/pdf")
        check_eq(r.status, 410, "a voided record takes no file")
        check_eq(legal.get(url).body, pdf, "its file stays downloadable")

        # ---- backup carries the store -----------------------------------------
        if lib.backend() != "pg":
            bdir = os.path.join(srv.tmp, "backup")
            os.makedirs(bdir)
            p = srv.cli("backup", os.path.join(bdir, "fazhi.db"))
            check_eq(p.returncode, 0, "fazhi backup: %s %s" % (p.stdout, p.stderr))
            copy = os.path.join(bdir, "files", hexd[:2], hexd)
            check(os.path.exists(copy) and open(copy, "rb").read() == pdf,
                  "the backup folder holds files/ with the contract")

        # ---- 1 GB streamed into a checklist item's evidence ------------------
        item = admin.get("/api/v1/check-items?limit=1").json["items"][0]["id"]
        epath = "/api/v1/check-items/%d/evidence?name=recorder.mp4" % item
        status, secs, _ = too_big_from_headers(srv, legal, epath, 3 * 1024 * MiB)
        check_eq(status, 413, "3 GB of evidence (cap 2 GB): 413 from the headers")
        base = rss_kb(srv)
        peak = RssPeak(srv)
        t0 = time.time()
        status, body, want = big_upload(srv, legal, epath, BIG)
        secs = time.time() - t0
        top = peak.stop()
        check_eq(status, 201, "the 1 GB video is stored: %r" % body[:300])
        print("1 GB upload: %.1f s, server RSS %d KiB before, peak %d KiB"
              % (secs, base, top))
        check(0 < top < RSS_LIMIT_KB, "the server's RSS stayed under 64 MB (peak %d KiB)" % top)
        import json
        got = json.loads(body) if status == 201 else {}
        check_eq(got.get("size"), BIG, "... all of it")
        check_eq(got.get("type"), "video/mp4", "... sniffed as video")
        if want:
            check_eq(got.get("sm3"), want, "... its SM3 is the stream's")
        if got.get("sm3"):
            big = os.path.join(srv.data, "files", got["sm3"][:2], got["sm3"])
            check_eq(os.path.getsize(big), BIG, "... stored whole")
            os.unlink(big)                     # 1 GB less on the test disk
        leftovers = [f for f in os.listdir(os.path.join(srv.data, "tmp"))
                     if f.startswith("up-")] if os.path.isdir(os.path.join(srv.data, "tmp")) else []
        check_eq(leftovers, [], "no temporary upload file left behind")
        srv.check_log()
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
