#!/usr/bin/env python3
"""make lint: clang-format and clang-tidy over the tree, silent when everything passes.

  scripts/lint.py [--build-dir DIR] [--all] [--update-base] [--jobs N] [--list] [FILE ...]

1. clang-format --dry-run -Werror on every tracked *.cc / *.h (.clang-format at the root).
2. clang-tidy (.clang-tidy at the root) on src/**/*.cc, with the flags of
   DIR/compile_commands.json; findings in headers under src/ are reported too.

clang-tidy is slow (about 10-15 s of CPU per file, half an hour for src/ on two cores), so by
default it checks only the changed tree: .lint-base names a commit whose whole src/ passed
clang-tidy, and only the src/**/*.cc files that differ from it (committed, staged, unstaged or
untracked-but-not-ignored) are checked, plus every .cc that includes a changed src/ header
(directly or through other src/ headers), plus any files .lint-base lists after the commit (files
that still had findings there). A change to .clang-tidy selects every file. When that
commit is not in the clone (a shallow clone, a rewritten history, no .git), the files changed by
HEAD's own commit and the working tree are checked instead, and one line says so.

On top of that, a file that passed is recorded in DIR/lint/clang-tidy.stamp under a hash of its
text, the text of every src/ header it includes (transitively), its compile command, .clang-tidy
and the clang-tidy version, and is not checked again while that hash holds.

--all checks every src/**/*.cc and ignores the stamp (make lint-full).
--update-base then writes HEAD to .lint-base when clang-tidy found nothing and the working tree is
HEAD's. Without --all it needs the .lint-base commit in the clone: the changed-tree run covers every
file that differs from that clean commit (and the files it lists), so finding nothing there says
the same as --all finding nothing, in minutes instead of half an hour.
FILE arguments restrict both checks to those files (always checked; the stamp is updated).
--list prints the files clang-tidy would check (before the stamp) and exits.

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
BASE_FILE = ".lint-base"
TIDY_CONFIG = ".clang-tidy"


def fail(message):
    print(f"lint: {message}", file=sys.stderr)
    sys.exit(2)


def note(message):
    print(f"lint: {message}", file=sys.stderr)


def git(root, *args):
    """git's stdout split on NUL or newline, or None when git or the repository is missing."""
    try:
        r = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    if r.returncode:
        return None
    sep = "\0" if "-z" in args else "\n"
    return [p for p in r.stdout.split(sep) if p]


def tracked_sources(root=ROOT):
    """Every C++ file in the repository, as paths relative to root."""
    out = git(root, "ls-files", "-z", "--", "*.cc", "*.h")
    if out is not None:
        return sorted(out)
    # A source tarball without .git: the directories that hold our C++ code.
    found = []
    for top in ("src", "tests", "bench", "fuzz"):
        for d, _, names in os.walk(os.path.join(root, top)):
            found += [os.path.relpath(os.path.join(d, n), root)
                      for n in names if n.endswith(SOURCE_SUFFIXES)]
    return sorted(found)


def is_tidy_source(path):
    return path.startswith("src/") and path.endswith(".cc")


# --- Which files clang-tidy checks ----------------------------------------------------------------


def read_base(root):
    """.lint-base as (commit, files with known findings): its first line that is not blank or a
    # comment names the commit; any further such lines name src/ files that had findings at that
    commit and are checked every time until --update-base clears them."""
    try:
        with open(os.path.join(root, BASE_FILE), encoding="utf-8") as f:
            lines = [line.strip() for line in f]
    except OSError:
        return None, []
    lines = [line for line in lines if line and not line.startswith("#")]
    return (lines[0], lines[1:]) if lines else (None, [])


def untracked(root):
    return git(root, "ls-files", "-z", "--others", "--exclude-standard") or []


def changed_since(root, commit):
    """Paths that differ between commit and the working tree, untracked files included; None
    when commit is not in this repository."""
    if git(root, "cat-file", "-e", f"{commit}^{{commit}}") is None:
        return None
    diff = git(root, "diff", "--name-only", "--no-renames", "-z", commit, "--")
    if diff is None:
        return None
    return set(diff) | set(untracked(root))


