// Route of 统计分析 (SPEC §STAT). Kept in its own file so the main router changes by one call:
// `routes: withStatsRoutes(...)`. `meta.menu` names the console menu entry (constants/consoleMenu.js).

const consoleRoutes = [
  {
    path: 'stats',
    name: 'console-stats',
    component: () => import('@/views/console/stats/StatsOverview.vue'),
    meta: { title: '统计分析', menu: 'console-stats' },
  },
];

/** Adds this file's routes as children of "/console". */
export function withStatsRoutes(routes) {
  const out = routes.map((r) => ({ ...r }));
  const consoleRoot = out.find((r) => r.path === '/console');
  if (consoleRoot) consoleRoot.children = [...(consoleRoot.children || []), ...consoleRoutes];
  return out;
}
