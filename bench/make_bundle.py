#!/usr/bin/env python3
"""Writes the input of a "targets" draw bundle with N candidates (stdlib only, for benches).

  bench/make_bundle.py N [TIERS] > input.json

TIERS 1: one stratum, 3% drawn. TIERS 4: four strata (2%, 3% weighted 1-4, 15%, 80% of the
pool; 5% drawn from each). 18-character 统一社会信用代码-shaped ids in no useful order, one
source. `suiji draw run` on it gives the published bundle.
"""
import sys

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
SPACE = 31 ** 10
MULT = 387420489 * 1000003  # coprime to 31: i -> (i * MULT + seed) mod 31^10 is one-to-one


def ident(i, seed):
    v = (i * MULT + seed) % SPACE
    tail = []
    for _ in range(10):
        v, d = divmod(v, 31)
        tail.append(CHARS[d])
    return "91" + ("110101", "110102", "110105", "110106")[i % 4] + "".join(tail)


def main():
    n = int(sys.argv[1])
    tiers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    seed = 12345
    strata = [("重点对象", 0.02, False), ("高风险", 0.03, True), ("中风险", 0.15, False),
              ("一般对象", 0.80, False)] if tiers == 4 else [("一般对象", 1.0, False)]
    rate = 0.05 if tiers == 4 else 0.03
    out = sys.stdout
    out.write('{"kind": "targets", "draw_id": "bench-%d", "secret": "%s",\n' % (n, "42" * 32))
    out.write(' "sources": [{"name": "上证综指收盘价", "value": "3381.12"}],\n "strata": [')
    out.write(", ".join('{"name": "%s", "take": %d, "weighted": %s}'
                        % (name, max(1, int(n * share * rate)), "true" if w else "false")
                        for name, share, w in strata))
    out.write('],\n "pool": [\n')
    bounds, acc = [], 0.0
    for _, share, _ in strata:
        acc += share
        bounds.append(acc)
    chunk = []
    for i in range(n):
        x = ((i * 2654435761) % 1000) / 1000.0
        s = next(k for k, b in enumerate(bounds) if x < b or k == len(bounds) - 1)
        weight = 1 + i % 4 if strata[s][2] else 1
        chunk.append('  {"stratum": "%s", "id": "%s", "weight": %d}'
                     % (strata[s][0], ident(i, seed), weight))
        if len(chunk) == 65536:
            out.write(",\n".join(chunk) + (",\n" if i + 1 < n else ""))
            chunk = []
    out.write(",\n".join(chunk) + "\n ]}\n")


main()
