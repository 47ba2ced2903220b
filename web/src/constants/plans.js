// Display names and tag colours for plans, joint proposals and tasks. The server sends Chinese
// status names where it has them (status_name); these are the fallbacks and the tag types.
import { INDUSTRY_SECTIONS as SECTION_PAIRS } from '@/utils/registers';

export const PLAN_STATUS = {
  draft: { name: '草稿', type: 'info' },
  submitted: { name: '待审核', type: 'warning' },
  approved: { name: '已批准', type: 'primary' },
  published: { name: '已公示', type: 'success' },
  executing: { name: '执行中', type: 'primary' },
  completed: { name: '已完成', type: 'info' },
  superseded: { name: '已调整', type: 'info' },
};

export function planStatusName(plan) {
  return plan.status_name || PLAN_STATUS[plan.status]?.name || plan.status;
}

export function planStatusType(status) {
  return PLAN_STATUS[status]?.type || 'info';
}

export const TASK_STATUS = {
  draft: { name: '待抽取', type: 'info' },
  targets_committed: { name: '检查对象抽取已承诺', type: 'warning' },
  targets_locked: { name: '检查对象已锁定', type: 'primary' },
  dispatched: { name: '已派发', type: 'success' },
  completed: { name: '已完成', type: 'success' },
};

export function taskStatusName(task) {
  return task.status_name || TASK_STATUS[task.status]?.name || task.status;
}

export function taskStatusType(status) {
  return TASK_STATUS[status]?.type || 'info';
}

export const TASK_ORIGIN = { plan: '年度计划', adhoc: '临时任务', joint: '部门联合' };

export const PROPOSAL_STATUS = {
  open: { name: '征求意见中', type: 'warning' },
  formed: { name: '已组成联合抽查', type: 'success' },
  lapsed: { name: '未组成（各自检查）', type: 'info' },
};

export const MEMBER_RESPONSE = {
  pending: { name: '待答复', type: 'warning' },
  accepted: { name: '参加', type: 'success' },
  declined: { name: '不参加', type: 'danger' },
  expired: { name: '逾期未答复', type: 'info' },
};

export const TASK_TYPES = [
  { value: '不定向', text: '不定向（在全部名录中抽取）' },
  { value: '定向', text: '定向（在特定范围内抽取）' },
];

export const PLAN_KINDS = ['年度', '半年度'];

// Draw tiers (seed 004) in the order an object is placed: 重点 → 问题 → 风险 → 一般.
export const TIER_ORDER = ['重点对象', '问题对象', '风险对象', '一般对象'];

const TIER_TEXT = {
  重点对象: '重点监管对象，全部检查',
  问题对象: '投诉举报、案件线索、转办交办较多的对象，全部检查',
  风险对象: '信用风险较高（C、D 类）的对象，按风险分类的比例抽取',
  一般对象: '其余对象，按一般比例随机抽取',
};

/** Sort key of a stratum name such as "风险对象（C类）". */
export function tierRank(name) {
  const i = TIER_ORDER.findIndex((t) => String(name).startsWith(t));
  return i < 0 ? TIER_ORDER.length : i;
}

export function sortStrata(list, key = (s) => s.name) {
  return [...list].sort((a, b) => tierRank(key(a)) - tierRank(key(b)) || String(key(a)).localeCompare(String(key(b))));
}

export function tierText(name) {
  const t = TIER_ORDER.find((x) => String(name).startsWith(x));
  return t ? TIER_TEXT[t] : '';
}

// GB/T 4754-2017 门类 (sections), as {code, name}. A filter accepts a section letter or a
// two-digit 大类 code. One list with the registers pages (utils/registers.js).
export const INDUSTRY_SECTIONS = SECTION_PAIRS.map(([code, name]) => ({ code, name }));

// Tags and licences commonly used in target directories; the filter accepts any tag text.
export const COMMON_TAGS = [
  '重点监管',
  '食品经营许可',
  '食品生产许可',
  '药品经营许可',
  '特种设备使用',
  '网络文化经营许可',
  '娱乐经营许可',
  '成品油零售经营许可',
  '旅行社业务经营许可',
  '医疗机构执业许可',
];

export const RISK_CLASSES = [
  { value: 'A', text: 'A 信用风险低' },
  { value: 'B', text: 'B 信用风险一般' },
  { value: 'C', text: 'C 信用风险较高' },
  { value: 'D', text: 'D 信用风险高' },
  { value: '未分类', text: '未分类' },
];

// Suggested public randomness sources: their values must be unknowable when the commitment is
// published (DRAW-SPEC §3). The planner completes the issue number or date.
export const SOURCE_TEMPLATES = ['现场见证人掷骰', '福彩3D 第____期开奖号码', '上证综指 ____年__月__日 收盘点位'];

/** Hex text in groups of 8 so a witness can read it aloud and compare it with a printout. */
export function groupHex(hex, size = 8) {
  if (!hex) return '';
  return String(hex).match(new RegExp(`.{1,${size}}`, 'g')).join(' ');
}

/** "2026-11-23" → "2026年11月23日". */
export function chineseDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso || '';
}

export function windowText(from, to) {
  if (!from && !to) return '';
  return `${from || '?'} 至 ${to || '?'}`;
}

/**
 * A Chinese description of a TargetFilter for pages that cannot ask the server (the public
 * portal has no describe endpoint). Unit ids and object codes are counted, not named.
 */
export function describeFilterLocally(f) {
  if (!f) return '全部在库检查对象';
  const parts = [];
  const join = (list) => list.join('、');
  if (f.name_contains) parts.push(`名称包含“${f.name_contains}”`);
  if (f.keys?.length) parts.push(`指定的 ${f.keys.length} 个对象`);
  if (f.types?.length) parts.push(`对象类型为${f.types.join('或')}`);
  if (f.region_prefixes?.length) parts.push(`行政区划 ${join(f.region_prefixes)}（含下级）`);
  if (f.unit_ids?.length) parts.push(`指定的 ${f.unit_ids.length} 个属地单位（含下级单位）`);
  if (f.industries?.length) {
    const names = f.industries.map((c) => {
      const s = INDUSTRY_SECTIONS.find((x) => x.code === c);
      return s ? `${c} ${s.name}` : c;
    });
    parts.push(`行业为${join(names)}`);
  }
  if (f.risk_classes?.length) parts.push(`信用风险分类为${join(f.risk_classes)}`);
  if (f.tags?.length) parts.push(`带有标签${join(f.tags.map((t) => `“${t}”`))}之一`);
  if (f.tags_all?.length) parts.push(`${f.tags_all.length > 1 ? '同时' : ''}带有标签${f.tags_all.map((t) => `“${t}”`).join('和')}`);
  if (f.directories?.length) parts.push(`列入${join(f.directories)}`);
  if (f.reg_statuses?.length) parts.push(`登记状态为${join(f.reg_statuses)}`);
  if (f.surviving === true) parts.push('实际经营');
  if (f.surviving === false) parts.push('实际无经营');
  if (f.abnormal === true) parts.push('列入经营异常名录');
  if (f.abnormal === false) parts.push('未列入经营异常名录');
  if (f.serious_violation === true) parts.push('列入严重违法失信名单');
  if (f.serious_violation === false) parts.push('未列入严重违法失信名单');
  return parts.length ? parts.join('；') : '全部在库检查对象';
}
