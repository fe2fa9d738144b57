#!/usr/bin/env python3
"""Region coverage of the library's modules reached by the fuzz targets' corpora.

    tools/fuzz_cover.py EXPORT.json[=NAME] ...

Each argument is `llvm-cov export -format=text` of one target's replay binary
over its corpus (tests/fuzz/fuzz.sh cover).  The targets compile the
amalgamated headers (dtls.h, dtls_crypto.h), whose "/* ---- proto/x.c ---- */"
markers say which module each line comes from; regions are attributed to the
module by their first line.  Prints one row per module that has regions in
any target: covered / total code regions per target, and the union over the
targets (a region counts as covered when any target executed it)."""
import json
import os
import re
import sys

MARK = re.compile(r"^/\* ---- ((?:proto|crypto)/[a-z0-9_]+\.[ch])(?: \(private functions\))? ---- \*/$")


def module_map(path):
    """List of (first line, module) of a generated header."""
    marks = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = MARK.match(line.rstrip("\n"))
            if m:
                marks.append((n, m.group(1)))
    return marks


def module_of(marks, line):
    mod = None
    for start, name in marks:
        if start > line:
            break
        mod = name
    return mod


def regions(export_path, maps):
    """{(module, region key): executed} of one export."""
    with open(export_path, encoding="utf-8") as f:
        data = json.load(f)["data"][0]
    out = {}
    for fn in data["functions"]:
        files = fn["filenames"]
        for r in fn["regions"]:
            l1, c1, l2, c2, count, file_id, _expanded, kind = r[:8]
            if kind != 0 or file_id >= len(files):
                continue  # code regions of the function's own text only
            base = os.path.basename(files[file_id])
            if base not in maps:
                continue
            mod = module_of(maps[base], l1)
            if mod is None or not mod.endswith(".c"):
                continue
            key = (mod, base, l1, c1, l2, c2)
            out[key] = out.get(key, False) or count > 0
    return out


def main(argv):
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    maps = {h: module_map(os.path.join(root, h)) for h in ("dtls.h", "dtls_crypto.h")}
    names, per = [], []
    for a in argv:
        path, _, name = a.partition("=")
        names.append(name or os.path.basename(path).split(".")[0])
        per.append(regions(path, maps))
    mods = sorted({k[0] for p in per for k in p})
    head = "| module | " + " | ".join(names) + " | any target |"
    print(head)
    print("|---|" + "---:|" * (len(names) + 1))
    for m in mods:
        cells = []
        union = {}
        for p in per:
            ks = [k for k in p if k[0] == m]
            cov = sum(1 for k in ks if p[k])
            cells.append("%d/%d (%.0f%%)" % (cov, len(ks), 100.0 * cov / len(ks)) if ks else "-")
            for k in ks:
                union[k] = union.get(k, False) or p[k]
        cu = sum(1 for v in union.values() if v)
        cells.append("%d/%d (%.0f%%)" % (cu, len(union), 100.0 * cu / len(union)) if union else "-")
        print("| %s | %s |" % (m, " | ".join(cells)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
