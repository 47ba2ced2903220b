// The portal's 抽查事项清单 (SPEC §PORTAL, no login): items as published, their published
// versions and the differences between two of them. Shapes follow src/api/routes_items.cc:
//   PublicItem {id, department_id, department_name, code, name, category, level, life_safety,
//     active, published_version, published_at, item: ItemFields}
//   PublicItemVersion {version, published_at, item: ItemFields}
//   Changes {from, to, changes: [{field, label, old, new}]}
import { http } from './http';

const PUBLIC = { silent: true, authRedirect: false };

/** GET /public/items?q=&category=&department_id=&page=&page_size= → {items, total, page, page_size}. */
export function listPublicItems(query = {}) {
  return http.get('/public/items', { query, ...PUBLIC });
}

/** GET /public/items/{id}/versions → {items: [PublicItemVersion]} (oldest first). */
export function publicItemVersions(id) {
  return http.get(`/public/items/${id}/versions`, PUBLIC);
}

/** GET /public/items/{id}/diff?from=&to= → Changes between two published versions. */
export function publicItemDiff(id, from, to) {
  return http.get(`/public/items/${id}/diff`, { query: { from, to }, ...PUBLIC });
}
