// The big task's data (issue 12): 1,850 generated 重点监管 objects of the demo district and 480
// inspectors whose units cover their streets, as CSV files for the product's own register
// imports, and the two tasks over them. Shared by tests/browser/big_task.mjs and the server-side
// bench of the same flow (bench/big_task_drive.mjs).
import { base, withUsccCheck } from './harness.mjs';

export const BIG = 1850; // objects imported; the big task draws all of them
export const SMALL = 100; // the middle task's objects are those after the first these
export const MIDDLE = 200; // and this many

// ---- test data: a CSV of the target register --------------------------------------------------
// Roads of the demo district and the 市场监管所 that has jurisdiction over each (the demo's own
// street map, src/service/demo_registers.cc), so the objects spread over every station.
const STREETS = [
  ['经八路', '经八路市场监管所'],
  ['花园路', '花园路市场监管所'],
  ['人民路', '人民路市场监管所'],
  ['杜岭街', '杜岭市场监管所'],
  ['黄河路', '南阳路市场监管所'],
  ['南阳路', '南阳路市场监管所'],
  ['文化路', '文化路市场监管所'],
  ['丰产路', '文化路市场监管所'],
  ['东风路', '文化路市场监管所'],
  ['未来路', '未来路市场监管所'],
  ['凤凰台路', '未来路市场监管所'],
  ['龙子湖路', '龙子湖市场监管所'],
];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 统一社会信用代码 of an individual business in 金水区 (GB 11714 and GB 32100 checks). */
function uscc(n) {
  const org = `BG${String(n).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (/\d/.test(org[i]) ? Number(org[i]) : org.charCodeAt(i) - 55) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return withUsccCheck(`92410105${org}${c === 10 ? 'X' : c === 11 ? '0' : String(c)}`);
}

export function targetsCsv() {
  const rows = ['统一社会信用代码,名称,对象类型,住所（经营场所）,行政区划代码,属地单位,行业代码,登记状态,标签'];
  for (let i = 0; i < BIG; i++) {
    const [road, station] = STREETS[i % STREETS.length];
    const region = `4101050${String((i % STREETS.length) + 1).padStart(2, '0')}`;
    const batch = i >= SMALL && i < SMALL + MIDDLE ? ';大任务测试第二批' : '';
    const tags = `大任务测试${batch};重点监管`;
    rows.push(`${uscc(i + 1)},郑州市金水区${road}大任务测试${i + 1}号便利店,个体工商户,郑州市金水区${road}${i + 1}号,${region},${station},52,存续,${tags}`);
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}

export const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const windowTo = new Date(Date.parse(today) + 30 * 86400000).toISOString().slice(0, 10);

// The department's inspectors as a district imports them (执法检查人员名录库 template columns):
// each with a 执法证 valid through the window, the item's qualification, and a unit whose
// jurisdiction covers objects of the import — some in every 市场监管所 (their own streets), most
// in the 综合行政执法大队 (the whole district; four of the twelve streets have no 所). Enough that
// the department's caps cover the big task with room to spare: the random walk of SJ-DRAW-1 §5
// is not a matching (ADR 0009), and people with jurisdiction over every street are what keeps
// it from leaving teams short.
const STATIONS = ['经八路市场监管所', '花园路市场监管所', '人民路市场监管所', '杜岭市场监管所', '南阳路市场监管所', '文化路市场监管所', '未来路市场监管所', '龙子湖市场监管所'];
const PER_STATION = 10;
const BRIGADE = 400;
export const INSPECTORS = STATIONS.length * PER_STATION + BRIGADE;
const CITIZEN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 公民身份号码 (GB 11643) of someone born in 金水区, unique per n. */
function citizenId(n, female) {
  const born = new Date(Date.UTC(1975, 0, 1) + n * 86400000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `410105${born}${female ? '102' : '101'}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * CITIZEN_WEIGHTS[i];
  return body + '10X98765432'[sum % 11];
}

export function inspectorsCsv() {
  const rows = ['姓名,性别,所属单位,职务,执法证号,执法证有效期至,身份证号,专业类别,执法资格,人员状态'];
  const expires = `${Number(today.slice(0, 4)) + 3}-12-31`;
  for (let k = 0; k < INSPECTORS; k++) {
    const unit = k < STATIONS.length * PER_STATION ? STATIONS[k % STATIONS.length] : '综合行政执法大队';
    const cert = `豫ADT${String(k + 1).padStart(6, '0')}`;
    rows.push(`大任务测试人员${k + 1},${k % 2 ? '女' : '男'},${unit},科员,${cert},${expires},${citizenId(k * 13 + 5, k % 2 === 1)},综合执法,食品安全监管(~${expires}),有效`);
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}

export async function importCsv(api, register, csv, expected) {
  const started = Date.now();
  const r = await fetch(`${base}/api/v1/registers/${register}/import?format=csv&dry_run=false&file_name=big-task-${register}.csv`, {
    method: 'POST',
    headers: { Cookie: api.cookie, 'X-CSRF-Token': api.csrf, 'Content-Type': 'text/csv', Accept: 'application/json' },
    body: Buffer.from(csv, 'utf8'),
  });
  const result = await r.json();
  if (r.status !== 200 || result.created !== expected) throw new Error(`${register} import answered ${r.status}: ${JSON.stringify(result).slice(0, 400)}`);
  return Date.now() - started;
}

export async function setUp(api) {
  const importMs = await importCsv(api, 'targets', targetsCsv(), BIG);
  const task = (title, tag) =>
    api.call('POST', '/tasks', {
      title,
      department_id: 1,
      task_type: '定向',
      window_from: today,
      window_to: windowTo,
      items: ['SCJG-GS-01'],
      filter: { v: 1, tags: [tag] },
      ratio: '100',
    });
  const big = await task('大任务测试：全部对象', '大任务测试');
  const middle = await task('大任务测试：第二批', '大任务测试第二批');
  return { big, middle, importMs };
}
