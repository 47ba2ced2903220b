// SHA-256 (FIPS 180-4), synchronous, in plain JavaScript.
//
// Web Crypto's digest() is asynchronous and costs a promise round trip per call; a draw needs
// one hash per Merkle node and per ticket, hundreds of thousands of them. This implementation is
// checked against Web Crypto / node:crypto by tests/browser/verify_agreement.mjs.
//
// The state is eight 32-bit words kept in Int32Array / plain numbers; all arithmetic is done
// with `| 0` (wrap to 32 bits) and `>>>` (unsigned shifts), as the standard's word operations.

// §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// §5.3.3: the initial hash value (square roots of the first 8 primes).
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// Message schedule scratch space, shared (JavaScript is single-threaded per realm).
const W = new Int32Array(64);

/**
 * §6.2.2: processes one 64-byte block of `bytes` at `offset` into `state` (8 words, updated in
 * place).
 * @param {Int32Array} state
 * @param {Uint8Array} bytes
 * @param {number} offset
 */
export function compress(state, bytes, offset) {
  for (let t = 0; t < 16; t++) {
    const i = offset + t * 4;
    W[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15];
    const w2 = W[t - 2];
    // σ0 = ROTR7 ^ ROTR18 ^ SHR3, σ1 = ROTR17 ^ ROTR19 ^ SHR10
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (s1 + W[t - 7] + s0 + W[t - 16]) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let t = 0; t < 64; t++) {
    // Σ1(e) = ROTR6 ^ ROTR11 ^ ROTR25, Ch(e,f,g) = (e & f) ^ (~e & g)
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
    // Σ0(a) = ROTR2 ^ ROTR13 ^ ROTR22, Maj(a,b,c) = (a & b) ^ (a & c) ^ (b & c)
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

// Padding buffer for the last one or two blocks (§5.1.1).
const TAIL = new Uint8Array(128);

/**
 * Finishes a hash whose first `prefixBytes` bytes (a multiple of 64) are already in `state`:
 * processes `bytes`, pads, and leaves the digest in `state`.
 * @param {Int32Array} state updated in place
 * @param {Uint8Array} bytes the rest of the message
 * @param {number} prefixBytes message bytes already compressed into state
 * @param {number} [length] how many bytes of `bytes` to take (default: all)
 */
export function finish(state, bytes, prefixBytes, length = bytes.length) {
  const n = length;
  const full = n - (n % 64);
  for (let off = 0; off < full; off += 64) compress(state, bytes, off);
  const rest = n - full;
  TAIL.fill(0);
  for (let k = 0; k < n - full; k++) TAIL[k] = bytes[full + k];
  TAIL[rest] = 0x80;
  const blocks = rest < 56 ? 1 : 2;
  // Message length in bits as a 64-bit big-endian number; fine up to 2^53 bits.
  const bits = (prefixBytes + n) * 8;
  const end = blocks * 64;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  TAIL[end - 8] = hi >>> 24;
  TAIL[end - 7] = hi >>> 16;
  TAIL[end - 6] = hi >>> 8;
  TAIL[end - 5] = hi;
  TAIL[end - 4] = lo >>> 24;
  TAIL[end - 3] = lo >>> 16;
  TAIL[end - 2] = lo >>> 8;
  TAIL[end - 1] = lo;
  compress(state, TAIL, 0);
  if (blocks === 2) compress(state, TAIL, 64);
}

/** Writes the 8 state words as 32 big-endian bytes into `out` at `offset`. */
export function stateBytes(state, out = new Uint8Array(32), offset = 0) {
  for (let i = 0; i < 8; i++) {
    const w = state[i];
    out[offset + i * 4] = w >>> 24;
    out[offset + i * 4 + 1] = w >>> 16;
    out[offset + i * 4 + 2] = w >>> 8;
    out[offset + i * 4 + 3] = w;
  }
  return out;
}

/** A fresh state holding the initial hash value. */
export function initialState() {
  return new Int32Array(IV);
}

/**
 * SHA-256 of `bytes`.
 * @param {Uint8Array} bytes
 * @returns {Uint8Array} 32 bytes
 */
export function sha256(bytes) {
  const state = initialState();
  finish(state, bytes, 0);
  return stateBytes(state);
}
