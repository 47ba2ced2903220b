#!/usr/bin/env python3
"""Independent verifier for Suiji draw bundles (SJ-DRAW-1, docs/draw-spec.md).

Anyone holding a published draw bundle can re-run the draw with this one file, Python 3 and
nothing else, and check every published output. It is written from the specification, not
from the C++ engine; the two are required to agree (tests/draw_agreement_test.py).

Usage:
  python3 tools/verify_draw.py FILE.json              same as `verify FILE.json`
  python3 tools/verify_draw.py verify FILE.json …     recompute every output and check the
        [--key HEX|FILE] [--key-url URL]              platform's Ed25519 signature of
        [--allow-unsigned]                            result_hash
  python3 tools/verify_draw.py run FILE.json          print the complete bundle
  python3 tools/verify_draw.py explain FILE.json      print every intermediate value
  python3 tools/verify_draw.py tickets --seed S       labels on stdin, "label ticket" in order

verify prints one line per file:
  OK <result_hash> 签名有效，公钥指纹 <fingerprint>      exit 0: every output matches, signature valid
  不一致：字段 <field> 与重新计算的结果不同                 exit 1: the first output that differs
  签名未通过：<what>（DRAW_SIGNATURE_…）                  exit 1: outputs match, the signature does not
                                                      stand (missing, invalid, key_id not the key's
                                                      fingerprint, or not the key given)
  错误：<what>（REASON）                                  exit 2: the input is refused
The fingerprint is the platform's key_id: the first 16 hex digits of SHA-256 of the raw 32-byte
public key. --key takes a public key (64 hex) or a file holding one or the JSON of the platform's
GET /api/v1/keys; --key-url fetches that JSON (e.g. https://host/api/v1/keys): the signer must
then be one of those keys. --allow-unsigned accepts a bundle with no signature at all (the
golden test vectors), reported as "结果哈希正确，但未签名"; a signature that is present is
always checked. FILE may be "-" (stdin).
"""

import hashlib
import json
import sys

EXIT_OK, EXIT_MISMATCH, EXIT_REFUSED = 0, 1, 2


class Refused(Exception):
    """An input the spec refuses: nothing is drawn. `reason` is a stable identifier."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


def quote(s):
    return "“" + s + "”"


# ---------------------------------------------------------------------------------------------
# §1 Notation
# ---------------------------------------------------------------------------------------------

def H(data):
    """SHA-256, raw 32 bytes."""
    return hashlib.sha256(data).digest()


def u32(n):
    """4-byte big-endian."""
    return n.to_bytes(4, "big")


def lp(x):
    """Length-prefixed bytes: u32(len) || bytes. Strings are their UTF-8 bytes; hashes and the
    secret are passed as raw bytes, tickets as their ASCII text."""
    if isinstance(x, str):
        x = x.encode("utf-8")
    return u32(len(x)) + x


def utf8(s):
    return s.encode("utf-8")


def mth(leaves):
    """RFC 6962 Merkle Tree Hash of a list of leaf byte strings."""
    def node(lo, hi):
        n = hi - lo
        if n == 0:
            return H(b"")
        if n == 1:
            return H(b"\x00" + leaves[lo])
        k = 1
        while k * 2 < n:  # the largest power of two smaller than n
            k *= 2
        return H(b"\x01" + node(lo, lo + k) + node(lo + k, hi))
    return node(0, len(leaves))


def check_id(value, noun):
    """Ids: non-empty, at most 64 bytes of UTF-8, no '#'."""
    if value == "":
        raise Refused("DRAW_ID_EMPTY", noun + "不能为空")
    if len(utf8(value)) > 64:
        raise Refused("DRAW_ID_TOO_LONG", noun + quote(value) + "超过 64 字节")
    if "#" in value:
        raise Refused("DRAW_ID_HAS_HASH", noun + quote(value) + "不能包含“#”")


# ---------------------------------------------------------------------------------------------
# §2 Tickets (Rivest's consistent_sampler)
# ---------------------------------------------------------------------------------------------

class Tickets:
    """ticket(seed, label) = "0." + reverse(zfill64(decimal(int(H(hex(H(seed)) || label)))))

    hex(H(seed)) is one 64-byte block, so the hash state after it is kept and copied."""

    def __init__(self, seed):
        self.state = hashlib.sha256(H(utf8(seed)).hex().encode("ascii"))

    def __call__(self, label):
        h = self.state.copy()
        h.update(utf8(label) if isinstance(label, str) else label)
        return "0." + str(int.from_bytes(h.digest(), "big")).zfill(64)[::-1]


def ticket(seed, label):
    return Tickets(seed)(label)


def weighted_label(ident, j):
    """The j-th ticket label of a candidate: the id itself, then id#1, id#2, …"""
    return ident if j == 0 else ident + "#" + str(j)


