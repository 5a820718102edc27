#!/usr/bin/env python3
"""check-includes.py - the include rules of docs/ARCHITECTURE.md ("Include
rules") over the #include "..." lines of src/ and include/bangfu/:

 1. layers: util < store < core < io, http, cli (one layer, "top").  A file
    includes headers of its own layer or below, never one above.  A public
    header's layer is the table below; a private header's is its folder's.
 2. a private header (one under src/) is included only from its own folder;
    under src/core that folder is the domain (register, cases, fund, ...),
    and src/core/common/ is the one every domain of the core may include.

Prints one line per violation and "# pass N" / "# fail N" (files without /
with a violation); exits 1 when any file breaks a rule.  Run by
scripts/test-all.sh (suite "includes")."""
import os
import re
import subprocess
import sys

# The layer of each public header (include/bangfu/), by the layer that
# implements it.  The core has one public header per domain (register.h,
# cases.h, fund.h) besides common's text.h; the plain structs the store
# reads and writes are the store layer's model headers (model.h,
# case_model.h, fund_model.h).  A new public header must be added here (the
# check says so).
LAYER = {}
for names, layer in (
    ("banned calendar crypto csv date err errors idnum limits log money phone "
     "sheet strbuf utf8 wrapper xlsx", "util"),
    ("db store store_cases store_ledger store_payments store_roll store_screening store_roll_review store_care model case_model fund_model roll_model care_model store_commendations commendation_model", "store"),
    ("register cases fund care text commendations", "core"),
    ("io http pdf documents fund_docs demo xlsx_table import_job verification_docs care_docs visit_docs", "top"),
):
    for n in names.split():
        LAYER[n + ".h"] = layer
RANK = {"util": 0, "store": 1, "core": 2, "top": 3}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def layer_of(path):
    if path.startswith("include/bangfu/"):
        return LAYER.get(path[len("include/bangfu/"):], "unknown")
    for layer in ("util", "store", "core"):
        if path.startswith("src/%s/" % layer):
            return layer
    return "top"


def resolve(src, inc):
    """Where the compiler finds inc: the file's folder, include/bangfu, src."""
    for base in (os.path.dirname(src), "include/bangfu", "src"):
        p = os.path.normpath(os.path.join(base, inc))
        if os.path.isfile(p) or (base == "include/bangfu" and inc in LAYER):
            return p
    return None


def violations(path, text):
    me, here = layer_of(path), os.path.dirname(path)
    for inc in INCLUDE.findall(text):
        target = resolve(path, inc)
        if target is None:
            yield '%s: includes "%s", which is no header of the tree' % (path, inc)
            continue
        them = layer_of(target)
        if them == "unknown":
            yield "%s: includes %s, which has no layer in %s" % (path, target, sys.argv[0])
        elif RANK[them] > RANK[me]:
            yield "%s: a %s file includes %s of the %s layer above it" % (path, me, target, them)
        elif target.startswith("src/"):
            owner = os.path.dirname(target)
            if owner != here and not (owner == "src/core/common" and me == "core"):
                yield "%s: includes %s, private to %s/" % (path, target, owner)


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    files = subprocess.run(["git", "ls-files", "src/*.c", "src/*.h", "include/bangfu/*.h"],
                           capture_output=True, text=True, check=True).stdout.split()
    good = bad = 0
    for path in files:
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            found = list(violations(path, f.read()))
        for line in found:
            print(line)
        if found:
            bad += 1
        else:
            good += 1
    print("# pass %d" % good)
    print("# fail %d" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
