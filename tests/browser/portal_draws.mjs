#!/usr/bin/env node
// Browser test of the portal's 随机抽取记录 (SPEC §PORTAL) against a running server.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18090 [SUIJI_PLANNER=planner SUIJI_APPROVER=approver
//   SUIJI_PASSWORD=suiji-demo-2026] [SUIJI_SCREENSHOT_DIR=/tmp/shots]
//   [SUIJI_CHROMIUM=/usr/bin/chromium] node tests/browser/portal_draws.mjs
//
// Through the real API it commits a target draw (as planner), adds a witness, reveals it and
// has one replacement approved (by approver). Then, in Debian's chromium via playwright-core:
// the portal home lists the section; /draws lists the draw and finds it by a candidate's
// 统一社会信用代码; its record page shows the commitment, sources, witness, result and
// replacement; 在浏览器中验证 ends with the success verdict and every step ✓; on /verify a
// tampered copy (one source value changed) fails naming `randomness`, another (a selected id
// changed) naming `selected`, and the untouched copy passes; a confidential draw (revealed, not
// published) is listed as 保密 with its commitment and its record page shows the 保密 notice and
// the commitment, no pool; at 375 px none of the pages overflows horizontally. One line per check, then "N passed, N failed"; exit 0 or 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api, PHONE, check, base, finish, launchPersistent, noHorizontalOverflow,
  requireEnvironment, run, screenshot, withUsccCheck } from './harness.mjs';

const ACTION_TIMEOUT_MS = 20000;
const TOTAL_TIMEOUT_MS = 240000;

const plannerName = process.env.SUIJI_PLANNER || 'planner';
const approverName = process.env.SUIJI_APPROVER || 'approver';

// A valid-looking 统一社会信用代码 (GB 32100-2015 check character) for candidate n.
const uscc = (n) => withUsccCheck(`91410105MA${String(n).padStart(7, '0')}`);

