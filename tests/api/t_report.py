#!/usr/bin/env python3
"""The annual report and the figure registry (issue 9), on the demo county.

Figures: as-of dates decide what counts (a school opened 2024-09-01, one
closed 2023-07-31), scope (a school user sees their school), the same
question gives the same answer, and the ids are the records counted.  The
report: 【待补充】 for figures no area declares (and the check lists them),
the DOCX and PDF state 89所中小学、48所幼儿园 from the records (the
数据来源 is the separate 数据底稿, tests/api/t_report_doc.py), a changed record changes the draft but not an approved version,
the stored SM3 matches the files, the public page lists only published
versions.  With LibreOffice installed the DOCX renders on A4 with 28
characters to a full line and the page numbers odd right, even left.
The sign-off runs on the register kernel's steps (src/desk/report_flow.c):
送审's gate answers 409 "gate" listing each finding left without a reason
and the page shows them beside the disabled button; of two simultaneous
报送 exactly one succeeds and the other gets 409 naming the state found.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import io
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error, together  # noqa: E402


def figs(c, q):
    r = c.get("/api/v1/figures?" + q)
    if r.status != 200:
        return r.status, {}
    return r.status, {f["key"]: f for f in r.json["items"]}


def sm3(b):
    return hashlib.new("sm3", b).hexdigest()


def pdf_text(b):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(b)
        f.flush()
        p = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True)
        return p.stdout


def docx_text(b):
    with zipfile.ZipFile(io.BytesIO(b)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def cjk(line):
    return sum(1 for ch in line if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


PUNCT = "，。、；：？！“”‘’（）《》【】…"


def punct_seq(text):
    """The CJK punctuation marks of text, in order."""
    return "".join(ch for ch in text if ch in PUNCT)


def body_lines(text):
    """The text lines of a pdftotext -layout output without blanks and
    page numbers, whitespace removed (to compare where lines break)."""
    out = []
    for line in text.replace("\f", "\n").split("\n"):
        s = re.sub(r"\s+", "", line)
        if s and not re.fullmatch(r"[—－-]*\d+[—－-]*", s):
            out.append(s)
    return out


def font_checks(docx_bytes, pdf, env):
    """The DOCX names every East Asian face in its font table with the GB2312
    character set (86) and an alternative name, and LibreOffice's PDF embeds
    Simplified Chinese faces only.  (The Noto CJK collection shares one CFF
    table named after its JP face, so pdffonts prints NotoSerifCJKjp even
    when the SC face was chosen: for those the face fontconfig picks for the
    document's names in zh-cn is checked instead.)"""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
        xml = z.read("word/document.xml").decode("utf-8") + z.read("word/styles.xml").decode("utf-8")
    names = set(re.findall(r'w:eastAsia="([^"]+)"', xml)) - {"zh-CN"}
    check(len(names) >= 3, "the DOCX names its East Asian faces (%s)" % sorted(names))
    for n in sorted(names):
        m = re.search(r'<w:font w:name="%s">(.*?)</w:font>' % re.escape(n), table)
        check(m is not None and 'w:charset w:val="86"' in m.group(1) and "w:altName" in m.group(1),
              "font table: %s with charset 86 (GB2312) and an alternative name" % n)
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    faces = [l.split()[0].split("+")[-1] for l in fonts.splitlines()[2:] if l.strip()]
    odd = [f for f in faces if re.search(r"JP|Japan|IPA|Takao|Mincho|Gothic|KR|TC|HK", f)
           and not re.match(r"Noto(Serif|Sans)CJKjp-", f)]
    check_eq(odd, [], "LibreOffice embeds no Japanese (or other non-SC CJK) face: %s" % faces)
    for n in sorted(names):
        fm = subprocess.run(["fc-match", "-f", "%{family}", n + ":lang=zh-cn"], capture_output=True,
                            text=True, env=env).stdout
        check("JP" not in fm and ("SC" in fm or "CN" in fm or "GB" in fm or "WenKai" in fm),
              "%s falls back to a Simplified Chinese face (%s)" % (n, fm))


def soffice_checks(docx_bytes, own_pdf=None):
    """Render the DOCX with LibreOffice: A4, 28 characters a full line,
    page numbers — N — odd pages right, even pages left; with fazhi's own
    PDF of the same report: every punctuation mark kept, the lines broken
    alike, Simplified Chinese faces only."""
    if shutil.which("soffice") is None:
        print("note: soffice not installed; LibreOffice checks skipped")
        return
    d = tempfile.mkdtemp(prefix="fazhi-lo-")
    try:
        path = os.path.join(d, "report.docx")
        with open(path, "wb") as f:
            f.write(docx_bytes)
        conf = os.path.join(d, "fontconfig")
        os.makedirs(conf, exist_ok=True)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        shutil.copy(os.path.join(root, "data", "fonts", "fonts.conf"), os.path.join(conf, "fonts.conf"))
        env = dict(os.environ, XDG_CONFIG_HOME=d)
        p = subprocess.run(["soffice", "--headless", "--norestore",
                            "-env:UserInstallation=file://%s/lo" % d, "--convert-to", "pdf",
                            "--outdir", d, path], capture_output=True, env=env, timeout=180)
        check_eq(p.returncode, 0, "soffice converts the report")
        pdf = os.path.join(d, "report.pdf")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        check("595." in info and " x 841." in info, "A4 pages: %s" % info[:200])
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        check(pages >= 4, "the report runs over several pages (%d)" % pages)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                              text=True).stdout
        full = over = 0
        leads = {}
        for i, page in enumerate(text.split("\f")):
            for line in page.split("\n"):
                n = cjk(line)
                if 27 <= n <= 29:
                    full += 1
                # (a line of the 数据来源 table holds two cells side by side)
                if n > 29 and "│" not in line and not re.search(r"\S\s{4,}\S", line.strip()):
                    over += 1
                m = re.search(r"—\s*(\d+)\s*—", line)
                if m and int(m.group(1)) == i + 1 and line.strip() == m.group(0).strip():
                    leads[i + 1] = len(line) - len(line.lstrip(" "))
        check(full >= 20, "full lines hold 28 characters (%d such lines)" % full)
        check_eq(over, 0, "no line holds more than 29 characters")
        check(leads.get(1, -1) >= 20, "page 1's number on the right (lead %s)" % leads.get(1))
        check(0 <= leads.get(2, -1) <= 8, "page 2's number on the left (lead %s)" % leads.get(2))
        check("89所中小学、48所幼儿园" in text.replace(" ", ""), "LibreOffice shows the counts")
        font_checks(docx_bytes, pdf, env)
        if own_pdf is not None:
            own = pdf_text(own_pdf)
            lo = text
            # the body (before the appendix's table, whose cells the two
            # read in different orders): the same marks in the same order
            cut = lambda t: re.sub(r"\s+", "", t).split("数据来源")[0]
            a, b = punct_seq(cut(own)), punct_seq(cut(lo))
            check(len(a) > 100, "fazhi's PDF has its punctuation (%d marks)" % len(a))
            if a != b:
                import difflib
                sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
                bad = [(o[0], a[o[1]:o[2]], b[o[3]:o[4]]) for o in sm.get_opcodes() if o[0] != "equal"]
            else:
                bad = []
            check_eq(bad, [], "LibreOffice keeps every punctuation mark of fazhi's text")
            check_eq(sorted(punct_seq(re.sub(r"\s+", "", own))), sorted(punct_seq(re.sub(r"\s+", "", lo))),
                     "... in the whole document too")
            # where lines break: the body's line ends, by character offset
            la, lb = body_lines(own), body_lines(lo)
            ta, tb = "".join(la), "".join(lb)
            n = 0
            while n < min(len(ta), len(tb)) and ta[n] == tb[n]:
                n += 1
            ends = lambda ls: {sum(len(x) for x in ls[:i + 1]) for i in range(len(ls))}
            ea = {e for e in ends(la) if e < n}
            eb = {e for e in ends(lb) if e < n}
            differ = len(ea ^ eb)
            print("note: LibreOffice and fazhi's PDF break %d of %d body lines alike" %
                  (len(ea & eb), len(ea | eb)))
            check(n > 2000, "the same text up to the appendix (%d characters)" % n)
            # Both set every advance at 313/320 of the font's and 1/5 em
            # between Chinese and digits, so a line breaks differently only
            # when its text ends within LibreOffice's rounding (a twip a
            # character) of the line's end: at most one such line, which
            # shifts the break of at most the next line of its paragraph.
            check(differ <= 2 and len(ea | eb) > 100,
                  "LibreOffice and fazhi's PDF break the body's lines alike (%d of %d line ends differ)"
                  % (differ, len(ea | eb)))
            # and the pages hold the same lines (head, body, 落款 and 版记)
            per_page = lambda t: [len(body_lines(p)) for p in t.split("\f") if body_lines(p)]
            check_eq(per_page(lo), per_page(own), "LibreOffice and fazhi's PDF hold the same lines a page")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    srv = None
    try:
        srv = Server()
        a = srv.admin()
        legal = srv.user_client("fagui", "legal", org="梨树县教育局")
        lead = srv.user_client("juzhang", "leader", org="梨树县教育局")
        school = srv.user_client("xiao", "school", org="梨树县第一实验小学")

        # ---- figures: as of a date, by the records' own dates ----
        st, f = figs(lead, "year=2024&as_of=2024-11-15")
        check_eq(st, 200, "figures API")
        check_eq((f["org.schools"]["value"], f["org.kindergartens"]["value"]), (89, 48),
                 "demo county as of 2024-11-15: 89 中小学, 48 幼儿园")
        check_eq(len(f["org.schools"]["ids"]), 89, "provenance: 89 ids for 89 schools")
        check_eq(f["org.schools"]["records"], 89, "records == value")
        ids = set(f["org.schools"]["ids"]) | set(f["org.kindergartens"]["ids"])
        orgs = {o["id"]: o for o in a.get("/api/v1/orgs?limit=1000").json["items"]}
        check(all(orgs[i]["kind"] in ("school", "kindergarten") for i in ids),
              "every id counted is a school or kindergarten")
        check(all(orgs[i]["kind"] == "school" for i in f["org.schools"]["ids"]),
              "org.schools counts only 学校")
        new_school = [o["id"] for o in orgs.values() if o["name"] == "梨树县榆树台镇第二小学"][0]
        closed = [o["id"] for o in orgs.values() if o["name"] == "梨树县小城子镇靠山小学"][0]
        check(new_school in f["org.schools"]["ids"] and closed not in f["org.schools"]["ids"],
              "2024: the school opened 2024-09-01 counts, the one closed 2023-07-31 does not")
        st, f23 = figs(lead, "year=2023&as_of=2023-06-30")
        check_eq(f23["org.schools"]["value"], 89, "as of 2023-06-30: 89 (closed one still open)")
        check(closed in f23["org.schools"]["ids"] and new_school not in f23["org.schools"]["ids"],
              "2023-06-30: the closed school counts, the new one does not")
        st, f23e = figs(lead, "year=2023&as_of=2023-12-31")
        check_eq(f23e["org.schools"]["value"], 88, "as of 2023-12-31: 88")
        st, again = figs(lead, "year=2024&as_of=2024-11-15")
        check_eq(again["org.schools"]["ids"], f["org.schools"]["ids"], "same question, same answer")
        st, fs = figs(school, "year=2024&as_of=2024-11-15")
        check_eq((fs["org.schools"]["value"], fs["org.kindergartens"]["value"]), (1, 0),
                 "a school user's figures are their own school")
        check_eq(fs["org.kindergartens"]["known"], False, "no kindergarten: not known")
        r = school.get("/api/v1/figures?org=" + urllib.parse.quote("梨树县教育局"))
        check_eq(r.status, 404, "a school user cannot ask for the bureau")
        r = lead.get("/api/v1/figures?as_of=2024-13-01")
        check_eq((r.status, r.code), (400, "bad_param"), "bad as_of refused")
        p = srv.cli("figures", "--year", "2024", "--as-of", "2024-11-15", "--format", "csv")
        check(p.returncode == 0 and "org.schools,中小学数,所,2024,2024-11-15,89,89" in p.stdout,
              "fazhi figures csv: %s" % p.stdout[:300])
        p = srv.cli("figures", "--year", "2024", "--as-of", "2024-11-15", "--format", "json",
                    "--org", "梨树县第一实验小学")
        check(p.returncode == 0 and '"value":1' in p.stdout.replace(" ", ""), "fazhi figures --org")
        # a school typed in today but founded in 2025 does not change 2024
        p = srv.cli("org", "import", write_csv(srv, "名称,类别,上级机构,设立日期\n"
                                               "梨树县未来小学,学校,梨树县教育局,2025-03-01\n"))
        check_eq(p.returncode, 0, "import a school founded 2025: %s" % p.stderr)
        st, f2 = figs(lead, "year=2024&as_of=2024-11-15")
        check_eq(f2["org.schools"]["value"], 89, "its own date keeps it out of 2024")
        # the record list behind a card shows exactly its count
        r = lead.get("/figures/org.schools?year=2024&as_of=2024-11-15")
        check(r.status == 200 and "共 89 条" in r.text, "records page: 共 89 条")
        home = lead.get("/")
        r = lead.get("/figures")
        check(r.status == 200 and "/figures/org.schools?year=" in r.text, "figure cards link to records")
        m = re.search(r"href='(/figures/org\.kindergartens\?[^']*)'[^>]*><div class='v'>(\d+)<", r.text)
        check(m is not None, "kindergarten card on the dashboard")
        if m:
            r2 = lead.get(m.group(1).replace("&amp;", "&"))
            check("共 %s 条" % m.group(2) in r2.text, "card count == list count (%s)" % m.group(2))
        check("<svg" in home.text and ">0.2<" not in home.text, "chart drawn, whole-number values")
        check("示例数据" in home.text, "the dashboard says the data are 示例数据")
        m = re.search(r"href='/orgs'><div class='v'>(\d+)<", r.text)
        r2 = lead.get("/orgs")
        check(m is not None and "共 %s 条" % m.group(1) in r2.text, "机构 card == /orgs 共 N 条")
        check("示例数据" in r2.text, "the org list marks 示例数据")
        check("法治政府建设报告应于" in home.text or "待我处理" in home.text, "alerts section")
        r = school.get("/figures")
        check(r.status == 200 and "<div class='v'>1</div><div class='k'>中小学数" in r.text,
              "school user's dashboard shows their own school")

        r = lead.get("/?year=2025&as_of=2025-02-20")
        check("<li class='soon'><a href='/reports?year=2024'>2024年度法治政府建设报告应于2025年3月1日前报送"
              in r.text, "alert: the 2024 report is due by 1 March (soon)")
        r = lead.get("/?year=2025&as_of=2025-03-05")
        check("<li class='overdue'><a href='/reports?year=2024'>2024年度法治政府建设报告应于2025年3月1日前报送"
              in r.text, "alert: overdue after 1 March")

        # ---- the report: gaps, text, outputs ----
        r = legal.get("/api/v1/reports/2024?as_of=2024-11-15")
        check_eq(r.status, 200, "report JSON")
        j = r.json
        check_eq(j.get("title"), "梨树县教育局关于2024年度法治政府建设情况的报告", "title")
        text = "".join(b["text"] for b in j.get("blocks", []))
        check("目前全县89所中小学、48所幼儿园均聘任了" in text, "the seed's sentence with counts")
        check("今年共完成跨部门联合检查3次，部门内检查1次。" in text,
              "the inspection sentence from the inspection records")
        gaps = {g["key"]: g["reason"] for g in j.get("gaps", [])}
        check("inspect.joint" not in gaps and "org.schools" not in gaps,
              "no gap where records exist (an undeclared figure's gap: below): %s" % gaps)
        heads = [b["text"] for b in j["blocks"] if b["kind"] in ("h1", "h2")]
        check_eq(heads[:2], ["一、2024年法治政府建设的基本情况", "（一）强化法治意识，切实落实责任"],
                 "headings word for word")
        check("四、2025年度主要工作安排" in heads and "二、存在的问题和不足" in heads and
              "三、2024年党政主要负责人履行推进法治建设第一责任人职责" in heads, "all four parts")
        p = srv.cli("report", "check", "--year", "2024")
        check(p.returncode == 0 and "有数据	跨部门联合检查次数" in p.stdout and "，0项待补充" in p.stdout,
              "report check: every figure of the demo has data, named in Chinese: %s" % p.stdout[-200:])
        r = legal.get("/api/v1/reports/2024?format=html&as_of=2024-11-15")
        check(r.status == 200 and "/figures/org.schools?year=2024&amp;as_of=2024-11-15" in r.text,
              "HTML figures link to their records as of the date")
        r = legal.get("/api/v1/reports/2024?format=docx&as_of=2024-11-15")
        check(r.status == 200 and r.body[:2] == b"PK", "DOCX download")
        docx = r.body
        t = docx_text(docx)
        check("89所中小学、48所幼儿园" in t and "数据来源" not in t,
              "DOCX: counts, and no 数据来源 (that is the 数据底稿, t_report_doc)")
        r = legal.get("/api/v1/reports/2024?format=pdf&as_of=2024-11-15")
        check(r.status == 200 and r.body[:5] == b"%PDF-", "PDF download")
        own_pdf = r.body
        t = pdf_text(r.body).replace(" ", "")
        check("89所中小学、48所幼儿园" in t, "PDF (pdftotext): counts")
        check("数据来源" not in t and "待补充" not in t, "PDF: no 数据来源 table, and no 待补充 left")
        out = os.path.join(srv.tmp, "r.docx")
        p = srv.cli("report", "--year", "2024", "--as-of", "2024-11-15", "--format", "docx",
                    "-o", out, "--no-appendix")
        check(p.returncode == 0 and "数据来源" not in docx_text(open(out, "rb").read()),
              "--no-appendix leaves 数据来源 out")
        p = srv.cli("report", "--year", "2024", "--format", "md")
        check(p.returncode == 0 and p.stdout.startswith("# 梨树县教育局关于2024年度"), "markdown")
        soffice_checks(docx, own_pdf)

        # ---- a placeholder for a figure nobody declares ----
        r = legal.put("/api/v1/reports/2024/blocks/5", {"body": "测试{{no.such|某项新数据}}项。"})
        check(r.status == 200 and r.json.get("version") == 1, "editing creates the draft")
        check(r.status == 200 and "测试【待补充：某项新数据】项。" in
              [b["text"] for b in r.json["blocks"]], "missing figure placeholder")
        check(any(g["key"] == "no.such" for g in r.json["gaps"]), "... listed in the gaps")
        r = legal.put("/api/v1/reports/2024/blocks/4", {"body": ""})
        check_eq(r.status, 422, "empty paragraph refused")
        r = legal.put("/api/v1/reports/2024/blocks/999", {"body": "x"})
        check_eq(r.status, 404, "no such paragraph")
        r = legal.put("/api/v1/reports/2024/blocks/4", {"body": "x"}, csrf=False)
        check_eq(r.status, 403, "CSRF required")
        r = lead.put("/api/v1/reports/2024/blocks/4", {"body": "x"})
        check_eq(r.status, 403, "a leader does not edit")
        r = school.get("/api/v1/reports/2024")
        check_eq(r.status, 403, "a school user has no report")
        r = legal.post("/api/v1/reports/2024/settings", {"as_of": "2024-11-15", "doc_date": "2025-01-10"})
        check(r.status == 200 and r.json.get("as_of") == "2024-11-15", "draft dates set")

        # ---- the same version on the kernel: /api/v1/report-versions, its blocks a child ----
        r = legal.get("/api/v1/report-versions")
        check(r.status == 200 and [(x["year"], x["state"]) for x in r.json["items"]] == [(2024, "draft")],
              "the kernel lists the version: %r" % r)
        rid = r.json["items"][0]["id"] if r.status == 200 and r.json["items"] else 0
        r = legal.get("/api/v1/report-versions/%d/blocks" % rid)
        kb = r.json["items"] if r.status == 200 else []
        b5 = [x for x in kb if str(x.get("seq")) == "5"]
        check(len(b5) == 1 and b5[0]["body"] == "测试{{no.such|某项新数据}}项。" and b5[0]["kind"] == "para",
              "the blocks are the version's child: %r" % b5)
        bid = b5[0]["id"] if b5 else 0
        r = legal.put("/api/v1/report-versions/%d/blocks/%d" % (rid, bid), {"body": "经内核修改的段落。"})
        check_eq(r.status, 200, "a block changed through the kernel's nested route")
        check("经内核修改的段落。" in [x["text"] for x in legal.get("/api/v1/reports/2024").json["blocks"]],
              "... and the report's text has it")
        r = legal.put("/api/v1/report-versions/%d/blocks/%d" % (rid, bid), {"body": ""})
        check(r.status == 422 and "body" in str(r.json), "an empty block refused, naming body: %r" % r)
        check_eq(lead.get("/api/v1/report-versions/%d/blocks" % rid).status, 200, "a leader reads the blocks")
        check_eq(school.get("/api/v1/report-versions/%d/blocks" % rid).status, 403, "a school user does not")
        r = legal.post("/api/v1/report-versions", {"as_of": "2024-11-15", "doc_date": "2025-01-10"})
        check(r.status == 409 and "fazhi report" in str(r.json), "no version is created through the kernel: %r" % r)
        check_eq(len(legal.get("/api/v1/report-versions").json["items"]), 1, "... none was")
        legal.put("/api/v1/reports/2024/blocks/5", {"body": "测试{{no.such|某项新数据}}项。"})

        # ---- a changed record changes the draft ----
        r = a.post("/api/v1/orgs", {"name": "梨树县新增测试小学", "kind": "school",
                                    "parent_id": orgs_id(a, "梨树县教育局")})
        check_eq(r.status, 201, "add a school")
        r = legal.get("/api/v1/reports/2024")
        check("90所中小学" in "".join(b["text"] for b in r.json["blocks"]), "the draft follows the records")

        # ---- sign-off ----
        r = legal.post("/api/v1/reports/2024/approve", {"comment": "同意"})
        check_eq(r.status, 403, "法规股 cannot approve")
        r = lead.post("/api/v1/reports/2024/approve", {"comment": "同意"})
        check_eq(r.status, 409, "approve a draft: wrong state")
        r = legal.post("/api/v1/reports/2024/submit", {})
        check_eq(r.status, 409, "送审 refused while the check has findings without a reason")
        nopen = len([fd for fd in legal.get("/api/v1/reports/2024").json["findings"]
                     if not fd.get("reason")])
        check(r.json["error"]["code"] == "gate" and len(r.json.get("errors", [])) == min(nopen, 32)
              and all(e["message"].startswith("送审前须处理") for e in r.json["errors"]),
              "... the kernel's gate: 409 gate listing each finding left (%d): %r" % (nopen, r))
        pg = legal.get("/reports?year=2024")
        check("<div class='gate notice err'><p>尚不能送审：</p>" in pg.text
              and "type='submit' disabled>送审</button>" in pg.text,
              "the report page shows the gate's conditions beside the disabled 送审")
        for fd in legal.get("/api/v1/reports/2024").json["findings"]:
            legal.post("/api/v1/reports/2024/reasons", {"finding": fd["finding"], "reason": "测试：暂无此项数据"})
        pg = legal.get("/reports?year=2024")
        check("尚不能送审" not in pg.text and "type='submit' disabled>送审" not in pg.text,
              "every finding has its reason: 送审 is offered")
        r = legal.post("/api/v1/reports/2024/submit", {})
        check(r.status == 200 and r.json.get("state") == "submitted", "送审")
        r = legal.put("/api/v1/reports/2024/blocks/4", {"body": "y"})
        check_eq(r.status, 409, "a submitted report is not edited")
        r = legal.put("/api/v1/report-versions/%d/blocks/%d" % (rid, bid), {"body": "y"})
        check(r.status == 409 and "只有草稿可以修改" in str(r.json),
              "... nor its blocks through the kernel: %r" % r)
        r = lead.post("/api/v1/reports/2024/return", {})
        check_eq(r.status, 422, "退回 needs a reason")
        r = lead.post("/api/v1/reports/2024/return", {"comment": "请补充数据"})
        check(r.status == 200 and r.json.get("state") == "draft" and r.json.get("comment") == "请补充数据",
              "退回 with reason")
        r = legal.post("/api/v1/reports/2024/submit", {})
        r = lead.post("/api/v1/reports/2024/approve", {"comment": "同意报送"})
        check(r.status == 200 and r.json.get("state") == "approved", "审定")
        ap = r.json
        check(ap.get("docx_sm3") and ap.get("pdf_sm3"), "hashes stored")
        d = lead.get("/api/v1/reports/2024?format=docx")
        pdf = lead.get("/api/v1/reports/2024?format=pdf")
        check_eq(sm3(d.body), ap.get("docx_sm3"), "SM3 of the DOCX matches the stored hash")
        check_eq(sm3(pdf.body), ap.get("pdf_sm3"), "SM3 of the PDF matches the stored hash")
        # the frozen files live in the file store, not in the database
        for k in ("docx_sm3", "pdf_sm3"):
            fp = os.path.join(srv.data, "files", ap[k][:2], ap[k])
            check(os.path.exists(fp), "the approved %s is in the file store" % k[:-4])
        fp = os.path.join(srv.data, "files", ap["pdf_sm3"][:2], ap["pdf_sm3"])
        with open(fp, "rb") as f:
            good = f.read()
        with open(fp, "wb") as f:
            f.write(good[:-1] + b"X")
        check_eq(lead.get("/api/v1/reports/2024?format=pdf").status, 500,
                 "a changed stored PDF is not served")
        p = srv.cli("files", "verify")
        check(p.returncode == 1 and ap["pdf_sm3"] in p.stdout and "report" in p.stdout,
              "fazhi files verify names the report's PDF: %s" % p.stdout)
        with open(fp, "wb") as f:
            f.write(good)
        check_eq(srv.cli("files", "verify").returncode, 0, "restored: verify passes")
        r = a.post("/api/v1/orgs", {"name": "梨树县审定后小学", "kind": "school",
                                    "parent_id": orgs_id(a, "梨树县教育局")})
        r = lead.get("/api/v1/reports/2024")
        check("90所中小学" in "".join(b["text"] for b in r.json["blocks"]),
              "the approved version keeps its figures after a record changes")
        d2 = lead.get("/api/v1/reports/2024?format=pdf")
        check_eq(sm3(d2.body), ap.get("pdf_sm3"), "and its PDF")
        st, fnow = figs(lead, "year=2024&as_of=2024-11-15")
        check_eq(fnow["org.schools"]["value"], 91, "while the live figure moved on")
        au = srv.user_client("aud", "auditor", org="梨树县教育局")
        r = au.get("/api/v1/audit?entity=report&limit=100")
        acts = [e.get("action") for e in r.json.get("items", [])]
        check(all(x in acts for x in ("create", "submit", "return", "approve")),
              "sign-off audited: %s" % acts)
        r = au.get("/audit?entity=report")
        check(r.status == 200 and "梨树县教育局 2024年度报告第1版" in r.text and "审定" in r.text,
              "the audit page names the report and its steps")

        # ---- public page: only published ----
        anon = srv.client()
        r = anon.get("/public/reports")
        check(r.status == 200 and ".pdf" not in r.text, "nothing public before publication")
        # 报送 by the leader and the 法规股 at once: the kernel's step reads the
        # row under its lock, so exactly one succeeds and the other gets 409
        # naming the state it found
        res = together([lambda c=c: c.post("/api/v1/reports/2024/sent", {"date": "2025-02-20"})
                        for c in (lead, legal)])
        won = [x for x in res if x.status == 200]
        lost = [x for x in res if x.status == 409]
        check(len(won) == 1 and len(lost) == 1, "two simultaneous 报送: one 200 and one 409: %r" % res)
        check(won and won[0].json.get("sent_on") == "2025-02-20", "已报送")
        check(lost and "已报送" in (lost[0].message or ""), "the loser is told the state it found: %r" % lost)
        r = lead.post("/api/v1/reports/2024/approve", {"comment": "再次审定"})
        check(r.status == 409 and r.json["error"]["code"] == "conflict",
              "审定 after 报送: 409 naming the state: %r" % r)
        r = lead.post("/api/v1/reports/2024/published", {"date": "bad"})
        check_eq(r.status, 422, "bad date refused")
        r = anon.get("/public/reports")
        check(".pdf" not in r.text, "sent but not published: still not public")
        r = legal.post("/api/v1/reports/2024/published", {"date": "2025-03-25"})
        check(r.status == 200 and r.json.get("state") == "published", "已公开")
        r = anon.get("/public/reports")
        m = re.search(r"href='(/public/reports/\d+\.pdf)'", r.text)
        check(m is not None and "梨树县教育局" in r.text, "the public page lists it")
        if m:
            p = anon.get(m.group(1))
            check(p.status == 200 and sm3(p.body) == ap.get("pdf_sm3"), "public PDF is the approved file")
        r = lead.get("/?year=2025&as_of=2025-03-05")
        check("2024年度法治政府建设报告应于" not in r.text, "no deadline alert once published")
        r = legal.post("/api/v1/reports/2024/new-version", {})
        check(r.status == 200 and r.json.get("version") == 2 and r.json.get("state") == "draft",
              "a new version starts as a draft")
        check("91所中小学" in "".join(b["text"] for b in r.json["blocks"]), "... with today's records")
        r = anon.get("/public/reports")
        check(m is not None and m.group(1) in r.text, "the published version stays public")
        r = lead.get("/?year=2025&as_of=2025-03-05")
        check("2024年度法治政府建设报告应于" not in r.text, "a new draft does not undo the deadline met")
        r = legal.get("/api/v1/reports/2025")
        check(r.status == 200 and r.json.get("version") == 0 and
              "测试【待补充：某项新数据】项。" in "".join(b["text"] for b in r.json["blocks"]) and
              "2025年法治政府建设的基本情况" in "".join(b["text"] for b in r.json["blocks"]),
              "a new year starts from the previous year's text")
        srv.check_log()
    except Exception:
        error("report")
    finally:
        if srv:
            srv.stop()
    finish()


def orgs_id(c, name):
    for o in c.get("/api/v1/orgs?limit=1000").json["items"]:
        if o["name"] == name:
            return o["id"]
    return None


def write_csv(srv, text):
    path = os.path.join(srv.tmp, "more.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


if __name__ == "__main__":
    main()
