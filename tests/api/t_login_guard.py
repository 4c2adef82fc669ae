#!/usr/bin/env python3
"""Login and second factor (issue 7 §4), on SQLite or PostgreSQL.

- every session of a user with TOTP must have passed it: a session opened
  before the enrolment (by another session) ends with it;
- the same TOTP code in several logins at the same moment signs in once;
- failures count per client address (127.0.0.x source addresses stand for
  different clients): slowdown, then a pause, before one address can lock an
  account; a locked administrator still signs in with password + code from
  an address without failures; the answer tells the tries left;
- unknown user, wrong password, locked and disabled answer alike: same
  status, same body, the same work (one argon2id verification at the real
  cost, counted in the test build's FAZHI_TEST_HASH_LOG, not timed);
- a wrong old password on POST /api/v1/password is a failed login (counted,
  audited, locks the account and ends its sessions);
- a new password may not repeat any of the last 5.
"""
import os
import statistics
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (NEW_PASSWORD, Client, Server, check, check_eq, error, finish,  # noqa: E402
                 totp, wait_next_step)

_addr = [10]


def fresh():
    """A client address no earlier request used."""
    _addr[0] += 1
    return "127.0.1.%d" % _addr[0]


def avoid_step_edge():
    """Wait when a 30 s TOTP step is about to end, so codes stay valid."""
    r = time.time() % 30
    if r > 24:
        time.sleep(30 - r + 0.5)


def login_from(srv, user, pw, code=None, source=None):
    return Client(srv.port, source=source or fresh()).login(user, pw, code)


def test_totp_every_session(srv, st):
    """A session opened before enrolment stops when another enrols."""
    c1 = Client(srv.port, source=fresh())
    r = c1.login("admin", srv.admin_password)
    check_eq(r.status, 200, "admin first login")
    check_eq(c1.change_password(srv.admin_password, NEW_PASSWORD).status, 200, "admin password")
    srv.admin_password = NEW_PASSWORD
    c2 = Client(srv.port, source=fresh())
    r = c2.login("admin", NEW_PASSWORD)
    check(r.status == 200 and r.json.get("must_enroll_totp") is True,
          "second admin session, before enrolment: %r" % r)
    tok2 = r.json.get("token")
    c3 = Client(srv.port, source=fresh())
    r = c3.login("admin", NEW_PASSWORD)
    tok3 = r.json.get("token")
    avoid_step_edge()
    r = c2.enroll_totp()
    check_eq(r.status, 200, "enrolment through session 2")
    st["secret"] = c2.secret
    check_eq(c2.get("/api/v1/orgs").status, 200, "the enrolling session goes on")
    r = c1.get("/api/v1/orgs")
    check_eq(r.status, 401, "a session opened before enrolment no longer works")
    r = Client(srv.port).get("/api/v1/orgs", headers={"Authorization": "Bearer " + tok3})
    check_eq(r.status, 401, "... nor its bearer token")
    check(tok2 != tok3, "two tokens")
    st["admin"] = c2


def test_totp_replay_race(srv, st):
    """N logins with one code at once: exactly one signs in."""
    secret = st["secret"]
    avoid_step_edge()
    code = totp(secret, time.time() + 30)     # the next step: not used yet
    results = []
    barrier = threading.Barrier(4)

    def one():
        c = Client(srv.port, source=fresh())
        barrier.wait()
        results.append(c.login("admin", NEW_PASSWORD, code))

    th = [threading.Thread(target=one) for _ in range(4)]
    for t in th:
        t.start()
    for t in th:
        t.join()
    oks = [r for r in results if r.status == 200]
    check_eq(len(oks), 1, "one of 4 concurrent logins with the same code signs in (%s)"
             % [(r.status, r.code) for r in results])
    check(all(r.code == "totp_invalid" for r in results if r.status != 200),
          "the others are told the code was used: %s" % [r.code for r in results])
    r = login_from(srv, "admin", NEW_PASSWORD, code)
    check_eq((r.status, r.code), (401, "totp_invalid"), "the code is spent afterwards too")


