#!/usr/bin/env python3
"""bench/scale/gen.py -- the province's data for bench/scale/run.sh.

   python3 bench/scale/gen.py orgs COUNTIES > orgs.csv
       the org tree as the CSV `fazhi org import` reads: one 省教育厅, a
       市教育局 for every ten counties, COUNTIES 县教育局, each with 89
       schools and 48 kindergartens (the demo county's 137).
   python3 bench/scale/gen.py sql YEARS APPS > registers.sql
       the registers, straight into PostgreSQL with set-based INSERTs (the
       CLI would take hours for this many rows): for every year
       (the YEARS up to 2024) and every county APPS 行政许可 applications;
       for every school a year's 法治副校长 appointment, two 普法 activities
       (spring and autumn), the eleven checklist items and a manual
       assessment score; the province's 事项清单, checklist templates and
       assessment items; 100 法治副校长 in every county's 人员库.

The rows are what the app writes itself (the registers' own columns and
codes, closed applications with every date of their steps, the semester
derived from the date), so every page and report reads them; dates and
choices vary with the row number so that lists and figures are not
uniform.  Deterministic: the same arguments give the same rows.
"""
import sys

LAST_YEAR = 2024


def orgs(n_counties):
    rows = ["名称,类别,上级机构,设立日期", "示范省教育厅,教育局,,1949-10-01"]
    for c in range(n_counties):
        city = "第%02d市教育局" % (c // 10 + 1)
        if c % 10 == 0:
            rows.append("%s,教育局,示范省教育厅,1950-01-01" % city)
        cn = "第%02d县教育局" % (c + 1)
        rows.append("%s,教育局,%s,1950-01-01" % (cn, city))
        for i in range(89):
            rows.append("第%02d县第%02d学校,学校,%s,%d-09-01" % (c + 1, i + 1, cn, 1960 + i % 60))
        for i in range(48):
            rows.append("第%02d县第%02d幼儿园,幼儿园,%s,%d-09-01" % (c + 1, i + 1, cn, 1970 + i % 50))
    return "\n".join(rows) + "\n"


# The demo county's 事项清单 (data/demo/permit-items.csv), shortened.
ITEMS = [
    ("民办学校筹设审批", "《中华人民共和国民办教育促进法》第十四条", "wd", 30, 20),
    ("民办学校正式设立审批", "《中华人民共和国民办教育促进法》第十七条", "month", 3, 45),
    ("民办学校变更审批", "《中华人民共和国民办教育促进法》第五十三条", "wd", 20, 15),
    ("民办学校终止审批", "《中华人民共和国民办教育促进法》第五十六条", "wd", 20, 15),
    ("幼儿园设立审批", "《幼儿园管理条例》第十一条", "wd", 20, 10),
    ("教师资格认定", "《教师资格条例》第十七条", "wd", 30, 20),
    ("校外培训机构设立审批", "《中华人民共和国行政许可法》第四十二条", "wd", 20, 15),
]
CHECK = ["guard", "closed", "alarm", "video", "textbook", "teacher", "hours", "signage",
         "books", "cases", "courseware"]
ASSESS = [("依法治校", 20, 0, "manual"), ("法治副校长配备", 10, 1, "vp"),
          ("校园安全四项", 20, 0, "safety"), ("法治课三落实", 15, 1, "lawclass"),
          ("法治文化阵地", 10, 1, "culture"), ("每学期以案说法", 10, 1, "case_talk"),
          ("普法活动", 15, 1, "pufa_act")]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建华志强国庆海燕丽娟明辉晓东玉兰春生秀英立新振宇"


def q(s):
    return "'" + s.replace("'", "''") + "'"


def arr(xs):
    return "ARRAY[" + ",".join(q(x) for x in xs) + "]"


def sql(years, apps):
    y0 = LAST_YEAR - years + 1
    out = ["BEGIN;",
           "SET LOCAL synchronous_commit = off;",
           # the province, its counties, their schools
           "CREATE TEMP TABLE g_prov AS SELECT id FROM org WHERE name='示范省教育厅';",
           "CREATE TEMP TABLE g_county AS SELECT id, row_number() OVER (ORDER BY name) AS n"
           " FROM org WHERE kind='bureau' AND name LIKE '第%县教育局';",
           "CREATE TEMP TABLE g_school AS SELECT o.id, c.id AS county_id, c.n AS county_n,"
           " row_number() OVER (PARTITION BY c.id ORDER BY o.id) AS k"
           " FROM org o JOIN g_county c ON o.parent_id=c.id"
           " WHERE o.kind IN ('school','kindergarten');",
           "CREATE TEMP TABLE g_year AS SELECT y FROM generate_series(%d,%d) AS y;" % (y0, LAST_YEAR),
           "CREATE TEMP TABLE g_t AS SELECT extract(epoch FROM now())::bigint AS t;"]
    # 事项清单: the province's seven items
    for name, basis, unit, lim, prom in ITEMS:
        out.append("INSERT INTO permit_item(org_id,name,basis,limit_unit,statutory_limit,"
                   "promised_limit,materials,extendable,publicity_days,created_at,updated_at)"
                   " SELECT p.id,%s,%s,%s,%d,%d,'申请书；相关证明材料',0,7,t.t,t.t FROM g_prov p, g_t t;"
                   % (q(name), q(basis), q(unit), lim, prom))
    out.append("CREATE TEMP TABLE g_item AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k"
               " FROM permit_item WHERE name IN (%s);" % ",".join(q(i[0]) for i in ITEMS))
    # applications: received on a day of the year, accepted the next day,
    # decided within two weeks, delivered two days later and closed; one in
    # twenty denied; the last year's last 5 % still open (accepted)
    out.append(
        "INSERT INTO permit(org_id,number,check_code,item_id,applicant_kind,applicant,uscc,"
        "received_on,materials,state,accepted_on,start_on,decided_on,reason,delivered_on,closed_on,"
        "legal_due,promised_due,deliver_due,created_at,updated_at)"
        " SELECT c.id, 'XK' || lpad(c.n::text,2,'0') || y.y || lpad(s.i::text,5,'0'),"
        " substr(md5(c.id || '-' || y.y || '-' || s.i),1,8), it.id,"
        " 'org', '第' || lpad(c.n::text,2,'0') || '县申请单位' || s.i, NULL,"
        " to_char(d.d,'YYYY-MM-DD'), '按事项清单提交全部材料',"
        " CASE WHEN y.y=%d AND s.i > %d THEN 'accepted' ELSE 'closed' END,"
        " to_char(d.d+1,'YYYY-MM-DD'), to_char(d.d+1,'YYYY-MM-DD'),"
        " CASE WHEN y.y=%d AND s.i > %d THEN NULL ELSE to_char(d.d+1+(s.i %% 14),'YYYY-MM-DD') END,"
        " CASE WHEN s.i %% 20 = 0 AND NOT (y.y=%d AND s.i > %d) THEN '材料不符合法定条件' END,"
        " CASE WHEN y.y=%d AND s.i > %d THEN NULL ELSE to_char(d.d+3+(s.i %% 14),'YYYY-MM-DD') END,"
        " CASE WHEN y.y=%d AND s.i > %d THEN NULL ELSE to_char(d.d+3+(s.i %% 14),'YYYY-MM-DD') END,"
        " to_char(d.d+29,'YYYY-MM-DD'), to_char(d.d+20,'YYYY-MM-DD'), to_char(d.d+39,'YYYY-MM-DD'),"
        " t.t, t.t"
        " FROM g_county c CROSS JOIN g_year y CROSS JOIN generate_series(1,%d) AS s(i)"
        " JOIN g_item it ON it.k = (s.i + c.n) %% 7"
        " CROSS JOIN LATERAL (SELECT make_date(y.y,1,2) + ((s.i * 331) %% 330) AS d) d, g_t t;"
        % ((LAST_YEAR, apps * 95 // 100) * 5 + (apps,)))
    # 人员库: 100 法治副校长 in every county
    out.append(
        "INSERT INTO vp_person(org_id,name,employer_kind,employer,post,created_at,updated_at)"
        " SELECT c.id, substr(%s,1 + (i %% 20),1) || substr(%s,1 + (i * 7 %% 12) * 2,2),"
        " (ARRAY['police','procuratorate','court','justice','lawfirm'])[1 + i %% 5],"
        " '第' || lpad(c.n::text,2,'0') || '县' || (ARRAY['公安局','人民检察院','人民法院','司法局','律师事务所'])[1 + i %% 5],"
        " '干警', t.t, t.t FROM g_county c CROSS JOIN generate_series(1,100) AS i, g_t t;"
        % (q(SURNAMES), q(GIVEN)))
    out.append("CREATE TEMP TABLE g_vp AS SELECT id, org_id, name,"
               " row_number() OVER (PARTITION BY org_id ORDER BY id) - 1 AS k"
               " FROM vp_person WHERE org_id IN (SELECT id FROM g_county);")
    # a year's appointment at every school (a one-year term from 1 September)
    out.append(
        "INSERT INTO vp_appoint(org_id,person_id,vp_name,term_start,term_end,cert_no,created_at,updated_at)"
        " SELECT s.id, v.id, v.name, (y.y-1) || '-09-01', y.y || '-08-31',"
        " 'PZ' || lpad(s.county_n::text,2,'0') || '-' || y.y || '-' || lpad(s.k::text,3,'0'), t.t, t.t"
        " FROM g_school s CROSS JOIN g_year y JOIN g_vp v ON v.org_id=s.county_id AND v.k=(s.k + y.y) % 100, g_t t;")
    # two activities a school a year: a 以案说法 in spring, a 宪法宣传 in autumn
    for kind, title, md, sem in (("case_talk", "以案说法进课堂", "-04-", "春"),
                                 ("constitution", "国家宪法日宣传", "-12-", "秋")):
        out.append(
            "INSERT INTO activity(org_id,kind,held_on,title,speaker,participants,semester,created_at,updated_at)"
            " SELECT s.id, %s, y.y || %s || lpad((1 + s.k %% 28)::text,2,'0'), %s,"
            " '法治副校长', 40 + (s.k * 13) %% 400, y.y || %s, t.t, t.t"
            " FROM g_school s CROSS JOIN g_year y, g_t t;" % (q(kind), q(md), q(title), q(sem)))
    # the checklist: the province's templates and every school's eleven items
    out.append("INSERT INTO check_tmpl(org_id,year,item,requirement,created_at,updated_at)"
               " SELECT p.id, y.y, i, '按年度检查要求落实', t.t, t.t"
               " FROM g_prov p CROSS JOIN g_year y CROSS JOIN unnest(%s) AS i, g_t t;" % arr(CHECK))
    out.append(
        "INSERT INTO check_item(org_id,year,item,status,checked_on,checker,note,created_at,updated_at)"
        " SELECT s.id, y.y, i.item, CASE WHEN (s.k + i.n + y.y) %% 10 = 0 THEN 'unmet' ELSE 'met' END,"
        " y.y || '-05-' || lpad((1 + i.n)::text,2,'0'), '安全稳定股',"
        " CASE WHEN (s.k + i.n + y.y) %% 10 = 0 THEN '尚未落实' END, t.t, t.t"
        " FROM g_school s CROSS JOIN g_year y"
        " CROSS JOIN unnest(%s) WITH ORDINALITY AS i(item,n), g_t t;" % arr(CHECK))
    # 年度考核: the province's items every year, a manual score per school
    for name, weight, pufa, source in ASSESS:
        out.append("INSERT INTO assess_item(org_id,year,name,weight,pufa,source,title,created_at,updated_at)"
                   " SELECT p.id, y.y, %s, %d, %d, %s, y.y || '年 ' || %s, t.t, t.t"
                   " FROM g_prov p CROSS JOIN g_year y, g_t t;"
                   % (q(name), weight, pufa, q(source), q(name)))
    out.append(
        "INSERT INTO assess_score(org_id,item_id,year,score,created_at,updated_at)"
        " SELECT s.id, a.id, a.year, 12 + (s.k + a.year) % 9, t.t, t.t"
        " FROM g_school s JOIN assess_item a ON a.source='manual'"
        " AND a.org_id=(SELECT id FROM g_prov), g_t t;")
    out.append("COMMIT;")
    out.append("ANALYZE;")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "orgs":
        sys.stdout.write(orgs(int(sys.argv[2])))
    elif len(sys.argv) == 4 and sys.argv[1] == "sql":
        sys.stdout.write(sql(int(sys.argv[2]), int(sys.argv[3])))
    else:
        sys.exit("usage: gen.py orgs COUNTIES | gen.py sql YEARS APPS")


if __name__ == "__main__":
    main()
