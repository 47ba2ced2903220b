#!/usr/bin/env python3
"""make lint: clang-format and clang-tidy over the tree, silent when everything passes.

  scripts/lint.py [--build-dir DIR] [--all] [--jobs N] [FILE ...]

1. clang-format --dry-run -Werror on every tracked *.cc / *.h (.clang-format at the root).
2. clang-tidy (.clang-tidy at the root) on every tracked src/**/*.cc, with the flags of
   DIR/compile_commands.json; findings in headers under src/ are reported too.

clang-tidy is slow (about 10 s of CPU per file), so a file is checked again only when something
that can change its findings has changed: a file that passed is recorded in
DIR/lint/clang-tidy.stamp under a hash of its text, the text of every src/ header it includes
(transitively), its compile command, .clang-tidy and the clang-tidy version. A fresh build
directory (a CI clone) has no stamp, so every file is checked once. --all ignores the stamp.
FILE arguments restrict both checks to those files (the stamp is then neither read nor written).

The tools are the Debian 12 packages clang-format-14 and clang-tidy-14 (scripts/setup.sh installs
them); formatting differs between clang-format versions, so the version is pinned. CLANG_FORMAT and
CLANG_TIDY override the binaries. Exit status 1 when anything is found, 2 when lint cannot run.
"""

import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANG_FORMAT = os.environ.get("CLANG_FORMAT", "clang-format-14")
CLANG_TIDY = os.environ.get("CLANG_TIDY", "clang-tidy-14")
SOURCE_SUFFIXES = (".cc", ".h")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def fail(message):
    print(f"lint: {message}", file=sys.stderr)
    sys.exit(2)


def tracked_sources():
    """Every C++ file in the repository, as paths relative to ROOT."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", "*.cc", "*.h"], cwd=ROOT,
                             check=True, capture_output=True, text=True).stdout
        return sorted(p for p in out.split("\0") if p)
    except (OSError, subprocess.CalledProcessError):
        # A source tarball without .git: the directories that hold our C++ code.
        found = []
        for top in ("src", "tests", "bench", "fuzz"):
            for d, _, names in os.walk(os.path.join(ROOT, top)):
                found += [os.path.relpath(os.path.join(d, n), ROOT)
                          for n in names if n.endswith(SOURCE_SUFFIXES)]
        return sorted(found)


def run_parallel(fn, items, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(fn, items))


def check_format(files, jobs):
    """Returns the clang-format complaints (empty when every file is formatted)."""
    batches = [files[i::jobs] for i in range(jobs) if files[i::jobs]]

    def one(batch):
        r = subprocess.run([CLANG_FORMAT, "--dry-run", "-Werror", *batch], cwd=ROOT,
                           capture_output=True, text=True)
        return r.stderr if r.returncode else ""

    complaints = "".join(run_parallel(one, batches, jobs))
    if not complaints:
        return []
    unformatted = sorted(set(re.findall(r"^(\S+?):\d+:\d+: error:", complaints, re.MULTILINE)))
    report = [complaints.rstrip("\n")] if len(complaints) < 20000 else []
    report.append(f"clang-format: {len(unformatted)} file(s) not formatted: "
                  + " ".join(os.path.relpath(p, ROOT) for p in unformatted))
    report.append(f"  fix with: {CLANG_FORMAT} -i FILE ...")
    return report


class HeaderClosure:
    """The src/ headers a file includes, directly or through other src/ headers."""

    def __init__(self):
        self.direct = {}

    def _includes(self, path):
        if path not in self.direct:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
            except OSError:
                text = ""
            found = []
            for name in INCLUDE_RE.findall(text):
                for base in (os.path.join(ROOT, "src"), os.path.dirname(path)):
                    candidate = os.path.normpath(os.path.join(base, name))
                    if os.path.isfile(candidate):
                        found.append(candidate)
                        break
            self.direct[path] = found
        return self.direct[path]

    def of(self, path):
        seen, todo = set(), [path]
        while todo:
            for h in self._includes(todo.pop()):
                if h not in seen:
                    seen.add(h)
                    todo.append(h)
        return sorted(seen)


def file_digest(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return "missing"


def tidy_key(path, command, config_hash, version, closure):
    h = hashlib.sha256()
    for part in (version, config_hash, command, path, file_digest(path)):
        h.update(part.encode() + b"\0")
    for header in closure.of(path):
        h.update(f"{header}\0{file_digest(header)}\0".encode())
    return h.hexdigest()


def load_compile_db(build_dir):
    path = os.path.join(build_dir, "compile_commands.json")
    if not os.path.isfile(path):
        fail(f"{path} is missing: configure first (cmake -S . -B {build_dir} -G Ninja)")
    with open(path) as f:
        entries = json.load(f)
    db = {}
    for e in entries:
        file = os.path.normpath(os.path.join(e["directory"], e["file"]))
        db[file] = e.get("command") or shlex.join(e.get("arguments", []))
    return db


def split_findings(output):
    """clang-tidy's output as findings: (first line, the lines that follow it)."""
    findings, current = [], None
    for line in output.splitlines():
        if re.match(r"^\S+:\d+:\d+: (warning|error):", line):
            current = [line]
            findings.append(current)
        elif current is not None and not re.match(r"^\d+ (warnings?|errors?) ", line):
            current.append(line)
    return findings


