// Routes and the session guard.
//
// Public portal pages live under "/" (PortalLayout) and need no login; add new portal sections
// as children there and list them in constants/portal.js. Console pages live under "/console"
// (ConsoleLayout, meta.requiresAuth): the guard asks GET /me once per page load and sends
// visitors without a session to /login?redirect=<where they wanted to go>.
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import { useSessionStore } from '@/stores/session';
import { registersRoutes } from './registersRoutes';
import { adminRoutes } from './adminRoutes';
import { withPlansRoutes } from './plansRoutes';
import { withResultsRoutes } from './resultsRoutes';
import { withStatsRoutes } from './statsRoutes';
import { withMessagesRoutes } from './messagesRoutes';

export const SITE_TITLE = '双随机、一公开 监管平台';

const routes = [
  {
    path: '/',
    component: () => import('@/layouts/PortalLayout.vue'),
    children: [
      {
        path: '',
        name: 'portal-home',
        component: () => import('@/views/portal/PortalHome.vue'),
        meta: { title: '' },
      },
      {
        path: 'draws',
        name: 'portal-draws',
        component: () => import('@/views/portal/draws/DrawsList.vue'),
        meta: { title: '随机抽取记录', section: 'portal-draws' },
      },
      {
        path: 'draws/:no',
        name: 'portal-draw',
        component: () => import('@/views/portal/draws/DrawRecord.vue'),
        meta: { title: '随机抽取记录', section: 'portal-draws' },
      },
      {
        path: 'verify',
        name: 'portal-verify',
        component: () => import('@/views/portal/draws/VerifyDraw.vue'),
        meta: { title: '验证抽取记录', section: 'portal-verify' },
      },
    ],
  },
  {
    // Online inspection: the enterprise's one-time link (no layout, no login, no cookie).
    path: '/e/:token',
    name: 'enterprise-link',
    component: () => import('@/views/enterprise/EnterpriseLinkPage.vue'),
    meta: { title: '企业在线提交材料' },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { title: '工作人员登录' },
  },
  {
    path: '/console',
    component: () => import('@/layouts/ConsoleLayout.vue'),
    meta: { requiresAuth: true },
    children: [
      {
        path: '',
        name: 'console-home',
        component: () => import('@/views/console/ConsoleHome.vue'),
        meta: { title: '工作台' },
      },
      ...registersRoutes,
      ...adminRoutes,
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFound.vue'),
    meta: { title: '页面不存在' },
  },
];

/**
 * Where to go after login: only same-site paths (no "//host" or "/\host" tricks), never back
 * to /login itself; defaults to the console home.
 */
export function safeRedirect(target) {
  if (typeof target !== 'string' || !target.startsWith('/')) return '/console';
  if (target.startsWith('//') || target.startsWith('/\\')) return '/console';
  if (target === '/login' || target.startsWith('/login?') || target.startsWith('/login/')) {
    return '/console';
  }
  return target;
}

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory('/'),
    routes: withMessagesRoutes(withStatsRoutes(withResultsRoutes(withPlansRoutes(routes)))),
    scrollBehavior(to, from, saved) {
      return saved || { top: 0 };
    },
  });

  router.beforeEach(async (to) => {
    const session = useSessionStore();
    const needsAuth = to.matched.some((r) => r.meta.requiresAuth);

    if (needsAuth) {
      let signedIn = false;
      try {
        signedIn = await session.ensure();
      } catch (err) {
        ElMessage.error(err.message || '无法连接服务器，请稍后再试');
      }
      if (!signedIn) return { name: 'login', query: { redirect: to.fullPath } };
      return true;
    }

    if (to.name === 'login') {
      // Already signed in (e.g. a bookmarked login page): go straight on.
      try {
        if (await session.ensure()) return safeRedirect(to.query.redirect);
      } catch {
        // Server unreachable: show the form; submitting it reports the problem.
      }
    }
    return true;
  });

  router.afterEach((to) => {
    const title = to.meta.title;
    document.title = title ? `${title} - ${SITE_TITLE}` : SITE_TITLE;
  });

  return router;
}
