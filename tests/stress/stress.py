#!/usr/bin/env python3
"""`make stress`: kill -9 during import, reveal and publication, on SQLite and PostgreSQL.

For each database (a SQLite file, and a database in a throwaway PostgreSQL 15 cluster started
with scripts/pgtmp.sh), loaded with the demo district, and each scenario, RUNS times:

  import       `suiji import targets FILE` of N new targets, killed (SIGKILL) after a random
               delay. The targets count must be the old count or old + N, never between, and
               the register.import audit entries must have grown by exactly as much (0 or 1).
  reveal       `POST /api/v1/draws/NO/reveal` of a committed draw (witness entered), the server
               killed after a random delay. The draw must be committed with no secret, result
               or signature and no draw.reveal entry, or revealed with all of them, its
               reveal_audit_seq naming the one draw.reveal entry; a revealed draw's bundle must
               pass `suiji draw verify`.
  publication  `POST /api/v1/draws/NO/publish` of a revealed confidential draw, the server
               killed after a random delay: published = 1 exactly when one draw.publish entry
               exists.

After every kill `suiji audit verify` must pass. The delays are drawn (fixed seed) from zero to
1.5 times the operation's measured duration, so kills land before, during and after the
commit; each run records whether the operation had already answered when the kill came.

Usage: tests/stress/stress.py [--suiji build/suiji] [--runs 50] [--db sqlite,postgresql]
                              [--report docs/reliability-stress.md] [--seed 9]
Exit status 0 when every run held its invariant.
"""
import argparse
import http.client
import json
import os
import pathlib
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
PASSWORD = "suiji-demo-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def org_code(base8):
    """A GB 11714 organisation code: 8 characters and their check character."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    value = lambda c: int(c) if c.isdigit() else ord(c) - ord("A") + 10
    check = 11 - sum(value(c) * w for c, w in zip(base8, weights)) % 11
    return base8 + {10: "X", 11: "0"}.get(check, str(check))


def uscc(body17):
    """A 统一社会信用代码 with its GB 32100-2015 check character."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(body17, weights))
    return body17 + alphabet[(31 - total % 31) % 31]


