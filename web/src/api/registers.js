// 一单两库一细则 (SPEC §ITEM, §DIR, §RULE, §IO): the register endpoints of docs/api/openapi.yaml.
//
// Every function returns the server's JSON. Errors reject with ApiError and, unless the caller
// passes `{ silent: true }`, the server's Chinese message is shown (see http.js). Lists answer
// {items, total, page, page_size}; `query` objects are sent as they are (empty values dropped).
import { ElMessage } from 'element-plus';
import { API_BASE, ApiError, currentCsrfToken, http } from './http';

// --- organisation and dictionaries -------------------------------------------------------

export const listDepartments = () => http.get('/org/departments');
export const listUnits = (departmentId) =>
  http.get('/org/units', { query: { department_id: departmentId } });
export const listRegions = () => http.get('/org/regions');
export const listDictionaries = () => http.get('/dictionaries');

// --- 一单: items ---------------------------------------------------------------------------

export const listItems = (query) => http.get('/items', { query });
export const getItem = (id) => http.get(`/items/${id}`);
export const createItem = (body, opts) => http.post('/items', body, opts);
export const updateItem = (id, body, opts) => http.put(`/items/${id}`, body, opts);
export const deactivateItem = (id, reason, opts) =>
  http.post(`/items/${id}/deactivate`, { reason }, opts);
export const listItemVersions = (id) => http.get(`/items/${id}/versions`);
export const getItemVersion = (id, version) => http.get(`/items/${id}/versions/${version}`);
export const publishItemVersion = (id, version, opts) =>
  http.post(`/items/${id}/versions/${version}/publish`, {}, opts);
export const diffItem = (id, from, to) => http.get(`/items/${id}/diff`, { query: { from, to } });

// --- 一细则: department rules --------------------------------------------------------------

export const getRules = (departmentId) => http.get(`/departments/${departmentId}/rules`);
export const saveRules = (departmentId, body, opts) =>
  http.put(`/departments/${departmentId}/rules`, body, opts);
export const listRulesVersions = (departmentId) =>
  http.get(`/departments/${departmentId}/rules/versions`);
export const getRulesVersion = (departmentId, version) =>
  http.get(`/departments/${departmentId}/rules/versions/${version}`);
export const publishRulesVersion = (departmentId, version, opts) =>
  http.post(`/departments/${departmentId}/rules/versions/${version}/publish`, {}, opts);
export const diffRules = (departmentId, from, to) =>
  http.get(`/departments/${departmentId}/rules/diff`, { query: { from, to } });

// --- 检查对象名录库: targets ---------------------------------------------------------------

/** GET /targets: query keys name, key, type, region, unit_id, industry, risk, tag, directory,
 * status (lists comma-separated), surviving, abnormal, serious, include_removed, as_of, page,
 * page_size. The answer also carries {filter, description}. */
export const searchTargets = (query, opts) => http.get('/targets', { ...opts, query });
export const getTarget = (id, opts) => http.get(`/targets/${id}`, opts);
export const getTargetByKey = (key, opts) =>
  http.get(`/targets/by-key/${encodeURIComponent(key)}`, opts);
export const createTarget = (target, note, opts) => http.post('/targets', { target, note }, opts);
export const updateTarget = (id, target, note, opts) =>
  http.put(`/targets/${id}`, { target, note }, opts);
export const removeTarget = (id, reason, opts) => http.post(`/targets/${id}/remove`, { reason }, opts);
export const restoreTarget = (id, note, opts) => http.post(`/targets/${id}/restore`, { note }, opts);
export const targetHistory = (id) => http.get(`/targets/${id}/history`);

// --- 执法检查人员名录库: inspectors ---------------------------------------------------------

export const listInspectors = (query, opts) => http.get('/inspectors', { ...opts, query });
export const getInspector = (id, opts) => http.get(`/inspectors/${id}`, opts);
export const createInspector = (body, opts) => http.post('/inspectors', body, opts);
export const updateInspector = (id, body, opts) => http.put(`/inspectors/${id}`, body, opts);
export const deactivateInspector = (id, reason, opts) =>
  http.post(`/inspectors/${id}/deactivate`, { reason }, opts);
export const reactivateInspector = (id, note, opts) =>
  http.post(`/inspectors/${id}/reactivate`, { note }, opts);
export const inspectorHistory = (id) => http.get(`/inspectors/${id}/history`);
/** The full 身份证号; the server records the reason (history + audit). */
export const revealCitizenId = (id, reason, opts) =>
  http.post(`/inspectors/${id}/citizen-id`, { reason }, opts);
/** {from, to, qualifications[], item_codes[], unit_ids[], target_ids[]} → {eligible, reasons[]} */
export const checkEligibility = (id, body, opts) =>
  http.post(`/inspectors/${id}/eligibility`, body, opts);