# ---------------------------------------------------------------------------------------------
# §3 Public randomness and the commitment
# ---------------------------------------------------------------------------------------------

def check_sources(names):
    if not names:
        raise Refused("DRAW_NO_SOURCE", "至少需要声明一个公开随机源")
    for i, name in enumerate(names):
        if name == "":
            raise Refused("DRAW_SOURCE_NAME_EMPTY", "第 %d 个随机源的名称为空" % (i + 1))


def check_values(names, values):
    for name, value in zip(names, values):
        if value == "":
            raise Refused("DRAW_SOURCE_VALUE_EMPTY", "随机源" + quote(name) + "的取值为空")


def sources_decl(names):
    return H(lp("SJ-DRAW-1/sources") + b"".join(lp(n) for n in names))


def commitment(secret):
    return H(lp("SJ-DRAW-1/secret") + secret)


def plan_hash(draw_id, kind, root, params, decl, commit):
    return H(lp("SJ-DRAW-1/plan") + lp(draw_id) + lp(kind) + lp(root) + lp(params) + lp(decl)
             + lp(commit))


def reveal(names, values):
    return H(lp("SJ-DRAW-1/reveal") + b"".join(lp(n) + lp(v) for n, v in zip(names, values)))


def master_seed(plan, randomness, secret):
    return H(lp("SJ-DRAW-1/seed") + lp(plan) + lp(randomness) + lp(secret))


# ---------------------------------------------------------------------------------------------
# §4 Target draw
# ---------------------------------------------------------------------------------------------

def draw_targets(d, trace):
    names = [s["name"] for s in d["sources"]]
    values = [s["value"] for s in d["sources"]]
    check_sources(names)

    strata = {}  # name -> declaration
    for s in d["strata"]:
        if s["name"] in strata:
            raise Refused("DRAW_STRATUM_DUPLICATE", "分层" + quote(s["name"]) + "重复声明")
        strata[s["name"]] = s
    for rec in d["pool"]:
        check_id(rec["id"], "检查对象标识")
        if rec["weight"] < 1:
            raise Refused("DRAW_WEIGHT_INVALID",
                          "检查对象" + quote(rec["id"]) + "的权重必须是不小于 1 的整数")
        if rec["stratum"] not in strata:
            raise Refused("DRAW_STRATUM_UNDECLARED", "检查对象" + quote(rec["id"]) + "所属的分层"
                          + quote(rec["stratum"]) + "未声明")
    ids = sorted(utf8(rec["id"]) for rec in d["pool"])
    for a, b in zip(ids, ids[1:]):
        if a == b:
            raise Refused("DRAW_DUPLICATE_ID", "检查对象标识" + quote(a.decode()) + "重复")
    by_name = sorted(strata, key=utf8)  # all sorting of strings is bytewise on UTF-8
    members = {name: [r for r in d["pool"] if r["stratum"] == name] for name in by_name}
    for name in by_name:
        if strata[name]["take"] > len(members[name]):
            raise Refused("DRAW_TAKE_EXCEEDS_STRATUM", "分层%s的抽取数（%d）大于该层检查对象数（%d）"
                          % (quote(name), strata[name]["take"], len(members[name])))

    # pool_root: leaves in (stratum, id) order.
    pool = sorted(d["pool"], key=lambda r: (utf8(r["stratum"]), utf8(r["id"])))
    leaves = [lp("SJ-DRAW-1/cand") + lp(r["stratum"]) + lp(r["id"]) + u32(r["weight"])
              for r in pool]
    for i, (r, leaf) in enumerate(zip(pool, leaves)):
        trace("leaf[%d]: stratum=%s id=%s weight=%d hash=%s"
              % (i, r["stratum"], r["id"], r["weight"], H(b"\x00" + leaf).hex()))
    pool_root = mth(leaves)
    params = lp("SJ-DRAW-1/strata") + u32(len(by_name)) + b"".join(
        lp(n) + u32(strata[n]["take"]) + u32(1 if strata[n]["weighted"] else 0) for n in by_name)
    decl = sources_decl(names)
    commit = commitment(d["secret"])
    plan = plan_hash(d["draw_id"], "targets", pool_root, params, decl, commit)

    check_values(names, values)
    randomness = reveal(names, values)
    master = master_seed(plan, randomness, d["secret"])
    seed = master.hex()
    trace_plan(trace, "pool_root", pool_root, params, decl, commit, plan, randomness, master)

    tickets = Tickets(seed)
    selected, reserve, result_body = {}, {}, b""
    for name in by_name:
        stratum = strata[name]
        keyed = []
        for r in members[name]:
            # Weighted: the smallest of `weight` tickets (exact successive sampling ∝ weight).
            count = r["weight"] if stratum["weighted"] else 1
            key, label = min((tickets(weighted_label(r["id"], j)), weighted_label(r["id"], j))
                             for j in range(count))
            keyed.append((key, utf8(r["id"]), r["id"], label))
        keyed.sort()
        take = stratum["take"]
        selected[name] = [k[2] for k in keyed[:take]]
        reserve[name] = [k[2] for k in keyed[take:]]
        result_body += lp(name) + u32(take) + b"".join(lp(k[2]) + lp(k[0]) for k in keyed[:take])
        trace("stratum %s take=%d weighted=%s" % (name, take, "true" if stratum["weighted"] else "false"))
        for pos, (key, _, ident, label) in enumerate(keyed):
            trace("  %d %s %s key=%s label=%s" % (pos + 1, "selected" if pos < take else "reserve",
                                                 ident, key, label))

    result = H(lp("SJ-DRAW-1/result") + lp(plan) + lp(randomness) + lp(d["secret"])
               + u32(len(by_name)) + result_body)
    trace("result_hash: " + result.hex())
    outputs = [("pool_root", pool_root.hex()), ("plan_hash", plan.hex()),
               ("randomness", randomness.hex()), ("seed", seed), ("selected", selected),
               ("reserve", reserve), ("result_hash", result.hex())]

    # §6 Replacements: the next unused id of the stratum's reserve list, in sequence.
    stratum_of = {r["id"]: r["stratum"] for r in d["pool"]}
    active = {i for ids in selected.values() for i in ids}
    used = {name: 0 for name in by_name}
    ins = []
    for rep in d["replacements"]:
        out = rep["out"]
        if out not in active:
            ins.append(Refused("DRAW_REPLACE_NOT_IN_DRAW",
                               "检查对象" + quote(out) + "不在本次抽取的当前结果中，无法替换"))
            break
        active.discard(out)
        name = stratum_of[out]
        if used[name] < len(reserve[name]):
            ins.append(reserve[name][used[name]])
            used[name] += 1
            active.add(ins[-1])
        else:
            ins.append(None)
    return outputs, ins, result.hex()


