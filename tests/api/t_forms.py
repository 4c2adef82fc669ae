#!/usr/bin/env python3
"""The hand-written forms behave as the register kernel's (issue 12 §5).

新增用户, 编辑用户, 修改密码, the calendar's 更正某一天 and the report's
sign-off and date forms: every problem at once, in a summary on top that
links to each field and beside the field, what was typed kept, nothing
written (no row, no audit entry) while any field is wrong, 保存成功 after
the redirect, 保存 and 取消 apart, the whole breadcrumb, values normalised
before they are checked (full-width digits folded, a login name
lower-cased).  The JSON API of the same actions answers 422 with an
"errors" list naming each field.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Server, check, check_eq, finish, error  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def post_form(c, path, fields):
    """POST fields (a list of pairs, or a dict) as a form with the CSRF token."""
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    pairs.append(("csrf", c.csrf))
    return c.post(path, urllib.parse.urlencode(pairs).encode(), headers=FORM)


def summary(html):
    """The fields the error summary links to, in order."""
    m = re.search(r"<div class='notice err' role='alert'>(.*?)</div>", html, re.S)
    return re.findall(r"<a href='#f-([a-z_0-9]+)'>", m.group(1)) if m else None


def field_errors(html):
    """The ids of the fields drawn with an error beside them."""
    out = []
    for m in re.finditer(r"(<(?:div|fieldset) class='field has-err'[^>]*>.*?)<div class='err'>",
                         html, re.S):
        ids = re.findall(r"id='f-([a-z_0-9]+)'", m.group(1))
        out.append(ids[0] if ids else "?")
    return out


def audit_count(srv, entity):
    p = srv.cli("audit", "list", "--entity", entity)
    return len(p.stdout.splitlines())


def user_count(a):
    return a.get("/api/v1/users?limit=1").json.get("total")


def crumb(html):
    m = re.search(r"<div class='crumb'>(.*?)</div>", html, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else None


def test_new_user(srv, a, oid):
    r = a.get("/users/new")
    check_eq(r.status, 200, "新增用户 form")
    check_eq(crumb(r.text), "首页 › 用户管理 › 新增用户", "the breadcrumb shows the whole path")
    check(re.search(r"<div class='actions'><button class='primary' type='submit'>保存</button>"
                    r"<a class='btn' href='/users'>取消</a></div>", r.text) is not None,
          "保存 and 取消 in the actions row, apart")
    n_users, n_audit = user_count(a), audit_count(srv, "user")

    # the empty form: every required field at once
    r = post_form(a, "/users/new", {"username": "", "name": "", "org_id": "", "password": ""})
    check_eq(r.status, 422, "empty 新增用户 refused")
    check_eq(summary(r.text), ["username", "name", "org_id", "roles"],
             "the summary lists every required field (用户名 姓名 所属机构 角色)")
    check_eq(sorted(field_errors(r.text)), ["name", "org_id", "roles", "username"],
             "each error beside its field")
    check("请改正以下4处问题后再保存" in r.text, "the summary counts the problems")

    # three bad values: three errors, what was typed kept
    r = post_form(a, "/users/new", [("username", "Bad Name!"), ("name", "测" * 51),
                                    ("org_id", str(oid)), ("role", "inspector"),
                                    ("password", "abc")])
    check_eq(r.status, 422, "three bad values refused")
    check_eq(summary(r.text), ["username", "name", "password"], "three bad values, three errors")
    check("value='Bad Name!'" in r.text, "the login name typed is kept")
    check(("value='%s'" % ("测" * 51)) in r.text, "the name typed is kept")
    check(re.search(r"value='inspector' checked", r.text) is not None, "the role ticked is kept")
    check(re.search(r"<option value='%d' selected>" % oid, r.text) is not None,
          "the org chosen is kept")
    check_eq((user_count(a), audit_count(srv, "user")), (n_users, n_audit),
             "nothing written while any field is wrong")

    # normalised before the checks: full-width and upper-case login name
    r = post_form(a, "/users/new", [("username", "ＺＨＡＮＧ３"), ("name", " 张三 "),
                                    ("org_id", str(oid)), ("role", "inspector"),
                                    ("password", "Passw0rd!x-forms")])
    check_eq(r.status, 303, "a good form is saved and redirected")
    loc = r.header("Location") or ""
    check(re.match(r"^/users/\d+/edit\?saved=1$", loc) is not None, "redirect to the user: %s" % loc)
    u = [x for x in a.get("/api/v1/users?q=zhang3").json["items"] if x["username"] == "zhang3"]
    check(len(u) == 1 and u[0]["name"] == "张三",
          "the login name folded and lower-cased, the name trimmed: %r" % u)
    r = a.get(loc)
    check("<div class='notice ok' role='status'>保存成功</div>" in r.text, "保存成功 after the redirect")
    check_eq(crumb(r.text), "首页 › 用户管理 › 编辑用户", "edit breadcrumb")

    # a generated one-time password is shown once on the page, never in a URL
    r = post_form(a, "/users/new", [("username", "lisi"), ("name", "李四"),
                                    ("org_id", str(oid)), ("role", "inspector")])
    check(r.status == 200 and "保存成功" in r.text and "class='otp'" in r.text,
          "a generated password: 保存成功 and the one-time password")

    # edit: every problem at once, nothing written
    uid = u[0]["id"] if u else 0
    n_audit = audit_count(srv, "user")
    r = post_form(a, "/users/%d/edit" % uid, {"name": "", "org_id": ""})
    check_eq(r.status, 422, "empty 编辑用户 refused")
    check_eq(summary(r.text), ["name", "org_id", "roles"], "edit lists every problem")
    check_eq(audit_count(srv, "user"), n_audit, "a refused edit writes nothing")
    r = post_form(a, "/users/%d/edit" % uid, [("name", "张三丰"), ("org_id", str(oid)),
                                             ("role", "inspector")])
    check_eq((r.status, r.header("Location")), (303, "/users/%d/edit?saved=1" % uid),
             "edit saved and redirected")

    # the API: 422 with every field named, nothing stored
    n_users, n_audit = user_count(a), audit_count(srv, "user")
    r = a.post("/api/v1/users", {})
    check_eq(r.status, 422, "API: an empty user is 422")
    check_eq([e.get("field") for e in (r.json or {}).get("errors", [])],
             ["username", "name", "org_id", "roles"], "API: every required field named")
    check_eq(r.field, "username", "API: error.field names the first")
    r = a.post("/api/v1/users", {"username": "Bad Name!", "name": "测" * 51, "org_id": oid,
                                 "roles": ["inspector"], "password": "abc"})
    check_eq([e.get("field") for e in (r.json or {}).get("errors", [])],
             ["username", "name", "password"], "API: three bad values, three errors")
    r = a.put("/api/v1/users/%d" % uid, {"name": "", "roles": []})
    check_eq((r.status, [e.get("field") for e in (r.json or {}).get("errors", [])]),
             (422, ["name", "org_id", "roles"]), "API: update lists every problem")
    check_eq((user_count(a), audit_count(srv, "user")), (n_users, n_audit),
             "API: nothing stored while any field is wrong")
    r = a.post("/api/v1/users", {"username": "zhang3", "name": "重名", "org_id": oid,
                                 "roles": ["inspector"]})
    check_eq((r.status, r.field), (409, "username"), "API: a taken login name is 409")


def test_password(srv):
    c = srv.user_client("pwform", "inspector")
    r = c.get("/password")
    check_eq(crumb(r.text), "首页 › 个人中心 › 修改密码", "password breadcrumb")
    r = post_form(c, "/password", {"old_password": "", "new_password": "", "new_password2": ""})
    check_eq(r.status, 422, "empty password form refused")
    check_eq(summary(r.text), ["old_password", "new_password", "new_password2"],
             "the empty password form lists every field")
    r = post_form(c, "/password", {"old_password": "", "new_password": "abc",
                                   "new_password2": "abd"})
    check_eq(summary(r.text), ["old_password", "new_password", "new_password2"],
             "three bad values, three errors")
    p = srv.cli("audit", "list", "--action", "login_failed", "--user", "pwform")
    check_eq(p.stdout.strip().count("\n"), 0, "an empty old password is no failed login")
    r = c.post("/api/v1/password", {"new_password": "abc"})
    check_eq((r.status, [e.get("field") for e in (r.json or {}).get("errors", [])]),
             (422, ["old_password", "new_password"]), "API: every problem of the password change")
    r = post_form(c, "/password", {"old_password": c.password, "new_password": "Forms#Pass2026",
                                   "new_password2": "Forms#Pass2026"})
    check_eq((r.status, r.header("Location")), (303, "/me?saved=1"), "password changed")
    r = c.get("/me?saved=1")
    check("保存成功" in r.text, "保存成功 on 个人中心 after the change")


def test_calendar(srv, a):
    n_audit = audit_count(srv, "calendar")
    r = post_form(a, "/calendar?year=2026", {"form": "day", "day": "", "kind": "work",
                                             "reason": "", "note": ""})
    check_eq(r.status, 422, "empty day form refused")
    check_eq(summary(r.text), ["day", "reason", "note"], "the day form lists every problem")
    r = post_form(a, "/calendar?year=2026", {"form": "day", "day": "2026-02-30", "kind": "work",
                                             "reason": "a\tb", "note": ""})
    check_eq(summary(r.text), ["day", "reason", "note"], "three bad values, three errors")
    check("value='2026-02-30'" in r.text, "the date typed is kept")
    check_eq(audit_count(srv, "calendar"), n_audit, "nothing written")
    r = post_form(a, "/calendar?year=2026", {"form": "day", "day": "２０２６-１０-１０",
                                             "kind": "work", "reason": "国庆节调休上班",
                                             "note": "表单测试"})
    check_eq(r.status, 303, "full-width digits of a date are folded (saved)")
    r = a.get(r.header("Location") or "/calendar")
    check("保存成功" in r.text, "保存成功 after the redirect")
    check_eq(audit_count(srv, "calendar"), n_audit + 1, "one audit entry")


def test_report(srv, legal, lead):
    year = 2024
    r = post_form(legal, "/reports/%d/settings" % year, {"as_of": "2025-13-01", "doc_date": ""})
    check_eq(r.status, 422, "bad report dates refused")
    check_eq(summary(r.text), ["asof", "docdate"], "both dates named at once")
    check("value='2025-13-01'" in r.text, "the date typed is kept")
    r = legal.post("/api/v1/reports/%d/settings" % year, {"as_of": "x", "doc_date": "y"})
    check_eq((r.status, [e.get("field") for e in (r.json or {}).get("errors", [])]),
             (422, ["as_of", "doc_date"]), "API: both dates named")
    r = post_form(legal, "/reports/%d/settings" % year, {"as_of": "２０２５-０１-３１",
                                                       "doc_date": "2025-02-01"})
    check_eq(r.status, 303, "dates with full-width digits saved")
    r = legal.get(r.header("Location") or "/reports")
    check("保存成功" in r.text and "2025-01-31" in r.text, "保存成功 and the folded date")
    for fd in legal.get("/api/v1/reports/%d" % year).json.get("findings", []):
        legal.post("/api/v1/reports/%d/reasons" % year, {"finding": fd["finding"], "reason": "测试"})
    r = post_form(legal, "/reports/%d/submit" % year, {})
    check_eq(r.status, 303, "submitted")
    r = post_form(lead, "/reports/%d/return" % year, {"comment": ""})
    check_eq(r.status, 422, "a return without a reason refused")
    check_eq(summary(r.text), ["reason"], "the reason named in the summary")
    r = lead.post("/api/v1/reports/%d/return" % year, {"comment": ""})
    check_eq((r.status, r.field), (422, "comment"), "API: the reason named")
    r = lead.post("/api/v1/reports/%d/sent" % year, {"date": "2025-03-01"})
    check_eq(r.status, 409, "API: a step from the wrong state is 409")


def main():
    srv = None
    try:
        srv = Server()
        a = srv.admin()
        oid = None
        for o in a.get("/api/v1/orgs?limit=500").json.get("items", []):
            if o.get("name") == "梨树县教育局":
                oid = o["id"]
        for t in (lambda: test_new_user(srv, a, oid),
                  lambda: test_password(srv),
                  lambda: test_calendar(srv, a),
                  lambda: test_report(srv, srv.user_client("fgform", "legal", org="梨树县教育局"),
                                      srv.user_client("jzform", "leader", org="梨树县教育局"))):
            try:
                t()
            except Exception as e:  # one failing step must not hide the others
                import traceback
                traceback.print_exc()
                error("step raised %r" % e)
        srv.check_log()
    finally:
        if srv:
            srv.stop()
    finish()


if __name__ == "__main__":
    main()
