#!/usr/bin/env python3
"""gen-demo-schools.py -- write the demo county's school 法治 records into data/demo/.

From data/demo/orgs.csv (the demo county, tools/gen-demo-orgs.py): for 2024,
a 法治副校长 at every school and kindergarten in being (synthetic people from
公安、检察院、法院、司法局 and 律师事务所 with valid 身份证号 checksums; some
serve two schools, none more), the year's checklist template (campus safety,
法治课 三落实, 法治文化阵地) with every item 达标 at every school, the bureau's
5 专题学习 sessions, 2 学法专题讲座 and 2 干部学法讲座, and 以案说法 at
every school each semester.  The files use the registers' workbook headers,
so `fazhi init --demo` loads them through the registers' import, all or
nothing.  Deterministic: run it again and the files are the same.

    python3 tools/gen-demo-schools.py [data/demo/orgs.csv] [data/demo]
"""
import csv
import os
import random
import sys

BUREAU = "梨树县教育局"
YEAR = 2024
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["志强", "建华", "海涛", "丽娟", "国庆", "晓东", "春梅", "立新", "秀云", "明辉",
         "宏伟", "玉兰", "德胜", "雪松", "振华", "丽华", "永刚", "淑珍", "庆丰", "桂芳"]
EMPLOYERS = [
    ("公安", "梨树县公安局%s派出所", "副所长"),
    ("公安", "梨树县公安局%s派出所", "社区民警"),
    ("检察院", "梨树县人民检察院", "检察官"),
    ("法院", "梨树县人民法院%s人民法庭", "法官"),
    ("司法局", "梨树县司法局%s司法所", "所长"),
    ("律师事务所", "吉林%s律师事务所", "律师"),
]
ITEMS = [("专职保安员", "按在校人数配足专职保安员（不足100人至少1名，100—1000人至少2名，"
          "1000人以上每增500人增1名）"),
         ("封闭化管理", "校园实行封闭化管理，出入口有门卫值守和来访登记"),
         ("一键式紧急报警", "安装一键式紧急报警装置并与公安机关联网"),
         ("视频监控", "重点部位视频监控全覆盖，录像保存不少于30天"),
         ("法治课教材落实", "法治教育教材按课程方案配齐"),
         ("法治课师资落实", "有专（兼）职法治课教师"),
         ("法治课课时落实", "法治教育课时按课程方案落实"),
         ("法治宣传标识", "文化墙、走廊、电子屏、教室等处设有法治宣传标识"),
         ("法律图书", "阅览室有法律、法规图书"),
         ("法治案例台账", "法治案例资料和活动照片建有台账"),
         ("法治教育课件", "课件中有法治教育内容")]


def idno(rng, n):
    """A valid 18-digit 身份证号: 梨树县 220322, born 1965-1990."""
    body = "220322%04d%02d%02d%03d" % (rng.randint(1965, 1990), rng.randint(1, 12),
                                     rng.randint(1, 28), n % 1000)
    s = sum(int(c) * w for c, w in zip(body, W)) % 11
    return body + "10X98765432"[s]


