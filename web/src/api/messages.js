// 站内消息 and the 责任追究清单 (issue 14). Shapes follow src/api/routes_messages.cc:
//   Messages {items: [{id, kind, kind_name, subject, body, link, record_kind, record_id,
//     department_id, created_at, read_at}], total, unread}
//   Accountability {items: [{id, kind, kind_name, department_id, department_name, record_kind,
//     record_id, record_no, link, obligation, detail, deadline, recorded_at}], total}
import { http } from './http';

/** GET /messages?unread=&limit=&offset= → Messages (the caller's own, newest first). */
export function listMessages(query = {}, options = {}) {
  return http.get('/messages', { query, ...options });
}

/** GET /messages/unread-count → {unread}: the number on the header's bell. */
export function unreadCount(options = {}) {
  return http.get('/messages/unread-count', options);
}

/** POST /messages/{id}/read → Message. */
export function readMessage(id, options = {}) {
  return http.post(`/messages/${id}/read`, {}, options);
}

/** POST /messages/read-all → {marked}. */
export function readAllMessages(options = {}) {
  return http.post('/messages/read-all', {}, options);
}

/** GET /accountability?department_id=&kind=&limit=&offset= → Accountability. */
export function listAccountability(query = {}, options = {}) {
  return http.get('/accountability', { query, ...options });
}