def trace_plan(trace, root_name, root, params, decl, commit, plan, randomness, master):
    trace("%s: %s" % (root_name, root.hex()))
    trace("params: " + params.hex())
    trace("sources_decl: " + decl.hex())
    trace("commit: " + commit.hex())
    trace("plan_hash: " + plan.hex())
    trace("randomness: " + randomness.hex())
    trace("seed: " + master.hex())  # seed = hex(master)


# ---------------------------------------------------------------------------------------------
# §5 Inspector assignment
# ---------------------------------------------------------------------------------------------

def draw_assign(d, trace):
    names = [s["name"] for s in d["sources"]]
    values = [s["value"] for s in d["sources"]]
    check_sources(names)
    per_task, cap = d["per_task"], d["cap"]
    if per_task < 1:
        raise Refused("DRAW_PER_TASK_INVALID", "每个任务的检查人员数（per_task）必须不小于 1")
    if cap < 1:
        raise Refused("DRAW_CAP_INVALID", "每名检查人员的任务上限（cap）必须不小于 1")
    eligible = d["eligible"]
    for task, inspectors in eligible.items():
        check_id(task, "任务标识")
        seen = set()
        for inspector in inspectors:
            check_id(inspector, "检查人员标识")
            if inspector in seen:
                raise Refused("DRAW_DUPLICATE_ELIGIBLE", "任务" + quote(task) + "的候选检查人员"
                              + quote(inspector) + "重复列出")
            seen.add(inspector)

    pairs = sorted((utf8(t), utf8(i)) for t, insp in eligible.items() for i in insp)
    leaves = [lp("SJ-DRAW-1/elig") + lp(t) + lp(i) for t, i in pairs]
    for n, ((t, i), leaf) in enumerate(zip(pairs, leaves)):
        trace("leaf[%d]: task=%s inspector=%s hash=%s"
              % (n, t.decode(), i.decode(), H(b"\x00" + leaf).hex()))
    elig_root = mth(leaves)
    params = lp("SJ-DRAW-1/assign") + u32(per_task) + u32(cap)
    decl = sources_decl(names)
    commit = commitment(d["secret"])
    plan = plan_hash(d["draw_id"], "assign", elig_root, params, decl, commit)

    check_values(names, values)
    randomness = reveal(names, values)
    master = master_seed(plan, randomness, d["secret"])
    seed = master.hex()
    trace_plan(trace, "elig_root", elig_root, params, decl, commit, plan, randomness, master)

    tickets = Tickets(seed)
    order = sorted(eligible, key=lambda t: (tickets(t), utf8(t)))
    load = {}
    teams, walks, result_body = [], {}, b""
    for n, task in enumerate(order):
        task_seed = H(lp("SJ-DRAW-1/task") + lp(master) + lp(task)).hex()
        walk_tickets = Tickets(task_seed)
        walk = sorted(eligible[task], key=lambda i: (walk_tickets(i), utf8(i)))
        trace("task %d %s ticket=%s task_seed=%s" % (n + 1, task, tickets(task), task_seed))
        team, pos = [], 0
        while pos < len(walk) and len(team) < per_task:
            inspector = walk[pos]
            pos += 1
            taken = load.get(inspector, 0) < cap
            if taken:
                load[inspector] = load.get(inspector, 0) + 1
                team.append(inspector)
            trace("  walk %d %s ticket=%s %s" % (pos, inspector, walk_tickets(inspector),
                                                "taken" if taken else "at-cap"))
        teams.append({"task": task, "inspectors": team, "unfilled": len(team) < per_task})
        walks[task] = (walk, pos, team)
        result_body += lp(task) + u32(len(team)) + b"".join(lp(i) for i in team)

    result = H(lp("SJ-DRAW-1/result") + lp(plan) + lp(randomness) + lp(d["secret"])
               + u32(len(order)) + result_body)
    trace("result_hash: " + result.hex())
    outputs = [("elig_root", elig_root.hex()), ("plan_hash", plan.hex()),
               ("randomness", randomness.hex()), ("seed", seed), ("teams", teams),
               ("result_hash", result.hex())]

    # §6 Replacements: continue that task's walk, with current loads.
    state = {task: [walk, pos, list(team)] for task, (walk, pos, team) in walks.items()}
    ins = []
    for rep in d["replacements"]:
        task, out = rep["task"], rep["out"]
        if task not in state:
            ins.append(Refused("DRAW_REPLACE_UNKNOWN_TASK", "任务" + quote(task) + "不在本次抽取中"))
            break
        walk, pos, team = state[task]
        if out not in team:
            ins.append(Refused("DRAW_REPLACE_NOT_IN_TEAM", "检查人员" + quote(out) + "不在任务"
                               + quote(task) + "的当前检查组中，无法替换"))
            break
        team.remove(out)
        load[out] -= 1
        found = None
        while pos < len(walk):
            candidate = walk[pos]
            pos += 1
            if load.get(candidate, 0) < cap:
                load[candidate] = load.get(candidate, 0) + 1
                team.append(candidate)
                found = candidate
                break
        state[task][1] = pos
        ins.append(found)
    return outputs, ins, result.hex()


