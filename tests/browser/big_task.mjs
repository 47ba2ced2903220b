// The draw ceremony at real size (issue 12, acceptance 1), in a browser on the demo district:
//   - 1,850 generated 重点监管 objects are imported through the product's own import
//     (POST /registers/targets/import, a CSV built here) and a task over all of them is created;
//   - with the demo's inspectors only, its preview shows the 人员配备能力 table and the target
//     draw is refused before the commitment, with the numbers (needed places, the most the
//     department can staff); a task over 200 of them is refused in its preview with the inspector
//     step's own figure (every object is drawn, so the preview computes the same maximum flow
//     over per-target jurisdiction: 400 places, 364 possible), and its commit with it;
//   - then, as a district would, the department's inspectors are imported through the product
//     (POST /registers/inspectors/import: certificates, the item's qualification, units whose
//     jurisdiction covers the objects' streets — the 市场监管所 of the streets that have one,
//     the district's 综合行政执法大队 for all of them), and the big task goes through the
//     whole ceremony in the UI (1,850 objects): preview, commit, witness, value, reveal; the inspector draw the
//     same way; a supplementary round (补充抽取) for teams the random walk left short, when the
//     flow says they can be filled (reported, never hidden); then the teams and their 检查通知书,
//     and the task is 已派发 (LOCKED, dispatchable);
//   - every step of both tasks, at 1440×900 and at 375×812, stays within 5 screen heights
//     (document.documentElement.scrollHeight <= 5 × innerHeight) and renders in under 1 s:
//     from the navigation's start (performance.now() in the page, measured once the step's
//     content is visible; the median of three fresh loads) or from the click that opened it
//     (one run, in the flow). Every timing is printed
//     ("timing …" lines; docs/performance.md records a run).
import {
  Api,
  base,
  check,
  finish,
  launchBrowser,
  newContext,
  password,
  PASSWORD_INPUT,
  requireEnvironment,
  run,
  screenshot as saveScreenshot,
  setFailurePage,
  USERNAME_INPUT,
} from './harness.mjs';
import { BIG, INSPECTORS, importCsv, inspectorsCsv, MIDDLE, setUp } from './big_task_data.mjs';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };
const ACTION_TIMEOUT_MS = 20000;
const TOTAL_TIMEOUT_MS = 170000;
const RENDER_LIMIT_MS = 1000;
const SCREENS = 5;

const screenshot = (page, name) => saveScreenshot(page, `bigtask-${name}`);

// ---- page helpers -----------------------------------------------------------------------------
async function login(page, user) {
  await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
  await page.locator(USERNAME_INPUT).fill(user);
  await page.locator(PASSWORD_INPUT).fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => u.pathname.startsWith('/console'));
}

function field(name) {
  return `input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input, [data-test=${name}] textarea`;
}

async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

const timings = [];
function record(what, ms) {
  timings.push({ what, ms });
  console.log(`timing ${what}: ${Math.round(ms)} ms`);
  return ms;
}

/** "!…" unless the page is at most SCREENS screen heights tall. */
async function heightWithin(page) {
  const { h, vh } = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, vh: window.innerHeight }));
  if (h > SCREENS * vh) return `!page is ${h} px tall, more than ${SCREENS} × ${vh} px`;
  return `${h} px ≤ ${SCREENS} × ${vh}`;
}