def fallback_changes(root):
    """What HEAD's own commit and the working tree changed, and a line saying what that is."""
    if git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}") is None:
        return set(), "no git history: clang-tidy is skipped (make lint-full checks every file)"
    parent = git(root, "rev-parse", "--verify", "-q", "HEAD^^{commit}")
    if parent is not None:
        return changed_since(root, "HEAD^"), "checking only what HEAD's own commit and the working tree changed"
    changes = changed_since(root, "HEAD")
    if git(root, "rev-parse", "--is-shallow-repository") == ["true"]:
        return changes, "HEAD's parent is not in this shallow clone either: checking only working-tree changes"
    # A root commit: everything in it is new.
    return changes | set(git(root, "ls-files", "-z") or []), "HEAD is the first commit: checking every file"


class HeaderClosure:
    """The src/ headers a file includes, directly or through other src/ headers."""

    def __init__(self, root=ROOT):
        self.root = root
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
                for base in (os.path.join(self.root, "src"), os.path.dirname(path)):
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


def affected(root, candidates, changed, closure):
    """The candidates (src/**/*.cc relative to root) that changed or include a changed file."""
    changed_abs = {os.path.normpath(os.path.join(root, p)) for p in changed}
    return [c for c in candidates
            if c in changed or any(h in changed_abs for h in closure.of(os.path.join(root, c)))]


def tidy_selection(root, closure=None):
    """The default selection: (the src/**/*.cc files to check, a note or None)."""
    closure = closure or HeaderClosure(root)
    candidates = sorted({p for p in tracked_sources(root) + untracked(root) if is_tidy_source(p)})
    base, known = read_base(root)
    changed = changed_since(root, base) if base else None
    message = None
    if changed is None:
        changed, reason = fallback_changes(root)
        what = f"the {BASE_FILE} commit {base[:12]} is not in this clone" if base else f"no {BASE_FILE}"
        message = f"{what}; {reason}"
    if TIDY_CONFIG in changed:
        return candidates, message
    return affected(root, candidates, changed | set(known), closure), message


# --- clang-format ---------------------------------------------------------------------------------


def run_parallel(fn, items, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(fn, items))


def check_format(files, jobs, whole_tree):
    """Returns the clang-format complaints (empty when every file is formatted)."""
    batches = [files[i::jobs] for i in range(jobs) if files[i::jobs]]

    def one(batch):
        r = subprocess.run([CLANG_FORMAT, "--dry-run", "-Werror", *batch], cwd=ROOT,
                           capture_output=True, text=True)
        return r.stderr if r.returncode else ""

    complaints = "".join(run_parallel(one, batches, jobs))
    if not complaints:
        return []
    places = re.findall(r"^(\S+?):\d+:\d+: error:", complaints, re.MULTILINE)
    unformatted = sorted({os.path.relpath(os.path.join(ROOT, p), ROOT) for p in places})
    report = [complaints.rstrip("\n")] if len(unformatted) <= 5 and len(complaints) < 20000 else []
    shown = " ".join(unformatted[:5]) + (" …" if len(unformatted) > 5 else "")
    report.append(f"clang-format: {len(unformatted)} of {len(files)} file(s) not formatted "
                  f"({len(places)} place(s)): {shown}")
    if len(unformatted) <= 10 or not whole_tree:
        report.append(f"  fix: {CLANG_FORMAT} -i " + " ".join(unformatted))
    else:
        report.append(f"  fix: git ls-files '*.cc' '*.h' | xargs {CLANG_FORMAT} -i")
    return report


# --- clang-tidy -----------------------------------------------------------------------------------


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


def check_tidy(files, build_dir, jobs, read_stamp, closure):
    """Returns the clang-tidy findings (empty when every file passes)."""
    db = load_compile_db(build_dir)
    try:
        version = subprocess.run([CLANG_TIDY, "--version"], capture_output=True, text=True,
                                 check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        fail(f"{CLANG_TIDY} is not installed (scripts/setup.sh installs it)")
    config_hash = file_digest(os.path.join(ROOT, TIDY_CONFIG))
    stamp_path = os.path.join(build_dir, "lint", "clang-tidy.stamp")
    stamp = {}
    if os.path.isfile(stamp_path):
        with open(stamp_path) as f:
            stamp = json.load(f)

    paths = [os.path.join(ROOT, p) for p in files if is_tidy_source(p)]
    missing = [p for p in paths if p not in db]
    if missing:
        fail("not in compile_commands.json (reconfigure?): "
             + " ".join(os.path.relpath(p, ROOT) for p in missing))
    keys = {os.path.relpath(p, ROOT): tidy_key(p, db[p], config_hash, version, closure)
            for p in paths}
    todo = [p for p in paths if not read_stamp or stamp.get(os.path.relpath(p, ROOT)) != keys[
        os.path.relpath(p, ROOT)]]

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

    # Files that passed are stamped; files with findings lose their entry; others are kept.
    for p, findings in results:
        rel = os.path.relpath(p, ROOT)
        if findings:
            stamp.pop(rel, None)
        else:
            stamp[rel] = keys[rel]
    os.makedirs(os.path.dirname(stamp_path), exist_ok=True)
    with open(stamp_path + ".tmp", "w") as f:
        json.dump(stamp, f, indent=0, sort_keys=True)
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


def base_update_refusal(root):
    """Why .lint-base cannot be set to HEAD now (no history, or a working tree that is not HEAD's:
    the hash must name a tree that really passed), or None."""
    if git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}") is None:
        return f"{BASE_FILE} not updated: no git history"
    dirty = [line[3:] for line in git(root, "status", "--porcelain", "--untracked-files=normal") or []
             if line[3:] != BASE_FILE]
    if dirty:
        return (f"{BASE_FILE} not updated: the working tree is not HEAD's ("
                + " ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "") + ")")
    return None