# ---------------------------------------------------------------------------------------------
# §7 The bundle: reading the input fields
# ---------------------------------------------------------------------------------------------

def field_error(path, what):
    return Refused("DRAW_BUNDLE_FIELD", "抽取文件字段 %s %s" % (path, what))


def member(obj, path, key):
    full = key if path == "" else path + "." + key
    if key not in obj:
        raise field_error(full, "缺失")
    return obj[key], full


def get_str(obj, path, key):
    value, full = member(obj, path, key)
    if not isinstance(value, str):
        raise field_error(full, "必须是字符串")
    return value


def to_u32(value, path, negative_is_zero):
    """A u32 count. Values below zero where the engine wants >= 1 become 0, so the semantic
    check (in spec order) refuses them; floats such as 2.0 are not integers."""
    if type(value) is not int:  # bool is an int subclass in Python, but not a JSON number
        raise field_error(path, "必须是整数")
    if value < 0:
        if negative_is_zero:
            return 0
        raise field_error(path, "不能为负数")
    if value > 0xFFFFFFFF:
        raise field_error(path, "超出范围（最大 4294967295）")
    return value


def get_array(obj, path, key):
    value, full = member(obj, path, key)
    if not isinstance(value, list):
        raise field_error(full, "必须是数组")
    return value


def get_object(items, path):
    if not isinstance(items, dict):
        raise field_error(path, "必须是对象")
    return items


