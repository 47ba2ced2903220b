#!/usr/bin/env node
// Browser test of the console's 一单两库一细则 pages against a running demo server.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18091 [SUIJI_PLANNER=planner SUIJI_ADMIN=admin
//   SUIJI_PASSWORD=suiji-demo-2026] [SUIJI_SCREENSHOT_DIR=/tmp/shots]
//   [SUIJI_CHROMIUM=/usr/bin/chromium] node tests/browser/console_registers.mjs
//
// In Debian's chromium via playwright-core, as the planner: searches the target directory by
// name (server paging, the server's filter description), opens the target and sees its change
// history (a field changed through the API beforehand, old → new); opens an item, is refused a
// ratio below the 3% floor with the message under the field, saves a valid change as a new
// version and sees the field-level diff; uploads a small .csv of targets with one bad row in
// 仅校验 mode and sees that row with its column and reason while nothing is stored; does not
// see 查看完整身份证号; at 375 px the target list does not overflow horizontally. As the
// administrator: reveals an inspector's 身份证号 with a reason, which the history then shows.
// One line per check, then "N passed, N failed"; exit 0 or 1.
import { Api, DESKTOP as DEFAULT_DESKTOP, PHONE, USCC_ALPHABET, base, check, finish, launchBrowser,
  newContext, noHorizontalOverflow, password, requireEnvironment, run, screenshot as saveScreenshot,
  withUsccCheck } from './harness.mjs';

const DESKTOP = { ...DEFAULT_DESKTOP, height: 900 };
const ACTION_TIMEOUT_MS = 15000;
const TOTAL_TIMEOUT_MS = 120000;

const plannerUser = process.env.SUIJI_PLANNER || 'planner';
const adminUser = process.env.SUIJI_ADMIN || 'admin';

// 统一社会信用代码 with correct check characters for serial n: positions 9–17 are a GB 11714
// organisation code (its own check at 17), position 18 the GB 32100 check over the first 17.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
function validUscc(n) {
  const org = `MA${String(n % 1000000).padStart(6, '0')}`; // 8 body characters
  let osum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = org[i];
    osum += (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55) * ORG_WEIGHTS[i];
  }
  const oc = 11 - (osum % 11);
  return withUsccCheck(`92410105${org}${oc === 10 ? 'X' : oc === 11 ? '0' : String(oc)}`);
}
function withWrongCheck(code) {
  const i = USCC_ALPHABET.indexOf(code[17]);
  return code.slice(0, 17) + USCC_ALPHABET[(i + 1) % 31];
}

const screenshot = (page, name) => saveScreenshot(page, `registers-${name}`);

/** A fresh browser context logged in as `username` (cookie from POST /session). */
async function loggedInPage(browser, username, viewport) {
  const context = await newContext(browser, { viewport, timeout: ACTION_TIMEOUT_MS });
  const res = await context.request.post(`${base}/api/v1/session`, { data: { username, password } });
  if (!res.ok()) throw new Error(`login as ${username} answered ${res.status()}`);
  const page = await context.newPage();
  return { context, page };
}

