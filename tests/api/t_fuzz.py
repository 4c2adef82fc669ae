"""t_fuzz.py -- no request may stop the server (issue 7 section 1).

Every route of the route table (parsed from `fazhi routes`), every method,
signed in as every role and signed out, gets random and hostile path
arguments, query parameters and bodies: invalid UTF-8, %FF, %00, control
characters, 60,000-character values, wrong JSON types, huge numbers, deep
nesting.  The suite fails when the process exits or answers a status
outside the documented set.  The two reproducers of the issue run first.

Bounded: one pass over route x method x role, then random requests until
FAZHI_FUZZ_SECONDS (default 60) have passed; the seed is printed so a
failure replays (FAZHI_FUZZ_SEED).  Runs on SQLite, and on PostgreSQL with
FAZHI_TEST_BACKEND=pg (tests/run).
"""
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ROLES, Server, backend, check, check_eq, error, finish, run

# 410: a change to a record (or child row) an earlier request of the run
# voided (gone, as docs/api/openapi.yaml documents for every register write)
DOCUMENTED = {200, 201, 204, 302, 303, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 423,
              429, 503}
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
SECONDS = float(os.environ.get("FAZHI_FUZZ_SECONDS", "60"))
SEED = int(os.environ.get("FAZHI_FUZZ_SEED", str(int(time.time()))))
rng = random.Random(SEED)

# Path segments and query values, already in URL form (percent-encoded).
HOSTILE_SEG = [
    "1", "2", "0", "-1", "007", "99999999999999999999999", "9223372036854775808",
    "1e308", "NaN", "%FF", "%00", "a%00b", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%0D%0A",
    "%1B%5B31m", "%7F", "%27%3B%20DROP%20TABLE%20org%3B--", "%3Cscript%3E", "..", "%2E%2E",
    "%E4%B8%AD%E6%96%87", "%E4%B8%AD" * 300, "x" * 3000, "%25", "%", "%G1", "+", "2025",
    "10000", "abc.css", "app.css", "..%2F..%2Fetc%2Fpasswd",
]
HOSTILE_VAL = HOSTILE_SEG + ["", "a" * 50010, "%E4%B8%AD" * 5000, "%FF" * 100, "%01%02%03",
                             "a%09b", "-9223372036854775809", "%20%20", "xlsx", "pdf", "csv",
                             "docx", "school", "bureau"]
PARAM_NAMES = ["q", "kind", "limit", "offset", "format", "year", "date", "n", "org_id", "user",
               "entity", "action", "source", "parent_id", "page", "csrf", "%FF", "a%00", "x" * 70]
FIELDS = ["name", "kind", "code", "parent_id", "region", "school_code", "username",
          "display_name", "password", "old_password", "new_password", "roles", "org_id",
          "totp", "code", "date", "n", "year", "holidays", "workdays", "days", "disabled",
          "must_change", "reason", "items"]


def hostile_json_value(depth=0):
    k = rng.randrange(16)
    if k == 0:
        return "a" * rng.choice([1, 100, 60000])
    if k == 1:
        return "\u0000\u0001\u001b\u007f"
    if k == 2:
        return rng.choice([10 ** 30, -10 ** 30, 2 ** 63, -2 ** 63 - 1, 0, -1, 1])
    if k == 3:
        return rng.choice([1e308, -0.0, 3.5])
    if k == 4:
        return rng.choice([True, False, None])
    if k == 5 and depth < 3:
        return [hostile_json_value(depth + 1) for _ in range(rng.randrange(4))]
    if k == 6 and depth < 3:
        return {rng.choice(FIELDS): hostile_json_value(depth + 1) for _ in range(rng.randrange(4))}
    if k == 7:
        return "<script>alert(1)</script>'\"; DROP TABLE org; --"
    if k == 8:
        return "\ud800"          # a lone surrogate (json.dumps writes \\ud800)
    if k == 9:
        return "中" * rng.choice([1, 101, 20000])
    if k == 10:
        return rng.choice(["school", "bureau", "admin", "2025-10-01", "91220322MB0000000X"])
    return rng.choice(["", " ", "1", "-1", "0", "2025", "abc"])


