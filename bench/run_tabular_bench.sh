#!/usr/bin/env bash
# Tabular I/O benchmark and peers. Usage: bench/run_tabular_bench.sh [BUILD_DIR] [ROWS]
# Prints Suiji's reader/writer throughput on 1M × 15 registers, then the same files read by
# Python's standard library (csv module; zipfile + ElementTree.iterparse for xlsx, the usual
# "no dependency" approach), with ratios. Peers on xlsx read the first 100k rows, scaled ×10.
set -euo pipefail
BUILD=${1:-build}
ROWS=${2:-1000000}
DIR=$(mktemp -d /tmp/suiji-tabular-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
"$BUILD/bench/suiji_tabular_bench" "$ROWS" 100000 "$DIR" | tee "$DIR/suiji.txt"
command -v python3 >/dev/null || exit 0
echo "peers (CPU seconds, same files):"
python3 - "$DIR" "$ROWS" <<'PY'
import csv, resource, sys, zipfile
import xml.etree.ElementTree as ET

d, rows = sys.argv[1], int(sys.argv[2])
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

t = cpu(); n = 0
with open(f"{d}/targets.csv", encoding="utf-8-sig", newline="") as f:
    for row in csv.reader(f):
        n += 1
print(f"  python csv.reader           {n:8d} rows: {cpu() - t:6.2f} s cpu")

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
def read_xlsx(path, limit):
    """Returns (shared-strings seconds, sheet seconds for `limit` rows, rows)."""
    z = zipfile.ZipFile(path)
    t = cpu()
    sst = []
    if "xl/sharedStrings.xml" in z.namelist():
        for _, el in ET.iterparse(z.open("xl/sharedStrings.xml")):
            if el.tag == NS + "si":
                sst.append("".join(t.text or "" for t in el.iter(NS + "t")))
                el.clear()
    t_sst = cpu() - t
    t = cpu()
    n = 0
    for _, el in ET.iterparse(z.open("xl/worksheets/sheet1.xml")):
        if el.tag == NS + "row":
            cells = []
            for c in el.iter(NS + "c"):
                v = c.find(NS + "v")
                if c.get("t") == "s":
                    cells.append(sst[int(v.text)])
                elif c.get("t") == "inlineStr":
                    cells.append("".join(t.text or "" for t in c.iter(NS + "t")))
                else:
                    cells.append(v.text if v is not None else "")
            el.clear()
            n += 1
            if n >= limit:
                break
    return t_sst, cpu() - t, n

limit = min(rows, 100000)
scale = rows / limit
for name, label in (("targets.xlsx", "xlsx inline (ours)"), ("targets_excel_style.xlsx", "xlsx shared (Excel)")):
    t_sst, t_sheet, n = read_xlsx(f"{d}/{name}", limit)
    print(f"  python iterparse {label:20s}: shared strings {t_sst:6.2f} s + {n} rows {t_sheet:6.2f} s cpu"
          f"  (all {rows} rows = {t_sst + t_sheet * scale:6.2f} s)")
PY
