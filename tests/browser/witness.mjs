#!/usr/bin/env node
// Browser test of a witness's day (issue 12, acceptance 3): a witness account sees the ceremony
// that awaits them on the console home (待办), follows the entry, and opens every page of it —
// the task at each stage, the ceremony, the printable commitment sheet, the task list and the
// public draw record — registering and entering a value on the target draw and then on the
// inspector draw; at 1440×900 and 375×812. Any HTTP answer >= 400 the pages receive fails the
// test (listed with its URL).
//
//   SUIJI_BASE_URL=http://127.0.0.1:18092 [SUIJI_PASSWORD=suiji-demo-2026]
//   [SUIJI_SCREENSHOT_DIR=/tmp/shots] [SUIJI_CHROMIUM=/usr/bin/chromium] node tests/browser/witness.mjs
//
// Setup through the API as `planner`: an ad hoc task over a few 花园路 objects, its target draw
// committed with two sources. After the witness's part the planner enters the other value and
// reveals, then commits the inspector draw; the witness's home then lists that one instead.
// One line per check, then "N passed, N failed"; exit 0 or 1.
import { Api, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, finish, launchBrowser, newContext,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const DESKTOP = { width: 1440, height: 900 };
const ACTION_TIMEOUT_MS = 15000;
const TOTAL_TIMEOUT_MS = 240000;
const STAGES = ['preview', 'targets', 'inspectors', 'teams', 'replacements'];

const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const addDays = (iso, n) => new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);
const year = today.slice(0, 4);
const windowTo = addDays(today, 20) > `${year}-12-31` ? `${year}-12-31` : addDays(today, 20);

/** An Element Plus input by its data-test (on the <input> itself or its wrapper). */
const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;

async function login(page, user) {
  await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
  await page.locator(USERNAME_INPUT).fill(user);
  await page.locator(PASSWORD_INPUT).fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => u.pathname.startsWith('/console'));
}

async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

// Operating 花园路 objects (the demo inspectors' unit): a small task the department can staff.
async function someTargets(api, n) {
  const units = await api.call('GET', '/org/units?department_id=1');
  const unit = (units.items || []).find((u) => u.name === '花园路市场监管所');
  if (!unit) throw new Error('unit 花园路市场监管所 not found');
  const r = await api.call('GET', `/targets?unit_id=${unit.id}&page_size=200`);
  return (r.items || []).filter((t) => t.reg_status === '存续' && t.uscc).slice(0, n).map((t) => t.uscc);
}

