#!/usr/bin/env python3
"""bench/report/bench.py -- run by bench/report/run.sh (see there)."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAZHI = os.path.join(ROOT, "fazhi")
RUNS = int(os.environ.get("RUNS", "5"))
REQS = int(os.environ.get("REQS", "20"))
COUNTIES = int(os.environ.get("COUNTIES", "60"))
ENV = dict(os.environ, FAZHI_TEST_FAST_HASH="1")
ENV.pop("FAZHI_DB", None)
ENV.pop("FAZHI_DATA", None)
AS_OF = "2024-11-15"

FAZHI_TEST = os.path.join(ROOT, "build", "fazhi-test")


def report_sql(data, w):
    """Every read statement the report runs, with its values bound: the
    test build's FAZHI_SQL_TRACE writes each statement run, and the SELECTs
    (and WITHs) of a `report --format docx` are kept.  The sqlite3 shell
    knows no "zh" collation, so COLLATE zh is dropped (the order it gives
    is not what is measured)."""
    trace = os.path.join(w, "trace.sql")
    env = dict(ENV, FAZHI_SQL_TRACE=trace)
    p = subprocess.run([FAZHI_TEST, "--data", data, "report", "--year", "2024", "--as-of", AS_OF,
                        "--format", "docx", "-o", os.path.join(w, "trace.docx")],
                       capture_output=True, env=env)
    if p.returncode != 0:
        sys.exit("bench/report: the traced report failed: %s" % p.stderr.decode())
    keep = []
    with open(trace, encoding="utf-8", errors="replace") as f:
        stmt = []
        for line in f:
            stmt.append(line)
            if line.rstrip().endswith(";"):
                text = "".join(stmt).strip()
                stmt = []
                head = text.lstrip("(").split(None, 1)[0].upper() if text else ""
                if head in ("SELECT", "WITH"):
                    keep.append(text.replace("COLLATE zh", ""))
    return "\n".join(keep) + "\n", len(keep)


def fz(data, *args, stdin=None):
    p = subprocess.run([FAZHI, "--data", data] + list(args), capture_output=True, env=ENV,
                       input=stdin)
    if p.returncode != 0:
        sys.exit("bench/report: fazhi %s failed: %s" % (" ".join(args), p.stderr.decode()))
    return p.stdout


def best(fn, runs=RUNS):
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
    return min(t)


def time_rss(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, env=ENV)
    if p.returncode != 0:
        sys.exit("bench/report: %s failed: %s" % (" ".join(cmd), p.stderr.decode()))
    e, m = p.stderr.decode().strip().splitlines()[-1].split()
    return float(e), int(m)


def rss_kb(pid):
    """The resident size of process pid now, in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Http:
    def __init__(self, base):
        self.base = base
        self.cookie = None
        self.csrf = None

    def req(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        r = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            r.add_header("Content-Type", "application/json")
        if self.cookie:
            r.add_header("Cookie", self.cookie)
        if self.csrf and method != "GET":
            r.add_header("X-CSRF-Token", self.csrf)
        with urllib.request.urlopen(r, timeout=120) as resp:
            for k, v in resp.getheaders():
                if k.lower() == "set-cookie" and v.startswith("fazhi_session="):
                    self.cookie = v.split(";")[0]
            return resp.read()


def county(w):
    data = os.path.join(w, "county")
    fz(data, "init", "--demo")
    fz(data, "user", "add", "--username", "bench", "--name", "基准", "--org", "梨树县教育局",
       "--roles", "leader,legal", "--password-stdin", stdin=b"Jz#Start2024x\n")
    db = os.path.join(data, "fazhi.db")
    sql, n_stmt = report_sql(data, w)
    out = os.path.join(w, "r.docx")
    p = subprocess.run(["sqlite3", db], input=sql.encode(), capture_output=True)
    if p.returncode != 0 or p.stderr:
        sys.exit("bench/report: the report's SQL failed in sqlite3: %s" % p.stderr.decode()[:400])
    n = p.stdout.count(b"\n")
    t_docx = best(lambda: fz(data, "report", "--year", "2024", "--as-of", AS_OF, "--format", "docx",
                             "-o", out))
    t_sql = best(lambda: subprocess.run(["sqlite3", db], input=sql.encode(), capture_output=True))
    t_fig = best(lambda: fz(data, "figures", "--year", "2024", "--as-of", AS_OF))
    t_pdf = best(lambda: fz(data, "report", "--year", "2024", "--as-of", AS_OF, "--format", "pdf",
                            "-o", os.path.join(w, "r.pdf")), runs=max(1, RUNS // 2))
    _, m_pdf = time_rss([FAZHI, "--data", data, "report", "--year", "2024", "--as-of", AS_OF,
                         "--format", "pdf", "-o", os.path.join(w, "r.pdf")])
    # the same in one server: a DOCX request against the figures request
    port = free_port()
    srv = subprocess.Popen([FAZHI, "--data", data, "serve", "--listen", "127.0.0.1:%d" % port],
                           env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        h = Http("http://127.0.0.1:%d" % port)
        for _ in range(100):
            try:
                h.req("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        login = json.loads(h.req("POST", "/api/v1/login",
                                 {"username": "bench", "password": "Jz#Start2024x"}))
        h.csrf = login["csrf_token"]
        h.req("POST", "/api/v1/password", {"old_password": "Jz#Start2024x",
                                           "new_password": "Jz#Run2024xy"})
        docx_path = "/api/v1/reports/2024?format=docx&as_of=" + AS_OF
        fig_path = "/api/v1/figures?year=2024&as_of=" + AS_OF
        h.req("GET", docx_path)
        h.req("GET", fig_path)
        s_docx = best(lambda: [h.req("GET", docx_path) for _ in range(REQS)]) / REQS
        s_fig = best(lambda: [h.req("GET", fig_path) for _ in range(REQS)]) / REQS
        s_dash = best(lambda: [h.req("GET", "/") for _ in range(REQS)]) / REQS
        # PDFs in one server: its resident size after the first and after
        # REQS more (each PDF has its own font map, released at its end)
        pdf_path = "/api/v1/reports/2024?format=pdf&as_of=" + AS_OF
        h.req("GET", pdf_path)
        r_pdf1 = rss_kb(srv.pid)
        for _ in range(REQS):
            h.req("GET", pdf_path)
        r_pdfn = rss_kb(srv.pid)
    finally:
        srv.terminate()
        srv.wait()
    return (t_docx, t_sql, t_fig, t_pdf, s_docx, s_fig, s_dash, n_stmt, n,
            m_pdf, r_pdf1, r_pdfn)


def city(w):
    data = os.path.join(w, "city")
    fz(data, "init")
    csv = os.path.join(w, "city.csv")
    rows = ["名称,类别,上级机构,设立日期"]
    rows.append("四平市教育局,教育局,,1950-01-01")
    for c in range(COUNTIES):
        cn = "第%02d县教育局" % (c + 1)
        rows.append("%s,教育局,四平市教育局,1950-01-01" % cn)
        for i in range(89):
            rows.append("第%02d县第%02d学校,学校,%s,%d-09-01" % (c + 1, i + 1, cn, 1960 + i % 60))
        for i in range(48):
            rows.append("第%02d县第%02d幼儿园,幼儿园,%s,%d-09-01" % (c + 1, i + 1, cn, 1970 + i % 50))
    with open(csv, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    fz(data, "org", "import", csv)
    out = os.path.join(w, "city.docx")
    e_docx, m_docx = time_rss([FAZHI, "--data", data, "report", "--year", "2024", "--as-of", AS_OF,
                               "--org", "四平市教育局", "--format", "docx", "-o", out])
    e_pdf, m_pdf = time_rss([FAZHI, "--data", data, "report", "--year", "2024", "--as-of", AS_OF,
                             "--org", "四平市教育局", "--format", "pdf", "-o",
                             os.path.join(w, "city.pdf")])
    md = fz(data, "report", "--year", "2024", "--as-of", AS_OF, "--org", "四平市教育局",
            "--format", "md").decode()
    ok = ("%d所中小学、%d所幼儿园" % (89 * COUNTIES, 48 * COUNTIES)) in md
    return len(rows) - 1, e_docx, m_docx, e_pdf, m_pdf, ok


def main():
    w = tempfile.mkdtemp(prefix="fazhi-bench-report-")
    try:
        (t_docx, t_sql, t_fig, t_pdf, s_docx, s_fig, s_dash, n_stmt, n_rows,
         m_cpdf, r_pdf1, r_pdfn) = county(w)
        n, e_docx, m_docx, e_pdf, m_pdf, ok = city(w)
        print("fazhi report benchmark (%s, %d cores, best of %d)" %
              (time.strftime("%Y-%m-%d %H:%M"), os.cpu_count(), RUNS))
        print("  county: demo 梨树县 (89 中小学 + 48 幼儿园), report 2024 as of %s" % AS_OF)
        print("    fazhi report --format docx          %8.1f ms" % (t_docx * 1000))
        print("    sqlite3 < the report's SQL           %8.1f ms   (every SELECT it ran: %d statements,"
              " %d rows)" % (t_sql * 1000, n_stmt, n_rows))
        print("    ratio docx / SQL (processes)         %8.2f   (target <= 3: %s)" %
              (t_docx / t_sql, "met" if t_docx / t_sql <= 3 else "NOT met"))
        print("    fazhi figures (same registry)        %8.1f ms" % (t_fig * 1000))
        print("    fazhi report --format pdf            %8.1f ms, peak RSS %.1f MB (target <= 64: %s)"
              % (t_pdf * 1000, m_cpdf / 1024, "met" if m_cpdf <= 64 * 1024 else "NOT met"))
        print("    server: GET report docx              %8.2f ms a request" % (s_docx * 1000))
        print("    server: GET /api/v1/figures          %8.2f ms a request" % (s_fig * 1000))
        print("    ratio docx / figures (one server)    %8.2f" % (s_docx / s_fig))
        print("    server: GET / (dashboard)            %8.2f ms a request" % (s_dash * 1000))
        print("    server: RSS after 1 PDF, after %d more %6.1f MB, %.1f MB" %
              (REQS, r_pdf1 / 1024, r_pdfn / 1024))
        print("  city: %d counties, %d orgs" % (COUNTIES, n))
        print("    report --org city --format docx      %8.2f s, peak RSS %.1f MB" % (e_docx, m_docx / 1024))
        print("    report --org city --format pdf       %8.2f s, peak RSS %.1f MB (target <= 64: %s)"
              % (e_pdf, m_pdf / 1024, "met" if m_pdf <= 64 * 1024 else "NOT met"))
        print("    city text states the sums            %s" % ("yes" if ok else "NO"))
        if not ok:
            sys.exit(1)
    finally:
        if os.environ.get("KEEP") == "1":
            print("kept " + w)
        else:
            shutil.rmtree(w, ignore_errors=True)


if __name__ == "__main__":
    main()
