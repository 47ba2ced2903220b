// The signed-in inspector's assignments (GET /my/tasks), who they are (GET /me/inspector, to
// tell co-inspectors from themselves) and the names of the items to inspect.
import { ref } from 'vue';
import { myInspector, myTasks } from '@/api/tasks';
import { listItems } from '@/api/planLookups';

export function useMyTasks() {
  const tasks = ref([]);
  const me = ref(null);
  const itemNames = ref({}); // "deptId|code" -> name
  const loading = ref(false);
  const error = ref('');

  async function load() {
    loading.value = true;
    error.value = '';
    try {
      const [t, m] = await Promise.all([
        myTasks({ silent: true }),
        myInspector({ silent: true }).catch(() => null),
      ]);
      tasks.value = t.items || [];
      me.value = m;
      const depts = new Set();
      for (const task of tasks.value) for (const d of task.departments || []) depts.add(d.department_id);
      const names = {};
      await Promise.all(
        [...depts].map((id) =>
          listItems(id, { silent: true })
            .then((r) => {
              for (const i of r.items || []) names[`${id}|${i.code}`] = i.name;
            })
            .catch(() => {}),
        ),
      );
      itemNames.value = names;
    } catch (err) {
      tasks.value = [];
      error.value = err.message || '无法获取检查任务';
    } finally {
      loading.value = false;
    }
  }

  /** My targets of a task, each with its full team and the experts going along. */
  function myTargets(task) {
    const mine = new Set(task.my_target_ids || []);
    return (task.targets || [])
      .filter((t) => mine.has(t.target_id))
      .map((t) => ({
        ...t,
        team: (task.assignments || []).filter((a) => a.target_id === t.target_id),
        experts: (task.experts || []).filter((e) => e.target_id === t.target_id),
      }));
  }

  function isMe(member) {
    if (!me.value) return false;
    return member.cert_no === me.value.cert_no;
  }

  /** Items of the task: [{department, code, name}]. */
  function itemsOf(task) {
    const out = [];
    for (const d of task.departments || []) {
      for (const code of d.items || []) out.push({ department: d.name, code, name: itemNames.value[`${d.department_id}|${code}`] || '' });
    }
    return out;
  }

  return { tasks, me, loading, error, load, myTargets, isMe, itemsOf };
}

/** Days from today (Beijing) to an ISO date: negative when past. */
export function daysUntil(iso) {
  if (!iso) return null;
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  return Math.round((Date.parse(iso) - Date.parse(today)) / 86400000);
}

/** "进行中" / "3 天后开始" / "已结束" for a window. */
export function windowState(from, to) {
  const start = daysUntil(from);
  const end = daysUntil(to);
  if (end !== null && end < 0) return { text: '检查期已结束', type: 'info' };
  if (start !== null && start > 0) return { text: `${start} 天后开始`, type: 'primary' };
  return { text: end === 0 ? '今天截止' : `进行中，剩 ${end} 天`, type: end !== null && end <= 3 ? 'warning' : 'success' };
}