async function main() {
  requireEnvironment();
  const planner = new Api();
  const title = `见证人浏览器测试任务 ${new Date().toISOString().slice(11, 19)}`;
  let task = null;
  let targetDraw = '';
  await check('setup: the planner commits the target draw of a new task', async () => {
    await planner.login('planner');
    const keys = await someTargets(planner, 3);
    if (keys.length < 3) return `!only ${keys.length} objects`;
    task = await planner.call('POST', '/tasks', {
      title,
      department_id: 1,
      task_type: '定向',
      window_from: today,
      window_to: windowTo,
      items: ['SCJG-GS-01'],
      filter: { v: 1, keys },
      ratio: '100',
    });
    task = await planner.call('POST', `/tasks/${task.id}/commit`, { sources: ['现场见证人掷骰', '公证员现场抽取的号码'] });
    targetDraw = task.target_draw_no;
    return `task ${task.id}, draw ${targetDraw}`;
  });
  if (!targetDraw) finish(1);

  const browser = await launchBrowser();
  const context = await newContext(browser, { viewport: DESKTOP, timeout: ACTION_TIMEOUT_MS });
  // Every answer the witness's pages receive, in every tab of the context.
  const bad = [];
  context.on('response', (res) => {
    if (res.status() >= 400) bad.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  const pageErrors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  setFailurePage(page);
  const noErrors = (where) => (bad.length ? `!${where}: ${bad.join('; ')}` : '');

  // Opens every stage of the task, then, from `stage` (where the draw's ceremony is), its
  // commitment sheet, and the task list. (The draw's public record is linked from the ceremony
  // once revealed: opened after the reveal below.)
  async function openEveryPage(drawNo, stage, label) {
    for (const s of STAGES) {
      await page.locator(`[data-test=stage-${s}]`).click();
      await page.waitForURL((u) => u.searchParams.get('step') === s);
      await page.waitForLoadState('networkidle');
    }
    await page.locator(`[data-test=stage-${stage}]`).click();
    await page.waitForLoadState('networkidle');
    const [sheet] = await Promise.all([
      context.waitForEvent('page'),
      page.locator(`[data-draw-no="${drawNo}"] [data-test=print-commitment]`).first().click(),
    ]);
    await sheet.waitForLoadState('domcontentloaded');
    await sheet.locator('[data-test=commitment-sheet]').waitFor();
    await sheet.waitForLoadState('networkidle');
    await sheet.close();
    await page.goto(`${base}/console/tasks`, { waitUntil: 'domcontentloaded' });
    await page.locator('[data-test=task-table]').getByText(title).first().waitFor();
    await page.waitForLoadState('networkidle');
    return noErrors(label) || `${STAGES.length} stages, commitment sheet, task list`;
  }

  try {
    await login(page, 'witness');
    // The login page asks GET /me before anyone is signed in (401 by design): count from here.
    bad.length = 0;

    await check('witness home lists the target ceremony as a 待办 with what is still to do', async () => {
      const item = page.locator(`[data-test=todo-item][data-draw-no="${targetDraw}"]`);
      await item.waitFor();
      const text = (await item.innerText()).replace(/\s+/g, ' ');
      for (const want of ['见证随机抽取检查对象', title, targetDraw, '待您登记为见证人']) {
        if (!text.includes(want)) return `!entry "${text}" lacks "${want}"`;
      }
      if (await page.locator('[data-test=todo-empty]').count()) return '!the home page still says 暂无待办事项';
      await screenshot(page, 'witness-home-desktop');
      return noErrors('home') || text;
    });

    await check('the entry opens the target ceremony; the witness registers once and enters a value', async () => {
      await page.locator(`[data-test=todo-item][data-draw-no="${targetDraw}"]`).click();
      await page.waitForURL((u) => u.pathname === `/console/tasks/${task.id}` && u.searchParams.get('step') === 'targets');
      const c = page.locator('[data-test=ceremony-targets]');
      await c.waitFor();
      await c.locator(field('witness-org')).fill('金水区人大代表');
      await c.locator('[data-test=witness-add]').click();
      const list = c.locator('[data-test=witness-list]');
      await list.getByText('陈志远').waitFor();
      const shown = (await list.innerText()).replace(/\s+/g, '');
      if ((shown.match(/人大代表/g) || []).length !== 1) return `!witness shown as "${shown}"`;
      await c.locator(field('value-input-1')).fill('27');
      await c.locator('[data-test=value-enter-1]').click();
      await confirmBox(page);
      await c.locator('[data-test=value-row-1] [data-test=value-set]').filter({ hasText: '27' }).waitFor();
      const label = await c.locator('[data-test=commitment] [data-term=plan_hash]').first().innerText();
      if (!label.includes('承诺值') || !label.includes('plan_hash')) return `!commitment labelled "${label}"`;
      await screenshot(page, 'witness-ceremony-desktop');
      return noErrors('ceremony') || shown;
    });

    await check('every page of the target ceremony opens without a 4xx', () => openEveryPage(targetDraw, 'targets', 'target draw pages'));

    await check('home still lists it (awaiting the reveal), then the planner reveals it', async () => {
      await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
      const item = page.locator(`[data-test=todo-item][data-draw-no="${targetDraw}"]`);
      await item.waitFor();
      const text = await item.innerText();
      if (!text.includes('待录入随机数（尚缺 1 个）')) return `!entry "${text}"`;
      await planner.call('PUT', `/draws/${encodeURIComponent(targetDraw)}/sources/0`, { value: '3 5 2' });
      await planner.call('POST', `/tasks/${task.id}/reveal`, { values: [] });
      return noErrors('home');
    });

    await check('the revealed target ceremony links its public record, which opens without a 4xx', async () => {
      await page.goto(`${base}/console/tasks/${task.id}?step=targets`, { waitUntil: 'domcontentloaded' });
      const link = page.locator('[data-test=ceremony-targets] [data-test=public-record]');
      await link.waitFor();
      const [record] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await record.waitForLoadState('domcontentloaded');
      await record.locator('[data-test=draw-title]').waitFor();
      await record.waitForLoadState('networkidle');
      const labels = await record.locator('main dt').evaluateAll((els) => els.map((e) => e.innerText.trim()));
      await record.close();
      const raw = labels.filter((l) => /^[a-z_]+$/.test(l));
      if (raw.length) return `!raw technical names as labels: ${raw.join(', ')}`;
      return noErrors('public record') || `${labels.length} labelled facts`;
    });

    let assignDraw = '';
    await check('after the reveal the home lists the inspector ceremony instead', async () => {
      const t = await planner.call('POST', `/tasks/${task.id}/inspectors/commit`, { department_id: 1, sources: ['现场见证人掷骰'] });
      assignDraw = (t.inspector_draws || []).find((d) => d.status === 'committed')?.draw_no || '';
      if (!assignDraw) return `!no inspector draw committed: ${JSON.stringify(t.inspector_draws)}`;
      await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
      const item = page.locator(`[data-test=todo-item][data-draw-no="${assignDraw}"]`);
      await item.waitFor();
      if (await page.locator(`[data-test=todo-item][data-draw-no="${targetDraw}"]`).count()) return '!the revealed draw is still listed';
      const text = (await item.innerText()).replace(/\s+/g, ' ');
      if (!text.includes('见证随机选派执法检查人员') || !text.includes(title)) return `!entry "${text}"`;
      return noErrors('home') || text;
    });

    await check('the entry opens the inspector ceremony; the witness registers and enters the value', async () => {
      await page.locator(`[data-test=todo-item][data-draw-no="${assignDraw}"]`).click();
      await page.waitForURL((u) => u.pathname === `/console/tasks/${task.id}` && u.searchParams.get('step') === 'inspectors');
      const c = page.locator(`[data-test=ceremony-assign-1][data-draw-no="${assignDraw}"]`);
      await c.waitFor();
      await c.locator(field('witness-org')).fill('金水区人大代表');
      await c.locator('[data-test=witness-add]').click();
      await c.locator('[data-test=witness-list]').getByText('陈志远').waitFor();
      await c.locator(field('value-input-0')).fill('6 1 4');
      await c.locator('[data-test=value-enter-0]').click();
      await confirmBox(page);
      await c.locator('[data-test=value-row-0] [data-test=value-set]').filter({ hasText: '6 1 4' }).waitFor();
      if (await c.locator('[data-test=reveal-button]').count()) return '!a witness is offered the reveal button';
      await screenshot(page, 'witness-inspectors-desktop');
      return noErrors('inspector ceremony');
    });

    await check('every page of the inspector ceremony opens without a 4xx', () => openEveryPage(assignDraw, 'inspectors', 'inspector draw pages'));

    await check("the unrevealed draw's public record shows its commitment without a 4xx", async () => {
      await page.goto(`${base}/draws/${encodeURIComponent(assignDraw)}`, { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=record-commitment]').waitFor();
      await page.waitForLoadState('networkidle');
      return noErrors('public record before the reveal') || 'commitment shown';
    });

    await check('at 375 px: home and ceremony without horizontal overflow or a 4xx', async () => {
      await page.setViewportSize(PHONE);
      await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
      await page.locator(`[data-test=todo-item][data-draw-no="${assignDraw}"]`).waitFor();
      const home = await noHorizontalOverflow(page, PHONE.width);
      if (home.startsWith('!')) return home;
      await screenshot(page, 'witness-home-phone');
      await page.locator(`[data-test=todo-item][data-draw-no="${assignDraw}"]`).click();
      await page.locator(`[data-test=ceremony-assign-1][data-draw-no="${assignDraw}"] [data-test=witness-list]`).waitFor();
      await page.waitForLoadState('networkidle');
      const ceremony = await noHorizontalOverflow(page, PHONE.width);
      if (ceremony.startsWith('!')) return ceremony;
      await screenshot(page, 'witness-inspectors-phone');
      await page.locator('[data-test=stage-targets]').click();
      await page.locator('[data-test=ceremony-targets] [data-test=witness-list]').waitFor();
      await screenshot(page, 'witness-ceremony-phone');
      await page.setViewportSize(DESKTOP);
      return noErrors('phone') || `${home}; ${ceremony}`;
    });

    await check('no HTTP answer >= 400 and no script error on any page the witness opened', async () => {
      if (bad.length) return `!${bad.join('; ')}`;
      if (pageErrors.length) return `!${pageErrors.join('; ')}`;
    });
  } finally {
    await browser.close();
  }
}

run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
