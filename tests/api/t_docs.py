#!/usr/bin/env python3
"""The 机构名录 prints as 公文: codes never wrap.

Imports schools with real-looking 统一社会信用代码 (18 characters, check
characters computed here per GB 32100 / GB 11714) and 学校标识码 (10
digits) and long names, exports the directory as PDF and DOCX, and checks
with `pdftotext -layout` that every code appears whole on one line (the
DOCX after LibreOffice turned it into PDF, when soffice is installed), that
a table too wide for portrait is set on landscape pages, and that the PDF
embeds the Debian faces chosen for each role.  Files: tests/out/docs-*.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out")
ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(body8):
    """GB 11714 check character of an 8-character 组织机构代码 body."""
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    val = lambda c: int(c) if c.isdigit() else ord(c) - ord("A") + 10
    c = 11 - sum(val(ch) * wi for ch, wi in zip(body8, w)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc(body8):
    """A valid 统一社会信用代码 for a 事业单位 in 梨树县 with body8."""
    s = "12220322" + body8 + org_check(body8)
    c = 31 - sum(ALPHA.index(ch) * (3 ** i % 31) for i, ch in enumerate(s)) % 31
    return s + ALPHA[0 if c == 31 else c]


def main():
    srv = None
    try:
        srv = Server()
        names = ["梨树县第%s实验小学" % n for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]]
        names += ["梨树县喇嘛甸镇中心小学校", "梨树县第十一中学", "梨树县孟家岭镇中心幼儿园"]
        rows = ["名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构"]
        codes, schools = [], []
        for i, n in enumerate(names):
            kind = "幼儿园" if n.endswith("幼儿园") else "学校"
            code = uscc("MB%05dQ" % (1700 + i))
            sc = ("11" if kind == "幼儿园" else "21") + "22%06d" % (100 + i)
            codes.append(code)
            schools.append(sc)
            rows.append("%s（测试）,%s,%s,220322,%s,梨树县教育局" % (n, kind, code, sc))
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
            path = f.name
        p = srv.cli("org", "import", path)
        os.unlink(path)
        check_eq(p.returncode, 0, "test schools imported: %s" % p.stderr.strip())
        lead = srv.user_client("lead", "leader", org="梨树县教育局")
        os.makedirs(OUT, exist_ok=True)

        r = lead.get("/api/v1/orgs/export?format=pdf")
        check_eq(r.status, 200, "PDF export answers 200")
        pdf = os.path.join(OUT, "docs-orgs.pdf")
        with open(pdf, "wb") as f:
            f.write(r.body)
        txt = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
        missing = [c for c in codes + schools if c not in txt]
        check(not missing, "PDF: pdftotext -layout finds every code whole (%d missing: %s)"
              % (len(missing), " ".join(missing[:4])))
        for short in ["序号", "教育局", "幼儿园"]:
            check(short in txt, "PDF: short cell %s stays whole" % short)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        check(re.search(r"Page size:\s+841\.\d+ x 595\.\d+", info) is not None,
              "PDF: the wide table is set on landscape A4 pages")
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
        for face, role in [("LXGWWenKai", "正文（仿宋的位置）"), ("NotoSerifCJK", "标题"),
                           ("NotoSansCJK", "表头（黑体）")]:
            check(face in fonts.replace(" ", ""), "PDF embeds %s for %s" % (face, role))

        r = lead.get("/api/v1/orgs/export?format=docx")
        check_eq(r.status, 200, "DOCX export answers 200")
        docx = os.path.join(OUT, "docs-orgs.docx")
        with open(docx, "wb") as f:
            f.write(r.body)
        xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
        check('w:orient="landscape"' in xml, "DOCX: the wide table gets a landscape section")
        styles = zipfile.ZipFile(docx).read("word/styles.xml").decode("utf-8")
        check("仿宋_GB2312" in styles and "方正小标宋简体" in styles and "楷体_GB2312" in styles,
              "DOCX keeps naming the official fonts")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            with tempfile.TemporaryDirectory() as tmp:
                env = dict(os.environ, HOME=tmp)
                subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, docx],
                               capture_output=True, timeout=180, env=env)
                conv = os.path.join(tmp, "docs-orgs.pdf")
                if os.path.exists(conv):
                    shutil.copy(conv, os.path.join(OUT, "docs-orgs-docx.pdf"))
                    txt = subprocess.run(["pdftotext", "-layout", conv, "-"], capture_output=True,
                                         text=True).stdout
                    missing = [c for c in codes + schools if c not in txt]
                    check(not missing, "DOCX (via LibreOffice): every code whole (%d missing: %s)"
                          % (len(missing), " ".join(missing[:4])))
                else:
                    check(False, "LibreOffice converted the DOCX to PDF")
        srv.check_log()
    except Exception as e:  # noqa: BLE001
        error("unexpected: %r" % e)
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
