// Routes of 一公开 (SPEC §EXEC, §PUB, §PORTAL): the inspector's records (phone first), the
// console's review, deadlines, rates and the 联合检查总表, and the portal's 抽查结果 (one
// publication by its number) and 抽查事项清单. Kept in one file so the main
// router changes by one call: `routes: withResultsRoutes(...)`. `meta.menu` names the console
// menu entry a page belongs to (constants/consoleMenu.js).

const consoleRoutes = [
  {
    path: 'my-records',
    name: 'console-my-records',
    component: () => import('@/views/inspector/MyRecords.vue'),
    meta: { title: '我的检查', menu: 'console-my-records' },
  },
  {
    path: 'my-records/:taskId(\\d+)/:targetId(\\d+)/:departmentId(\\d+)',
    name: 'console-my-record',
    component: () => import('@/views/inspector/RecordForm.vue'),
    meta: { title: '录入检查结果', menu: 'console-my-records' },
  },
  {
    path: 'results',
    name: 'console-results',
    component: () => import('@/views/console/results/ReviewQueue.vue'),
    meta: { title: '检查结果审核', menu: 'console-results' },
  },
  {
    path: 'results/records/:id(\\d+)',
    name: 'console-result',
    component: () => import('@/views/console/results/RecordReview.vue'),
    meta: { title: '检查记录', menu: 'console-results' },
  },
  {
    path: 'results/deadlines',
    name: 'console-result-deadlines',
    component: () => import('@/views/console/results/ResultDeadlines.vue'),
    meta: { title: '公示期限', menu: 'console-result-deadlines' },
  },
  {
    path: 'results/credit',
    name: 'console-credit',
    component: () => import('@/views/console/results/CreditProposals.vue'),
    meta: { title: '信用联动', menu: 'console-credit' },
  },
  {
    path: 'results/rates',
    name: 'console-result-rates',
    component: () => import('@/views/console/results/ResultRates.vue'),
    meta: { title: '录入与公示率', menu: 'console-result-rates' },
  },
  {
    path: 'results/follow-ups',
    name: 'console-follow-ups',
    component: () => import('@/views/console/results/FollowUps.vue'),
    meta: { title: '后续处置', menu: 'console-follow-ups' },
  },
  {
    path: 'tasks/:id(\\d+)/joint-summary',
    name: 'console-joint-summary',
    component: () => import('@/views/console/results/JointSummary.vue'),
    meta: { title: '联合检查总表', menu: 'console-tasks' },
  },
];

const portalRoutes = [
  {
    path: 'results',
    name: 'portal-results',
    component: () => import('@/views/portal/results/PublicResults.vue'),
    meta: { title: '抽查结果', section: 'portal-results' },
  },
  {
    path: 'results/:no',
    name: 'portal-result',
    component: () => import('@/views/portal/results/PublicationRecord.vue'),
    meta: { title: '抽查结果公示', section: 'portal-results' },
  },
  {
    path: 'items',
    name: 'portal-items',
    component: () => import('@/views/portal/items/PublicItems.vue'),
    meta: { title: '抽查事项清单', section: 'portal-items' },
  },
  {
    path: 'items/:id(\\d+)',
    name: 'portal-item',
    component: () => import('@/views/portal/items/PublicItem.vue'),
    meta: { title: '抽查事项', section: 'portal-items' },
  },
];

/** Adds this file's routes: console pages as children of "/console", portal pages of "/". */
export function withResultsRoutes(routes) {
  const out = routes.map((r) => ({ ...r }));
  const portal = out.find((r) => r.path === '/');
  const consoleRoot = out.find((r) => r.path === '/console');
  if (portal) portal.children = [...(portal.children || []), ...portalRoutes];
  if (consoleRoot) consoleRoot.children = [...(consoleRoot.children || []), ...consoleRoutes];
  return out;
}
