// Session endpoints: login, current user, logout.
import { http } from './http';

/**
 * @typedef {{role: string, role_name: string, scope: string, scope_name: string}} RoleGrant
 * @typedef {{id: number, username: string, display_name: string, roles: RoleGrant[]}} User
 * @typedef {{user: User, csrf_token: string}} SessionInfo
 */

/**
 * POST /session. Rejects with LOGIN_FAILED (401) or LOGIN_THROTTLED (429); the caller shows
 * the message next to the form, so this call is silent and never redirects.
 * @returns {Promise<SessionInfo>}
 */
export function login(username, password) {
  return http.post('/session', { username, password }, { silent: true, authRedirect: false });
}

/**
 * GET /me. 401 UNAUTHENTICATED when there is no session; silent, the route guard decides.
 * @returns {Promise<SessionInfo>}
 */
export function fetchMe() {
  return http.get('/me', { silent: true, authRedirect: false });
}

/** DELETE /session (needs the CSRF token, which http adds). */
export function logout() {
  return http.delete('/session', { authRedirect: false });
}
