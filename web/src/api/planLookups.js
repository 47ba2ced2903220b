// Read-only look-ups the plan and task pages need from the organisation and the registers:
// departments, units, regions, the item list, dictionaries and the target-filter description.
// Kept apart from the registers console's own API modules so both can change independently.
import { http } from './http';

/** GET /org/departments → {items: [{id, code, name, short_name, region_code, active}]}. */
export function listDepartments(options) {
  return http.get('/org/departments', options);
}

/** GET /org/units[?department_id=] → {items: [{id, department_id, parent_id, code, name, kind, level, region_code}]}. */
export function listUnits(departmentId, options) {
  return http.get('/org/units', { query: { department_id: departmentId }, ...options });
}

/** GET /org/regions → {items: [{code, name, parent_code, level}]}. */
export function listRegions(options) {
  return http.get('/org/regions', options);
}

/**
 * GET /items?department_id=&active=true → {items: [{id, code, name, category, level, life_safety,
 * active, current_version, published_version}], total}.
 */
export function listItems(departmentId, options) {
  return http.get('/items', { query: { department_id: departmentId, active: true, page_size: 500 }, ...options });
}

/** GET /items/{id} → the item with its current content (ratio_min, qualifications …). */
export function getItem(id, options) {
  return http.get(`/items/${id}`, options);
}

/** GET /dictionaries/{name} → {name, title, entries: [{value, label, retired}]}. */
export function getDictionary(name, options) {
  return http.get(`/dictionaries/${encodeURIComponent(name)}`, options);
}

/** POST /targets/describe {filter} → {filter (canonical), description (Chinese), count}. */
export function describeFilter(filter, options) {
  return http.post('/targets/describe', { filter }, options);
}
