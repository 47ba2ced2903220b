// 后续处置 in the console (issue 13), on the demo with its cycle (whose first published result
// orders 责令改正并跟踪复查): the approver's list shows the case 处置中 with its 复查 task marked
// as not drawn and its 整改期限; after a 移送 to 商务局 the case waits (待接收); 商务局's approver
// confirms receipt in the drawer, and the server records who. At 1440×900 and 375×812 (no
// horizontal overflow), with screenshots.
// One line per check, then "N passed, N failed"; exit 0 or 1.
import { Api, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, launchBrowser, newContext,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const ACTION_TIMEOUT_MS = 15000;
const WIDE = { width: 1440, height: 900 };
const TOTAL_TIMEOUT_MS = 200000;

async function login(page, user) {
  await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
  await page.locator(USERNAME_INPUT).fill(user);
  await page.locator(PASSWORD_INPUT).fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => u.pathname.startsWith('/console'));
}

async function main() {
  const browser = await launchBrowser();
  const pageErrors = [];
  try {
    const approverApi = new Api();
    await approverApi.login('approver');
    let fc = null;
    await check('the demo cycle\'s 责令整改 opened a case with an undrawn 复查 task', async () => {
      const list = await approverApi.call('GET', '/follow-ups?status=open');
      fc = list.items.find((c) => c.rechecks.length > 0);
      if (!fc) return `!no case with a 复查 task: ${JSON.stringify(list).slice(0, 300)}`;
      const r = fc.rechecks[0];
      if (r.kind !== '复查' || r.drawn !== false || r.status !== 'open') return `!recheck ${JSON.stringify(r)}`;
      return `${fc.case_no}, 整改期限 ${r.deadline}`;
    });
    if (!fc) return;
    await approverApi.call('POST', `/follow-ups/${fc.id}/transfers`, { department_id: 2, note: '涉及商务领域，移送区商务局' });

    const desk = await (await newContext(browser, { viewport: WIDE, timeout: ACTION_TIMEOUT_MS })).newPage();
    desk.on('pageerror', (e) => pageErrors.push(String(e)));
    setFailurePage(desk);
    await check('approver: the list shows 处置中（待接收）and the 复查 task as 非随机抽取', async () => {
      await login(desk, 'approver');
      await desk.goto(base + '/console/results/follow-ups', { waitUntil: 'domcontentloaded' });
      const table = desk.locator('[data-test=followups-table]');
      await table.getByText(fc.case_no).waitFor();
      await table.locator('[data-test=followup-status]').filter({ hasText: '处置中（待接收）' }).waitFor();
      const row = await table.locator('tbody tr').first().innerText();
      if (!row.includes('复查 · 非随机抽取')) return `!row ${row}`;
      if (!row.includes('整改期限')) return `!row ${row}`;
      await screenshot(desk, 'follow-ups-desktop');
      return '';
    });
    await check('approver: the drawer shows the steps and offers no receipt to the sender', async () => {
      await desk.locator('[data-test=followups-table] tbody tr').first().click();
      const detail = desk.locator('[data-test=followup-detail]');
      await detail.getByText('待接收').first().waitFor();
      if (await detail.locator('[data-test=receipt-confirm]').count()) return '!the sender may confirm its own 移送';
      await screenshot(desk, 'follow-up-detail-desktop');
      return '';
    });

    const recv = await (await newContext(browser, { viewport: PHONE, timeout: ACTION_TIMEOUT_MS })).newPage();
    recv.on('pageerror', (e) => pageErrors.push(String(e)));
    setFailurePage(recv);
    await check('商务局 at 375 px: confirms receipt of the incoming 移送; the case stays 处置中 while its 复查 is open', async () => {
      await login(recv, 'approver.sw');
      await recv.goto(base + '/console/results/follow-ups', { waitUntil: 'domcontentloaded' });
      const card = recv.locator('[data-test=followup-card]').filter({ hasText: fc.target_name });
      await card.waitFor();
      const overflow = await noHorizontalOverflow(recv, PHONE.width);
      if (overflow.startsWith('!')) return overflow;
      await screenshot(recv, 'follow-ups-phone');
      await card.click();
      await recv.locator('[data-test=receipt-confirm]').click();
      await recv.locator('[data-test=followup-detail]').getByText('已接收').first().waitFor();
      await screenshot(recv, 'follow-up-receipt-phone');
      const after = await approverApi.call('GET', `/follow-ups/${fc.id}`);
      const t = after.transfers[0];
      if (!t.received || t.received_by?.name !== '孙立（商务局）') return `!transfer ${JSON.stringify(t)}`;
      // The 复查 is still open: receiving the 移送 does not close the case by itself.
      if (after.status !== 'open' || after.status_name !== '处置中') return `!case ${after.status_name}`;
      return overflow;
    });
    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await browser.close();
  }
}

requireEnvironment();
run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
