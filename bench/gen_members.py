#!/usr/bin/env python3
"""gen_members.py N OUT.csv - N valid, unique member rows for the import
benchmark (branches T01V01…T08V06 of `bangfu demo`), deterministic."""
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "志强", "桂英", "永福", "玉兰", "德明", "春梅", "海涛", "丽华"]
BRANCHES = [f"T{t:02d}V{v:02d}" for t in range(1, 9) for v in range(1, 7)]
HEADER = "姓名,性别,民族,出生年月,入党时间,身份证号码,联系电话,户口类别,家庭人口,家庭住址,文化程度,人员类别,所在支部"


def check(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, W)) % 11]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    import datetime
    base = datetime.date(1940, 1, 1)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n")
        for i in range(n):
            day = base + datetime.timedelta(days=i // 800)
            seq = 100 + i % 800
            first17 = f"330702{day:%Y%m%d}{seq:03d}"
            idn = first17 + check(first17)
            joined = f"{day.year + 25}-07-01"
            name = SURNAMES[i % 20] + GIVEN[(i // 20) % 10]
            phone = f"13{i % 10}{i:08d}"[:11]
            f.write(f"{name},,汉族,,{joined},{idn},{phone},农业,{1 + i % 6},某镇某村{i % 50}号,初中,普通党员,{BRANCHES[i % len(BRANCHES)]}\r\n")


if __name__ == "__main__":
    main()
