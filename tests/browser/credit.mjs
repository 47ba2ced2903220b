#!/usr/bin/env node
// Browser test of credit linkage (issue 13, "Credit linkage"; SPEC §CREDIT) against a demo server
// with the demo cycle (`suiji demo --cycle`): its published task holds one 未按规定公示应当公示的信息
// result, inspected weeks ago, so a 经营异常名录 proposal is pending and overdue.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18092 [SUIJI_SCREENSHOT_DIR=/tmp/shots] node tests/browser/credit.mjs
//
// At 1440×900 the approver finds it in 信用联动 (marked 逾期), opens the decide dialog, is refused
// without a reason (the message shown in the dialog), approves with one; the list then shows
// 已列入, and the target page's 信用记录 shows the flag, the publication, the proposal and the
// decision. The same screens at 375×812, checked for horizontal overflow.
import { PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, launchBrowser, newContext,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const WIDE = { width: 1440, height: 900 };
const ACTION_TIMEOUT_MS = 15000;

async function login(page, user) {
  await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
  await page.locator(USERNAME_INPUT).fill(user);
  await page.locator(PASSWORD_INPUT).fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => u.pathname.startsWith('/console'));
}

async function main() {
  const pageErrors = [];
  const browser = await launchBrowser();
  let targetId = null;
  try {
    const ctx = await newContext(browser, { viewport: WIDE, timeout: ACTION_TIMEOUT_MS });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    setFailurePage(page);
    await login(page, 'approver');

    await check('信用联动 lists the demo proposal as 经营异常名录, overdue', async () => {
      await page.goto(base + '/console/results/credit', { waitUntil: 'domcontentloaded' });
      const row = page.locator('[data-test=credit-table] .el-table__body tr').first();
      await row.waitFor();
      const text = await row.innerText();
      if (!text.includes('经营异常名录')) return `!row: ${text}`;
      if (!text.includes('逾期')) return `!not overdue: ${text}`;
      const href = await row.locator('a').first().getAttribute('href');
      targetId = Number(href.split('/').pop());
      await screenshot(page, 'credit-proposals-desktop');
      return text.split('\n')[0];
    });

    await check('the decide dialog refuses a decision without a reason', async () => {
      await page.locator('[data-test=credit-decide]').first().click();
      await page.locator('[data-test=credit-dialog], .el-dialog').filter({ hasText: '决定是否列入' }).waitFor();
      await page.locator('[data-test=credit-submit]').click();
      await page.locator('.el-dialog .el-alert').filter({ hasText: '请写明决定理由' }).waitFor();
      await screenshot(page, 'credit-decide-desktop');
    });

    await check('approving with a reason lists it as 已列入', async () => {
      await page.locator('textarea[data-test=credit-reason], [data-test=credit-reason] textarea').fill('经核查，企业未按规定公示股东变更信息，决定列入');
      await page.locator('[data-test=credit-submit]').click();
      await page.locator('.el-dialog').filter({ hasText: '决定是否列入' }).waitFor({ state: 'hidden' });
      await page.goto(base + '/console/results/credit?status=approved', { waitUntil: 'domcontentloaded' });
      const row = page.locator('[data-test=credit-table] .el-table__body tr').first();
      await row.waitFor();
      const text = await row.innerText();
      if (!text.includes('已列入')) return `!row: ${text}`;
      return text.split('\n')[0];
    });

    await check('the target page shows the flag and the credit history', async () => {
      await page.goto(`${base}/console/registers/targets/${targetId}`, { waitUntil: 'domcontentloaded' });
      const panel = page.locator('[data-test=credit-history]');
      await panel.locator('[data-test=credit-event]').nth(2).waitFor();
      const text = await panel.innerText();
      for (const want of ['已列入经营异常名录', '结果公示', '列入建议', '决定列入经营异常名录'])
        if (!text.includes(want)) return `!missing ${want}: ${text}`;
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'credit-target-history-desktop');
    });

    const phoneCtx = await newContext(browser, { viewport: PHONE, timeout: ACTION_TIMEOUT_MS });
    const phone = await phoneCtx.newPage();
    phone.on('pageerror', (e) => pageErrors.push(e.message));
    setFailurePage(phone);
    await login(phone, 'approver');
    await check('at 375 px: 信用联动 as cards, no horizontal overflow', async () => {
      await phone.goto(base + '/console/results/credit?status=approved', { waitUntil: 'domcontentloaded' });
      await phone.locator('[data-test=credit-card]').first().waitFor();
      await screenshot(phone, 'credit-proposals-phone');
      return noHorizontalOverflow(phone, PHONE.width);
    });
    await check('at 375 px: the target page credit history, no horizontal overflow', async () => {
      await phone.goto(`${base}/console/registers/targets/${targetId}`, { waitUntil: 'domcontentloaded' });
      await phone.locator('[data-test=credit-history] [data-test=credit-event]').first().waitFor();
      await screenshot(phone, 'credit-target-history-phone');
      return noHorizontalOverflow(phone, PHONE.width);
    });

    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await browser.close();
  }
}

requireEnvironment();
run(main, { timeoutMs: 120000, timed: true });
