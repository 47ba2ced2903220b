// Display formatting shared by portal pages.

const BEIJING_OFFSET_MS = 8 * 3600 * 1000; // China Standard Time, no daylight saving

/**
 * "2026-11-25T02:00:00.000Z" → "2026-11-25 10:00:00" (Beijing time, whatever the browser's
 * time zone). Unparseable or empty input is returned as is ('' for null).
 */
export function formatBeijingTime(iso, { seconds = true } = {}) {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  const d = new Date(t + BEIJING_OFFSET_MS);
  const p = (n) => String(n).padStart(2, '0');
  const text = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return seconds ? `${text}:${p(d.getUTCSeconds())}` : text;
}

/** 12345 → "12,345". */
export function formatCount(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : String(n ?? '');
}

export const DRAW_KIND_NAMES = { targets: '检查对象', assign: '检查人员' };

/**
 * A witness's name without a role it already carries in brackets: an account named
 * "陈志远（区人大代表）" registering as 金水区人大代表 is shown "陈志远", so that the role appears once
 * (the organisation says it). Other brackets stay ("王伟（二）").
 * @param {{name?: string, organisation?: string}} w
 */
export function witnessName(w) {
  const name = (w && w.name) || '';
  const org = (w && w.organisation) || '';
  const m = /^(.+?)\s*[（(]([^（()）]+)[）)]$/.exec(name);
  if (!m || !org) return name;
  const inner = m[2].trim();
  return org.includes(inner) || inner.includes(org) ? m[1] : name;
}

/** A witness as one text: "陈志远（金水区人大代表）", the role once; the organisation alone when unnamed. */
export function witnessLabel(w) {
  const name = witnessName(w);
  return name ? `${name}（${w.organisation}）` : w.organisation;
}
