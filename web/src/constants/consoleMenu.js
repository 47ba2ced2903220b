// Console navigation. Every entry must point at a working route (router/index.js); add an
// entry together with its page. `roles` (optional) limits an entry to users holding one of them.
import { House, Monitor } from '@element-plus/icons-vue';
// --- administration icons ---
import { Avatar, School } from '@element-plus/icons-vue';
// --- registers (一单两库一细则) icons ---
import { Collection, Finished, OfficeBuilding, Reading, Sort, UserFilled, Warning } from '@element-plus/icons-vue';
// --- plans icons ---
import { Calendar, Connection, Tickets, Iphone } from '@element-plus/icons-vue';
// --- results icons ---
import { AlarmClock, DataAnalysis, DocumentChecked, EditPen } from '@element-plus/icons-vue';
// --- stats icons ---
import { TrendCharts } from '@element-plus/icons-vue';
// --- messages and accountability icons ---
import { Bell, Memo } from '@element-plus/icons-vue';
// --- credit icon ---
import { CreditCard } from '@element-plus/icons-vue';

export const CONSOLE_MENU = [
  { key: 'console-home', title: '工作台', icon: House, to: { name: 'console-home' } },
  // --- registers (一单两库一细则): routes in router/registersRoutes.js ---
  ...[
    { key: 'reg-items', title: '事项清单', icon: Finished, to: { name: 'reg-items' } },
    { key: 'reg-targets', title: '检查对象名录库', icon: OfficeBuilding, to: { name: 'reg-targets' } },
    { key: 'reg-inspectors', title: '执法检查人员名录库', icon: UserFilled, to: { name: 'reg-inspectors' } },
    { key: 'reg-experts', title: '专家名录库', icon: Reading, to: { name: 'reg-experts' } },
    { key: 'reg-conflicts', title: '回避关系', icon: Warning, to: { name: 'reg-conflicts' } },
    { key: 'reg-rules', title: '抽查细则', icon: Collection, to: { name: 'reg-rules' } },
    { key: 'reg-transfer', title: '导入导出', icon: Sort, to: { name: 'reg-transfer' } },
  ].map((m) => ({ ...m, roles: ['admin', 'coordinator', 'planner', 'approver'] })),
  // --- end registers ---
  // --- plans, joint inspections, tasks and draws (router/plansRoutes.js) ---------------------
  {
    key: 'console-plans',
    title: '抽查计划',
    icon: Calendar,
    to: { name: 'console-plans' },
    roles: ['planner', 'approver', 'coordinator'],
  },
  {
    key: 'console-joint',
    title: '部门联合抽查',
    icon: Connection,
    to: { name: 'console-joint' },
    roles: ['planner', 'approver', 'coordinator'],
  },
  {
    key: 'console-tasks',
    title: '抽查任务',
    icon: Tickets,
    to: { name: 'console-tasks' },
    roles: ['planner', 'approver', 'coordinator', 'witness'],
  },
  { key: 'console-my-tasks', title: '我的检查任务', icon: Iphone, to: { name: 'console-my-tasks' }, roles: ['inspector'] },
  // --- end of plans block ----------------------------------------------------------------------
  // --- 一公开: records, review, deadlines and rates (router/resultsRoutes.js) -------------------
  { key: 'console-my-records', title: '我的检查', icon: EditPen, to: { name: 'console-my-records' }, roles: ['inspector'] },
  { key: 'console-results', title: '检查结果审核', icon: DocumentChecked, to: { name: 'console-results' }, roles: ['approver'] },
  {
    key: 'console-result-deadlines',
    title: '公示期限',
    icon: AlarmClock,
    to: { name: 'console-result-deadlines' },
    roles: ['approver', 'planner', 'coordinator'],
  },
  {
    key: 'console-result-rates',
    title: '录入与公示率',
    icon: DataAnalysis,
    to: { name: 'console-result-rates' },
    roles: ['approver', 'planner', 'coordinator'],
  },
  // --- credit linkage (经营异常名录 / 严重违法失信名单 proposals) ---
  { key: 'console-credit', title: '信用联动', icon: CreditCard, to: { name: 'console-credit' }, roles: ['approver', 'planner', 'coordinator'] },
  {
    key: 'console-follow-ups',
    title: '后续处置',
    icon: Finished,
    to: { name: 'console-follow-ups' },
    roles: ['approver', 'planner', 'coordinator', 'inspector'],
  },
  // --- end of results block --------------------------------------------------------------------
  // 统计分析 (router/statsRoutes.js)
  { key: 'console-stats', title: '统计分析', icon: TrendCharts, to: { name: 'console-stats' }, roles: ['coordinator', 'approver', 'planner'] },
  // 消息 and 责任追究清单 (router/messagesRoutes.js)
  { key: 'console-messages', title: '消息', icon: Bell, to: { name: 'console-messages' } },
  { key: 'console-accountability', title: '责任追究清单', icon: Memo, to: { name: 'console-accountability' }, roles: ['coordinator', 'approver', 'planner'] },
  // --- administration (router/adminRoutes.js) ---
  { key: 'admin-users', title: '用户与角色', icon: Avatar, to: { name: 'admin-users' }, roles: ['admin'] },
  { key: 'admin-org', title: '组织机构', icon: School, to: { name: 'admin-org' }, roles: ['admin'] },
  { key: 'portal', title: '公开门户', icon: Monitor, to: { name: 'portal-home' } },
];

/** Menu entries visible to a user with the given role codes. */
export function menuFor(roleCodes) {
  return CONSOLE_MENU.filter((m) => !m.roles || m.roles.some((r) => roleCodes.includes(r)));
}
