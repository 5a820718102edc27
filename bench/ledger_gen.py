#!/usr/bin/env python3
"""ledger_gen.py N OUT.csv [--shuffled-dates] - the benchmark's postings for
`bangfu ledger import`: one income large enough for everything, then N
payments of varying amounts and kinds over the year 2024, in the CSV header
`bangfu ledger import` reads.  Dates ascend, as a ledger grows (a posting's
date is the day the money moved, normally today); --shuffled-dates cycles
them instead (every posting's date far from the one before: the worst case
for the (fund_id, value_date) index)."""
import datetime
import sys

n, out = int(sys.argv[1]), sys.argv[2]
shuffled = "--shuffled-dates" in sys.argv[3:]
jan1 = datetime.date(2024, 1, 1)
kinds = ("yearly_aid", "emergency_aid", "visit_gift")
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("日期,类型,借方科目,贷方科目,金额,摘要\n")
    f.write("2024-01-01,income,bank,finance,%d,区财政帮扶专项资金\n" % (n * 2000))
    for i in range(n):
        amount = 300 + (i * 7919) % 1700  # 300..1999 yuan
        if shuffled:
            d = datetime.date(2024, 1 + (i // 28) % 12, 1 + i % 28)
        else:
            d = jan1 + datetime.timedelta(days=i * 366 // n)
        f.write("%s,payment,%s,bank,%d.%02d,第%d号帮扶款\n"
                % (d.isoformat(), kinds[i % 3], amount, i % 100, i + 1))
