// A long list of rows shown a page at a time, with a search box and an optional filter: what the
// task pages use for thousands of targets, teams and notices (issue 12: a 2,000-target task
// must render each step in under a second and stay a few screens tall). The table renders
// `pageRows`; an <el-pagination> binds `page`, `pageSize` and `filtered.length`.
import { computed, ref, watch } from 'vue';
import { useMediaQuery } from './useMediaQuery';

/**
 * @param {import('vue').Ref<Array>|function(): Array} rows  all rows
 * @param {object} options
 * @param {function(row): string} [options.text]  the text a search matches (lower-cased here)
 * @param {function(row, filter): boolean} [options.keep]  the filter; `filter` is the ref below
 * @param {*} [options.filter]  the filter's first value
 * @param {number[]} [options.size]  rows per page on a wide screen and on a phone
 * @returns {{query, filter, page, pageSize, filtered, pageRows, offset}}
 */
export function usePagedRows(rows, { text = () => '', keep = () => true, filter: first = '', size = [20, 10] } = {}) {
  const all = typeof rows === 'function' ? computed(rows) : rows;
  const phone = useMediaQuery('(max-width: 767px)');
  const pageSize = computed(() => (phone.value ? size[1] : size[0]));
  const query = ref('');
  const filter = ref(first);
  const page = ref(1);
  const filtered = computed(() => {
    const q = query.value.trim().toLowerCase();
    return all.value.filter((r) => keep(r, filter.value) && (!q || text(r).toLowerCase().includes(q)));
  });
  const offset = computed(() => (page.value - 1) * pageSize.value);
  const pageRows = computed(() => filtered.value.slice(offset.value, offset.value + pageSize.value));
  watch([query, filter, pageSize, () => all.value.length], () => (page.value = 1));
  return { query, filter, page, pageSize, filtered, pageRows, offset };
}