class Database:
    def __init__(self, kind, work, suiji):
        self.kind = kind
        self.work = work
        self.suiji = suiji
        self.pg_dir = None
        if kind == "sqlite":
            self.path = work / "stress.db"
            self.url = "sqlite://" + str(self.path)
        else:
            # Under a world-traversable directory: as root the cluster runs as user postgres.
            self.pg_dir = pathlib.Path(tempfile.mkdtemp(prefix="suiji-stress-pg-", dir="/tmp"))
            os.chmod(self.pg_dir, 0o755)
            last = None
            for _ in range(5):
                port = free_port()
                r = subprocess.run([str(REPO / "scripts/pgtmp.sh"), "start", str(self.pg_dir / "pg"), str(port)],
                                   capture_output=True, text=True)
                if r.returncode == 0:
                    self.url = r.stdout.strip().splitlines()[-1]
                    break
                last = r.stderr
            else:
                raise RuntimeError("cannot start PostgreSQL: " + str(last))
        self.keys = ["--key-file", str(work / "keys" / "platform.ed25519"),
                     "--pii-key-file", str(work / "keys" / "pii.key")]

    def args(self):
        return ["--db", self.url] + self.keys

    def query(self, sql, params=()):
        """One row of a read-only query (fresh connection: sees what survived the kill)."""
        if self.kind == "sqlite":
            con = sqlite3.connect(str(self.path), timeout=30)
            try:
                return con.execute(sql, params).fetchone()
            finally:
                con.close()
        text = sql
        for p in params:
            text = text.replace("?", "'" + str(p).replace("'", "''") + "'", 1)
        r = subprocess.run(["psql", self.url, "-At", "-F", "\t", "-c", text], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("psql: " + r.stderr)
        line = r.stdout.strip()
        if not line:
            return None
        return tuple(None if v == "" else v for v in line.split("\t"))

    def audit_verify(self):
        r = subprocess.run([self.suiji, "audit", "verify"] + self.args(), capture_output=True, text=True, timeout=600)
        return r.returncode == 0, (r.stdout + r.stderr).strip()[-400:]

    def close(self):
        if self.pg_dir:
            subprocess.run([str(REPO / "scripts/pgtmp.sh"), "stop", str(self.pg_dir / "pg")], capture_output=True)
            shutil.rmtree(self.pg_dir, ignore_errors=True)


class Server:
    def __init__(self, db):
        self.db = db
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        log = open(self.db.work / "server.log", "ab")
        self.proc = subprocess.Popen([self.db.suiji, "serve", "--port", str(self.port), "--checkpoint-minutes", "0"]
                                     + self.db.args(), stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _ = self.request("GET", "/api/v1/health")
                if status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("server exited with %s" % self.proc.returncode)
            time.sleep(0.05)
        raise RuntimeError("server did not answer /api/v1/health")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.proc:
            self.proc.wait()
        self.proc = None

    def request(self, method, path, body=None, headers=None, timeout=120):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = dict(headers or {})
            data = None
            if body is not None:
                data = json.dumps(body, ensure_ascii=False).encode()
                h["Content-Type"] = "application/json"
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            raw = r.read()
            try:
                return r.status, json.loads(raw) if raw else None
            except ValueError:
                return r.status, raw
        finally:
            c.close()


class Session:
    def __init__(self, server, username):
        self.server = server
        s, body = None, None
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        c.request("POST", "/api/v1/session", body=json.dumps({"username": username, "password": PASSWORD}),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        body = json.loads(r.read())
        if r.status != 200:
            raise RuntimeError("login %s: %s %s" % (username, r.status, body))
        self.cookie = r.getheader("Set-Cookie").split(";")[0]
        self.csrf = body["csrf_token"]
        c.close()

    def call(self, method, path, body=None, timeout=120):
        return self.server.request(method, path, body, {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}, timeout)


def fire(session, method, path, body, result):
    """Sends a request in a thread; records the answer, or the error when the server died."""
    try:
        result["answer"] = session.call(method, path, body, timeout=60)
    except (OSError, http.client.HTTPException) as e:
        result["error"] = type(e).__name__


class Stress:
    def __init__(self, db, runs, rng, import_rows):
        self.db = db
        self.runs = runs
        self.rng = rng
        self.import_rows = import_rows
        self.server = Server(db)
        self.failures = []
        self.serial = 0

    def fail(self, scenario, run, what):
        self.failures.append("%s %s run %d: %s" % (self.db.kind, scenario, run, what))
        print("  FAIL " + self.failures[-1], flush=True)

    def check_audit(self, scenario, run):
        ok, out = self.db.audit_verify()
        if not ok:
            self.fail(scenario, run, "suiji audit verify failed: " + out)
        return ok

    # --- import ----------------------------------------------------------------------------
    def import_file(self):
        self.serial += 1
        path = self.db.work / ("import_%d.csv" % self.serial)
        prefix = "%03d" % (self.serial % 1000)
        with open(path, "w", encoding="utf-8") as f:
            f.write("统一社会信用代码,*名称,*对象类型,法定代表人（负责人）,住所（经营场所）,*行政区划代码,"
                    "属地单位,*行业代码,登记状态\n")
            for i in range(self.import_rows):
                code = uscc("91410105" + org_code("M" + prefix + "%04d" % i))
                f.write("%s,郑州压力测试%s商贸有限公司%d号,企业,王测试,郑州市金水区花园路%d号,410105,"
                        "花园路市场监管所,51,存续\n" % (code, prefix, i, i))
        return path

    def count(self, sql):
        return int(self.db.query(sql)[0])

    def run_import(self, delay):
        before = self.count("SELECT count(*) FROM targets")
        audits = self.count("SELECT count(*) FROM audit_log WHERE action = 'register.import'")
        path = self.import_file()
        start = time.monotonic()
        p = subprocess.Popen([self.db.suiji, "import", "targets", str(path)] + self.db.args(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        finished = False
        if delay is None:
            out, err = p.communicate()
            finished = True
            if p.returncode != 0:
                raise RuntimeError("import failed: " + (out + err).decode()[-600:])
        else:
            time.sleep(delay)
            finished = p.poll() is not None
            if not finished:
                os.kill(p.pid, signal.SIGKILL)
            p.wait()
        elapsed = time.monotonic() - start
        after = self.count("SELECT count(*) FROM targets")
        audits_after = self.count("SELECT count(*) FROM audit_log WHERE action = 'register.import'")
        return before, after, audits_after - audits, finished and p.returncode == 0, elapsed

    def scenario_import(self):
        durations = [self.run_import(None)[4] for _ in range(2)]
        t = statistics.median(durations)
        outcome = {"before": 0, "after": 0}
        for run in range(1, self.runs + 1):
            delay = self.rng.uniform(0, 1.5 * t)
            before, after, audit_delta, completed, _ = self.run_import(delay)
            n = self.import_rows
            if after == before and audit_delta == 0 and not completed:
                outcome["before"] += 1
            elif after == before + n and audit_delta == 1:
                outcome["after"] += 1
            else:
                self.fail("import", run, "targets %d -> %d (N=%d), register.import entries +%d, completed=%s"
                          % (before, after, n, audit_delta, completed))
            self.check_audit("import", run)
        return {"operation_s": t, **outcome}

    # --- draws -----------------------------------------------------------------------------
    def commit_draw(self, session, confidential, pool_size=1500):
        self.serial += 1
        pool = [{"stratum": "一般对象" if i % 4 else "风险对象", "id": "STRESS-%d-%05d" % (self.serial, i)}
                for i in range(pool_size)]
        status, body = session.call("POST", "/api/v1/draws", {
            "kind": "targets", "title": "压力测试抽取 %d" % self.serial, "department_id": 1,
            "sources": ["现场见证人掷骰"], "confidential": confidential,
            "strata": [{"name": "一般对象", "take": 50}, {"name": "风险对象", "take": 20, "weighted": False}],
            "pool": pool})
        if status != 201:
            raise RuntimeError("commit: %s %s" % (status, body))
        no = body["draw_no"]
        status, body = session.call("POST", "/api/v1/draws/%s/witnesses" % no, {"name": "陈志远", "organisation": "区人大代表"})
        if status != 200:
            raise RuntimeError("witness: %s %s" % (status, body))
        return no

    def draw_row(self, no):
        return self.db.query("SELECT id, status, secret, result_hash, outputs, signature, reveal_audit_seq, published "
                             "FROM draws WHERE draw_no = ?", (no,))

    def audit_count(self, action, draw_id, no):
        return self.count_params("SELECT count(*) FROM audit_log WHERE action = ? AND entity = 'draw' AND "
                                 "(entity_id = ? OR entity_id = ?)", (action, str(draw_id), no))

    def count_params(self, sql, params):
        return int(self.db.query(sql, params)[0])

    def timed_request(self, session, method, path, body):
        start = time.monotonic()
        status, answer = session.call(method, path, body)
        if status != 200:
            raise RuntimeError("%s %s: %s %s" % (method, path, status, answer))
        return time.monotonic() - start

    def killed_request(self, session, method, path, body, delay):
        result = {}
        t = threading.Thread(target=fire, args=(session, method, path, body, result))
        t.start()
        time.sleep(delay)
        self.server.kill()
        t.join()
        return "answer" in result

    def check_reveal(self, run, no):
        row = self.draw_row(no)
        draw_id, status, secret, result_hash, outputs, signature, audit_seq, _ = row
        entries = self.audit_count("draw.reveal", draw_id, no)
        if status == "committed":
            if secret or result_hash or outputs or signature or audit_seq or entries:
                self.fail("reveal", run, "committed draw %s carries part of a reveal: %r, %d draw.reveal entries"
                          % (no, row, entries))
            return "before"
        if status != "revealed" or not (secret and result_hash and outputs and signature and audit_seq) or entries != 1:
            self.fail("reveal", run, "draw %s half revealed: %r, %d draw.reveal entries" % (no, row, entries))
            return "broken"
        seq_row = self.db.query("SELECT action, entity_id FROM audit_log WHERE seq = ?", (int(audit_seq),))
        if not seq_row or seq_row[0] != "draw.reveal":
            self.fail("reveal", run, "reveal_audit_seq %s of %s names %r" % (audit_seq, no, seq_row))
        return "after"

    def verify_bundle(self, session, run, no):
        status, bundle = session.call("GET", "/api/v1/draws/%s/bundle" % no)
        if status != 200:
            self.fail("reveal", run, "bundle of revealed %s: %s %s" % (no, status, bundle))
            return
        path = self.db.work / ("bundle_%s.json" % no)
        path.write_text(json.dumps(bundle, ensure_ascii=False))
        r = subprocess.run([self.db.suiji, "draw", "verify", str(path)], capture_output=True, text=True)
        if r.returncode != 0:
            self.fail("reveal", run, "bundle of %s does not verify: %s" % (no, (r.stdout + r.stderr)[-300:]))
        path.unlink()

    def scenario_reveal(self):
        self.server.start()
        planner = Session(self.server, "planner")
        durations = []
        for _ in range(3):
            no = self.commit_draw(planner, False)
            durations.append(self.timed_request(planner, "POST", "/api/v1/draws/%s/reveal" % no, {"values": ["3 5 1"]}))
        t = statistics.median(durations)
        outcome = {"before": 0, "after": 0, "answered_before_kill": 0}
        for run in range(1, self.runs + 1):
            no = self.commit_draw(planner, False)
            answered = self.killed_request(planner, "POST", "/api/v1/draws/%s/reveal" % no, {"values": ["3 5 1"]},
                                           self.rng.uniform(0, 1.5 * t))
            outcome["answered_before_kill"] += answered
            state = self.check_reveal(run, no)
            if state in outcome:
                outcome[state] += 1
            if answered and state != "after":
                self.fail("reveal", run, "the reveal of %s was answered but is not in the database" % no)
            self.check_audit("reveal", run)
            self.server.start()
            planner = Session(self.server, "planner")
            if state == "after":
                self.verify_bundle(planner, run, no)
        self.server.kill()
        return {"operation_s": t, **outcome}

    def check_publish(self, run, no):
        row = self.draw_row(no)
        draw_id, published = row[0], int(row[7])
        entries = self.audit_count("draw.publish", draw_id, no)
        if published == 0 and entries == 0:
            return "before"
        if published == 1 and entries == 1:
            return "after"
        self.fail("publication", run, "draw %s published=%d with %d draw.publish entries" % (no, published, entries))
        return "broken"

    def scenario_publication(self):
        self.server.start()
        planner = Session(self.server, "planner")

        def revealed_confidential():
            no = self.commit_draw(planner, True, pool_size=200)
            self.timed_request(planner, "POST", "/api/v1/draws/%s/reveal" % no, {"values": ["3 5 1"]})
            return no

        durations = []
        for _ in range(3):
            no = revealed_confidential()
            durations.append(self.timed_request(planner, "POST", "/api/v1/draws/%s/publish" % no, None))
        t = statistics.median(durations)
        outcome = {"before": 0, "after": 0, "answered_before_kill": 0}
        for run in range(1, self.runs + 1):
            no = revealed_confidential()
            answered = self.killed_request(planner, "POST", "/api/v1/draws/%s/publish" % no, None,
                                           self.rng.uniform(0, 1.5 * t))
            outcome["answered_before_kill"] += answered
            state = self.check_publish(run, no)
            if state in outcome:
                outcome[state] += 1
            if answered and state != "after":
                self.fail("publication", run, "the publication of %s was answered but is not in the database" % no)
            self.check_audit("publication", run)
            self.server.start()
            planner = Session(self.server, "planner")
        self.server.kill()
        return {"operation_s": t, **outcome}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suiji", default=str(REPO / "build" / "suiji"))
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--scenarios", default="import,reveal,publication")
    ap.add_argument("--import-rows", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--report", help="write the results as Markdown to this file")
    args = ap.parse_args()
    suiji = str(pathlib.Path(args.suiji).resolve())
    rng = random.Random(args.seed)
    results = []
    failures = []
    started = time.time()
    for kind in args.db.split(","):
        work = pathlib.Path(tempfile.mkdtemp(prefix="suiji-stress-"))
        db = Database(kind, work, suiji)
        try:
            t0 = time.monotonic()
            demo = subprocess.run([suiji, "demo"] + db.args(), capture_output=True, text=True, timeout=900)
            if demo.returncode != 0:
                raise RuntimeError("demo: " + demo.stderr)
            print("%s: demo district loaded in %.1f s" % (kind, time.monotonic() - t0), flush=True)
            s = Stress(db, args.runs, rng, args.import_rows)
            for scenario in args.scenarios.split(","):
                t0 = time.monotonic()
                n_fail = len(s.failures)
                r = getattr(s, "scenario_" + scenario)()
                r.update(db=kind, scenario=scenario, runs=args.runs, seconds=time.monotonic() - t0,
                         failures=len(s.failures) - n_fail)
                results.append(r)
                print("%s %s: %s" % (kind, scenario, json.dumps(r)), flush=True)
            failures += s.failures
            s.server.kill()
        finally:
            db.close()
            shutil.rmtree(work, ignore_errors=True)
    total = time.time() - started
    if args.report:
        write_report(args, results, failures, total)
    print("stress: %d runs, %d failures, %.0f s" % (sum(r["runs"] for r in results), len(failures), total))
    for f in failures:
        print("  " + f)
    return 1 if failures else 0


def write_report(args, results, failures, total):
    lines = [
        "# Reliability: `make stress` results",
        "",
        "`kill -9` during import, reveal and publication on both databases (issue 9). Produced by",
        "`tests/stress/stress.py` (see its header for the invariants checked after every kill); rerun with",
        "",
        "    make stress                       # %d runs per scenario per database" % args.runs,
        "    STRESS_RUNS=10 make stress        # quicker",
        "    tests/stress/stress.py --db sqlite --scenarios reveal --runs 5   # one scenario",
        "",
        "Latest run: %s UTC, seed %d, %d rows per import, %.0f s in total, %s."
        % (time.strftime("%Y-%m-%d %H:%M", time.gmtime()), args.seed, args.import_rows, total,
           "**all invariants held**" if not failures else "**%d failures**" % len(failures)),
        "",
        "| database | scenario | runs | killed before commit (all-before) | after commit (all-after) | "
        "answered before the kill | failures | operation time | scenario time |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append("| %s | %s | %d | %d | %d | %s | %d | %.0f ms | %.0f s |" % (
            r["db"], r["scenario"], r["runs"], r["before"], r["after"],
            r.get("answered_before_kill", "—"), r["failures"], r["operation_s"] * 1000, r["seconds"]))
    lines += [
        "",
        "What each run checks after the kill (then `suiji audit verify` must pass):",
        "",
        "- import: the targets count is the old count or old + N (never between), and the",
        "  `register.import` audit entries grew by 0 or 1 accordingly; an import whose process exited 0",
        "  before the kill must be all-after.",
        "- reveal: the draw is `committed` with no secret, result, outputs, signature, `reveal_audit_seq`",
        "  and no `draw.reveal` entry, or `revealed` with all of them, `reveal_audit_seq` naming its one",
        "  `draw.reveal` entry and its bundle passing `suiji draw verify`; a reveal the client saw",
        "  answered must be all-after.",
        "- publication: a revealed confidential draw has `published = 1` exactly when one",
        "  `draw.publish` entry exists; an answered publication must be all-after.",
        "",
        "Kill delays are uniform in [0, 1.5 × the operation's median duration measured on unkilled",
        "runs of the same database], so some kills land before the request reaches the database and",
        "some after the answer.",
    ]
    if failures:
        lines += ["", "## Failures", ""] + ["- " + f for f in failures]
    pathlib.Path(args.report).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
