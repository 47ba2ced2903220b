// 抽查计划 and 部门联合抽查 (SPEC §PLAN). Shapes follow src/api/routes_plans.cc:
//   Plan {id, plan_no, version, department_id, department_name, year, title, status, status_name,
//         adjustment_reason, created_at, submitted_at, decided_at, decision_note, published_at,
//         content: {title, kind, year, batches: [{seq, name, window_from, window_to, items,
//                   filter, task_type, ratio, note}]}}
//   Proposal {id, proposal_no, lead_department_id, window_from, window_to, overlap_count,
//             overlap_sample: [{target_id, name}], status open|formed|lapsed, deadline,
//             created_at, resolved_at, joint_task_id,
//             members: [{department_id, department_name, plan_id, batch_seq,
//                        response pending|accepted|declined|expired, responded_at, note}]}
// Errors are shown by the API client (server's Chinese message) unless a caller passes silent.
import { http } from './http';

/** GET /plans?department_id=&year= → {items: [Plan]} (newest version of each plan). */
export function listPlans(query = {}) {
  return http.get('/plans', { query });
}

/** GET /public/plans?year= → {items: [Plan]}: published plans, for the portal. */
export function listPublicPlans(query = {}) {
  return http.get('/public/plans', { query, silent: true, authRedirect: false });
}

export function getPlan(id, options) {
  return http.get(`/plans/${id}`, options);
}

/** POST /plans {department_id, content} → Plan (草稿). PLAN_INVALID lists every problem. */
export function createPlan(departmentId, content) {
  return http.post('/plans', { department_id: departmentId, content });
}

/** PUT /plans/{id} {content}: only a draft (PLAN_NOT_DRAFT otherwise). */
export function updatePlan(id, content) {
  return http.put(`/plans/${id}`, { content });
}

/**
 * A state step: submit | return | approve | publish | complete. `note` goes with return
 * (required) and approve (optional).
 */
export function planStep(id, step, note) {
  return http.post(`/plans/${id}/${step}`, note ? { note } : undefined);
}

/** POST /plans/{id}/adjust {reason, content} → the new draft version (201). */
export function adjustPlan(id, reason, content) {
  return http.post(`/plans/${id}/adjust`, { reason, content });
}

/** GET /plans/{id}/versions → {items: [Plan]}. */
export function planVersions(id) {
  return http.get(`/plans/${id}/versions`);
}

/** GET /plans/{id}/diff?from=&to= → {changes: [{field, label, old, new}]}. */
export function planDiff(id, from, to) {
  return http.get(`/plans/${id}/diff`, { query: { from, to } });
}

/** POST /plans/{id}/batches/{seq}/tasks {title?} → Task (the plan becomes 执行中). */
export function createBatchTask(id, seq, title) {
  return http.post(`/plans/${id}/batches/${seq}/tasks`, title ? { title } : undefined);
}

// --- 部门联合抽查 ---------------------------------------------------------------------------

/** POST /joint/detect {year} → {created: [Proposal]}. */
export function detectJoint(year) {
  return http.post('/joint/detect', year ? { year } : {});
}

/** POST /joint/resolve-expired → {resolved: n}. */
export function resolveExpiredProposals() {
  return http.post('/joint/resolve-expired', {});
}

/** GET /joint/proposals?department_id= → {items: [Proposal]}. */
export function listProposals(query = {}) {
  return http.get('/joint/proposals', { query });
}

/** POST /joint/proposals/{id}/respond {department_id, accept, note} → Proposal. */
export function respondProposal(id, departmentId, accept, note) {
  return http.post(`/joint/proposals/${id}/respond`, { department_id: departmentId, accept, note: note || '' });
}