def parse_bundle(b):
    """Reads and type-checks the input fields, in a fixed order, into a plain dict."""
    if not isinstance(b, dict):
        raise Refused("DRAW_BUNDLE_FIELD", "抽取文件的顶层必须是 JSON 对象")
    d = {"kind": get_str(b, "", "kind")}
    if d["kind"] not in ("targets", "assign"):
        raise Refused("DRAW_BUNDLE_KIND", "不支持的抽取类型“%s”（应为 targets 或 assign）" % d["kind"])
    d["draw_id"] = get_str(b, "", "draw_id")
    secret = get_str(b, "", "secret")
    # Lowercase hex only: one secret, one spelling.
    if len(secret) != 64 or any(c not in "0123456789abcdef" for c in secret):
        raise Refused("DRAW_SECRET_INVALID", "服务器密钥（secret）必须是 64 位小写十六进制（32 字节）")
    d["secret"] = bytes.fromhex(secret)
    d["sources"] = []
    for i, s in enumerate(get_array(b, "", "sources")):
        path = "sources[%d]" % i
        get_object(s, path)
        d["sources"].append({"name": get_str(s, path, "name"), "value": get_str(s, path, "value")})

    if d["kind"] == "targets":
        d["strata"] = []
        for i, s in enumerate(get_array(b, "", "strata")):
            path = "strata[%d]" % i
            get_object(s, path)
            name = get_str(s, path, "name")
            take = to_u32(member(s, path, "take")[0], path + ".take", False)
            weighted = s.get("weighted", False)
            if not isinstance(weighted, bool):
                raise field_error(path + ".weighted", "必须是 true 或 false")
            d["strata"].append({"name": name, "take": take, "weighted": weighted})
        d["pool"] = []
        for i, p in enumerate(get_array(b, "", "pool")):
            path = "pool[%d]" % i
            get_object(p, path)
            rec = {"stratum": get_str(p, path, "stratum"), "id": get_str(p, path, "id"), "weight": 1}
            if "weight" in p:
                rec["weight"] = to_u32(p["weight"], path + ".weight", True)
            d["pool"].append(rec)
    else:
        d["per_task"] = to_u32(member(b, "", "per_task")[0], "per_task", True)
        d["cap"] = to_u32(member(b, "", "cap")[0], "cap", True)
        eligible, _ = member(b, "", "eligible")
        if not isinstance(eligible, dict):
            raise field_error("eligible", "必须是对象（任务 → 检查人员列表）")
        d["eligible"] = {}
        for task, inspectors in eligible.items():
            path = 'eligible["%s"]' % task
            if not isinstance(inspectors, list):
                raise field_error(path, "必须是字符串数组")
            for i, inspector in enumerate(inspectors):
                if not isinstance(inspector, str):
                    raise field_error("%s[%d]" % (path, i), "必须是字符串")
            d["eligible"][task] = list(inspectors)

    d["replacements"] = []
    if "replacements" in b:
        if not isinstance(b["replacements"], list):
            raise field_error("replacements", "必须是数组")
        for i, r in enumerate(b["replacements"]):
            path = "replacements[%d]" % i
            get_object(r, path)
            rep = {}
            if d["kind"] == "assign":
                rep["task"] = get_str(r, path, "task")
            rep["out"] = get_str(r, path, "out")
            d["replacements"].append(rep)
    return d


def compute(bundle, trace=lambda line: None):
    """Returns (outputs in verification order, replacements' "in" values, result_hash hex).

    A replacement record that cannot apply ends the "in" list as a Refused value instead of
    being raised here: verification reports a mismatching draw output before it (§6)."""
    d = parse_bundle(bundle)
    trace("kind: " + d["kind"])
    trace("draw_id: " + d["draw_id"])
    return (draw_targets if d["kind"] == "targets" else draw_assign)(d, trace)


# ---------------------------------------------------------------------------------------------
# Reading JSON strictly, comparing outputs
# ---------------------------------------------------------------------------------------------

def load_json(data):
    """Strict JSON: UTF-8, no duplicate keys, no NaN/Infinity, no lone surrogates."""
    def no_duplicates(pairs):
        obj = {}
        for key, value in pairs:
            if key in obj:
                raise Refused("DRAW_BUNDLE_DUPLICATE_KEY", "抽取文件中同一对象内的键“%s”重复出现" % key)
            obj[key] = value
        return obj

    def no_constants(name):
        raise ValueError("not JSON: " + name)

    def all_encodable(v):
        if isinstance(v, str):
            v.encode("utf-8")
        elif isinstance(v, list):
            for x in v:
                all_encodable(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                k.encode("utf-8")
                all_encodable(x)

    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
        all_encodable(value)
        return value
    except Refused:
        raise
    except (ValueError, UnicodeError, RecursionError):
        raise Refused("DRAW_BUNDLE_JSON", "抽取文件不是有效的 JSON")


def same(a, b):
    """JSON equality: object key order is irrelevant, types are not (true is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return type(a) is type(b) and a == b
    return type(a) is type(b) and a == b


def verify(bundle):
    """Returns (result_hash, None) when every output matches, else (result_hash, field)."""
    outputs, ins, result = compute(bundle)
    for name, expected in outputs:
        if name not in bundle or not same(expected, bundle[name]):
            return result, name
    for i, expected in enumerate(ins):
        if isinstance(expected, Refused):
            raise expected
        rep = bundle["replacements"][i]
        if "in" not in rep or not same(expected, rep["in"]):
            return result, "replacements[%d].in" % i
    return result, None


def run(bundle):
    """The bundle with every output field set (kept in place when present)."""
    outputs, ins, _ = compute(bundle)
    for value in ins:
        if isinstance(value, Refused):
            raise value
    for name, value in outputs:
        bundle[name] = value
    for i, value in enumerate(ins):
        bundle["replacements"][i]["in"] = value
    return bundle


# ---------------------------------------------------------------------------------------------
# The platform's signature (docs/draw-spec.md §9): Ed25519, RFC 8032 §5.1, verification only
# ---------------------------------------------------------------------------------------------
#
# Written from the RFC's definitions: the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over
# GF(p), p = 2^255 - 19, points in extended coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z,
# x*y = T/Z (§5.1.4). Python's integers are the big-int arithmetic; nothing here is secret, so
# constant time does not matter.

ED_P = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493  # order of the base point
ED_D = -121665 * pow(121666, ED_P - 2, ED_P) % ED_P
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)  # a square root of -1 (p = 5 mod 8)
ED_IDENTITY = (0, 1, 1, 0)


def ed_add(a, b):
    """Point addition, the RFC's formulas for a = -1 (§5.1.4)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    p = ED_P
    aa = (y1 - x1) * (y2 - x2) % p
    bb = (y1 + x1) * (y2 + x2) % p
    cc = 2 * ED_D * t1 * t2 % p
    dd = 2 * z1 * z2 % p
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % p, g * h % p, f * g % p, e * h % p)


