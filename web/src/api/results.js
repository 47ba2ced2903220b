// 一公开: inspection records, evidence, review, publication, deadlines, rates and the public
// results (SPEC §EXEC, §PUB, §PORTAL). Shapes follow src/api/routes_inspections.cc:
//   InspectionRecord {id (null = 未录入), task_id, task_no, task_title, target_id, target_name,
//     target_key, department_id, department_name, lead_department, item_codes,
//     status pending|submitted|returned|approved|published, status_name, revision,
//     cannot_inspect, cannot_inspect_on, remark,
//     items: [{item_code, methods, inspected_on, findings, handling, result, follow_up, confidential}],
//     completed_on, deadline, deadline_exact, summary_result, inspectors: [{id, name}],
//     recorded_by, recorded_at, confirmed_by, confirmed_at, submitted_at, reviewed_by,
//     reviewed_at, return_reason, evidence: [Evidence], publications: [PublicResult]}
//   Evidence {id, item_code, sha256, media_type, size, file_name, uploaded_at}
//   PublicResult {publication_no, credit_code, name, plan_no, plan_name, task_no, task_name,
//     inspection_type, authority, completed_on, result, remark, published_on, deadline, corrects}
import { ElMessage } from 'element-plus';
import { API_BASE, ApiError, currentCsrfToken, http } from './http';

/**
 * GET /records?mine=true | ?status=&department_id= | ?task_id= → {items: [InspectionRecord]}.
 * `mine` lists the signed-in inspector's own records (未录入 lines included).
 */
export function listRecords(query = {}, options = {}) {
  return http.get('/records', { query, ...options });
}

/** GET /tasks/{id}/records[?target_id=&department_id=] → {items: [InspectionRecord]}. */
export function taskRecords(taskId, query = {}, options = {}) {
  return http.get(`/tasks/${taskId}/records`, { query, ...options });
}

/** GET /records/{id} → InspectionRecord. */
export function getRecord(id, options) {
  return http.get(`/records/${id}`, options);
}

/**
 * PUT /tasks/{id}/records {target_id, department_id, revision, cannot_inspect,
 * cannot_inspect_on, remark, items} → InspectionRecord. `revision` is 0 before the first save;
 * a stale one answers 409 RECORD_CHANGED.
 */
export function saveRecord(taskId, body, options) {
  return http.put(`/tasks/${taskId}/records`, body, options);
}

export function submitRecord(id, revision, options) {
  return http.post(`/records/${id}/submit`, { revision }, options);
}

/** The co-inspector confirms this revision. */
export function confirmRecord(id, revision, options) {
  return http.post(`/records/${id}/confirm`, { revision }, options);
}

export function returnRecord(id, reason, options) {
  return http.post(`/records/${id}/return`, { reason }, options);
}

export function approveRecord(id, options) {
  return http.post(`/records/${id}/approve`, undefined, options);
}

/** `body` may carry {rectify_by}: the 整改期限 of a 责令改正并跟踪复查 (opens its 复查 task). */
export function publishRecord(id, options, body) {
  return http.post(`/records/${id}/publish`, body, options);
}

/** Reopens a published record for correction; its publication stays public. */
export function reopenRecord(id, reason, options) {
  return http.post(`/records/${id}/reopen`, { reason }, options);
}

/** URL of an evidence file (images can be shown with <img>, the session cookie goes along). */
export function evidenceUrl(id) {
  return `${API_BASE}/evidence/${id}`;
}

/**
 * POST /records/{id}/evidence?file_name=&item_code= with the file's bytes as the body → Evidence.
 * The server checks the type by content (JPEG, PNG, WebP, HEIC, PDF) and the size (20 MB).
 */
export async function uploadEvidence(recordId, file, itemCode = '', { silent = false } = {}) {
  const params = new URLSearchParams({ file_name: file.name || 'photo.jpg' });
  if (itemCode) params.set('item_code', itemCode);
  const headers = {
    Accept: 'application/json',
    'Content-Type': file.type || 'application/octet-stream',
    'X-CSRF-Token': currentCsrfToken(),
  };
  let response;
  try {
    response = await fetch(`${API_BASE}/records/${recordId}/evidence?${params}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: file,
    });
  } catch {
    const e = new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，照片未上传，请检查网络后重试');
    if (!silent) ElMessage.error(e.message);
    throw e;
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data;
  const e = new ApiError(
    response.status,
    data?.code || `HTTP_${response.status}`,
    data?.message || (response.status === 413 ? '文件超过 20 MB，不能上传' : `上传失败（HTTP ${response.status}）`),
    data,
  );
  if (!silent) ElMessage.error(e.message);
  throw e;
}

export function removeEvidence(recordId, evidenceId, options) {
  return http.delete(`/records/${recordId}/evidence/${evidenceId}`, options);
}

/** GET /results/deadlines[?department_id=] → {today, due_soon: [line], overdue: [line]}. */
export function resultDeadlines(departmentId, options) {
  return http.get('/results/deadlines', { query: { department_id: departmentId }, ...options });
}

/** GET /results/rates → {items: [{department_id, department_name, due, entered, … *_rate_bp}]}. */
export function resultRates(options) {
  return http.get('/results/rates', options);
}

/** GET /public/results?q=&limit=&offset= (no login) → {items: [PublicResult], total}. */
export function listPublicResults(query = {}) {
  return http.get('/public/results', { query, silent: true, authRedirect: false });
}

/**
 * GET /public/results/{no} (no login) → PublicResult + {corrected_by: [publication_no]}: one
 * publication by its number, with what it corrects (`corrects`) and what corrects it. 404
 * PUBLICATION_NOT_FOUND for an unknown number.
 */
export function getPublicResult(no) {
  return http.get(`/public/results/${encodeURIComponent(no)}`, { silent: true, authRedirect: false });
}

/**
 * GET /tasks/{id}/joint-summary → {task_id, task_no, task_title,
 * departments: [{id, name, lead, item_codes}], targets: [{target_id, target_name, target_key,
 * records: [InspectionRecord]}]}: the lead department's 联合检查总表 (403 for others, 409
 * TASK_NOT_JOINT for a one-department task).
 */
export function jointSummary(taskId, options) {
  return http.get(`/tasks/${taskId}/joint-summary`, options);
}
