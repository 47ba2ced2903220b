// The state of one witnessed draw that every ceremony step reads: the draw as the server has it
// (GET /draws/{no}), the step it is at, and the one operation in flight. DrawCeremony creates it
// and hands it to its steps; a step changes the draw only through setDraw, load and run.
import { computed, onBeforeUnmount, reactive, ref, watch } from 'vue';
import { getDraw } from '@/api/draws';

// When an operation of some ceremony on the page last finished (ms). A ceremony whose step
// changes soon after brings that step to the top of the screen: after a commit the page lands at
// the next step, not mid-table (the committing ceremony may be replaced by the new draw's).
let lastOperationAt = 0;
/** Whether an operation finished within the last few seconds (for DrawCeremony's scroll). */
export function operationJustFinished() {
  return Date.now() - lastOperationAt < 5000;
}

/**
 * @param {function(): string} drawNo  the draw number ('' before the commitment)
 * @returns a reactive object: draw, loading, busy, committed, revealed, witnesses, sources,
 *   valuesDone, current (1..4, 5 when revealed), stepState(n), load, setDraw, run
 */
export function useCeremony(drawNo) {
  const draw = ref(null);
  const loading = ref(false);
  // The operation in flight ('commit', 'witness', 'value-<position>', 'reveal'): its button
  // shows it, and the poll waits.
  const busy = ref('');

  async function load({ quiet = false } = {}) {
    if (!drawNo()) {
      draw.value = null;
      return;
    }
    if (!quiet) loading.value = true;
    try {
      draw.value = await getDraw(drawNo(), { silent: quiet });
    } catch {
      // shown (or a quiet poll failed: keep what we have)
    } finally {
      loading.value = false;
    }
  }
  watch(drawNo, () => load(), { immediate: true });

  // While the ceremony runs, values may be entered on another device (a witness's phone): keep
  // the projected page current.
  let poll = null;
  watch(
    () => draw.value && draw.value.status === 'committed',
    (open) => {
      clearInterval(poll);
      if (open) poll = setInterval(() => document.visibilityState === 'visible' && !busy.value && load({ quiet: true }), 5000);
    },
    { immediate: true },
  );
  onBeforeUnmount(() => clearInterval(poll));

  const committed = computed(() => !!draw.value);
  const revealed = computed(() => draw.value?.status === 'revealed');
  const witnesses = computed(() => draw.value?.witnesses || []);
  const sources = computed(() => draw.value?.sources || []);
  const valuesDone = computed(() => sources.value.length > 0 && sources.value.every((s) => s.value != null && s.value !== ''));

  const current = computed(() => {
    if (!committed.value) return 1;
    if (revealed.value) return 5;
    if (!witnesses.value.length) return 2;
    if (!valuesDone.value) return 3;
    return 4;
  });
  /** How step `n` (1..4) is shown: 'done', 'current', 'open' (may be done now) or 'locked'. */
  function stepState(n) {
    if (n === 1) return committed.value ? 'done' : 'current';
    if (revealed.value) return 'done';
    if (!committed.value) return 'locked';
    if (n === 2) return witnesses.value.length ? 'done' : 'current';
    if (n === 3) return valuesDone.value ? 'done' : witnesses.value.length ? 'current' : 'open';
    return current.value === 4 ? 'current' : 'locked';
  }

  /** The draw as an API call answered it. */
  function setDraw(d) {
    draw.value = d;
  }

  /** Runs `action` as the operation `name`; resolves or rejects as the action does. */
  async function run(name, action) {
    busy.value = name;
    try {
      return await action();
    } finally {
      busy.value = '';
      lastOperationAt = Date.now();
    }
  }

  return reactive({ draw, loading, busy, committed, revealed, witnesses, sources, valuesDone, current, stepState, load, setDraw, run });
}
