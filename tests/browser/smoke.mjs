#!/usr/bin/env node
// Browser smoke test of the Suiji web UI against a running server.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18080 SUIJI_USER=planner SUIJI_PASSWORD=... \
//   [SUIJI_SCREENSHOT_DIR=/tmp/shots] [SUIJI_CHROMIUM=/usr/bin/chromium] node tests/browser/smoke.mjs
//
// Drives Debian's chromium through playwright-core (no bundled browser is downloaded). Checks:
// portal heading and health footer; console guard redirect; login form validation; wrong
// password shows the server's Chinese message; login lands on /console with the user's display
// name and a role name; the home shows its 待办事项 panel (items or 暂无待办事项); Chinese text is drawn with real CJK glyphs (pixel comparison against a
// codepoint no font has); at 375x812 the portal and console (with the 待办事项 panel loaded) have
// no horizontal overflow and the
// side menu becomes a drawer; logout ends the session. One line per check, "FAIL ..." for
// failures, a closing "N passed, N failed" line; exit status 0 when all passed, else 1.
//
// playwright-core is a devDependency of web/: run `npm ci` in web/ first (see harness.mjs).
import { DESKTOP, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, launchPersistent,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, skip } from './harness.mjs';

const SITE_TITLE = '双随机、一公开 监管平台';
const ACTION_TIMEOUT_MS = 15000;
const TOTAL_TIMEOUT_MS = 180000;

requireEnvironment('SUIJI_USER', 'SUIJI_PASSWORD');
const username = process.env.SUIJI_USER;

/**
 * Draws the Chinese characters of `selector`'s text in the element's own computed font on a
 * canvas and compares them with a codepoint that no font has (U+0378, unassigned). Without a CJK
 * font every ideograph falls back to the same "missing glyph" box: the bitmaps are then equal to
 * the missing one and to each other. With a CJK font they all differ and are full-width.
 */
async function cjkRenderCheck(page, selector) {
  const r = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return { error: `no element ${sel}` };
    const cs = getComputedStyle(el);
    const size = 40;
    const font = `${cs.fontStyle} ${cs.fontWeight} ${size}px ${cs.fontFamily}`;
    const canvas = document.createElement('canvas');
    canvas.width = size * 2;
    canvas.height = size * 2;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const draw = (ch) => {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.font = font;
      ctx.fillStyle = '#000';
      ctx.textBaseline = 'top';
      ctx.fillText(ch, 4, 4);
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      let hash = 2166136261;
      for (let i = 3; i < d.length; i += 4) {
        if (d[i] > 0) ink++;
        hash = Math.imul(hash ^ d[i], 16777619) >>> 0;
      }
      return { ch, ink, hash, width: ctx.measureText(ch).width };
    };
    const chars = [...new Set([...el.textContent].filter((c) => /[\u4e00-\u9fff]/.test(c)))].slice(0, 8);
    return {
      family: cs.fontFamily,
      size,
      glyphs: chars.map(draw),
      missing: draw('\u0378'),
    };
  }, selector);
  if (r.error) return `!${r.error}`;
  if (r.glyphs.length < 2) return `!fewer than 2 Chinese characters in ${selector}`;
  const bad = r.glyphs.filter(
    (g) => g.ink === 0 || g.hash === r.missing.hash || g.width < 0.85 * r.size,
  );
  const distinct = new Set(r.glyphs.map((g) => g.hash)).size;
  if (bad.length) {
    return `!glyphs drawn as missing-glyph boxes or blank: ${bad.map((g) => g.ch).join('')} (font-family ${r.family})`;
  }
  if (distinct !== r.glyphs.length) {
    return `!only ${distinct} distinct bitmaps for ${r.glyphs.length} different characters (tofu)`;
  }
  // Which installed font Chromium actually used, for the log.
  let used = '';
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    used = fonts.map((f) => `${f.familyName}×${f.glyphCount}`).join(', ');
    await cdp.detach();
  } catch {
    used = 'platform font unknown';
  }
  return `${r.glyphs.map((g) => g.ch).join('')} distinct full-width glyphs; ${used}`;
}