def test_address_limit(srv, st):
    """Slowdown, then a pause, of one address; the account does not lock."""
    p = srv.add_user("victim", "school")
    check_eq(p.returncode, 0, "user victim")
    ip = fresh()
    r = login_from(srv, "victim", "Wrong-pass1", source=ip)
    check_eq((r.status, r.code), (401, "bad_credentials"), "failure 1")
    check("还可尝试3次" in (r.message or ""), "failure 1 tells 3 tries left: %r" % r.message)
    r = login_from(srv, "victim", "Wrong-pass2", source=ip)
    check_eq(r.status, 401, "failure 2")
    check("还可尝试2次" in (r.message or "") and "2秒" in (r.message or ""),
          "failure 2 tells 2 tries left and the wait: %r" % r.message)
    r = login_from(srv, "victim", "Passw0rd!x", source=ip)
    check_eq((r.status, r.code), (429, "too_many_attempts"),
             "at once again: the address must wait (even with the right password)")
    check(r.header("Retry-After") in ("1", "2"), "Retry-After: %r" % r.header("Retry-After"))
    time.sleep(2.2)
    r = login_from(srv, "victim", "Wrong-pass3", source=ip)
    check_eq(r.status, 401, "failure 3 after the wait")
    check("还可尝试1次" in (r.message or "") and "4秒" in (r.message or ""),
          "failure 3 tells 1 try left, wait 4 s: %r" % r.message)
    time.sleep(4.2)
    r = login_from(srv, "victim", "Wrong-pass4", source=ip)
    check_eq(r.status, 401, "failure 4")
    check("暂停登录15分钟" in (r.message or ""), "failure 4 pauses the address: %r" % r.message)
    r = login_from(srv, "victim", "Passw0rd!x", source=ip)
    check_eq(r.status, 429, "the paused address is refused")
    check(int(r.header("Retry-After") or 0) > 800, "for about 15 minutes: %r" % r.header("Retry-After"))
    # four failures from one address: the account is not locked
    r = login_from(srv, "victim", "Passw0rd!x")
    check_eq(r.status, 200, "victim signs in from another address: one address cannot lock it")


def test_admin_not_locked_out(srv, st):
    """Failures from five addresses lock admin; password + code from a
    clean address still sign in."""
    secret = st["secret"]
    bad = []
    for i in range(5):
        ip = fresh()
        bad.append(ip)
        r = login_from(srv, "admin", "Wrong-pass%d" % i, source=ip)
        check_eq(r.status, 401, "admin failure %d" % (i + 1))
    r = login_from(srv, "admin", NEW_PASSWORD)
    check_eq((r.status, r.code), (401, "bad_credentials"),
             "locked admin: the password alone is not enough (not totp_required)")
    wait_next_step()
    code = totp(secret, time.time() + 30)
    r = login_from(srv, "admin", NEW_PASSWORD, code, source=bad[0])
    check_eq((r.status, r.code), (401, "bad_credentials"),
             "locked admin from an address with failures: refused")
    wrong = "000000" if code != "000000" else "111111"
    r = login_from(srv, "admin", NEW_PASSWORD, wrong)
    check_eq((r.status, r.code), (401, "bad_credentials"),
             "locked admin, wrong code: the same answer as a wrong password")
    r = login_from(srv, "admin", NEW_PASSWORD, code)
    check_eq(r.status, 200, "locked admin: password + code from a clean address sign in: %r" % r)
    p = srv.cli("audit", "list", "--action", "login", "--user", "admin", "--limit", "1")
    check("while_locked" in p.stdout, "that login is audited as made while locked: %r" % p.stdout)
    # a user without a second factor stays locked
    p = srv.add_user("plain", "legal", org="梨树县教育局")
    for i in range(5):
        login_from(srv, "plain", "Wrong-pass%d" % i)
    r = login_from(srv, "plain", "Passw0rd!x")
    check_eq((r.status, r.code), (401, "bad_credentials"),
             "a locked user without TOTP waits, even from a clean address")


def uniform_cases(srv, tag, hash_log=None):
    """The four failures, each from a fresh address:
    [(name, response, secs, argon2id verifications it ran)]."""
    def verifies():
        if hash_log is None:
            return 0
        try:
            with open(hash_log) as f:
                return sum(1 for line in f if line.strip() == "verify")
        except OSError:
            return 0
    out = []
    for name, user, pw in (("wrong password", "u" + tag, "Wrong-pass1"),
                           ("unknown user", "nobody" + tag, "Passw0rd!x"),
                           ("locked", "l" + tag, "Passw0rd!x"),
                           ("disabled", "d" + tag, "Passw0rd!x")):
        c = Client(srv.port, source=fresh())
        n0 = verifies()
        t0 = time.time()
        r = c.login(user, pw)
        out.append((name, r, time.time() - t0, verifies() - n0))
    return out


def prepare_uniform(srv, tag):
    for u in ("u", "l", "d"):
        p = srv.add_user(u + tag, "school")
        check_eq(p.returncode, 0, "user %s%s" % (u, tag))
    for i in range(5):
        login_from(srv, "l" + tag, "Wrong-pass%d" % i)
    check_eq(srv.cli("user", "lock", "d" + tag).returncode, 0, "disable d%s" % tag)


def test_uniform_bodies(srv, st):
    prepare_uniform(srv, "1")
    cases = uniform_cases(srv, "1")
    for name, r, _, _ in cases:
        check_eq((r.status, r.code), (401, "bad_credentials"), "%s: status and code" % name)
    bodies = set(r.body for _, r, _, _ in cases)
    check_eq(len(bodies), 1, "all four failures have the same body: %s"
             % [(n, r.body.decode("utf-8", "replace")) for n, r, _, _ in cases])


