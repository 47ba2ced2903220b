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
