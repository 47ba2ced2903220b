// What the signed-in user may do in which department, for showing the right buttons on plan
// and task pages (SPEC §ORG). The server checks every request; this only decides what to offer.
//
// Grants: department:ID covers that department; region:CODE every department whose region code
// starts with CODE; global all; unit:ID the unit's department.
import { computed, ref } from 'vue';
import { useSessionStore } from '@/stores/session';
import { listDepartments, listUnits } from '@/api/planLookups';

// Roles that may prepare plans and run draws (kPlanWrite), approve (kPlanApprove), witness.
const PLANNING = ['planner', 'coordinator'];
const APPROVING = ['approver'];

let departmentsPromise = null;
let unitsPromise = null;

/** All departments (cached per page load); [] when the user may not read the organisation. */
export function loadDepartments() {
  if (!departmentsPromise) {
    departmentsPromise = listDepartments({ silent: true })
      .then((d) => (Array.isArray(d?.items) ? d.items : []))
      .catch(() => {
        departmentsPromise = null;
        return [];
      });
  }
  return departmentsPromise;
}

/** All units (cached per page load). */
export function loadUnits() {
  if (!unitsPromise) {
    unitsPromise = listUnits(undefined, { silent: true })
      .then((d) => (Array.isArray(d?.items) ? d.items : []))
      .catch(() => {
        unitsPromise = null;
        return [];
      });
  }
  return unitsPromise;
}

export function usePlanScope() {
  const session = useSessionStore();
  const departments = ref([]);
  const units = ref([]);
  const ready = ref(false);

  const roles = computed(() => session.roles || []);
  const roleCodes = computed(() => roles.value.map((r) => r.role));

  const load = async () => {
    const needUnits = roles.value.some((r) => /^unit:/.test(r.scope || ''));
    const [d, u] = await Promise.all([loadDepartments(), needUnits ? loadUnits() : Promise.resolve([])]);
    departments.value = d;
    units.value = u;
    ready.value = true;
  };
  const loaded = load();

  function covers(grant, deptId) {
    const scope = grant.scope || '';
    if (!scope || scope === 'global') return true;
    let m = /^department:(\d+)$/.exec(scope);
    if (m) return Number(m[1]) === Number(deptId);
    m = /^region:(\d+)$/.exec(scope);
    if (m) {
      const dept = departments.value.find((d) => d.id === Number(deptId));
      return !!dept && String(dept.region_code || '').startsWith(m[1]);
    }
    m = /^unit:(\d+)$/.exec(scope);
    if (m) {
      const unit = units.value.find((x) => x.id === Number(m[1]));
      return !!unit && unit.department_id === Number(deptId);
    }
    return false;
  }

  function holds(roleList, deptId) {
    return roles.value.some((g) => roleList.includes(g.role) && covers(g, deptId));
  }

  const canPlan = (deptId) => holds(PLANNING, deptId);
  const canApprove = (deptId) => holds(APPROVING, deptId);
  const canWitness = (deptId) => holds(['witness'], deptId);
  const hasRole = (...codes) => codes.some((c) => roleCodes.value.includes(c));

  /** Departments the user may plan for (for "新建" forms). */
  const planDepartments = computed(() => departments.value.filter((d) => d.active !== false && canPlan(d.id)));
  /** Departments the user may approve for. */
  const approveDepartments = computed(() => departments.value.filter((d) => canApprove(d.id)));

  /** The department a list page starts with: the user's own one when there is exactly one. */
  const homeDepartmentId = computed(() => {
    const ids = new Set();
    for (const g of roles.value) {
      const m = /^department:(\d+)$/.exec(g.scope || '');
      if (m) ids.add(Number(m[1]));
    }
    return ids.size === 1 ? [...ids][0] : null;
  });

  function departmentName(id) {
    const d = departments.value.find((x) => x.id === Number(id));
    return d ? d.name : '';
  }

  return {
    departments,
    units,
    ready,
    loaded,
    roles,
    roleCodes,
    canPlan,
    canApprove,
    canWitness,
    hasRole,
    planDepartments,
    approveDepartments,
    homeDepartmentId,
    departmentName,
  };
}