async function main() {
  // Setup through the API: a target whose history has a field change, and the numbers to
  // compare the pages with.
  const planner = new Api();
  let setup = null;
  const setupOk = await check('setup through the API', async () => {
    await planner.login(plannerUser);
    const page = await planner.call('GET', '/targets?page=7&page_size=1');
    const target = page.items[0];
    const newRep = `测试代表${Date.now() % 10000}`;
    await planner.call('PUT', `/targets/${target.id}`, { target: { ...target, legal_rep: newRep }, note: '浏览器测试：核实法定代表人' });
    const items = await planner.call('GET', '/items?q=SCJG-GS-01');
    const head = items.items.find((i) => i.code === 'SCJG-GS-01');
    if (!head) return '!demo item SCJG-GS-01 missing';
    const item = await planner.call('GET', `/items/${head.id}`);
    setup = { target, oldRep: target.legal_rep, newRep, total: page.total, item, oldMin: item.item.ratio_min, newMin: item.item.ratio_min + 1 };
    return `target #${target.id}, item #${item.id} (第 ${item.current_version} 版), ${page.total} targets`;
  });
  if (!setupOk) finish(1);

  // playwright-core starts the browser with a fresh temporary profile.
  const browser = await launchBrowser();
  const pageErrors = [];
  try {
    const { page } = await loggedInPage(browser, plannerUser, DESKTOP);
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // --- 检查对象名录库 -----------------------------------------------------------------------
    await check('target list pages on the server', async () => {
      await page.goto(`${base}/console/registers/targets`);
      const total = page.locator('[data-test=target-total]');
      await total.filter({ hasText: setup.total.toLocaleString('en-US') }).waitFor();
      const rows = await page.locator('[data-test=target-table] .el-table__body-wrapper tr.el-table__row').count();
      if (rows !== 20) return `!${rows} rows on the first page (expected 20)`;
      return `${setup.total.toLocaleString('en-US')} targets, 20 shown`;
    });
    const nameQuery = setup.target.name;
    await check('search targets by name shows the server description', async () => {
      await page.locator('input[data-test=filter-name], [data-test=filter-name] input').fill(nameQuery);
      await page.locator('[data-test=filter-submit]').click();
      await page.waitForURL((u) => u.searchParams.get('name') === nameQuery);
      await page.locator('[data-test=target-table]').getByText(setup.target.name, { exact: true }).first().waitFor();
      // The target may already be on the unfiltered first page: wait for the search's answer.
      const described = page.locator('[data-test=filter-description]');
      const named = await described
        .filter({ hasText: nameQuery })
        .waitFor()
        .then(() => true, () => false);
      const desc = (await described.innerText()).replace(/\s+/g, ' ');
      if (!named) return `!description "${desc}" does not name "${nameQuery}"`;
      return desc;
    });
    await screenshot(page, 'targets-search-desktop');
    await check('open the target and see its change history', async () => {
      await page.locator('[data-test=target-table]').getByText(setup.target.name, { exact: true }).first().click();
      await page.waitForURL((u) => u.pathname === `/console/registers/targets/${setup.target.id}`);
      await page.locator('[data-test=page-title]').filter({ hasText: setup.target.name }).waitFor();
      await page.locator('[data-test=target-fields]').getByText(setup.newRep).waitFor();
      const history = page.locator('[data-test=history]');
      const row = history.locator('tr', { hasText: '法定代表人（负责人）' }).filter({ hasText: setup.newRep }).first();
      await row.waitFor();
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      for (const want of [setup.oldRep, setup.newRep, '浏览器测试：核实法定代表人', plannerUser]) {
        if (!text.includes(want)) return `!history row lacks "${want}": ${text}`;
      }
      await history.getByText('新建').waitFor();
      return text;
    });
    await screenshot(page, 'target-detail-desktop');

    // --- 事项清单: edit → new version → diff ---------------------------------------------------
    const itemPath = `/console/registers/items/${setup.item.id}`;
    const before = setup.item.current_version;
    const itemNote = `浏览器测试：提高抽查比例下限（${Date.now() % 100000}）`;
    await check('ratio below the 3% floor is refused under its field', async () => {
      await page.goto(`${base}${itemPath}`);
      await page.locator('[data-test=item-edit]').click();
      await page.waitForURL((u) => u.pathname === `${itemPath}/edit`);
      const min = page.locator('[data-test=item-ratio-min] input');
      await min.fill('2');
      await min.press('Tab');
      await page.locator('[data-test=item-save]').click();
      const err = page.locator('[data-test=item-ratio-min] .el-form-item__error');
      await err.waitFor();
      const text = await err.innerText();
      if (!text.includes('不得低于 3%')) return `!field error is "${text}"`;
      await page.locator('[data-test=form-errors]').waitFor();
      return text;
    });
    await screenshot(page, 'item-edit-error-desktop');
    await check('a valid change is saved as a new version with its diff', async () => {
      const min = page.locator('[data-test=item-ratio-min] input');
      await min.fill(String(setup.newMin));
      await min.press('Tab');
      await page.locator('textarea[data-test=item-note], [data-test=item-note] textarea').fill(itemNote);
      await page.locator('[data-test=item-save]').click();
      await page.waitForURL((u) => u.pathname === itemPath && u.searchParams.get('to') === String(before + 1));
      await page.locator('.reg-head__sub').getByText(`当前第 ${before + 1} 版`).waitFor();
      const row = page.locator('[data-test=item-diff] [data-field=ratio_min]');
      await row.waitFor();
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      if (!new RegExp(`\\b${setup.oldMin}\\b.*\\b${setup.newMin}\\b`).test(text)) return `!diff row is "${text}"`;
      await page.locator('[data-test=item-versions]').getByText(itemNote).waitFor();
      return `第 ${before} 版 → 第 ${before + 1} 版: ${text}`;
    });
    await screenshot(page, 'item-diff-desktop');

    // --- 导入: 仅校验 with one bad row --------------------------------------------------------
    const serial = Date.now() % 1000000;
    const good1 = validUscc(serial);
    const good2 = validUscc(serial + 1);
    const bad = withWrongCheck(validUscc(serial + 2));
    const csv = [
      '统一社会信用代码,名称,对象类型,行政区划代码,属地单位,行业代码,登记状态',
      `${good1},浏览器测试甲便利店,个体工商户,410105002,花园路市场监管所,52,存续`,
      `${bad},浏览器测试乙餐饮店,个体工商户,410105002,花园路市场监管所,62,存续`,
      `${good2},浏览器测试丙商行,个体工商户,410105002,花园路市场监管所,52,存续`,
    ].join('\r\n');
    await check('仅校验 reports the bad row with column and reason', async () => {
      await page.goto(`${base}/console/registers/transfer?register=targets`);
      await page.locator('.el-upload input[type=file]').setInputFiles({
        name: '浏览器测试对象.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('\ufeff' + csv + '\r\n', 'utf8'),
      });
      await page.locator('[data-test=import-check]').click();
      const reportBox = page.locator('[data-test=import-report]');
      await reportBox.waitFor();
      if ((await reportBox.getAttribute('data-ok')) !== 'false') return '!the report says the file is fine';
      const badRows = (await page.locator('[data-test=import-bad-rows]').innerText()).trim();
      if (badRows !== '1') return `!${badRows} bad rows reported (expected 1)`;
      const rows = page.locator('[data-test=import-errors] .el-table__body-wrapper tr.el-table__row');
      if ((await rows.count()) !== 1) return `!${await rows.count()} error rows listed`;
      const text = (await rows.first().innerText()).replace(/\s+/g, ' ');
      for (const want of ['3', '统一社会信用代码', bad, '校验位']) {
        if (!text.includes(want)) return `!error row lacks "${want}": ${text}`;
      }
      return text;
    });
    await screenshot(page, 'import-check-desktop');
    await check('仅校验 changed nothing', async () => {
      for (const code of [good1, good2]) {
        const found = await planner.call('GET', `/targets?key=${code}&page_size=1`);
        if (found.total !== 0) return `!${code} was stored`;
      }
      const all = await planner.call('GET', '/targets?page_size=1');
      if (all.total !== setup.total) return `!directory has ${all.total} targets, had ${setup.total}`;
      return `still ${all.total}`;
    });

    await check('a header-only file is refused in a panel that stays, in plain words', async () => {
      await page.goto(`${base}/console/registers/transfer?register=targets`);
      await page.locator('.el-upload input[type=file]').setInputFiles({
        name: '只有表头.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('\ufeff' + csv.split('\r\n')[0] + '\r\n', 'utf8'),
      });
      await page.locator('[data-test=import-check]').click();
      const panel = page.locator('[data-test=import-file-error]');
      await panel.waitFor();
      // Toasts vanish after about 3 s; the panel must still be there well after that.
      await page.waitForTimeout(4000);
      if (!(await panel.isVisible())) return '!the file error panel disappeared';
      const text = (await panel.innerText()).replace(/\s+/g, ' ');
      for (const want of ['只有表头.csv', '没有数据行', 'IMPORT_NO_ROWS']) {
        if (!text.includes(want)) return `!panel lacks "${want}": ${text}`;
      }
      if (text.includes('请求体')) return `!panel speaks of 请求体: ${text}`;
      if ((await page.locator('[data-test=import-report]').count()) !== 0) return '!a row report is shown too';
      return text;
    });
    await screenshot(page, 'import-file-error-desktop');

    await check('planner does not see 查看完整身份证号', async () => {
      await page.goto(`${base}/console/registers/inspectors/1`);
      await page.locator('[data-test=citizen-id]').waitFor();
      const n = await page.locator('[data-test=reveal-id]').count();
      return n === 0 ? '' : '!the reveal button is shown to a planner';
    });

    // --- 375 px ---------------------------------------------------------------------------
    await check('target list at 375 px has no horizontal page overflow', async () => {
      await page.setViewportSize(PHONE);
      await page.goto(`${base}/console/registers/targets`);
      await page.locator('[data-test=target-table] tr.el-table__row').first().waitFor();
      const r = await noHorizontalOverflow(page, PHONE.width);
      if (r.startsWith('!')) return r;
      const right = await page.evaluate(() => document.querySelector('[data-test=target-table]').getBoundingClientRect().right);
      if (right > PHONE.width) return `!table box ends at ${right}px`;
      return r;
    });
    await screenshot(page, 'targets-phone');

    // --- 查看完整身份证号 as the administrator ---------------------------------------------------
    const { page: adminPage } = await loggedInPage(browser, adminUser, DESKTOP);
    adminPage.on('pageerror', (e) => pageErrors.push(e.message));
    const reason = '浏览器测试：核对执法证申领信息';
    let revealed = '';
    await check('administrator reveals a 身份证号 with a reason', async () => {
      await adminPage.goto(`${base}/console/registers/inspectors/1`);
      const id = adminPage.locator('[data-test=citizen-id]');
      await id.waitFor();
      const masked = (await id.innerText()).trim();
      if (!masked.includes('*')) return `!shown unmasked before revealing: ${masked}`;
      await adminPage.locator('[data-test=reveal-id]').click();
      const box = adminPage.locator('.el-message-box');
      await box.locator('textarea').fill(reason);
      await box.locator('.el-message-box__btns .el-button--primary').click();
      await id.filter({ hasNotText: '*' }).waitFor();
      revealed = (await id.innerText()).trim();
      if (!/^\d{17}[\dX]$/.test(revealed)) return `!revealed text is "${revealed}"`;
      if (revealed.slice(-4) !== masked.slice(-4)) return `!${revealed} does not match ${masked}`;
      return `${masked} → ${revealed.slice(0, 6)}…`;
    });
    await screenshot(adminPage, 'inspector-revealed-desktop');
    await check('the disclosure is in the history with its reason', async () => {
      const row = adminPage.locator('[data-test=history] tr', { hasText: '查看完整身份证号' });
      await row.filter({ hasText: reason }).first().waitFor();
      const text = (await row.first().innerText()).replace(/\s+/g, ' ');
      return text.includes(adminUser) ? text : `!history row does not name ${adminUser}: ${text}`;
    });

    await check('no JavaScript errors on the pages', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await browser.close();
  }
}

requireEnvironment();
run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