async function createRevealedDraw() {
  const planner = new Api();
  const approver = new Api();
  const me = await planner.login(plannerName);
  await approver.login(approverName);
  // The planner's department, from a role scope such as "department:1".
  const scope = (me.user.roles || []).map((r) => /^department:(\d+)$/.exec(r.scope || '')).find(Boolean);
  const dept = scope ? Number(scope[1]) : 1;
  const pool = [];
  for (let i = 1; i <= 60; i++) {
    pool.push({ stratum: i <= 45 ? '一般对象' : '风险对象', id: uscc(Date.now() % 100000 * 100 + i), weight: i <= 45 ? 1 : 1 + (i % 3) });
  }
  const title = `浏览器测试：食品经营者随机抽查 ${new Date().toISOString().slice(11, 19)}`;
  const committed = await planner.call('POST', '/draws', {
    kind: 'targets',
    title,
    department_id: dept,
    sources: ['福彩3D 2026330期开奖号码', '现场见证人掷骰'],
    strata: [
      { name: '一般对象', take: 5 },
      { name: '风险对象', take: 3, weighted: true },
    ],
    pool,
  });
  const no = committed.draw_no;
  const b = `/draws/${encodeURIComponent(no)}`;
  await planner.call('POST', `${b}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
  await planner.call('POST', `${b}/reveal`, { values: ['227', '3 5 1'] });
  const outcome = await planner.call('GET', `${b}/outcome`);
  const out = outcome.selected['一般对象'][0];
  const requested = await planner.call('POST', `${b}/replacements`, { out, reason: '已注销', note: '已于2026年10月注销' });
  const seq = requested.replacements[requested.replacements.length - 1].seq;
  await approver.call('POST', `${b}/replacements/${seq}/decision`, { approve: true, note: '同意替换' });
  return { no, title, pool, out };
}

// A confidential draw (保密任务), committed and revealed but not published: the public sees its
// commitment and why the rest is hidden, never "not found".
async function createConfidentialDraw() {
  const planner = new Api();
  await planner.login(plannerName);
  const pool = [];
  for (let i = 1; i <= 8; i++) pool.push({ stratum: '一般对象', id: uscc(Date.now() % 100000 * 100 + 80 + i) });
  const title = `浏览器测试：保密专项抽取 ${new Date().toISOString().slice(11, 19)}`;
  const committed = await planner.call('POST', '/draws', {
    kind: 'targets', title, department_id: 1, sources: ['现场见证人掷骰'],
    strata: [{ name: '一般对象', take: 2 }], pool, confidential: true,
  });
  const b = `/draws/${encodeURIComponent(committed.draw_no)}`;
  await planner.call('POST', `${b}/witnesses`, { name: '陈志远', organisation: '区人大代表' });
  await planner.call('POST', `${b}/reveal`, { values: ['4 2'] });
  return { no: committed.draw_no, title, planHash: committed.commitment.plan_hash, pool };
}

async function main() {
  let draw = null;
  let secret = null;
  await check('create and reveal a confidential draw through the API', async () => {
    secret = await createConfidentialDraw();
    return secret.no;
  });
  await check('create, reveal and replace a draw through the API', async () => {
    draw = await createRevealedDraw();
    return draw.no;
  });
  if (!draw) finish(1);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-portal-files-'));
  const { context, close } = await launchPersistent({ timeout: ACTION_TIMEOUT_MS, acceptDownloads: true });
  const page = context.pages()[0] || (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const recordPath = `/draws/${encodeURIComponent(draw.no)}`;
  let bundleText = '';

  try {
    await check('portal home lists 随机抽取记录 and 验证抽取记录', async () => {
      await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
      const sections = page.locator('[data-test=portal-sections]');
      await sections.getByText('随机抽取记录').waitFor();
      await sections.getByText('验证抽取记录').waitFor();
      await page.locator('.portal-nav').getByText('随机抽取记录').waitFor();
    });

    await check('/draws lists the new draw', async () => {
      await page.locator('.portal-nav').getByText('随机抽取记录').click();
      await page.waitForURL((u) => u.pathname === '/draws');
      const item = page.locator(`[data-draw-no="${draw.no}"]`);
      await item.waitFor();
      const text = await item.innerText();
      for (const want of [draw.title, '检查对象', '陈志远', '区人大代表', '名单 60 户', '抽取 8 户']) {
        if (!text.includes(want)) return `!item lacks "${want}": ${text.replace(/\s+/g, ' ')}`;
      }
      return draw.no;
    });
    await screenshot(page, 'draws-desktop');

    await check('/draws finds the draw by a candidate 统一社会信用代码', async () => {
      const code = draw.pool[30].id;
      await page.locator('[data-test=candidate-input]').fill(code.toLowerCase());
      await page.locator('[data-test=candidate-search]').click();
      await page.waitForURL((u) => u.searchParams.get('code') === code);
      await page.locator(`[data-draw-no="${draw.no}"]`).waitFor();
      // An id that is in no pool finds nothing.
      await page.locator('[data-test=candidate-input]').fill('91110000000000000X');
      await page.locator('[data-test=candidate-search]').click();
      await page.locator('[data-test=draws-empty]').waitFor();
      return code;
    });

    await check('record page shows commitment, sources, witness, result and replacement', async () => {
      await page.goto(base + '/draws', { waitUntil: 'domcontentloaded' });
      await page.locator(`[data-draw-no="${draw.no}"] [data-test=draw-link]`).click();
      await page.waitForURL((u) => u.pathname === recordPath);
      await page.locator('[data-test=draw-title]').filter({ hasText: draw.title }).waitFor();
      const body = await page.locator('main').innerText();
      for (const want of ['抽取前的承诺', '承诺值', '抽取名单指纹', '福彩3D 2026330期开奖号码', '3 5 1', '陈志远', '已注销', draw.out, '备选顺序', '平台签名', 'Ed25519', 'python3 verify_draw.py']) {
        if (!body.includes(want)) return `!record page lacks "${want}"`;
      }
      const plan = (await page.locator('[data-test=plan-hash]').innerText()).trim();
      if (!/^[0-9a-f]{64}$/.test(plan)) return `!plan_hash shown as "${plan}"`;
      // Labels are plain Chinese, the technical name a hint after them (constants/drawTerms.js).
      const labels = await page.locator('main dt').evaluateAll((els) => els.map((e) => e.innerText.trim()));
      for (const [name, term] of [['承诺值', 'plan_hash'], ['抽取名单指纹', 'pool_root'], ['密钥承诺', 'commit'], ['结果指纹', 'result_hash']]) {
        const hint = await page.locator(`main dt [data-term=${term}] .term__hint`).first().innerText();
        if (hint !== term || !labels.some((l) => l.startsWith(name))) return `!label of ${term}: ${labels.join(' | ')}`;
      }
      const raw = labels.filter((l) => /^[a-z_]+$/.test(l));
      if (raw.length) return `!raw technical names as labels: ${raw.join(', ')}`;
    });

    await check('下载抽取记录（JSON） downloads the bundle', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-bundle]').click()]);
      const p = path.join(tmp, 'downloaded.json');
      await download.saveAs(p);
      bundleText = fs.readFileSync(p, 'utf8');
      const b = JSON.parse(bundleText);
      if (b.draw_id !== draw.no) return `!downloaded draw_id ${b.draw_id}`;
      return `${download.suggestedFilename()}, ${bundleText.length} bytes`;
    });

    await check('在浏览器中验证 ends with 验证通过, every step ✓', async () => {
      await page.locator('[data-test=verify-button]').click();
      const verdict = page.locator('[data-test=verify-verdict]');
      await verdict.waitFor();
      const level = await verdict.getAttribute('data-level');
      const text = (await verdict.innerText()).replace(/\s+/g, ' ');
      if (level !== 'ok') return `!verdict ${level}: ${text}`;
      if (!text.includes('验证通过')) return `!verdict text: ${text}`;
      const statuses = await page.locator('[data-test=verify-steps] li').evaluateAll((els) => els.map((e) => e.dataset.status));
      if (statuses.length < 10 || statuses.some((s) => s !== 'ok')) return `!steps: ${statuses.join(',')}`;
      const steps = await page.locator('[data-test=verify-steps]').innerText();
      for (const want of ['计算抽取名单指纹', '计算承诺值', '计算结果指纹', '核对平台签名', '本平台公布的公钥']) {
        if (!steps.includes(want)) return `!steps lack "${want}"`;
      }
      return `${statuses.length} steps`;
    });
    await screenshot(page, 'record-verified-desktop');

    await check('record page: a candidate lookup tells its place in the draw', async () => {
      await page.locator('#lookup-id').fill(draw.out);
      await page.locator('#lookup-id').press('Enter');
      const r = await page.locator('[data-test=lookup-result]').innerText();
      if (!r.includes('被抽中') || !r.includes('已注销')) return `!lookup said: ${r}`;
    });

    const tamper = (fn, name) => {
      const b = JSON.parse(bundleText);
      fn(b);
      const p = path.join(tmp, name);
      fs.writeFileSync(p, JSON.stringify(b, null, 2) + '\n');
      return p;
    };
    const verifyFile = async (file) => {
      await page.goto(base + '/verify', { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=verify-heading]').waitFor();
      await page.locator('[data-test=verify-file]').setInputFiles(file);
      const verdict = page.locator('[data-test=verify-verdict]');
      await verdict.waitFor();
      return { level: await verdict.getAttribute('data-level'), text: (await verdict.innerText()).replace(/\s+/g, ' ') };
    };

    await check('/verify: a tampered source value fails naming randomness', async () => {
      const file = tamper((b) => {
        b.sources[1].value = '3 5 2';
      }, 'tampered-source.json');
      const v = await verifyFile(file);
      if (v.level !== 'fail' || !v.text.includes('公开随机数（randomness）')) return `!${v.level}: ${v.text}`;
      const first = await page.locator('[data-test=verify-steps] li.is-first').innerText();
      if (!first.includes('randomness')) return `!first failing step: ${first}`;
      return v.text.slice(0, 40);
    });
    await screenshot(page, 'verify-tampered-desktop');

    await check('/verify: an edited selected list fails naming selected', async () => {
      const file = tamper((b) => {
        const s = b.selected['一般对象'];
        s[1] = b.reserve['一般对象'][5];
      }, 'tampered-selected.json');
      const v = await verifyFile(file);
      if (v.level !== 'fail' || !v.text.includes('抽中名单（selected）')) return `!${v.level}: ${v.text}`;
    });

    await check('/verify: the untouched download passes', async () => {
      const file = path.join(tmp, 'downloaded.json');
      const v = await verifyFile(file);
      if (v.level !== 'ok') return `!${v.level}: ${v.text}`;
    });

    await check('/verify: a bundle signed by another key is not accepted', async () => {
      const file = tamper((b) => {
        // A well-formed key that did not make this signature.
        b.signature.public_key = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
      }, 'other-key.json');
      const v = await verifyFile(file);
      if (v.level !== 'fail') return `!${v.level}: ${v.text}`;
    });

    await check('/draws lists the confidential draw as 保密, with its commitment', async () => {
      if (!secret) return '!no confidential draw';
      await page.goto(base + '/draws', { waitUntil: 'domcontentloaded' });
      const item = page.locator(`[data-draw-no="${secret.no}"]`);
      await item.waitFor();
      const text = await item.innerText();
      for (const want of [secret.title, '保密：检查结束后公开', secret.planHash]) {
        if (!text.includes(want)) return `!item lacks "${want}": ${text.replace(/\s+/g, ' ')}`;
      }
      if (text.includes('名单')) return `!item shows the pool: ${text.replace(/\s+/g, ' ')}`;
    });

    await check('confidential record page: 保密 notice and the commitment, no pool, no 404', async () => {
      if (!secret) return '!no confidential draw';
      await page.goto(base + `/draws/${encodeURIComponent(secret.no)}`, { waitUntil: 'domcontentloaded' });
      const notice = page.locator('[data-test=record-notice]');
      await notice.waitFor();
      if ((await notice.getAttribute('data-code')) !== 'DRAW_CONFIDENTIAL') return `!notice code ${await notice.getAttribute('data-code')}`;
      const text = await notice.innerText();
      if (!text.includes('该抽取属于保密任务') || !text.includes('承诺值已公开')) return `!notice: ${text}`;
      const plan = (await page.locator('[data-test=record-plan-hash]').innerText()).trim();
      if (plan !== secret.planHash) return `!plan_hash shown as "${plan}"`;
      const body = await page.locator('main').innerText();
      if (body.includes(secret.pool[0].id)) return '!the page shows a pool id';
      if ((await page.locator('[data-test=record-error]').count()) > 0) return '!an error is shown';
      if ((await page.locator('[data-test=record-status]').innerText()).trim() !== '已揭晓，尚未公开') return '!status';
    });
    await screenshot(page, 'record-confidential-desktop');

    // --- Phone ------------------------------------------------------------------------------
    await page.setViewportSize(PHONE);
    await check('phone /draws: no horizontal overflow', async () => {
      await page.goto(base + '/draws', { waitUntil: 'domcontentloaded' });
      await page.locator(`[data-draw-no="${draw.no}"]`).waitFor();
      const r = await noHorizontalOverflow(page, PHONE.width);
      await screenshot(page, 'draws-phone');
      return r;
    });
    await check('phone record page (verified): no horizontal overflow', async () => {
      await page.goto(base + recordPath, { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=verify-button]').click();
      await page.locator('[data-test=verify-verdict][data-level=ok]').waitFor();
      // Open the reserve lists too: long ids must wrap.
      await page.locator('details.reserve').evaluateAll((els) => els.forEach((e) => (e.open = true)));
      const r = await noHorizontalOverflow(page, PHONE.width);
      await screenshot(page, 'record-phone');
      return r;
    });
    await check('phone /verify (failed verdict): no horizontal overflow', async () => {
      await verifyFile(path.join(tmp, 'tampered-source.json'));
      const r = await noHorizontalOverflow(page, PHONE.width);
      await screenshot(page, 'verify-phone');
      return r;
    });
    await check('phone portal home: no horizontal overflow', async () => {
      await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=portal-sections]').waitFor();
      const r = await noHorizontalOverflow(page, PHONE.width);
      await screenshot(page, 'home-phone');
      return r;
    });
    await check('no uncaught page errors', () => (pageErrors.length ? `!${pageErrors[0]}` : ''));
  } finally {
    await close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

requireEnvironment();
run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
