// A paged list whose filter lives in the URL: the register list pages (事项, 检查对象, 执法检查人员,
// 专家, 回避关系) read their filter form and page from the route query, load one page from the
// server, and write the form back to the query when the user searches, so a reload, a shared
// link or a detail page's back link restores the same list.
import { reactive, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { queryInt, queryList } from '@/utils/registers';

/**
 * Readers for `read`: each takes the raw query value and returns the form value, or undefined
 * to keep the field's default.
 */
export const fromQuery = {
  text: (v) => v || undefined,
  /** A positive whole number, e.g. department_id=3 → 3. */
  id: (v) => queryInt(v, undefined),
  /** "a,b" → ['a', 'b']. */
  list: (v) => queryList(v),
  /** "3,4" → [3, 4]. */
  ids: (v) => queryList(v).map(Number).filter(Boolean),
  /** 'true' / 'false' kept as text for a 全部/是/否 select; anything else → default. */
  bool: (v) => (v === 'true' || v === 'false' ? v : undefined),
  /** A checkbox: true only for 'true'. */
  flag: (v) => v === 'true',
};

/** The query value of one form field; '' means "leave it out". */
function queryValue(v) {
  if (Array.isArray(v)) return v.join(',');
  if (v === null || v === undefined || v === false) return '';
  return String(v).trim();
}

/**
 * The state and actions of a paged list filtered through the route query.
 *
 * The query holds every non-empty form field (lists joined by ",", text trimmed), `page` when
 * above 1 and `page_size` when not the first of `pageSizes`. The server is asked for
 * `{...filter, page, page_size}` and answers `{items, total}`.
 *
 * @param {object} options
 * @param {string} options.routeName  the list's route; the query is only read while it is shown
 * @param {object} options.defaults   the empty filter form, e.g. `{ q: '', department_id: '' }`
 * @param {Object<string, function>} [options.read]  how to read a field from the query (see
 *   `fromQuery`); a field not named is read by its default: an array as a list, a boolean as a
 *   flag, anything else as text
 * @param {function(object): Promise<{items: Array, total: number}>} options.fetch  loads one page
 * @param {number[]} [options.pageSizes=[20]]  the page sizes offered; the first is the default
 * @param {function(object): void} [options.onRead]  called with the form after each read from
 *   the query, before loading
 */
export function useQueryList({ routeName, defaults, read = {}, fetch, pageSizes = [20], onRead }) {
  const route = useRoute();
  const router = useRouter();
  const fresh = () => Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));

  const form = reactive(fresh());
  const rows = ref([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(pageSizes[0]);
  const loading = ref(false);

  function readQuery(q) {
    for (const [k, v] of Object.entries(fresh())) {
      const reader = read[k] || (Array.isArray(v) ? fromQuery.list : typeof v === 'boolean' ? fromQuery.flag : fromQuery.text);
      const value = reader(q[k]);
      form[k] = value === undefined ? v : value;
    }
    page.value = queryInt(q.page, 1);
    const size = queryInt(q.page_size, pageSizes[0]);
    pageSize.value = pageSizes.includes(size) ? size : pageSizes[0];
    if (onRead) onRead(form);
  }

  /** The filter form as query values, without paging. */
  function filterQuery() {
    const q = {};
    for (const [k, v] of Object.entries(form)) {
      const s = queryValue(v);
      if (s !== '') q[k] = s;
    }
    return q;
  }

  function toQuery() {
    const q = filterQuery();
    if (page.value > 1) q.page = String(page.value);
    if (pageSize.value !== pageSizes[0]) q.page_size = String(pageSize.value);
    return q;
  }

  /** Loads the current page; on failure the list is empty (the API client showed the error). */
  async function load() {
    loading.value = true;
    try {
      const data = await fetch({ ...filterQuery(), page: page.value, page_size: pageSize.value });
      rows.value = data.items || [];
      total.value = data.total || 0;
    } catch {
      rows.value = [];
      total.value = 0;
    } finally {
      loading.value = false;
    }
  }

  /** Puts the form into the URL (back to page 1 unless `resetPage` is false), or reloads if unchanged. */
  function apply(resetPage = true) {
    if (resetPage) page.value = 1;
    const q = toQuery();
    if (JSON.stringify(q) === JSON.stringify(route.query)) load();
    else router.replace({ name: routeName, query: q }).catch(() => {});
  }

  /** Clears the form and searches. */
  function reset() {
    Object.assign(form, fresh());
    apply();
  }

  /** For el-pagination's current-change. */
  function setPage(p) {
    page.value = p;
    apply(false);
  }

  /** For el-pagination's size-change. */
  function setPageSize(s) {
    pageSize.value = s;
    apply();
  }

  watch(
    () => route.query,
    (q) => {
      if (route.name !== routeName) return;
      readQuery(q);
      load();
    },
    { immediate: true },
  );

  return { form, rows, total, page, pageSize, loading, load, apply, reset, filterQuery, setPage, setPageSize };
}
