// Reading a draw bundle's input fields (docs/draw-spec.md §7–8): the field checks of rule 3 in
// the spec's order, with the same reasons and messages as `suiji draw` and
// tools/verify_draw.py, so a refused bundle is refused for the same first reason everywhere.
import { JsonDuplicateKeyError, JsonSyntaxError, parseStrictJson } from './json.js';

/** An input the spec refuses: nothing is drawn. `reason` is the stable identifier. */
export class Refused extends Error {
  constructor(reason, message) {
    super(message);
    this.name = 'Refused';
    this.reason = reason;
  }
}

export const quote = (s) => `“${s}”`;

const U32_MAX = 0xffffffffn;

function fieldError(path, what) {
  return new Refused('DRAW_BUNDLE_FIELD', `抽取文件字段 ${path} ${what}`);
}

function join(path, key) {
  return path === '' ? key : `${path}.${key}`;
}

function member(obj, path, key) {
  if (!obj.has(key)) throw fieldError(join(path, key), '缺失');
  return obj.get(key);
}

function getString(obj, path, key) {
  const v = member(obj, path, key);
  if (typeof v !== 'string') throw fieldError(join(path, key), '必须是字符串');
  return v;
}

function getArray(obj, path, key) {
  const v = member(obj, path, key);
  if (!Array.isArray(v)) throw fieldError(join(path, key), '必须是数组');
  return v;
}

function requireObject(v, path) {
  if (!(v instanceof Map)) throw fieldError(path, '必须是对象');
  return v;
}

/**
 * A u32 count. Only integer tokens qualify (not 2.0, "2" or true). Below zero: where the draw
 * wants ≥ 1 (weight, per_task, cap) it becomes 0 so that the draw's own check refuses it in
 * the spec's order; elsewhere (take) it is a field error.
 */
function toU32(v, path, negativeIsZero) {
  if (typeof v !== 'bigint') throw fieldError(path, '必须是整数');
  if (v < 0n) {
    if (negativeIsZero) return 0;
    throw fieldError(path, '不能为负数');
  }
  if (v > U32_MAX) throw fieldError(path, '超出范围（最大 4294967295）');
  return Number(v);
}

/**
 * Decodes and parses bundle bytes: valid UTF-8, strict JSON, no repeated key.
 * @param {Uint8Array|ArrayBuffer|string} input
 * @param {(done: number, total: number) => void} [onProgress]
 * @returns {Map} the top-level value (any JSON value; readInput checks it is an object)
 */
export function parseBundle(input, onProgress) {
  const bytes =
    typeof input === 'string' ? new TextEncoder().encode(input) : input instanceof Uint8Array ? input : new Uint8Array(input);
  try {
    return parseStrictJson(bytes, onProgress);
  } catch (err) {
    if (err instanceof JsonDuplicateKeyError) {
      throw new Refused('DRAW_BUNDLE_DUPLICATE_KEY', `抽取文件中同一对象内的键${quote(err.key)}重复出现`);
    }
    if (err instanceof JsonSyntaxError) {
      const what = err.utf8 ? '，含有无效的 UTF-8 字节' : '';
      throw new Refused('DRAW_BUNDLE_JSON', `抽取文件不是有效的 JSON（第 ${err.offset + 1} 字节附近${what}）`);
    }
    throw err;
  }
}

/**
 * The input fields of a parsed bundle, type-checked in the spec's order.
 * @param {unknown} b parsed bundle
 * @returns {{kind: string, drawId: string, secretHex: string, sources: {name: string, value: string}[],
 *   strata?: {name: string, take: number, weighted: boolean}[],
 *   pool?: {stratum: string, id: string, weight: number}[],
 *   perTask?: number, cap?: number, eligible?: {task: string, inspectors: string[]}[],
 *   replacements: {task?: string, out: string}[]}}
 */
export function readInput(b) {
  if (!(b instanceof Map)) throw new Refused('DRAW_BUNDLE_FIELD', '抽取文件的顶层必须是 JSON 对象');
  const kind = getString(b, '', 'kind');
  if (kind !== 'targets' && kind !== 'assign') {
    throw new Refused('DRAW_BUNDLE_KIND', `不支持的抽取类型${quote(kind)}（应为 targets 或 assign）`);
  }
  const drawId = getString(b, '', 'draw_id');
  const secretHex = getString(b, '', 'secret');
  // Lowercase only: one secret, one spelling.
  if (!/^[0-9a-f]{64}$/.test(secretHex)) {
    throw new Refused('DRAW_SECRET_INVALID', '服务器密钥（secret）必须是 64 位小写十六进制（32 字节）');
  }
  const sources = getArray(b, '', 'sources').map((s, i) => {
    const path = `sources[${i}]`;
    requireObject(s, path);
    return { name: getString(s, path, 'name'), value: getString(s, path, 'value') };
  });
  const d = { kind, drawId, secretHex, sources, replacements: [] };

  if (kind === 'targets') {
    d.strata = getArray(b, '', 'strata').map((s, i) => {
      const path = `strata[${i}]`;
      requireObject(s, path);
      const name = getString(s, path, 'name');
      const take = toU32(member(s, path, 'take'), `${path}.take`, false);
      let weighted = false;
      if (s.has('weighted')) {
        weighted = s.get('weighted');
        if (typeof weighted !== 'boolean') throw fieldError(`${path}.weighted`, '必须是 true 或 false');
      }
      return { name, take, weighted };
    });
    const pool = getArray(b, '', 'pool');
    d.pool = new Array(pool.length);
    for (let i = 0; i < pool.length; i++) {
      const p = pool[i];
      const path = `pool[${i}]`;
      requireObject(p, path);
      const rec = { stratum: getString(p, path, 'stratum'), id: getString(p, path, 'id'), weight: 1 };
      if (p.has('weight')) rec.weight = toU32(p.get('weight'), `${path}.weight`, true);
      d.pool[i] = rec;
    }
  } else {
    d.perTask = toU32(member(b, '', 'per_task'), 'per_task', true);
    d.cap = toU32(member(b, '', 'cap'), 'cap', true);
    const eligible = member(b, '', 'eligible');
    if (!(eligible instanceof Map)) throw fieldError('eligible', '必须是对象（任务 → 检查人员列表）');
    d.eligible = [];
    for (const [task, list] of eligible) {
      const path = `eligible["${task}"]`;
      if (!Array.isArray(list)) throw fieldError(path, '必须是字符串数组');
      list.forEach((x, i) => {
        if (typeof x !== 'string') throw fieldError(`${path}[${i}]`, '必须是字符串');
      });
      d.eligible.push({ task, inspectors: list.slice() });
    }
  }

  if (b.has('replacements')) {
    const reps = b.get('replacements');
    if (!Array.isArray(reps)) throw fieldError('replacements', '必须是数组');
    d.replacements = reps.map((r, i) => {
      const path = `replacements[${i}]`;
      requireObject(r, path);
      const rec = {};
      if (kind === 'assign') rec.task = getString(r, path, 'task');
      rec.out = getString(r, path, 'out');
      return rec;
    });
  }
  return d;
}