/** Waits until the home's 待办事项 panel has loaded (items, 暂无待办事项 or its error note). Returns its text. */
async function todoPanelLoaded(page) {
  const panel = page.locator('[data-test=todo-panel]');
  await panel.locator('[data-test=todo-item], [data-test=todo-empty], [data-test=todo-error]').first().waitFor();
  return (await panel.textContent()).replace(/\s+/g, ' ').trim();
}

async function main() {
  const { context, close } = await launchPersistent({ timeout: ACTION_TIMEOUT_MS });
  const pageErrors = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(err.message));

    // --- Public portal ---------------------------------------------------------------------
    const portalOk = await check('portal loads with heading', async () => {
      const resp = await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
      if (!resp || !resp.ok()) return `!GET / answered ${resp ? resp.status() : 'nothing'}`;
      const title = page.locator('[data-test=site-title]');
      await title.waitFor();
      const text = (await title.textContent()).trim();
      if (text !== SITE_TITLE) return `!site title is "${text}"`;
      await page.locator('h1').first().waitFor();
      return `"${text}"`;
    });
    if (portalOk) {
      await check('portal footer shows health and version', async () => {
        const footer = page.locator('[data-test=health]');
        await footer.filter({ hasText: '版本' }).waitFor();
        const text = (await footer.textContent()).replace(/\s+/g, ' ').trim();
        if (!text.includes('系统运行正常')) return `!footer says "${text}"`;
        return `"${text}"`;
      });
      await check('portal has staff login link', async () => {
        const href = await page.locator('[data-test=staff-login]').getAttribute('href');
        return href === '/login' ? '' : `!href is ${href}`;
      });
      await check('Chinese renders with a CJK font (portal h1)', () => cjkRenderCheck(page, 'h1'));
      await screenshot(page, 'portal-desktop');
    } else {
      skip(['portal footer', 'CJK font'], 'the portal did not load');
    }

    // --- Guard and login form --------------------------------------------------------------
    await check('console without session redirects to login', async () => {
      await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
      await page.waitForURL((u) => u.pathname === '/login');
      const redirect = new URL(page.url()).searchParams.get('redirect');
      return redirect === '/console' ? '' : `!redirect parameter is "${redirect}"`;
    });
    const loginFormOk = await check('login form validates empty fields', async () => {
      if (new URL(page.url()).pathname !== '/login') await page.goto(`${base}/login`);
      await page.locator('[data-test=login-submit]').click();
      await page.getByText('请输入用户名').waitFor();
      await page.getByText('请输入密码').waitFor();
    });
    if (loginFormOk) {
      await check('wrong password shows the server Chinese message', async () => {
        await page.locator(USERNAME_INPUT).fill(username);
        await page.locator(PASSWORD_INPUT).fill(`${password}-wrong-${Date.now()}`);
        const [resp] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
          page.locator('[data-test=login-submit]').click(),
        ]);
        const body = await resp.json().catch(() => null);
        if (resp.status() !== 401 || !body || body.code !== 'LOGIN_FAILED') {
          return `!server answered ${resp.status()} ${JSON.stringify(body)} (expected 401 LOGIN_FAILED)`;
        }
        const alert = page.locator('[data-test=login-error]');
        await alert.filter({ hasText: body.message }).waitFor();
        if (!/[\u4e00-\u9fff]/.test(body.message)) return `!message is not Chinese: ${body.message}`;
        if (new URL(page.url()).pathname !== '/login') return '!left the login page';
        // Validation messages from the empty submit must be gone once the fields are filled.
        await page.locator('.el-form-item__error').first().waitFor({ state: 'detached' });
        await screenshot(page, 'login-error-desktop');
        return `"${body.message}"`;
      });
    } else {
      skip(['wrong password message'], 'the login form did not work');
    }

    // --- Login ------------------------------------------------------------------------------
    let user = null;
    const loggedIn = await check('login lands on /console', async () => {
      if (new URL(page.url()).pathname !== '/login') await page.goto(`${base}/login?redirect=%2Fconsole`);
      await page.locator(USERNAME_INPUT).fill(username);
      await page.locator(PASSWORD_INPUT).fill(password);
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
        page.locator('[data-test=login-submit]').click(),
      ]);
      if (resp.status() !== 200) return `!login answered ${resp.status()} ${await resp.text()}`;
      user = (await resp.json()).user;
      await page.waitForURL((u) => u.pathname === '/console');
    });

    if (loggedIn && user) {
      await check('console shows display name and role name', async () => {
        const name = page.locator('[data-test=user-display-name]');
        await name.filter({ hasText: user.display_name }).waitFor();
        await page.locator('[data-test=greeting]').filter({ hasText: user.display_name }).waitFor();
        const roleNames = (user.roles || []).map((r) => r.role_name).filter(Boolean);
        if (!roleNames.length) return '!the login response has no role names';
        await page.locator('[data-test=roles]').filter({ hasText: roleNames[0] }).waitFor();
        return `${user.display_name}, ${roleNames.join('、')}`;
      });
      await check('console home shows the 待办事项 panel', async () => {
        const text = await todoPanelLoaded(page);
        if (await page.locator('[data-test=todo-panel] [data-test=todo-error]').count()) return `!a list failed to load: "${text}"`;
        const items = await page.locator('[data-test=todo-panel] [data-test=todo-item]').count();
        if (!items && !text.includes('暂无待办事项')) return `!panel has no items and no empty text: "${text}"`;
        return items ? `${items} item(s): ${text}` : text;
      });
      await check('Chinese renders with a CJK font (console)', () =>
        cjkRenderCheck(page, '[data-test=greeting]'),
      );
      await check('desktop console has side menu', async () => {
        await page.locator('.console-aside').waitFor({ state: 'visible' });
        return (await page.locator('[data-test=menu-toggle]').count()) === 0
          ? ''
          : '!menu button shown on desktop';
      });
      await check('desktop console has no horizontal overflow', () =>
        noHorizontalOverflow(page, DESKTOP.width),
      );
      await screenshot(page, 'console-desktop');

      // --- Phone ------------------------------------------------------------------------------
      await page.setViewportSize(PHONE);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=greeting]').waitFor();
      await todoPanelLoaded(page).catch(() => {});
      await check('phone console: menu button replaces sidebar', async () => {
        await page.locator('[data-test=menu-toggle]').waitFor({ state: 'visible' });
        if (await page.locator('.console-aside').isVisible()) return '!sidebar still visible at 375 px';
      });
      await check('phone console: no horizontal overflow', () => noHorizontalOverflow(page, PHONE.width));
      await screenshot(page, 'console-phone');
      await check('phone console: drawer menu opens and closes', async () => {
        await page.locator('[data-test=menu-toggle]').click();
        const drawer = page.locator('.el-drawer');
        await drawer.getByText('工作台').waitFor({ state: 'visible' });
        // Let the slide-in animation finish before measuring and taking the picture.
        let box = null;
        for (let i = 0; i < 40; i++) {
          box = await drawer.boundingBox();
          if (box && Math.abs(box.x) < 1) break;
          await page.waitForTimeout(50);
        }
        if (!box || Math.abs(box.x) >= 1) return `!drawer did not slide in (x=${box && box.x})`;
        if (box.width > PHONE.width) return `!drawer width ${box.width}`;
        await screenshot(page, 'console-phone-menu');
        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'hidden' });
      });
      await check('phone portal: no horizontal overflow', async () => {
        await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
        await page.locator('[data-test=health]').filter({ hasText: '版本' }).waitFor();
        const r = await noHorizontalOverflow(page, PHONE.width);
        await screenshot(page, 'portal-phone');
        return r;
      });

      // --- Logout -----------------------------------------------------------------------------
      await check('logout ends the session', async () => {
        await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
        await page.locator('[data-test=user-menu]').click();
        const [resp] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'DELETE'),
          page.locator('[data-test=logout]').click(),
        ]);
        if (resp.status() !== 204) return `!DELETE /session answered ${resp.status()} ${await resp.text()}`;
        await page.waitForURL((u) => u.pathname === '/login');
        const me = await page.evaluate(async () => (await fetch('/api/v1/me', { credentials: 'same-origin' })).status);
        if (me !== 401) return `!GET /me after logout answered ${me}`;
        await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
        await page.waitForURL((u) => u.pathname === '/login');
      });
      await screenshot(page, 'login-phone');
    } else {
      skip(['console content', 'CJK font (console)', 'phone layout', 'logout'], 'login failed');
    }

    await check('no uncaught JavaScript errors', async () =>
      pageErrors.length ? `!${pageErrors.length}: ${pageErrors[0]}` : '',
    );
  } finally {
    await close();
  }
}

run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