// --- 专家名录库 and 回避 ---------------------------------------------------------------------

export const listExperts = (query, opts) => http.get('/experts', { query, ...opts });
export const getExpert = (id) => http.get(`/experts/${id}`);
export const createExpert = (body, opts) => http.post('/experts', body, opts);
export const updateExpert = (id, body, opts) => http.put(`/experts/${id}`, body, opts);
export const deactivateExpert = (id, reason, opts) =>
  http.post(`/experts/${id}/deactivate`, { reason }, opts);
export const expertHistory = (id) => http.get(`/experts/${id}/history`);

export const listConflicts = (query) => http.get('/conflicts', { query });
export const getConflict = (id) => http.get(`/conflicts/${id}`);
export const createConflict = (body, opts) => http.post('/conflicts', body, opts);
export const updateConflict = (id, body, opts) => http.put(`/conflicts/${id}`, body, opts);
export const deactivateConflict = (id, reason, opts) =>
  http.post(`/conflicts/${id}/deactivate`, { reason }, opts);
export const conflictHistory = (id) => http.get(`/conflicts/${id}/history`);

// --- import, export, templates -----------------------------------------------------------

/** The registers that can be imported and exported, with their Chinese names. */
export const TRANSFER_REGISTERS = [
  { key: 'items', title: '随机抽查事项清单', needsDepartment: true },
  { key: 'targets', title: '检查对象名录库', allowInvalidCodes: true },
  { key: 'inspectors', title: '执法检查人员名录库' },
  { key: 'experts', title: '专家名录库', needsDepartment: true },
  { key: 'conflicts', title: '回避关系' },
];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function queryString(query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  if (body && typeof body.code === 'string') {
    return new ApiError(response.status, body.code, body.message || `请求失败（HTTP ${response.status}）`, body);
  }
  const text =
    response.status === 401
      ? '登录已失效，请重新登录'
      : response.status === 403
        ? '没有权限执行此操作'
        : `请求失败（HTTP ${response.status}）`;
  return new ApiError(response.status, `HTTP_${response.status}`, text, body);
}

/** "attachment; filename=...; filename*=UTF-8''%E6..." → the (Chinese) file name. */
export function fileNameFromDisposition(header, fallback) {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads GET /registers/{register}/{kind} (kind "template" or "export") as a file: fetched
 * first so that a refusal shows the server's Chinese message instead of a JSON page.
 */
export async function downloadRegisterFile(register, kind, { format = 'xlsx', department } = {}) {
  const url = `${API_BASE}/registers/${register}/${kind}${queryString({ format, department })}`;
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    const e = new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
    ElMessage.error(e.message);
    throw e;
  }
  if (!response.ok) {
    const e = await errorFrom(response);
    ElMessage.error(e.message);
    throw e;
  }
  const blob = await response.blob();
  const name = fileNameFromDisposition(
    response.headers.get('Content-Disposition'),
    `${register}-${kind}.${format}`,
  );
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
  return { name, size: blob.size };
}

/**
 * POST /registers/{register}/import with the file as the request body. Resolves to the result
 * ({rows, created, updated, unchanged, overridden, sha256, encoding, report, dry_run, applied}).
 * A file with bad rows answers 400 IMPORT_ROWS_INVALID; that answer also carries the report and
 * is resolved too, with `ok: false` and the server's message, so the page can list every row.
 * Other refusals reject with ApiError (shown unless `silent`).
 */
export async function importRegisterFile(register, file, options = {}) {
  const { dryRun = true, department, allowInvalidCodes = false, silent = false } = options;
  const lower = file.name.toLowerCase();
  const format = lower.endsWith('.csv') ? 'csv' : lower.endsWith('.xlsx') ? 'xlsx' : undefined;
  const url = `${API_BASE}/registers/${register}/import${queryString({
    format,
    file_name: file.name,
    dry_run: dryRun ? 'true' : 'false',
    department,
    allow_invalid_codes: allowInvalidCodes ? 'true' : undefined,
  })}`;
  const headers = { Accept: 'application/json', 'X-CSRF-Token': currentCsrfToken() };
  headers['Content-Type'] = format === 'csv' ? 'text/csv' : format === 'xlsx' ? XLSX_TYPE : 'application/octet-stream';
  let response;
  try {
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers, body: file });
  } catch {
    const e = new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
    if (!silent) ElMessage.error(e.message);
    throw e;
  }
  if (response.ok) return { ok: true, ...(await response.json()) };
  const e = await errorFrom(response);
  if (e.code === 'IMPORT_ROWS_INVALID' && e.body && e.body.report) {
    return { ok: false, ...e.body };
  }
  if (!silent) ElMessage.error(e.message);
  throw e;
}
