// 一公开: record states, the closed list of "cannot inspect" outcomes and display helpers.
// The server sends status_name; these are the fallbacks and the tag colours.

export const RECORD_STATUS = {
  pending: { name: '未录入', type: 'info' },
  submitted: { name: '待审核', type: 'warning' },
  returned: { name: '退回', type: 'danger' },
  approved: { name: '已审核', type: 'primary' },
  published: { name: '已公示', type: 'success' },
};

/** A saved draft is still "pending" on the server; the UI calls it 草稿. */
export function recordStatusName(r) {
  if (r.status === 'pending' && r.id) return '草稿';
  return r.status_name || RECORD_STATUS[r.status]?.name || r.status;
}

export function recordStatusType(r) {
  if (r.status === 'pending' && r.id) return 'warning';
  return RECORD_STATUS[r.status]?.type || 'info';
}

/** Editable by the inspectors: drafts and returned records. */
export function recordEditable(r) {
  return r.status === 'pending' || r.status === 'returned';
}

// SPEC §EXEC: a target that could not be inspected; these are also 检查结果 values and update
// the target directory when the record is approved.
export const CANNOT_INSPECT = [
  '已注销',
  '已被吊销',
  '已被撤销',
  '已迁出',
  '通过登记的住所（经营场所）无法联系',
  '已关闭停业或正在组织清算',
];

/** Basis points → "87.5%"; null (nothing to divide by) → "—". */
export function percentText(bp) {
  if (bp === null || bp === undefined) return '—';
  const pct = bp / 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
}

/** 1234567 → "1.2 MB". */
export function sizeText(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function isImage(evidence) {
  return String(evidence.media_type || '').startsWith('image/') && evidence.media_type !== 'image/heic';
}

/** "2026-12-03" in China (the server's calendar day), whatever the browser's time zone. */
export function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Working days left → text: "还剩 2 个工作日", "今天到期", "逾期 3 个工作日". */
export function daysLeftText(n) {
  if (n > 0) return `还剩 ${n} 个工作日`;
  if (n === 0) return '今天到期';
  return `逾期 ${-n} 个工作日`;
}
