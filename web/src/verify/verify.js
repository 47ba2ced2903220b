// Verifying a bundle (docs/draw-spec.md §9): recompute every output from the input fields and
// compare them with the bundle's in the fixed order — pool_root/elig_root, plan_hash,
// randomness, seed, selected, reserve / teams, result_hash, then replacements[i].in. The
// verdict is the recomputation's verdict of `suiji draw verify` and `python3 tools/verify_draw.py`
// (which then check the signature; here that is signature.js, reported apart):
//   OK <result_hash>                                     (exit 0)
//   不一致：字段 <first differing field> 与重新计算的结果不同…  (exit 1)
//   错误：<reason text>（<REASON>）                          (exit 2, refused input)
import { Refused, parseBundle, readInput } from './bundle.js';
import { compute } from './draw.js';
import { jsonEqual, stringifyJson } from './json.js';

export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_REFUSED = 2;

function short(v) {
  const s = stringifyJson(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** Where two output values first differ, in Chinese (for people; not part of the verdict). */
export function describeDifference(expected, found) {
  if (expected instanceof Map && found instanceof Map) {
    for (const [k, v] of expected) {
      if (!found.has(k)) return `文件中缺少“${k}”`;
      if (!jsonEqual(v, found.get(k))) return `“${k}”：${describeDifference(v, found.get(k))}`;
    }
    for (const k of found.keys()) if (!expected.has(k)) return `文件中多出“${k}”`;
  }
  if (Array.isArray(expected) && Array.isArray(found)) {
    for (let i = 0; i < expected.length && i < found.length; i++) {
      if (!jsonEqual(expected[i], found[i])) return `第 ${i + 1} 项：${describeDifference(expected[i], found[i])}`;
    }
    return `长度不同：文件中 ${found.length} 项，重新计算 ${expected.length} 项`;
  }
  return `文件中为 ${short(found)}，重新计算为 ${short(expected)}`;
}

function refusedVerdict(err, extra = {}) {
  return {
    status: 'refused',
    exitCode: EXIT_REFUSED,
    reason: err.reason,
    message: err.message,
    line: `错误：${err.message}（${err.reason}）`,
    ...extra,
  };
}

/**
 * Verifies a bundle.
 * @param {Uint8Array|ArrayBuffer|string|Map} input bundle bytes, text, or an already parsed bundle
 * @param {{onProgress?: Function, onParsed?: (bundle: unknown) => void}} [options]
 *   onProgress({phase, done, total}) now and then; onParsed(bundle) once the JSON is read
 * @returns {{status: 'ok'|'mismatch'|'refused', exitCode: number, line: string,
 *   resultHash?: string, field?: string, detail?: string, reason?: string, message?: string,
 *   kind?: string, checks?: {field: string, ok: boolean, missing: boolean, detail?: string}[],
 *   computed?: object, bundle?: Map}}
 */
export function verifyBundle(input, options = {}) {
  let bundle;
  let d;
  let c;
  try {
    const onProgress = options.onProgress;
    bundle =
      input instanceof Map
        ? input
        : parseBundle(input, onProgress ? (done, total) => onProgress({ phase: 'read', done, total }) : undefined);
    if (options.onParsed) options.onParsed(bundle);
    d = readInput(bundle);
    c = compute(d, options);
  } catch (err) {
    if (err instanceof Refused) return refusedVerdict(err, { bundle, kind: d && d.kind });
    throw err;
  }

  // Every field is compared (the page shows each); the verdict names the first mismatch.
  const checks = [];
  for (const [name, expected] of c.outputs) {
    const missing = !bundle.has(name);
    const ok = !missing && jsonEqual(expected, bundle.get(name));
    checks.push({
      field: name,
      ok,
      missing,
      detail: ok ? undefined : missing ? '文件中缺少该字段' : describeDifference(expected, bundle.get(name)),
    });
  }
  const reps = bundle.has('replacements') ? bundle.get('replacements') : [];
  c.ins.forEach((expected, i) => {
    const rec = reps[i];
    const missing = !rec.has('in');
    const ok = !missing && jsonEqual(expected, rec.get('in'));
    checks.push({
      field: `replacements[${i}].in`,
      ok,
      missing,
      detail: ok ? undefined : missing ? '文件中缺少该字段' : describeDifference(expected, rec.get('in')),
    });
  });

  const computed = {
    kind: c.kind,
    rootName: c.rootName,
    outputs: Object.fromEntries(c.outputs),
    ins: c.ins,
    intermediate: c.intermediate,
  };
  const base = { kind: c.kind, resultHash: c.resultHash, checks, computed, bundle };
  const outputCount = c.outputs.length;
  const firstBad = checks.findIndex((x) => !x.ok);
  // A mismatching draw output is reported before a replacement record that cannot apply
  // (docs/draw-spec.md §8, rule 10).
  if (firstBad >= 0 && firstBad < outputCount) return mismatch(base, checks[firstBad]);
  if (c.insError) return refusedVerdict(c.insError, base);
  if (firstBad >= 0) return mismatch(base, checks[firstBad]);
  return { ...base, status: 'ok', exitCode: EXIT_OK, line: `OK ${c.resultHash}` };
}

function mismatch(base, check) {
  return {
    ...base,
    status: 'mismatch',
    exitCode: EXIT_MISMATCH,
    field: check.field,
    detail: check.detail,
    line: `不一致：字段 ${check.field} 与重新计算的结果不同；${check.detail}`,
  };
}
