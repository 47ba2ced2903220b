// Shared state of the register pages: what the user may do (from their role grants), the
// organisation (departments, units, regions) and the dictionaries, each fetched once per page
// load and shared by every page that asks.
import { computed, reactive, ref } from 'vue';
import { useSessionStore } from '@/stores/session';
import * as api from '@/api/registers';
import { splitProblems } from '@/utils/registers';

/**
 * What the signed-in user may do in the registers. Mirrors the server's role × permission table
 * (core/authz.cc) only to hide buttons; the server checks every request against the scope.
 */
export function useRegisterAccess() {
  const session = useSessionStore();
  const roles = computed(() => session.roles.map((r) => r.role));
  const has = (...codes) => computed(() => roles.value.some((r) => codes.includes(r)));
  const grants = computed(() => session.roles);
  /** Department ids named by the user's department-scoped grants (first = the home department). */
  const departmentIds = computed(() =>
    session.roles
      .filter((r) => typeof r.scope === 'string' && r.scope.startsWith('department:'))
      .map((r) => Number(r.scope.slice('department:'.length))),
  );
  const unitIds = computed(() =>
    session.roles
      .filter((r) => typeof r.scope === 'string' && r.scope.startsWith('unit:'))
      .map((r) => Number(r.scope.slice('unit:'.length))),
  );
  return {
    roles,
    grants,
    canRead: has('admin', 'coordinator', 'planner', 'approver', 'inspector'),
    canWrite: has('planner'),
    canApprove: has('approver'),
    canRevealPii: has('admin'),
    departmentIds,
    unitIds,
  };
}

const org = reactive({
  departments: [],
  units: [],
  regions: [],
  dictionaries: {},
  loaded: false,
});
let orgPromise = null;

/** Loads departments, units, regions and dictionaries once; later calls share the result. */
export function loadOrg() {
  if (!orgPromise) {
    orgPromise = Promise.all([
      api.listDepartments(),
      api.listUnits(),
      api.listRegions(),
      api.listDictionaries(),
    ])
      .then(([d, u, r, dict]) => {
        org.departments = d.items || [];
        org.units = u.items || [];
        org.regions = r.items || [];
        const byName = {};
        for (const x of dict.items || []) byName[x.name] = x;
        org.dictionaries = byName;
        org.loaded = true;
        return org;
      })
      .catch((err) => {
        orgPromise = null;
        throw err;
      });
  }
  return orgPromise;
}

/** Fetches the organisation again (after an administrator added a department or unit). */
export function reloadOrg() {
  orgPromise = null;
  return loadOrg();
}

/** The organisation data and lookups used by forms and filters. */
export function useOrg() {
  loadOrg().catch(() => {
    // The API client already showed the message; pages still render without names.
  });

  const departmentName = (id) => org.departments.find((d) => d.id === id)?.name || (id ? `部门 ${id}` : '');
  const unitName = (id) => org.units.find((u) => u.id === id)?.name || (id ? `单位 ${id}` : '');
  const regionName = (code) => org.regions.find((r) => r.code === code)?.name || '';
  const unitsOf = (departmentId) =>
    org.units.filter((u) => !departmentId || u.department_id === departmentId);
  /** The non-retired values of a dictionary as [{value, label}]. */
  const options = (name) =>
    (org.dictionaries[name]?.entries || [])
      .filter((e) => !e.retired)
      .map((e) => ({ value: e.value, label: e.label && e.label !== e.value ? `${e.value} ${e.label}` : e.value }));
  /** Units as a tree (department → units → sub-units) for el-tree-select. */
  const unitTree = computed(() =>
    org.departments.map((d) => {
      const of = org.units.filter((u) => u.department_id === d.id);
      const build = (parent) =>
        of
          .filter((u) => (u.parent_id || null) === parent)
          .map((u) => ({ value: u.id, label: u.name, children: build(u.id) }));
      return { value: `d${d.id}`, label: d.short_name || d.name, disabled: true, children: build(null) };
    }),
  );

  return { org, departmentName, unitName, regionName, unitsOf, options, unitTree };
}

/**
 * Validation errors of a register form. The server lists every problem in one message
 * ("标签：问题；标签：问题"); `show(error)` puts each next to its field (by the Chinese labels in
 * `labels`: {fieldKey: label | [labels]}) and keeps the rest for an alert above the form.
 */
export function useFormErrors(labels) {
  const fields = reactive({});
  const general = ref([]);
  function clear() {
    for (const k of Object.keys(fields)) delete fields[k];
    general.value = [];
  }
  function show(error) {
    clear();
    const { fields: byField, rest } = splitProblems(error && error.message, labels);
    Object.assign(fields, byField);
    general.value = rest.length || Object.keys(byField).length ? rest : [String(error && error.message)];
  }
  const count = computed(() => Object.keys(fields).length + general.value.length);
  return { fields, general, count, clear, show };
}

// Names of targets and inspectors referred to by id, shared: 回避 rows carry them (GET /conflicts);
// an id that came without a name (a filter from the URL) is fetched once. A record the reader may
// not see is named in plain words, never by its number.
const recordNames = reactive({ target: {}, inspector: {} });
const pendingNames = new Set();

export function useRecordNames() {
  function want(kind, id) {
    if (!id || recordNames[kind][id] !== undefined || pendingNames.has(`${kind}:${id}`)) return;
    pendingNames.add(`${kind}:${id}`);
    const fetcher = kind === 'target' ? api.getTarget(id, { silent: true }) : api.getInspector(id, { silent: true });
    fetcher
      .then((r) => {
        recordNames[kind][id] = kind === 'target' ? { name: r.name, sub: r.key } : { name: r.name, sub: r.cert_no };
      })
      .catch(() => {
        recordNames[kind][id] = null;
      })
      .finally(() => pendingNames.delete(`${kind}:${id}`));
  }
  /** Keeps the names 回避 rows carry; asks only for those a row came without. */
  function resolveConflicts(rows) {
    for (const r of rows || []) {
      if (r.target_name) recordNames.target[r.target_id] = { name: r.target_name, sub: r.target_key || '' };
      else want('target', r.target_id);
      if (r.inspector_name) recordNames.inspector[r.inspector_id] = { name: r.inspector_name, sub: r.inspector_cert_no || '' };
      else want('inspector', r.inspector_id);
    }
  }
  const targetName = (id) =>
    recordNames.target[id]?.name || (recordNames.target[id] === null ? '无权查看的检查对象' : '正在加载…');
  const targetKey = (id) => recordNames.target[id]?.sub || '';
  const inspectorName = (id) =>
    recordNames.inspector[id]?.name || (recordNames.inspector[id] === null ? '无权查看的执法检查人员' : '正在加载…');
  const inspectorCert = (id) => recordNames.inspector[id]?.sub || '';
  return { want, resolveConflicts, targetName, targetKey, inspectorName, inspectorCert };
}

/**
 * A record's change history for HistoryTable: `load(...args)` calls `fetchHistory(...args)`
 * (e.g. `expertHistory(id)`) and keeps its items, or none when it fails.
 */
export function useRecordHistory(fetchHistory) {
  const rows = ref([]);
  const loading = ref(false);
  async function load(...args) {
    loading.value = true;
    try {
      rows.value = (await fetchHistory(...args)).items || [];
    } catch {
      rows.value = [];
    } finally {
      loading.value = false;
    }
  }
  return { rows, loading, load };
}
