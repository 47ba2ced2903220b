// Shared harness of the browser tests (smoke, portal_draws, console_registers, console_plans).
//
// Environment: SUIJI_BASE_URL (required), SUIJI_PASSWORD (default: the demo password),
// SUIJI_SCREENSHOT_DIR (screenshots are saved only when set), SUIJI_CHROMIUM (default
// /usr/bin/chromium). Output: one line per check, "ok   name (detail)" or "FAIL name: detail",
// then "N passed, N failed"; exit status 0 when everything passed, else 1.
//
// playwright-core is a devDependency of web/ (`npm ci` there): it is resolved from
// web/node_modules so that the tests can live outside web/. It drives Debian's chromium; no
// bundled browser is downloaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const { chromium } = createRequire(path.join(here, '..', '..', 'web', 'package.json'))('playwright-core');

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1366, height: 860 };

export const base = (process.env.SUIJI_BASE_URL || '').replace(/\/+$/, '');
export const password = process.env.SUIJI_PASSWORD || 'suiji-demo-2026';
export const shotDir = process.env.SUIJI_SCREENSHOT_DIR || '';
export const chromiumPath = process.env.SUIJI_CHROMIUM || '/usr/bin/chromium';

// Element Plus puts extra attributes on the native <input>; accept either placement.
export const USERNAME_INPUT = 'input[data-test=login-username], [data-test=login-username] input';
export const PASSWORD_INPUT = 'input[data-test=login-password], [data-test=login-password] input';

// ---- the API contract -----------------------------------------------------------------------
// With SUIJI_API_LOG_DIR set (CTest sets it), every /api/ answer the browser or the Api helper
// receives is appended as one JSON line to a file of this process there, for
// tests/contract/validate_responses.mjs (docs/api/README.md).
const apiLog = process.env.SUIJI_API_LOG_DIR
  ? path.join(process.env.SUIJI_API_LOG_DIR, `responses-browser-${process.pid}.jsonl`)
  : '';
const testName = path.basename(process.argv[1] || 'browser', '.mjs');

function logApiAnswer(method, pathAndQuery, status, contentType, body) {
  if (!apiLog) return;
  const line = { test: `browser/${testName}`, method, path: pathAndQuery, status, content_type: contentType, body };
  fs.appendFileSync(apiLog, JSON.stringify(line) + '\n');
}

/** Logs the API answers a browser context receives (see above); nothing unless configured. */
export function logApiResponses(context) {
  if (!apiLog) return;
  context.on('response', async (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/')) return;
    let body;
    try {
      body = (await res.body()).toString('utf8');
    } catch {
      return; // the page went away before the body was read
    }
    logApiAnswer(res.request().method(), url.pathname + url.search, res.status(), res.headers()['content-type'] || '', body);
  });
}

// ---- checks and the result line -------------------------------------------------------------
const started = Date.now();
let passed = 0;
let failed = 0;
let showTime = false;
let failurePage = null;

// The first line of a failure, plus Playwright's "waiting for locator(...)" line when there is
// one, so that a timeout names the element it waited for.
const firstLine = (detail) => {
  const lines = String(detail ?? '').split('\n');
  const waiting = lines.find((l) => l.includes('waiting for'));
  return waiting ? `${lines[0]} (${waiting.trim().replace(/^- /, '')})` : lines[0];
};

export function fail(name, detail) {
  failed++;
  console.log(`FAIL ${name}: ${firstLine(detail)}`);
}

/**
 * Runs one check. A thrown error or a returned string starting with "!" fails it; any other
 * returned string is shown as the detail. Returns true when the check passed.
 */
export async function check(name, fn) {
  try {
    const result = await fn();
    if (typeof result === 'string' && result.startsWith('!')) {
      fail(name, result.slice(1));
      return false;
    }
    passed++;
    const detail = typeof result === 'string' ? firstLine(result) : '';
    console.log(`ok   ${name}${detail ? ` (${detail})` : ''}`);
    return true;
  } catch (err) {
    fail(name, err && err.message ? err.message : err);
    if (failurePage) {
      // Where the page was, and any error message it showed, so that a CI log explains itself.
      const shown = await failurePage
        .locator('.el-message--error, .el-alert--error, .el-result__title')
        .allInnerTexts()
        .catch(() => []);
      console.log(`     at ${failurePage.url()}${shown.length ? ` showing: ${shown.join(' | ').replace(/\s+/g, ' ')}` : ''}`);
      await screenshot(failurePage, `fail-${failed}`).catch(() => {});
    }
    return false;
  }
}

/** Counts checks that could not run as failed. */
export function skip(names, why) {
  for (const name of names) fail(name, `skipped because ${why}`);
}

