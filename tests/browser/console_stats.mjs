#!/usr/bin/env node
// 统计分析 in a browser (issue 14): on the demo district with its cycle (three tasks of 金水区市场监督管理局),
// the coordinator opens /console/stats from the menu: the three charts draw (canvas with ink), the
// department table lists every department of /org/departments with the figures of
// GET /stats/overview, the shortfalls are highlighted, the half-year filter reloads, the
// coordinator downloads the half-year 统计表 (a workbook whose 统计表 sheet names every
// department), no page error; at 375 px the document does not overflow. A planner of 商务局 sees
// only 商务局.
//
//   tests/e2e/browser_run.sh build/suiji console_stats --cycle
import fs from 'node:fs';
import { Api, DESKTOP, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, launchPersistent,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const ACTION_TIMEOUT_MS = 15000;
const TOTAL_TIMEOUT_MS = 180000;

async function login(page, username) {
  await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
  await page.locator(USERNAME_INPUT).fill(username);
  await page.locator(PASSWORD_INPUT).fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => u.pathname.startsWith('/console'));
}

/** How many non-transparent pixels the canvases of the page's charts hold, per chart. */
function chartInk(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-test=stats-chart] canvas')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
      return ink;
    }),
  );
}

async function main() {
  const api = new Api();
  await api.login('coordinator');
  const year = new Date().getFullYear();
  const overview = await api.call('GET', `/stats/overview?year=${year}`);
  const departments = (await api.call('GET', '/org/departments')).items;
  const { context, close } = await launchPersistent({ timeout: ACTION_TIMEOUT_MS, viewport: DESKTOP, acceptDownloads: true });
  const page = context.pages()[0] || (await context.newPage());
  setFailurePage(page);
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (m) => {
    // The login page's session probe answers 401 before anyone has logged in: expected.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) pageErrors.push(m.text());
  });
  try {
    await check('coordinator: 统计分析 in the menu opens the page', async () => {
      await login(page, 'coordinator');
      await page.locator('.el-menu-item', { hasText: '统计分析' }).first().click();
      await page.waitForURL((u) => u.pathname === '/console/stats');
      await page.locator('[data-test=stats-row]').first().waitFor();
      return page.url();
    });
    await check('every department is listed, with the API figures', async () => {
      const rows = page.locator('[data-test=stats-row]');
      const n = await rows.count();
      if (n !== departments.length) return `!${n} rows for ${departments.length} departments`;
      const market = overview.departments.find((d) => d.department_id === 1);
      const cells = await page.locator('[data-test=stats-row][data-department-id="1"] td').allInnerTexts();
      if (Number(cells[1]) !== market.tasks || Number(cells[2]) !== market.due) return `!market row reads ${cells.join(' | ')}`;
      return `${n} rows; market ${cells.slice(1, 8).join(' ')}`;
    });
    await check('three charts are drawn', async () => {
      await page.waitForTimeout(800);
      const ink = await chartInk(page);
      if (ink.length !== 3 || ink.some((i) => i < 500)) return `!ink per chart ${ink.join(', ')}`;
      await screenshot(page, 'console-stats-desktop');
      return `ink ${ink.join(', ')}`;
    });
    await check('shortfalls are highlighted', async () => {
      const low = await page.locator('[data-test=stats-inspectors] .is-low').count();
      // The demo's departments take part far below 80% (most inspectors in no task).
      if (low < 1) return '!no participation shortfall highlighted';
      return `${low} highlighted`;
    });
    await check('the half-year filter reloads with six months', async () => {
      await page.locator('[data-test=stats-half]').click();
      await page.locator('.el-select-dropdown__item', { hasText: '下半年' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-test=stats-months] tbody tr').length === 6);
      return (await page.locator('[data-test=stats-period]').innerText()).slice(0, 40);
    });
    await check('the table downloads as .xlsx', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=stats-xlsx]').click()]);
      const file = await download.path();
      const bytes = fs.readFileSync(file);
      if (bytes.subarray(0, 2).toString() !== 'PK') return '!not a workbook';
      return `${download.suggestedFilename()} ${bytes.length} bytes`;
    });
    await check('the 月度趋势 chart downloads its own table as .xlsx', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=stats-trend-xlsx]').click()]);
      const bytes = fs.readFileSync(await download.path());
      if (bytes.subarray(0, 2).toString() !== 'PK') return '!not a workbook';
      if (!download.suggestedFilename().includes('月度趋势')) return `!file name ${download.suggestedFilename()}`;
      return `${download.suggestedFilename()} ${bytes.length} bytes`;
    });
    await check('the coordinator downloads the half-year 统计表', async () => {
      const button = page.locator('[data-test=stats-report-half-year]');
      const label = (await button.innerText()).trim();
      if (!/^下载[上下]半年统计表$/.test(label)) return `!button reads ${label}`;
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const name = download.suggestedFilename();
      const bytes = fs.readFileSync(await download.path());
      if (bytes.length < 1000 || bytes.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') return `!not a workbook (${bytes.length} bytes)`;
      if (!/半年双随机一公开监管工作统计表\.xlsx$/.test(name)) return `!file name ${name}`;
      // The sheets are stored compressed; their names sit in the zip's directory as plain text.
      const text = bytes.toString('latin1');
      if (!text.includes('xl/worksheets/sheet2.xml')) return '!no second sheet (统计表)';
      await page.setViewportSize({ width: 1440, height: 900 });
      await screenshot(page, 'console-stats-report-1440');
      return `${name} ${bytes.length} bytes`;
    });
    await page.setViewportSize(PHONE);
    await check('phone: no horizontal overflow, charts drawn', async () => {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=stats-row]').first().waitFor();
      await page.waitForTimeout(800);
      const ink = await chartInk(page);
      if (ink.some((i) => i < 500)) return `!ink per chart ${ink.join(', ')}`;
      await screenshot(page, 'console-stats-phone');
      if (!(await page.locator('[data-test=stats-report-half-year]').isVisible())) return '!the 统计表 button is hidden at 375 px';
      return noHorizontalOverflow(page, PHONE.width);
    });
    await check('商务局 planner: only 商务局', async () => {
      await page.setViewportSize(DESKTOP);
      await context.clearCookies();
      await login(page, 'planner.sw');
      await page.goto(`${base}/console/stats`, { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=stats-row]').first().waitFor();
      const ids = await page.locator('[data-test=stats-row]').evaluateAll((rows) => rows.map((r) => r.dataset.departmentId));
      if (ids.length !== 1 || ids[0] !== '2') return `!rows ${ids.join(', ')}`;
      return 'department 2 only';
    });
    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await close();
  }
}

requireEnvironment();
run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
