// The versions of a versioned register record (an 抽查事项, a department's 细则) and the
// comparison of any two of them, as ItemDetail and RulesView show them.
import { computed, nextTick, ref } from 'vue';

/**
 * Version list and comparison state.
 *
 * Set `versions` after loading the record, then call `compareDefault`. Bind `diffPanel` as the
 * template ref of the comparison panel; it is scrolled into view when a comparison is asked for.
 *
 * @param {function(number, number): Promise<object>} fetchDiff  the changes from one version to
 *   another, e.g. `(from, to) => diffItem(id, from, to)`
 */
export function useVersionCompare(fetchDiff) {
  const versions = ref([]);
  const diffFrom = ref(null);
  const diffTo = ref(null);
  const diff = ref(null);
  const diffLoading = ref(false);
  const diffPanel = ref(null);

  const sortedVersions = computed(() => [...versions.value].sort((a, b) => b.version - a.version));
  const versionOptions = computed(() => sortedVersions.value.map((v) => ({ value: v.version, label: `第 ${v.version} 版` })));

  /** Loads the comparison of diffFrom → diffTo (none when either is unset or it fails). */
  async function runDiff() {
    diff.value = null;
    if (!diffFrom.value || !diffTo.value) return;
    diffLoading.value = true;
    try {
      diff.value = await fetchDiff(diffFrom.value, diffTo.value);
    } catch {
      diff.value = null;
    } finally {
      diffLoading.value = false;
    }
  }

  function showPanel() {
    diffPanel.value?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  /**
   * The comparison shown on opening: the versions the query names (`?from=&to=`, as an edit
   * page links after saving; the panel is then scrolled to), else the published version (or the
   * one before the current) against the current one.
   */
  async function compareDefault(current, published, query) {
    const qFrom = Number(query.from);
    const qTo = Number(query.to);
    if (qFrom && qTo) {
      diffFrom.value = qFrom;
      diffTo.value = qTo;
    } else if (current > 1) {
      diffFrom.value = published && published !== current ? published : current - 1;
      diffTo.value = current;
    } else {
      diffFrom.value = diffTo.value = null;
    }
    await runDiff();
    if (qFrom && qTo) {
      await nextTick();
      showPanel();
    }
  }

  /** Compares a version with the one before it and scrolls to the comparison. */
  function compareWithPrevious(v) {
    diffFrom.value = v.version - 1;
    diffTo.value = v.version;
    runDiff();
    nextTick(showPanel);
  }

  return { versions, diffFrom, diffTo, diff, diffLoading, diffPanel, sortedVersions, versionOptions, runDiff, compareDefault, compareWithPrevious };
}
