// Routes of plans, joint inspections, tasks and the draw ceremony (console), the inspector's
// own tasks (phone first), the printable commitment sheet and the portal's 抽查计划 /
// 抽查任务公告. Kept in one file so the main router changes by one line:
// `routes: withPlansRoutes(routes)`. `meta.menu` names the console menu entry a page belongs to.

const consoleRoutes = [
  {
    path: 'plans',
    name: 'console-plans',
    component: () => import('@/views/console/plans/PlanList.vue'),
    meta: { title: '抽查计划', menu: 'console-plans' },
  },
  {
    path: 'plans/new',
    name: 'console-plan-new',
    component: () => import('@/views/console/plans/PlanEditor.vue'),
    meta: { title: '新建抽查计划', menu: 'console-plans' },
  },
  {
    path: 'plans/:id(\\d+)',
    name: 'console-plan',
    component: () => import('@/views/console/plans/PlanDetail.vue'),
    meta: { title: '抽查计划', menu: 'console-plans' },
  },
  {
    path: 'plans/:id(\\d+)/edit',
    name: 'console-plan-edit',
    component: () => import('@/views/console/plans/PlanEditor.vue'),
    meta: { title: '编辑抽查计划', menu: 'console-plans', mode: 'edit' },
  },
  {
    path: 'plans/:id(\\d+)/adjust',
    name: 'console-plan-adjust',
    component: () => import('@/views/console/plans/PlanEditor.vue'),
    meta: { title: '调整抽查计划', menu: 'console-plans', mode: 'adjust' },
  },
  {
    path: 'joint',
    name: 'console-joint',
    component: () => import('@/views/console/plans/JointProposals.vue'),
    meta: { title: '部门联合抽查', menu: 'console-joint' },
  },
  {
    path: 'tasks',
    name: 'console-tasks',
    component: () => import('@/views/console/tasks/TaskList.vue'),
    meta: { title: '抽查任务', menu: 'console-tasks' },
  },
  {
    path: 'tasks/new',
    name: 'console-task-new',
    component: () => import('@/views/console/tasks/TaskCreate.vue'),
    meta: { title: '新建临时抽查任务', menu: 'console-tasks' },
  },
  {
    path: 'tasks/:id(\\d+)',
    name: 'console-task',
    component: () => import('@/views/console/tasks/TaskDetail.vue'),
    meta: { title: '抽查任务', menu: 'console-tasks' },
  },
  {
    path: 'my-tasks',
    name: 'console-my-tasks',
    component: () => import('@/views/inspector/MyTasks.vue'),
    meta: { title: '我的检查任务', menu: 'console-my-tasks' },
  },
  {
    path: 'my-tasks/:id(\\d+)',
    name: 'console-my-task',
    component: () => import('@/views/inspector/MyTaskDetail.vue'),
    meta: { title: '我的检查任务', menu: 'console-my-tasks' },
  },
];

const portalRoutes = [
  {
    path: 'plans',
    name: 'portal-plans',
    component: () => import('@/views/portal/plans/PublicPlans.vue'),
    meta: { title: '抽查计划', section: 'portal-plans' },
  },
  {
    path: 'tasks',
    name: 'portal-tasks',
    component: () => import('@/views/portal/plans/PublicTasks.vue'),
    meta: { title: '抽查任务公告', section: 'portal-tasks' },
  },
];

// A page of its own (no console frame) so it prints as one clean sheet.
const topLevelRoutes = [
  {
    path: '/print/draws/:no',
    name: 'print-commitment',
    component: () => import('@/views/console/draws/CommitmentSheet.vue'),
    meta: { title: '抽取承诺单', requiresAuth: true },
  },
];

/**
 * Adds this file's routes to the app's route table: console pages as children of "/console",
 * portal pages as children of "/", the print page before the catch-all.
 */
export function withPlansRoutes(routes) {
  const out = routes.map((r) => ({ ...r }));
  const portal = out.find((r) => r.path === '/');
  const consoleRoot = out.find((r) => r.path === '/console');
  if (portal) portal.children = [...(portal.children || []), ...portalRoutes];
  if (consoleRoot) consoleRoot.children = [...(consoleRoot.children || []), ...consoleRoutes];
  const catchAll = out.findIndex((r) => r.path.startsWith('/:pathMatch'));
  out.splice(catchAll < 0 ? out.length : catchAll, 0, ...topLevelRoutes);
  return out;
}