def check_tidy(files, build_dir, jobs, read_stamp, write_stamp):
    """Returns the clang-tidy findings (empty when every file passes)."""
    db = load_compile_db(build_dir)
    try:
        version = subprocess.run([CLANG_TIDY, "--version"], capture_output=True, text=True,
                                 check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        fail(f"{CLANG_TIDY} is not installed (scripts/setup.sh installs it)")
    config_hash = file_digest(os.path.join(ROOT, ".clang-tidy"))
    closure = HeaderClosure()
    stamp_path = os.path.join(build_dir, "lint", "clang-tidy.stamp")
    stamp = {}
    if read_stamp and os.path.isfile(stamp_path):
        with open(stamp_path) as f:
            stamp = json.load(f)

    paths = [os.path.join(ROOT, p) for p in files if p.startswith("src/") and p.endswith(".cc")]
    missing = [p for p in paths if p not in db]
    if missing:
        fail("not in compile_commands.json (reconfigure?): "
             + " ".join(os.path.relpath(p, ROOT) for p in missing))
    keys = {p: tidy_key(p, db[p], config_hash, version, closure) for p in paths}
    todo = [p for p in paths if stamp.get(os.path.relpath(p, ROOT)) != keys[p]]

    header_filter = "^" + re.escape(os.path.join(ROOT, "src")) + "/"

    def one(path):
        r = subprocess.run([CLANG_TIDY, "-p", build_dir, "--quiet", f"--header-filter={header_filter}",
                            "--extra-arg=-Wno-unknown-warning-option", path],
                           cwd=ROOT, capture_output=True, text=True)
        findings = split_findings(r.stdout)
        if r.returncode and not findings:  # a crash or a file that does not compile
            findings = [[f"{path}:1:1: error: clang-tidy failed (exit {r.returncode})",
                         *(r.stdout + r.stderr).splitlines()[-20:]]]
        return path, findings

    results = run_parallel(one, todo, jobs)

    if write_stamp:
        fresh = {os.path.relpath(p, ROOT): keys[p] for p in paths}
        passed = {os.path.relpath(p, ROOT) for p, findings in results if not findings}
        kept = {f: k for f, k in fresh.items() if f in passed or stamp.get(f) == k}
        os.makedirs(os.path.dirname(stamp_path), exist_ok=True)
        with open(stamp_path + ".tmp", "w") as f:
            json.dump(kept, f, indent=0, sort_keys=True)
        os.replace(stamp_path + ".tmp", stamp_path)

    unique, seen = [], set()
    for _, findings in results:
        for finding in findings:
            if finding[0] not in seen:  # a header's finding repeats in every file including it
                seen.add(finding[0])
                unique.append(finding)
    if not unique:
        return []
    checks = collections.Counter()
    for finding in unique:
        check = re.search(r"\[([\w.-]+)[\w.,-]*\]$", finding[0])
        checks[check.group(1) if check else "error"] += 1
    report = ["\n".join(f) for f in unique]
    report.append(f"clang-tidy: {len(unique)} finding(s) in {len(todo)} checked file(s): "
                  + ", ".join(f"{c} {n}" for c, n in checks.most_common()))
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--all", action="store_true", help="ignore the clang-tidy stamp")
    parser.add_argument("--jobs", "-j", type=int, default=int(os.environ.get("LINT_JOBS", "2")))
    parser.add_argument("--no-format", action="store_true", help="skip clang-format")
    parser.add_argument("--no-tidy", action="store_true", help="skip clang-tidy")
    parser.add_argument("files", nargs="*", help="only these files (paths from the repo root)")
    args = parser.parse_args()
    build_dir = os.path.abspath(args.build_dir)
    jobs = max(1, args.jobs)

    if args.files:
        files = sorted({os.path.relpath(os.path.abspath(f), ROOT) for f in args.files})
    else:
        files = tracked_sources()
    files = [f for f in files if f.endswith(SOURCE_SUFFIXES)]

    report = []
    if not args.no_format:
        try:
            report += check_format(files, jobs)
        except OSError:
            fail(f"{CLANG_FORMAT} is not installed (scripts/setup.sh installs it)")
    if not args.no_tidy:
        report += check_tidy(files, build_dir, jobs, read_stamp=not args.files and not args.all,
                             write_stamp=not args.files)
    if report:
        print("\n".join(report))
        sys.exit(1)


if __name__ == "__main__":
    main()
