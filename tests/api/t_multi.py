#!/usr/bin/env python3
"""Two fazhi serve processes over one database behave as one.

Runs on the backend tests/api/lib.py selects (SQLite file shared by both
processes, or a PostgreSQL database with FAZHI_TEST_BACKEND=pg):

- a session opened through one process is valid on the other; logging
  out through one ends it on both;
- a write through one is visible in the very next read through the other
  (each process caches list responses; the audit head invalidates them);
- failed logins counted by both processes add up to one lockout, and the
  failures of one client address pause it on both;
- orgs written concurrently through both processes leave one unbroken
  audit chain (`fazhi audit verify`), with an entry for every org, and the
  head file in the shared key folder holds the final head.
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, Client, check, check_eq, finish, error, NEW_PASSWORD  # noqa: E402


def main():
    a = b = None
    try:
        a = Server()
        b = Server(demo=False, data=a.data, db_url=a.db_url)
        print("backend: %s" % ("postgresql" if a.db_url else "sqlite"), flush=True)

        # a leader (no second factor needed) signs in through A
        ca = a.user_client("lead", "leader", org="梨树县教育局")
        cb = Client(b.port)
        cb.cookies = dict(ca.cookies)
        cb.csrf = ca.csrf
        r = cb.get("/api/v1/me")
        check_eq(r.status, 200, "a session opened on A is valid on B")
        check_eq(r.json.get("username") if r.status == 200 else None, "lead",
                 "B sees the same user")

        # a write through B is visible in the next read through A (A has
        # the list cached from a read just before)
        adm = a.admin()
        adm_b = Client(b.port)
        adm_b.cookies = dict(adm.cookies)
        adm_b.csrf = adm.csrf
        before = a.client()
        before.cookies = dict(ca.cookies)
        n0 = before.get("/api/v1/orgs").json["total"]
        r = adm_b.post("/api/v1/orgs", {"name": "经B新增的学校", "kind": "school", "parent_id": 1})
        check_eq(r.status, 201, "org created through B")
        r = before.get("/api/v1/orgs")
        check_eq(r.json["total"], n0 + 1, "A's very next read shows B's write")

        # lockout counted across processes
        p = a.add_user("victim", "legal")
        check_eq(p.returncode, 0, "user for the lockout test")
        for i in range(5):
            srv = a if i % 2 == 0 else b
            r = Client(srv.port).login("victim", "wrong-Pass1!")
            check_eq(r.status, 401, "failure %d through %s is refused" % (i + 1, "AB"[i % 2]))
        r = Client(b.port).login("victim", "Passw0rd!x")
        check_eq((r.status, r.code), (401, "bad_credentials"),
                 "five failures spread over A and B lock the account (B)")
        r = Client(a.port).login("victim", "Passw0rd!x")
        check_eq((r.status, r.code), (401, "bad_credentials"), "... and A agrees")

        # failures of one client address, counted by both processes, pause
        # it on both (the default limit: 4 failures, slowdown from the 2nd)
        check_eq(a.cli("config", "set", "login.ip_max_failures", "4").returncode, 0,
                 "default per-address limit")
        ip = "127.0.2.9"
        codes = []
        for i, srv in enumerate((a, b, a, b)):
            if i >= 2:
                time.sleep(2 ** (i - 1) + 0.3)       # wait out the slowdown
            codes.append(Client(srv.port, source=ip).login("lead", "wrong-Pass%d!" % i).status)
        check_eq(codes, [401, 401, 401, 401], "four failures of one address through A, B, A, B")
        r = Client(a.port, source=ip).login("lead", NEW_PASSWORD)
        check_eq(r.status, 429, "the address is paused on A")
        r = Client(b.port, source=ip).login("lead", NEW_PASSWORD)
        check_eq(r.status, 429, "... and on B")
        check_eq(Client(b.port, source="127.0.2.10").login("lead", NEW_PASSWORD).status, 200,
                 "another address signs lead in: one address cannot lock the account")
        check_eq(a.cli("config", "set", "login.ip_max_failures", "100").returncode, 0,
                 "test limit again")

        # concurrent writers through both processes: one chain
        errors = []
        ok = []

        def writer(cli, tag):
            for k in range(25):
                r = cli.post("/api/v1/orgs", {"name": "并发%s-%d" % (tag, k), "kind": "school",
                                              "parent_id": 1})
                (ok if r.status == 201 else errors).append((tag, k, r.status))

        threads = [threading.Thread(target=writer, args=(c, t))
                   for c, t in ((adm, "A1"), (adm_b, "B1"), (adm, "A2"), (adm_b, "B2"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check_eq(len(errors), 0, "every concurrent write succeeded (%s)" % errors[:3])
        check_eq(len(ok), 100, "100 orgs written through A and B at once")
        p = a.cli("audit", "verify")
        check_eq(p.returncode, 0, "audit chain intact after concurrent writers: %s%s"
                 % (p.stdout.strip(), p.stderr.strip()))
        # both processes kept the head file in the shared key folder: it
        # holds the database's head (moved forward only, under its lock)
        with open(os.path.join(a.data, "fazhi.audit-head"), encoding="utf-8") as f:
            head = dict(line.strip().split("=", 1) for line in f if "=" in line)
        n_db = int(p.stdout.split("：")[1].split()[0]) if "：" in p.stdout else -1
        check_eq(int(head.get("count", -2)), n_db,
                 "the head file holds the database's head after concurrent writers")
        check("与密钥目录中的审计头一致" in p.stdout, "verify compared it: %s" % p.stdout)
        aud = Client(a.port)
        aud_user = a.user_client("aud", "auditor", org="梨树县教育局")
        r = aud_user.get("/api/v1/audit?action=create&entity=org&limit=500")
        names = [e["after"] for e in r.json["items"]] if r.status == 200 else []
        check_eq(sum(1 for x in names if x and "并发" in x), 100,
                 "an audit entry for every concurrent org")
        del aud

        # logout through A ends the session on B
        r = ca.logout()
        check_eq(r.status, 200, "logout through A")
        r = cb.get("/api/v1/me")
        check_eq(r.status, 401, "the session is gone on B too")
    except Exception as e:  # noqa: BLE001
        error("t_multi: %r" % e)
    finally:
        for s in (b, a):
            if s is not None:
                s.stop()
    finish()


if __name__ == "__main__":
    main()
