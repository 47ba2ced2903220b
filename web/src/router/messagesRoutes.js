// Routes of 消息 and the 责任追究清单 (issue 14), children of "/console"; added to the main
// router by one call: `withMessagesRoutes(...)`. `meta.menu` names the console menu entry.

const consoleRoutes = [
  {
    path: 'messages',
    name: 'console-messages',
    component: () => import('@/views/console/messages/MessageList.vue'),
    meta: { title: '消息', menu: 'console-messages' },
  },
  {
    path: 'accountability',
    name: 'console-accountability',
    component: () => import('@/views/console/messages/AccountabilityList.vue'),
    meta: { title: '责任追究清单', menu: 'console-accountability' },
  },
];

/** Adds this file's routes as children of "/console". */
export function withMessagesRoutes(routes) {
  const out = routes.map((r) => ({ ...r }));
  const consoleRoot = out.find((r) => r.path === '/console');
  if (consoleRoot) consoleRoot.children = [...(consoleRoot.children || []), ...consoleRoutes];
  return out;
}
