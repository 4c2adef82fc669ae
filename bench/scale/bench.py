#!/usr/bin/env python3
"""bench/scale/bench.py -- run by bench/scale/run.sh (see there)."""
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAZHI = os.path.join(ROOT, "fazhi")
GEN = os.path.join(ROOT, "bench", "scale", "gen.py")
PGSH = os.path.join(ROOT, "tests", "pg.sh")
SCALE = float(os.environ.get("SCALE", "1"))
COUNTIES = int(os.environ.get("COUNTIES", str(max(1, round(60 * SCALE)))))
YEARS = int(os.environ.get("YEARS", "5"))
APPS = int(os.environ.get("APPS", str(max(20, round(2000 * SCALE)))))
USERS = int(os.environ.get("USERS", "50"))
ACCOUNTS = min(COUNTIES, int(os.environ.get("ACCOUNTS", "10")))
DURATION = float(os.environ.get("DURATION", "30"))
REQS = int(os.environ.get("REQS", "10"))
YEAR = 2024
AS_OF = "2024-12-31"
PASSWORD = "Jz#Scale2024x"
ENV = dict(os.environ)
for k in ("FAZHI_DB", "FAZHI_DATA"):
    ENV.pop(k, None)
# the registers' tables, for the data size
TABLES = ["org", "permit", "vp_person", "vp_appoint", "activity", "check_item", "assess_score",
          "audit"]


def out(line):
    print(line, flush=True)


def die(msg):
    sys.exit("bench/scale: " + msg)


def load():
    return os.getloadavg()[0]


class Db:
    def __init__(self, url):
        self.url = url

    def psql(self, sql=None, path=None):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", self.url]
        cmd += ["-f", path] if path else ["-c", sql]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            die("psql failed: %s" % p.stderr[:800])
        return p.stdout.strip()


def fz(env, data, *args, stdin=None):
    p = subprocess.run([FAZHI, "--data", data] + list(args), capture_output=True, env=env,
                       input=stdin)
    if p.returncode != 0:
        die("fazhi %s failed: %s" % (" ".join(args), p.stderr.decode()[:800]))
    return p.stdout


def timed(fn):
    t0 = time.perf_counter()
    r = fn()
    return time.perf_counter() - t0, r


def time_rss(env, cmd):
    """Wall seconds and peak RSS (KB) of one process."""
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, env=env)
    if p.returncode != 0:
        die("%s failed: %s" % (" ".join(cmd), p.stderr.decode()[-800:]))
    e, m = p.stderr.decode().strip().splitlines()[-1].split()
    return float(e), int(m)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Client:
    """One signed-in session on a keep-alive connection."""

    def __init__(self, port, username, session=None):
        self.port = port
        self.conn = None
        self.cookie = None
        self.csrf = None
        self.reconnects = 0
        if session is not None:   # another connection of a signed-in session
            self.cookie, self.csrf = session.cookie, session.csrf
            return
        r, body = self.req("POST", "/api/v1/login", {"username": username, "password": PASSWORD})
        if r != 200:
            die("login of %s: %d %s" % (username, r, body[:300]))
        self.csrf = json.loads(body)["csrf_token"]

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def req(self, method, path, body=None):
        for attempt in range(3):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            hdr = {}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                hdr["Content-Type"] = "application/json"
            if self.cookie:
                hdr["Cookie"] = self.cookie
            if self.csrf and method != "GET":
                hdr["X-CSRF-Token"] = self.csrf
            try:
                self.conn.request(method, path, body=data, headers=hdr)
                r = self.conn.getresponse()
                out = r.read()
            except (OSError, http.client.HTTPException):
                # the server closes the oldest idle keep-alive connection
                # of an address at its per-address limit: open another
                self.conn.close()
                self.conn = None
                self.reconnects += 1
                if attempt == 2:
                    raise
                continue
            for k, v in r.getheaders():
                if k.lower() == "set-cookie" and v.startswith("fazhi_session="):
                    self.cookie = v.split(";")[0]
            if r.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return r.status, out
        return 0, b""


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.t = {}
        self.bad = {}

    def add(self, kind, secs, ok):
        with self.lock:
            self.t.setdefault(kind, []).append(secs)
            if not ok:
                self.bad[kind] = self.bad.get(kind, 0) + 1


