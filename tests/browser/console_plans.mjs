#!/usr/bin/env node
// Browser test of plans, tasks and the witnessed draw ceremony (SPEC §PLAN, §DRAW, §PORTAL)
// against a running demo server, driven through the UI in Debian's chromium via playwright-core.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18092 [SUIJI_PASSWORD=suiji-demo-2026]
//   [SUIJI_SCREENSHOT_DIR=/tmp/shots] [SUIJI_CHROMIUM=/usr/bin/chromium] node tests/browser/console_plans.mjs
//
// As planner: create a plan with one small batch (items from the list, a target scope of a few
// 花园路 objects of different tiers plus one 注销 object), submit; as approver: approve; as
// planner: publish, generate the batch's task, check that the preview shows strata and counted
// exclusions; then the target ceremony in the UI — declare sources and commit (commitment shown,
// printable sheet), the witness user registers and enters one value, the planner enters the
// other and reveals: the locked targets appear. The inspector draw the same way; the task is
// dispatched; a 检查通知书 opens. As `inspector` at 375 px: 我的检查任务 lists an assignment
// (extra small tasks are drawn through the API until the demo inspector is picked) without
// horizontal overflow. The portal's 抽查任务公告 and 抽查计划 show the task and the plan.
// Experts (专家): the item SCJG-TZ-01 shows its expert requirement and the editor puts a
// validation problem under the expert field; an ad hoc SCJG-TZ-01 task is set up through the API
// (targets locked, inspectors drawn, eligibility checked first), then its experts are drawn in the
// UI (commit, the witness registers and enters the value, the planner reveals): the experts appear
// in the 检查组 and on the 检查通知书, and the task is 已派发; at 375 px without overflow.
// One line per check, then "N passed, N failed"; exit 0 or 1.
import { Api, DESKTOP as DEFAULT_DESKTOP, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check,
  finish, launchBrowser, newContext, noHorizontalOverflow, password, requireEnvironment, run,
  screenshot, setFailurePage } from './harness.mjs';

const DESKTOP = { ...DEFAULT_DESKTOP, height: 900 };
const ACTION_TIMEOUT_MS = 15000;
const TOTAL_TIMEOUT_MS = 240000;

// ---- page helpers -----------------------------------------------------------------------------
async function login(page, user) {
  await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
  await page.locator(USERNAME_INPUT).fill(user);
  await page.locator(PASSWORD_INPUT).fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => u.pathname.startsWith('/console'));
}

/** An Element Plus input by its data-test: the attribute lands on the <input>/<textarea> itself. */
function field(name) {
  return `input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input, [data-test=${name}] textarea`;
}

/** Confirms the open ElMessageBox with its primary button. */
async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/** Opens an Element Plus select and picks the option whose text contains `text` (typing it first when filterable). */
async function pick(page, select, text, { type = true } = {}) {
  await select.locator('.el-select__wrapper').click();
  if (type) await select.locator('input').first().fill(text);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  await page.keyboard.press('Escape');
}

const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(iso, n) {
  return new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);
}
const year = Number(today.slice(0, 4));
const windowTo = addDays(today, 20) > `${year}-12-31` ? `${year}-12-31` : addDays(today, 20);

// Objects of 花园路 (the demo inspector's unit) that land in different tiers, plus one 注销.
async function chooseObjects(api, unitId) {
  const r = await api.call('GET', `/targets?unit_id=${unitId}&page_size=500`);
  const all = r.items || [];
  const live = all.filter((t) => t.reg_status === '存续' && t.surviving !== false && t.uscc);
  const isKey = (t) => (t.tags || []).includes('重点监管') || (t.directories || []).some((d) => d.name === '特种设备专项库');
  const plain = (t) => !isKey(t) && !(t.complaints > 0) && !(t.cases > 0);
  const pickOne = (f, used) => live.find((t) => f(t) && !used.has(t.uscc));
  const used = new Set();
  const out = [];
  const take = (t) => {
    if (t) {
      used.add(t.uscc);
      out.push(t);
    }
  };
  take(pickOne(isKey, used));
  take(pickOne((t) => !isKey(t) && t.complaints >= 3, used));
  take(pickOne((t) => plain(t) && t.risk_class === 'C', used));
  for (let i = 0; i < 3; i++) take(pickOne((t) => plain(t) && (t.risk_class === 'A' || t.risk_class === 'B'), used));
  const closed = all.find((t) => t.reg_status === '注销' && t.uscc);
  const spare = live.filter((t) => !used.has(t.uscc)).map((t) => t.uscc);
  return { keys: out.map((t) => t.uscc), closed: closed ? closed.uscc : null, spare };
}

