#!/usr/bin/env python3
"""gen-demo-orgs.py -- write data/demo/orgs.csv, the demo county's organisations.

梨树县教育局 (2024): the bureau, its 股室, 89 中小学 and 48 幼儿园 as of
2024-11-15 with synthetic but plausible names over the county's real towns,
valid 统一社会信用代码 (GB 32100, with the GB 11714 organisation-code check)
and 学校标识码, 设立日期 and, for one merged school, a 撤销日期; two partner
departments (roots of their own, outside the bureau).  Every row is marked 示例数据.  Deterministic: run it again and
the file is the same.  `fazhi init --demo` loads the file through the same
import as `fazhi org import`.

    python3 tools/gen-demo-orgs.py > data/demo/orgs.csv
"""
import random

SYM = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]
REGION = "220322"          # 梨树县

TOWNS = ["梨树镇", "郭家店镇", "榆树台镇", "孤家子镇", "小城子镇", "喇嘛甸镇", "蔡家镇",
         "刘家馆子镇", "十家堡镇", "孟家岭镇", "万发镇", "东河镇", "沈洋镇", "林海镇",
         "小宽镇", "白山乡", "泉眼岭乡", "胜利乡", "四棵树乡", "双河乡", "金山乡"]
VILLAGES = ["太平", "兴隆", "永发", "双龙", "新立", "前进", "长发", "平安", "丰收", "靠山",
            "福安", "全胜", "红旗", "民主", "和平", "建新", "新发", "富强", "三家子", "四家子",
            "五台子", "七家子", "八里庙", "二龙山", "大房身", "半拉山", "东岗", "西岗", "友谊",
            "保安", "宏伟", "城东", "太平川", "北老壕", "腰围子", "大泉眼", "后岗", "南岗",
            "十里堡", "三合", "永安", "广发", "德胜", "长山", "东升", "河山"]


def org_code(n):
    """An 8-character body and its GB 11714 check character."""
    body = "%08d" % n
    s = sum(int(c) * w for c, w in zip(body, ORG_W))
    v = 11 - s % 11
    return body + ("X" if v == 10 else "0" if v == 11 else str(v))


def uscc(kind_prefix, n):
    """A valid 统一社会信用代码: registration dept + category, region, org code, check."""
    head = kind_prefix + REGION + org_code(n)
    s = sum(SYM.index(c) * w for c, w in zip(head, USCC_W))
    v = 31 - s % 31
    return head + SYM[0 if v == 31 else v]


def main():
    rnd = random.Random(20241115)
    rows = []
    serial = [0]
    school_serial = {}

    def add(name, kind, parent, cat=None, founded=None, closed=None, prefix="12"):
        serial[0] += 1
        code = uscc(prefix, 47000000 + serial[0] * 7)
        sc = ""
        if cat:
            school_serial[cat] = school_serial.get(cat, 0) + 1
            sc = "%s22%06d" % (cat, 322000 + school_serial[cat])
        rows.append([name, kind, code, REGION, sc, parent, founded or "", closed or "", "是"])

    def date(lo, hi):
        y = rnd.randint(lo, hi)
        return "%04d-%02d-%02d" % (y, rnd.choice([3, 8, 9]), rnd.choice([1, 1, 1, 15]))

    bureau = "梨树县教育局"
    add(bureau, "教育局", "", prefix="11", founded="1956-01-01")
    for o in ["办公室", "法规股", "行政审批股", "安全稳定股", "基础教育股", "学前教育股"]:
        rows.append([o, "股室", "", REGION, "", bureau, "", "", "是"])

    schools = []      # (name, category, founded, closed)
    # county-level schools (the names the tests know come first)
    schools += [("梨树县第一实验小学", "21"), ("梨树县第二实验小学", "21"),
                ("梨树镇中心小学", "21"), ("梨树县第一中学", "34"), ("梨树县实验中学", "31"),
                ("梨树县第二中学", "34"), ("梨树县第三中学", "31"), ("梨树县第四中学", "31"),
                ("梨树县第三实验小学", "21"), ("梨树县第四实验小学", "21")]
    schools = [(n, c, date(1950, 1995), None) for n, c in schools]
    for t in TOWNS:
        if t != "梨树镇":
            schools.append(("梨树县%s中心小学" % t, "21", date(1952, 1990), None))
        schools.append(("梨树县%s中学" % t, "31", date(1956, 1992), None))
    villages = VILLAGES[:]
    rnd.shuffle(villages)
    i = 0
    while len(schools) < 88:
        t = TOWNS[i % len(TOWNS)]
        schools.append(("梨树县%s%s小学" % (t, villages[i % len(villages)]), "21",
                        date(1958, 2005), None))
        i += 1
    # a school opened in September 2024: counted as of 2024-11-15, not in 2023
    schools.append(("梨树县榆树台镇第二小学", "21", "2024-09-01", None))
    # a village school merged into its town's centre school in July 2023
    schools.append(("梨树县小城子镇靠山小学", "21", "1964-09-01", "2023-07-31"))
    for n, c, f, cl in schools:
        add(n, "学校", bureau, c, f, cl)

    kgs = ["梨树县第一幼儿园", "梨树县第二幼儿园", "梨树县实验幼儿园", "梨树县机关幼儿园",
           "梨树县第三幼儿园"]
    kgs = [(n, date(1960, 2000)) for n in kgs]
    for t in TOWNS:
        kgs.append(("梨树县%s中心幼儿园" % t, date(1985, 2015)))
    j = 0
    while len(kgs) < 48:
        t = TOWNS[(j * 5) % len(TOWNS)]
        kgs.append(("梨树县%s%s幼儿园" % (t, villages[(j + 7) % len(villages)]), date(2000, 2020)))
        j += 1
    for n, f in kgs:
        add(n, "幼儿园", bureau, "11", f)

    # partner departments for joint inspections: roots of their own, outside
    # the bureau's tree (上级机构 empty)
    for n in ["梨树县公安局", "梨树县市场监督管理局"]:
        add(n, "其他部门", "", prefix="11")

    print("名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构,设立日期,撤销日期,示例数据")
    for r in rows:
        print(",".join(r))


if __name__ == "__main__":
    main()
