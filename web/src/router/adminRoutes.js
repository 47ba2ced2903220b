// Console routes of the administration pages (administrators only; the server checks each call).
const UserAdmin = () => import('@/views/console/admin/UserAdmin.vue');
const OrgAdmin = () => import('@/views/console/admin/OrgAdmin.vue');

export const adminRoutes = [
  { path: 'admin/users', name: 'admin-users', component: UserAdmin, meta: { title: '用户与角色', menu: 'admin-users' } },
  { path: 'admin/org', name: 'admin-org', component: OrgAdmin, meta: { title: '组织机构', menu: 'admin-org' } },
];
