// Byte helpers of SJ-DRAW-1 §1: UTF-8, lowercase hex, u32, lp(), and string order.

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (the JSON reader never yields lone surrogates). */
export function utf8(s) {
  return encoder.encode(s);
}

/** Number of UTF-8 bytes of a string, without allocating. */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else n += 3;
  }
  return n;
}

const HEX = '0123456789abcdef';

/** Lowercase hex of bytes. */
export function toHex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return s;
}

/** Bytes of a lowercase or uppercase hex string of even length; null when it is not hex. */
export function fromHex(text) {
  if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

/**
 * True when JavaScript's own string order (UTF-16 code units) is the UTF-8 byte order for this
 * string: it has no surrogate and nothing at or above U+E000. Then plain `<` can be used.
 */
export function utf16OrderIsByteOrder(s) {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return false;
  return true;
}

/**
 * Compares two strings by Unicode code point, which is the order of their UTF-8 bytes
 * (SJ-DRAW-1: "all sorting of strings is bytewise on UTF-8"). JavaScript's `<` compares UTF-16
 * code units instead and puts U+1F3ED (surrogates D83C DFED) before U+FF21.
 * @returns {number} negative, 0 or positive
 */
export function compareUtf8(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (D800–DFFF) stand for code points above FFFF: move them above E000–FFFF.
      // At the first differing unit the strings agree before it, so this is exact.
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Growable byte buffer with the spec's encodings. */
export class ByteWriter {
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.length = 0;
  }

  reserve(extra) {
    if (this.length + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Raw bytes. */
  bytes(b) {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** One byte. */
  byte(v) {
    this.reserve(1);
    this.buf[this.length++] = v;
    return this;
  }

  /** u32(n): 4 bytes big-endian. */
  u32(n) {
    this.reserve(4);
    const b = this.buf;
    const i = this.length;
    b[i] = n >>> 24;
    b[i + 1] = n >>> 16;
    b[i + 2] = n >>> 8;
    b[i + 3] = n;
    this.length += 4;
    return this;
  }

  /** lp(x) = u32(len(x)) || x; a string is its UTF-8 bytes, a Uint8Array is taken raw. */
  lp(x) {
    if (typeof x !== 'string') return this.u32(x.length).bytes(x);
    // Strings are encoded in place; ASCII (ids, tickets) by a plain loop, the rest by encodeInto.
    this.reserve(4 + x.length * 3);
    const buf = this.buf;
    const start = this.length + 4;
    let j = start;
    for (let i = 0; i < x.length; i++) {
      const c = x.charCodeAt(i);
      if (c >= 0x80) {
        j = start + encoder.encodeInto(x, buf.subarray(start)).written;
        break;
      }
      buf[j++] = c;
    }
    const n = j - start;
    buf[start - 4] = n >>> 24;
    buf[start - 3] = n >>> 16;
    buf[start - 2] = n >>> 8;
    buf[start - 1] = n;
    this.length = j;
    return this;
  }

  /** A view of the bytes written so far (valid until the next write). */
  view() {
    return this.buf.subarray(0, this.length);
  }

  clear() {
    this.length = 0;
    return this;
  }
}
