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
  constructor(message, offset) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.offset = offset;
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

class Reader {
  constructor(text) {
    this.s = text;
    this.i = 0;
    this.duplicate = null; // first repeated key, in document order
  }

  fail(what) {
    throw new JsonSyntaxError(what, this.i);
  }

  ws() {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  value() {
    this.ws();
    const c = this.s.charCodeAt(this.i);
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.s.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (this.s.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (this.s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    return this.fail(Number.isNaN(c) ? 'unexpected end' : 'unexpected character');
  }

  object() {
    this.i++; // {
    const map = new Map();
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return map;
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 0x22) this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.s.charCodeAt(this.i) !== 0x3a) this.fail('expected ":"');
      this.i++;
      const v = this.value();
      if (map.has(key)) {
        if (this.duplicate === null) this.duplicate = key;
      } else {
        map.set(key, v);
      }
      this.ws();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 0x2c) continue;
      if (c === 0x7d) return map;
      this.i--;
      this.fail('expected "," or "}"');
    }
  }

  array() {
    this.i++; // [
    const out = [];
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 0x2c) continue;
      if (c === 0x5d) return out;
      this.i--;
      this.fail('expected "," or "]"');
    }
  }

  hex4() {
    const h = this.s.substr(this.i, 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('bad \\u escape');
    this.i += 4;
    return parseInt(h, 16);
  }

  string() {
    const s = this.s;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c === 0x5c) {
        out += s.slice(start, this.i);
        this.i++;
        const e = s[this.i++];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const u = this.hex4();
            if (u >= 0xdc00 && u <= 0xdfff) this.fail('lone low surrogate');
            if (u >= 0xd800 && u <= 0xdbff) {
              // A high surrogate must be followed by an escaped low surrogate.
              if (s[this.i] !== '\\' || s[this.i + 1] !== 'u') this.fail('lone high surrogate');
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
        continue;
      }
      if (c < 0x20 || Number.isNaN(c)) this.fail(Number.isNaN(c) ? 'unterminated string' : 'control character in string');
      this.i++;
    }
  }

  number() {
    const s = this.s;
    const start = this.i;
    let i = this.i;
    let integer = true;
    if (s.charCodeAt(i) === 0x2d) i++;
    const digit = (k) => {
      const c = s.charCodeAt(k);
      return c >= 0x30 && c <= 0x39;
    };
    if (s.charCodeAt(i) === 0x30) {
      i++;
    } else if (digit(i)) {
      while (digit(i)) i++;
    } else {
      this.i = i;
      this.fail('bad number');
    }
    if (s.charCodeAt(i) === 0x2e) {
      integer = false;
      i++;
      if (!digit(i)) {
        this.i = i;
        this.fail('bad number');
      }
      while (digit(i)) i++;
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!digit(i)) {
        this.i = i;
        this.fail('bad number');
      }
      while (digit(i)) i++;
    }
    this.i = i;
    const token = s.slice(start, i);
    if (integer) {
      const v = BigInt(token);
      // Like common 64-bit JSON libraries: an integer beyond 64 bits is read as a float.
      if (v >= INT64_MIN && v <= UINT64_MAX) return v;
    }
    return Number(token);
  }
}

/**
 * Parses JSON text strictly. A leading byte order mark is skipped.
 * @param {string} text
 * @returns {unknown}
 * @throws {JsonSyntaxError|JsonDuplicateKeyError}
 */
export function parseStrictJson(text) {
  const r = new Reader(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  let v;
  try {
    v = r.value();
  } catch (err) {
    if (err instanceof RangeError) throw new JsonSyntaxError('nested too deeply', r.i);
    throw err;
  }
  r.ws();
  if (r.i !== r.s.length) r.fail('text after the value');
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