def ed_double(a):
    """Point doubling (§5.1.4); the same result as ed_add(a, a), with fewer multiplications."""
    x1, y1, z1, _ = a
    p = ED_P
    aa = x1 * x1 % p
    bb = y1 * y1 % p
    cc = 2 * z1 * z1 % p
    h = aa + bb
    e = h - (x1 + y1) * (x1 + y1)
    g = aa - bb
    f = cc + g
    return (e * f % p, g * h % p, f * g % p, e * h % p)


def ed_mul(k, point):
    """[k]point, double-and-add from the most significant bit."""
    q = ED_IDENTITY
    for bit in bin(k)[2:] if k > 0 else "":
        q = ed_double(q)
        if bit == "1":
            q = ed_add(q, point)
    return q


def ed_equal(a, b):
    """Projective equality: x1/z1 = x2/z2 and y1/z1 = y2/z2."""
    return ((a[0] * b[2] - b[0] * a[2]) % ED_P == 0
            and (a[1] * b[2] - b[1] * a[2]) % ED_P == 0)


def ed_decode(s):
    """Decodes a 32-byte point (§5.1.3); None when the encoding is not a valid point.

    Strict: y must be below p (one encoding per point), and x = 0 with the sign bit set is
    refused, as the RFC says."""
    if len(s) != 32:
        return None
    n = int.from_bytes(s, "little")
    sign = n >> 255
    y = n & ((1 << 255) - 1)
    if y >= ED_P:
        return None
    # x^2 = (y^2 - 1) / (d y^2 + 1) = u / v; candidate root x = u v^3 (u v^7)^((p-5)/8).
    u = (y * y - 1) % ED_P
    v = (ED_D * y * y + 1) % ED_P
    x = u * pow(v, 3, ED_P) * pow(u * pow(v, 7, ED_P), (ED_P - 5) // 8, ED_P) % ED_P
    vxx = v * x * x % ED_P
    if vxx == u:
        pass
    elif vxx == (-u) % ED_P:
        x = x * ED_SQRT_M1 % ED_P
    else:
        return None  # u/v is not a square: no point has this y
    if x == 0 and sign == 1:
        return None
    if x & 1 != sign:
        x = ED_P - x
    return (x, y, 1, x * y % ED_P)


def ed_has_small_order(point):
    """[8]P is the identity: P is one of the eight points of small order."""
    q = ed_double(ed_double(ed_double(point)))
    return q[0] % ED_P == 0 and (q[1] - q[2]) % ED_P == 0


# The base point B: y = 4/5, x even (§5.1).
ED_B = ed_decode((4 * pow(5, ED_P - 2, ED_P) % ED_P).to_bytes(32, "little"))


def ed25519_verify(public_key, message, signature):
    """RFC 8032 §5.1.7 for Ed25519 (no context, no prehash): True when `signature` (64 bytes)
    is a valid signature of `message` by `public_key` (32 bytes).

    S must be below L and A, R must decode. The check is [S]B = R + [k]A, which the RFC says is
    sufficient; like libsodium, which signs the platform's bundles, points of small order are
    refused for A and R, so both sides accept exactly the same signatures."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    r_bytes, s_bytes = signature[:32], signature[32:]
    s = int.from_bytes(s_bytes, "little")
    if s >= ED_L:
        return False
    a = ed_decode(public_key)
    r = ed_decode(r_bytes)
    if a is None or r is None or ed_has_small_order(a) or ed_has_small_order(r):
        return False
    k = int.from_bytes(hashlib.sha512(r_bytes + public_key + message).digest(), "little") % ED_L
    return ed_equal(ed_mul(s, ED_B), ed_add(r, ed_mul(k, a)))


def key_fingerprint(public_key):
    """The key's fingerprint, as the platform names it (key_id, GET /api/v1/keys): the first 16
    hex digits of SHA-256 of the 32 raw bytes of the public key."""
    return hashlib.sha256(public_key).hexdigest()[:16]


class SignatureFailure(Exception):
    """The draw recomputes, but its signature does not stand: exit 1, like a mismatch."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


def signature_field(sig, key, hex_len):
    path = "signature." + key
    if key not in sig:
        raise SignatureFailure("DRAW_SIGNATURE_FIELD", "平台签名字段 %s 缺失" % path)
    value = sig[key]
    if not isinstance(value, str):
        raise SignatureFailure("DRAW_SIGNATURE_FIELD", "平台签名字段 %s 必须是字符串" % path)
    if hex_len and (len(value) != hex_len or any(c not in "0123456789abcdef" for c in value)):
        raise SignatureFailure("DRAW_SIGNATURE_FIELD",
                               "平台签名字段 %s 格式不正确（应为 %d 位小写十六进制）" % (path, hex_len))
    return value


def check_signature(bundle, result_hash, keys=None, allow_unsigned=False):
    """Checks the platform's signature of a bundle whose outputs all matched (`result_hash`, hex,
    is the recomputed one). Returns the note for the OK line; raises SignatureFailure.

    The bundle's "signature" is {"algorithm": "Ed25519", "key_id", "public_key" (64 hex),
    "value" (128 hex)}: the platform's Ed25519 signature of the 32 raw bytes of result_hash.
    key_id must be the fingerprint of public_key. `keys`: raw public keys the signer must be one
    of (--key, --key-url), or None. An unsigned bundle (no "signature") passes only with
    `allow_unsigned` and no `keys` (golden vectors)."""
    sig = bundle.get("signature")
    if sig is None:
        if allow_unsigned and not keys:
            return "结果哈希正确，但未签名（按 --allow-unsigned 接受）"
        raise SignatureFailure("DRAW_SIGNATURE_MISSING", "结果哈希正确，但未签名：抽取包中没有平台签名 signature")
    if not isinstance(sig, dict):
        raise SignatureFailure("DRAW_SIGNATURE_FIELD", "平台签名（signature）必须是对象")
    algorithm = signature_field(sig, "algorithm", 0)
    if algorithm != "Ed25519":
        raise SignatureFailure("DRAW_SIGNATURE_ALGORITHM", "不支持的签名算法%s（应为 Ed25519）" % quote(algorithm))
    key_id = signature_field(sig, "key_id", 0)
    public_key = bytes.fromhex(signature_field(sig, "public_key", 64))
    value = bytes.fromhex(signature_field(sig, "value", 128))
    fingerprint = key_fingerprint(public_key)
    if key_id != fingerprint:
        raise SignatureFailure("DRAW_SIGNATURE_KEY_ID", "签名中的密钥编号（key_id）%s与公钥的指纹 %s 不符"
                               % (quote(key_id), fingerprint))
    if not ed25519_verify(public_key, bytes.fromhex(result_hash), value):
        raise SignatureFailure("DRAW_SIGNATURE_INVALID", "平台签名与结果哈希不符（公钥指纹 %s）："
                               "抽取包被改动过，或不是用该公钥签名的" % fingerprint)
    if keys:
        if public_key not in keys:
            raise SignatureFailure("DRAW_SIGNATURE_KEY_MISMATCH", "签名有效，但签名公钥（指纹 %s）不是指定的公钥（指纹 %s）"
                                   % (fingerprint, "、".join(key_fingerprint(k) for k in keys)))
        return "签名有效，公钥指纹 %s，与指定公钥一致" % fingerprint
    return "签名有效，公钥指纹 %s" % fingerprint


def keys_from_text(text, where):
    """Public keys from 64 hex digits or from JSON: GET /api/v1/keys ({"keys": [{"public_key"}]})
    or one {"public_key"} object."""
    text = text.strip()
    if len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text):
        return [bytes.fromhex(text)]
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    entries = doc.get("keys") if isinstance(doc, dict) and "keys" in doc else [doc]
    keys = []
    for entry in entries if isinstance(entries, list) else []:
        pk = entry.get("public_key") if isinstance(entry, dict) else None
        if isinstance(pk, str) and len(pk) == 64 and all(c in "0123456789abcdefABCDEF" for c in pk):
            keys.append(bytes.fromhex(pk))
    if not keys:
        raise Refused("DRAW_KEY_INVALID", "%s中没有公钥：应为 64 位十六进制公钥，或平台 /api/v1/keys 返回的 JSON" % where)
    return keys


