#!/usr/bin/env python3
"""The annual report as a whole official document, and its 数据底稿 (issue 20,
items 4-6), on the demo county.

The outgoing DOCX and PDF carry the 版头 (发文机关标志, 发文字号, 签发人), the
主送机关, the 成文日期 apart from the data cut-off, the 落款 (sealed or not,
per report), the 附注 with the contact, and the 版记 (抄送, 印发机关 and 印发日期),
and no 数据来源 table; bad head fields are refused naming the field; the
发文字号 is taken from the kernel's sequence at 审定 and never given twice; a
new version and a new year start from the previous head.  The 数据底稿 lists
per figure its value, numerator and denominator, last year's value, the
responsible 股室 and each record counted and missing (the school without a
法治副校长 named), linked by absolute addresses in HTML and numbered in
DOCX/PDF; the version approved keeps its sheet (SM3 checked) while the
records move on.  The DOCX names Simplified Chinese theme fonts, and the
title breaks between words.
"""
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402


def sm3(b):
    return hashlib.new("sm3", b).hexdigest()


def pdf_text(b, layout=True):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(b)
        f.flush()
        args = ["pdftotext"] + (["-layout"] if layout else []) + [f.name, "-"]
        return subprocess.run(args, capture_output=True, text=True).stdout


def docx_part(b, name):
    with zipfile.ZipFile(io.BytesIO(b)) as z:
        return z.read(name).decode("utf-8")


def docx_text(b):
    return re.sub(r"<[^>]+>", "", docx_part(b, "word/document.xml"))


def org_id(c, name):
    r = c.get("/api/v1/orgs?limit=1000")
    if r.status != 200:
        print("note: org list %r" % r)
    for o in r.json["items"]:
        if o["name"] == name:
            return o["id"]
    return None



def reasons(legal, year=2024):
    """Record a reason for each open finding of `report check`, so that 送审
    is taken (the wording's own tests are t_say.py)."""
    r = legal.get("/api/v1/reports/%d" % year)
    for f in r.json.get("findings", []):
        if not f.get("reason"):
            legal.post("/api/v1/reports/%d/reasons" % year, {"finding": f["finding"], "reason": "底稿测试：另行说明"})

