// Public system endpoints.
import { http } from './http';

/** GET /health → {status, db, version}. Silent: the portal footer shows a neutral text on failure. */
export function fetchHealth() {
  return http.get('/health', { silent: true, authRedirect: false });
}