/** From now on, a check that throws screenshots `page` as fail-N.png. */
export function setFailurePage(page) {
  failurePage = page;
}

/** Prints "N passed, N failed" (with the elapsed time if run() was asked to) and exits. */
export function finish(code) {
  const time = showTime ? ` (${((Date.now() - started) / 1000).toFixed(1)} s)` : '';
  console.log(`${passed} passed, ${failed} failed${time}`);
  process.exit(code);
}

/** Fails and exits unless SUIJI_BASE_URL and the named variables are set and the browser exists. */
export function requireEnvironment(...names) {
  const required = ['SUIJI_BASE_URL', ...names];
  if (!base || names.some((n) => !process.env[n])) {
    const list = required.length > 1 ? `${required.slice(0, -1).join(', ')} and ${required.at(-1)}` : required[0];
    fail('environment', `set ${list}`);
    finish(1);
  }
  if (!fs.existsSync(chromiumPath)) {
    fail('environment', `no browser at ${chromiumPath} (apt-get install chromium fonts-noto-cjk)`);
    finish(1);
  }
}

/**
 * Runs the test's main(), then finish(). An unexpected error or not finishing within
 * `timeoutMs` fails the test. `timed` adds the elapsed time to the result line.
 */
export function run(main, { timeoutMs, timed = false }) {
  showTime = timed;
  setTimeout(() => {
    fail('timeout', `the test did not finish within ${timeoutMs / 1000} s`);
    finish(1);
  }, timeoutMs);
  main().then(
    () => finish(failed ? 1 : 0),
    (err) => {
      fail('unexpected error', err && err.stack ? err.stack : err);
      finish(1);
    },
  );
}

// ---- browser --------------------------------------------------------------------------------
const LAUNCH = {
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
const LOCALE = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

export function launchBrowser() {
  return chromium.launch(LAUNCH);
}

/** A new context of `browser` (zh-CN, Asia/Shanghai) with `timeout` ms as the action timeout. */
export async function newContext(browser, { viewport = DESKTOP, timeout }) {
  const context = await browser.newContext({ viewport, ...LOCALE });
  context.setDefaultTimeout(timeout);
  logApiResponses(context);
  return context;
}

/**
 * Starts chromium with a fresh profile directory; close() ends it and removes the directory.
 * `options` go to launchPersistentContext (viewport, acceptDownloads, …).
 */
export async function launchPersistent({ timeout, ...options }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-browser-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  let context;
  try {
    context = await chromium.launchPersistentContext(dir, { ...LAUNCH, viewport: DESKTOP, ...LOCALE, ...options });
  } catch (err) {
    remove();
    throw err;
  }
  context.setDefaultTimeout(timeout);
  logApiResponses(context);
  const close = async () => {
    await context.close().catch(() => {});
    remove();
  };
  return { context, close };
}

export async function screenshot(page, name) {
  if (!shotDir) return;
  fs.mkdirSync(shotDir, { recursive: true });
  // A full-page shot of a scrolled page paints sticky headers where the viewport was: start at
  // the top (a failure shot keeps the scroll position, which is what went wrong).
  if (!name.startsWith('fail-')) {
    // Transient messages (已保存, 已公示 …) would cover the page heading.
    await page
      .evaluate(() => {
        window.scrollTo(0, 0);
        for (const m of document.querySelectorAll('.el-message')) m.style.visibility = 'hidden';
      })
      .catch(() => {});
    await page.waitForTimeout(100);
  }
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage: true });
}

/** "!…" (a failure for check()) when the document is wider than `width`. */
export async function noHorizontalOverflow(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  if (w > width) return `!document scrollWidth ${w} > ${width}`;
  return `scrollWidth ${w}`;
}

// ---- API client for setup (cookie session + CSRF) -------------------------------------------
export class Api {
  constructor() {
    this.cookie = '';
    this.csrf = '';
  }
  async call(method, p, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const r = await fetch(base + '/api/v1' + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookies = r.headers.getSetCookie ? r.headers.getSetCookie() : [];
    if (setCookies.length) this.cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
    const text = await r.text();
    logApiAnswer(method, '/api/v1' + p, r.status, r.headers.get('content-type') || '', text);
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    if (!r.ok) throw new Error(`${method} ${p} → ${r.status} ${text.slice(0, 300)}`);
    return data;
  }
  async login(username) {
    const s = await this.call('POST', '/session', { username, password });
    this.csrf = s.csrf_token;
    return s;
  }
}

// ---- test data ------------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100-2015): 17 characters and a check character over them.
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 17-character `body` followed by its GB 32100 check character. */
export function withUsccCheck(body) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body[i]) * USCC_WEIGHTS[i];
  return body + USCC_ALPHABET[(31 - (sum % 31)) % 31];
}
