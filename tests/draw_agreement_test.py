#!/usr/bin/env python3
"""Agreement test for SJ-DRAW-1: the C++ engine (`suiji draw …`) and the independent verifier
(tools/verify_draw.py) must agree on every bundle, and both must reject every tampered one.

  1. Golden bundles (tests/golden/*.json): both verifiers say OK; `run` on each reproduces the
     golden file byte for byte in both tools; `explain` traces are identical.
  2. Rivest's published consistent_sampler outputs (tests/golden/tickets/): both `tickets`
     commands reproduce them.
  3. N deterministic random bundles (pool sizes, strata, weights, eligibility shapes, Unicode,
     replacements, and a few deliberately invalid inputs): the C++ `run` output equals the
     Python `run` output; both verify it OK; invalid inputs are refused by both for the same
     reason.
  4. Mutants of each random bundle — one changed byte or character in an id, a source value,
     the secret, a take/per_task/cap, an output, a replacement — are rejected by both
     verifiers: the same exit code, and the same first field (mismatch) or reason (refusal).
  5. Signatures: golden and random bundles signed with libsodium (as the platform signs them,
     tests/sodium_signer.py) pass with the key's fingerprint; a tampered signature, a swapped
     public key, a key_id that is not the key's, a removed signature, a re-signing by another
     key checked with --key, a wrong --key (hex or a saved /api/v1/keys file), a malformed
     signature fail in both with the same reason and message. Unsigned bundles (the golden
     vectors, the random bundles of 3 and 4) fail with DRAW_SIGNATURE_MISSING unless
     --allow-unsigned is given, which is how 1, 3 and 4 verify them.

Usage: draw_agreement_test.py --suiji build/suiji [--count 1000] [--seed 1]
"""

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERIFIER = os.path.join(ROOT, "tools", "verify_draw.py")
GOLDEN = os.path.join(ROOT, "tests", "golden")
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import verify_draw  # noqa: E402  (the same code the CLI runs, for in-process `run`)

UNSIGNED_NOTE = "结果哈希正确，但未签名（按 --allow-unsigned 接受）"
UNSIGNED_MESSAGE = "结果哈希正确，但未签名：抽取包中没有平台签名 signature"

OUTPUT_FIELDS = ("pool_root", "elig_root", "plan_hash", "randomness", "seed", "selected", "reserve",
                 "teams", "result_hash")


class Failures:
    def __init__(self):
        self.items = []

    def add(self, what):
        self.items.append(what)
        if len(self.items) <= 30:
            print("FAIL:", what, file=sys.stderr)


def dumps(bundle):
    return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"


