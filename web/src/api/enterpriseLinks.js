// Online inspection (issue 13): one-time enterprise links. Shapes follow
// src/api/routes_enterprise_links.cc:
//   PublicLink {target_name, task_no, task_title, department_name, items: [{code, name}],
//               materials: [text], commitment: {version, text, signer_name, signed_at} | null,
//               expires_on, files: [{material, file_name, media_type, size, uploaded_at}],
//               status open|completed|revoked|expired}
//   Link = PublicLink + {id, task_id, target_id, target_key, department_id, status_name,
//          completed_at, commitment_false, false_note, false_recorded_at, created_at,
//          files: [{id, sha256, …}], token and path only when just issued}
// The enterprise's calls send no cookie and no CSRF token: the token in the path is the only
// credential, and the page must work with nothing but the link.
import { API_BASE, ApiError, http } from './http';

const linksOf = (taskId, targetId) => `/tasks/${taskId}/targets/${targetId}/enterprise-links`;

/** POST …/enterprise-links {department_id, materials, commitment} → Link with token and path. */
export function issueEnterpriseLink(taskId, targetId, body, options) {
  return http.post(linksOf(taskId, targetId), body, options);
}

/** GET …/enterprise-links?department_id= → {items: [Link]} (newest first). */
export function listEnterpriseLinks(taskId, targetId, departmentId, options) {
  return http.get(linksOf(taskId, targetId), { query: { department_id: departmentId }, ...options });
}

/** POST …/enterprise-links/{id}/false-commitment {note} → Link. */
export function markCommitmentFalse(taskId, targetId, linkId, note, options) {
  return http.post(`${linksOf(taskId, targetId)}/${linkId}/false-commitment`, { note }, options);
}

/** URL of a file the enterprise uploaded (the session cookie goes along). */
export function enterpriseFileUrl(id) {
  return `${API_BASE}/enterprise-link-files/${id}`;
}

async function publicCall(method, path, { body, contentType } = {}) {
  let response;
  try {
    response = await fetch(`${API_BASE}/enterprise-links/${path}`, {
      method,
      credentials: 'omit',
      headers: { Accept: 'application/json', ...(contentType ? { 'Content-Type': contentType } : {}) },
      body,
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data;
  throw new ApiError(
    response.status,
    data?.code || `HTTP_${response.status}`,
    data?.message || (response.status === 413 ? '文件超过 20 MB，不能上传' : `请求失败（HTTP ${response.status}）`),
    data,
  );
}

/** GET /enterprise-links/{token} → PublicLink. */
export function openLink(token) {
  return publicCall('GET', encodeURIComponent(token));
}

/** POST /enterprise-links/{token}/files?material=&file_name= with the file as the body. */
export function uploadLinkFile(token, file, material) {
  const params = new URLSearchParams({ file_name: file.name || 'file', material: material || '' });
  return publicCall('POST', `${encodeURIComponent(token)}/files?${params}`, {
    body: file,
    contentType: file.type || 'application/octet-stream',
  });
}

/** POST /enterprise-links/{token}/commitment {signer_name, version} → PublicLink. */
export function signCommitment(token, signerName, version) {
  return publicCall('POST', `${encodeURIComponent(token)}/commitment`, {
    body: JSON.stringify({ signer_name: signerName, version }),
    contentType: 'application/json',
  });
}

/** POST /enterprise-links/{token}/complete → PublicLink. */
export function completeLink(token) {
  return publicCall('POST', `${encodeURIComponent(token)}/complete`);
}
