// What the record page derives from a published draw bundle (the JSON of GET /draws/{no}/bundle):
// the strata with their selected and reserve lists, the replacement of a member, the secret's
// commitment recomputed from the published secret, and where one id stands in the draw. Pure
// functions of the bundle; the cards render them.
import { ByteWriter, fromHex, toHex } from '@/verify/bytes.js';
import { sha256 } from '@/verify/sha256.js';

/** The bundle's array field `name`, or [] when absent or malformed. */
export function listOf(bundle, name) {
  return Array.isArray(bundle?.[name]) ? bundle[name] : [];
}

/**
 * commit = H(lp("SJ-DRAW-1/secret") || secret): published at commitment time; recomputed from
 * the (now public) secret. '' when the secret is not 32 bytes of hex.
 */
export function commitOfSecret(secretHex) {
  const secret = fromHex(secretHex || '');
  if (!secret || secret.length !== 32) return '';
  return toHex(sha256(new ByteWriter().lp('SJ-DRAW-1/secret').bytes(secret).view()));
}

/**
 * A target draw's strata in the draw's own order (as published in "selected"): {name, take,
 * weighted, size, selected: [{id, weight}], reserve: [{id, weight}]}. [] for an assign draw.
 */
export function strataOf(bundle) {
  if (bundle?.kind !== 'targets') return [];
  const sizes = new Map();
  const weights = new Map();
  for (const p of listOf(bundle, 'pool')) {
    sizes.set(p.stratum, (sizes.get(p.stratum) || 0) + 1);
    weights.set(p.id, p.weight ?? 1);
  }
  const selected = bundle.selected || {};
  const reserve = bundle.reserve || {};
  const declared = new Map((bundle.strata || []).map((s) => [s.name, s]));
  const names = Object.keys(selected).length ? Object.keys(selected) : [...declared.keys()];
  return names.map((name) => {
    const s = declared.get(name) || {};
    return {
      name,
      take: s.take,
      weighted: !!s.weighted,
      size: sizes.get(name) || 0,
      selected: (selected[name] || []).map((id) => ({ id, weight: weights.get(id) })),
      reserve: (reserve[name] || []).map((id) => ({ id, weight: weights.get(id) })),
    };
  });
}

/**
 * A lookup of the replacement record of a member: `(task, id) => record | undefined`, where
 * `task` is '' for a target draw (its members are the targets) and the task id for an assign draw.
 */
export function replacementFinder(replacements) {
  const byOut = new Map();
  for (const r of replacements) byOut.set(`${r.task || ''}\u0000${r.out}`, r);
  return (task, id) => byOut.get(`${task || ''}\u0000${id}`);
}

/**
 * "本单位在本次抽取中的情况": where `input` (an id, spaces ignored, either case) stands in a
 * target draw. Returns null for an empty input, else {level: 'hit'|'reserve'|'none', text}.
 */
export function placeOf(input, strata, replacements) {
  const id = String(input || '').replace(/\s+/g, '');
  if (!id) return null;
  const replacementOf = replacementFinder(replacements);
  const candidates = [id, id.toUpperCase()];
  for (const s of strata) {
    for (const key of candidates) {
      const i = s.selected.findIndex((x) => x.id === key);
      if (i >= 0) {
        const rep = replacementOf('', key);
        return {
          level: 'hit',
          text: `${key} 在分层“${s.name}”中被抽中（抽取顺序第 ${i + 1} 位）。${rep ? `后经批准替换（${rep.reason}），替补为 ${rep.in || '无'}。` : ''}`,
        };
      }
      const j = s.reserve.findIndex((x) => x.id === key);
      if (j >= 0) {
        const rep = replacements.find((r) => r.in === key);
        return {
          level: 'reserve',
          text: `${key} 在分层“${s.name}”的名单中，未被抽中，备选顺序第 ${j + 1} 位（总顺序第 ${s.selected.length + j + 1} 位）。${rep ? `因 ${rep.out} 替换（${rep.reason}）而递补为检查对象。` : ''}`,
        };
      }
    }
  }
  return { level: 'none', text: `${id} 不在本次抽取的名单中。` };
}
