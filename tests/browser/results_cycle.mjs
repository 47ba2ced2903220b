#!/usr/bin/env node
// Browser test of 一公开 (issue 11, acceptance 4; SPEC §EXEC, §PUB, §PORTAL) against a running
// demo server, driven through the UI in Debian's chromium via playwright-core.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18092 [SUIJI_PASSWORD=suiji-demo-2026]
//   [SUIJI_SCREENSHOT_DIR=/tmp/shots] [SUIJI_CHROMIUM=/usr/bin/chromium] node tests/browser/results_cycle.mjs
//
// Setup through the API: small ad hoc tasks with two items (SCJG-GS-01, SCJG-GS-02) over objects
// of 花园路 (the demo inspector's unit) are drawn until the demo inspector 刘洋 is assigned to one.
// Then, on a 375×812 phone: 我的检查 lists the object as 未录入; the inspector records both items
// (method, date, result, findings, handling, follow-up) with a generated photo, the draft saves
// itself; with the save endpoint failing, a change is kept on the phone, survives a reload and
// is saved once the connection is back; submit (待审核). On the desktop the approver finds it in
// 检查结果审核, sees the photo and both items, returns it with a reason; the inspector sees the
// reason in the list and on the form, fixes it and resubmits; the approver approves and
// publishes. 公示期限 and 录入与公示率 show what the API says. The portal's 抽查结果 finds the result
// by 统一社会信用代码 and by part of the name, redacted (no phone number); after a correction
// (发起更正 in the console, the rest through the API) both publications are public, the new one
// marked 更正 with what it corrects. Every new screen is saved at desktop and phone size, the phone
// ones checked for horizontal overflow.
// One line per check, then "N passed, N failed"; exit 0 or 1.
import zlib from 'node:zlib';
import { Api, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, finish, launchBrowser, newContext,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const ACTION_TIMEOUT_MS = 15000;
// The console and portal screens are checked (and saved for docs/screenshots) at 1440×900.
const WIDE = { width: 1440, height: 900 };
const TOTAL_TIMEOUT_MS = 280000;
const ITEMS = ['SCJG-GS-01', 'SCJG-GS-02'];
const PHONE_NUMBER = '13812345678';

const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(iso, n) {
  return new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);
}
const yearEnd = `${today.slice(0, 4)}-12-31`;
const windowTo = addDays(today, 20) > yearEnd ? yearEnd : addDays(today, 20);

// ---- a small PNG photo (RGB, a gradient with a stripe), made here --------------------------------
function crc32(buf) {
  if (zlib.crc32) return zlib.crc32(buf);
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}
function makePng(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const stripe = Math.abs(y - height / 2) < height / 10;
      row[1 + x * 3] = stripe ? 200 : 30 + Math.floor((x / width) * 120);
      row[2 + x * 3] = stripe ? 22 : 80 + Math.floor((y / height) * 100);
      row[3 + x * 3] = stripe ? 29 : 145;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

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

/** Opens an Element Plus select inside `scope` and picks the option with exactly `text`. */
async function pick(page, select, text) {
  // The select in the middle of the viewport first, so that its dropdown opens fully on screen
  // and clicking the option does not scroll the page (which moves the teleported dropdown
  // while the click is aimed); then the option is clicked only once the dropdown's opening
  // transition has ended.
  await select.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await select.locator('.el-select__wrapper').click();
  await page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]'));
  await page.locator('.el-select-dropdown__item:visible').getByText(text, { exact: true }).click();
  await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' }).catch(() => {});
  // The pick must have landed in this select (a run once saved an empty 后续处置 for item 2
  // after its pick: fail here, at the select, if the choice went elsewhere).
  try {
    await select.locator('.el-select__wrapper').filter({ hasText: text }).waitFor();
  } catch (err) {
    const shown = await select.locator('.el-select__wrapper').innerText().catch(() => '?');
    throw new Error(`picked ${text}, the select shows "${shown.trim()}" (${String(err.message).split('\n')[0]})`);
  }
}

/** Types a date into an Element Plus date picker inside `scope`. */
async function setDate(scope, iso) {
  const input = scope.locator('input[placeholder="YYYY-MM-DD"]');
  await input.fill(iso);
  await input.press('Enter');
}

/** Confirms the open ElMessageBox with its primary button, after typing `text` when it asks for one. */
async function answerBox(page, text) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  if (text !== undefined) await box.locator('textarea').fill(text);
  await box.locator('.el-message-box__btns .el-button--primary, .el-message-box__btns .el-button--danger').last().click();
  await box.waitFor({ state: 'hidden' });
}

async function savedState(page) {
  try {
    await page.locator('[data-test=save-state][data-state=saved]').waitFor();
  } catch (err) {
    const bar = page.locator('[data-test=save-state]');
    const state = await bar.getAttribute('data-state').catch(() => '?');
    const text = await bar.innerText().catch(() => '?');
    throw new Error(`the draft never showed saved: state ${state}, "${text.trim()}" (${String(err.message).split('\n')[0]})`);
  }
}

async function phoneShot(page, name) {
  const r = await noHorizontalOverflow(page, PHONE.width);
  await screenshot(page, name);
  return r;
}

