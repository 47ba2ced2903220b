// Strict JSON reader for draw bundles (docs/draw-spec.md §7 reading rules).
//
// JSON.parse is not usable: it silently keeps the last of two duplicate keys, accepts lone
// surrogate escapes, turns 2.0 into 2 (an integer field must refuse 2.0), reorders
// integer-like object keys and loses integers above 2^53. This reader returns:
//   object  → Map (keys in document order; "__proto__" is just a key)
//   array   → Array
//   string  → string
//   integer → BigInt (a number token without fraction or exponent, within 64 bits)
//   other numbers → Number (floats: never equal to an integer)
//   true / false / null → the JavaScript values

export class JsonSyntaxError extends Error {
  constructor(message, offset, utf8 = false) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.offset = offset; // byte offset
    this.utf8 = utf8; // invalid UTF-8 rather than bad syntax
  }
}

export class JsonDuplicateKeyError extends Error {
  constructor(key) {
    super(`duplicate key ${key}`);
    this.name = 'JsonDuplicateKeyError';
    this.key = key;
  }
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Reads from the UTF-8 bytes, not from a decoded string: strings sliced out of one huge
// decoded text stay tied to it and compare several times slower, which matters when a
// hundred thousand ids are sorted. ASCII strings (ids, hashes) become compact one-byte strings.
class Reader {
  constructor(bytes, onProgress) {
    this.b = bytes;
    this.i = 0;
    this.duplicate = null; // first repeated key, in document order
    this.onProgress = onProgress || null; // (bytesRead, totalBytes), now and then
  }

  fail(what) {
    throw new JsonSyntaxError(what, this.i);
  }

  ws() {
    const b = this.b;
    let i = this.i;
    for (;;) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  literal(word, value) {
    for (let k = 0; k < word.length; k++) {
      if (this.b[this.i + k] !== word.charCodeAt(k)) this.fail('unexpected character');
    }
    this.i += word.length;
    return value;
  }

  value() {
    this.ws();
    const c = this.b[this.i];
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74) return this.literal('true', true);
    if (c === 0x66) return this.literal('false', false);
    if (c === 0x6e) return this.literal('null', null);
    return this.fail(c === undefined ? 'unexpected end' : 'unexpected character');
  }

