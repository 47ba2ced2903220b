// Console navigation. Every entry must point at a working route (router/index.js); add an
// entry together with its page. `roles` (optional) limits an entry to users holding one of them.
import { House, Monitor } from '@element-plus/icons-vue';
import { Calendar, Connection, Tickets, Iphone } from '@element-plus/icons-vue';

export const CONSOLE_MENU = [
  { key: 'console-home', title: '工作台', icon: House, to: { name: 'console-home' } },
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
  { key: 'portal', title: '公开门户', icon: Monitor, to: { name: 'portal-home' } },
];

/** Menu entries visible to a user with the given role codes. */
export function menuFor(roleCodes) {
  return CONSOLE_MENU.filter((m) => !m.roles || m.roles.some((r) => roleCodes.includes(r)));
}
