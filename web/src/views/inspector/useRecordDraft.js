// The inspector's record of one task target (for one inspecting department) while it is being
// typed on a phone: the form, autosave to the server and a copy on the phone.
//
// Every change is written at once to localStorage (so a reload, a dead battery or no signal
// loses nothing) and, after a short pause, saved to the server as a draft with the revision the
// phone last saw (PUT /tasks/{id}/records). A successful save removes the local copy. When the
// save fails (offline, server error, a value the server refuses) the copy stays and the page
// says so; saving is retried when the phone comes back online. On reload a local copy made on
// top of the server's current revision is restored and saved; one made on an older revision
// (someone else saved since) is offered to the user instead of silently overwriting.
import { computed, onBeforeUnmount, reactive, ref, watch } from 'vue';
import { ApiError } from '@/api/http';
import { saveRecord, taskRecords } from '@/api/results';
import { recordEditable } from '@/constants/results';

const AUTOSAVE_DELAY_MS = 1200;
const RETRY_MS = 20000;

function emptyItem(code) {
  return { item_code: code, methods: [], inspected_on: null, findings: '', handling: '', result: '', follow_up: '', confidential: false, lenient: false };
}

/** The editable form of a server record: one entry per item of the department, in its order. */
export function formOf(record) {
  const byCode = new Map((record.items || []).map((i) => [i.item_code, i]));
  return {
    mode: record.cannot_inspect ? 'cannot' : 'inspect',
    cannot_inspect: record.cannot_inspect || '',
    cannot_inspect_on: record.cannot_inspect_on || null,
    remark: record.remark || '',
    items: (record.item_codes || []).map((code) => {
      const i = byCode.get(code);
      return i
        ? {
            ...emptyItem(code),
            ...i,
            methods: [...(i.methods || [])],
            inspected_on: i.inspected_on || null,
          }
        : emptyItem(code);
    }),
  };
}

/** The PUT body's entry part: a cannot-inspect record carries no item entries. */
export function entryOf(form) {
  const cannot = form.mode === 'cannot';
  return {
    cannot_inspect: cannot ? form.cannot_inspect || '' : '',
    cannot_inspect_on: cannot ? form.cannot_inspect_on || null : null,
    remark: form.remark || '',
    items: cannot
      ? []
      : form.items.map((i) => ({
          item_code: i.item_code,
          methods: [...i.methods],
          inspected_on: i.inspected_on || null,
          findings: i.findings || '',
          handling: i.handling || '',
          result: i.result || '',
          follow_up: i.follow_up || '',
          confidential: !!i.confidential,
          lenient: !!i.lenient,
        })),
  };
}

function storageKey({ userId, taskId, targetId, departmentId }) {
  return `suiji.recordDraft.v1.u${userId}.t${taskId}.o${targetId}.d${departmentId}`;
}

