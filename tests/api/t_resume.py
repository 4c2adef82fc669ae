#!/usr/bin/env python3
"""Uploads in pieces that resume (src/core/resume.c), on the backend
tests/api/lib.py selects (SQLite, or PostgreSQL with FAZHI_TEST_BACKEND=pg):

- a photo sent in three pieces, the connection "dropped" after the first
  (the client asks how much arrived and goes on from there), is complete
  and hashed; attached to a record by ?upload=<id>, the record's file is
  those bytes and downloads whole; one upload attaches once;
- a piece at the wrong offset is 409 naming what arrived; a piece past the
  size is 422; a piece sent twice (its reply lost) is refused, not doubled;
- a declared SM3 that the bytes do not match is 422 and the upload starts
  again from 0;
- an upload is its owner's alone (404 to another user);
- bad declarations (size 0, over 2 GiB, a malformed sm3, an unknown field)
  are refused naming the field; an unfinished upload is refused by the file
  route; the type is still judged from the bytes when attached.
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

OCTET = {"Content-Type": "application/octet-stream"}


def sm3(data):
    try:
        h = hashlib.new("sm3")
    except ValueError:
        return None
    h.update(data)
    return h.hexdigest()


def put(c, uid, off, data):
    return c.request("PUT", "/api/v1/uploads/%s?offset=%d" % (uid, off), data, raw=True,
                     headers=OCTET)


def main():
    srv = None
    try:
        srv = Server()
        print("backend: %s" % ("postgresql" if srv.db_url else "sqlite"), flush=True)
        admin = srv.admin()
        legal = srv.user_client("r_legal", "legal", org="梨树县教育局")
        other = srv.user_client("r_other", "legal", org="梨树县教育局")
        bureau = [o for o in admin.get("/api/v1/orgs?limit=1000").json["items"]
                  if o["name"] == "梨树县教育局"][0]["id"]
        r = legal.post("/api/v1/advisers", {"org_id": bureau, "name": "续传律师事务所",
                                            "kind": "firm", "licence_no": "22030188888888",
                                            "contract_start": "2024-01-01",
                                            "contract_end": "2026-12-31"})
        check_eq(r.status, 201, "an adviser to attach to: %r" % r)
        aid = r.json["id"]
        photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(300000) + b"\xff\xd9"
        h = sm3(photo)

        # ---- declarations ----------------------------------------------------
        for body, field in (({"name": "a.jpg", "size": 0}, "size"),
                            ({"name": "a.jpg", "size": 3 * 1024 ** 3}, "size"),
                            ({"name": "", "size": 10}, "name"),
                            ({"name": "a.jpg", "size": 10, "sm3": "XYZ"}, "sm3")):
            r = legal.post("/api/v1/uploads", body)
            check_eq((r.status, r.field), (422, field), "declaration %r refused naming %s" % (body, field))
        r = legal.post("/api/v1/uploads", {"name": "a.jpg", "size": 10, "colour": "red"})
        check_eq(r.status, 400, "an unknown field is 400: %r" % r)

        # ---- three pieces, a drop after the first ----------------------------
        decl = {"name": "现场照片.jpg", "size": len(photo)}
        if h:
            decl["sm3"] = h
        r = legal.post("/api/v1/uploads", decl)
        check_eq(r.status, 201, "upload opened: %r" % r)
        uid = r.json.get("id")
        check_eq((r.json.get("received"), r.json.get("complete")), (0, False), "nothing received yet")
        a, b = 100000, 200000
        r = put(legal, uid, 0, photo[:a])
        check_eq((r.status, r.json.get("received")), (200, a), "the first piece: %r" % r)
        # the reply to the next piece is "lost": the client asks
        r = legal.get("/api/v1/uploads/%s" % uid)
        check_eq(r.json.get("received"), a, "after a drop the server says how much arrived")
        r = put(legal, uid, 0, photo[:a])
        check_eq((r.status, r.code), (409, "offset_mismatch"), "the first piece again is refused: %r" % r)
        check("100000" in r.message, "... naming what arrived: %s" % r.message)
        r = put(legal, uid, b, photo[b:])
        check_eq(r.status, 409, "a piece past a gap is refused")
        r = put(legal, uid, a, photo[a:b] + photo[b:] + b"extra")
        check_eq(r.status, 422, "a piece past the size is refused: %r" % r)
        r = legal.post("/api/v1/advisers/%d/files/contract_file?upload=%s" % (aid, uid), b"",
                       raw=True, headers=OCTET)
        check_eq(r.status, 422, "an unfinished upload is not attached: %r" % r)
        check("尚未完成" in r.message, "... saying so: %s" % r.message)
        r = put(legal, uid, a, photo[a:b])
        check_eq(r.json.get("received"), b, "the second piece")
        r = other.get("/api/v1/uploads/%s" % uid)
        check_eq(r.status, 404, "another user does not see the upload")
        r = put(other, uid, b, photo[b:])
        check_eq(r.status, 404, "nor send to it")
        r = put(legal, uid, b, photo[b:])
        check_eq((r.status, r.json.get("complete")), (200, True), "the last piece completes it: %r" % r)
        if h:
            check_eq(r.json.get("sm3"), h, "the SM3 of the whole file")
        r = put(legal, uid, b, photo[b:])
        check_eq((r.status, r.code), (409, "complete"), "a complete upload takes no more")

        # ---- attached by its id ------------------------------------------------
        r = other.post("/api/v1/advisers/%d/files/contract_file?upload=%s" % (aid, uid), b"",
                       raw=True, headers=OCTET)
        check_eq(r.status, 422, "another user cannot attach it: %r" % r)
        r = legal.post("/api/v1/advisers/%d/files/contract_file?upload=%s" % (aid, uid), b"",
                       raw=True, headers=OCTET)
        check_eq(r.status, 201, "attached by ?upload=: %r" % r)
        hexd = r.json.get("contract_file")
        if h:
            check_eq(hexd, h, "the record names the file's SM3")
        r = legal.get("/api/v1/advisers/%d/files/contract_file" % aid)
        check(r.status == 200 and r.body == photo, "the download is the whole photo")
        ff = legal.get("/api/v1/advisers/%d" % aid).json.get("contract_file_file") or {}
        check_eq((ff.get("name"), ff.get("type")), ("现场照片.jpg", "image/jpeg"),
                 "the name given at the start, the type from the bytes")
        check(not os.path.exists(os.path.join(srv.data, "tmp", "part-" + uid)),
              "the piece file moved into the store")
        r = legal.post("/api/v1/advisers/%d/files/contract_file?upload=%s" % (aid, uid), b"",
                       raw=True, headers=OCTET)
        check_eq(r.status, 422, "one upload attaches once: %r" % r)
        check_eq(legal.get("/api/v1/uploads/%s" % uid).status, 404, "and is forgotten")

        # ---- a corrupted transfer ---------------------------------------------
        if h:
            data = b"%PDF-1.7\n" + os.urandom(5000) + b"%%EOF\n"
            r = legal.post("/api/v1/uploads", {"name": "合同.pdf", "size": len(data), "sm3": sm3(data)})
            u2 = r.json.get("id")
            bad = bytearray(data)
            bad[100] ^= 0xFF
            r = put(legal, u2, 0, bytes(bad))
            check_eq((r.status, r.code), (422, "sm3_mismatch"), "a changed byte is caught: %r" % r)
            r = legal.get("/api/v1/uploads/%s" % u2)
            check_eq((r.json.get("received"), r.json.get("complete")), (0, False),
                     "the upload starts again from 0")
            r = put(legal, u2, 0, data)
            check_eq(r.json.get("complete"), True, "and completes when sent right")
        # the type is still judged when attached
        text = b"<svg onload=alert(1)></svg>" * 10
        r = legal.post("/api/v1/uploads", {"name": "x.jpg", "size": len(text)})
        u3 = r.json.get("id")
        put(legal, u3, 0, text)
        r = legal.post("/api/v1/advisers/%d/files/contract_file?upload=%s" % (aid, u3), b"",
                       raw=True, headers=OCTET)
        check_eq(r.status, 422, "a file that is no photo, PDF or Word is refused at attach: %r" % r)
        srv.check_log()
    except Exception:
        error("exception")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
