#!/usr/bin/env python3
"""Organisations in and out of workbooks, through the API and the pages.

- 10,000 rows saved by LibreOffice as .xlsx with ONE bad 统一社会信用代码:
  422, exactly that row and column named, nothing written; the error
  workbook downloads and (opened by LibreOffice) shows the 错误说明 column
  filled on that row only.  The corrected file imports all 10,000 rows
  with one audit entry each, and the chain verifies.
- A GB18030 CSV through the upload page (multipart + CSRF field).
- Export as xlsx (LibreOffice reads it back) and CSV (BOM); the template.
- Refusals: a leader may not import (403), garbage is 400, over 20 MiB 413.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, Client, check, check_eq, finish, error  # noqa: E402

HEAD = "名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构"


def uscc(body17):
    """The GB 32100 check character for a 17-character body."""
    alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    s = sum(alpha.index(c) * (3 ** i % 31) for i, c in enumerate(body17))
    return body17 + alpha[(31 - s % 31) % 31]


def org_code(i):
    """A valid GB 11714 organisation code (8 digits + check) for number i."""
    body = "%08d" % (i + 10000000)
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(d) * w[k] for k, d in enumerate(body)) % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def soffice(src, fmt, outdir):
    """Convert with LibreOffice headless (private profile); returns the path."""
    prof = tempfile.mkdtemp(prefix="lo-")
    try:
        # CSV input: comma-separated UTF-8 (76), every column as text (2), as
        # a bureau clerk would set the code columns before typing 18 digits
        infilter = (["--infilter=CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2"]
                    if src.endswith(".csv") else [])
        subprocess.run(["soffice", "--headless", "--norestore",
                        "-env:UserInstallation=file://" + prof] + infilter +
                       ["--convert-to", fmt, "--outdir", outdir, src],
                       capture_output=True, timeout=120)
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    base = os.path.splitext(os.path.basename(src))[0]
    return os.path.join(outdir, base + "." + fmt.split(":")[0])


def multipart(fields, files):
    b = "----fazhitest7f3a"
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                   % (b, k, v)).encode())
    for k, (name, data, ctype) in files.items():
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                   "Content-Type: %s\r\n\r\n" % (b, k, name, ctype)).encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(("--%s--\r\n" % b).encode())
    return out.getvalue(), "multipart/form-data; boundary=" + b


def main():
    srv = None
    work = tempfile.mkdtemp(prefix="fazhi-import-")
    have_lo = shutil.which("soffice") is not None
    try:
        srv = Server()
        adm = srv.admin()
        n0 = adm.get("/api/v1/orgs?limit=1").json["total"]

        # 10,000 rows, row 5001 of the data (file row 5002) with a bad check char
        rows = [HEAD]
        for i in range(10000):
            code = uscc("52220322" + org_code(i)[:9])
            if i == 5000:
                code = code[:-1] + ("0" if code[-1] != "0" else "1")
            rows.append("导入测试学校%05d,学校,%s,220322,,梨树县教育局" % (i, code))
        bad_csv = os.path.join(work, "orgs.csv")
        with open(bad_csv, "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
        if have_lo:
            bad_xlsx = soffice(bad_csv, "xlsx", work)
            check(os.path.exists(bad_xlsx), "LibreOffice saved the workbook")
            with open(bad_xlsx, "rb") as f:
                body = f.read()
        else:
            print("note: soffice not found; uploading the CSV instead of a LibreOffice workbook")
            with open(bad_csv, "rb") as f:
                body = f.read()
        r = adm.request("POST", "/api/v1/orgs/import", body, raw=True,
                        headers={"Content-Type": "application/octet-stream"})
        check_eq(r.status, 422, "one bad row in 10,000: 422")
        errs = r.json.get("errors", []) if r.status == 422 else []
        check(len(errs) == 1, "exactly one error reported (got %d: %s)" % (len(errs), errs[:2]))
        if errs:
            check_eq(errs[0].get("row"), 5002, "... on file row 5002")
            check_eq(errs[0].get("field"), "code", "... in the code column")
            check_eq(errs[0].get("column"), "C", "... column letter C")
            check("校验码" in errs[0].get("message", ""), "... saying the check character is wrong")
        check_eq(adm.get("/api/v1/orgs?limit=1").json["total"], n0, "nothing was written")
        link = r.json.get("error_file") if r.status == 422 else None
        check(link is not None, "a link to the error file")
        if link:
            e = adm.get(link)
            check_eq(e.status, 200, "the error file downloads")
            check(e.body[:2] == b"PK", "the error file is a workbook (same format as the upload)")
            other = srv.user_client("adm2", "admin", org="梨树县教育局")
            # another user cannot fetch it (admin needs TOTP first: 403 either way)
            check(other.get(link).status in (403, 404), "another user cannot download it")
            if have_lo:
                ef = os.path.join(work, "errors.xlsx")
                with open(ef, "wb") as f:
                    f.write(e.body)
                out = soffice(ef, "csv:Text - txt - csv (StarCalc):44,34,76", work)
                with open(out, encoding="utf-8", errors="replace") as f:
                    data = list(csv.reader(f))
                hdr = data[0] if data else []
                check("错误说明" in hdr, "LibreOffice shows the 错误说明 column")
                if "错误说明" in hdr:
                    k = hdr.index("错误说明")
                    filled = [i + 2 for i, row in enumerate(data[1:]) if len(row) > k and row[k].strip()]
                    check(filled == [5002], "错误说明 is filled on row 5002 only (got %d rows: %s)"
                          % (len(filled), filled[:5]))

        # the corrected file imports everything
        rows[5001] = "导入测试学校05000,学校,%s,220322,,梨树县教育局" % uscc("52220322" + org_code(5000)[:9])
        with open(bad_csv, "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
        with open(bad_csv, "rb") as f:
            body = f.read()
        r = adm.request("POST", "/api/v1/orgs/import", body, raw=True,
                        headers={"Content-Type": "text/csv"})
        check_eq(r.status, 200, "the corrected file imports")
        check_eq(r.json.get("created") if r.status == 200 else None, 10000, "10,000 created")
        check_eq(adm.get("/api/v1/orgs?limit=1").json["total"], n0 + 10000, "10,000 more orgs")
        p = srv.cli("audit", "verify")
        check_eq(p.returncode, 0, "audit chain intact after the import")
        aud = srv.user_client("aud", "auditor", org="梨树县教育局")
        r = aud.get("/api/v1/audit?action=import&entity=org&limit=1")
        # the demo county itself came in through the import (data/demo/orgs.csv)
        with open(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
                os.path.abspath(__file__)))), "data", "demo", "orgs.csv"), encoding="utf-8") as f:
            demo_rows = len(f.read().splitlines()) - 1
        check_eq(r.json.get("total") if r.status == 200 else None, demo_rows + 10000,
                 "one audit entry per imported org")

        # the upload page: GB18030 CSV, multipart with the CSRF field
        gb = ("%s\n页面导入学校,学校,,220322,,梨树县教育局\n" % HEAD).encode("gb18030")
        data, ctype = multipart({"csrf": adm.csrf}, {"file": ("机构.csv", gb, "text/csv")})
        r = adm.request("POST", "/orgs/import", data, raw=True, csrf=False,
                        headers={"Content-Type": ctype})
        check_eq(r.status, 200, "upload page imports a GB18030 CSV")
        check("已导入 1 个机构" in r.text, "... and says so")
        data, ctype = multipart({}, {"file": ("机构.csv", gb, "text/csv")})
        r = adm.request("POST", "/orgs/import", data, raw=True, csrf=False,
                        headers={"Content-Type": ctype})
        check_eq(r.status, 403, "the upload page without the CSRF field is refused")

        # exports and template
        r = adm.get("/api/v1/orgs/export?format=csv")
        check_eq(r.status, 200, "CSV export")
        check(r.body.startswith(b"\xef\xbb\xbf"), "CSV export starts with a BOM")
        check("页面导入学校" in r.body.decode("utf-8", "replace"), "CSV export has the new org")
        r = adm.get("/api/v1/orgs/export?format=xlsx")
        check_eq(r.status, 200, "xlsx export")
        if have_lo and r.status == 200:
            xf = os.path.join(work, "export.xlsx")
            with open(xf, "wb") as f:
                f.write(r.body)
            out = soffice(xf, "csv:Text - txt - csv (StarCalc):44,34,76", work)
            with open(out, encoding="utf-8", errors="replace") as f:
                text = f.read()
            check("导入测试学校09999" in text, "LibreOffice reads the xlsx export")
            check(uscc("52220322" + org_code(9999)[:9]) in text, "18-character codes intact")
        r = adm.get("/api/v1/orgs/import/template?format=xlsx")
        check(r.status == 200 and r.body[:2] == b"PK", "xlsx template")

        # refusals
        lead = srv.user_client("lead", "leader", org="梨树县教育局")
        r = lead.request("POST", "/api/v1/orgs/import", gb, raw=True)
        check_eq(r.status, 403, "a leader may not import")
        r = adm.request("POST", "/api/v1/orgs/import", b"\x00\x01garbage", raw=True)
        check_eq(r.status, 400, "garbage is 400")
        check_eq(r.code, "bad_file", "... code bad_file")
        r = adm.request("POST", "/api/v1/orgs/import", b"x" * (21 * 1024 * 1024), raw=True)
        check_eq(r.status, 413, "over 20 MiB is 413")
    except Exception as e:  # noqa: BLE001
        error("t_import: %r" % e)
    finally:
        if srv is not None:
            srv.stop()
        shutil.rmtree(work, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
