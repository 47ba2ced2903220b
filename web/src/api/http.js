// Thin fetch wrapper for the Suiji REST API under /api/v1.
//
// Contract:
// - JSON in, JSON out; cookies are sent (`credentials: 'same-origin'`).
// - Every non-GET request carries `X-CSRF-Token` (set with setCsrfToken() from the login
//   response or GET /me).
// - A non-2xx answer rejects with ApiError { status, code, message }. The server's errors are
//   `{"code": "...", "message": "<Chinese>"}`; the Chinese message is shown with ElMessage
//   unless the caller passes `silent: true` and shows it itself.
// - A 401 also calls the handler registered with onUnauthenticated() (the app uses it to send
//   console users back to the login page), unless the caller passes `authRedirect: false`.
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the request never reached the server
   * @param {string} code stable machine code, e.g. "LOGIN_FAILED"
   * @param {string} message Chinese text safe to show to users
   * @param {unknown} [body] the parsed error body, if any
   */
  constructor(status, code, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

let csrfToken = '';
let unauthenticatedHandler = null;

/** Remembers the CSRF token that the server issued with the session ('' clears it). */
export function setCsrfToken(token) {
  csrfToken = token || '';
}

/** The current CSRF token, for requests that cannot go through request() (raw file uploads). */
export function currentCsrfToken() {
  return csrfToken;
}

/** Registers fn(error) to run when a request answers 401 (see authRedirect). */
export function onUnauthenticated(fn) {
  unauthenticatedHandler = fn;
}

function fallbackMessage(status) {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '请求的资源不存在';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return `服务器暂时无法处理请求（HTTP ${status}），请稍后再试`;
  return `请求失败（HTTP ${status}）`;
}

async function parseBody(response) {
  if (response.status === 204 || response.status === 205) return null;
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends one request.
 * @param {string} method HTTP method
 * @param {string} path path below /api/v1, e.g. "/session"
 * @param {object} [options]
 * @param {unknown} [options.body] JSON-serialisable request body
 * @param {Record<string, string|number|boolean|undefined|null>} [options.query] query parameters
 * @param {boolean} [options.silent] do not show the error message (caller handles it)
 * @param {boolean} [options.authRedirect] run the 401 handler (default true)
 * @param {AbortSignal} [options.signal]
 * @returns {Promise<any>} parsed JSON body, or null for an empty answer
 */
export async function request(method, path, options = {}) {
  const { body, query, silent = false, authRedirect = true, signal } = options;
  const upper = method.toUpperCase();

  let url = API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }

  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (upper !== 'GET' && upper !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response;
  try {
    response = await fetch(url, {
      method: upper,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (cause && cause.name === 'AbortError') throw cause;
    const error = new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
    if (!silent) ElMessage.error(error.message);
    throw error;
  }

  const data = await parseBody(response);
  if (response.ok) return data;

  const isErrorBody = data && typeof data === 'object' && typeof data.code === 'string';
  const error = new ApiError(
    response.status,
    isErrorBody ? data.code : `HTTP_${response.status}`,
    isErrorBody && data.message ? data.message : fallbackMessage(response.status),
    data,
  );
  if (response.status === 401 && authRedirect && unauthenticatedHandler) {
    unauthenticatedHandler(error);
  }
  if (!silent) ElMessage.error(error.message);
  throw error;
}

export const http = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  delete: (path, options) => request('DELETE', path, options),
};
