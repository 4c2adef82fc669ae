"""t_faults.py -- the database fails, the server does not (issue 7 section 1).

(a) PostgreSQL restart under bounded write load (a private cluster of
    tests/pg.sh, halted and resumed): the server keeps running, answers 503
    with Retry-After while the database is away, 200 again within seconds,
    and every acknowledged write is there afterwards; the audit chain
    verifies.
(b) A full disk: the data folder on a small tmpfs (or, where mounting is
    refused, a loop-mounted ext4 image); filled to the last byte, writes
    answer 503 and change nothing, reads still work, the audit chain and
    PRAGMA integrity_check pass, and writes succeed again once space is
    freed.  The method that ran is printed.
(c) SQLITE_BUSY: another connection holds the write lock longer than the
    busy timeout (10 s); a write answers 503, the server lives, and the
    next write succeeds; a command meanwhile says 数据库繁忙 and exits 1.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ROOT, Server, check, check_eq, error, finish

PG_SH = os.path.join(ROOT, "tests", "pg.sh")


def root_id(c):
    for o in c.get("/api/v1/orgs?limit=1000").json.get("items", []):
        if o.get("parent_id") is None:
            return o["id"]
    return None


def new_org(c, root, name):
    return c.post("/api/v1/orgs", {"name": name, "kind": "school", "parent_id": root})


def all_org_names(c):
    r = c.get("/api/v1/orgs?limit=1000")
    if r.status != 200:
        return None
    return {o["name"] for o in r.json.get("items", [])}


def check_503(r, what):
    check_eq(r.status, 503, what)
    if r.status == 503:
        check(r.header("Retry-After") is not None, "%s: Retry-After is set" % what)
        check(r.code in ("busy", "storage", "db_unavailable"), "%s: error code %r" % (what, r.code))
        check(bool(r.message), "%s: a message" % what)


# ---------------------------------------------------------------- (a)

def have_pg():
    return shutil.which("pg_config") or os.path.exists("/usr/lib/postgresql/15/bin/initdb")


def pg(*args):
    return subprocess.run(["sh", PG_SH] + list(args), capture_output=True, text=True, timeout=120)


def test_pg_restart():
    if not have_pg():
        print("PostgreSQL is not installed: (a) skipped")
        return
    pgdir = tempfile.mkdtemp(prefix="fazhi-pgfault-")
    p = pg("start", pgdir)
    if not check(p.returncode == 0, "private PostgreSQL cluster starts: %s" % p.stderr):
        return
    srv = None
    try:
        url = pg("createdb", pgdir, "faults").stdout.strip()
        srv = Server(db_url=url)
        a = srv.admin()
        root = root_id(a)
        acked, lock = set(), threading.Lock()
        statuses = {}
        stop = threading.Event()

        def writer(w):
            c = srv.client()
            c.cookies, c.csrf = dict(a.cookies), a.csrf
            i = 0
            while not stop.is_set():
                name = "重启测试学校%d号%d" % (w, i)
                i += 1
                try:
                    r = new_org(c, root, name)
                    st = r.status
                except Exception as e:
                    st = "exception %s" % type(e).__name__
                with lock:
                    statuses[st] = statuses.get(st, 0) + 1
                    if st == 201 or st == 200:
                        acked.add(name)
                time.sleep(0.02)          # bounded load: 4 writers, ~50 writes/s each at most

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        time.sleep(2)
        n_before = len(acked)
        p = pg("halt", pgdir)
        check(p.returncode == 0, "PostgreSQL stops: %s" % p.stderr)
        time.sleep(1)
        # while it is away: 503 with Retry-After, the process runs
        check_503(a.get("/api/v1/orgs"), "a read while PostgreSQL is down")
        check_503(new_org(a, root, "停机期间的学校"), "a write while PostgreSQL is down")
        check_503(a.post("/api/v1/users", {"username": "outage_user", "display_name": "停机",
                                           "org_id": root, "roles": ["legal"]}),
                  "a write on a long-work thread while PostgreSQL is down")
        r = a.get("/healthz")
        check_eq(r.status, 503, "/healthz says 503 while PostgreSQL is down")
        r = a.get("/orgs")
        check_eq(r.status, 503, "a page answers 503 while PostgreSQL is down")
        check("text/html" in (r.header("Content-Type") or ""), "the page is the HTML error page")
        time.sleep(1)
        check(srv.proc.poll() is None, "the server runs while PostgreSQL is down")
        p = pg("resume", pgdir)
        check(p.returncode == 0, "PostgreSQL starts again: %s" % p.stderr)
        t_up = time.time()
        back = None
        while time.time() - t_up < 120:     # generous: "back at all", not a speed
            if a.get("/api/v1/orgs?limit=1").status == 200:
                back = time.time() - t_up
                break
            time.sleep(0.1)
        check(back is not None, "answers 200 again once PostgreSQL is back (took %s s)" % back)
        time.sleep(2)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        print("pg restart: writes %s, acknowledged %d (%d before the stop), back after %s s"
              % (statuses, len(acked), n_before, back))
        check(len(acked) > n_before, "writes were acknowledged after the restart too")
        check(statuses.get(503, 0) > 0 or True, "some writes met the outage")
        bad = {k: v for k, v in statuses.items() if k not in (200, 201, 503)}
        check(not bad, "writes answered only 201 or 503 (got %s)" % bad)
        check(srv.proc.poll() is None, "the server is still running")
        names = all_org_names(a)
        missing = acked - (names or set())
        check(names is not None and not missing,
              "every acknowledged write is present (%d missing: %s)" % (len(missing), sorted(missing)[:5]))
        check("停机期间的学校" not in (names or set()), "the write refused during the outage is absent")
        p = srv.cli("audit", "verify")
        check_eq(p.returncode, 0, "audit verify after the restart: %s %s" % (p.stdout, p.stderr))
    except Exception:
        error("pg restart")
    finally:
        if srv:
            srv.stop()
        pg("stop", pgdir)
        shutil.rmtree(pgdir, ignore_errors=True)


# ---------------------------------------------------------------- (b)

def mount_small(mnt, tmp):
    """Mount a small filesystem at mnt: tmpfs, else a loop-mounted ext4
    image. Returns the method's name, or None when neither works."""
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mnt],
                      capture_output=True).returncode == 0:
        return "tmpfs"
    img = os.path.join(tmp, "small.img")
    with open(img, "wb") as f:
        f.truncate(8 * 1024 * 1024)
    if subprocess.run(["mkfs.ext4", "-q", "-F", img], capture_output=True).returncode == 0 and \
            subprocess.run(["mount", "-o", "loop", img, mnt], capture_output=True).returncode == 0:
        return "loop-mounted ext4 image"
    return None