// In every document of the context: on each animation frame, until it is seen, whether the
// element named in localStorage['bigtask-watch'] is rendered with a size; the page's own clock
// at that frame is window.__bigtaskVisibleAt. (Reading performance.now() after Playwright's
// waitFor adds its polling and a round trip — 200–300 ms on a busy machine — to the page's time.)
function watchForContent() {
  const selector = localStorage.getItem('bigtask-watch');
  if (!selector) return;
  const frame = () => {
    const el = document.querySelector(selector);
    if (el && el.getClientRects().length && el.getBoundingClientRect().height > 0) {
      window.__bigtaskVisibleAt = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * Opens `path` three times as a fresh navigation; each time the page's own clock (since the
 * navigation started) at the first frame that shows `selector`. Returns the median: two cores
 * shared with other builds and tests make one navigation swing by hundreds of ms.
 */
async function timedGotoMedian(page, path, selector, label) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate((sel) => localStorage.setItem('bigtask-watch', sel), selector);
    await page.goto(base + path, { waitUntil: 'commit' });
    await page.locator(selector).first().waitFor({ state: 'visible' });
    runs.push(await page.waitForFunction(() => window.__bigtaskVisibleAt).then((h) => h.jsonValue()));
  }
  await page.evaluate(() => localStorage.removeItem('bigtask-watch'));
  const median = [...runs].sort((a, b) => a - b)[1];
  console.log(`timing ${label}: ${runs.map((ms) => Math.round(ms)).join(' / ')} ms → median ${Math.round(median)} ms`);
  timings.push({ what: label, ms: median });
  return median;
}

/** Runs `action` (a click) and waits for `selector`; the time from before the click. */
async function timedClick(page, action, selector, label) {
  const started = Date.now();
  await action();
  await page.locator(selector).first().waitFor({ state: 'visible' });
  return record(label, Date.now() - started);
}

// Wall-clock limits are asserted by `make ui-timing` (SUIJI_UI_TIMING_STRICT=1, on an otherwise
// idle machine); inside `make test` other tests share the cores, so a slow step is reported in
// the log, not failed (the honest measure of a busy machine is not the product's).
const STRICT_TIMING = process.env.SUIJI_UI_TIMING_STRICT === '1';
const within = (ms) => {
  if (ms < RENDER_LIMIT_MS) return '';
  const text = `${Math.round(ms)} ms ≥ ${RENDER_LIMIT_MS} ms`;
  if (STRICT_TIMING) return `!${text}`;
  console.log(`slow (asserted only by make ui-timing): ${text}`);
  return '';
};

// The steps of a task page and what shows that each has rendered.
const STEPS = {
  preview: '[data-test=preview]',
  targets: '[data-test=ceremony-targets] [data-test=step-commit]',
  inspectors: '[data-test=inspectors-1] .idp__block',
  teams: '[data-test=notice-table]',
};