// Draws small tasks through the API until the demo inspector is assigned somewhere (a draw is
// random: the UI task may or may not have picked them).
async function ensureInspectorAssigned(planner, inspector, keys) {
  const mine = await inspector.call('GET', '/my/tasks');
  if ((mine.items || []).length) return 'already assigned by the UI task';
  for (let round = 0; round < 12 && keys.length; round++) {
    const batch = keys.splice(0, 5);
    const t = await planner.call('POST', '/tasks', {
      title: `浏览器测试补充任务 ${round + 1}`,
      department_id: 1,
      task_type: '定向',
      window_from: today,
      window_to: windowTo,
      items: ['SCJG-GS-01'],
      filter: { v: 1, keys: batch },
      ratio: '100',
    });
    const tp = `/tasks/${t.id}`;
    const c = await planner.call('POST', `${tp}/commit`, { sources: ['现场见证人掷骰'] });
    await planner.call('POST', `/draws/${c.target_draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
    await planner.call('POST', `${tp}/reveal`, { values: [String(100 + round)] });
    const s = await planner.call('POST', `${tp}/inspectors/commit`, { department_id: 1, sources: ['现场见证人掷骰'] });
    for (const d of s.inspector_draws.filter((x) => x.status === 'committed')) {
      await planner.call('POST', `/draws/${d.draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
      await planner.call('POST', `${tp}/inspectors/reveal`, { draw_no: d.draw_no, values: [String(200 + round)] });
    }
    const again = await inspector.call('GET', '/my/tasks');
    if ((again.items || []).length) return `assigned after ${round + 1} extra task(s)`;
  }
  throw new Error('the demo inspector was not drawn in 12 extra tasks');
}

// An ad hoc SCJG-TZ-01 task (one expert in 特种设备 per target) over a few spare 花园路 objects:
// targets locked and inspectors drawn through the API, so that only the experts are missing.
// The eligibility endpoints are checked first: the demo must have the people for these targets.
async function setUpExpertTask(planner, keys) {
  const t = await planner.call('POST', '/tasks', {
    title: '浏览器测试专家抽取任务',
    department_id: 1,
    task_type: '定向',
    window_from: today,
    window_to: windowTo,
    items: ['SCJG-TZ-01'],
    filter: { v: 1, keys },
    ratio: '100',
  });
  const tp = `/tasks/${t.id}`;
  const c = await planner.call('POST', `${tp}/commit`, { sources: ['现场见证人掷骰'] });
  await planner.call('POST', `/draws/${c.target_draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
  let task = await planner.call('POST', `${tp}/reveal`, { values: ['42'] });
  if (task.target_count < 2) throw new Error(`only ${task.target_count} targets locked`);
  const need = (task.expert_needs || []).find((n) => n.department_id === 1);
  if (!need || need.per_target !== 1 || !need.fields.includes('特种设备')) throw new Error(`expert_needs ${JSON.stringify(task.expert_needs)}`);
  const elig = await planner.call('GET', `${tp}/eligibility?department_id=1`);
  const shortTeam = elig.targets.find((x) => x.eligible < x.needed);
  if (shortTeam) throw new Error(`only ${shortTeam.eligible} eligible inspectors for ${shortTeam.name}`);
  const experts = await planner.call('GET', `${tp}/expert-eligibility?department_id=1`);
  const shortExperts = experts.targets.find((x) => x.eligible < x.needed);
  if (shortExperts || experts.targets.length !== task.target_count) throw new Error(`expert eligibility ${JSON.stringify(experts.targets)}`);
  task = await planner.call('POST', `${tp}/inspectors/commit`, { department_id: 1, sources: ['现场见证人掷骰'] });
  for (const d of task.inspector_draws.filter((x) => x.status === 'committed' && x.role === 'inspector')) {
    await planner.call('POST', `/draws/${d.draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
    task = await planner.call('POST', `${tp}/inspectors/reveal`, { draw_no: d.draw_no, values: ['5'] });
  }
  if (task.status !== 'targets_locked') throw new Error(`status ${task.status} before the expert draw`);
  if (!task.problems.some((p) => p.includes('尚未抽取专家'))) throw new Error(`problems ${JSON.stringify(task.problems)}`);
  return { task, experts };
}

async function main() {
  const plannerApi = new Api();
  const inspectorApi = new Api();
  let objects = null;
  let unitId = null;
  await check('setup: pick 花园路 objects of each tier through the API', async () => {
    await plannerApi.login('planner');
    await inspectorApi.login('inspector');
    const units = await plannerApi.call('GET', '/org/units?department_id=1');
    unitId = (units.items || []).find((u) => u.name === '花园路市场监管所')?.id;
    if (!unitId) return '!unit 花园路市场监管所 not found';
    objects = await chooseObjects(plannerApi, unitId);
    if (objects.keys.length < 4 || !objects.closed) return `!only ${objects.keys.length} objects (closed: ${objects.closed})`;
    return `${objects.keys.length} live + 1 注销`;
  });
  if (!objects) finish(1);

  const browser = await launchBrowser();
  const newPage = async (viewport = DESKTOP) => {
    const ctx = await newContext(browser, { viewport, timeout: ACTION_TIMEOUT_MS });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${e.message}`));
    return page;
  };
  const pageErrors = [];
  const planTitle = `浏览器测试抽查计划 ${new Date().toISOString().slice(11, 19)}`;
  let planUrl = '';
  let taskId = null;
  let taskNo = '';

  try {
    const planner = await newPage();
    setFailurePage(planner);
    await login(planner, 'planner');

    // --- plan ---------------------------------------------------------------------------------
    await check('planner creates a plan with one batch (items, scope, window)', async () => {
      await planner.goto(base + '/console/plans', { waitUntil: 'domcontentloaded' });
      await planner.locator('[data-test=plan-new]').click();
      await planner.waitForURL((u) => u.pathname === '/console/plans/new');
      await planner.locator(field('plan-title')).fill(planTitle);
      // Late in the year the editor proposes next year's plan; this one runs now.
      const yearInput = planner.locator(field('plan-year'));
      await yearInput.fill(String(year));
      await yearInput.press('Tab');
      const batch = planner.locator('[data-test=batch-0]');
      await batch.locator(field('batch-name')).fill('浏览器测试批次');
      const dates = batch.locator('input[placeholder="YYYY-MM-DD"]');
      await dates.nth(0).fill(today);
      await dates.nth(0).press('Enter');
      await dates.nth(1).fill(windowTo);
      await dates.nth(1).press('Enter');
      await pick(planner, batch.locator('[data-test=item-picker]'), 'SCJG-GS-01');
      await pick(planner, batch.locator('[data-test=filter-units]'), '花园路');
      await batch.getByText('更多条件').click();
      await batch.locator('textarea').last().fill([...objects.keys, objects.closed].join('\n'));
      const desc = batch.locator('[data-test=filter-description]');
      await desc.getByText('花园路市场监管所').waitFor();
      await batch.locator('[data-test=filter-count]').filter({ hasText: String(objects.keys.length + 1) }).waitFor();
      await screenshot(planner, 'plan-editor-desktop');
      await planner.locator('[data-test=plan-save]').click();
      await planner.waitForURL((u) => /^\/console\/plans\/\d+$/.test(u.pathname));
      planUrl = planner.url();
      await planner.locator('[data-test=plan-status]').filter({ hasText: '草稿' }).first().waitFor();
      return (await desc.count()) ? '' : '';
    });

    await check('planner submits the plan (待审核)', async () => {
      await planner.locator('[data-test=plan-submit]').click();
      await confirmBox(planner);
      await planner.locator('[data-test=plan-status]').filter({ hasText: '待审核' }).first().waitFor();
    });

    await check('approver approves it with a note (已批准)', async () => {
      const approver = await newPage();
      await login(approver, 'approver');
      await approver.goto(planUrl, { waitUntil: 'domcontentloaded' });
      await approver.locator('[data-test=plan-approve]').click();
      await approver.locator(field('decision-note')).fill('同意，按计划实施');
      await approver.locator('[data-test=decision-confirm]').click();
      await approver.locator('[data-test=plan-status]').filter({ hasText: '已批准' }).first().waitFor();
      await approver.context().close();
    });

    await check('planner publishes the plan and generates the batch task', async () => {
      await planner.reload({ waitUntil: 'domcontentloaded' });
      await planner.locator('[data-test=plan-publish]').click();
      await confirmBox(planner);
      await planner.locator('[data-test=plan-status]').filter({ hasText: '已公示' }).first().waitFor();
      await screenshot(planner, 'plan-detail-desktop');
      await planner.locator('[data-test=batch-make-task]').click();
      await confirmBox(planner);
      await planner.waitForURL((u) => /^\/console\/tasks\/\d+/.test(u.pathname));
      taskId = Number(/\/console\/tasks\/(\d+)/.exec(planner.url())[1]);
      return `task ${taskId}`;
    });
    if (!taskId) throw new Error('no task');

    // --- preview ------------------------------------------------------------------------------
    await check('preview shows strata with pool sizes and quotas, exclusions with counts', async () => {
      const preview = planner.locator('[data-test=preview]');
      await preview.waitFor();
      const pool = Number((await planner.locator('[data-test=preview-pool]').innerText()).replace(/,/g, ''));
      const matched = Number((await planner.locator('[data-test=preview-matched]').innerText()).replace(/,/g, ''));
      if (matched !== objects.keys.length + 1) return `!matched ${matched}, expected ${objects.keys.length + 1}`;
      if (pool !== objects.keys.length) return `!pool ${pool}, expected ${objects.keys.length}`;
      const rows = await planner.locator('[data-test=preview-strata] tbody tr[data-stratum]').evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
      );
      if (rows.length < 3) return `!only ${rows.length} strata`;
      for (const r of rows) if (!/^\d+$/.test(r[2]) || !/^\d+$/.test(r[4])) return `!stratum row without numbers: ${r.join('|')}`;
      const closed = planner.locator('[data-test=preview-exclusions] tr[data-reason=not_operating]');
      const count = (await closed.locator('td').nth(1).innerText()).trim();
      if (count !== '1') return `!not_operating count "${count}"`;
      if (!(await closed.innerText()).includes(objects.closed)) return '!the 注销 object is not among the samples';
      const reasons = await planner.locator('[data-test=preview-exclusions] tbody tr').count();
      await screenshot(planner, 'task-preview-desktop');
      taskNo = (await planner.locator('.cp-subtitle .cp-mono').first().innerText()).trim();
      return `${rows.map((r) => `${r[0]} ${r[2]}→${r[4]}`).join('; ')}; ${reasons} exclusion reasons`;
    });

    // --- target ceremony ----------------------------------------------------------------------
    const targets = planner.locator('[data-test=ceremony-targets]');
    await check('target draw: declare two sources and commit; the commitment is shown', async () => {
      await planner.locator('[data-test=to-targets]').click();
      await targets.waitFor();
      await targets.getByRole('button', { name: '其他来源' }).click();
      await targets.locator(field('source-name-1')).fill('公证员现场抽取的号码');
      await targets.locator('[data-test=commit-button]').click();
      await confirmBox(planner);
      const hash = (await targets.locator('[data-test=plan-hash]').innerText()).replace(/\s+/g, '');
      if (!/^[0-9a-f]{64}$/.test(hash)) return `!plan_hash shown as "${hash}"`;
      if ((await targets.getAttribute('data-step')) !== '2') return `!ceremony at step ${await targets.getAttribute('data-step')}`;
      await screenshot(planner, 'ceremony-committed-desktop');
      return hash.slice(0, 16);
    });

    await check('打印承诺单 opens a printable sheet with the commitment', async () => {
      const [sheet] = await Promise.all([planner.context().waitForEvent('page'), targets.locator('[data-test=print-commitment]').click()]);
      await sheet.waitForLoadState('domcontentloaded');
      const body = sheet.locator('[data-test=commitment-sheet]');
      await body.waitFor();
      const text = await body.innerText();
      const hash = (await targets.locator('[data-test=plan-hash]').innerText()).trim();
      for (const want of ['随机抽取承诺单', hash, '现场见证人掷骰', '公证员现场抽取的号码', '见证人']) {
        if (!text.includes(want)) return `!sheet lacks "${want}"`;
      }
      await screenshot(sheet, 'commitment-sheet');
      await sheet.close();
    });

    await check('witness registers themselves and enters one value (locked)', async () => {
      const witness = await newPage();
      await login(witness, 'witness');
      await witness.goto(`${base}/console/tasks/${taskId}?step=targets`, { waitUntil: 'domcontentloaded' });
      const c = witness.locator('[data-test=ceremony-targets]');
      await c.locator(field('witness-org')).fill('区人大代表');
      await c.locator('[data-test=witness-add]').click();
      await c.locator('[data-test=witness-list]').getByText('陈志远').waitFor();
      await c.locator(field('value-input-1')).fill('27');
      await c.locator('[data-test=value-enter-1]').click();
      await confirmBox(witness);
      await c.locator('[data-test=value-row-1] [data-test=value-set]').filter({ hasText: '27' }).waitFor();
      if (await c.locator('[data-test=reveal-button]').count()) return '!a witness is offered the reveal button';
      await screenshot(witness, 'ceremony-witness-desktop');
      await witness.context().close();
    });

    await check('planner enters the other value and reveals: locked targets per tier', async () => {
      await targets.locator('[data-test=value-row-1] [data-test=value-set]').waitFor({ timeout: 12000 }); // poll picks up the witness's value
      await targets.locator(field('value-input-0')).fill('3 5 2');
      await targets.locator('[data-test=value-enter-0]').click();
      await confirmBox(planner);
      await targets.locator('[data-test=value-row-0] [data-test=value-set]').waitFor();
      await screenshot(planner, 'ceremony-ready-desktop');
      await targets.locator('[data-test=reveal-button]').click();
      await confirmBox(planner);
      const locked = targets.locator('[data-test=locked-targets]');
      await locked.waitFor();
      const n = await locked.locator('tbody tr').count();
      const link = await targets.locator('[data-test=public-record]').getAttribute('href');
      await screenshot(planner, 'ceremony-revealed-desktop');
      if (n < 3) return `!${n} locked targets`;
      if (!/^\/draws\//.test(link || '')) return `!public record link ${link}`;
      return `${n} targets, ${link}`;
    });

    // --- inspector draw -----------------------------------------------------------------------
    await check('inspector draw: eligibility summary, commit, witness, value, reveal → dispatched', async () => {
      await planner.locator('[data-test=to-inspectors]').click();
      const panel = planner.locator('[data-test=inspectors-1]');
      await panel.locator('[data-test=eligibility-table] tbody tr').first().waitFor();
      const summary = await panel.locator('[data-test=eligibility-summary]').innerText();
      if (!/不在辖区 \d+/.test(summary)) return `!eligibility summary lacks counted exclusions: ${summary}`;
      const fresh = panel.locator('[data-test=ceremony-assign-new-1]');
      await fresh.locator('[data-test=commit-button]').click();
      await confirmBox(planner);
      await panel.locator('[data-test=ceremony-assign-1][data-step="2"]').waitFor();
      const c = panel.locator('[data-test=ceremony-assign-1]');
      await c.locator(field('witness-name')).fill('王丽');
      await c.locator(field('witness-org')).fill('金水区公证处');
      await c.locator('[data-test=witness-add]').click();
      await c.locator(field('value-input-0')).fill('6 1 4');
      await c.locator('[data-test=value-enter-0]').click();
      await confirmBox(planner);
      await c.locator('[data-test=reveal-button]').click();
      await confirmBox(planner);
      await planner.locator('[data-test=dispatched]').waitFor();
      // The teams page reloads after the reveal: the table shows once the new page came.
      await panel.locator('[data-test=teams-table] tbody tr').first().waitFor();
      const teams = await panel.locator('[data-test=teams-table] tbody tr').count();
      const full = await panel.locator('[data-test=teams-table] .el-tag--success').count();
      await screenshot(planner, 'inspectors-desktop');
      if (full !== teams) return `!${full} of ${teams} teams full`;
      if (await planner.locator('[data-test=task-problems]').count()) return '!blocking problems listed after dispatch';
      return `${teams} full teams`;
    });

    await check('检查通知书 opens in a new tab', async () => {
      await planner.locator('[data-test=stage-teams]').click();
      const link = planner.locator('[data-test=notice-link]').first();
      const [notice] = await Promise.all([planner.context().waitForEvent('page'), link.click()]);
      await notice.waitForLoadState('domcontentloaded');
      const text = await notice.locator('body').innerText();
      await screenshot(notice, 'notice');
      await notice.close();
      await screenshot(planner, 'teams-desktop');
      if (!text.includes('检查通知书') || !text.includes('执法检查人员')) return `!notice text: ${text.slice(0, 80)}`;
    });

    await check('ceremony page at 375 px: no horizontal overflow', async () => {
      await planner.setViewportSize(PHONE);
      await planner.goto(`${base}/console/tasks/${taskId}?step=targets`, { waitUntil: 'domcontentloaded' });
      await planner.locator('[data-test=locked-targets]').waitFor();
      const r = await noHorizontalOverflow(planner, PHONE.width);
      await screenshot(planner, 'ceremony-phone');
      await planner.goto(`${base}/console/tasks/${taskId}?step=preview`, { waitUntil: 'domcontentloaded' });
      await planner.locator('[data-test=preview]').waitFor();
      await screenshot(planner, 'task-preview-phone');
      await planner.setViewportSize(DESKTOP);
      return r;
    });

    // --- experts ------------------------------------------------------------------------------
    await check('item SCJG-TZ-01 shows its expert requirement; the editor puts a problem under the expert field', async () => {
      const found = await plannerApi.call('GET', '/items?q=SCJG-TZ-01');
      const itemId = (found.items || []).find((i) => i.code === 'SCJG-TZ-01')?.id;
      if (!itemId) return '!item SCJG-TZ-01 not found';
      await planner.goto(`${base}/console/registers/items/${itemId}`, { waitUntil: 'domcontentloaded' });
      const fields = planner.locator('[data-test=item-fields]');
      await fields.waitFor();
      const per = (await fields.locator('[data-test=item-experts-per-target]').innerText()).trim();
      const wanted = (await fields.locator('[data-test=item-expert-fields]').innerText()).trim();
      if (!per.includes('1 名') || !wanted.includes('特种设备')) return `!detail shows "${per}" / "${wanted}"`;
      await planner.goto(`${base}/console/registers/items/${itemId}/edit`, { waitUntil: 'domcontentloaded' });
      const count = planner.locator('[data-test=item-experts-per-target] input');
      await planner.locator('[data-test=item-expert-fields] .el-tag', { hasText: '特种设备' }).waitFor();
      if ((await count.inputValue()) !== '1') return `!editor shows ${await count.inputValue()} experts per target`;
      await count.fill('0');
      await count.press('Tab');
      await planner.locator(field('item-note')).fill('浏览器测试：不应保存');
      await planner.locator('[data-test=item-save]').click();
      const err = planner.locator('[data-test=item-expert-fields] .el-form-item__error');
      await err.waitFor();
      const text = (await err.innerText()).trim();
      await screenshot(planner, 'item-experts-error-desktop');
      if (!text.includes('抽取专家人数为 0')) return `!error under the field: ${text}`;
      return `${per}; ${wanted}; error: ${text}`;
    });

    let expertTask = null;
    await check('setup: an SCJG-TZ-01 task with targets locked and inspectors drawn (API), experts eligible', async () => {
      const r = await setUpExpertTask(plannerApi, objects.spare.splice(-3));
      expertTask = r.task;
      return `${expertTask.task_no}: ${expertTask.target_count} targets, ${r.experts.targets.map((x) => x.eligible).join('/')} eligible experts`;
    });

    if (expertTask) {
      const expertUrl = `${base}/console/tasks/${expertTask.id}?step=inspectors`;
      const experts = planner.locator('[data-test=experts-1]');
      await check('expert draw: need, eligibility by reason and the blocking problem are shown; commit', async () => {
        await planner.goto(expertUrl, { waitUntil: 'domcontentloaded' });
        await experts.locator('[data-test=eligibility-table] tbody tr').first().waitFor();
        const need = await experts.locator('[data-test=expert-need]').innerText();
        if (!need.includes('特种设备')) return `!need shown as "${need}"`;
        const summary = await experts.locator('[data-test=eligibility-summary]').innerText();
        if (!/专业领域不符 \d+/.test(summary)) return `!eligibility summary lacks counted exclusions: ${summary}`;
        const rows = await experts.locator('[data-test=eligibility-table] tbody tr').count();
        if (rows !== expertTask.target_count) return `!${rows} eligibility rows for ${expertTask.target_count} targets`;
        const problems = await planner.locator('[data-test=task-problems]').innerText();
        if (!problems.includes('尚未抽取专家')) return `!problems: ${problems}`;
        if (await planner.locator('[data-test=dispatched]').count()) return '!dispatched before the experts are drawn';
        // The inspector panel lists the inspector draw only, not the expert one.
        const inspectorCeremonies = await planner.locator('[data-test=inspectors-1] [data-test=ceremony-assign-1]').count();
        if (inspectorCeremonies !== 1) return `!${inspectorCeremonies} inspector ceremonies`;
        await screenshot(planner, 'experts-eligibility-desktop');
        await experts.locator('[data-test=ceremony-expert-new-1] [data-test=commit-button]').click();
        await confirmBox(planner);
        const c = experts.locator('[data-test=ceremony-expert-1]');
        await c.locator('[data-test=plan-hash]').waitFor();
        const hash = (await c.locator('[data-test=plan-hash]').innerText()).replace(/\s+/g, '');
        if (!/^[0-9a-f]{64}$/.test(hash)) return `!plan_hash shown as "${hash}"`;
        if (await planner.locator('[data-test=inspectors-1] [data-test=ceremony-expert-1]').count()) return '!the expert draw is listed under the inspectors';
        return `${summary.replace(/\s+/g, ' ')}; ${hash.slice(0, 16)}`;
      });

      await check('expert draw: the witness registers and enters the value', async () => {
        const witness = await newPage();
        await login(witness, 'witness');
        await witness.goto(expertUrl, { waitUntil: 'domcontentloaded' });
        const c = witness.locator('[data-test=experts-1] [data-test=ceremony-expert-1]');
        await c.locator(field('witness-org')).fill('区政协委员');
        await c.locator('[data-test=witness-add]').click();
        await c.locator('[data-test=witness-list]').getByText('陈志远').waitFor();
        await c.locator(field('value-input-0')).fill('4 6');
        await c.locator('[data-test=value-enter-0]').click();
        await confirmBox(witness);
        await c.locator('[data-test=value-row-0] [data-test=value-set]').filter({ hasText: '4 6' }).waitFor();
        await screenshot(witness, 'experts-witness-desktop');
        await witness.context().close();
      });

      await check('expert draw: planner reveals; experts in the team table; task 已派发', async () => {
        const c = experts.locator('[data-test=ceremony-expert-1]');
        await c.locator('[data-test=value-row-0] [data-test=value-set]').waitFor({ timeout: 12000 }); // poll picks up the witness's value
        await c.locator('[data-test=reveal-button]').click();
        await confirmBox(planner);
        await c.locator('[data-test=revealed]').waitFor();
        await planner.locator('[data-test=dispatched]').waitFor();
        const status = (await planner.locator('[data-test=task-status]').innerText()).trim();
        if (status !== '已派发') return `!status ${status}`;
        if (await planner.locator('[data-test=task-problems]').count()) return '!blocking problems listed after dispatch';
        const drawn = await c.locator('[data-test=draw-teams] tbody tr').count();
        await experts.locator('[data-test=teams-table] tbody tr').first().waitFor();
        const teams = await experts.locator('[data-test=teams-table] tbody tr').count();
        const full = await experts.locator('[data-test=teams-table] .el-tag--success').count();
        const names = await experts.locator('[data-test=teams-table] [data-test=team-member]').allInnerTexts();
        await screenshot(planner, 'experts-desktop');
        if (teams !== expertTask.target_count || full !== teams) return `!${full} of ${teams} targets have their expert`;
        if (drawn !== teams) return `!the ceremony result lists ${drawn} rows`;
        // The task is a summary (expert_places); the experts themselves are read from its pages.
        const api = await plannerApi.call('GET', `/tasks/${expertTask.id}`);
        const lines = await plannerApi.call('GET', `/tasks/${expertTask.id}/targets?page_size=100`);
        const apiExperts = lines.items.flatMap((l) => l.experts);
        if (api.status !== 'dispatched' || api.expert_places !== teams || apiExperts.length !== teams) return `!API: ${api.status}, ${api.expert_places} expert places, ${apiExperts.length} experts listed`;
        for (const e of apiExperts) if (!names.some((n) => n.includes(e.name))) return `!${e.name} not shown`;
        return names.map((n) => n.trim()).join('; ');
      });

      await check('检查组 shows the accompanying experts; the notice lists them', async () => {
        await planner.locator('[data-test=stage-teams]').click();
        const cells = planner.locator('[data-test=notice-table] [data-test=team-experts]');
        await cells.first().waitFor();
        const texts = await cells.allInnerTexts();
        if (texts.length !== expertTask.target_count) return `!${texts.length} expert cells`;
        if (texts.some((t) => !t.trim() || t.includes('尚未抽取'))) return `!expert cells: ${texts.join(' | ')}`;
        const [notice] = await Promise.all([planner.context().waitForEvent('page'), planner.locator('[data-test=notice-link]').first().click()]);
        await notice.waitForLoadState('domcontentloaded');
        const text = await notice.locator('body').innerText();
        await screenshot(notice, 'notice-experts');
        await notice.close();
        await screenshot(planner, 'teams-experts-desktop');
        const first = texts[0].split('（')[0].trim();
        if (!text.includes('随同检查的专家') || !text.includes(first)) return `!the notice lacks 随同检查的专家 or ${first}`;
        return `${texts.length} targets; ${first} on the first notice`;
      });

      await check('experts at 375 px: draw and teams without horizontal overflow', async () => {
        await planner.setViewportSize(PHONE);
        await planner.goto(expertUrl, { waitUntil: 'domcontentloaded' });
        await experts.locator('[data-test=teams-table] [data-test=team-member]').first().waitFor();
        const r1 = await noHorizontalOverflow(planner, PHONE.width);
        await screenshot(planner, 'experts-phone');
        await planner.goto(`${base}/console/tasks/${expertTask.id}?step=teams`, { waitUntil: 'domcontentloaded' });
        await planner.locator('[data-test=team-experts]').first().waitFor();
        const r2 = await noHorizontalOverflow(planner, PHONE.width);
        await screenshot(planner, 'teams-experts-phone');
        await planner.setViewportSize(DESKTOP);
        if (r1.startsWith('!')) return r1;
        if (r2.startsWith('!')) return r2;
        return `${r1}; ${r2}`;
      });
    }

    // --- the inspector's phone ----------------------------------------------------------------
    await check('the demo inspector has an assignment', async () => {
      return ensureInspectorAssigned(plannerApi, inspectorApi, objects.spare);
    });

    await check('inspector: 我的检查任务 at 375 px lists tasks with address and team, no overflow', async () => {
      const phone = await newPage(PHONE);
      await login(phone, 'inspector');
      await phone.goto(base + '/console/my-tasks', { waitUntil: 'domcontentloaded' });
      const first = phone.locator('[data-test=my-target]').first();
      await first.waitFor();
      const text = await first.innerText();
      if (!text.includes('同组')) return `!target card lacks the team: ${text}`;
      let r = await noHorizontalOverflow(phone, PHONE.width);
      await screenshot(phone, 'my-tasks-phone');
      if (r.startsWith('!')) return r;
      await first.click();
      await phone.locator('[data-test=my-task-detail] .team').first().waitFor();
      const detail = await phone.locator('[data-test=my-task-detail]').innerText();
      if (!detail.includes('本人') || !detail.includes('检查事项')) return '!detail lacks 本人 or 检查事项';
      r = await noHorizontalOverflow(phone, PHONE.width);
      await screenshot(phone, 'my-task-detail-phone');
      await phone.context().close();
      return r;
    });

    // --- portal -------------------------------------------------------------------------------
    await check('portal 抽查任务公告 lists the task with its targets and draw record', async () => {
      const pub = await newPage();
      await pub.goto(base + '/', { waitUntil: 'domcontentloaded' });
      await pub.locator('.portal-nav').getByText('抽查任务公告').click();
      await pub.waitForURL((u) => u.pathname === '/tasks');
      const card = pub.locator(`[data-test=public-task][data-task-no="${taskNo}"]`);
      await card.waitFor();
      const text = await card.innerText();
      if (!text.includes(objects.keys[0]) && !(await card.locator('tbody tr').count())) return '!no targets listed';
      const link = card.locator('[data-test=task-draw-link]');
      if (!(await link.count())) return '!no link to the draw record';
      await screenshot(pub, 'portal-tasks-desktop');
      await pub.setViewportSize(PHONE);
      const r = await noHorizontalOverflow(pub, PHONE.width);
      await screenshot(pub, 'portal-tasks-phone');
      if (r.startsWith('!')) return r;
      await pub.setViewportSize(DESKTOP);
      await pub.goto(base + '/plans', { waitUntil: 'domcontentloaded' });
      await pub.locator('[data-test=public-plan]', { hasText: planTitle }).waitFor();
      await screenshot(pub, 'portal-plans-desktop');
      await pub.setViewportSize(PHONE);
      const r2 = await noHorizontalOverflow(pub, PHONE.width);
      await screenshot(pub, 'portal-plans-phone');
      await pub.context().close();
      return `${taskNo}; ${r2}`;
    });

    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await browser.close();
  }
}

requireEnvironment();
run(main, { timeoutMs: TOTAL_TIMEOUT_MS, timed: true });
