#!/usr/bin/env node
// Browser test of 站内消息 and the 责任追究清单 (issue 14, acceptance 3) against a demo server
// with the demo cycle (`suiji demo --cycle`): its overdue results are long past their
// 20-working-day publication deadline, so the server's deadline timer fires them at start —
// messages to the approver and entries on the coordinator's accountability list.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18092 [SUIJI_SCREENSHOT_DIR=/tmp/shots] node tests/browser/messages.mjs
//
// At 1440×900 the approver sees the bell's unread count in the header (the same number the API
// reports), opens 消息 from it, finds the overdue messages, marks all read and the bell clears;
// the coordinator's 责任追究清单 names 金水区市场监督管理局. The same pages at 375×812, checked for
// horizontal overflow.
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

async function unreadFromApi(page) {
  return page.evaluate(async () => (await (await fetch('/api/v1/messages/unread-count')).json()).unread);
}

async function main() {
  const pageErrors = [];
  const browser = await launchBrowser();
  try {
    const ctx = await newContext(browser, { viewport: WIDE, timeout: ACTION_TIMEOUT_MS });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    setFailurePage(page);
    await login(page, 'approver');

    await check('the header bell shows the unread count the API reports', async () => {
      // The timer fires at server start; reload until its messages are there.
      let unread = 0;
      for (let i = 0; i < 50 && !unread; ++i) {
        unread = await unreadFromApi(page);
        if (!unread) await page.waitForTimeout(200);
      }
      if (!unread) return '!no unread messages for the approver';
      await page.reload({ waitUntil: 'domcontentloaded' });
      const badge = page.locator('[data-test=message-bell] .el-badge__content');
      await badge.waitFor();
      const shown = (await badge.innerText()).trim();
      const want = unread > 99 ? '99+' : String(unread);
      if (shown !== want) return `!bell shows ${shown}, API says ${unread}`;
      await screenshot(page, 'messages-bell-desktop');
      return `${shown} unread`;
    });

    await check('the bell opens 消息, which lists the overdue results', async () => {
      await page.locator('[data-test=message-bell]').click();
      await page.waitForURL((u) => u.pathname === '/console/messages');
      const items = page.locator('[data-test=message-item]');
      await items.first().waitFor();
      const texts = await items.allInnerTexts();
      const overdue = texts.filter((t) => t.includes('已逾期') && t.includes('逾期未公示'));
      if (!overdue.length) return `!no overdue message: ${texts.slice(0, 3).join(' | ')}`;
      const count = await page.locator('[data-test=messages-unread]').innerText();
      if (!count.includes(String(await unreadFromApi(page)))) return `!page count ${count}`;
      await screenshot(page, 'messages-list-desktop');
      return `${texts.length} messages, ${overdue.length} overdue`;
    });

    await check('全部标为已读 clears the bell', async () => {
      await page.locator('[data-test=messages-read-all]').click();
      await page.locator('[data-test=messages-unread]').filter({ hasText: '未读 0 条' }).waitFor();
      await page.locator('[data-test=message-bell] .el-badge__content').waitFor({ state: 'hidden' });
      const left = await unreadFromApi(page);
      if (left !== 0) return `!API still reports ${left} unread`;
    });

    const coordCtx = await newContext(browser, { viewport: WIDE, timeout: ACTION_TIMEOUT_MS });
    const coord = await coordCtx.newPage();
    coord.on('pageerror', (e) => pageErrors.push(e.message));
    setFailurePage(coord);
    await login(coord, 'coordinator');
    await check('the coordinator\'s 责任追究清单 names the department', async () => {
      await coord.goto(base + '/console/accountability', { waitUntil: 'domcontentloaded' });
      // The demo's overdue results: not published within 20 working days.
      const row = coord.locator('.el-table__body tr').filter({ hasText: '未在 20 个工作日内公示' }).first();
      await row.waitFor();
      const text = await row.innerText();
      if (!text.includes('市场监督管理局')) return `!row: ${text}`;
      await screenshot(coord, 'accountability-desktop');
      return text.split('\n')[0];
    });

    const phoneCtx = await newContext(browser, { viewport: PHONE, timeout: ACTION_TIMEOUT_MS });
    const phone = await phoneCtx.newPage();
    phone.on('pageerror', (e) => pageErrors.push(e.message));
    setFailurePage(phone);
    await login(phone, 'coordinator');
    await check('at 375 px: the bell in the header and 消息, no horizontal overflow', async () => {
      await phone.goto(base + '/console/messages', { waitUntil: 'domcontentloaded' });
      await phone.locator('[data-test=message-bell]').waitFor();
      await phone.locator('[data-test=messages-page]').waitFor();
      await screenshot(phone, 'messages-phone');
      return noHorizontalOverflow(phone, PHONE.width);
    });
    await check('at 375 px: 责任追究清单 as cards, no horizontal overflow', async () => {
      await phone.goto(base + '/console/accountability', { waitUntil: 'domcontentloaded' });
      await phone.locator('[data-test=accountability-item]').first().waitFor();
      await screenshot(phone, 'accountability-phone');
      return noHorizontalOverflow(phone, PHONE.width);
    });

    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await browser.close();
  }
}

requireEnvironment();
run(main, { timeoutMs: 120000, timed: true });
