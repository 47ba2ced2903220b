// Console navigation. Every entry must point at a working route (router/index.js); add an
// entry together with its page. `roles` (optional) limits an entry to users holding one of them.
import { House, Monitor } from '@element-plus/icons-vue';

export const CONSOLE_MENU = [
  { key: 'console-home', title: '工作台', icon: House, to: { name: 'console-home' } },
  { key: 'portal', title: '公开门户', icon: Monitor, to: { name: 'portal-home' } },
];

/** Menu entries visible to a user with the given role codes. */
export function menuFor(roleCodes) {
  return CONSOLE_MENU.filter((m) => !m.roles || m.roles.some((r) => roleCodes.includes(r)));
}