def town_of(name):
    for key in ("镇", "乡"):
        i = name.find(key)
        if 0 < i <= 5:
            return name[:i + 1]
    return "梨树镇"


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "data/demo/orgs.csv"
    out = sys.argv[2] if len(sys.argv) > 2 else "data/demo"
    rng = random.Random(20241115)
    with open(src, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    schools = [r for r in rows if r["类别"] in ("学校", "幼儿园")
               and not (r.get("撤销日期") or "").strip()]
    names = set()
    people = []
    # about one person in four serves two schools (教育部令第52号 allows 2)
    n_people = len(schools) - len(schools) // 4
    while len(people) < n_people:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name in names:
            continue
        names.add(name)
        kind, emp, post = EMPLOYERS[len(people) % len(EMPLOYERS)]
        town = town_of(schools[len(people) % len(schools)]["名称"])
        people.append({"登记单位": BUREAU, "姓名": name, "派出机关类别": kind,
                       "派出单位": emp % town.replace("镇", "").replace("乡", "")
                       if "%s" in emp else emp,
                       "职务": post, "联系电话": "139%08d" % rng.randint(0, 99999999),
                       "身份证号": idno(rng, len(people) + 1)})
    appoint = []
    for i, s in enumerate(schools):
        p = people[i] if i < len(people) else people[i - len(people)]
        appoint.append({"学校": s["名称"], "法治副校长": p["姓名"], "聘期起始日": "2023-09-01",
                        "聘期终止日": "2026-08-31", "聘书编号": "LSFZ-2023-%03d" % (i + 1)})
    tmpl = [{"制定单位": BUREAU, "年度": YEAR, "检查项目": k, "达标要求": v} for k, v in ITEMS]
    items = []
    for i, s in enumerate(schools):
        for j, (k, _) in enumerate(ITEMS):
            items.append({"学校": s["名称"], "年度": YEAR, "检查项目": k, "结果": "达标",
                          "检查日期": "2024-%02d-%02d" % (4 + j % 2, 1 + i % 28),
                          "检查人": "安全稳定股" if j < 4 else "法规股", "说明": ""})
    acts = []
    for n, (d, t) in enumerate([("2024-01-18", "习近平法治思想专题学习"),
                                ("2024-03-27", "宪法和宪法相关法专题学习"),
                                ("2024-05-22", "《中国共产党纪律处分条例》专题学习"),
                                ("2024-08-28", "《中华人民共和国教育法》专题学习"),
                                ("2024-11-13", "《未成年人保护法》专题学习")]):
        acts.append({"组织单位": BUREAU, "活动类别": "专题学习", "活动日期": d, "主题": t,
                     "主讲人": "", "参加人数": 40 + n})
    for d, t, k in [("2024-04-17", "党组学法专题讲座：行政诉讼与依法行政", "学法专题讲座"),
                    ("2024-10-16", "党组学法专题讲座：民法典与学校管理", "学法专题讲座"),
                    ("2024-06-12", "干部学法讲座：行政执法三项制度", "干部学法讲座"),
                    ("2024-12-04", "干部学法讲座：宪法宣传周", "干部学法讲座")]:
        acts.append({"组织单位": BUREAU, "活动类别": k, "活动日期": d, "主题": t,
                     "主讲人": "梨树县司法局法律顾问", "参加人数": 60})
    for i, s in enumerate(schools):
        for d, t in [("2024-04-%02d" % (8 + i % 20), "以案说法：预防校园欺凌"),
                     ("2024-10-%02d" % (8 + i % 20), "以案说法：远离电信网络诈骗")]:
            acts.append({"组织单位": s["名称"], "活动类别": "以案说法", "活动日期": d,
                         "主题": t, "主讲人": "法治副校长", "参加人数": 100 + i})

    # 年度考核 2024: items adding up to 100 points, 60 of them 普法; the
    # 依法治校 item is scored by hand (a spread of 14-20), the others come
    # from the records above.
    assess = [("依法治校", 20, "否", "手工评分", "章程建设、依法办学、校务公开，由法规股评分"),
              ("法治副校长配备", 10, "是", "法治副校长配备", "有聘期内法治副校长得满分"),
              ("校园安全四项", 20, "否", "校园安全四项", "按达标项数折算"),
              ("法治课三落实", 15, "是", "法治课三落实", "按教材、师资、课时达标项数折算"),
              ("法治文化阵地", 10, "是", "法治文化阵地", "按达标项数折算"),
              ("每学期以案说法", 10, "是", "每学期以案说法", "春、秋两学期各至少一次"),
              ("普法活动", 15, "是", "普法活动次数", "全年普法活动4次及以上得满分")]
    aitems = [{"制定单位": BUREAU, "年度": YEAR, "考核项目": n, "分值": w, "普法项目": p,
               "得分来源": src, "评分标准": note} for n, w, p, src, note in assess]
    rnd = random.Random(2024)
    ascores = [{"学校": s["名称"], "考核项目": "%d年 依法治校" % YEAR,
                "得分": 14 + rnd.randrange(7), "扣分说明": ""} for s in schools]

    def write(name, rows):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
            w.writeheader()
            w.writerows(rows)

    write("vp_people.csv", people)
    write("vp_appointments.csv", appoint)
    write("check_templates.csv", tmpl)
    write("check_items.csv", items)
    write("activities.csv", acts)
    write("assess_items.csv", aitems)
    write("assess_scores.csv", ascores)


if __name__ == "__main__":
    main()