// ---- setup: an assignment of the demo inspector on a two-item task ------------------------------
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
      title: `浏览器测试检查结果任务 ${round + 1}`,
      department_id: 1,
      task_type: '定向',
      window_from: today,
      window_to: windowTo,
      items: ITEMS,
      filter: { v: 1, keys: batch },
      ratio: '100',
    });
    const tp = `/tasks/${t.id}`;
    let c;
    try {
      c = await planner.call('POST', `${tp}/commit`, { sources: ['现场见证人掷骰'] });
    } catch (err) {
      // Objects inspected earlier (an earlier run on the same database) are excluded: next batch.
      if (String(err.message).includes('TASK_POOL_EMPTY')) continue;
      throw err;
    }
    await planner.call('POST', `/draws/${c.target_draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
    await planner.call('POST', `${tp}/reveal`, { values: [String(300 + round)] });
    const s = await planner.call('POST', `${tp}/inspectors/commit`, { department_id: 1, sources: ['现场见证人掷骰'] });
    for (const d of s.inspector_draws.filter((x) => x.status === 'committed')) {
      await planner.call('POST', `/draws/${d.draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
      await planner.call('POST', `${tp}/inspectors/reveal`, { draw_no: d.draw_no, values: [String(400 + round)] });
    }
    const mine = await inspector.call('GET', `/records?mine=true&task_id=${t.id}`);
    const rec = (mine.items || []).find((r) => r.status === 'pending' && r.id === null && r.item_codes.length === 2);
    if (rec) return { record: rec, rounds: round + 1 };
  }
  throw new Error('the demo inspector was not drawn in 20 tasks');
}