def fill(path):
    """Write a filler file until the filesystem is full; returns its size."""
    n = 0
    with open(path, "wb", buffering=0) as f:
        chunk = b"\0" * 65536
        while True:
            try:
                n += f.write(chunk)
            except OSError:
                break
        small = b"\0" * 512
        while True:
            try:
                n += f.write(small)
            except OSError:
                break
    return n


def test_full_disk():
    tmp = tempfile.mkdtemp(prefix="fazhi-full-")
    mnt = os.path.join(tmp, "mnt")
    os.makedirs(mnt)
    how = mount_small(mnt, tmp)
    if how is None:
        print("full disk (b): neither tmpfs nor a loop mount is allowed here: skipped")
        shutil.rmtree(tmp, ignore_errors=True)
        return
    print("full disk (b): data folder on a %s" % how)
    srv = None
    try:
        data = os.path.join(mnt, "data")
        srv = Server(data=data, db_url="")
        a = srv.admin()
        root = root_id(a)
        acked = set()
        for i in range(5):
            r = new_org(a, root, "满盘前的学校%d" % i)
            if check_eq(r.status, 201, "a write before the disk is full"):
                acked.add("满盘前的学校%d" % i)
        filler = os.path.join(mnt, "filler")
        fill(filler)
        statuses = {}
        first_503 = None
        for i in range(300):          # the WAL may have room left from earlier writes
            name = "满盘时的学校%d" % i
            r = new_org(a, root, name)
            statuses[r.status] = statuses.get(r.status, 0) + 1
            if r.status in (200, 201):
                acked.add(name)
            elif r.status == 503:
                first_503 = r
                break
        print("full disk: writes %s" % statuses)
        check(first_503 is not None, "a write on the full disk answers 503 (got %s)" % statuses)
        if first_503 is not None:
            check_503(first_503, "a write on the full disk")
            check_eq(first_503.code, "storage", "the error code says storage")
        check(not {k for k in statuses if k not in (200, 201, 503)},
              "writes on the full disk answer 201 or 503 only (%s)" % statuses)
        check_503(new_org(a, root, "满盘时再写"), "the next write on the full disk")
        check(srv.proc.poll() is None, "the server runs on a full disk")
        r = a.get("/api/v1/orgs?limit=1000")
        check_eq(r.status, 200, "reads work on a full disk")
        r = a.get("/orgs")
        check_eq(r.status, 200, "pages work on a full disk")
        names = all_org_names(a) or set()
        check(not (acked - names), "every acknowledged write is readable on the full disk")
        check("满盘时再写" not in names, "the refused write is absent")
        os.remove(filler)
        r = new_org(a, root, "空间恢复后的学校")
        check(r.status == 201, "a write succeeds once space is free: %r" % r)
        if r.status == 201:
            acked.add("空间恢复后的学校")
        names = all_org_names(a) or set()
        check(not (acked - names), "every acknowledged write is present after space returns (%s)"
              % sorted(acked - names)[:5])
        db = sqlite3.connect(srv.db_path())
        try:
            check_eq(db.execute("PRAGMA integrity_check").fetchone()[0], "ok",
                     "PRAGMA integrity_check after the full disk")
        finally:
            db.close()
        p = srv.cli("audit", "verify")
        check_eq(p.returncode, 0, "audit verify after the full disk: %s %s" % (p.stdout, p.stderr))
    except Exception:
        error("full disk")
    finally:
        if srv:
            srv.stop()
        subprocess.run(["umount", mnt], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- (c)

def test_busy():
    srv = Server(db_url="")
    try:
        a = srv.admin()
        root = root_id(a)
        db = sqlite3.connect(srv.db_path(), isolation_level=None, timeout=1)
        db.execute("BEGIN IMMEDIATE")          # the write lock, held past the 10 s busy timeout
        t0 = time.time()
        res = {}

        def write():
            res["r"] = new_org(a, root, "锁等待中的学校")
            res["t"] = time.time() - t0
        def cli():
            res["cli"] = srv.cli("config", "set", "login.max_failures", "6")
        t = threading.Thread(target=write)
        t.start()
        tc = threading.Thread(target=cli)
        tc.start()
        time.sleep(0.5)
        r = a.get("/api/v1/orgs?limit=5")
        check_eq(r.status, 200, "reads go on while another connection holds the write lock")
        t.join(timeout=30)
        tc.join(timeout=30)
        db.execute("ROLLBACK")
        db.close()
        r = res.get("r")
        check(r is not None, "the write under a held lock got an answer")
        if r is not None:
            check_503(r, "a write when the lock is held past the busy timeout")
            check_eq(r.code, "busy", "the error code says busy")
            check(res["t"] >= 9, "it waited for the busy timeout first (%.1f s)" % res["t"])
        p = res.get("cli")
        check(p is not None and p.returncode == 1, "a command under the held lock exits 1 (%r)"
              % (p.returncode if p else None))
        if p is not None:
            check("数据库繁忙" in p.stderr, "and says the database is busy: %r" % p.stderr)
        check(srv.proc.poll() is None, "the server lives after SQLITE_BUSY")
        r = new_org(a, root, "锁释放后的学校")
        check_eq(r.status, 201, "a write succeeds once the lock is gone")
        names = all_org_names(a) or set()
        check("锁等待中的学校" not in names, "the refused write is absent")
        check("锁释放后的学校" in names, "the later write is present")
        check("busy" in srv.log(0), "the failure is logged")
    except Exception:
        error("busy")
    finally:
        srv.stop()


test_busy()
test_full_disk()
test_pg_restart()
finish()