def test_password_api(srv, st):
    """Wrong old passwords count as failed logins."""
    c = srv.user_client("pwuser", "school")
    c.source = fresh()
    r = c.change_password("Wrong-old1", "Another#Pass2026")
    check_eq((r.status, r.field), (422, "old_password"), "wrong old password: 422")
    check("还可尝试3次" in (r.message or ""), "tries left told: %r" % r.message)
    p = srv.cli("audit", "list", "--action", "login_failed", "--user", "pwuser")
    check("old_password" in p.stdout, "the wrong old password is audited as a failed login")
    # spread over addresses (one address would be paused first): the fifth
    # failure locks the account and ends its sessions
    for i in range(2, 6):
        c.source = fresh()
        r = c.change_password("Wrong-old%d" % i, "Another#Pass2026")
        check_eq(r.status, 422, "wrong old password %d" % i)
    check("锁定" in (r.message or ""), "the fifth locks the account: %r" % r.message)
    c.source = fresh()
    check_eq(c.get("/api/v1/me").status, 401, "the session ended with the lock")
    r = login_from(srv, "pwuser", NEW_PASSWORD)
    check_eq(r.status, 401, "the account is locked")
    # one address trying old passwords is slowed and paused like logins
    c2 = srv.user_client("pwuser2", "school")
    c2.source = fresh()
    codes = []
    for i in range(3):
        codes.append(c2.change_password("Wrong-old%d" % i, "Another#Pass2026").status)
    check(429 in codes, "one address guessing old passwords is slowed down: %s" % codes)
    # the page counts too
    c3 = srv.user_client("pwuser3", "school")
    c3.source = fresh()
    form = urllib.parse.urlencode({"old_password": "Wrong-old9", "new_password": "Another#Pass2026",
                                   "new_password2": "Another#Pass2026", "csrf": c3.csrf})
    r = c3.post("/password", form.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    check_eq(r.status, 422, "the password page refuses a wrong old password")
    check("还可尝试3次" in r.text, "the page tells the tries left")
    p = srv.cli("audit", "list", "--action", "login_failed", "--user", "pwuser3")
    check("old_password" in p.stdout, "the page's wrong old password is audited: %r" % p.stdout)


def test_password_history(srv, st):
    c = srv.user_client("hist", "school")
    c.source = fresh()
    pws = [NEW_PASSWORD] + ["Xyz#Word%d-2026" % i for i in range(1, 6)]
    for i in range(1, 6):
        r = c.change_password(pws[i - 1], pws[i])
        check_eq(r.status, 200, "password change %d" % i)
    # the current one and the four before it are the last 5
    for back in (0, 1, 4):
        r = c.change_password(pws[5], pws[5 - back])
        check_eq((r.status, r.field), (422, "new_password"),
                 "a password used %d changes ago is refused" % back)
    check("最近5次" in (r.message or ""), "the message names the rule: %r" % r.message)
    r = c.change_password(pws[5], pws[0])
    check_eq(r.status, 200, "the sixth one back may be used again")


def test_uniform_time():
    """The same at the real argon2id cost: every failure runs exactly one
    argon2id verification, counted (the test build's FAZHI_TEST_HASH_LOG),
    not timed -- a timing compared across requests fails on a loaded or
    one-core machine (docs/STYLE.md §11).  The times are printed only."""
    srv = Server(start=False)
    try:
        env = dict(srv.env)               # (keeps FAZHI_DB on PostgreSQL)
        env.pop("FAZHI_TEST_FAST_HASH", None)
        hash_log = os.path.join(srv.tmp, "hashes.log")
        env["FAZHI_TEST_HASH_LOG"] = hash_log
        srv.env = env                     # real argon2id from here on
        srv.start()
        prepare_uniform(srv, "2")
        runs = {}
        for _ in range(3):
            for name, r, secs, n in uniform_cases(srv, "2", hash_log):
                check_eq((r.status, r.code), (401, "bad_credentials"), "%s (real cost)" % name)
                check_eq(n, 1, "%s runs one argon2id verification" % name)
                runs.setdefault(name, []).append(secs)
        med = {k: statistics.median(v) for k, v in runs.items()}
        print("median seconds (for information): %s"
              % {k: round(v, 3) for k, v in med.items()}, flush=True)
        with open(hash_log) as f:
            before = f.read()
        c = Client(srv.port, source=fresh())
        check_eq(c.get("/healthz").status, 200, "/healthz")
        with open(hash_log) as f:
            check_eq(f.read(), before, "... hashes nothing")
    finally:
        srv.stop()


def main():
    srv = None
    try:
        srv = Server(ip_limit=None)       # the default per-address limit
        st = {}
        print("backend: %s" % ("postgresql" if srv.db_url else "sqlite"), flush=True)
        for step in (test_totp_every_session, test_totp_replay_race, test_address_limit,
                     test_admin_not_locked_out, test_uniform_bodies, test_password_api,
                     test_password_history):
            try:
                step(srv, st)
            except Exception:  # noqa: BLE001
                error(step.__name__)
            if step is test_totp_every_session and "secret" not in st:
                break
        srv.stop()
        srv = None
        test_uniform_time()
    except Exception:  # noqa: BLE001
        error("t_login_guard")
    finally:
        if srv is not None:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
