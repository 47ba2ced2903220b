#!/usr/bin/env python3
"""Drives one task ceremony through the real HTTP API of a running `suiji serve` and times each
step (helper of bench/run_api_bench.sh; stdlib only).

  api_bench_drive.py --port P --server-pid PID --engine BIN --db URL [--label L]

Prints one JSON object: every step's seconds and answer size, the pool and the locked count,
the server's peak RSS (VmHWM; and, sampled every 10 ms, the peak of its anonymous part — the
process's own memory — apart from mapped file pages, which SQLite's read mapping of the database
adds: ADR 0014), the bundle's SHA-256, and the peers measured in the same run:
the draw engine alone on a pool of the same strata sizes, and the database's own
`ORDER BY random() LIMIT k` over the same targets table.
"""
import argparse
import hashlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time


class Client:
    def __init__(self, port, server_pid):
        self.port = port
        self.server_pid = server_pid
        self.cpu = {}  # path -> the server's CPU seconds during the last call to it
        self.cookie = ""
        self.csrf = ""

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {"Content-Type": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        data = json.dumps(body).encode() if body is not None else None
        cpu0 = cpu_seconds(self.server_pid)
        t0 = time.perf_counter()
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        elapsed = time.perf_counter() - t0
        self.cpu[path] = cpu_seconds(self.server_pid) - cpu0
        conn.close()
        if resp.status >= 300:
            sys.exit(f"{method} {path}: {resp.status} {raw[:400]!r}")
        cookie = resp.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return raw, elapsed


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssSampler(threading.Thread):
    """Peak RssAnon and RssFile of a process, read from /proc every 10 ms until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = {"RssAnon": 0, "RssFile": 0}
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.01):
            try:
                with open(f"/proc/{self.pid}/status") as f:
                    for line in f:
                        key = line.split(":", 1)[0]
                        if key in self.peak:
                            self.peak[key] = max(self.peak[key], int(line.split()[1]))
            except OSError:
                return

    def stop(self):
        self.done.set()
        self.join()
        return {k: round(v / 1024) for k, v in self.peak.items()}


def cpu_seconds(pid):
    """The server's user + system CPU seconds so far (steadier than wall time on a busy machine)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def order_by_random(db_url, k):
    sql = f"SELECT id FROM targets WHERE in_directory = 1 ORDER BY random() LIMIT {k}"
    if db_url.startswith("sqlite://"):
        import sqlite3
        con = sqlite3.connect(db_url[len("sqlite://"):])
        t0 = time.perf_counter()
        con.execute(sql).fetchall()
        elapsed = time.perf_counter() - t0
        con.close()
        return elapsed
    t0 = time.perf_counter()
    subprocess.run(["psql", "-q", "-X", "-o", "/dev/null", db_url, "-c", sql], check=True)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--server-pid", type=int, required=True)
    ap.add_argument("--engine", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--title", default="基准任务：全区")
    args = ap.parse_args()

    c = Client(args.port, args.server_pid)
    sampler = RssSampler(args.server_pid)
    sampler.start()
    raw, _ = c.call("POST", "/api/v1/session", {"username": "planner", "password": "suiji-demo-2026"})
    c.csrf = json.loads(raw)["csrf_token"]
    raw, _ = c.call("POST", "/api/v1/tasks", {
        "title": args.title, "department_id": 1, "window_from": "2026-12-01",
        "window_to": "2026-12-31", "items": ["SCJG-GS-01"]})
    task_id = json.loads(raw)["id"]
    out = {}
    raw, out["preview_s"] = c.call("GET", f"/api/v1/tasks/{task_id}/preview")
    preview = json.loads(raw)
    out["pool"] = preview["pool_size"]
    out["quota"] = preview["quota"]
    raw, out["commit_s"] = c.call("POST", f"/api/v1/tasks/{task_id}/commit",
                                  {"sources": ["上证综合指数收盘价"]})
    draw_no = json.loads(raw)["target_draw_no"]
    c.call("POST", f"/api/v1/draws/{draw_no}/witnesses",
           {"name": "张见证", "organisation": "金水区人大代表"})
    raw, out["reveal_s"] = c.call("POST", f"/api/v1/tasks/{task_id}/reveal", {"values": ["3350.12"]})
    out["locked"] = json.loads(raw).get("target_count", None)
    raw, out["get_task_s"] = c.call("GET", f"/api/v1/tasks/{task_id}")
    out["task_bytes"] = len(raw)
    task = json.loads(raw)
    if out["locked"] is None:
        out["locked"] = task.get("target_count", len(task.get("targets", [])))
    # The bundle as a user downloads it (curl: the figure), then through http.client, which
    # needs about half a second more to read 130 MB in Python (kept beside it).
    bundle_path = f"/api/v1/draws/{draw_no}/bundle"
    cpu0 = cpu_seconds(args.server_pid)
    with tempfile.NamedTemporaryFile(prefix="suiji-bundle-") as f:
        curl = subprocess.run(
            ["curl", "-sS", "--fail", "-o", f.name, "-w", "%{time_total}", "-H",
             f"Cookie: {c.cookie}", f"http://127.0.0.1:{args.port}{bundle_path}"],
            check=True, capture_output=True, text=True)
        bundle_cpu = cpu_seconds(args.server_pid) - cpu0
        raw = f.read()
    out["bundle_s"] = float(curl.stdout)
    out["bundle_bytes"] = len(raw)
    out["bundle_sha256"] = hashlib.sha256(raw).hexdigest()
    raw_py, out["bundle_python_s"] = c.call("GET", bundle_path)
    if raw_py != raw:
        sys.exit("the bundle differs between two downloads")
    del raw, raw_py
    out["peak_rss_mib"] = round(peak_rss_mib(args.server_pid))
    peaks = sampler.stop()
    out["peak_rss_anon_mib"] = peaks["RssAnon"]
    out["peak_rss_file_mib"] = peaks["RssFile"]
    out["draw_no"] = draw_no
    for step, path in (("preview", f"/api/v1/tasks/{task_id}/preview"),
                       ("commit", f"/api/v1/tasks/{task_id}/commit"),
                       ("reveal", f"/api/v1/tasks/{task_id}/reveal"),
                       ("get_task", f"/api/v1/tasks/{task_id}"),
                       ("bundle_python", bundle_path)):
        out[f"{step}_cpu_s"] = round(c.cpu[path], 2)
    out["bundle_cpu_s"] = round(bundle_cpu, 2)

    takes = [f"{s['name']}={s['pool_size']}:{s['quota']}" for s in preview["strata"]]
    cmd = [args.engine, "engine"]
    for t in takes:
        cmd += ["--take", t]
    prep, rev = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()
    out["engine_prepare_s"] = float(prep)
    out["engine_reveal_s"] = float(rev)
    out["order_by_random_s"] = order_by_random(args.db, out["quota"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
