#!/usr/bin/env python3
"""tools/verify_draw.py's own Ed25519 verification (RFC 8032 §5.1.7, pure Python) against

  1. RFC 8032 §7.1's test vectors (tests/golden/ed25519/), and every one-bit change of their
     message, signature and key;
  2. signatures made by libsodium — the library `suiji serve` signs bundles with — for random
     keys and messages of every length 0–200, and their one-bit changes: same verdict as
     libsodium's crypto_sign_verify_detached (what `suiji draw verify` runs);
  3. crafted edge cases, where verifiers are known to differ: S ≥ L, keys and R of small
     order (a "signature" that the bare equation [S]B = R + [k]A accepts for the identity key),
     encodings with y ≥ p, x = 0 with the sign bit set, keys of mixed order (a valid point plus
     a torsion point): the two must agree on each.
  4. key_fingerprint equals the platform's key_id rule (first 16 hex of SHA-256 of the key).

Usage: ed25519_test.py   (exit 0 when everything holds; libsodium is loaded with ctypes)
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import verify_draw as v  # noqa: E402
from sodium_signer import Sodium  # noqa: E402

failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        if len(failures) <= 30:
            print("FAIL:", what, file=sys.stderr)


def flip(data, bit):
    b = bytearray(data)
    b[bit // 8] ^= 1 << (bit % 8)
    return bytes(b)


def encode(point):
    """The RFC's point encoding (§5.1.2), for crafting test inputs."""
    zi = pow(point[2], v.ED_P - 2, v.ED_P)
    x, y = point[0] * zi % v.ED_P, point[1] * zi % v.ED_P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def craft_signature(a_scalar, a_point_bytes, message, r_scalar):
    """R = [r]B, S = r + k·a mod L, k = SHA-512(R || A || M): a signature by scalar a for the
    key bytes given (which need not be [a]B: that is how mixed-order keys are probed)."""
    r_bytes = encode(v.ed_mul(r_scalar, v.ED_B))
    k = int.from_bytes(hashlib.sha512(r_bytes + a_point_bytes + message).digest(), "little") % v.ED_L
    s = (r_scalar + k * a_scalar) % v.ED_L
    return r_bytes + s.to_bytes(32, "little"), k


def rfc_vectors(sodium):
    doc = json.load(open(os.path.join(ROOT, "tests", "golden", "ed25519", "rfc8032_section_7_1.json"),
                         encoding="utf-8"))
    rng = random.Random(8032)
    for case in doc["cases"]:
        pk = bytes.fromhex(case["public_key"])
        msg = bytes.fromhex(case["message"])
        sig = bytes.fromhex(case["signature"])
        name = case["name"]
        check(v.ed25519_verify(pk, msg, sig), name + ": the RFC's signature verifies")
        # The vectors themselves, as libsodium derives and signs them from the secret key.
        derived_pk, sk = sodium.keypair(bytes.fromhex(case["secret_key"]))
        check(derived_pk == pk and sodium.sign(sk, msg) == sig, name + ": libsodium reproduces the vector")
        for bit in range(512):
            check(not v.ed25519_verify(pk, msg, flip(sig, bit)), "%s: signature bit %d flipped" % (name, bit))
        for bit in range(256):
            check(not v.ed25519_verify(flip(pk, bit), msg, sig), "%s: key bit %d flipped" % (name, bit))
        for bit in rng.sample(range(len(msg) * 8), min(16, len(msg) * 8)):
            check(not v.ed25519_verify(pk, flip(msg, bit), sig), "%s: message bit %d flipped" % (name, bit))
        check(not v.ed25519_verify(pk, msg + b"\x00", sig), name + ": message extended")
        check(not v.ed25519_verify(pk, msg, sig[:63]), name + ": signature truncated")
    return len(doc["cases"])


def libsodium_signatures(sodium, count=201):
    rng = random.Random(25519)
    for n in range(count):
        pk, sk = sodium.keypair(bytes(rng.getrandbits(8) for _ in range(32)))
        msg = bytes(rng.getrandbits(8) for _ in range(n))
        sig = sodium.sign(sk, msg)
        check(v.ed25519_verify(pk, msg, sig), "libsodium signature %d (message of %d bytes)" % (n, n))
        for tampered_pk, tampered_msg, tampered_sig, what in (
                (pk, msg, flip(sig, rng.randrange(512)), "signature bit"),
                (flip(pk, rng.randrange(256)), msg, sig, "key bit"),
                (pk, flip(msg, rng.randrange(len(msg) * 8)) if msg else b"\x01", sig, "message bit")):
            ours = v.ed25519_verify(tampered_pk, tampered_msg, tampered_sig)
            theirs = sodium.verify(tampered_pk, tampered_msg, tampered_sig)
            check(not ours and ours == theirs, "libsodium signature %d, one %s flipped: ours %s, libsodium %s"
                  % (n, what, ours, theirs))
    # The platform signs result_hash's 32 raw bytes: the same key signing the hex text instead
    # is a different message.
    pk, sk = sodium.keypair(b"\x07" * 32)
    result_hash = hashlib.sha256(b"bundle").digest()
    check(not v.ed25519_verify(pk, result_hash, sodium.sign(sk, result_hash.hex().encode())),
          "a signature of the hex text is not a signature of the raw hash")
    return count


