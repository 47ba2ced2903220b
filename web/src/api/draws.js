// Public draw records (SPEC §PORTAL 随机抽取记录). All calls are silent: the portal pages show
// their own messages and never load Element Plus for it.
import { API_BASE, ApiError, http } from './http';

/**
 * GET /public/draws → {items: [...]}: every committed draw, newest first, as the public may see
 * it: `visibility` "full" (published), "commitment" (not revealed yet) or "confidential" (保密任务,
 * published when the inspections end); when not full, `notice` {code, message} says why, and
 * pool, result and replacements are left out. With ?candidate=, only published draws.
 * @param {{limit?: number, offset?: number, candidate?: string}} query candidate: an id
 *   (统一社会信用代码) that must be in the draw's pool
 */
export function listPublicDraws(query = {}) {
  return http.get('/public/draws', { query, silent: true, authRedirect: false });
}

/**
 * GET /public/draws/{no} → one draw as in listPublicDraws: its commitment always, the notice
 * (DRAW_NOT_REVEALED, DRAW_CONFIDENTIAL) when its full record is not public yet.
 */
export function getPublicDraw(drawNo) {
  return http.get(`/public/draws/${encodeURIComponent(drawNo)}`, { silent: true, authRedirect: false });
}

/** GET /keys → {keys: [{key_id, algorithm, public_key}]}: the platform's signing keys. */
export function fetchSigningKeys() {
  return http.get('/keys', { silent: true, authRedirect: false });
}

/** The URL of a draw's published bundle (a JSON download). */
export function bundleUrl(drawNo) {
  return `${API_BASE}/draws/${encodeURIComponent(drawNo)}/bundle`;
}

/**
 * GET /draws/{no}/bundle as raw bytes: the verifier must see exactly what was published,
 * not a re-serialised copy.
 * @returns {Promise<Uint8Array>}
 */
export async function fetchBundleBytes(drawNo, { signal } = {}) {
  let response;
  try {
    response = await fetch(bundleUrl(drawNo), { credentials: 'same-origin', signal });
  } catch (cause) {
    if (cause && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.ok) return bytes;
  let code = `HTTP_${response.status}`;
  let message = response.status === 404 ? '没有找到这条抽取记录，或该记录尚未公开' : `无法获取抽取记录（HTTP ${response.status}）`;
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes));
    if (body && typeof body.code === 'string') {
      code = body.code;
      if (body.message) message = body.message;
    }
  } catch {
    // not a JSON error body: keep the fallback text
  }
  throw new ApiError(response.status, code, message);
}

// --- The ceremony (console): the draw as its department sees it -------------------------------
// Draw {draw_no, kind targets|assign, title, department_id, department_name, status committed|revealed,
//       confidential, published, committed_at, revealed_at, pool_size, spec,
//       sources: [{position, name, value|null}], witnesses: [{seq, name, organisation, recorded_at}],
//       commitment: {plan_hash, pool_root|elig_root, commit, sources_decl}, result_hash,
//       replacements: [{seq, task, out, in, reason, note, status pending|approved|rejected,
//                       requested_at, decided_at, decision_note}]}

/** GET /draws/{no} → Draw (status, commitment, sources with entered values, witnesses, replacements). */
export function getDraw(drawNo, options) {
  return http.get(`/draws/${encodeURIComponent(drawNo)}`, options);
}

/**
 * POST /draws/{no}/witnesses {name, organisation} → Draw. A witness user registers themselves
 * (the server takes their own name); planners register others.
 */
export function addWitness(drawNo, name, organisation) {
  return http.post(`/draws/${encodeURIComponent(drawNo)}/witnesses`, { name: name || undefined, organisation });
}

/** PUT /draws/{no}/sources/{position} {value} → Draw. Immutable once entered (DRAW_SOURCE_VALUE_SET). */
export function enterSourceValue(drawNo, position, value) {
  return http.put(`/draws/${encodeURIComponent(drawNo)}/sources/${position}`, { value });
}

/** GET /draws/{no}/outcome → {kind, selected} or {kind, teams}: the result with approved replacements. */
export function drawOutcome(drawNo, options) {
  return http.get(`/draws/${encodeURIComponent(drawNo)}/outcome`, options);
}

/** GET /draws/replacement-reasons → {targets: [..], assign: [..]} (closed lists). */
export function replacementReasons() {
  return http.get('/draws/replacement-reasons');
}

/** POST /draws/{no}/replacements {out, reason, note, task?} → Draw with the pending request. */
export function requestReplacement(drawNo, body) {
  return http.post(`/draws/${encodeURIComponent(drawNo)}/replacements`, body);
}

/** POST /draws/{no}/replacements/{seq}/decision {approve, note} → Draw (approver, not the requester). */
export function decideReplacement(drawNo, seq, approve, note) {
  return http.post(`/draws/${encodeURIComponent(drawNo)}/replacements/${seq}/decision`, { approve, note: note || '' });
}