SCHOOLS = {}   # county number -> its schools' ids (filled by main)


def write_body(county_n, i):
    """A 普法 activity at one of the county's schools (the simulated write)."""
    ids = SCHOOLS[county_n]
    return {"org_id": ids[i % len(ids)], "kind": "law_to_school",
            "held_on": "2024-%02d-%02d" % (3 + i % 5, 1 + i % 28),
            "title": "送法进校园（模拟%d）" % i, "speaker": "司法所干部", "participants": 30 + i % 200}


def main():
    w = tempfile.mkdtemp(prefix="fazhi-bench-scale-")
    os.chmod(w, 0o755)  # the cluster runs as postgres when we are root (tests/pg.sh)
    pgdir = os.path.join(w, "pg")
    srv = None
    started = False
    try:
        p = subprocess.run(["sh", PGSH, "start", pgdir], capture_output=True, text=True)
        if p.returncode != 0:
            die("PostgreSQL did not start: %s" % p.stderr)
        started = True
        url = subprocess.run(["sh", PGSH, "createdb", pgdir, "scale"], capture_output=True,
                             text=True, check=True).stdout.strip()
        db = Db(url)
        env = dict(ENV, FAZHI_DB=url)
        data = os.path.join(w, "data")
        t_all0 = time.perf_counter()
        fz(env, data, "init")
        csv = os.path.join(w, "orgs.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write(subprocess.run([sys.executable, GEN, "orgs", str(COUNTIES)], capture_output=True,
                                   text=True, check=True).stdout)
        t_orgs, _ = timed(lambda: fz(env, data, "org", "import", csv))
        sqlf = os.path.join(w, "registers.sql")
        with open(sqlf, "w", encoding="utf-8") as f:
            f.write(subprocess.run([sys.executable, GEN, "sql", str(YEARS), str(APPS)],
                                   capture_output=True, text=True, check=True).stdout)
        t_regs, _ = timed(lambda: db.psql(path=sqlf))
        # accounts: the province's leader, ACCOUNTS county 法规股 users; the
        # first password change is skipped in the database (setup, not measured)
        fz(env, data, "user", "add", "--username", "prov", "--name", "省厅领导", "--org",
           "示范省教育厅", "--roles", "leader", "--password-stdin", stdin=(PASSWORD + "\n").encode())
        for c in range(1, ACCOUNTS + 1):
            fz(env, data, "user", "add", "--username", "c%02d" % c, "--name", "法规股%02d" % c,
               "--org", "第%02d县教育局" % c, "--roles", "legal", "--password-stdin",
               stdin=(PASSWORD + "\n").encode())
        db.psql("UPDATE users SET must_change=0")
        for c in range(1, ACCOUNTS + 1):
            SCHOOLS[c] = [int(x) for x in db.psql(
                "SELECT o.id FROM org o JOIN org p ON p.id=o.parent_id"
                " WHERE p.name='第%02d县教育局' AND o.kind='school'" % c).split()]
        t_gen = time.perf_counter() - t_all0
        counts = {}
        for t in TABLES:
            counts[t] = int(db.psql("SELECT count(*) FROM %s" % t))
        size_mb = int(db.psql("SELECT pg_database_size(current_database())")) / 1e6
        out("fazhi province benchmark on PostgreSQL (%s, %d cores, load %.1f)"
            % (time.strftime("%Y-%m-%d %H:%M"), os.cpu_count(), load()))
        out("  data: %d counties x %d years, %d applications a county a year; %.0f MB database"
            % (COUNTIES, YEARS, APPS, size_mb))
        out("    " + ", ".join("%s %d" % (t, counts[t]) for t in TABLES))
        out("    generated in %.1f s (org import %.1f s, registers' SQL %.1f s)" % (t_gen, t_orgs, t_regs))

        # the reports as processes: one county, one city (10 counties); the
        # province's is made under the load below
        out("  reports %d as DOCX (fazhi report --org, one process each; quiet; load %.1f)"
            % (YEAR, load()))
        reps = []
        for label, org, n in (("county", "第01县教育局", 1),
                              ("city", "第01市教育局", min(10, COUNTIES))):
            e, m = time_rss(env, [FAZHI, "--data", data, "report", "--year", str(YEAR), "--as-of",
                                  AS_OF, "--org", org, "--format", "docx",
                                  "-o", os.path.join(w, "r.docx")])
            reps.append((e, n))
            out("    %-8s (%2d counties)                  %8.2f s   peak RSS %6.1f MB   %.2f s a county"
                % (label, n, e, m / 1024, e / n))

        port = free_port()
        log = open(os.path.join(w, "server.log"), "wb")
        srv = subprocess.Popen([FAZHI, "--data", data, "serve", "--listen", "127.0.0.1:%d" % port],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        prov = Client(port, "prov")
        county = Client(port, "c01")
        seq = [0]

        def write(cl, n):
            seq[0] += 1
            s, b = cl.req("POST", "/api/v1/activities", write_body(n, seq[0]))
            return s == 201 or s == 200, s, b

        ok, s, b = write(county, 1)
        if not ok:
            die("the simulated write was refused: %d %s" % (s, b[:300]))

        def quiet(label, fn):
            """Median of REQS requests, each after a write (so the response
            cache, keyed on the audit head, cannot answer)."""
            xs = []
            n = 0
            for i in range(REQS):
                try:
                    write(county, 1)
                    t, (s, b) = timed(fn(i))
                except (OSError, http.client.HTTPException) as e:
                    out("    %-36s failed: %r" % (label, e))
                    return
                if s != 200:
                    die("%s: %d %s" % (label, s, b[:300]))
                xs.append(t)
                n = len(b)
            out("    %-36s %8.1f ms   %8d bytes" % (label, pct(xs, 0.5) * 1000, n))

        rot = lambda i: (100 + (i * 7) % 49, (i * 3) % 20)
        out("  quiet server, uncached (each request after a write; median of %d; load %.1f)"
            % (REQS, load()))
        quiet("province dashboard GET /", lambda i: lambda: prov.req("GET", "/"))
        quiet("county dashboard GET /", lambda i: lambda: county.req("GET", "/"))
        quiet("county permits API (limit 100-148)",
              lambda i: lambda: county.req("GET", "/api/v1/permits?limit=%d&offset=%d" % rot(i)))
        quiet("county permits page /permits",
              lambda i: lambda: county.req("GET", "/permits?offset=%d" % (rot(i)[1] * 50)))
        quiet("county activities API",
              lambda i: lambda: county.req("GET", "/api/v1/activities?limit=%d&offset=%d" % rot(i)))
        quiet("province permits API (all counties)",
              lambda i: lambda: prov.req("GET", "/api/v1/permits?limit=%d&offset=%d" % rot(i)))

        # the load: USERS threads, each on its own connection, sharing
        # ACCOUNTS county sessions
        clients = [county] + [Client(port, "c%02d" % c) for c in range(2, ACCOUNTS + 1)]
        for cl in clients[1:]:
            cl.close()
        stats = Stats()
        conns = []
        stop = threading.Event()

        def user(u):
            cl = Client(port, None, clients[u % len(clients)])
            conns.append(cl)
            n = 1 + u % len(clients)
            r = random.Random(u)
            while not stop.is_set():
                x = r.random()
                lim, off = 100 + r.randrange(49), r.randrange(20)
                if x < 0.10:
                    kind, method, path = "write (POST activity)", "POST", "/api/v1/activities"
                    body = write_body(n, r.randrange(10 ** 6))
                else:
                    method, body = "GET", None
                    if x < 0.55:
                        kind, path = "permits API", "/api/v1/permits?limit=%d&offset=%d" % (lim, off)
                    elif x < 0.70:
                        kind, path = "permits page", "/permits?offset=%d" % (off * 50)
                    elif x < 0.85:
                        kind, path = "activities API", "/api/v1/activities?limit=%d&offset=%d" % (lim, off)
                    elif x < 0.95:
                        kind, path = "check items API", "/api/v1/check-items?limit=%d&offset=%d" % (lim, off)
                    else:
                        kind, path = "county dashboard", "/"
                t0 = time.perf_counter()
                try:
                    s, b = cl.req(method, path, body)
                    ok = s in (200, 201)
                except (OSError, http.client.HTTPException):
                    ok = False
                    if srv.poll() is not None:
                        return
                stats.add(kind, time.perf_counter() - t0, ok)

        ths = [threading.Thread(target=user, args=(u,), daemon=True) for u in range(USERS)]
        t_load0 = time.perf_counter()
        for th in ths:
            th.start()
        time.sleep(min(3.0, DURATION / 5))
        out("  under load: %d users on %d county accounts (10 %% writes), uncached, median of %d"
            % (USERS, len(clients), REQS))
        quiet("province dashboard GET /", lambda i: lambda: prov.req("GET", "/"))
        quiet("province permits API (all counties)",
              lambda i: lambda: prov.req("GET", "/api/v1/permits?limit=%d&offset=%d" % rot(i)))
        e_load, m_load = time_rss(env, [FAZHI, "--data", data, "report", "--year", str(YEAR), "--as-of",
                                        AS_OF, "--org", "示范省教育厅", "--format", "docx",
                                        "-o", os.path.join(w, "r2.docx")])
        out("    %-36s %8.2f s   peak RSS %6.1f MB   %.2f s a county (%d counties)"
            % ("province report DOCX (process)", e_load, m_load / 1024, e_load / COUNTIES, COUNTIES))
        rest = DURATION - (time.perf_counter() - t_load0)
        if rest > 0:
            time.sleep(rest)
        rss = 0
        if srv.poll() is None:
            with open("/proc/%d/status" % srv.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
        stop.set()
        for th in ths:
            th.join(timeout=600)
        t_load = time.perf_counter() - t_load0
        total = sum(len(v) for v in stats.t.values())
        out("    the users: %d requests in %.0f s, %.1f req/s, load %.1f, server RSS %.1f MB at the end,"
            " %d reconnections" % (total, t_load, total / t_load, load(), rss / 1024,
                                   sum(c.reconnects for c in conns)))
        for kind in sorted(stats.t):
            xs = stats.t[kind]
            out("    %-36s %6d  p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms  failed %d"
                % (kind, len(xs), pct(xs, 0.5) * 1000, pct(xs, 0.95) * 1000, max(xs) * 1000,
                   stats.bad.get(kind, 0)))
        if srv.poll() is not None:
            log.flush()
            with open(os.path.join(w, "server.log"), "rb") as f:
                tail = f.read()[-3000:].decode("utf-8", "replace")
            die("the server exited (status %s) under load; its log ends:\n%s" % (srv.returncode, tail))
        if sum(stats.bad.values()):
            die("%d requests failed under load" % sum(stats.bad.values()))
    finally:
        if srv is not None:
            srv.terminate()
            try:
                srv.wait(timeout=30)
            except subprocess.TimeoutExpired:
                srv.kill()
        if os.environ.get("KEEP") == "1":
            print("kept " + w + " (stop the cluster with: sh tests/pg.sh stop " + pgdir + ")")
        else:
            if started:
                subprocess.run(["sh", PGSH, "stop", pgdir], capture_output=True)
            shutil.rmtree(w, ignore_errors=True)


if __name__ == "__main__":
    main()