def update_base(root):
    """Writes HEAD to .lint-base when the working tree is HEAD's; returns what it did."""
    refusal = base_update_refusal(root)
    if refusal:
        return refusal
    head = git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}")
    with open(os.path.join(root, BASE_FILE), "w", encoding="utf-8") as f:
        f.write("# A commit whose whole src/ passed clang-tidy (scripts/lint.py --update-base, with or\n"
                "# without --all); make lint checks only what changed since it (docs/development.md).\n"
                f"{head[0]}\n")
    return f"{BASE_FILE} set to {head[0][:12]}: commit it"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--all", action="store_true",
                        help=f"clang-tidy on every src/ file, ignoring {BASE_FILE} and the stamp")
    parser.add_argument("--update-base", action="store_true",
                        help=f"set {BASE_FILE} to HEAD when clang-tidy found nothing (with --all, "
                        f"or on the changed tree when the {BASE_FILE} commit is in the clone)")
    parser.add_argument("--list", action="store_true", help="print the files clang-tidy would check")
    parser.add_argument("--jobs", "-j", type=int, default=int(os.environ.get("LINT_JOBS", "2")))
    parser.add_argument("--no-format", action="store_true", help="skip clang-format")
    parser.add_argument("--no-tidy", action="store_true", help="skip clang-tidy")
    parser.add_argument("files", nargs="*", help="only these files (paths from the repo root)")
    args = parser.parse_args()
    build_dir = os.path.abspath(args.build_dir)
    jobs = max(1, args.jobs)
    if args.update_base and (args.files or args.no_tidy):
        fail("--update-base needs clang-tidy and no FILE arguments")

    closure = HeaderClosure(ROOT)
    if args.files:
        files = sorted({os.path.relpath(os.path.abspath(f), ROOT) for f in args.files})
        files = [f for f in files if f.endswith(SOURCE_SUFFIXES)]
        format_files, tidy_files, message = files, [f for f in files if is_tidy_source(f)], None
    else:
        format_files = [f for f in tracked_sources() if f.endswith(SOURCE_SUFFIXES)]
        if args.all:
            tidy_files, message = [f for f in format_files if is_tidy_source(f)], None
        else:
            tidy_files, message = tidy_selection(ROOT, closure)
    if message and not args.no_tidy:
        note(message)
    if args.update_base and not args.list:
        # Refuse before the slow part. Without --all the selection proves the whole tree only when
        # it is relative to a commit that passed; the fallback (base not in the clone) is not.
        if message and not args.all:
            fail(f"--update-base without --all needs the {BASE_FILE} commit in this clone "
                 "(use --all)")
        refusal = base_update_refusal(ROOT)
        if refusal:
            fail(refusal)
    if args.list:
        print("\n".join(tidy_files))
        return

    report = []
    if not args.no_format:
        try:
            report += check_format(format_files, jobs, whole_tree=not args.files)
        except OSError:
            fail(f"{CLANG_FORMAT} is not installed (scripts/setup.sh installs it)")
    tidy_report = []
    if not args.no_tidy and tidy_files:
        tidy_report = check_tidy(tidy_files, build_dir, jobs,
                                 read_stamp=not args.files and not args.all, closure=closure)
    report += tidy_report
    if report:
        print("\n".join(report))
    if args.update_base:
        if tidy_report:
            note(f"{BASE_FILE} not updated: clang-tidy has findings")
        else:
            note(update_base(ROOT))
    if report:
        sys.exit(1)


if __name__ == "__main__":
    main()
