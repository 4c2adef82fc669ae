"""lib.py -- a small harness for fazhi API tests (Python 3 standard library only).

    from lib import *
    srv = Server()                  # fresh data dir, `init --demo`, `serve` on a free port
    try:
        c = srv.client()
        st, body = c.login("admin", srv.admin_password)
        check(st == 200, "admin logs in")
    finally:
        srv.stop()                  # kills the server, removes the temp dir
    finish()                        # prints "N passed, N failed" last; exits 1 on failure

The binary is $FAZHI_BIN (default build/fazhi-test, the test build, relative to
the repository root).  FAZHI_TEST_FAST_HASH=1 is set for every command, so
argon2id is cheap (only a test build reads it; the release ./fazhi ignores it).
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oas  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("FAZHI_BIN", "build/fazhi-test")
if not os.path.isabs(BIN):
    BIN = os.path.join(ROOT, BIN)

ENV = dict(os.environ)
ENV["FAZHI_TEST_FAST_HASH"] = "1"
ENV.pop("FAZHI_DATA", None)
ENV.pop("FAZHI_DB", None)
ENV.setdefault("ASAN_OPTIONS", "detect_leaks=0")

NEW_PASSWORD = "Str0ng!Pass#2026"
ROLES = ["admin", "leader", "legal", "approver", "inspector", "school", "auditor"]
ROLE_BITS = {"admin": 1, "leader": 2, "legal": 4, "approver": 8, "inspector": 16,
             "school": 32, "auditor": 64}

_passed = 0
_failed = 0


def check(cond, what):
    """Count one assertion; print FAIL lines for failures. Returns cond."""
    global _passed, _failed
    if cond:
        _passed += 1
    else:
        _failed += 1
        print("FAIL " + what, flush=True)
    return bool(cond)


def check_eq(got, want, what):
    return check(got == want, "%s: got %r, want %r" % (what, got, want))


def error(what):
    """Record an unexpected exception as a failure (with traceback)."""
    global _failed
    _failed += 1
    print("FAIL %s: exception\n%s" % (what, traceback.format_exc()), flush=True)


def finish():
    """Print the result line last and exit: non-zero on failure or nothing run."""
    print("%d passed, %d failed" % (_passed, _failed), flush=True)
    sys.exit(1 if _failed or _passed == 0 else 0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def totp(secret_b32, t=None, step=30, digits=6):
    """RFC 6238 TOTP (HMAC-SHA1) for a base32 secret."""
    s = secret_b32.strip().replace(" ", "").upper()
    s += "=" * (-len(s) % 8)
    key = base64.b32decode(s)
    counter = int((time.time() if t is None else t) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return "%0*d" % (digits, code)


def run(args, data=None, input=None, env=None, timeout=600):
    """Run the fazhi binary: returns CompletedProcess (text).  The timeout
    only stops a hung command; suites run side by side on a loaded machine,
    where `init --demo` on PostgreSQL took over a minute."""
    cmd = [BIN]
    if data is not None:
        cmd += ["--data", data]
    cmd += list(args)
    return subprocess.run(cmd, input=input, capture_output=True, text=True,
                          env=env or ENV, timeout=timeout)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # list of (name, value)
        self.body = body                # bytes
        self._json = None

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def headers_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def json(self):
        if self._json is None:
            try:
                self._json = json.loads(self.body.decode("utf-8"))
            except Exception:
                self._json = {}
        return self._json

    @property
    def code(self):
        """The error code of an API error body, or None."""
        e = self.json.get("error") if isinstance(self.json, dict) else None
        return e.get("code") if isinstance(e, dict) else None

    @property
    def message(self):
        e = self.json.get("error") if isinstance(self.json, dict) else None
        return e.get("message") if isinstance(e, dict) else None

    @property
    def field(self):
        e = self.json.get("error") if isinstance(self.json, dict) else None
        return e.get("field") if isinstance(e, dict) else None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:200])


class Client:
    """An HTTP client with its own cookie (fazhi_session) and CSRF token.

    A tiny cookie jar: cookies set by the server are kept by name and sent
    back; Max-Age=0 deletes. Redirects are never followed."""

    def __init__(self, port, host="127.0.0.1", source=None):
        self.host = host
        self.port = port
        self.source = source        # client address to send from (127.0.0.x)
        self.cookies = {}
        self.csrf = None
        self.username = None
        self.password = None
        self.secret = None          # base32 TOTP secret once enrolled
        self.timeout = 120          # a hang guard, not a speed (suites run side by side)

    def request(self, method, path, body=None, headers=None, csrf=True, raw=False,
                oas_check=True):
        """Send a request. body: dict/list → JSON, str/bytes → as is.
        csrf: True adds the client's token on writes, a str sends that token,
        False sends none.  Every reply to an /api/ path is checked against
        docs/api/openapi.yaml (status, media type, JSON body; tests/api/oas.py);
        what the document does not describe fails the suite."""
        h = {}
        data = None
        if body is not None:
            if raw or isinstance(body, (bytes, bytearray)):
                data = bytes(body)
            elif isinstance(body, str):
                data = body.encode("utf-8")
            else:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        if method not in ("GET", "HEAD") and data is None:
            data = b""
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if method not in ("GET", "HEAD"):
            if csrf is True and self.csrf:
                h["X-CSRF-Token"] = self.csrf
            elif isinstance(csrf, str):
                h["X-CSRF-Token"] = csrf
        if headers:
            h.update(headers)
        conn = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout,
            source_address=(self.source, 0) if self.source else None)
        try:
            try:
                conn.request(method, path, body=data, headers=h)
            except (BrokenPipeError, ConnectionResetError):
                # the server answered from the headers alone (401, 413 ...)
                # and closed before taking the whole body: read that answer
                pass
            resp = conn.getresponse()
            rbody = resp.read()
            hdrs = resp.getheaders()
            status = resp.status
        finally:
            conn.close()
        for k, v in hdrs:
            if k.lower() == "set-cookie":
                self._take_cookie(v)
        resp = Response(status, hdrs, rbody)
        if oas_check:
            for problem in oas.problems(method, path, status, resp.header("Content-Type"), rbody):
                check(False, "openapi.yaml does not describe the reply: " + problem)
        return resp

    def _take_cookie(self, v):
        parts = [p.strip() for p in v.split(";")]
        name, _, val = parts[0].partition("=")
        attrs = {p.partition("=")[0].lower(): p.partition("=")[2] for p in parts[1:]}
        if val == "" or attrs.get("max-age") == "0":
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = val

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def login(self, username, password, code=None):
        body = {"username": username, "password": password}
        if code is not None:
            body["totp"] = code
        r = self.post("/api/v1/login", body, csrf=False)
        if r.status == 200:
            self.csrf = r.json.get("csrf_token")
            self.username = username
            self.password = password
        return r

    def logout(self):
        r = self.post("/api/v1/logout")
        self.csrf = None
        return r

    def change_password(self, old, new):
        r = self.post("/api/v1/password", {"old_password": old, "new_password": new})
        if r.status == 200:
            self.password = new
        return r

    def enroll_totp(self):
        """GET the pending secret and confirm it; returns the confirm response."""
        g = self.get("/api/v1/totp")
        if g.status != 200:
            return g
        self.secret = g.json.get("secret")
        return self.post("/api/v1/totp", {"code": totp(self.secret)})


def together(calls):
    """Run the callables at once (released by a barrier); their results in order."""
    out = [None] * len(calls)
    bar = threading.Barrier(len(calls))

    def run(i):
        bar.wait()
        out[i] = calls[i]()
    ts = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idno(seq, born="19800101"):
    """A valid 18-digit 身份证号 of 梨树县 (220322) born on born, sequence
    seq (GB 11643 check digit)."""
    body = "220322%s%03d" % (born, seq)
    s = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11
    return body + "10X98765432"[s]


def wait_next_step(margin=1.5):
    """Sleep into the next 30 s TOTP step (so a fresh code is not a replay)."""
    t = time.time()
    time.sleep(30 - (t % 30) + margin)


_pg_seq = 0


def backend():
    """"pg" when the suite runs against PostgreSQL (FAZHI_TEST_BACKEND=pg
    with the cluster of tests/pg.sh in FAZHI_TEST_PG_DIR), else "sqlite"."""
    if os.environ.get("FAZHI_TEST_BACKEND") == "pg" and os.environ.get("FAZHI_TEST_PG_DIR"):
        return "pg"
    return "sqlite"


def pg_new_db():
    """Create a fresh database in the test cluster; returns its URL."""
    global _pg_seq
    _pg_seq += 1
    name = "api_%d_%d" % (os.getpid(), _pg_seq)
    p = subprocess.run(["sh", os.path.join(ROOT, "tests", "pg.sh"), "createdb",
                        os.environ["FAZHI_TEST_PG_DIR"], name],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("createdb failed: %s" % p.stderr)
    return p.stdout.strip()


class Server:
    """A fazhi server on a fresh temp data dir (and, on the PostgreSQL
    backend, a fresh database). Always call stop()."""

    def __init__(self, demo=True, start=True, db_url=None, data=None, serve_args=(),
                 ip_limit=100):
        self.serve_args = list(serve_args)
        self.tmp = tempfile.mkdtemp(prefix="fazhi-api-")
        self.data = data or os.path.join(self.tmp, "data")
        self.env = dict(ENV)
        if db_url is None and backend() == "pg":
            db_url = pg_new_db()
        if db_url:
            self.env["FAZHI_DB"] = db_url
        self.db_url = db_url
        self.proc = None
        self.port = None
        self.admin_password = None
        self.log_path = os.path.join(self.tmp, "server.log")
        self._log = None
        try:
            p = run(["init", "--demo"] if demo else ["init"], data=self.data, env=self.env)
            if p.returncode != 0:
                raise RuntimeError("init failed: %s %s" % (p.stdout, p.stderr))
            for line in p.stdout.splitlines():
                if line.startswith("一次性密码："):
                    self.admin_password = line[len("一次性密码："):].strip()
            # Every test client comes from 127.0.0.1: suites that fail many
            # logins on purpose would pause it.  ip_limit=None keeps the
            # default per-address limit (t_login_guard tests it).
            if ip_limit and demo:
                p = run(["config", "set", "login.ip_max_failures", str(ip_limit)],
                        data=self.data, env=self.env)
                if p.returncode != 0:
                    raise RuntimeError("config set failed: %s" % p.stderr)
            if start:
                self.start()
        except BaseException:
            self.stop()
            raise

    def cli(self, *args, input=None):
        return run(list(args), data=self.data, input=input, env=self.env)

    def start(self, timeout=60, tries=5):
        """Start `fazhi serve` on a free port and wait for /healthz.  Suites
        run side by side, so the port free_port() found may be taken before
        the server binds it: then the server exits and another port is
        tried.  timeout is a generous cap, not a measure of speed."""
        self.port = free_port()
        self._log = open(self.log_path, "ab")
        mark = self._log.tell()
        self.proc = subprocess.Popen(
            [BIN, "--data", self.data, "serve", "--listen", "127.0.0.1:%d" % self.port]
            + self.serve_args,
            stdout=self._log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                said = self.log(0)[mark:]
                if tries > 1 and ("cannot listen on" in said or "in use" in said):
                    self.proc = None
                    self._log.close()
                    self._log = None
                    return self.start(timeout, tries - 1)
                raise RuntimeError("server exited with %s; log:\n%s" %
                                   (self.proc.returncode, self.log()))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not answer /healthz; log:\n%s" % self.log())

    def log(self, tail=4000):
        """The server's output (the last tail characters; 0 for all)."""
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
                return text[-tail:] if tail else text
        except OSError:
            return ""

    def kill(self, sig=signal.SIGKILL):
        """Kill the server process (by its pid) and reap it."""
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    self.proc.send_signal(sig)
                except ProcessLookupError:
                    pass
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
            rc = self.proc.returncode
            self.proc = None
            if self._log:
                self._log.close()
                self._log = None
            return rc
        return None

    def check_log(self, what="server"):
        """Fail on sanitizer reports or a fatal() in the server log so far."""
        log = self.log(0)
        for pat in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer",
                    "Segmentation fault"):
            if pat in log:
                i = log.find(pat)
                check(False, "%s log has %r:\n%s" % (what, pat, log[max(0, i - 200):i + 1500]))
                return False
        return True

    def stop(self):
        """Stop the server (SIGTERM, then SIGKILL), check its log, remove the temp dir."""
        try:
            if self.proc is not None and self.proc.poll() is not None:
                check(False, "server exited by itself with status %s; log:\n%s"
                      % (self.proc.returncode, self.log()))
            if self.proc is not None and self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            self.kill()
            self.check_log()
        finally:
            if os.environ.get("FAZHI_KEEP_TMP"):
                print("kept %s" % self.tmp)
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)

    def client(self, source=None):
        return Client(self.port, source=source)

    def admin(self):
        """A signed-in admin client that has changed its password and enrolled TOTP."""
        c = self.client()
        r = c.login("admin", self.admin_password)
        if r.status != 200:
            raise RuntimeError("admin login: %r" % r)
        r = c.change_password(self.admin_password, NEW_PASSWORD)
        if r.status != 200:
            raise RuntimeError("admin password change: %r" % r)
        self.admin_password = NEW_PASSWORD
        r = c.enroll_totp()
        if r.status != 200:
            raise RuntimeError("admin totp enrolment: %r" % r)
        self.admin_secret = c.secret
        return c

    def add_user(self, username, roles, org="梨树县第一实验小学", password="Passw0rd!x",
                 name="测试用户"):
        """Create a user by CLI; returns the CLI result."""
        return self.cli("user", "add", "--username", username, "--name", name, "--org", org,
                        "--roles", roles, "--password-stdin", input=password + "\n")

    def add_org(self, name, kind, parent=None):
        """Add an org by CLI (under parent's name); returns its id."""
        args = ["org", "add", "--name", name, "--kind", kind]
        if parent:
            args += ["--parent", parent]
        p = self.cli(*args)
        if p.returncode != 0:
            raise RuntimeError("org add %s: %s" % (name, p.stderr))
        return int(p.stdout.strip())

    def user_client(self, username, roles, org="梨树县第一实验小学"):
        """Create a user, sign in, change the initial password; returns the client."""
        p = self.add_user(username, roles, org=org)
        if p.returncode != 0:
            raise RuntimeError("user add %s: %s" % (username, p.stderr))
        c = self.client()
        r = c.login(username, "Passw0rd!x")
        if r.status != 200:
            raise RuntimeError("login %s: %r" % (username, r))
        r = c.change_password("Passw0rd!x", NEW_PASSWORD)
        if r.status != 200:
            raise RuntimeError("password change %s: %r" % (username, r))
        return c

    def db_path(self):
        return os.path.join(self.data, "fazhi.db")