def hostile_body():
    """(bytes, content type) of a random hostile body."""
    k = rng.randrange(14)
    if k == 0:
        return b"", "application/json"
    if k == 1:
        return b"[" * 100000 + b"]" * 100000, "application/json"
    if k == 2:
        return b'{"name":"\xff\xfe","kind":"school"}', "application/json"
    if k == 3:
        return b'{"name":"a\x00b"}', "application/json"
    if k == 4:
        return b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json"
    if k == 5:
        return b'{"n":1e99999,"year":-99999999999999999999999999}', "application/json"
    if k == 6:
        return rng.choice([b"null", b"1", b'"x"', b"[]", b"{", b"{}}"]), "application/json"
    if k == 7:
        return ("&".join("%s=%s" % (rng.choice(FIELDS), rng.choice(HOSTILE_VAL))
                         for _ in range(rng.randrange(1, 6)))).encode(), \
            "application/x-www-form-urlencoded"
    if k == 8:
        return b"name=%FF&kind=%00&code=a%00b", "application/x-www-form-urlencoded"
    if k == 9:
        b = (b"--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../a.xlsx\"\r\n"
             b"Content-Type: application/octet-stream\r\n\r\nPK\x03\x04\xff\xff\r\n--xx--\r\n")
        return b, "multipart/form-data; boundary=xx"
    if k == 10:
        b = b"--xx\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\xff\x00\r\n--xx"
        return b, rng.choice(["multipart/form-data; boundary=xx", "multipart/form-data"])
    if k == 11:
        return os.urandom(rng.choice([10, 1000, 50000])), rng.choice(
            ["application/json", "application/octet-stream", "text/plain"])
    obj = {rng.choice(FIELDS): hostile_json_value() for _ in range(rng.randrange(1, 6))}
    return json.dumps(obj).encode(), "application/json"


def fill_path(pattern, hostile):
    """The route's path with each :arg replaced (a plausible id or hostile)."""
    parts = []
    for seg in pattern.split("/"):
        if seg.startswith(":"):
            if not hostile:
                seg = {"id": "1", "year": "2025", "name": "app.css", "token": "abc",
                       "action": "lock"}.get(seg[1:], "1")
            else:
                seg = rng.choice(HOSTILE_SEG)
        parts.append(seg)
    return "/".join(parts)


def hostile_query(path):
    """A hostile query string; the request line stays under the server's
    64 KiB header memory with the cookie and token (beyond it
    libmicrohttpd itself answers 414 or 431).  Bodies carry the
    60,000-character values."""
    while True:
        n = rng.randrange(0, 4)
        q = "&".join("%s=%s" % (rng.choice(PARAM_NAMES), rng.choice(HOSTILE_VAL))
                     for _ in range(n))
        if len(path) + len(q) < 52000:
            return q


def read_routes():
    """(method, path) of every route `fazhi routes` prints (lines of other
    shapes, such as a header, are skipped)."""
    p = run(["routes"])
    out = []
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) >= 2 and f[0] in ("GET", "POST", "PUT", "DELETE", "PATCH") and f[1].startswith("/"):
            out.append((f[0], f[1]))
    return out


class Fuzzer:
    def __init__(self, srv):
        self.srv = srv
        self.n = 0
        self.statuses = {}
        self.dead = False
        self.bad = 0          # answers outside the documented set (each also a FAIL line)

    def send(self, client, method, path, body=None, ctype=None, headers=None):
        """One request; checks the status and that the server lives."""
        if self.dead:
            return None
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        try:
            r = client.request(method, path, body=body, headers=h, raw=True)
            st = r.status
        except Exception as e:            # a reset connection: the process may be gone
            r, st = None, "exception %s" % type(e).__name__
        self.n += 1
        self.statuses[st] = self.statuses.get(st, 0) + 1
        if self.srv.proc.poll() is not None:
            check(False, "server exited (status %s) after %s %s; log:\n%s"
                  % (self.srv.proc.returncode, method, path[:300], self.srv.log()))
            self.dead = True
            return None
        if st not in DOCUMENTED:
            self.bad += 1
            check(False, "%s %s -> %s (outside the documented statuses) body %r"
                  % (method, path[:300], st, (r.body[:300] if r else b"")))
            print("  request body %r\n  server log: %s" % (
                (body or b"")[:300], self.srv.log(600)), flush=True)
        return r


