#!/usr/bin/env python3
"""roll_gen.py DB.sqlite SHARE_PERCENT - a realistic hardship roll over the
members of a bench database, written straight into roll_entries and
roll_history (the bench measures reading the roll, not writing it; writing
goes through the core API everywhere else).  Deterministic.  Of the members
SHARE_PERCENT% have been in hardship since some day of 2019-2026: about 70%
still are, 20% left (work, income, moved, deceased) and a third of those
came back (a relapse linked to the earlier period); every entry has its
register row in the history, half a tier change, a third an income change,
the exits theirs.  Prints the counts."""
import datetime
import sqlite3
import sys

CATS = ["capacity", "relief", "care"]
TIERS = ["severe", "moderate", "temporary"]
CAUSES = ["illness", "disability", "disaster", "lack_labour", "lack_skills", "attitude"]
REASONS = ["income", "work", "moved", "deceased"]
START = datetime.date(2019, 1, 1)
END = datetime.date(2026, 11, 30)
SPAN = (END - START).days


def day(n):
    return (START + datetime.timedelta(days=n % SPAN)).isoformat()


def main():
    path, share = sys.argv[1], float(sys.argv[2])
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    members = db.execute("SELECT id, org_id FROM members ORDER BY id").fetchall()
    step = max(1, round(100 / share))
    entries, history = [], []
    eid = db.execute("SELECT coalesce(max(id), 0) FROM roll_entries").fetchone()[0]
    hid = db.execute("SELECT coalesce(max(id), 0) FROM roll_history").fetchone()[0]
    now = 1764547200

    def hist(entry, action, field, old, new, eff):
        nonlocal hid
        hid += 1
        history.append((hid, entry, now, action, field, old, new, eff))

    for k, (mid, org) in enumerate(members[::step]):
        h = (mid * 2654435761) & 0xFFFFFFFF
        since_n = h % (SPAN - 400)
        since = day(since_n)
        cat, tier = CATS[h % 3], TIERS[(h >> 3) % 3]
        causes = ",".join(sorted({CAUSES[h % 6], CAUSES[(h >> 5) % 6]}))
        income = 150000 + (h >> 7) % 300000
        fate = (h >> 11) % 10  # 0-1 left, 2 left and came back, else on the roll
        left = fate <= 2
        eid += 1
        until = day(since_n + 200 + (h >> 13) % 180) if left else None
        reason = REASONS[(h >> 17) % 4] if left else ""
        first = eid
        entries.append((eid, mid, org, "exited" if left else "active", "import", None, since,
                        until, cat, tier, causes, income, until, reason, now, now))
        hist(eid, "register", "status", "", "active", since)
        if h % 2 == 0:
            old = TIERS[(h >> 3) % 3]
            new = TIERS[((h >> 3) + 1) % 3]
            entries[-1] = entries[-1][:9] + (new,) + entries[-1][10:]
            hist(eid, "update", "tier", old, new, day(since_n + 120))
        if h % 3 == 0:
            hist(eid, "update", "income_fen", str(income - 20000), str(income), day(since_n + 60))
        if left:
            hist(eid, "exit", "status", "active", "exited", until)
        if fate == 2:
            eid += 1
            since2 = day(since_n + 400 + (h >> 13) % 180)
            if since2 < until:
                since2 = until
            entries.append((eid, mid, org, "active", "relapse", first, since2, None, cat,
                            "severe", causes, income - 50000, None, "", now, now))
            hist(eid, "relapse", "status", "", "active", since2)
    db.executemany(
        "INSERT INTO roll_entries (id, member_id, org_id, status, source, relapse_of, since_on, "
        "until_on, category, tier, causes, income_fen, exit_on, exit_reason, created_at, "
        "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", entries)
    db.executemany(
        "INSERT INTO roll_history (id, entry_id, at, action, field, old_value, new_value, "
        "effective_on) VALUES (?,?,?,?,?,?,?,?)", history)
    db.commit()
    print(f"roll: {len(entries)} entries, {len(history)} history rows "
          f"over {len(members)} members")


main()