def load_keys(key_args, urls):
    """--key HEX|FILE and --key-url URL, together: the keys a signature must come from."""
    keys = []
    for arg in key_args:
        if len(arg) == 64 and all(c in "0123456789abcdefABCDEF" for c in arg):
            keys.append(bytes.fromhex(arg))
            continue
        try:
            with open(arg, "rb") as f:
                data = f.read()
        except OSError:
            raise Refused("DRAW_KEY_INVALID", "--key 应为 64 位十六进制公钥或公钥文件，无法读取文件%s" % quote(arg))
        keys += keys_from_text(data.decode("utf-8", "replace"), "公钥文件" + quote(arg))
    for url in urls:
        import urllib.request  # only when asked: the verifier makes no network access otherwise
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                data = r.read(1 << 20)
        except (OSError, ValueError) as e:
            raise Refused("DRAW_KEY_URL_UNREADABLE", "无法从 %s 获取平台公钥（%s）" % (url, e))
        keys += keys_from_text(data.decode("utf-8", "replace"), "平台公钥地址 %s 的返回" % url)
    return keys


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def read_input(path):
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        raise Refused("DRAW_FILE_UNREADABLE", "无法读取文件“%s”" % path)


def verify_line(path, keys=None, allow_unsigned=False):
    try:
        bundle = load_json(read_input(path))
        result, field = verify(bundle)
    except Refused as e:
        return "错误：%s（%s）" % (e.message, e.reason), EXIT_REFUSED
    if field is not None:
        return "不一致：字段 %s 与重新计算的结果不同" % field, EXIT_MISMATCH
    try:
        note = check_signature(bundle, result, keys, allow_unsigned)
    except SignatureFailure as e:
        return "签名未通过：%s（%s）" % (e.message, e.reason), EXIT_MISMATCH
    return "OK %s %s" % (result, note), EXIT_OK


