// Tickets (SJ-DRAW-1 §2, Rivest's consistent_sampler):
//
//   ticket(seed, label) = "0." + reverse(zfill64(decimal(int_be(H(hex(H(seed)) || label)))))
//
// hex(H(seed)) is 64 ASCII bytes, exactly one SHA-256 block: its compression (the "midstate")
// is done once per seed, and each label of up to 55 bytes then costs one more compression.
import { compress, finish, initialState, sha256 } from './sha256.js';
import { toHex, utf8 } from './bytes.js';

const encoder = new TextEncoder();

/**
 * Base-10 text of the 256-bit big-endian integer held in 8 state words (BigInt: the plain
 * statement of the rule; ticketOfWords below is the fast path and is tested against it).
 */
export function decimalOfWords(state) {
  let x = 0n;
  for (let i = 0; i < 8; i++) x = (x << 32n) | BigInt(state[i] >>> 0);
  return x.toString(10);
}

/** "0." + the digits (zero-filled to 64) in reverse order. */
export function ticketText(decimal) {
  const padded = decimal.length >= 64 ? decimal : '0'.repeat(64 - decimal.length) + decimal;
  let out = '0.';
  for (let i = padded.length - 1; i >= 0; i--) out += padded[i];
  return out;
}

const LIMBS = new Float64Array(16); // the integer in 16-bit limbs, most significant first

// REV3[k]: the three decimal digits of k (0–999, zero-filled) in reverse order.
const REV3 = [];
for (let k = 0; k < 1000; k++) REV3.push(String(k).padStart(3, '0').split('').reverse().join(''));
const ZEROS = '0'.repeat(64);

/**
 * ticketText(decimalOfWords(state)) without BigInt. Dividing the integer by 10^9 again and
 * again yields its decimal digits from the lowest up, which is exactly the order in which the
 * ticket lists them: no reversal of the whole text is needed. Each step stays below 2^53
 * (remainder < 10^9 times 2^16 plus a limb), so plain doubles are exact.
 */
export function ticketOfWords(state, offset = 0) {
  for (let i = 0; i < 8; i++) {
    const w = state[offset + i] >>> 0;
    LIMBS[2 * i] = w >>> 16;
    LIMBS[2 * i + 1] = w & 0xffff;
  }
  let top = 0;
  while (top < 16 && LIMBS[top] === 0) top++;
  let out = '0.';
  let digits = 0;
  while (top < 16) {
    let rem = 0;
    for (let i = top; i < 16; i++) {
      const cur = rem * 65536 + LIMBS[i];
      const q = Math.floor(cur / 1e9);
      LIMBS[i] = q;
      rem = cur - q * 1e9;
    }
    while (top < 16 && LIMBS[top] === 0) top++;
    if (top < 16) {
      // Nine digits, lowest first.
      const a = rem % 1000;
      const b = ((rem - a) / 1000) % 1000;
      const c = (rem - a - b * 1000) / 1000000;
      out += REV3[a] + REV3[b] + REV3[c];
      digits += 9;
    } else {
      // The most significant group: its own digits only (no leading zeros), reversed.
      const text = String(rem);
      for (let k = text.length - 1; k >= 0; k--) out += text[k];
      digits += text.length;
    }
  }
  // zfill64 puts zeros in front of the number: reversed, they come last.
  if (digits < 64) out += ZEROS.slice(digits);
  return out;
}

export const PREFIX_DIGITS = 11;
const PREFIX_MOD = 1e11;

/**
 * The first 11 digits of the ticket as a number (< 10^11): the integer modulo 10^11, digits
 * reversed (a ticket always has at least 64 digits, so these are always its first 11).
 * Ordering tickets by this prefix agrees with ordering their text, except that equal prefixes
 * need the full text (docs/draw-spec.md §2, "For implementers"). Horner's rule over 16-bit
 * limbs stays below 10^11 · 2^16 < 2^53: exact in doubles.
 */
export function ticketPrefix(state, offset = 0) {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    const w = state[offset + i] >>> 0;
    r = (r * 65536 + (w >>> 16)) % PREFIX_MOD;
    r = (r * 65536 + (w & 0xffff)) % PREFIX_MOD;
  }
  let p = 0;
  for (let k = 0; k < PREFIX_DIGITS; k++) {
    const d = r % 10;
    p = p * 10 + d;
    r = (r - d) / 10;
  }
  return p;
}

export class TicketHasher {
  /** @param {string} seed the seed string (for a draw, hex(master)) */
  constructor(seed) {
    const block = utf8(toHex(sha256(utf8(seed)))); // 64 bytes
    this.midstate = initialState();
    compress(this.midstate, block, 0);
    this.state = new Int32Array(8);
    this.work = new Int32Array(8);
    this.scratch = new Uint8Array(256); // label bytes, reused
  }

  /**
   * The ticket of a label.
   * @param {string|Uint8Array} label a string (its UTF-8 bytes) or raw bytes
   * @returns {string}
   */
  ticket(label) {
    this.hashInto(label, this.state, 0);
    return ticketOfWords(this.state);
  }

  /**
   * H(hex(H(seed)) || label) as 8 words, written into `out` at `offset` (the ticket's number,
   * for ticketPrefix and ticketOfWords).
   * @param {string|Uint8Array} label
   * @param {Int32Array} out
   * @param {number} offset
   */
  hashInto(label, out, offset) {
    let bytes = label;
    let length = label.length;
    if (typeof label === 'string') {
      if (label.length * 3 <= this.scratch.length) {
        bytes = this.scratch;
        length = encoder.encodeInto(label, bytes).written;
      } else {
        bytes = utf8(label);
        length = bytes.length;
      }
    }
    const st = this.work;
    st.set(this.midstate);
    finish(st, bytes, 64, length);
    for (let i = 0; i < 8; i++) out[offset + i] = st[i];
  }
}

/** ticket(seed, label) for one label (tests, explanations). */
export function ticket(seed, label) {
  return new TicketHasher(seed).ticket(label);
}