  object() {
    this.i++; // {
    const map = new Map();
    this.ws();
    if (this.b[this.i] === 0x7d) {
      this.i++;
      return map;
    }
    for (;;) {
      this.ws();
      if (this.b[this.i] !== 0x22) this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.b[this.i] !== 0x3a) this.fail('expected ":"');
      this.i++;
      const v = this.value();
      if (map.has(key)) {
        if (this.duplicate === null) this.duplicate = key;
      } else {
        map.set(key, v);
      }
      this.ws();
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        return map;
      }
      this.fail('expected "," or "}"');
    }
  }

  array() {
    this.i++; // [
    const out = [];
    this.ws();
    if (this.b[this.i] === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      if (this.onProgress !== null && (out.length & 1023) === 0) this.onProgress(this.i, this.b.length);
      this.ws();
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return out;
      }
      this.fail('expected "," or "]"');
    }
  }

  /** Text of bytes [from, to) that contain no quote, backslash or control character. */
  text(from, to, ascii) {
    if (from === to) return '';
    const part = this.b.subarray(from, to);
    if (ascii && to - from <= 4096) return String.fromCharCode.apply(null, part);
    try {
      return utf8Decoder.decode(part);
    } catch {
      this.i = from;
      throw new JsonSyntaxError('invalid UTF-8', from, true);
    }
  }

  hex4() {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.b[this.i + k];
      let d;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else this.fail('bad \\u escape');
      v = v * 16 + d;
    }
    this.i += 4;
    return v;
  }

  string() {
    const b = this.b;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    let ascii = true;
    for (;;) {
      const c = b[this.i];
      if (c === 0x22) {
        out += this.text(start, this.i, ascii);
        this.i++;
        return out;
      }
      if (c === 0x5c) {
        out += this.text(start, this.i, ascii);
        this.i++;
        const e = b[this.i++];
        switch (e) {
          case 0x22:
            out += '"';
            break;
          case 0x5c:
            out += '\\';
            break;
          case 0x2f:
            out += '/';
            break;
          case 0x62:
            out += '\b';
            break;
          case 0x66:
            out += '\f';
            break;
          case 0x6e:
            out += '\n';
            break;
          case 0x72:
            out += '\r';
            break;
          case 0x74:
            out += '\t';
            break;
          case 0x75: {
            const u = this.hex4();
            if (u >= 0xdc00 && u <= 0xdfff) this.fail('lone low surrogate');
            if (u >= 0xd800 && u <= 0xdbff) {
              // A high surrogate must be followed by an escaped low surrogate.
              if (b[this.i] !== 0x5c || b[this.i + 1] !== 0x75) this.fail('lone high surrogate');
              this.i += 2;
              const low = this.hex4();
              if (low < 0xdc00 || low > 0xdfff) this.fail('lone high surrogate');
              out += String.fromCharCode(u, low);
            } else {
              out += String.fromCharCode(u);
            }
            break;
          }
          default:
            this.i--;
            this.fail('bad escape');
        }
        start = this.i;
        ascii = true;
        continue;
      }
      if (c === undefined) this.fail('unterminated string');
      if (c < 0x20) this.fail('control character in string');
      if (c >= 0x80) ascii = false;
      this.i++;
    }
  }

  number() {
    const b = this.b;
    const start = this.i;
    let i = this.i;
    let integer = true;
    const digit = (k) => b[k] >= 0x30 && b[k] <= 0x39;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) {
      i++;
    } else if (digit(i)) {
      while (digit(i)) i++;
    } else {
      this.i = i;
      this.fail('bad number');
    }
    if (b[i] === 0x2e) {
      integer = false;
      i++;
      if (!digit(i)) {
        this.i = i;
        this.fail('bad number');
      }
      while (digit(i)) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      integer = false;
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!digit(i)) {
        this.i = i;
        this.fail('bad number');
      }
      while (digit(i)) i++;
    }
    this.i = i;
    const token = String.fromCharCode.apply(null, b.subarray(start, i));
    if (integer) {
      const v = BigInt(token);
      // Like common 64-bit JSON libraries: an integer beyond 64 bits is read as a float.
      if (v >= INT64_MIN && v <= UINT64_MAX) return v;
    }
    return Number(token);
  }
}

/**
 * Parses JSON strictly from UTF-8 bytes (or a string, which is encoded first). A leading byte
 * order mark is skipped. Invalid UTF-8 inside a string is a JsonSyntaxError with `utf8` set.
 * @param {Uint8Array|string} input
 * @param {(done: number, total: number) => void} [onProgress] called now and then in long arrays
 * @returns {unknown}
 * @throws {JsonSyntaxError|JsonDuplicateKeyError}
 */
export function parseStrictJson(input, onProgress) {
  let bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const r = new Reader(bytes, onProgress);
  let v;
  try {
    v = r.value();
  } catch (err) {
    if (err instanceof RangeError) throw new JsonSyntaxError('nested too deeply', r.i);
    throw err;
  }
  r.ws();
  if (r.i !== bytes.length) r.fail('text after the value');
  if (r.duplicate !== null) throw new JsonDuplicateKeyError(r.duplicate);
  return v;
}

/**
 * JSON data equality: object key order does not matter, types do (true ≠ 1, 2 ≠ 2.0).
 */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (typeof a === 'bigint' || typeof a === 'string' || typeof a === 'boolean') return a === b;
  if (typeof a === 'number') return a === b;
  if (a === null || b === null) return false;
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !jsonEqual(v, b.get(k))) return false;
    }
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  return false;
}

/** Compact JSON text of a value returned by parseStrictJson (for messages). */
export function stringifyJson(v) {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(stringifyJson).join(',') + ']';
  if (v instanceof Map) {
    const parts = [];
    for (const [k, x] of v) parts.push(JSON.stringify(k) + ':' + stringifyJson(x));
    return '{' + parts.join(',') + '}';
  }
  return 'null';
}

/** Converts a parsed value to plain JavaScript data (Map → object, BigInt → Number) for display. */
export function toPlain(v) {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const o = Object.create(null);
    for (const [k, x] of v) o[k] = toPlain(x);
    return o;
  }
  return v;
}
