#!/usr/bin/env python3
"""ledger_gen.py N OUT.csv - the benchmark's postings for `bangfu ledger
import`: one income large enough for everything, then N payments of
varying amounts, kinds and dates (as a yearly round and emergencies would
post them), in the CSV header `bangfu ledger import` reads."""
import sys

n, out = int(sys.argv[1]), sys.argv[2]
kinds = ("yearly_aid", "emergency_aid", "visit_gift")
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("日期,类型,借方科目,贷方科目,金额,摘要\n")
    total = 0
    rows = []
    f.write("2024-01-02,income,bank,finance,%d,区财政帮扶专项资金\n" % (n * 2000))
    for i in range(n):
        amount = 300 + (i * 7919) % 1700  # 300..1999 yuan
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        f.write("2024-%02d-%02d,payment,%s,bank,%d.%02d,第%d号帮扶款\n"
                % (month, day, kinds[i % 3], amount, i % 100, i + 1))
