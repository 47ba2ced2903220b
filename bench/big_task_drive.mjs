// The big task's ceremony through the HTTP API (issue 12, acceptance 1: the server's share of each
// click): the data of tests/browser/big_task.mjs (1,850 objects, 480 inspectors), then preview,
// target draw, eligibility, the inspector draw's commit and reveal, and the task read after it.
// For each step: the client's wall time, the server process's CPU time over the call (user +
// system, from /proc/PID/stat: on a machine shared with other builds the wall time swings, the
// CPU time much less) and the answer's size. One JSON line per step on stdout.
//
//   SUIJI_BASE_URL=http://127.0.0.1:PORT node bench/big_task_drive.mjs SERVER_PID
import fs from 'node:fs';
import { Api } from '../tests/browser/harness.mjs';
import { BIG, INSPECTORS, importCsv, inspectorsCsv, setUp } from '../tests/browser/big_task_data.mjs';

const serverPid = Number(process.argv[2]);
if (!serverPid) {
  console.error('usage: node bench/big_task_drive.mjs SERVER_PID');
  process.exit(2);
}
const TICKS = 100; // USER_HZ: /proc/PID/stat counts CPU time in 1/100 s

function cpuMs() {
  const fields = fs.readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS; // utime, stime
}

async function step(name, fn) {
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const answer = await fn();
  const wall = performance.now() - t0;
  const cpu = cpuMs() - cpu0;
  const bytes = answer === undefined ? 0 : Buffer.byteLength(JSON.stringify(answer));
  console.log(JSON.stringify({ step: name, wall_ms: Math.round(wall), server_cpu_ms: Math.round(cpu), bytes }));
  return answer;
}

async function main() {
  const api = new Api();
  await api.login('planner');
  const { big } = await setUp(api);
  await importCsv(api, 'inspectors', inspectorsCsv(), INSPECTORS);
  const draw = (no) => `/draws/${encodeURIComponent(no)}`;
  const preview = await step('preview', () => api.call('GET', `/tasks/${big.id}/preview`));
  if (preview.quota !== BIG) throw new Error(`quota ${preview.quota}, expected ${BIG}`);
  let task = await step('target commit', () => api.call('POST', `/tasks/${big.id}/commit`, { sources: ['现场见证人掷骰'] }));
  await api.call('POST', `${draw(task.target_draw_no)}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
  await api.call('PUT', `${draw(task.target_draw_no)}/sources/0`, { value: '4 2' });
  task = await step('target reveal', () => api.call('POST', `/tasks/${big.id}/reveal`, { values: [] }));
  await step('eligibility', () => api.call('GET', `/tasks/${big.id}/eligibility?department_id=1`));
  task = await step('inspector commit', () =>
    api.call('POST', `/tasks/${big.id}/inspectors/commit`, { department_id: 1, sources: ['现场见证人掷骰'] }),
  );
  const pending = task.inspector_draws.find((d) => d.status === 'committed');
  await step('GET draw (committed)', () => api.call('GET', draw(pending.draw_no)));
  await step('eligibility (after commit)', () => api.call('GET', `/tasks/${big.id}/eligibility?department_id=1`));
  await api.call('POST', `${draw(pending.draw_no)}/witnesses`, { name: '王丽', organisation: '金水区公证处' });
  await api.call('PUT', `${draw(pending.draw_no)}/sources/0`, { value: '6 1 4' });
  task = await step('inspector reveal', () =>
    api.call('POST', `/tasks/${big.id}/inspectors/reveal`, { draw_no: pending.draw_no, values: [] }),
  );
  await step('GET draw (revealed)', () => api.call('GET', draw(pending.draw_no)));
  await step('eligibility (after reveal)', () => api.call('GET', `/tasks/${big.id}/eligibility?department_id=1`));
  await step('GET task', () => api.call('GET', `/tasks/${big.id}`));
  // The reveal answers with the task's summary: places counted, not listed.
  console.log(JSON.stringify({ status: task.status, problems: task.problem_count, inspector_places: task.inspector_places }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