async function main() {
  const planner = new Api();
  await planner.login('planner');
  let data = null;
  await check(`setup: ${BIG} objects imported through the register import, two tasks`, async () => {
    data = await setUp(planner);
    return `import ${data.importMs} ms; tasks ${data.big.id} and ${data.middle.id}`;
  });
  if (!data) finish(1);
  const bigPath = `/console/tasks/${data.big.id}`;
  const middlePath = `/console/tasks/${data.middle.id}`;

  const browser = await launchBrowser();
  const pageErrors = [];
  const newPage = async (viewport) => {
    const ctx = await newContext(browser, { viewport, timeout: ACTION_TIMEOUT_MS });
    const page = await ctx.newPage();
    await page.addInitScript(watchForContent);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };
  try {
    const page = await newPage(DESKTOP);
    setFailurePage(page);
    await login(page, 'planner');

    // --- the big task: refused before the commitment, with numbers ---------------------------
    await check(`big task preview: ≥ 1,500 objects to draw, 人员配备能力 insufficient, within 1 s`, async () => {
      const ms = await timedGotoMedian(page, `${bigPath}?step=preview`, '[data-test=preview-staffing]', 'big task: preview (1440)');
      const quota = (await page.locator('[data-test=preview-quota]').innerText()).replace(/,/g, '');
      if (Number(quota) < 1500) return `!quota ${quota} < 1500`;
      const refusal = await page.locator('[data-test=preview-unstaffable]').innerText();
      if (!/\d/.test(refusal)) return `!the capacity refusal has no numbers: ${refusal}`;
      await screenshot(page, 'preview-refused-desktop');
      return within(ms) || `${quota} to draw, ${Math.round(ms)} ms; ${refusal.replace(/\s+/g, ' ').slice(0, 90)}`;
    });
    await check('big task: the target draw cannot be committed (numbers in the reason)', async () => {
      const ms = await timedClick(page, () => page.locator('[data-test=to-targets]').click(), STEPS.targets, 'big task: to targets step (1440)');
      const step = page.locator('[data-test=ceremony-targets] [data-test=step-commit]');
      const button = step.locator('[data-test=commit-button]');
      if (!(await button.isDisabled())) return '!生成并公布承诺 is enabled';
      const reason = (await step.locator('.el-alert').first().innerText()).replace(/\s+/g, ' ');
      const numbers = reason.match(/[\d,]+/g) || [];
      if (!reason.includes('人员不足') || !numbers.some((n) => Number(n.replace(/,/g, '')) >= 1500)) return `!reason: ${reason}`;
      await screenshot(page, 'targets-refused-desktop');
      return within(ms) || `${Math.round(ms)} ms; ${reason.slice(0, 100)}`;
    });
    const draws = await planner.call('GET', `/tasks/${data.big.id}`);
    await check('big task: nothing was committed', async () => (draws.status === 'draft' && !draws.target_draw_no ? 'still 待抽取' : `!status ${draws.status}`));

    // The middle task draws every one of its objects, so its preview's staffing figure is the
    // inspector step's own (max flow over per-target jurisdiction under the cap): the task that
    // used to pass the preview's headcount estimate and be refused at the inspector step (400
    // places, 364 possible) is now refused before its target draw, with the same numbers.
    await check(`middle task (${MIDDLE}): refused in the preview with the inspector step's exact figure`, async () => {
      const ms = await timedGotoMedian(page, `${middlePath}?step=preview`, '[data-test=preview-staffing]', 'middle task: preview, refused (1440)');
      const basis = await page.locator('[data-test=preview-staffing-basis]').innerText();
      if (!basis.includes('已按每个对象的管辖和回避核算')) return `!preview figure not exact: ${basis}`;
      const row = (await page.locator('[data-test=preview-staffing] tbody tr').first().innerText()).replace(/\s+/g, ' ');
      const numbers = (row.match(/[\d,]+ 人次/g) || []).map((n) => Number(n.replace(/[^\d]/g, '')));
      if (numbers.length < 2 || numbers[0] !== 2 * MIDDLE || numbers[1] >= 2 * MIDDLE) return `!staffing row: ${row}`;
      const refusal = await page.locator('[data-test=preview-unstaffable]').innerText();
      const committed = await planner.call('POST', `/tasks/${data.middle.id}/commit`, { sources: ['现场见证人掷骰'] }).then(
        () => 'committed',
        (err) => err.message,
      );
      if (!committed.includes('TASK_UNSTAFFABLE') || !committed.includes(`${numbers[1]} 人次`)) return `!commit answered: ${committed.slice(0, 200)}`;
      await page.waitForLoadState('networkidle');
      const h = await heightWithin(page);
      await screenshot(page, 'middle-preview-refused-desktop');
      if (h.startsWith('!')) return h;
      return within(ms) || `${row}; ${refusal.replace(/\s+/g, ' ').slice(0, 80)}; ${h}`;
    });

    // --- the department imports its inspectors; the big task then goes through ---------------
    await check(`${INSPECTORS} inspectors imported through the register import (certificates, qualification, units with jurisdiction)`, async () => {
      const ms = await importCsv(planner, 'inspectors', inspectorsCsv(), INSPECTORS);
      return `${ms} ms`;
    });

    const targets = page.locator('[data-test=ceremony-targets]');
    await check(`big task (${BIG}): staffable now; target draw committed, witnessed, revealed in the UI`, async () => {
      const ms0 = await timedGotoMedian(page, `${bigPath}?step=preview`, '[data-test=preview-staffing]', 'big task: preview, staffable (1440)');
      const quota = Number((await page.locator('[data-test=preview-quota]').innerText()).replace(/,/g, ''));
      if (quota !== BIG) return `!quota ${quota}, expected ${BIG}`;
      if (await page.locator('[data-test=preview-unstaffable]').count()) return `!still refused: ${await page.locator('[data-test=preview-unstaffable]').innerText()}`;
      const staffing = (await page.locator('[data-test=preview-staffing]').innerText()).replace(/\s+/g, ' ');
      // Every object is drawn: the figure is the inspector step's own (per-target jurisdiction).
      const basis = await page.locator('[data-test=preview-staffing-basis]').innerText();
      if (!basis.includes('已按每个对象的管辖和回避核算')) return `!preview figure not exact: ${basis}`;
      await screenshot(page, 'preview-staffable-desktop');
      const ms1 = await timedClick(page, () => page.locator('[data-test=to-targets]').click(), STEPS.targets, 'big task: to targets step (1440)');
      await targets.locator('[data-test=commit-button]').click();
      const ms2 = await timedClick(page, () => confirmBox(page), '[data-test=ceremony-targets][data-step="2"] [data-test=plan-hash]', 'big task: commit → step 2 (1440)');
      // The page lands at the step the commit opened (or as far down as the page goes).
      const { top, atBottom } = await page.evaluate(() => {
        const step = document.querySelector('[data-test=ceremony-targets] .steps > li:nth-child(2)');
        const d = document.documentElement;
        return { top: Math.round(step.getBoundingClientRect().top), atBottom: window.scrollY + innerHeight >= d.scrollHeight - 2 };
      });
      await targets.locator(field('witness-name')).fill('陈志远');
      await targets.locator(field('witness-org')).fill('区人大代表');
      await targets.locator('[data-test=witness-add]').click();
      await targets.locator('[data-test=witness-list]').getByText('陈志远').waitFor();
      await targets.locator(field('value-input-0')).fill('4 2');
      await targets.locator('[data-test=value-enter-0]').click();
      await confirmBox(page);
      await targets.locator('[data-test=value-row-0] [data-test=value-set]').waitFor();
      await targets.locator('[data-test=reveal-button]').click();
      const ms3 = await timedClick(page, () => confirmBox(page), '[data-test=locked-table] tbody tr', 'big task: reveal → locked list (1440)');
      const total = (await page.locator('[data-test=locked-targets] .locked__title').innerText()).replace(/,/g, '');
      const rows = await page.locator('[data-test=locked-table] tbody tr').count();
      await screenshot(page, 'targets-revealed-desktop');
      if (!total.includes(String(BIG))) return `!locked title "${total}"`;
      if (rows > 20) return `!${rows} rows on one page`;
      if (top < -5 || (top > 200 && !atBottom)) return `!after the commit step 2 is at y=${top} (not at the top of the screen)`;
      return within(Math.max(ms0, ms1, ms2, ms3)) || `${staffing.slice(0, 120)}; ${total}; ${rows} rows per page; step 2 at y=${top}`;
    });
    await check('locked list: search finds one object', async () => {
      const search = page.locator(field('locked-search'));
      await search.fill(`大任务测试${BIG}号`);
      // The locked list is in draw order, so the object may already be on the first page before
      // the search answers: wait until every row shown matches the search (the search's page
      // replaced the unfiltered one), then count.
      await page.waitForFunction((name) => {
        const shown = [...document.querySelectorAll('[data-test=locked-table] tbody tr')];
        return shown.length > 0 && shown.every((tr) => tr.innerText.includes(name));
      }, `大任务测试${BIG}号便利店`);
      const rows = await page.locator('[data-test=locked-table] tbody tr').count();
      await search.fill('');
      return rows === 1 ? '1 row' : `!${rows} rows`;
    });

    const panel = page.locator('[data-test=inspectors-1]');
    // One assignment ceremony in the UI: commit, a witness, the witness's value, reveal.
    // Round n's ceremony is the last of its name (earlier rounds stay above it, folded).
    const assignCeremony = async (round, value, label) => {
      const ceremony = '[data-test=ceremony-assign-1]';
      await panel.locator('[data-test=ceremony-assign-new-1] [data-test=commit-button]').click();
      const ms1 = await timedClick(page, () => confirmBox(page), `${ceremony}[data-step="2"] [data-test=plan-hash]`, `big task: ${label} commit → step 2 (1440)`);
      const c = panel.locator(ceremony).last();
      await c.locator(field('witness-name')).fill('王丽');
      await c.locator(field('witness-org')).fill('金水区公证处');
      await c.locator('[data-test=witness-add]').click();
      await c.locator('[data-test=witness-list]').getByText('王丽').waitFor();
      await c.locator(field('value-input-0')).fill(value);
      await c.locator('[data-test=value-enter-0]').click();
      await confirmBox(page);
      await c.locator('[data-test=value-row-0] [data-test=value-set]').waitFor();
      await c.locator('[data-test=reveal-button]').click();
      const started = Date.now();
      await confirmBox(page);
      await page.waitForFunction((n) => {
        const all = document.querySelectorAll('[data-test=inspectors-1] [data-test=ceremony-assign-1]');
        return all.length >= n && all[all.length - 1].querySelector('[data-test=revealed]');
      }, round);
      const ms2 = record(`big task: ${label} reveal → result (1440)`, Date.now() - started);
      return Math.max(ms1, ms2);
    };
    let rounds = 0;
    await check('big task: inspector draw committed, witnessed, revealed in the UI', async () => {
      const ms0 = await timedClick(page, () => page.locator('[data-test=to-inspectors]').click(), '[data-test=eligibility-table] tbody tr', 'big task: to inspectors step (1440)');
      const chip = await panel.locator('[data-test=staffing-chip]').innerText();
      if (await panel.locator('[data-test=unstaffable]').count()) return `!refused: ${await panel.locator('[data-test=unstaffable]').innerText()}`;
      const ms1 = await assignCeremony(1, '6 1 4', 'inspector');
      rounds = 1;
      await screenshot(page, 'inspectors-revealed-desktop');
      const task = await planner.call('GET', `/tasks/${data.big.id}`);
      return within(Math.max(ms0, ms1)) || `${chip}; status ${task.status}, ${task.problem_count} blocking after the first draw`;
    });

    // The random walk of SJ-DRAW-1 §5 may leave teams short although the flow said every place
    // fits (ADR 0009): then the banner sums them up, no notice is offered for them, and a
    // supplementary round is drawn in the UI as long as the eligibility step says the open
    // places can be filled. Every round is reported.
    await check('big task: short teams (if any) summed up, then filled by supplementary rounds in the UI → 已派发', async () => {
      let task = await planner.call('GET', `/tasks/${data.big.id}`);
      const notes = [];
      if (task.status !== 'dispatched') {
        const summary = await page.locator('[data-test=problem-summary] li').count();
        if (summary > 3) return `!the problem banner lists ${summary} lines`;
        await page.locator('[data-test=problem-targets]').click();
        await page.locator('[data-test=notice-table] tbody tr').first().waitFor();
        const shown = await page.locator('[data-test=notice-table] tbody tr').count();
        const links = await page.locator('[data-test=notice-table] [data-test=notice-link]').count();
        if (links) return `!${links} notice links among the teams that may not go`;
        if (shown !== Math.min(20, task.problem_count)) return `!${shown} rows listed for ${task.problem_count} blocking problems`;
        await screenshot(page, 'teams-blocked-desktop');
      }
      while (task.status !== 'dispatched') {
        if (rounds >= 4) return `!still ${task.problem_count} blocking after ${rounds} draws`;
        await page.locator('[data-test=stage-inspectors]').click();
        await panel.locator('[data-test=eligibility-table]').waitFor();
        const offered = panel.locator('[data-test=ceremony-assign-new-1]');
        await Promise.race([offered.waitFor(), panel.locator('[data-test=nothing-to-draw]').waitFor(), panel.locator('[data-test=unstaffable]').waitFor()]);
        if (!(await offered.count())) {
          const why = await panel.locator('[data-test=nothing-to-draw], [data-test=unstaffable]').first().innerText();
          return `!${task.problem_count} teams short and no supplementary round possible: ${why.replace(/\s+/g, ' ').slice(0, 160)}`;
        }
        const before = task.problem_count;
        await assignCeremony(rounds + 1, String(rounds + 6), `supplementary round ${rounds}`);
        rounds += 1;
        task = await planner.call('GET', `/tasks/${data.big.id}`);
        notes.push(`round ${rounds}: ${before} → ${task.problem_count} blocking`);
        console.log(`note: supplementary round ${rounds - 1}: ${before} teams short before, ${task.problem_count} blocking after, status ${task.status}`);
      }
      const full = task.target_count;
      return `${task.status} (${full} objects, ${rounds} draw${rounds > 1 ? 's' : ''}${notes.length ? ': ' + notes.join('; ') : ', no team short'})`;
    });

    await check('teams and notices: paged, searchable, a notice for every team', async () => {
      const ms = await timedClick(page, () => page.locator('[data-test=stage-teams]').click(), STEPS.teams, 'big task: to teams step (1440)');
      const rows = await page.locator('[data-test=notice-table] tbody tr').count();
      if (rows > 20) return `!${rows} rows on one page`;
      const task = await planner.call('GET', `/tasks/${data.big.id}`);
      if (task.status !== 'dispatched') return `!status ${task.status}`;
      const links = await page.locator('[data-test=notice-link]').count();
      if (links !== rows) return `!${links} notice links on the page for ${rows} teams`;
      const link = page.locator('[data-test=notice-link]').first();
      const [notice] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await notice.waitForLoadState('domcontentloaded');
      const text = await notice.locator('body').innerText();
      await notice.close();
      if (!text.includes('检查通知书')) return `!notice: ${text.slice(0, 60)}`;
      const print = await page.locator('[data-test=print-page-notices]').innerText();
      await screenshot(page, 'teams-desktop');
      return within(ms) || `${rows} rows, ${links} notices; ${print.trim()}`;
    });

    // --- every step, fresh, at both sizes: height and render time ------------------------
    for (const [viewport, label] of [
      [DESKTOP, '1440'],
      [PHONE, '375'],
    ]) {
      await page.setViewportSize(viewport);
      for (const [task, path, steps] of [
        ['big', bigPath, ['preview', 'targets', 'inspectors', 'teams']],
        ['middle', middlePath, ['preview', 'targets']],
      ]) {
        for (const step of steps) {
          await check(`${task} task, ${step} at ${label} px: within ${SCREENS} screens, rendered in < 1 s`, async () => {
            const ms = await timedGotoMedian(page, `${path}?step=${step}`, STEPS[step], `${task} task: open ${step} (${label})`);
            // Data arrives in more than one answer (eligibility, the draws): wait until quiet.
            await page.waitForLoadState('networkidle');
            const h = await heightWithin(page);
            await screenshot(page, `${task}-${step}-${label === '1440' ? 'desktop' : 'phone'}`);
            if (h.startsWith('!')) return h;
            return within(ms) || `${Math.round(ms)} ms; ${h}`;
          });
        }
      }
    }
    await check('no script errors on the pages', async () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    const worst = timings.reduce((m, t) => Math.max(m, t.ms), 0);
    console.log(`timing worst: ${Math.round(worst)} ms over ${timings.length} measured steps`);
    await browser.close();
  }
}

requireEnvironment('SUIJI_PASSWORD');
run(main, { timeoutMs: TOTAL_TIMEOUT_MS, timed: true });