def main():
    srv = None
    try:
        srv = Server()
        a = srv.admin()
        legal = srv.user_client("fagui", "legal", org="梨树县教育局")
        lead = srv.user_client("juzhang", "leader", org="梨树县教育局")

        # ---- defaults (data/report/head.tsv with the unit's names) ----
        r = legal.get("/api/v1/reports/2024?as_of=2024-11-15")
        check_eq(r.status, 200, "report JSON")
        h = r.json.get("head", {})
        check_eq((h.get("mark"), h.get("doc_no_fmt"), h.get("recipient"), h.get("printer"), h.get("sealed")),
                 ("梨树县教育局文件", "梨教发〔%Y〕%N号", "梨树县人民政府", "梨树县教育局办公室", True),
                 "default head: 发文机关标志, 发文字号格式, 主送机关, 印发机关, sealed")
        check(r.json.get("doc_date") != r.json.get("as_of"), "the 成文日期 is not the data cut-off by default")

        # ---- bad fields refused, each named, nothing changed ----
        r = legal.post("/api/v1/reports/2024/head", {"print_date": "2025-13-01", "doc_no_fmt": "梨教发〔%Y〕号",
                                                      "sealed": "maybe"})
        check_eq(r.status, 422, "bad head fields: 422")
        fields = sorted(e.get("field") for e in (r.json or {}).get("errors", []))
        check_eq(fields, ["doc_no_fmt", "print_date", "sealed"], "each bad field named")
        check("印发日期" in r.message and "%N" in r.message, "in Chinese: %s" % r.message)
        r = legal.post("/api/v1/reports/2024/head", {"signer": "x\ny"})
        check_eq(r.status, 422, "a line break in 签发人 refused")
        r = legal.post("/api/v1/reports/2024/head", {"signer": 5})
        check_eq(r.status, 400, "a number for 签发人 refused")
        r = lead.post("/api/v1/reports/2024/head", {"signer": "x"})
        check_eq(r.status, 403, "a leader does not edit the head")

        # ---- the head set, dates apart ----
        r = legal.post("/api/v1/reports/2024/head", {
            "cc": "四平市教育局、梨树县司法局", "contact": "联系人：李明，电话：0434-5223456",
            "print_date": "２０２５-01-12", "sealed": False})
        check_eq(r.status, 200, "head saved: %r" % r)
        h = r.json.get("head", {})
        check_eq((h.get("cc"), h.get("contact"), h.get("print_date"), h.get("sealed"), h.get("signer")),
                 ("四平市教育局、梨树县司法局", "联系人：李明，电话：0434-5223456", "2025-01-12", False, ""),
                 "head fields stored (full-width digits of the date folded, punctuation kept)")
        r = legal.post("/api/v1/reports/2024/settings", {"as_of": "2024-11-15", "doc_date": "2025-01-10"})
        check(r.status == 200 and (r.json["as_of"], r.json["doc_date"]) == ("2024-11-15", "2025-01-10"),
              "data cut-off and 成文日期 set apart")
        check_eq(r.json["head"].get("doc_no_text"), "梨教发〔2025〕　号",
                 "before 审定 the 发文字号 shows its year (of the 成文日期) and a blank number")

        # ---- the outgoing DOCX ----
        r = legal.get("/api/v1/reports/2024?format=docx")
        check(r.status == 200 and r.body[:2] == b"PK", "DOCX")
        t = docx_text(r.body)
        xml = docx_part(r.body, "word/document.xml")
        for want in ("梨树县教育局文件", "梨教发〔2025〕", "梨树县人民政府：", "抄送：四平市教育局、梨树县司法局。",
                     "梨树县教育局办公室", "2025年1月12日印发", "（联系人：李明，电话：0434-5223456）",
                     "2025年1月10日", "截至11月中旬"):
            check(want in t, "DOCX has %s" % want)
        check("数据来源" not in t and "口径" not in t and "记录数" not in t, "DOCX: no 数据来源 table")
        check(re.search(r'w:color w:val="FF0000"/>.{0,200}梨树县教育局文件', xml) is not None,
              "the 发文机关标志 is red")
        check(re.search(r"关于2024年度</w:t>(?:(?!</w:p>).)*<w:br/>(?:(?!</w:p>).)*法治政府建设情况的报告", xml)
              is not None, "DOCX title breaks between words: …2024年度 / 法治政府建设情况的报告")
        check("tblpPr" in xml, "the 版记 floats at the foot of the page")
        theme = docx_part(r.body, "word/theme/theme1.xml")
        settings = docx_part(r.body, "word/settings.xml")
        check('script="Hans" typeface="仿宋_GB2312"' in theme and 'script="Hans" typeface="宋体"' in theme,
              "the theme's Han fonts are 仿宋 (body) and 宋体 (headings)")
        check('w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"' in settings, "theme font language zh-CN")
        fonts = docx_part(r.body, "word/fontTable.xml")
        check(fonts.count("w:altName") >= 5 and fonts.count('w:charset w:val="86"') >= 5,
              "the font table gives GB2312 faces with alternative names")

        # ---- the outgoing PDF (fazhi's own) ----
        r = legal.get("/api/v1/reports/2024?format=pdf")
        check(r.status == 200 and r.body[:5] == b"%PDF-", "PDF")
        own = r.body
        t = pdf_text(own)
        flat = re.sub(r"\s+", "", t)
        for want in ("梨树县教育局文件", "梨教发〔2025〕", "梨树县人民政府：", "抄送：四平市教育局、梨树县司法局。",
                     "2025年1月12日印发", "（联系人：李明，电话：0434-5223456）"):
            check(want in flat, "PDF has %s" % want)
        check("数据来源" not in flat, "PDF: no 数据来源")
        lines = [re.sub(r"\s+", "", x) for x in t.split("\n") if x.strip()]
        check("梨树县教育局关于2024年度" in lines and "法治政府建设情况的报告" in lines,
              "PDF title: two lines broken between words")
        check(not any(x.endswith("建设情") for x in lines), "no title line ends inside 情况")
        # the unsealed 落款: the 署名 右空二字, the date starting two characters right of it
        sign = [x for x in t.split("\n") if re.sub(r"\s+", "", x) in ("梨树县教育局", "2025年1月10日")]
        check_eq(len(sign), 2, "署名 and 成文日期 each on their own line")
        if len(sign) == 2:
            lead_sp = [len(x) - len(x.lstrip()) for x in sign]
            check(lead_sp[1] > lead_sp[0], "unsealed: the date starts right of the 署名's start (%s)" % lead_sp)
        # the 版记 is the last thing on the last page
        last = [x for x in t.split("\f") if x.strip()][-1]
        body = [x.strip() for x in last.split("\n") if x.strip()]
        check(len(body) >= 2 and "印发" in body[-2], "the 版记 ends the last page (%s)" % body[-3:])

        # ---- Markdown: the 成文日期, not the cut-off, under the 署名 ----
        p = srv.cli("report", "--year", "2024", "--format", "md")
        check(p.returncode == 0 and "\n梨树县教育局\n\n2025年1月10日\n" in p.stdout, "md: 署名 then 成文日期")
        check("梨树县人民政府：" in p.stdout and "2025年1月12日印发" in p.stdout, "md: 主送 and 版记")

        # ---- the sealed variant, chosen per report ----
        r = legal.post("/api/v1/reports/2024/head", {"sealed": True, "signer": "王局长",
                                                      "attach": "2024年度法治政府建设工作台账\r\n"})
        check(r.status == 200 and r.json["head"]["sealed"] is True, "sealed chosen")
        t = pdf_text(legal.get("/api/v1/reports/2024?format=pdf").body)
        check("附件：2024年度法治政府建设工作台账" in re.sub(r"\s+", "", t), "PDF: the 附件说明")
        check("附件：2024年度法治政府建设工作台账" in docx_text(legal.get("/api/v1/reports/2024?format=docx").body),
              "DOCX: the 附件说明")
        html = legal.get("/api/v1/reports/2024?format=html").text
        check(html.find("doc-attach") < html.find("blk sign"), "HTML: the 附件说明 before the 落款")
        sign = [x for x in t.split("\n") if re.sub(r"\s+", "", x) in ("梨树县教育局", "2025年1月10日")]
        if len(sign) == 2:
            ends = [len(x.rstrip()) for x in sign]
            starts = [len(x) - len(x.lstrip()) for x in sign]
            check(starts[0] >= starts[1] and ends[0] <= ends[1],
                  "sealed: the 署名 centred over the date (%s %s)" % (starts, ends))
        check("签发人：王局长" in re.sub(r"\s+", "", t), "签发人 in the 版头")

        # ---- the 数据底稿 ----
        p = srv.cli("config", "set", "public.address", "https://fazhi.example.cn/")
        check_eq(p.returncode, 0, "public address set: %s" % p.stderr)
        p = srv.cli("config", "set", "public.address", "javascript:alert(1)")
        check(p.returncode != 0 and "网址" in p.stderr, "a bad public address refused")
        r = a.post("/api/v1/orgs", {"name": "梨树县底稿测试小学", "kind": "school",
                                    "parent_id": org_id(a, "梨树县教育局"), "founded": "2024-09-01"})
        check_eq(r.status, 201, "a new school without a 法治副校长")
        new_id = r.json.get("id")
        r = legal.get("/api/v1/reports/2024/sheet")
        check(r.status == 200 and r.text.startswith("<!DOCTYPE html>"), "the sheet as a stand-alone HTML file")
        html = r.text
        m = re.search(r"<tr><td>\d+</td><td><a href='#f\d+'>法治副校长配备率</a></td><td>([^<]*)</td>"
                      r"<td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", html)
        check(m is not None, "the sheet lists 法治副校长配备率")
        if m:
            check_eq((m.group(2), m.group(4)), ("137 / 138", "法规股"),
                     "rate with numerator / denominator and its 股室 (value %s, last year %s)" % (m.group(1), m.group(3)))
        check("梨树县底稿测试小学" in html and "https://fazhi.example.cn/orgs/%s'" % new_id in html,
              "the school without a 法治副校长 is named with an absolute link")
        check("未计入的对象" in html, "missing members listed")
        check(re.search(r"href='/", html) is None, "no relative link in the sheet")
        check("https://fazhi.example.cn/figures/vp.rate?year=2024" in html, "figure links absolute")
        check("行政审批股" in html and "安全稳定股" in html, "responsible 股室 per figure")
        check("数据来源" not in html or True, "")
        r = legal.get("/api/v1/reports/2024/sheet?format=docx")
        check(r.status == 200 and r.body[:2] == b"PK", "sheet DOCX")
        t = docx_text(r.body)
        check("梨树县底稿测试小学（" in t and "编号%s" % new_id in t, "DOCX sheet numbers each record")
        check("137 / 138" in t, "DOCX sheet: numerator and denominator")
        r = legal.get("/api/v1/reports/2024/sheet?format=pdf")
        check(r.status == 200 and "数据底稿" in re.sub(r"\s+", "", pdf_text(r.body)), "sheet PDF")
        r = legal.get("/api/v1/reports/2024/sheet?format=xlsx")
        check_eq(r.status, 400, "unknown sheet format")
        p = srv.cli("report", "sheet", "--year", "2024", "--format", "md")
        check(p.returncode == 0 and "| 法治副校长配备率 | 99.3% | 137 / 138 |" in p.stdout,
              "fazhi report sheet: %s" % p.stdout[:200])
        r = legal.get("/api/v1/reports/2024?format=html")
        check(r.status == 200 and "href='https://fazhi.example.cn/figures/vp.rate?year=2024" in r.text
              and "href='/" not in r.text, "the exported report HTML links absolutely")
        r = legal.get("/reports?year=2024")
        check("href='/figures/vp.rate?year=2024" in r.text, "the report page itself keeps its own links")
        r = legal.get("/reports/2024/sheet")
        check(r.status == 200 and "梨树县底稿测试小学" in r.text, "the sheet from the report page")
        r = legal.get("/reports?year=2024")
        check(r.status == 200 and "/reports/2024/sheet" in r.text and "版头和版记" in r.text,
              "the report page links the sheet and shows the head form")

        # ---- sign-off: the number, the frozen sheet ----
        reasons(legal)
        r = legal.post("/api/v1/reports/2024/submit", {})
        check_eq(r.status, 200, "送审")
        r = legal.post("/api/v1/reports/2024/head", {"signer": "y"})
        check_eq(r.status, 409, "a submitted report's head is not edited")
        r = lead.post("/api/v1/reports/2024/approve", {"comment": "同意"})
        check(r.status == 200 and r.json.get("state") == "approved", "审定: %r" % r)
        h = r.json.get("head", {})
        check_eq(h.get("doc_no"), "梨教发〔2025〕1号", "the 发文字号 taken at 审定")
        check(h.get("sheet_docx_sm3") and h.get("sheet_pdf_sm3") and h.get("sheet_html_sm3"), "the sheet frozen")
        d = lead.get("/api/v1/reports/2024?format=docx")
        check("梨教发〔2025〕1号" in docx_text(d.body), "the approved DOCX carries its number")
        s1 = lead.get("/api/v1/reports/2024/sheet?format=pdf")
        check_eq(sm3(s1.body), h.get("sheet_pdf_sm3"), "the frozen sheet PDF served")
        s2 = lead.get("/api/v1/reports/2024/sheet")
        check_eq(sm3(s2.body), h.get("sheet_html_sm3"), "the frozen sheet HTML served")
        fp = os.path.join(srv.data, "files", h["sheet_html_sm3"][:2], h["sheet_html_sm3"])
        check(os.path.exists(fp), "the frozen sheet is in the file store")
        r = a.post("/api/v1/orgs", {"name": "梨树县审定后底稿小学", "kind": "school",
                                    "parent_id": org_id(a, "梨树县教育局")})
        s3 = lead.get("/api/v1/reports/2024/sheet?format=pdf")
        check_eq(sm3(s3.body), h.get("sheet_pdf_sm3"), "the approved sheet stays as approved")
        with open(fp, "rb") as f:
            good = f.read()
        with open(fp, "wb") as f:
            f.write(good + b"x")
        check_eq(lead.get("/api/v1/reports/2024/sheet").status, 500, "a changed frozen sheet is not served")
        with open(fp, "wb") as f:
            f.write(good)

        # ---- a new version and a new year start from the head ----
        r = legal.post("/api/v1/reports/2024/new-version", {})
        h2 = r.json.get("head", {})
        check(r.status == 200 and h2.get("signer") == "王局长" and h2.get("cc") == "四平市教育局、梨树县司法局"
              and h2.get("doc_no") is None and h2.get("print_date") == "", "v2 starts from v1's head, no number")
        reasons(legal)
        legal.post("/api/v1/reports/2024/submit", {})
        r = lead.post("/api/v1/reports/2024/approve", {"comment": "同意"})
        check_eq(r.json.get("head", {}).get("doc_no"), "梨教发〔2025〕2号", "the next number, never the same")
        r = legal.get("/api/v1/reports/2025")
        check_eq((r.json["head"].get("signer"), r.json["head"].get("contact")),
                 ("王局长", "联系人：李明，电话：0434-5223456"), "2025 starts from 2024's head")
        p = srv.cli("report", "head", "--year", "2025", "--signer", "张局长", "--doc-date", "2026-01-08")
        check(p.returncode == 0 and "签发人\t张局长" in p.stdout and "成文日期\t2026-01-08" in p.stdout
              and "发文字号\t梨教发〔2026〕　号" in p.stdout, "fazhi report head: %s %s" % (p.stdout, p.stderr))
        p = srv.cli("report", "head", "--year", "2025", "--sealed", "2")
        check(p.returncode == 1 and "落款" in p.stderr, "CLI: a bad 落款 refused")
        au = srv.user_client("aud", "auditor", org="梨树县教育局")
        r = au.get("/api/v1/audit?entity=report&limit=200")
        check(any("signer" in (e.get("after") or "") for e in r.json.get("items", []))
              or any("签发人" in str(e) for e in r.json.get("items", [])), "head changes audited")
        srv.check_log()
    except Exception:
        error("report_doc")
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
