// Administration: user accounts, role grants and organisations (routes_admin.cc). Every call
// needs 管理用户与角色 or 管理组织机构 except the organisation lists, which 查看组织机构 allows.
import { http } from './http';

const user = (username) => `/users/${encodeURIComponent(username)}`;

export const listUsers = (opts) => http.get('/users', opts);
export const createUser = (body, opts) => http.post('/users', body, opts);
export const grantRole = (username, grant, opts) => http.post(`${user(username)}/roles`, grant, opts);
export const revokeRole = (username, grant, opts) => http.delete(`${user(username)}/roles`, { ...opts, body: grant });
export const resetPassword = (username, password, opts) => http.put(`${user(username)}/password`, { password }, opts);
export const setUserActive = (username, active, opts) => http.put(`${user(username)}/active`, { active }, opts);

export const listRegions = (opts) => http.get('/org/regions', opts);
export const listDepartments = (opts) => http.get('/org/departments', opts);
export const createDepartment = (body, opts) => http.post('/org/departments', body, opts);
export const listUnits = (departmentId, opts) =>
  http.get('/org/units', { ...opts, query: departmentId ? { department_id: departmentId } : undefined });
export const createUnit = (body, opts) => http.post('/org/units', body, opts);
