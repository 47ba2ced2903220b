// 抽查任务 and their draw ceremony (SPEC §DRAW). Shapes follow src/api/routes_plans.cc:
//   Task {id, task_no, title, department_id, departments: [{department_id, name, role lead|cooperating,
//         items: [codes]}], task_type, origin plan|adhoc|joint, plan_id, batch_seq, proposal_id,
//         window_from, window_to, filter, filter_description, ratio, confidential,
//         status draft|targets_committed|targets_locked|dispatched, status_name, preview,
//         target_draw_no, target_draw_status, announced_at, created_at,
//         target_count, strata: [{name, count}],
//         inspector_draws: [{department_id, draw_no, status, eligibility, role inspector|expert}],
//         inspector_places, expert_needs: [{department_id, per_target, fields: [text]}], expert_places,
//         problem_count, problems: [text], blocking: [{role, department_id, targets, missing, text}]}
//   A task is a summary: its locked targets and teams are read a page at a time (taskTargets).
//   inspector_draws lists the expert draws too (role 'expert'): filter by role.
//   TargetLine {no, target_id, key, name, address, stratum, unit_name,
//               inspectors: [{target_id, department_id, inspector_id, name, cert_no, unit_name, draw_no}],
//               experts: [{target_id, department_id, expert_id, name, expert_no, organisation, title, draw_no}],
//               dispatchable}
//   Preview {matched, excluded, pool_size, quota, strata: [{name, pool_size, ratio, quota}],
//            exclusions: [{reason, label, count, samples: [{key, name}]}], floor, ceiling,
//            filter_description}
//   Eligibility {per_task, cap, targets: [{target_id, key, name, needed, eligible, excluded: {reason: n}}]}
import { API_BASE, http } from './http';

/** GET /tasks?department_id=&plan_id= → {items: [Task]}. */
export function listTasks(query = {}, options = {}) {
  return http.get('/tasks', { query, ...options });
}

/** POST /tasks: an ad hoc task {title, department_id, task_type, window_from, window_to, items, filter, ratio, confidential}. */
export function createTask(body) {
  return http.post('/tasks', body);
}

export function getTask(id, options) {
  return http.get(`/tasks/${id}`, options);
}

/**
 * GET /tasks/{id}/targets → {items: [TargetLine], total, page, page_size}: a page of the locked
 * targets with their teams. query: {page, page_size, q, stratum, draw_no, department_id,
 * role inspector|expert, teams all|short|full|ready|blocked}.
 */
export function taskTargets(id, query = {}, options = {}) {
  return http.get(`/tasks/${id}/targets`, { query, ...options });
}

/** GET /public/tasks/{id}/targets?page=&page_size=&q= → a page of an announced task's locked targets. */
export function publicTaskTargets(id, query = {}) {
  return http.get(`/public/tasks/${id}/targets`, { query, silent: true, authRedirect: false });
}

/** GET /tasks/{id}/preview: the pool before anything is committed. */
export function previewTask(id, options) {
  return http.get(`/tasks/${id}/preview`, options);
}

/** POST /tasks/{id}/commit {sources: [names]} → Task (targets_committed). */
export function commitTargets(id, sources) {
  return http.post(`/tasks/${id}/commit`, { sources });
}

/** POST /tasks/{id}/reveal {values} → Task (targets_locked, announced). */
export function revealTargets(id, values = []) {
  return http.post(`/tasks/${id}/reveal`, { values });
}

/** GET /tasks/{id}/eligibility?department_id= → Eligibility (targets still needing people). */
export function taskEligibility(id, departmentId, options) {
  return http.get(`/tasks/${id}/eligibility`, { query: { department_id: departmentId }, ...options });
}

/** POST /tasks/{id}/inspectors/commit {department_id, sources} → Task (one draw per missing-count group). */
export function commitInspectors(id, departmentId, sources) {
  return http.post(`/tasks/${id}/inspectors/commit`, { department_id: departmentId, sources });
}

/** POST /tasks/{id}/inspectors/reveal {draw_no, values} → Task. */
export function revealInspectors(id, drawNo, values = []) {
  return http.post(`/tasks/${id}/inspectors/reveal`, { draw_no: drawNo, values });
}

/** GET /tasks/{id}/expert-eligibility?department_id= → Eligibility of the department's experts. */
export function taskExpertEligibility(id, departmentId, options) {
  return http.get(`/tasks/${id}/expert-eligibility`, { query: { department_id: departmentId }, ...options });
}

/** POST /tasks/{id}/experts/commit {department_id, sources} → Task (one draw per missing-count group). */
export function commitExperts(id, departmentId, sources) {
  return http.post(`/tasks/${id}/experts/commit`, { department_id: departmentId, sources });
}

/** POST /tasks/{id}/experts/reveal {draw_no, values} → Task. */
export function revealExperts(id, drawNo, values = []) {
  return http.post(`/tasks/${id}/experts/reveal`, { draw_no: drawNo, values });
}

/** The printable 检查通知书 (HTML, opened in a new tab). */
export function noticeUrl(taskId, targetId) {
  return `${API_BASE}/tasks/${taskId}/notices/${targetId}`;
}

/** GET /my/tasks → {items: [Task + my_target_ids]} for the signed-in inspector. */
export function myTasks(options) {
  return http.get('/my/tasks', options);
}

/**
 * GET /my/witness-draws → {items: [WitnessDraw]}: the ceremonies awaiting the signed-in witness —
 * every committed, unrevealed draw of the departments they witness for:
 *   {draw_no, kind targets|assign, title, department_id, department_name, committed_at,
 *    task: {id, task_no, title, draw targets|inspectors|experts} | null (a draw without a task),
 *    registered (they registered on it), witness_count, source_count, values_missing}
 */
export function myWitnessDraws(options) {
  return http.get('/my/witness-draws', options);
}

/** GET /public/tasks?limit=&offset= → {items: [Task summary without filter/preview/places]}; targets: publicTaskTargets. */
export function listPublicTasks(query = {}) {
  return http.get('/public/tasks', { query, silent: true, authRedirect: false });
}

/** GET /me/inspector → the inspector record linked to the signed-in user (name, cert_no, unit …). */
export function myInspector(options) {
  return http.get('/me/inspector', options);
}
