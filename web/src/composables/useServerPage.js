// A long list read from the server a page at a time, with a search box and filters: what the task
// pages use for the locked targets, teams and notices of a task (issues 12 and 15: a task may lock
// tens of thousands of targets; the browser holds one page). The table renders `rows`; an
// <el-pagination> binds `page`, `pageSize` and `total`. Typing in the search box reloads after a
// short pause; any change of the search, a filter or the page size goes back to page 1.
// `ready` is false from a request until its answer: a table shows only rows that answer the
// current search, filter and page (never the previous page's rows under a new filter, nor an
// empty table before the first page came).
import { computed, ref, watch } from 'vue';
import { useMediaQuery } from './useMediaQuery';

/**
 * @param {function(object): Promise<{items: Array, total: number}>} fetch  loads one page; given
 *   {page, page_size, q, ...filters()}
 * @param {object} options
 * @param {function(): object} [options.filters]  further query parameters (reactive: a change reloads)
 * @param {number[]} [options.size]  rows per page on a wide screen and on a phone
 * @param {function(): boolean} [options.enabled]  false: nothing is loaded (e.g. before the lock)
 * @returns {{query, page, pageSize, rows, total, loading, ready, offset, reload}}
 */
export function useServerPage(fetch, { filters = () => ({}), size = [20, 10], enabled = () => true } = {}) {
  const phone = useMediaQuery('(max-width: 767px)');
  const pageSize = computed(() => (phone.value ? size[1] : size[0]));
  const query = ref('');
  const page = ref(1);
  const rows = ref([]);
  const total = ref(0);
  const loading = ref(false);
  const ready = ref(false);
  let serial = 0;

  async function reload() {
    const mine = ++serial;
    if (!enabled()) {
      rows.value = [];
      total.value = 0;
      loading.value = false;
      ready.value = false;
      return;
    }
    loading.value = true;
    ready.value = false;
    rows.value = [];
    try {
      const q = query.value.trim();
      const data = await fetch({ page: page.value, page_size: pageSize.value, ...(q ? { q } : {}), ...filters() });
      if (mine !== serial) return; // a newer request answers for the list
      rows.value = data.items || [];
      total.value = data.total || 0;
    } catch {
      if (mine !== serial) return;
      rows.value = [];
      total.value = 0;
    } finally {
      if (mine === serial) {
        loading.value = false;
        ready.value = true;
      }
    }
  }

  let timer = null;
  watch(query, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (page.value !== 1) page.value = 1;
      else reload();
    }, 250);
  });
  watch([() => JSON.stringify(filters()), pageSize, () => enabled()], () => {
    if (page.value !== 1) page.value = 1;
    else reload();
  });
  watch(page, reload);
  reload();

  const offset = computed(() => (page.value - 1) * pageSize.value);
  return { query, page, pageSize, rows, total, loading, ready, offset, reload };
}
