#!/usr/bin/env node
// Browser test of what a citizen reads on the portal (issue 12), on the demo district with its
// cycle (browser_run.sh … portal_public --cycle):
//
//   SUIJI_BASE_URL=http://127.0.0.1:18090 [SUIJI_PLANNER=planner SUIJI_APPROVER=approver
//   SUIJI_PASSWORD=suiji-demo-2026] [SUIJI_SCREENSHOT_DIR=/tmp/shots] node tests/browser/portal_public.mjs
//
// /tasks shows the demo's drawn task with its items by name; after the planner edits a drawn
// target's address through the API, the announcement still shows the address locked at the
// draw; the target draw's record names the drawn targets; the inspector draw's record shows
// 姓名（执法证号）; /plans names a batch's items and its 属地单位. At 1440×900 and 375×812 each
// page is screenshotted and none overflows horizontally at 375 px.
import { Api, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, launchPersistent, noHorizontalOverflow,
  password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const ACTION_TIMEOUT_MS = 20000;
const TOTAL_TIMEOUT_MS = 240000;
const DESKTOP = { width: 1440, height: 900 };

const plannerName = process.env.SUIJI_PLANNER || 'planner';
const approverName = process.env.SUIJI_APPROVER || 'approver';

async function setUp() {
  const planner = new Api();
  const approver = new Api();
  await planner.login(plannerName);
  await approver.login(approverName);
  const anyone = new Api();
  const tasks = (await anyone.call('GET', '/public/tasks?limit=50')).items;
  const task = tasks.find((t) => !t.confidential && t.target_count > 0);
  if (!task) throw new Error('the demo has no public task with targets (load it with --cycle)');
  const full = await planner.call('GET', `/tasks/${task.id}`);
  const teamDraw = (full.inspector_draws || [])[0];
  const firstLine = ((await planner.call('GET', `/tasks/${task.id}/targets?page_size=1`)).items || [])[0];
  const assigned = (firstLine?.inspectors || [])[0];
  // The directory changes after the lock.
  const locked = (await anyone.call('GET', `/public/tasks/${task.id}/targets?page_size=1`)).items[0];
  const row = await planner.call('GET', `/targets/${locked.target_id}`);
  await planner.call('PUT', `/targets/${locked.target_id}`, { ...row, address: '郑州市金水区锁定后新址路1号', note: '住所变更' });
  // A published plan of next year whose batch is limited to one 属地单位.
  const year = new Date().getFullYear() + 1;
  const plan = await planner.call('POST', '/plans', {
    department_id: 1,
    content: {
      title: `${year}年度花园路企业公示信息抽查计划`,
      kind: '年度',
      year,
      batches: [{ seq: 1, name: '第一季度', window_from: `${year}-03-01`, window_to: `${year}-03-31`, items: ['SCJG-GS-01'], filter: { unit_ids: [7] }, task_type: '不定向', ratio: null }],
    },
  });
  await planner.call('POST', `/plans/${plan.id}/submit`);
  await approver.call('POST', `/plans/${plan.id}/approve`, { note: '同意' });
  await planner.call('POST', `/plans/${plan.id}/publish`);
  return { task, locked, teamDraw, assigned, planNo: plan.plan_no };
}

async function main() {
  const data = await setUp();
  const { context, close } = await launchPersistent({ timeout: ACTION_TIMEOUT_MS, viewport: DESKTOP });
  const page = context.pages()[0] || (await context.newPage());
  setFailurePage(page);
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  const taskCard = () => page.locator(`[data-test=public-task][data-task-no="${data.task.task_no}"]`);
  const pages = {
    tasks: async () => {
      await page.goto(`${base}/tasks`, { waitUntil: 'domcontentloaded' });
      await taskCard().waitFor();
    },
    targetDraw: async () => {
      await page.goto(`${base}/draws/${encodeURIComponent(data.task.target_draw_no)}`, { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=drawn-name]').first().waitFor();
    },
    teamDraw: async () => {
      await page.goto(`${base}/draws/${encodeURIComponent(data.teamDraw.draw_no)}`, { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=team-target-name]').first().waitFor();
    },
    plans: async () => {
      await page.goto(`${base}/plans`, { waitUntil: 'domcontentloaded' });
      await page.locator(`[data-test=public-plan][data-plan-no="${data.planNo}"]`).waitFor();
    },
  };
  try {
    await check('/tasks: items by name with their codes', async () => {
      await pages.tasks();
      const text = await taskCard().locator('[data-test=task-items]').innerText();
      if (!/[\u4e00-\u9fa5]+（SCJG-GS-01）/.test(text)) return `!items read "${text}"`;
      return text;
    });
    await check('/tasks: the address locked at the draw, not the one edited afterwards', async () => {
      // The cards come first, each card's locked targets with a request of their own: wait for
      // this card's rows (read at once, a busy machine showed the card without them).
      await taskCard().locator('tbody tr').first().waitFor({ state: 'attached' });
      const text = await taskCard().innerText();
      if (text.includes('锁定后新址路')) return '!the edited address is shown';
      if (!text.includes(data.locked.address)) return `!the locked address "${data.locked.address}" is missing`;
      await screenshot(page, 'portal-tasks-desktop');
      return data.locked.address;
    });
    await check('target draw record: drawn targets named as locked', async () => {
      await pages.targetDraw();
      const names = await page.locator('[data-test=drawn-name]').allInnerTexts();
      if (!names.includes(data.locked.name)) return `!"${data.locked.name}" not among ${names.join('、')}`;
      await screenshot(page, 'portal-draw-targets-desktop');
      return `${names.length} names`;
    });
    await check('inspector draw record: 姓名（执法证号） and the targets named', async () => {
      await pages.teamDraw();
      const people = await page.locator('[data-test=team-person]').allInnerTexts();
      const want = `${data.assigned.name}（${data.assigned.cert_no}）`;
      if (!people.includes(want)) return `!"${want}" not among ${people.slice(0, 6).join('、')}`;
      await screenshot(page, 'portal-draw-teams-desktop');
      return `${people.length} places`;
    });
    await check('/plans: batch items by name, the 属地单位 named', async () => {
      await pages.plans();
      const card = page.locator(`[data-test=public-plan][data-plan-no="${data.planNo}"]`);
      const scope = await card.locator('[data-test=batch-scope]').innerText();
      const items = await card.locator('[data-test=batch-items]').innerText();
      if (!scope.includes('花园路市场监管所') || scope.includes('个属地单位')) return `!scope reads "${scope}"`;
      if (!/[\u4e00-\u9fa5]+（SCJG-GS-01）/.test(items)) return `!items read "${items}"`;
      await screenshot(page, 'portal-plans-desktop');
      return scope;
    });

    await page.setViewportSize(PHONE);
    for (const [name, open] of Object.entries(pages)) {
      await check(`phone ${name}: no horizontal overflow`, async () => {
        await open();
        const r = await noHorizontalOverflow(page, PHONE.width);
        const shot = { tasks: 'portal-tasks', targetDraw: 'portal-draw-targets', teamDraw: 'portal-draw-teams', plans: 'portal-plans' }[name];
        await screenshot(page, `${shot}-phone`);
        return r;
      });
    }
    // The setting behind the names: the department's rules (console, 一细则).
    for (const [viewport, suffix] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
      await check(`rules edit (${suffix}): the public person display setting`, async () => {
        await page.setViewportSize(viewport);
        if (suffix === 'desktop') {
          await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
          await page.locator(USERNAME_INPUT).fill(plannerName);
          await page.locator(PASSWORD_INPUT).fill(password);
          await page.locator('[data-test=login-submit]').click();
          await page.waitForURL((u) => u.pathname.startsWith('/console'));
        }
        await page.goto(`${base}/console/registers/rules/1/edit`, { waitUntil: 'domcontentloaded' });
        const select = page.locator('[data-test=rules-person-display]');
        await select.waitFor();
        const text = await select.innerText().catch(() => '');
        const shown = text || (await select.locator('input').inputValue().catch(() => ''));
        await select.scrollIntoViewIfNeeded();
        await screenshot(page, `rules-person-display-${suffix}`);
        if (!/姓名＋执法证号/.test(shown)) return `!the setting reads "${shown}"`;
        return shown;
      });
    }
    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await close();
  }
}

requireEnvironment();
run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