function readLocal(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/**
 * @param {{userId: number, taskId: number, targetId: number, departmentId: number}} ids
 */
export function useRecordDraft(ids) {
  const key = storageKey(ids);
  const record = ref(null);
  const form = reactive({ mode: 'inspect', cannot_inspect: '', cannot_inspect_on: null, remark: '', items: [] });
  const loading = ref(false);
  const loadError = ref('');
  /** idle | pending (typed, not yet sent) | saving | saved | local (kept on the phone) | conflict */
  const saveState = ref('idle');
  const saveError = ref('');
  const savedAt = ref('');
  /** A local copy made on an older revision, waiting for the user's decision. */
  const staleLocal = ref(null);

  let savedJson = ''; // the entry as the server last stored it
  let timer = null;
  let retryTimer = null;
  let inflight = null;

  const editable = computed(() => !!record.value && recordEditable(record.value));
  const currentJson = () => JSON.stringify(entryOf(form));
  const dirty = () => currentJson() !== savedJson;

  // Changes made here are not the user's: the watcher below only acts when the entry differs
  // from what the server stored, so loading a record does not save it again.
  function setForm(f) {
    Object.assign(form, f);
  }

  function keepLocal() {
    try {
      window.localStorage.setItem(
        key,
        JSON.stringify({ form: JSON.parse(JSON.stringify(form)), base_revision: record.value?.revision ?? 0, kept_at: new Date().toISOString() }),
      );
    } catch {
      // Storage full or disabled: the server save is all we have.
    }
  }

  function dropLocal() {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // ignore
    }
  }

  function accept(r, { resetForm = false } = {}) {
    record.value = r;
    savedJson = JSON.stringify(entryOf(formOf(r)));
    if (resetForm) setForm(formOf(r));
  }

  async function load() {
    loading.value = true;
    loadError.value = '';
    try {
      const res = await taskRecords(ids.taskId, { target_id: ids.targetId, department_id: ids.departmentId }, { silent: true });
      const r = (res.items || [])[0];
      if (!r) throw new ApiError(404, 'RECORD_NOT_FOUND', '没有找到该检查对象的检查记录');
      accept(r, { resetForm: true });
      const local = readLocal(key);
      if (local && local.form && recordEditable(r)) {
        if ((local.base_revision ?? 0) === r.revision) {
          setForm({ ...formOf(r), ...local.form });
          if (dirty()) {
            saveState.value = 'local';
            saveError.value = '已恢复本机保存的草稿，正在同步到服务器…';
            schedule(0);
          } else {
            dropLocal();
          }
        } else {
          staleLocal.value = local;
        }
      } else if (local && !recordEditable(r)) {
        dropLocal(); // submitted or reviewed meanwhile: the phone's copy is moot
      }
      saveState.value = saveState.value === 'local' ? 'local' : 'idle';
    } catch (err) {
      loadError.value = err.message || '无法获取检查记录';
    } finally {
      loading.value = false;
    }
  }

  /** Uses the phone's older copy on top of the server's current revision (the user chose so). */
  function restoreStale() {
    if (!staleLocal.value) return;
    setForm({ ...formOf(record.value), ...staleLocal.value.form });
    staleLocal.value = null;
    keepLocal();
    schedule(0);
  }

  function discardStale() {
    staleLocal.value = null;
    dropLocal();
  }

  // `create`: store the record even when nothing was typed yet (evidence needs its id).
  async function doSave(create = false) {
    const json = currentJson();
    const needed = json !== savedJson || (create && !record.value?.id);
    if (!needed || !editable.value) {
      if (json === savedJson) dropLocal();
      return record.value;
    }
    saveState.value = 'saving';
    saveError.value = '';
    try {
      const r = record.value;
      const saved = await saveRecord(
        ids.taskId,
        { target_id: ids.targetId, department_id: ids.departmentId, revision: r.id ? r.revision : 0, ...JSON.parse(json) },
        { silent: true },
      );
      accept(saved);
      savedAt.value = new Date().toISOString();
      if (currentJson() === savedJson) {
        dropLocal();
        saveState.value = 'saved';
      } else {
        keepLocal();
        saveState.value = 'pending';
        schedule();
      }
      return saved;
    } catch (err) {
      keepLocal();
      if (err instanceof ApiError && err.code === 'RECORD_CHANGED') {
        saveState.value = 'conflict';
        saveError.value = err.message;
      } else {
        saveState.value = 'local';
        saveError.value =
          err instanceof ApiError && (err.status === 0 || err.status >= 500)
            ? '网络不可用，草稿已保存在本机，恢复网络后自动同步'
            : `草稿已保存在本机，服务器未保存：${err.message}`;
        if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) {
          clearTimeout(retryTimer);
          retryTimer = setTimeout(() => schedule(0), RETRY_MS);
        }
      }
      throw err;
    }
  }

  /**
   * Saves now (after any save in flight); resolves to the server's record. With `create`, a
   * record that was never saved is stored even when empty.
   */
  function flush({ create = false } = {}) {
    clearTimeout(timer);
    timer = null;
    const run = () => doSave(create);
    inflight = (inflight || Promise.resolve()).catch(() => {}).then(run);
    const mine = inflight;
    return mine.finally(() => {
      if (inflight === mine) inflight = null;
    });
  }

  function schedule(delay = AUTOSAVE_DELAY_MS) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      flush().catch(() => {});
    }, delay);
  }

  /** The server's version replaces the form (after a conflict, or to throw local changes away). */
  async function reloadFromServer() {
    dropLocal();
    staleLocal.value = null;
    saveState.value = 'idle';
    saveError.value = '';
    await load();
  }

  /** After a conflict: keep what is on the phone, on top of the server's newest revision. */
  async function overwriteServer() {
    const mine = JSON.parse(JSON.stringify(form));
    const res = await taskRecords(ids.taskId, { target_id: ids.targetId, department_id: ids.departmentId });
    accept(res.items[0]);
    setForm({ ...formOf(record.value), ...mine });
    return flush();
  }

  /** Replaces the record after an action (submit, confirm …) and drops the local copy. */
  function replaceRecord(r) {
    dropLocal();
    accept(r, { resetForm: true });
    saveState.value = 'idle';
    saveError.value = '';
  }

  watch(
    form,
    () => {
      if (!editable.value) return;
      if (!dirty()) return;
      keepLocal();
      if (saveState.value !== 'conflict') {
        saveState.value = 'pending';
        schedule();
      }
    },
    { deep: true },
  );

  const onOnline = () => {
    if (dirty() && saveState.value !== 'conflict') schedule(0);
  };
  window.addEventListener('online', onOnline);
  onBeforeUnmount(() => {
    window.removeEventListener('online', onOnline);
    clearTimeout(retryTimer);
    if (timer && dirty()) flush().catch(() => {}); // leaving the page: send what was typed
    clearTimeout(timer);
  });

  return {
    record,
    form,
    loading,
    loadError,
    saveState,
    saveError,
    savedAt,
    staleLocal,
    editable,
    load,
    flush,
    dirty,
    restoreStale,
    discardStale,
    reloadFromServer,
    overwriteServer,
    replaceRecord,
  };
}
