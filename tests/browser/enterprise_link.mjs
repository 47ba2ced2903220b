#!/usr/bin/env node
// Browser test of online inspection (issue 13, acceptance 4) against a demo server:
//
//   SUIJI_BASE_URL=http://127.0.0.1:18092 [SUIJI_SCREENSHOT_DIR=/tmp/shots] node tests/browser/enterprise_link.mjs
//
// Setup through the API: small ad hoc tasks over 花园路 objects are drawn until the demo inspector
// 刘洋 is assigned to one; the inspector issues a one-time enterprise link for it. Then, in a
// fresh 375×812 browser context with no cookie and no login, the enterprise opens /e/{token},
// uploads a generated PNG for the first material, signs the 信用承诺书 and submits; the page says
// 已提交 and the link then refuses to open. Finally the inspector's record form (375×812) shows
// the file and the signature. Phone screens are checked for horizontal overflow.
import zlib from 'node:zlib';
import { Api, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, finish, launchBrowser, newContext,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const ACTION_TIMEOUT_MS = 15000;
const ITEMS = ['SCJG-GS-01', 'SCJG-GS-02'];
const addDays = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const yearEnd = `${today.slice(0, 4)}-12-31`;
const windowTo = addDays(today, 20) > yearEnd ? yearEnd : addDays(today, 20);

// A 16×16 PNG (real bytes: the server types files by content).
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(16, 0);
  ihdr.writeUInt32BE(16, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(16 * (1 + 16 * 3), 0x80);
  for (let y = 0; y < 16; y++) raw[y * 49] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function gardenObjects(api) {
  const units = await api.call('GET', '/org/units?department_id=1');
  const unit = (units.items || []).find((u) => u.name === '花园路市场监管所');
  if (!unit) throw new Error('unit 花园路市场监管所 not found');
  const r = await api.call('GET', `/targets?unit_id=${unit.id}&page_size=500`);
  return (r.items || []).filter((t) => t.reg_status === '存续' && t.surviving !== false && t.uscc).map((t) => t.uscc);
}

async function drawUntilAssigned(planner, inspector, keys) {
  for (let round = 0; round < 20 && keys.length; round++) {
    const batch = keys.splice(0, 5);
    const t = await planner.call('POST', '/tasks', {
      title: `浏览器测试书面检查任务 ${round + 1}`, department_id: 1, task_type: '定向',
      window_from: today, window_to: windowTo, items: ITEMS, filter: { v: 1, keys: batch }, ratio: '100',
    });
    const tp = `/tasks/${t.id}`;
    let c;
    try {
      c = await planner.call('POST', `${tp}/commit`, { sources: ['现场见证人掷骰'] });
    } catch (err) {
      if (String(err.message).includes('TASK_POOL_EMPTY')) continue;
      throw err;
    }
    await planner.call('POST', `/draws/${c.target_draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
    await planner.call('POST', `${tp}/reveal`, { values: [String(500 + round)] });
    const s = await planner.call('POST', `${tp}/inspectors/commit`, { department_id: 1, sources: ['现场见证人掷骰'] });
    for (const d of s.inspector_draws.filter((x) => x.status === 'committed')) {
      await planner.call('POST', `/draws/${d.draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
      await planner.call('POST', `${tp}/inspectors/reveal`, { draw_no: d.draw_no, values: [String(600 + round)] });
    }
    const mine = await inspector.call('GET', `/records?mine=true&task_id=${t.id}`);
    const rec = (mine.items || []).find((r) => r.status === 'pending' && r.id === null);
    if (rec) return rec;
  }
  throw new Error('the demo inspector was not drawn in 20 tasks');
}

async function main() {
  const planner = new Api();
  const inspector = new Api();
  let line = null;
  let link = null;
  await check('setup: the demo inspector is assigned and issues a link (API)', async () => {
    await planner.login('planner');
    await inspector.login('inspector');
    line = await drawUntilAssigned(planner, inspector, await gardenObjects(planner));
    link = await inspector.call('POST', `/tasks/${line.task_id}/targets/${line.target_id}/enterprise-links`, {
      department_id: line.department_id, materials: ['营业执照副本', '年度报告相关证明材料'], commitment: true,
    });
    if (!/^\/e\/[0-9a-f]{64}$/.test(link.path)) return `!path ${link.path}`;
    return `${line.task_no}: ${line.target_name}`;
  });
  if (!link) finish(1);

  const pageErrors = [];
  const browser = await launchBrowser();
  try {
    // The enterprise: a fresh context, no cookie, nothing but the link.
    const ctx = await newContext(browser, { viewport: PHONE, timeout: ACTION_TIMEOUT_MS });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    setFailurePage(page);

    await check('the link page opens at 375 px without login and names the enterprise', async () => {
      await page.goto(base + link.path, { waitUntil: 'domcontentloaded' });
      const name = await page.locator('[data-test=link-target]').innerText();
      if (name !== line.target_name) return `!target ${name}`;
      if (page.url().includes('/login')) return '!sent to login';
      await page.locator('[data-test=commitment-text]').waitFor();
      const r = await noHorizontalOverflow(page, PHONE.width);
      await screenshot(page, 'enterprise-link-open-phone');
      return r;
    });

    await check('the enterprise uploads a file for the first material', async () => {
      await page.locator('[data-test=link-upload-0]').setInputFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: png() });
      await page.locator('[data-test=link-file]').first().waitFor();
      const msg = await page.locator('[data-test=link-message]').innerText();
      if (!msg.includes('已上传')) return `!message ${msg}`;
      // Not complete yet: the second material and the signature are missing.
      const missing = await page.locator('[data-test=link-missing]').innerText();
      if (!missing.includes('年度报告相关证明材料') || !missing.includes('信用承诺书')) return `!missing ${missing}`;
      if (!(await page.locator('[data-test=link-complete]').isDisabled())) return '!complete enabled';
      await page.locator('[data-test=link-upload-1]').setInputFiles({ name: '年报说明.png', mimeType: 'image/png', buffer: png() });
      await page.locator('[data-test=link-file]').nth(1).waitFor();
    });

    await check('signing needs the box ticked, then records the signer', async () => {
      await page.locator('[data-test=signer-name]').fill('李经理');
      await page.locator('[data-test=commitment-sign]').click();
      const msg = await page.locator('[data-test=link-message]').innerText();
      if (!msg.includes('勾选')) return `!message ${msg}`;
      await page.locator('[data-test=commitment-agree]').check();
      await page.locator('[data-test=commitment-sign]').click();
      const signed = await page.locator('[data-test=commitment-signed]').innerText();
      if (!signed.includes('李经理')) return `!signed ${signed}`;
      const r = await noHorizontalOverflow(page, PHONE.width);
      await screenshot(page, 'enterprise-link-signed-phone');
      return r;
    });

    await check('submitting ends the link', async () => {
      await page.locator('[data-test=link-complete]').click();
      const text = await page.locator('[data-test=link-done]').innerText();
      if (!text.includes('已提交')) return `!done ${text}`;
      await screenshot(page, 'enterprise-link-done-phone');
      await page.reload({ waitUntil: 'domcontentloaded' });
      const err = await page.locator('[data-test=link-error]').innerText();
      if (!err.includes('链接无效或已失效')) return `!after reload ${err}`;
      const cookies = await ctx.cookies();
      if (cookies.length) return `!cookies set: ${cookies.map((c) => c.name).join(',')}`;
      const r = await noHorizontalOverflow(page, PHONE.width);
      await screenshot(page, 'enterprise-link-spent-phone');
      return r;
    });

    // The inspector's record form on the phone.
    const ictx = await newContext(browser, { viewport: PHONE, timeout: ACTION_TIMEOUT_MS });
    const ipage = await ictx.newPage();
    ipage.on('pageerror', (e) => pageErrors.push(e.message));
    setFailurePage(ipage);
    await check('the inspector sees the files and the signature on the record form', async () => {
      await ipage.goto(base + '/login', { waitUntil: 'domcontentloaded' });
      await ipage.locator(USERNAME_INPUT).fill('inspector');
      await ipage.locator(PASSWORD_INPUT).fill(password);
      await ipage.locator('[data-test=login-submit]').click();
      await ipage.waitForURL((u) => u.pathname.startsWith('/console'));
      await ipage.goto(`${base}/console/my-records/${line.task_id}/${line.target_id}/${line.department_id}`, { waitUntil: 'domcontentloaded' });
      const panel = ipage.locator('[data-test=enterprise-link-latest][data-status=completed]');
      await panel.waitFor();
      const text = await panel.innerText();
      for (const want of ['企业已提交', '营业执照.png', '年报说明.png', '李经理'])
        if (!text.includes(want)) return `!missing ${want}: ${text}`;
      await panel.scrollIntoViewIfNeeded();
      const r = await noHorizontalOverflow(ipage, PHONE.width);
      await screenshot(ipage, 'enterprise-link-record-form-phone');
      return r;
    });
  } finally {
    await browser.close();
  }
  await check('no page errors', async () => (pageErrors.length ? `!${pageErrors.join(' | ')}` : ''));
}

requireEnvironment();
run(main, { timeoutMs: 240000 });