def parse_verify_args(args):
    """FILE… with --key HEX|FILE, --key-url URL (each may repeat) and --allow-unsigned."""
    files, key_args, urls, allow_unsigned = [], [], [], False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--allow-unsigned":
            allow_unsigned = True
        elif a in ("--key", "--key-url"):
            if i + 1 == len(args):
                return None
            (key_args if a == "--key" else urls).append(args[i + 1])
            i += 1
        elif a.startswith("--key="):
            key_args.append(a[len("--key="):])
        elif a.startswith("--key-url="):
            urls.append(a[len("--key-url="):])
        elif a.startswith("--") and a != "-":
            return None
        else:
            files.append(a)
        i += 1
    return (files, key_args, urls, allow_unsigned) if files else None


def main(argv):
    out = sys.stdout
    if argv and argv[0] not in ("verify", "run", "explain", "tickets"):
        argv = ["verify"] + argv
    parsed = parse_verify_args(argv[1:]) if argv and argv[0] == "verify" else None
    if parsed:
        files, key_args, urls, allow_unsigned = parsed
        try:
            keys = load_keys(key_args, urls) if key_args or urls else None
        except Refused as e:
            print("错误：%s（%s）" % (e.message, e.reason), file=sys.stderr)
            return EXIT_REFUSED
        if len(files) == 1:
            line, code = verify_line(files[0], keys, allow_unsigned)
            print(line, file=sys.stderr if code == EXIT_REFUSED else out)
            return code
        worst = EXIT_OK
        for path in files:
            line, code = verify_line(path, keys, allow_unsigned)
            print("%s: %s" % (path, line), file=out)
            worst = max(worst, code)
        return worst
    if len(argv) == 2 and argv[0] in ("run", "explain"):
        try:
            bundle = load_json(read_input(argv[1]))
            if argv[0] == "run":
                text = json.dumps(run(bundle), ensure_ascii=False, indent=2) + "\n"
            else:
                lines = []
                for value in compute(bundle, lines.append)[1]:
                    if isinstance(value, Refused):
                        raise value
                text = "".join(line + "\n" for line in lines)
        except Refused as e:
            print("错误：%s（%s）" % (e.message, e.reason), file=sys.stderr)
            return EXIT_REFUSED
        sys.stdout.buffer.write(text.encode("utf-8"))
        return EXIT_OK
    if len(argv) == 3 and argv[0] == "tickets" and argv[1] == "--seed":
        tickets = Tickets(argv[2])
        labels = [line[:-1] if line.endswith(b"\r") else line
                  for line in sys.stdin.buffer.read().split(b"\n")]
        # Blank lines label nothing and are skipped, as `suiji draw tickets` does.
        rows = sorted((tickets(label), label) for label in labels if label)
        sys.stdout.buffer.write(b"".join(label + b" " + t.encode() + b"\n" for t, label in rows))
        return EXIT_OK
    print(__doc__.strip(), file=sys.stderr)
    return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