def torsion_points():
    """The eight points of small order: multiples of [L]P for a point P with an order-8 part."""
    rng = random.Random(8)
    while True:
        p = v.ed_decode(rng.getrandbits(255).to_bytes(32, "little"))
        if p is None:
            continue
        t = v.ed_mul(v.ED_L, p)
        pts = [v.ED_IDENTITY]
        for _ in range(7):
            pts.append(v.ed_add(pts[-1], t))
        if len({encode(q) for q in pts}) == 8:
            return pts


def agree(pk, msg, sig, expect, what):
    ours = v.ed25519_verify(pk, msg, sig)
    theirs = SODIUM.verify(pk, msg, sig)
    check(ours == theirs == expect, "%s: ours %s, libsodium %s, expected %s" % (what, ours, theirs, expect))


def edge_cases():
    msg = b"edge"
    a = 0x1234567 * 8
    a_bytes = encode(v.ed_mul(a, v.ED_B))
    sig, _ = craft_signature(a, a_bytes, msg, 99991)
    agree(a_bytes, msg, sig, True, "a crafted signature with a clamped-like scalar")
    # S + L: the same equation, a non-canonical S.
    s = int.from_bytes(sig[32:], "little")
    if s + v.ED_L < 2 ** 256:
        agree(a_bytes, msg, sig[:32] + (s + v.ED_L).to_bytes(32, "little"), False, "S + L (non-canonical S)")
    agree(a_bytes, msg, sig[:32] + v.ED_L.to_bytes(32, "little"), False, "S = L")

    torsion = torsion_points()
    for i, t in enumerate(torsion):
        t_bytes = encode(t)
        # The identity key "signs" anything: R = [r]B, S = r satisfies [S]B = R + [k]O.
        r = 4242 + i
        forged = encode(v.ed_mul(r, v.ED_B)) + r.to_bytes(32, "little")
        agree(t_bytes, msg, forged, False, "small-order key %d with a forged signature" % i)
        # R of small order.
        k_sig = t_bytes + sig[32:]
        agree(a_bytes, msg, k_sig, False, "small-order R %d" % i)
        # Mixed order: A' = A + T. The cofactorless check accepts exactly when [k]T = O; both
        # sides use it, so they must agree either way, on accepts and on refusals.
        if i == 0:
            continue
        mixed = encode(v.ed_add(v.ed_mul(a, v.ED_B), t))
        seen = set()
        for r in range(1, 400):
            sig_m, k = craft_signature(a, mixed, msg, r)
            order_divides = v.ed_equal(v.ed_mul(k, t), v.ED_IDENTITY)
            if order_divides in seen:
                continue
            seen.add(order_divides)
            agree(mixed, msg, sig_m, order_divides, "mixed-order key (torsion %d), [k]T %s O"
                  % (i, "=" if order_divides else "≠"))
            if len(seen) == 2:
                break
        check(len(seen) == 2, "mixed-order key (torsion %d): both outcomes probed" % i)

    # Non-canonical y (p ≤ y < 2^255) for A and R, and x = 0 with the sign bit set.
    for y in (v.ED_P, v.ED_P + 1, 2 ** 255 - 1):
        enc = y.to_bytes(32, "little")
        agree(enc, msg, sig, False, "key with y = %d ≥ p" % (y - v.ED_P))
        agree(a_bytes, msg, enc + sig[32:], False, "R with y ≥ p (%d)" % (y - v.ED_P))
    one_signed = (1 | (1 << 255)).to_bytes(32, "little")
    check(v.ed_decode(one_signed) is None, "x = 0 with the sign bit set does not decode")
    agree(one_signed, msg, sig, False, "key x = 0 with the sign bit set")
    # A y with no point (u/v not a square).
    for y in range(2, 200):
        enc = y.to_bytes(32, "little")
        if v.ed_decode(enc) is None:
            agree(enc, msg, sig, False, "key y = %d is not on the curve" % y)
            break


def fingerprints():
    pk = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    check(v.key_fingerprint(pk) == hashlib.sha256(pk).hexdigest()[:16], "fingerprint rule")
    check(len(v.key_fingerprint(pk)) == 16, "fingerprint length")


SODIUM = Sodium()


def main():
    check(encode(v.ED_B).hex() == "58" + "66" * 31, "the base point encodes as in RFC 8032 §5.1")
    n_rfc = rfc_vectors(SODIUM)
    n_lib = libsodium_signatures(SODIUM)
    edge_cases()
    fingerprints()
    print("RFC 8032 vectors: %d, libsodium signatures: %d, checks: %d" % (n_rfc, n_lib, checks))
    if failures:
        print("%d FAILURES" % len(failures))
        return 1
    print("OK: Ed25519 verification agrees with RFC 8032 and libsodium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
