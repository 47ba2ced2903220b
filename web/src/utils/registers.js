// Helpers shared by the register pages (一单两库一细则): dates in China's time zone, validation
// messages split per field, list text, and the display names of enumerations.

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** Today's date in China as "YYYY-MM-DD" (the server's "today" for certificates). */
export function chinaToday(now = Date.now()) {
  return new Date(now + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` ("YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetween(from, to) {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.round((b - a) / 86400000);
}

/**
 * The state of an expiry date as of today: {state: 'none'|'expired'|'soon'|'valid', days, text}.
 * 'soon' means within `soonDays` (30) days, today included.
 */
export function expiryState(date, { today = chinaToday(), soonDays = 30 } = {}) {
  if (!date) return { state: 'none', days: null, text: '长期有效' };
  const days = daysBetween(today, date);
  if (Number.isNaN(days)) return { state: 'none', days: null, text: String(date) };
  if (days < 0) return { state: 'expired', days, text: `已过期 ${-days} 天` };
  if (days <= soonDays) return { state: 'soon', days, text: days === 0 ? '今日到期' : `${days} 天后到期` };
  return { state: 'valid', days, text: '有效' };
}

/**
 * Splits a validation message of the registers ("标签A：问题；标签B：问题") into problems per
 * field. `labels` maps each form field key to the Chinese label(s) the server uses. Returns
 * {fields: {key: "message；message"}, rest: [messages that name no known field]}.
 */
export function splitProblems(message, labels) {
  const fields = {};
  const rest = [];
  if (!message) return { fields, rest };
  const entries = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const label of Array.isArray(value) ? value : [value]) entries.push([key, label]);
  }
  // Longest labels first so that "抽查比例下限（%）" wins over a shorter prefix.
  entries.sort((a, b) => b[1].length - a[1].length);
  let last = null;
  for (const part of String(message).split('；')) {
    const text = part.trim();
    if (!text) continue;
    const hit = entries.find(([, label]) => text.startsWith(`${label}：`) || text.startsWith(`字段“${label}”`));
    if (hit) {
      const [key, label] = hit;
      const msg = text.startsWith(`${label}：`) ? text.slice(label.length + 1) : text;
      fields[key] = fields[key] ? `${fields[key]}；${msg}` : msg;
      last = key;
    } else if (last && !/：/.test(text)) {
      // A message that itself contained "；" continues the previous field's text.
      fields[last] = `${fields[last]}；${text}`;
    } else {
      rest.push(text);
      last = null;
    }
  }
  return { fields, rest };
}

/** One entry per line / "；" → trimmed non-empty strings. */
export function linesToList(text) {
  return String(text || '')
    .split(/\r?\n|；|;/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function listToLines(list) {
  return (list || []).join('\n');
}

/** ["a", "b"] → "a；b" (the registers' canonical list text); '—' when empty. */
export function joinList(list, empty = '—') {
  return list && list.length ? list.join('；') : empty;
}

export const RISK_LABELS = { A: '信用风险低', B: '信用风险一般', C: '信用风险较高', D: '信用风险高' };
export const RISK_TAG_TYPES = { A: 'success', B: 'info', C: 'warning', D: 'danger' };

/** History actions as the server writes them. */
export const HISTORY_ACTIONS = {
  create: '新建',
  update: '修改',
  remove: '移出名录',
  restore: '恢复入库',
  deactivate: '停用',
  reactivate: '恢复有效',
  reveal: '查看完整身份证号',
  import: '导入',
};

/** GB/T 4754-2017 sections (门类) — the letters the target filter accepts. */
export const INDUSTRY_SECTIONS = [
  ['A', '农、林、牧、渔业'],
  ['B', '采矿业'],
  ['C', '制造业'],
  ['D', '电力、热力、燃气及水生产和供应业'],
  ['E', '建筑业'],
  ['F', '批发和零售业'],
  ['G', '交通运输、仓储和邮政业'],
  ['H', '住宿和餐饮业'],
  ['I', '信息传输、软件和信息技术服务业'],
  ['J', '金融业'],
  ['K', '房地产业'],
  ['L', '租赁和商务服务业'],
  ['M', '科学研究和技术服务业'],
  ['N', '水利、环境和公共设施管理业'],
  ['O', '居民服务、修理和其他服务业'],
  ['P', '教育'],
  ['Q', '卫生和社会工作'],
  ['R', '文化、体育和娱乐业'],
  ['S', '公共管理、社会保障和社会组织'],
  ['T', '国际组织'],
];

/** Query values from the route as a list ("a,b" or ["a","b"]). */
export function queryList(value) {
  if (Array.isArray(value)) return value.flatMap((v) => queryList(v));
  if (value === undefined || value === null || value === '') return [];
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A positive integer from the route query, or the fallback. */
export function queryInt(value, fallback) {
  const n = Number.parseInt(Array.isArray(value) ? value[0] : value, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