async function main() {
  const plannerApi = new Api();
  const inspectorApi = new Api();
  const approverApi = new Api();
  let line = null;
  let spareKeys = [];
  await check('setup: draw two-item tasks until the demo inspector is assigned (API)', async () => {
    await plannerApi.login('planner');
    await inspectorApi.login('inspector');
    await approverApi.login('approver');
    const keys = await gardenObjects(plannerApi);
    if (keys.length < 5) return `!only ${keys.length} 花园路 objects`;
    const r = await drawUntilAssigned(plannerApi, inspectorApi, keys);
    spareKeys = keys;
    line = r.record;
    return `${line.task_no}: ${line.target_name} (${line.item_codes.join(', ')}) after ${r.rounds} task(s)`;
  });
  if (!line) finish(1);

  const pageErrors = [];
  const browser = await launchBrowser();
  const newPage = async (viewport) => {
    const ctx = await newContext(browser, { viewport, timeout: ACTION_TIMEOUT_MS });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${e.message}`));
    return page;
  };
  const formUrl = `${base}/console/my-records/${line.task_id}/${line.target_id}/${line.department_id}`;
  const returnReason = '事项 SCJG-GS-02 的发现问题情况不具体，请写明未公示的信息';
  const fixedFindings = '企业未在规定期限内公示股东出资信息和行政许可信息，已当场责令限期公示';
  let recordId = null;

  try {
    const phone = await newPage(PHONE);
    setFailurePage(phone);
    await login(phone, 'inspector');

    // --- inspector: 我的检查 -----------------------------------------------------------------
    await check('inspector at 375 px: 我的检查 lists the object under its task as 未录入', async () => {
      await phone.goto(base + '/console/my-records', { waitUntil: 'domcontentloaded' });
      const group = phone.locator(`[data-test=my-records-task-${line.task_id}]`);
      const row = group.locator(`[data-test=my-record][data-target-id="${line.target_id}"]`);
      await row.waitFor();
      const text = await row.innerText();
      if (!text.includes(line.target_name)) return `!row shows ${text}`;
      const status = (await row.locator('[data-test=my-record-status]').innerText()).trim();
      if (status !== '未录入') return `!status ${status}`;
      const head = await group.innerText();
      if (!head.includes(line.task_no)) return '!the task number is not shown';
      const r = await phoneShot(phone, 'my-records-phone');
      await row.click();
      await phone.waitForURL((u) => u.pathname.startsWith('/console/my-records/'));
      return r;
    });

    // --- inspector: the record form -----------------------------------------------------------
    await check('inspector records both items (method, date, result, findings, handling, follow-up) and the draft saves itself', async () => {
      await phone.locator('[data-test=record-form] [data-test=record-target]').waitFor();
      const first = phone.locator(`[data-test=item-${ITEMS[0]}]`);
      const second = phone.locator(`[data-test=item-${ITEMS[1]}]`);
      await first.waitFor();
      if ((await phone.locator('[data-test^=item-SCJG]').count()) !== 2) return '!the form does not show exactly two items';
      await screenshot(phone, 'record-form-empty-phone');
      // Where the items sit on the page before anything is saved: the first autosave must not
      // push the form down (a row appearing in the header would move what is being tapped).
      const top = (loc) => loc.evaluate((el) => Math.round(el.getBoundingClientRect().top + window.scrollY));
      const itemTopBefore = await top(first);
      // Item 1: nothing found.
      await first.locator('[data-test=item-methods]').getByText('实地检查', { exact: true }).click();
      await first.locator('[data-test=item-methods]').getByText('书面检查', { exact: true }).click();
      await setDate(first, today);
      await pick(phone, first.locator('[data-test=item-result]'), '未发现问题');
      await pick(phone, first.locator('[data-test=item-follow-up]'), '无需后续处置');
      // Item 2: a problem, corrected on the spot.
      await second.locator('[data-test=item-methods]').getByText('实地检查', { exact: true }).click();
      await setDate(second, today);
      await pick(phone, second.locator('[data-test=item-result]'), '发现问题已责令改正');
      await second.locator(field('item-findings')).fill('部分即时信息未公示');
      await second.locator(field('item-handling')).fill('当场责令限期公示');
      await pick(phone, second.locator('[data-test=item-follow-up]'), '责令改正并跟踪复查');
      await phone.locator(field('record-remark')).fill(`企业负责人在场，联系电话${PHONE_NUMBER}`);
      await savedState(phone);
      const api = (await inspectorApi.call('GET', `/tasks/${line.task_id}/records?target_id=${line.target_id}&department_id=${line.department_id}`)).items[0];
      recordId = api.id;
      if (!api.id) return '!no record on the server after the autosave';
      const itemTopAfter = await top(first);
      if (itemTopAfter !== itemTopBefore) return `!saving moved the form: item 1 at y=${itemTopBefore} before, ${itemTopAfter} after`;
      const recordedBy = (await phone.locator('[data-test=record-recorded-by]').innerText()).trim();
      if (recordedBy !== api.recorded_by?.name) return `!录入 shows "${recordedBy}", the server says ${JSON.stringify(api.recorded_by)}`;
      const i1 = api.items.find((i) => i.item_code === ITEMS[0]);
      const i2 = api.items.find((i) => i.item_code === ITEMS[1]);
      if (!i1 || i1.result !== '未发现问题' || i1.methods.join() !== '实地检查,书面检查' || i1.inspected_on !== today || i1.follow_up !== '无需后续处置') return `!item 1 on the server: ${JSON.stringify(i1)}`;
      if (!i2 || i2.result !== '发现问题已责令改正' || i2.findings !== '部分即时信息未公示' || i2.follow_up !== '责令改正并跟踪复查') return `!item 2 on the server: ${JSON.stringify(i2)}`;
      const status = (await phone.locator('[data-test=record-status]').innerText()).trim();
      if (status !== '草稿') return `!status ${status}`;
      return `record ${api.id}, revision ${api.revision}`;
    });

    await check('inspector adds a photo to the first item: uploaded, shown as a thumbnail', async () => {
      const first = phone.locator(`[data-test=item-${ITEMS[0]}]`);
      const png = makePng(160, 120);
      await first.locator(`[data-test=photo-input-${ITEMS[0]}]`).setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: png });
      const thumb = first.locator('[data-test=evidence-thumb]');
      await thumb.waitFor();
      await phone.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle());
      const width = await thumb.evaluate((el) => el.naturalWidth);
      const api = await inspectorApi.call('GET', `/records/${recordId}`);
      const ev = api.evidence.find((e) => e.item_code === ITEMS[0]);
      if (!ev || ev.media_type !== 'image/png' || ev.size !== png.length) return `!evidence on the server: ${JSON.stringify(api.evidence)}`;
      const r = await phoneShot(phone, 'record-form-phone');
      if (r.startsWith('!')) return r;
      await phone.setViewportSize(WIDE);
      await screenshot(phone, 'record-form-desktop');
      await phone.setViewportSize(PHONE);
      return `${ev.file_name}, ${ev.size} bytes, ${width} px wide; ${r}`;
    });

    await check('with the server unreachable the change is kept on the phone, survives a reload and is saved when back online', async () => {
      const failPut = (route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue());
      const remark = `企业负责人在场，联系电话${PHONE_NUMBER}，离线补充：现场已拍照`;
      await phone.route('**/api/v1/tasks/*/records', failPut);
      try {
        await phone.locator(field('record-remark')).fill(remark);
        await phone.locator('[data-test=save-state][data-state=local]').waitFor();
        const message = await phone.locator('[data-test=save-state]').innerText();
        if (!message.includes('本机')) return `!save state says "${message}"`;
        await screenshot(phone, 'record-offline-phone');
        await phone.reload({ waitUntil: 'domcontentloaded' });
        const restored = phone.locator(field('record-remark'));
        await restored.waitFor();
        await phone.waitForFunction((text) => {
          const el = document.querySelector('textarea[data-test=record-remark], [data-test=record-remark] textarea');
          return el && el.value === text;
        }, remark);
        await phone.locator('[data-test=save-state][data-state=local]').waitFor();
        const before = await inspectorApi.call('GET', `/records/${recordId}`);
        if (before.remark === remark) return '!the server had the change while saving was failing';
      } finally {
        await phone.unroute('**/api/v1/tasks/*/records', failPut);
      }
      await phone.evaluate(() => window.dispatchEvent(new Event('online')));
      await savedState(phone);
      const after = await inspectorApi.call('GET', `/records/${recordId}`);
      if (after.remark !== remark) return `!server remark after reconnecting: ${after.remark}`;
      const left = await phone.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('suiji.recordDraft')).length);
      if (left) return `!${left} local draft(s) left after the save`;
      return `revision ${after.revision}`;
    });

    await check('inspector submits: 待审核, read-only', async () => {
      await phone.locator('[data-test=record-submit]').click();
      await phone.locator('[data-test=record-status]').filter({ hasText: '待审核' }).waitFor();
      await phone.locator('[data-test=record-submitted]').waitFor();
      if (await phone.locator('[data-test=record-submit]').count()) return '!submit still offered';
      const content = await phone.locator('[data-test=record-content]').innerText();
      if (!content.includes('发现问题已责令改正') || !content.includes('未发现问题')) return '!the read-only record lacks the results';
      return phoneShot(phone, 'record-submitted-phone');
    });

    // --- approver: review and return ----------------------------------------------------------
    const desk = await newPage(WIDE);
    await login(desk, 'approver');
    await check('approver: 待办事项 leads to 检查结果审核, which lists the record as 待审核', async () => {
      await desk.goto(base + '/console', { waitUntil: 'domcontentloaded' });
      await desk.locator('[data-test=todo-panel] [data-test=todo-item]', { hasText: '待审核的检查结果' }).click();
      await desk.waitForURL((u) => u.pathname === '/console/results' && u.searchParams.get('status') === 'submitted');
      const link = desk.locator('[data-test=results-table] [data-test=results-row-link]', { hasText: line.target_name });
      await link.first().waitFor();
      const row = desk.locator('[data-test=results-table] tbody tr', { hasText: line.target_name }).first();
      const text = await row.innerText();
      if (!text.includes('待审核') || !text.includes(line.task_no) || !text.includes('发现问题已责令改正')) return `!row: ${text.replace(/\s+/g, ' ')}`;
      await screenshot(desk, 'results-queue-desktop');
      await link.first().click();
      await desk.waitForURL((u) => u.pathname === `/console/results/records/${recordId}`);
      return text.replace(/\s+/g, ' ').slice(0, 80);
    });

    await check('approver: the record shows both items, the photo and the deadline; returns it with a reason', async () => {
      await desk.locator('[data-test=review-status]').filter({ hasText: '待审核' }).waitFor();
      const thumb = desk.locator('[data-test=evidence-thumb]').first();
      await thumb.waitFor();
      await desk.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle());
      for (const code of ITEMS) if (!(await desk.locator(`[data-test=record-item-${code}]`).count())) return `!item ${code} missing`;
      const summary = (await desk.locator('[data-test=review-summary]').innerText()).trim();
      if (summary !== '发现问题已责令改正') return `!summary ${summary}`;
      await screenshot(desk, 'record-review-desktop');
      await desk.locator('[data-test=review-return]').click();
      await answerBox(desk, returnReason);
      await desk.locator('[data-test=review-status]').filter({ hasText: '退回' }).waitFor();
      const shown = await desk.locator('[data-test=review-return-reason]').innerText();
      if (!shown.includes(returnReason)) return `!reason shown as ${shown}`;
      await screenshot(desk, 'record-returned-desktop');
      return summary;
    });

    // --- inspector: fix and resubmit ------------------------------------------------------------
    await check('inspector: the list and the form show 退回 with the reason; fixes and resubmits', async () => {
      await phone.goto(base + '/console/my-records', { waitUntil: 'domcontentloaded' });
      const row = phone.locator(`[data-test=my-record][data-target-id="${line.target_id}"]`);
      await row.filter({ hasText: returnReason }).waitFor();
      const status = (await row.locator('[data-test=my-record-status]').innerText()).trim();
      if (status !== '退回') return `!status ${status}`;
      let r = await phoneShot(phone, 'my-records-returned-phone');
      if (r.startsWith('!')) return r;
      await row.click();
      const alert = phone.locator('[data-test=return-reason]');
      await alert.waitFor();
      if (!(await alert.innerText()).includes(returnReason)) return '!the form does not show the reason';
      r = await phoneShot(phone, 'record-returned-phone');
      if (r.startsWith('!')) return r;
      const second = phone.locator(`[data-test=item-${ITEMS[1]}]`);
      await second.locator(field('item-findings')).fill(fixedFindings);
      await savedState(phone);
      await phone.locator('[data-test=record-submit]').filter({ hasText: '重新提交审核' }).click();
      await phone.locator('[data-test=record-status]').filter({ hasText: '待审核' }).waitFor();
      const api = await inspectorApi.call('GET', `/records/${recordId}`);
      const i2 = api.items.find((i) => i.item_code === ITEMS[1]);
      if (api.status !== 'submitted' || i2.findings !== fixedFindings) return `!server: ${api.status}, ${i2.findings}`;
      return `revision ${api.revision}`;
    });

    // --- approver: approve and publish ----------------------------------------------------------
    let publication = null;
    await check('approver approves (已审核) and publishes (已公示)', async () => {
      await desk.reload({ waitUntil: 'domcontentloaded' });
      await desk.locator('[data-test=review-status]').filter({ hasText: '待审核' }).waitFor();
      const content = await desk.locator('[data-test=record-content]').innerText();
      if (!content.includes(fixedFindings)) return '!the fixed findings are not shown';
      await desk.locator('[data-test=review-approve]').click();
      await answerBox(desk);
      await desk.locator('[data-test=review-status]').filter({ hasText: '已审核' }).waitFor();
      await desk.locator('[data-test=review-publish]').click();
      await answerBox(desk);
      await desk.locator('[data-test=review-status]').filter({ hasText: '已公示' }).waitFor();
      const pubs = desk.locator('[data-test=review-publication]');
      await pubs.first().waitFor();
      const api = await approverApi.call('GET', `/records/${recordId}`);
      publication = api.publications.at(-1);
      if (api.status !== 'published' || !publication) return `!server status ${api.status}`;
      const text = await pubs.first().innerText();
      if (!text.includes(publication.publication_no)) return `!publication shown as ${text}`;
      await screenshot(desk, 'record-published-desktop');
      await desk.setViewportSize(PHONE);
      const r = await phoneShot(desk, 'record-review-phone');
      await desk.setViewportSize(WIDE);
      if (r.startsWith('!')) return r;
      return `${publication.publication_no}; ${r}`;
    });

    await check('inspector: the published record is read-only and shows its result', async () => {
      await phone.goto(formUrl, { waitUntil: 'domcontentloaded' });
      await phone.locator('[data-test=record-status]').filter({ hasText: '已公示' }).waitFor();
      if (await phone.locator('[data-test=record-submit]').count()) return '!submit offered on a published record';
      if (await phone.locator('[data-test^=photo-input]').count()) return '!upload offered on a published record';
      return phoneShot(phone, 'record-published-phone');
    });

    // --- console: queue at phone size, deadlines, rates ----------------------------------------
    await check('检查结果审核 at 375 px (已公示 filter) without overflow', async () => {
      await desk.setViewportSize(PHONE);
      await desk.goto(`${base}/console/results?status=published`, { waitUntil: 'domcontentloaded' });
      await desk.locator('[data-test=results-row-link]', { hasText: line.target_name }).first().waitFor();
      const r = await phoneShot(desk, 'results-queue-phone');
      await desk.setViewportSize(WIDE);
      return r;
    });

    await check('公示期限 shows the API\'s due-soon and overdue lines per department', async () => {
      const api = await approverApi.call('GET', '/results/deadlines');
      await desk.goto(base + '/console/results/deadlines', { waitUntil: 'domcontentloaded' });
      await desk.locator('[data-test=deadlines-today]').waitFor();
      const todayText = await desk.locator('[data-test=deadlines-today]').innerText();
      const [y, m, d] = api.today.split('-').map(Number);
      if (!todayText.includes(`${y}年${m}月${d}日`)) return `!today shown as ${todayText}`;
      await desk.locator('[data-test=deadlines-overdue] .el-table').waitFor();
      const overdueRows = await desk.locator('[data-test=deadlines-overdue] .el-table__body tbody tr').count();
      const dueRows = await desk.locator('[data-test=deadlines-due] .el-table__body tbody tr').count();
      if (overdueRows !== api.overdue.length || dueRows !== api.due_soon.length) {
        return `!page shows ${overdueRows} overdue / ${dueRows} due, API ${api.overdue.length} / ${api.due_soon.length}`;
      }
      if (api.overdue.some((l) => l.record_id === recordId) || api.due_soon.some((l) => l.record_id === recordId)) return '!the published record is still listed';
      await screenshot(desk, 'result-deadlines-desktop');
      await desk.setViewportSize(PHONE);
      await desk.locator('[data-test=deadlines-overdue] .el-table').waitFor({ state: 'detached' });
      const cards = await desk.locator('[data-test=deadline-card]').count();
      const r = await phoneShot(desk, 'result-deadlines-phone');
      await desk.setViewportSize(WIDE);
      if (cards !== api.overdue.length + api.due_soon.length) return `!${cards} cards on the phone`;
      if (r.startsWith('!')) return r;
      return `${api.overdue.length} overdue, ${api.due_soon.length} due soon; ${r}`;
    });

    await check('录入与公示率 shows each department\'s counts and rates as %', async () => {
      const api = await approverApi.call('GET', '/results/rates');
      const mine = api.items.find((x) => x.department_id === line.department_id);
      if (!mine || mine.published < 1) return `!API rates: ${JSON.stringify(mine)}`;
      await desk.goto(base + '/console/results/rates', { waitUntil: 'domcontentloaded' });
      const row = desk.locator(`[data-test=rates-row][data-department-id="${line.department_id}"]`);
      await row.waitFor();
      const pct = (bp) => (bp === null ? '—' : `${Number.isInteger(bp / 100) ? bp / 100 : (bp / 100).toFixed(1)}%`);
      const shown = {
        entry: (await row.locator('[data-test=rate-entry]').innerText()).trim(),
        publication: (await row.locator('[data-test=rate-publication]').innerText()).trim(),
        onTime: (await row.locator('[data-test=rate-on-time]').innerText()).trim(),
      };
      const want = { entry: pct(mine.entry_rate_bp), publication: pct(mine.publication_rate_bp), onTime: pct(mine.on_time_rate_bp) };
      if (JSON.stringify(shown) !== JSON.stringify(want)) return `!shown ${JSON.stringify(shown)}, API ${JSON.stringify(want)}`;
      const cells = await row.locator('td').allInnerTexts();
      if (Number(cells[4]) !== mine.published || Number(cells[1]) !== mine.due) return `!counts ${cells.join('|')}`;
      await screenshot(desk, 'result-rates-desktop');
      await desk.setViewportSize(PHONE);
      const card = desk.locator('[data-test=rates-card]', { hasText: mine.department_name }).first();
      await card.waitFor();
      const cardText = await card.innerText();
      const r = await phoneShot(desk, 'result-rates-phone');
      await desk.setViewportSize(WIDE);
      if (Object.values(want).some((w) => !cardText.includes(w))) return `!phone card: ${cardText.replace(/\s+/g, ' ')}`;
      if (r.startsWith('!')) return r;
      return `${mine.department_name}: ${shown.entry} / ${shown.publication} / ${shown.onTime}; ${r}`;
    });

    // --- console: the lead's 联合检查总表 of a joint task -----------------------------------------
    await check('联合检查总表: the lead department sees both departments\' items per target; others are refused', async () => {
      const commercePlanner = new Api();
      const commerceApprover = new Api();
      await commercePlanner.login('planner.sw');
      await commerceApprover.login('approver.sw');
      const keys = spareKeys.splice(0, 3);
      if (keys.length < 3) return `!only ${keys.length} spare objects`;
      // The department with the smaller pool leads: 市场监管 plans two objects, 商务 three.
      const plan = async (planner, approver, dept, item, planKeys) => {
        const p = await planner.call('POST', '/plans', {
          department_id: dept,
          content: { title: '浏览器测试联合抽查计划', kind: '年度', year: Number(today.slice(0, 4)),
            batches: [{ seq: 1, name: '联合批次', window_from: today, window_to: windowTo, items: [item],
              filter: { v: 1, keys: planKeys }, task_type: '定向', ratio: '100' }] },
        });
        await planner.call('POST', `/plans/${p.id}/submit`, {});
        await approver.call('POST', `/plans/${p.id}/approve`, { note: '同意' });
        await planner.call('POST', `/plans/${p.id}/publish`, {});
        return p.id;
      };
      const market = await plan(plannerApi, approverApi, 1, 'SCJG-GS-01', keys.slice(0, 2));
      const commerce = await plan(commercePlanner, commerceApprover, 2, 'SW-04', keys);
      const detected = await plannerApi.call('POST', '/joint/detect', { year: Number(today.slice(0, 4)) });
      const proposal = detected.created.find((x) => x.members.some((m) => m.plan_id === market) && x.members.some((m) => m.plan_id === commerce));
      if (!proposal) return `!no proposal: ${JSON.stringify(detected).slice(0, 200)}`;
      await commerceApprover.call('POST', `/joint/proposals/${proposal.id}/respond`, { department_id: 2, accept: true, note: '参加' });
      const formed = await approverApi.call('POST', `/joint/proposals/${proposal.id}/respond`, { department_id: 1, accept: true, note: '参加' });
      const tp = `/tasks/${formed.joint_task_id}`;
      const c = await plannerApi.call('POST', `${tp}/commit`, { sources: ['现场见证人掷骰'] });
      await plannerApi.call('POST', `/draws/${c.target_draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
      await plannerApi.call('POST', `${tp}/reveal`, { values: ['517'] });
      for (const [dept, who] of [[1, plannerApi], [2, commercePlanner]]) {
        const s = await who.call('POST', `${tp}/inspectors/commit`, { department_id: dept, sources: ['现场见证人掷骰'] });
        for (const d of s.inspector_draws.filter((x) => x.status === 'committed' && x.department_id === dept)) {
          await who.call('POST', `/draws/${d.draw_no}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
          await who.call('POST', `${tp}/inspectors/reveal`, { draw_no: d.draw_no, values: ['618'] });
        }
      }
      const api = await approverApi.call('GET', `${tp}/joint-summary`);
      try {
        await commerceApprover.call('GET', `${tp}/joint-summary`);
        return '!the cooperating department may read the 总表';
      } catch (err) {
        if (!String(err.message).includes('403')) return `!cooperating department: ${err.message}`;
      }
      await desk.goto(`${base}/console${tp}/joint-summary`, { waitUntil: 'domcontentloaded' });
      await desk.locator('[data-test=joint-summary-target]').first().waitFor();
      const depts = await desk.locator('[data-test=joint-summary-department]').allInnerTexts();
      if (depts.length !== 2 || !depts[0].includes('牵头') || !depts[0].includes('SCJG-GS-01') || !depts[1].includes('SW-04')) return `!departments: ${depts.join(' | ')}`;
      const targets = await desk.locator('[data-test=joint-summary-target]').count();
      const records = await desk.locator('[data-test=joint-summary-target]').first().locator('[data-test=joint-summary-record]').count();
      if (targets !== api.targets.length || records !== 2) return `!${targets} targets (API ${api.targets.length}), ${records} records on the first`;
      await screenshot(desk, 'joint-summary-desktop');
      await desk.setViewportSize(PHONE);
      await desk.locator('.js-cards').first().waitFor();
      const r = await phoneShot(desk, 'joint-summary-phone');
      await desk.setViewportSize(WIDE);
      if (r.startsWith('!')) return r;
      return `${api.task_no}: ${targets} target(s) × 2 departments; ${r}`;
    });

    // --- portal -------------------------------------------------------------------------------
    const pub = await newPage(WIDE);
    const cardOf = (no) => pub.locator(`[data-test=public-result][data-publication-no="${no}"]`);
    await check('portal 抽查结果: in the nav; the newest publications include ours', async () => {
      await pub.goto(base + '/', { waitUntil: 'domcontentloaded' });
      await pub.locator('.portal-nav').getByText('抽查结果', { exact: true }).click();
      await pub.waitForURL((u) => u.pathname === '/results');
      await cardOf(publication.publication_no).waitFor();
      await screenshot(pub, 'portal-results-desktop');
      return (await pub.locator('[data-test=results-total]').innerText()).trim();
    });

    await check('portal finds the result by 统一社会信用代码 with every public field, redacted', async () => {
      await pub.locator('[data-test=results-search]').fill(publication.credit_code);
      await pub.locator('[data-test=results-search-submit]').click();
      await pub.waitForURL((u) => u.searchParams.get('q') === publication.credit_code);
      const card = cardOf(publication.publication_no);
      await card.waitFor();
      const text = await card.innerText();
      const wanted = [line.target_name, publication.credit_code, '发现问题已责令改正', publication.task_no, publication.task_name,
        publication.authority, '定向抽查', '检查完成日期', '公示期限', publication.publication_no, '＊＊＊'];
      const missing = wanted.filter((w) => !text.includes(w));
      if (missing.length) return `!card lacks ${missing.join(', ')}`;
      if (text.includes(PHONE_NUMBER)) return '!the phone number is public';
      if (publication.credit_code !== line.target_key) return `!credit code ${publication.credit_code} is not the object's ${line.target_key}`;
      await pub.locator('[data-test=results-total]').filter({ hasText: '共' }).waitFor();
      return `${publication.credit_code}; total: ${(await pub.locator('[data-test=results-total]').innerText()).trim()}`;
    });

    await check('portal finds the result by part of the name', async () => {
      // A distinctive part: after the common 河南/郑州市/金水区 prefixes, four characters.
      const name = line.target_name;
      const core = name.replace(/^(河南省?|郑州市?|金水区)+/, '');
      const part = core.length >= 2 ? core.slice(0, 4) : name.slice(0, 4);
      await pub.goto(`${base}/results`, { waitUntil: 'domcontentloaded' });
      await pub.locator('[data-test=results-search]').fill(part);
      await pub.locator('[data-test=results-search-submit]').click();
      await cardOf(publication.publication_no).waitFor();
      const names = await pub.locator('[data-test=result-name]').allInnerTexts();
      if (names.some((n) => !n.includes(part))) return `!a card does not match "${part}": ${names.join(', ')}`;
      return `"${part}": ${names.length} card(s)`;
    });

    // --- correction -----------------------------------------------------------------------------
    await check('发起更正 in the console; the corrected result is published beside the old one, marked 更正', async () => {
      await desk.goto(`${base}/console/results/records/${recordId}`, { waitUntil: 'domcontentloaded' });
      await desk.locator('[data-test=review-reopen]').click();
      await answerBox(desk, '检查结果有误：事项 SCJG-GS-02 已当场改正完毕，应为未发现问题');
      await desk.locator('[data-test=review-status]').filter({ hasText: '退回' }).waitFor();
      // The inspector's fix and the second review through the API.
      let rec = await inspectorApi.call('GET', `/records/${recordId}`);
      const items = rec.items.map((i) => (i.item_code === ITEMS[1] ? { ...i, result: '未发现问题', findings: '', handling: '', follow_up: '无需后续处置' } : i));
      rec = await inspectorApi.call('PUT', `/tasks/${line.task_id}/records`, {
        target_id: line.target_id, department_id: line.department_id, revision: rec.revision,
        cannot_inspect: '', cannot_inspect_on: null, remark: rec.remark, items,
      });
      rec = await inspectorApi.call('POST', `/records/${recordId}/submit`, { revision: rec.revision });
      await approverApi.call('POST', `/records/${recordId}/approve`);
      rec = await approverApi.call('POST', `/records/${recordId}/publish`);
      const correction = rec.publications.at(-1);
      if (correction.corrects !== publication.publication_no) return `!the correction points at ${correction.corrects}`;
      await pub.goto(`${base}/results?q=${encodeURIComponent(publication.credit_code)}`, { waitUntil: 'domcontentloaded' });
      const fresh = cardOf(correction.publication_no);
      await fresh.waitFor();
      await cardOf(publication.publication_no).waitFor();
      const tag = (await fresh.locator('[data-test=result-correction]').innerText()).trim();
      const note = await fresh.locator('[data-test=result-corrects]').innerText();
      if (tag !== '更正') return `!tag ${tag}`;
      if (!note.includes(publication.publication_no) || !note.includes('发现问题已责令改正')) return `!note: ${note}`;
      if (!(await cardOf(publication.publication_no).locator('[data-test=result-corrected]').count())) return '!the old publication is not marked as corrected';
      if ((await fresh.locator('[data-test=result-result]').innerText()).trim() !== '未发现问题') return '!the correction shows the wrong result';
      await screenshot(pub, 'portal-results-correction-desktop');
      await pub.setViewportSize(PHONE);
      const r = await phoneShot(pub, 'portal-results-phone');
      if (r.startsWith('!')) return r;
      return `${correction.publication_no} corrects ${publication.publication_no}; ${r}`;
    });

    // --- portal: one publication by its number ------------------------------------------------
    await check('portal: a result links to its own page; the correction and the corrected one link to each other', async () => {
      await pub.setViewportSize(WIDE);
      await pub.goto(`${base}/results?q=${encodeURIComponent(publication.credit_code)}`, { waitUntil: 'domcontentloaded' });
      const corrected = cardOf(publication.publication_no);
      await corrected.waitFor();
      await pub.locator('[data-test=public-result]').first().locator('[data-test=result-link]').click();
      await pub.waitForURL((u) => u.pathname.startsWith('/results/') && u.pathname !== `/results/${publication.publication_no}`);
      const correctionNo = decodeURIComponent(new URL(pub.url()).pathname.split('/').pop());
      await pub.locator('[data-test=publication-result]').filter({ hasText: '未发现问题' }).waitFor();
      const corrects = pub.locator('[data-test=publication-corrects] a');
      if ((await corrects.innerText()).trim() !== publication.publication_no) return `!corrects ${await corrects.innerText()}`;
      await screenshot(pub, 'portal-publication-correction-desktop');
      await corrects.click();
      await pub.waitForURL((u) => u.pathname === `/results/${publication.publication_no}`);
      await pub.locator('[data-test=publication-result]').filter({ hasText: '发现问题已责令改正' }).waitFor();
      const back = pub.locator('[data-test=publication-corrected-by] a');
      if ((await back.innerText()).trim() !== correctionNo) return `!corrected by ${await back.innerText()}`;
      if ((await pub.locator('[data-test=publication]').innerText()).includes(PHONE_NUMBER)) return '!the phone number is public';
      await screenshot(pub, 'portal-publication-desktop');
      await pub.setViewportSize(PHONE);
      const r = await phoneShot(pub, 'portal-publication-phone');
      await pub.goto(`${base}/results/NO-SUCH-NUMBER`, { waitUntil: 'domcontentloaded' });
      const missing = await pub.locator('[data-test=publication-error]').innerText();
      if (!missing.includes('没有公示编号为')) return `!unknown number shows: ${missing}`;
      if (r.startsWith('!')) return r;
      return `${correctionNo} ⇄ ${publication.publication_no}; ${r}`;
    });

    // --- portal: 抽查事项清单 with versions and their differences -------------------------------
    await check('portal 抽查事项清单: in the nav, published versions only, the diff between two of them', async () => {
      // A new published version of SCJG-GS-01 (planner writes, approver publishes), then a draft
      // that must stay behind the login.
      const found = await plannerApi.call('GET', '/items?q=SCJG-GS-01&page_size=5');
      const head = found.items.find((i) => i.code === 'SCJG-GS-01');
      const view = await plannerApi.call('GET', `/items/${head.id}`);
      const content = `${view.item.content}；浏览器测试补充：核查年度报告的报送时间`;
      const v2 = await plannerApi.call('PUT', `/items/${head.id}`, { ...view.item, content, note: '补充检查内容', base_version: view.current_version });
      await approverApi.call('POST', `/items/${head.id}/versions/${v2.current_version}/publish`);
      await plannerApi.call('PUT', `/items/${head.id}`, { ...view.item, content: `${content}（草稿）`, note: '草稿', base_version: v2.current_version });

      await pub.setViewportSize(WIDE);
      await pub.goto(base + '/', { waitUntil: 'domcontentloaded' });
      await pub.locator('.portal-nav').getByText('抽查事项清单', { exact: true }).click();
      await pub.waitForURL((u) => u.pathname === '/items');
      await pub.locator('[data-test=public-item]').first().waitFor();
      await screenshot(pub, 'portal-items-desktop');
      await pub.locator('[data-test=items-search]').fill('SCJG-GS-01');
      await pub.locator('[data-test=items-search-submit]').click();
      const card = pub.locator('[data-test=public-item]', { hasText: 'SCJG-GS-01' }).first();
      await card.waitFor();
      if ((await card.innerText()).includes('（草稿）')) return '!the draft is public';
      await card.locator('[data-test=item-link]').click();
      await pub.waitForURL((u) => u.pathname === `/items/${head.id}`);
      await pub.locator('[data-test=item-diff-table]').waitFor();
      const versions = await pub.locator('[data-test=item-versions] li').count();
      const table = await pub.locator('[data-test=item-diff-table]').innerText();
      if (!table.includes('检查内容') || !table.includes('浏览器测试补充')) return `!diff: ${table.replace(/\s+/g, ' ')}`;
      if ((await pub.locator('body').innerText()).includes('（草稿）')) return '!the draft is public';
      const api = await plannerApi.call('GET', `/items/${head.id}/versions`);
      const published = api.items.filter((v) => v.published_at).length;
      if (versions !== published) return `!${versions} versions shown, ${published} published`;
      await screenshot(pub, 'portal-item-desktop');
      await pub.setViewportSize(PHONE);
      let r = await phoneShot(pub, 'portal-item-phone');
      if (r.startsWith('!')) return r;
      await pub.goto(base + '/items', { waitUntil: 'domcontentloaded' });
      await pub.locator('[data-test=public-item]').first().waitFor();
      r = await phoneShot(pub, 'portal-items-phone');
      if (r.startsWith('!')) return r;
      return `${versions} published versions; ${r}`;
    });

    await check('我的检查任务 links the inspector\'s object to its record form', async () => {
      await phone.setViewportSize(PHONE);
      await phone.goto(`${base}/console/my-tasks/${line.task_id}?target=${line.target_id}`, { waitUntil: 'domcontentloaded' });
      await phone.locator(`[data-test=my-target-${line.target_id}] [data-test=my-target-record]`).click();
      await phone.waitForURL((u) => base + u.pathname === formUrl);
      await phone.locator('[data-test=record-target]').filter({ hasText: line.target_name }).waitFor();
    });

    await check('inspector 我的检查 at desktop size', async () => {
      await phone.setViewportSize(WIDE);
      await phone.goto(base + '/console/my-records', { waitUntil: 'domcontentloaded' });
      await phone.locator(`[data-test=my-record][data-target-id="${line.target_id}"]`).waitFor();
      await screenshot(phone, 'my-records-desktop');
    });

    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await browser.close();
  }
}

requireEnvironment();
run(main, { timeoutMs: TOTAL_TIMEOUT_MS, timed: true });
