#!/usr/bin/env python3
"""cases_gen.py TOWNS BRANCHES_PER_TOWN MEMBERS_PER_BRANCH DIR - the district
of the round benchmark (bench/cases.sh): DIR/orgs.csv for `bangfu org import`
(TOWNS township committees Z01.. under the department 000, each with
BRANCHES_PER_TOWN branches Z01B001..) and DIR/members.csv for `bangfu member
import` (MEMBERS_PER_BRANCH valid, unique members in every branch, listed
round-robin over the branches so the first N rows spread evenly).
Deterministic: the same arguments write the same files."""
import datetime
import os
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "志强", "桂英", "永福", "玉兰", "德明", "春梅", "海涛", "丽华"]
PLACES = "东南西北中前后上下新"
MEMBER_HEADER = ("姓名,性别,民族,出生年月,入党时间,身份证号码,联系电话,户口类别,家庭人口,"
                 "家庭住址,文化程度,人员类别,所在支部")


def check(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, W)) % 11]


def branch_codes(towns, per_town):
    return [f"Z{t:02d}B{b:03d}" for t in range(1, towns + 1) for b in range(1, per_town + 1)]


def write_orgs(path, towns, per_town):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("组织编码,组织名称,上级组织编码,组织类别\r\n")
        for t in range(1, towns + 1):
            f.write(f"Z{t:02d},第{t}镇党委,000,党委\r\n")
        for t in range(1, towns + 1):
            for b in range(1, per_town + 1):
                place = PLACES[b % 10] + PLACES[(b // 10) % 10]
                f.write(f"Z{t:02d}B{b:03d},第{t}镇{place}{b}村党支部,Z{t:02d},党支部\r\n")


def write_members(path, branches, per_branch):
    base = datetime.date(1940, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(MEMBER_HEADER + "\r\n")
        for i in range(len(branches) * per_branch):
            day = base + datetime.timedelta(days=i // 400)  # born 1940-1980
            first17 = f"330702{day:%Y%m%d}{100 + i % 400:03d}"
            idn = first17 + check(first17)
            joined = f"{day.year + 25}-07-01"
            name = SURNAMES[i % 20] + GIVEN[(i // 20) % 10]
            phone = f"13{i % 10}{i:08d}"[:11]
            household = "农业" if i % 5 else "非农业"
            f.write(f"{name},,汉族,,{joined},{idn},{phone},{household},{1 + i % 6},"
                    f"某镇某村{i % 50}号,初中,普通党员,{branches[i % len(branches)]}\r\n")


def main():
    towns, per_town, per_branch = (int(x) for x in sys.argv[1:4])
    out = sys.argv[4]
    os.makedirs(out, exist_ok=True)
    write_orgs(os.path.join(out, "orgs.csv"), towns, per_town)
    write_members(os.path.join(out, "members.csv"), branch_codes(towns, per_town), per_branch)


if __name__ == "__main__":
    main()
