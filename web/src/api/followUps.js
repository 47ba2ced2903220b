// 后续处置 (issue 13): cases opened by publication, 复查 tasks (not drawn), 移送 / 抄告 with
// receipts, 移送司法机关 and 立案. Shapes follow src/api/routes_follow_ups.cc:
//   FollowUpCase {id, case_no, record_id, task_id, task_no, task_title, target_id, target_name,
//     target_key, department_id, department_name, publication_no, follow_ups: [{item_code,
//     follow_up}], status open|closed, status_name, awaiting_receipt, overdue, created_at,
//     closed_at, team: [{id, name}], rechecks: [Recheck], transfers: [Transfer],
//     steps: [{kind, organ, reference, note, recorded_at, recorded_by}], can_manage,
//     can_receive, can_recheck}
//   Recheck {id, recheck_no, kind 复查, drawn false, deadline, status open|rectified|not_rectified,
//     status_name, overdue, rechecked_on, findings, recorded_by, recorded_at, created_at}
//   Transfer {id, kind transfer|notify, kind_name, to_department_id, to_department_name, note,
//     received, sent_at, sent_by, received_at, received_by}
import { http } from './http';

/** GET /follow-ups?status=&scope=own|incoming|mine&limit=&offset= → {items, total, summary}. */
export function listFollowUps(query = {}, options = {}) {
  return http.get('/follow-ups', { query, ...options });
}

export function getFollowUp(id, options) {
  return http.get(`/follow-ups/${id}`, options);
}

/** The original team records the 复查: {rectified, rechecked_on, findings}. */
export function recordRecheck(id, recheckId, body, options) {
  return http.post(`/follow-ups/${id}/rechecks/${recheckId}/result`, body, options);
}

export function setRecheckDeadline(id, recheckId, deadline, options) {
  return http.post(`/follow-ups/${id}/rechecks/${recheckId}/deadline`, { deadline }, options);
}

export function addRecheck(id, deadline, options) {
  return http.post(`/follow-ups/${id}/rechecks`, { deadline }, options);
}

/** 移送 (kind transfer) or 抄告 (notify): {department_id, kind, note}. */
export function transferFollowUp(id, body, options) {
  return http.post(`/follow-ups/${id}/transfers`, body, options);
}

export function confirmReceipt(id, transferId, options) {
  return http.post(`/follow-ups/${id}/transfers/${transferId}/receipt`, undefined, options);
}

/** 移送司法机关: {organ, reference, note}. */
export function recordJudicial(id, body, options) {
  return http.post(`/follow-ups/${id}/judicial`, body, options);
}

/** 立案: {reference, note}. */
export function recordFiling(id, body, options) {
  return http.post(`/follow-ups/${id}/filing`, body, options);
}

export function closeFollowUp(id, note, options) {
  return http.post(`/follow-ups/${id}/close`, { note }, options);
}
