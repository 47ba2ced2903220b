// Credit linkage (SPEC §CREDIT; issue 13): 经营异常名录 / 严重违法失信名单 proposals raised by
// published results, their decisions, and a target's credit record.
//
//   CreditProposal: {id, list: 'abnormal'|'serious', list_name, target_id, target_name,
//     target_key, department_id, department_name, publication_no, reason, found_on,
//     proposed_on, due_on, due_exact, status: 'pending'|'approved'|'rejected', status_name,
//     overdue, working_days_left (pending only), decided_by, decided_at, decision_reason}
import { http } from './http';

/** GET /credit/proposals?department_id=&status=&list=&overdue= → {today, items: [CreditProposal]}. */
export function listCreditProposals(query = {}, options) {
  return http.get('/credit/proposals', { query, ...options });
}

/**
 * POST /credit/proposals/{id}/decide {decision: 'approve'|'reject', reason} → CreditProposal.
 * Refusals: 403 PROPOSAL_WRONG_DEPARTMENT, 409 PROPOSAL_ALREADY_DECIDED, 400 DECISION_REASON_REQUIRED.
 */
export function decideCreditProposal(id, decision, reason, options) {
  return http.post(`/credit/proposals/${id}/decide`, { decision, reason }, options);
}

/** GET /targets/{id}/credit → {risk_class, risk_as_of, abnormal, serious_violation, events, proposals}. */
export function targetCredit(id, options) {
  return http.get(`/targets/${id}/credit`, options);
}

/** The download URL of the decisions (列入 / 不予列入) as .xlsx or .csv. */
export function creditDecisionsUrl(format, list) {
  const q = list ? `?list=${list}` : '';
  return `/api/v1/credit/decisions.${format}${q}`;
}