def reproducers(srv, c):
    """The two requests of issue 7 that ended the process."""
    r = c.get("/api/v1/orgs?q=" + "a" * 50010)
    check_eq((r.status, r.field), (400, "q"), "GET /api/v1/orgs?q=50,010 x a answers 400 naming q")
    check("搜索" in (r.message or ""), "the message says what is wrong in Chinese: %r" % r.message)
    r = c.get("/api/v1/orgs?q=%FF")
    check_eq((r.status, r.field), (400, "q"), "GET /api/v1/orgs?q=%FF answers 400 naming q")
    r = c.get("/orgs?q=%FF")
    check_eq(r.status, 400, "GET /orgs?q=%FF answers 400 (page)")
    r = c.get("/api/v1/orgs?q=" + "%E4%B8%AD" * 101)
    check_eq((r.status, r.field), (400, "q"), "a search text of 101 characters is refused")
    r = c.get("/api/v1/orgs?q=" + "%E4%B8%AD" * 100)
    check_eq(r.status, 200, "a search text of 100 characters is fine")
    r = c.get("/api/v1/orgs?q=a%00b")
    check_eq(r.status, 400, "a NUL in a query parameter is refused")
    r = c.get("/api/v1/orgs?kind=%01")
    check_eq((r.status, r.field), (400, "kind"), "a control character in a parameter is refused")
    r = c.get("/api/v1/orgs/%FF")
    check_eq(r.status, 400, "invalid UTF-8 in a path segment is refused")
    r = c.post("/orgs/new", "name=%FF&kind=school", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    check_eq(r.status, 400, "invalid UTF-8 in a form field is refused")
    r = c.post("/orgs/new", "name=a%00b&kind=school", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    check_eq(r.status, 400, "a NUL in a form field is refused")
    r = c.request("GET", "/api/v1/me", headers={"X-CSRF-Token": "\x01"})
    check(r.status in (400, 200), "a control byte in a header does not stop the server")
    check(srv.proc.poll() is None, "the server still runs after the reproducers")
    r = c.get("/healthz")
    check_eq(r.status, 200, "/healthz answers after the reproducers")


def main():
    print("backend %s, seed %d (FAZHI_FUZZ_SEED replays)" % (backend(), SEED), flush=True)
    routes = read_routes()
    check(len(routes) > 30, "`fazhi routes` lists the route table (%d routes)" % len(routes))
    srv = Server()
    try:
        admin = srv.admin()
        reproducers(srv, admin)
        clients = [("admin", admin)]
        for role in ROLES:
            if role != "admin":
                clients.append((role, srv.user_client("fz_" + role, role)))
        clients.append(("signed-out", srv.client()))
        fz = Fuzzer(srv)
        t0 = time.time()
        # one pass: every route x every method x every role, plausible path
        # arguments, a hostile query, and a hostile body on writes
        for who, c in clients:
            for method, pattern in routes:
                for m in METHODS:
                    if fz.dead:
                        break
                    if "logout" in pattern and who != "signed-out":
                        continue      # keep the session for the rest of the run
                    path = fill_path(pattern, False)
                    q = hostile_query(path)
                    body, ctype = (None, None)
                    if m not in ("GET", "HEAD"):
                        body, ctype = hostile_body()
                    fz.send(c, m, path + ("?" + q if q else ""), body, ctype)
        check(not fz.dead, "the server survives one pass over route x method x role")
        first = fz.n
        # then random hostile requests until the time is up
        while not fz.dead and time.time() - t0 < SECONDS:
            who, c = rng.choice(clients)
            method, pattern = rng.choice(routes)
            if "logout" in pattern and who != "signed-out":
                continue
            m = method if rng.random() < 0.8 else rng.choice(METHODS)
            path = fill_path(pattern, rng.random() < 0.6)
            q = hostile_query(path)
            body, ctype = (None, None)
            if m not in ("GET", "HEAD"):
                body, ctype = hostile_body()
            hdrs = None
            if rng.random() < 0.05:
                hdrs = {"X-CSRF-Token": rng.choice(["\xff", "a" * 5000, ""])}
            fz.send(c, m, path + ("?" + q if q else ""), body, ctype, hdrs)
        print("%d requests (%d in the first pass) in %.1f s; statuses %s" % (
            fz.n, first, time.time() - t0,
            dict(sorted(fz.statuses.items(), key=lambda kv: str(kv[0])))), flush=True)
        check(fz.bad == 0, "every one of %d requests answered a documented status" % fz.n)
        if not fz.dead:
            r = srv.client().get("/healthz")
            check_eq(r.status, 200, "/healthz answers after the fuzz run")
            check("fazhi: SQL" not in srv.log(0), "no SQL failure in the server log")
    except Exception:
        error("fuzz")
    finally:
        srv.stop()


main()
finish()