def run_proc(args, stdin=None):
    p = subprocess.run(args, input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def parse_verdict(rest):
    """One verdict line (after "FILE: ") as (exit code, key, note): OK → (0, result_hash, the
    signature note); a mismatch → (1, field, ""); a signature failure → (1, DRAW_SIGNATURE_…,
    its message); a refusal → (2, reason, "")."""
    if rest.startswith("OK "):
        result, _, note = rest[3:].partition(" ")
        return (0, result, note)
    if rest.startswith("不一致："):
        return (1, re.search(r"字段 (\S+)", rest).group(1), "")
    if rest.startswith("签名未通过："):
        m = re.search(r"^签名未通过：(.*)（([A-Z0-9_]+)）$", rest)
        return (1, m.group(2), m.group(1))
    if rest.startswith("错误："):
        return (2, re.search(r"（([A-Z0-9_]+)）$", rest).group(1), "")
    return (-1, rest, "")


def verdicts(cmd, paths):
    """Runs a multi-file verify; returns {path: parse_verdict(line)}."""
    out = {}
    for start in range(0, len(paths), 800):
        chunk = paths[start:start + 800]
        p = subprocess.run(cmd + chunk, capture_output=True)
        for line in p.stdout.decode("utf-8").splitlines():
            path, _, rest = line.partition(": ")
            out[path] = parse_verdict(rest)
    return out


def verify_both(suiji, paths, flags=("--allow-unsigned",)):
    """Runs both verifiers concurrently (two cores) over the same files. The random bundles
    carry no signature: by default both verify them with --allow-unsigned, which still checks
    every output (the signature checks are in check_signatures)."""
    import threading
    results = {}

    def go(name, cmd):
        results[name] = verdicts(cmd, paths)
    threads = [threading.Thread(target=go, args=("cpp", [suiji, "draw", "verify"] + list(flags))),
               threading.Thread(target=go, args=("py", [sys.executable, VERIFIER, "verify"] + list(flags)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results["cpp"], results["py"]


# ---------------------------------------------------------------------------------------------
# 1, 2: golden vectors
# ---------------------------------------------------------------------------------------------

def check_goldens(suiji, fail):
    paths = sorted(os.path.join(GOLDEN, f) for f in os.listdir(GOLDEN) if f.endswith(".json"))
    if not paths:
        fail.add("no golden bundles found")
    # The golden vectors are unsigned: without --allow-unsigned both must say so and fail;
    # with it, both must recompute every output and say OK — still naming them unsigned.
    cpp, py = verify_both(suiji, paths, flags=())
    cpp_allowed, py_allowed = verify_both(suiji, paths)
    for p in paths:
        name = os.path.basename(p)
        golden = open(p, encoding="utf-8").read()
        want = json.loads(golden)["result_hash"]
        unsigned = (1, "DRAW_SIGNATURE_MISSING", UNSIGNED_MESSAGE)
        if cpp.get(p) != unsigned or py.get(p) != unsigned:
            fail.add("golden %s unsigned: C++ %s, Python %s" % (name, cpp.get(p), py.get(p)))
        allowed = (0, want, UNSIGNED_NOTE)
        if cpp_allowed.get(p) != allowed or py_allowed.get(p) != allowed:
            fail.add("golden %s: C++ %s, Python %s" % (name, cpp_allowed.get(p), py_allowed.get(p)))
        # Strip the outputs and run again: the engine must still produce the pinned bundle.
        bundle = json.loads(golden)
        for f in OUTPUT_FIELDS:
            bundle.pop(f, None)
        for r in bundle.get("replacements", []):
            r.pop("in", None)
        code, text, err = run_proc([suiji, "draw", "run", "-"], dumps(bundle).encode())
        if code != 0 or text != golden:
            fail.add("golden %s: C++ run does not reproduce the file (%s)" % (name, err.strip()))
        if dumps(verify_draw.run(bundle)) != golden:
            fail.add("golden %s: Python run does not reproduce the file" % name)
        a = run_proc([suiji, "draw", "explain", p])
        b = run_proc([sys.executable, VERIFIER, "explain", p])
        if a[0] != 0 or a[1] != b[1]:
            fail.add("golden %s: explain traces differ" % name)
    return len(paths)


def trim(ticket, digits=9):
    i = 2
    while i < len(ticket) and ticket[i] == "9":
        i += 1
    return ticket[:i + digits]


def check_rivest(suiji, fail):
    doc = json.load(open(os.path.join(GOLDEN, "tickets", "rivest_consistent_sampler.json"),
                         encoding="utf-8"))
    for case in doc["cases"]:
        stdin = "".join(label + "\n" for label in case["labels"]).encode()
        for tool in ([suiji, "draw", "tickets", "--seed", case["seed"]],
                     [sys.executable, VERIFIER, "tickets", "--seed", case["seed"]]):
            code, out, err = run_proc(tool, stdin)
            rows = [line.rsplit(" ", 1) for line in out.splitlines()]
            order = [r[0] for r in rows]
            got = {r[0]: r[1] for r in rows}
            who = "%s (%s)" % (case["example"], os.path.basename(tool[1]) if tool[0] == sys.executable else "suiji")
            if code != 0:
                fail.add("rivest %s: exit %d %s" % (who, code, err))
            if "order" in case and order != case["order"]:
                fail.add("rivest %s: order %s" % (who, order))
            if "order_begins" in case and order[:len(case["order_begins"])] != case["order_begins"]:
                fail.add("rivest %s: order begins %s" % (who, order[:10]))
            for label, t in case.get("tickets", {}).items():
                if got.get(label) != t:
                    fail.add("rivest %s: ticket of %s is %s" % (who, label, got.get(label)))
            for label, t in case.get("tickets_trimmed", {}).items():
                if trim(got.get(label, "")) != t:
                    fail.add("rivest %s: ticket of %s is %s" % (who, label, got.get(label)))
    return len(doc["cases"])


# ---------------------------------------------------------------------------------------------
# 3: random bundles
# ---------------------------------------------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UNICODE_BITS = ["企业", "個體", "合作社", "Ａ", "🏭", "𠀀", "é", "e\u0301", "Ω", "ｶ", "한", "Д", "😀", "-", "·", " "]
STRATUM_NAMES = ["一般对象", "重点对象", "问题对象", "风险对象", "A", "B", "Ａ类", "🏭类", "z", "Ω"]
INSPECTORS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周军", "吴霞", "insp-01",
              "insp-02", "Ли", "😀", "Ｚ", "x" * 64]


def random_id(rng, i):
    shape = rng.random()
    if shape < 0.45:
        return "91" + "".join(rng.choice(USCC_CHARS) for _ in range(16))
    if shape < 0.65:
        return "%s%d" % (rng.choice(["", "E", "id-"]), i)
    if shape < 0.9:
        s = "".join(rng.choice(UNICODE_BITS) for _ in range(rng.randint(1, 8))) + str(i)
        return s
    # Long: 50..64 bytes, crossing the one-block label limit (55 bytes) and the weighted suffix.
    s = str(i) + "L" * rng.randint(50, 64)
    return s.encode()[:64].decode("utf-8", "ignore")


def random_sources(rng):
    names = rng.sample(["福彩3D 2026301期开奖号码", "上证综指 收盘点位", "现场见证人掷骰", "深证成指", "🎲", "dice"],
                       rng.randint(1, 3))
    return [{"name": n, "value": "".join(rng.choice("0123456789.-万😀 ") for _ in range(rng.randint(1, 12)))}
            for n in names]


def random_targets(rng, k):
    strata_names = rng.sample(STRATUM_NAMES, rng.randint(1, 4))
    pool, strata, n = [], [], 0
    size_cap = rng.choice([3, 10, 40, 120])
    for name in strata_names:
        size = rng.randint(0, size_cap)
        weighted = rng.random() < 0.4
        take = size if rng.random() < 0.15 else rng.randint(0, size)
        strata.append({"name": name, "take": take, "weighted": weighted})
        for _ in range(size):
            rec = {"stratum": name, "id": random_id(rng, n)}
            n += 1
            if weighted or rng.random() < 0.5:
                rec["weight"] = rng.choice([1, 1, 2, 3, 4, 12]) if weighted else rng.randint(1, 3)
            pool.append(rec)
    rng.shuffle(pool)
    return {"kind": "targets", "draw_id": "rnd-%d-%s" % (k, rng.choice(["", "批次", "🎲"])),
            "secret": "%064x" % rng.getrandbits(256), "sources": random_sources(rng),
            "strata": strata, "pool": pool}


def random_assign(rng, k):
    eligible = {}
    for t in range(rng.randint(0, 14)):
        task = random_id(rng, 1000 + t) if rng.random() < 0.8 else "联合检查-%d" % t
        shape = rng.random()
        count = 0 if shape < 0.1 else (1 if shape < 0.2 else rng.randint(2, 8))
        eligible[task] = rng.sample(INSPECTORS, min(count, len(INSPECTORS)))
    return {"kind": "assign", "draw_id": "rnd-assign-%d" % k, "secret": "%064x" % rng.getrandbits(256),
            "sources": random_sources(rng), "per_task": rng.randint(1, 3), "cap": rng.randint(1, 3),
            "eligible": eligible}


def add_replacements(rng, bundle):
    """Replacement records chosen from the draw's own result (computed in-process)."""
    try:
        out = verify_draw.run(json.loads(json.dumps(bundle)))
    except verify_draw.Refused:
        return
    reps = []
    if bundle["kind"] == "targets":
        active = [i for ids in out["selected"].values() for i in ids]
        for _ in range(rng.randint(1, 3)):
            if not active:
                break
            reps.append({"out": rng.choice(active), "reason": "已注销", "approver": "测试"})
            bundle["replacements"] = reps
            res = verify_draw.run(json.loads(json.dumps(bundle)))
            active = [i for ids in res["selected"].values() for i in ids]
            for r in res["replacements"]:
                if r["out"] in active:
                    active.remove(r["out"])
                if r["in"] is not None:
                    active.append(r["in"])
    else:
        teams = [t for t in out["teams"] if t["inspectors"]]
        for t in rng.sample(teams, min(len(teams), rng.randint(1, 2))):
            reps.append({"task": t["task"], "out": rng.choice(t["inspectors"]), "reason": "回避"})
    if reps:
        bundle["replacements"] = reps


def make_invalid(rng, bundle):
    """A deliberately refused input: both implementations must give the same reason."""
    if bundle["kind"] == "targets" and bundle["pool"]:
        kind = rng.choice(["dup", "weight", "undeclared", "take", "hash", "long", "dupstratum"])
        p = bundle["pool"]
        if kind == "dup":
            p.append(dict(p[0], stratum=rng.choice(bundle["strata"])["name"]))
        elif kind == "weight":
            rng.choice(p)["weight"] = rng.choice([0, -3])
        elif kind == "undeclared":
            rng.choice(p)["stratum"] = "未声明的分层"
        elif kind == "take":
            s = rng.choice(bundle["strata"])
            s["take"] = sum(1 for r in p if r["stratum"] == s["name"]) + 1
        elif kind == "hash":
            rng.choice(p)["id"] += "#1"
        elif kind == "long":
            rng.choice(p)["id"] = "长" * 22
        else:
            bundle["strata"].append(dict(bundle["strata"][0]))
    else:
        kind = rng.choice(["per_task", "cap", "value", "noname", "nosource"])
        if kind == "per_task":
            bundle["per_task"] = 0
        elif kind == "cap":
            bundle["cap"] = -1
        elif kind == "value":
            bundle["sources"][0]["value"] = ""
        elif kind == "noname":
            bundle["sources"][-1]["name"] = ""
        else:
            bundle["sources"] = []


# ---------------------------------------------------------------------------------------------
# 4: mutants
# ---------------------------------------------------------------------------------------------

def change_char(rng, s):
    chars = list(s) or ["x"]
    i = rng.randrange(len(chars))
    choices = [c for c in "aZ09#长😀é " if c != chars[i]]
    chars[i] = rng.choice(choices)
    return "".join(chars)


def mutants(rng, bundle, text):
    """Yields (label, file bytes) for mutated copies of a valid bundle."""
    b = json.loads(text)
    targets = b["kind"] == "targets"

    m = json.loads(text)
    if targets and m["pool"]:
        r = rng.choice(m["pool"])
        r["id"] = change_char(rng, r["id"])
        yield "id-char", dumps(m).encode()
    elif not targets and any(m["eligible"].values()):
        task = rng.choice([t for t, l in m["eligible"].items() if l])
        lst = m["eligible"][task]
        k = rng.randrange(len(lst))
        lst[k] = change_char(rng, lst[k])
        yield "inspector-char", dumps(m).encode()

    # One raw byte of an id, as it sits in the file (may break UTF-8 or the JSON itself).
    ids = [r["id"] for r in b["pool"]] if targets else [t for t in b["eligible"]]
    if ids:
        ident = rng.choice(ids)
        raw = text.encode("utf-8")
        needle = json.dumps(ident, ensure_ascii=False).encode("utf-8")
        at = raw.find(needle)
        if at >= 0:
            pos = at + 1 + rng.randrange(max(1, len(needle) - 2))
            new = rng.choice([x for x in range(256) if x != raw[pos]])
            yield "id-byte", raw[:pos] + bytes([new]) + raw[pos + 1:]

    m = json.loads(text)
    s = rng.choice(m["sources"])
    s["value"] = change_char(rng, s["value"])
    yield "source-value", dumps(m).encode()

    m = json.loads(text)
    i = rng.randrange(64)
    m["secret"] = m["secret"][:i] + rng.choice([c for c in "0123456789abcdefA" if c != m["secret"][i]]) + m["secret"][i + 1:]
    yield "secret", dumps(m).encode()

    m = json.loads(text)
    if targets and m["strata"]:
        st = rng.choice(m["strata"])
        st["take"] = st["take"] + 1 if st["take"] == 0 or rng.random() < 0.5 else st["take"] - 1
        yield "take", dumps(m).encode()
    elif not targets:
        key = rng.choice(["per_task", "cap"])
        m[key] = m[key] + 1 if m[key] == 1 or rng.random() < 0.5 else m[key] - 1
        yield key, dumps(m).encode()

    m = json.loads(text)
    field = rng.choice(["result_hash", "seed", "plan_hash"])
    m[field] = change_char(rng, m[field])
    yield "output-" + field, dumps(m).encode()

    m = json.loads(text)
    lists = ([m["selected"][k] for k in m["selected"]] + [m["reserve"][k] for k in m["reserve"]]) if targets \
        else [t["inspectors"] for t in m["teams"]]
    lists = [x for x in lists if len(x) >= 2]
    if lists:
        x = rng.choice(lists)
        i, j = rng.sample(range(len(x)), 2)
        x[i], x[j] = x[j], x[i]
        yield "output-order", dumps(m).encode()
    elif not targets and m["teams"]:
        t = rng.choice(m["teams"])
        t["unfilled"] = not t["unfilled"]
        yield "output-unfilled", dumps(m).encode()

    if m.get("replacements"):
        m = json.loads(text)
        r = rng.choice(m["replacements"])
        r["in"] = None if r["in"] is not None else "nobody"
        yield "replacement-in", dumps(m).encode()


def check_random(suiji, count, seed, workdir, fail):
    rng = random.Random(seed)
    inputs = []
    for k in range(count):
        b = random_targets(rng, k) if rng.random() < 0.7 else random_assign(rng, k)
        if rng.random() < 0.3:
            add_replacements(rng, b)
        invalid = rng.random() < 0.05
        if invalid:
            make_invalid(rng, b)
        inputs.append((k, b, invalid))

    bundles, refusals = [], 0
    for k, b, invalid in inputs:
        path = os.path.join(workdir, "in-%04d.json" % k)
        with open(path, "w", encoding="utf-8") as f:
            f.write(dumps(b))
        code, cpp_text, err = run_proc([suiji, "draw", "run", path])
        try:
            py_text, py_reason = dumps(verify_draw.run(json.loads(dumps(b)))), None
        except verify_draw.Refused as e:
            py_text, py_reason = None, e.reason
        if code != 0 or py_reason is not None:
            refusals += 1
            m = re.search(r"（([A-Z0-9_]+)）$", err.strip())
            cpp_reason = m.group(1) if m else err.strip()
            if code != 2 or cpp_reason != py_reason:
                fail.add("random %d: C++ exit %d %s, Python %s" % (k, code, cpp_reason, py_reason))
            elif not invalid:
                fail.add("random %d: a valid-looking input was refused (%s)" % (k, py_reason))
            continue
        if invalid:
            fail.add("random %d: an invalid input was accepted" % k)
        if cpp_text != py_text:
            fail.add("random %d: C++ and Python run outputs differ" % k)
        out = os.path.join(workdir, "bundle-%04d.json" % k)
        with open(out, "w", encoding="utf-8") as f:
            f.write(cpp_text)
        bundles.append((k, out, cpp_text))

    mutant_paths, labels = [], {}
    for k, path, text in bundles:
        for n, (label, data) in enumerate(mutants(rng, json.loads(text), text)):
            mp = os.path.join(workdir, "mut-%04d-%d.json" % (k, n))
            with open(mp, "wb") as f:
                f.write(data)
            mutant_paths.append(mp)
            labels[mp] = label

    paths = [p for _, p, _ in bundles] + mutant_paths
    cpp, py = verify_both(suiji, paths)
    for _, p, text in bundles:
        want = (0, json.loads(text)["result_hash"], UNSIGNED_NOTE)
        if cpp.get(p) != want or py.get(p) != want:
            fail.add("bundle %s: C++ %s, Python %s" % (os.path.basename(p), cpp.get(p), py.get(p)))
    kinds = {}
    for p in mutant_paths:
        a, b = cpp.get(p), py.get(p)
        kinds.setdefault(labels[p], [0, 0])[0 if a and a[0] == 1 else 1] += 1
        if a is None or b is None or a[0] not in (1, 2) or a != b:
            fail.add("mutant %s (%s): C++ %s, Python %s" % (os.path.basename(p), labels[p], a, b))
    return len(bundles), refusals, len(mutant_paths), kinds


# ---------------------------------------------------------------------------------------------
# 5: signatures
# ---------------------------------------------------------------------------------------------

def sign_bundle(sodium, bundle, secret_key, public_key, message=None):
    """Signs as DrawService::Reveal does: Ed25519 (libsodium) over result_hash's 32 raw bytes."""
    raw = bytes.fromhex(bundle["result_hash"]) if message is None else message
    bundle["signature"] = {"algorithm": "Ed25519", "key_id": verify_draw.key_fingerprint(public_key),
                           "public_key": public_key.hex(), "signed": "result_hash 的 32 字节原始值",
                           "value": sodium.sign(secret_key, raw).hex()}
    return bundle


def check_signatures(suiji, bundle_texts, workdir, fail):
    """Signed copies of valid bundles, and each way of breaking the signature: both verifiers
    must give the expected verdict — the same exit code, reason and message."""
    from sodium_signer import Sodium
    sodium = Sodium()
    platform_pk, platform_sk = sodium.keypair(hashlib.sha256(b"suiji-test-platform-key").digest())
    other_pk, other_sk = sodium.keypair(hashlib.sha256(b"suiji-test-other-key").digest())
    fp, other_fp = verify_draw.key_fingerprint(platform_pk), verify_draw.key_fingerprint(other_pk)
    keys_file = os.path.join(workdir, "keys.json")  # as saved from GET /api/v1/keys
    with open(keys_file, "w", encoding="utf-8") as f:
        json.dump({"keys": [{"key_id": fp, "algorithm": "Ed25519", "public_key": platform_pk.hex()}]}, f)
    invalid = "平台签名与结果哈希不符（公钥指纹 %s）：抽取包被改动过，或不是用该公钥签名的"
    mismatch = "签名有效，但签名公钥（指纹 %s）不是指定的公钥（指纹 %s）"

    groups = {}  # flags -> [(path, label, expected verdict)]
    n = 0

    def add(flags, label, bundle, expected):
        nonlocal n
        path = os.path.join(workdir, "sig-%05d.json" % n)
        n += 1
        with open(path, "w", encoding="utf-8") as f:
            f.write(dumps(bundle))
        groups.setdefault(tuple(flags), []).append((path, label, expected))

    for text in bundle_texts:
        base = json.loads(text)
        result = base["result_hash"]
        good = sign_bundle(sodium, json.loads(text), platform_sk, platform_pk)
        add([], "genuine", good, (0, result, "签名有效，公钥指纹 " + fp))
        add(["--key", platform_pk.hex()], "genuine, --key HEX", good,
            (0, result, "签名有效，公钥指纹 %s，与指定公钥一致" % fp))
        add(["--key", keys_file], "genuine, --key FILE (/api/v1/keys)", good,
            (0, result, "签名有效，公钥指纹 %s，与指定公钥一致" % fp))
        add(["--allow-unsigned"], "genuine, --allow-unsigned", good, (0, result, "签名有效，公钥指纹 " + fp))
        add(["--key", other_pk.hex()], "wrong --key", good,
            (1, "DRAW_SIGNATURE_KEY_MISMATCH", mismatch % (fp, other_fp)))

        m = json.loads(dumps(good))
        i = random.Random(result).randrange(128)
        m["signature"]["value"] = m["signature"]["value"][:i] + "0123456789abcdef"[
            ("0123456789abcdef".index(m["signature"]["value"][i]) + 1) % 16] + m["signature"]["value"][i + 1:]
        add([], "tampered signature", m, (1, "DRAW_SIGNATURE_INVALID", invalid % fp))

        m = json.loads(dumps(good))
        m["signature"]["public_key"] = other_pk.hex()
        m["signature"]["key_id"] = other_fp
        add([], "swapped public key", m, (1, "DRAW_SIGNATURE_INVALID", invalid % other_fp))

        m = json.loads(dumps(good))
        m["signature"]["public_key"] = other_pk.hex()
        add([], "swapped public key, key_id kept", m,
            (1, "DRAW_SIGNATURE_KEY_ID", "签名中的密钥编号（key_id）“%s”与公钥的指纹 %s 不符" % (fp, other_fp)))

        # Re-signed by someone else's key: a valid signature — of the wrong signer. Only a key
        # to check against tells: without --key the line names the other fingerprint.
        forged = sign_bundle(sodium, json.loads(text), other_sk, other_pk)
        add([], "re-signed by another key", forged, (0, result, "签名有效，公钥指纹 " + other_fp))
        add(["--key", platform_pk.hex()], "re-signed by another key, --key", forged,
            (1, "DRAW_SIGNATURE_KEY_MISMATCH", mismatch % (other_fp, fp)))
        add(["--key", keys_file], "re-signed by another key, --key FILE", forged,
            (1, "DRAW_SIGNATURE_KEY_MISMATCH", mismatch % (other_fp, fp)))

        m = json.loads(dumps(good))
        del m["signature"]
        add([], "removed signature", m, (1, "DRAW_SIGNATURE_MISSING", UNSIGNED_MESSAGE))
        add(["--allow-unsigned", "--key", platform_pk.hex()], "removed signature, --key", m,
            (1, "DRAW_SIGNATURE_MISSING", UNSIGNED_MESSAGE))
        m["signature"] = None
        add([], "null signature", m, (1, "DRAW_SIGNATURE_MISSING", UNSIGNED_MESSAGE))

        m = sign_bundle(sodium, json.loads(text), platform_sk, platform_pk, message=result.encode())
        add([], "signature of the hex text", m, (1, "DRAW_SIGNATURE_INVALID", invalid % fp))

        m = json.loads(dumps(good))
        m["signature"]["algorithm"] = "Ed448"
        add(["--allow-unsigned"], "other algorithm", m,
            (1, "DRAW_SIGNATURE_ALGORITHM", "不支持的签名算法“Ed448”（应为 Ed25519）"))
        m = json.loads(dumps(good))
        m["signature"]["value"] = m["signature"]["value"].upper()
        add([], "uppercase signature", m, (1, "DRAW_SIGNATURE_FIELD",
                                            "平台签名字段 signature.value 格式不正确（应为 128 位小写十六进制）"))
        m = json.loads(dumps(good))
        del m["signature"]["key_id"]
        add([], "no key_id", m, (1, "DRAW_SIGNATURE_FIELD", "平台签名字段 signature.key_id 缺失"))
        m = json.loads(dumps(good))
        m["signature"] = "Ed25519:" + good["signature"]["value"]
        add(["--allow-unsigned"], "signature not an object", m,
            (1, "DRAW_SIGNATURE_FIELD", "平台签名（signature）必须是对象"))

        # An edited output, signed again by the platform's key: the recomputation names the
        # field before any signature is looked at.
        m = json.loads(text)
        m["seed"] = m["seed"][:-1] + ("0" if m["seed"][-1] != "0" else "1")
        sign_bundle(sodium, m, platform_sk, platform_pk)
        add([], "edited output, signed", m, (1, "seed", ""))

    total = 0
    for flags, items in groups.items():
        cpp, py = verify_both(suiji, [p for p, _, _ in items], flags=flags)
        for path, label, expected in items:
            total += 1
            if cpp.get(path) != expected or py.get(path) != expected:
                fail.add("signature %s %s (%s): expected %s, C++ %s, Python %s"
                         % (label, list(flags), os.path.basename(path), expected, cpp.get(path), py.get(path)))

    # Bad --key arguments are refused before any file is read, by both.
    path = groups[()][0][0]
    for key in ("00", os.path.join(workdir, "no-such-file"), os.path.join(workdir, "sig-00000.json")):
        for tool in ([suiji, "draw", "verify"], [sys.executable, VERIFIER, "verify"]):
            code, out, err = run_proc(tool + ["--key", key, path])
            if code != 2 or not err.strip().endswith("（DRAW_KEY_INVALID）"):
                fail.add("--key %s: %s exit %d, %s" % (key, tool[0], code, (out + err).strip()))
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--suiji", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    fail = Failures()
    goldens = check_goldens(args.suiji, fail)
    rivest = check_rivest(args.suiji, fail)
    with tempfile.TemporaryDirectory(prefix="draw-agreement-") as workdir:
        n, refused, m, kinds = check_random(args.suiji, args.count, args.seed, workdir, fail)
        signed_from = [open(os.path.join(GOLDEN, f), encoding="utf-8").read()
                       for f in sorted(os.listdir(GOLDEN)) if f.endswith(".json")]
        signed_from += [open(p, encoding="utf-8").read()
                        for p in sorted(os.path.join(workdir, f) for f in os.listdir(workdir)
                                        if f.startswith("bundle-"))[:20]]
        signatures = check_signatures(args.suiji, signed_from, workdir, fail)
    print("golden bundles: %d, Rivest cases: %d" % (goldens, rivest))
    print("signature cases: %d (from %d signed bundles)" % (signatures, len(signed_from)))
    print("random inputs: %d (%d valid bundles, %d refused alike), mutants: %d" % (args.count, n, refused, m))
    print("mutants by kind [mismatch, refused]: " + ", ".join("%s %s" % kv for kv in sorted(kinds.items())))
    if fail.items:
        print("%d FAILURES" % len(fail.items))
        return 1
    print("OK: both implementations agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
