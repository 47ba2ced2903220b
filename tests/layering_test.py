#!/usr/bin/env python3
"""The layers of src/ (docs/design.md, shared STYLE.md) checked on the text of the tree.

  includes   each layer includes only itself and the layers below it:
               core → core;  tabular → core;  store → core;  service → core, tabular, store;
               render → core;  api, cli → core, tabular, service, render;  app → everything
             (unit tests beside their code may also include the test support, "support/…").
  sql        SQL statements appear only under src/store (upper-case keywords, as the tree writes SQL, in string literals anywhere else that
             read as a statement: SELECT … FROM, INSERT INTO, UPDATE … SET, DELETE FROM, PRAGMA,
             CREATE/ALTER/DROP TABLE|INDEX, BEGIN/COMMIT/ROLLBACK).
  edges      src/api and src/cli name no store:: type or function: they see service types only.
  service headers
             no header under src/service includes a src/store header: what a service exposes
             (views, requests, the …In steps' Connection) is core or service types, with
             store::Database / store::Connection forward-declared (service/store_fwd.h). The
             headers in SERVICE_HEADERS_STILL_ON_STORE are the remaining debt (issue 10); the list
             may only shrink.

Exit status 1 with every violation listed (file:line), 0 when the tree is clean.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1])
SRC = ROOT / "src"

ALLOWED = {
    "core": {"core"},
    "tabular": {"core", "tabular"},
    "store": {"core", "store"},
    "service": {"core", "tabular", "store", "service"},
    "render": {"core", "render"},
    "api": {"core", "tabular", "service", "render", "api"},
    "cli": {"core", "tabular", "service", "render", "cli"},
}
# Service headers that still include a store header (issue 10's remaining debt; shrink only).
SERVICE_HEADERS_STILL_ON_STORE = {
    "service/audit.h",
    "service/auth_service.h",
    "service/inspections/inspection_service.h",
    "service/org_service.h",
    "service/pii_cipher.h",
    "service/platform.h",
    "service/registers/context.h",
    "service/registers/dictionary_service.h",
    "service/registers/record_crud.h",
    "service/registers/target_service.h",
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
SQL = re.compile(
    r"^\s*(SELECT\b.*\bFROM\b|SELECT\s+\d|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
    r"PRAGMA\b|(CREATE|ALTER|DROP)\s+(TABLE|INDEX|UNIQUE\s+INDEX)\b|(BEGIN|COMMIT|ROLLBACK)\b\s*$|"
    r"WITH\s+\w+\s+AS\s*\()")
STORE_NAME = re.compile(r"\bstore::")


def strip_comment(line):
    # Good enough for this tree: no "//" inside the string literals that matter here.
    in_string = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            in_string = not in_string
        elif not in_string and line.startswith("//", i):
            return line[:i]
    return line


def main():
    problems = []
    files = sorted(p for p in SRC.rglob("*") if p.suffix in (".h", ".cc") and p.is_file())
    if not files:
        print(f"no sources under {SRC}")
        return 1
    for path in files:
        rel = path.relative_to(ROOT)
        layer = path.relative_to(SRC).parts[0]
        is_test = path.name.endswith("_test.cc")
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = strip_comment(raw)
            m = INCLUDE.match(line)
            if (m and m.group(1) == "store" and layer == "service" and path.suffix == ".h"
                    and str(path.relative_to(SRC)) not in SERVICE_HEADERS_STILL_ON_STORE):
                problems.append(f"{rel}:{n}: service header includes a store header "
                                f"({raw.strip()})")
            if m and layer in ALLOWED:
                target = m.group(1)
                if target not in ALLOWED[layer] and not (is_test and target == "support"):
                    problems.append(f"{rel}:{n}: {layer} includes {target}/ ({raw.strip()})")
            if layer != "store":
                for s in STRING.findall(line):
                    if SQL.search(s):
                        problems.append(f"{rel}:{n}: SQL outside src/store: \"{s}\"")
            if layer in ("api", "cli") and STORE_NAME.search(line):
                problems.append(f"{rel}:{n}: {layer} names a store:: entity: {raw.strip()}")
    for p in problems:
        print(p)
    print(f"{len(files)} files, {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
