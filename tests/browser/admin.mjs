#!/usr/bin/env node
// Browser test of the administration pages (issue 14, acceptance 4, second half): the
// administrator creates an account through the console, is told precisely why a weak password
// or a taken user name is refused (and nothing is created), grants a second role, resets the
// password and deactivates the account; the new person logs in with the console's password and
// sees their role's menu; a unit is added to the organisation and a taken unit code is refused.
// Every outcome is read back through the API. At 1440×900 and 375×812; an HTTP answer >= 400
// that the test did not provoke fails it.
//
//   SUIJI_BASE_URL=http://127.0.0.1:18092 [SUIJI_PASSWORD=suiji-demo-2026]
//   [SUIJI_SCREENSHOT_DIR=/tmp/shots] [SUIJI_CHROMIUM=/usr/bin/chromium] node tests/browser/admin.mjs
import { Api, PASSWORD_INPUT, PHONE, USERNAME_INPUT, base, check, launchBrowser, newContext,
  noHorizontalOverflow, password, requireEnvironment, run, screenshot, setFailurePage } from './harness.mjs';

const DESKTOP = { width: 1440, height: 900 };
const ACTION_TIMEOUT_MS = 15000;
const TOTAL_TIMEOUT_MS = 180000;
const suffix = Date.now().toString(36).slice(-5);
const NEW_USER = `zhang.${suffix}`;
const NEW_NAME = '张晓明';
const NEW_PASSWORD = `Suiji${suffix}2026x`;
const RESET_PASSWORD = `Reset${suffix}2027y`;
const NEW_UNIT_CODE = `JS-SCJG-T${suffix.toUpperCase()}`;

const field = (name) => `input[data-test=${name}], [data-test=${name}] input`;

async function login(page, user, pw = password) {
  await page.goto(base + '/login', { waitUntil: 'domcontentloaded' });
  await page.locator(USERNAME_INPUT).fill(user);
  await page.locator(PASSWORD_INPUT).fill(pw);
  await page.locator('[data-test=login-submit]').click();
}

async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/** Picks `label` in the el-select whose wrapper (or a parent) matches `selector`. */
async function pick(page, selector, label) {
  await page.locator(selector).first().click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
}

/** Records every API answer >= 400; `expect(pathPart, status)` marks one as provoked. */
function watchErrors(page) {
  const seen = [];
  const expected = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.startsWith('/api/') && res.status() >= 400) seen.push({ path: url.pathname, status: res.status() });
  });
  return {
    expect: (pathPart, status) => expected.push({ pathPart, status }),
    unexpected: () =>
      seen.filter((s) => {
        const i = expected.findIndex((e) => s.path.includes(e.pathPart) && s.status === e.status);
        if (i < 0) return true;
        expected.splice(i, 1);
        return false;
      }),
  };
}

async function main() {
  requireEnvironment();
  const admin = new Api();
  await admin.login('admin');
  const departments = (await admin.call('GET', '/org/departments')).items;
  const scjg = departments.find((d) => d.name.includes('市场监督管理局'));

  const browser = await launchBrowser();
  const context = await newContext(browser, { viewport: DESKTOP, timeout: ACTION_TIMEOUT_MS });
  const page = await context.newPage();
  setFailurePage(page);
  const errors = watchErrors(page);

  await check('the administrator sees 用户与角色 and 组织机构 in the menu', async () => {
    errors.expect('/api/v1/me', 401); // the login page asks whether a session exists
    await login(page, 'admin');
    await page.waitForURL((u) => u.pathname.startsWith('/console'));
    const menu = page.locator('.console-aside .el-menu-item');
    await menu.filter({ hasText: '用户与角色' }).waitFor();
    await menu.filter({ hasText: '组织机构' }).waitFor();
    return `${await menu.count()} entries`;
  });

  await check('用户与角色 lists the demo accounts with their roles and scopes', async () => {
    await page.locator('.console-aside .el-menu-item', { hasText: '用户与角色' }).click();
    await page.waitForURL((u) => u.pathname === '/console/admin/users');
    const row = page.locator('[data-test=user-table] .el-table__body-wrapper tr', { hasText: 'planner' }).first();
    await row.waitFor();
    const text = await row.innerText();
    if (!text.includes('部门业务人员') || !text.includes(scjg.name)) return `!planner row reads: ${text.replace(/\s+/g, ' ')}`;
    await screenshot(page, 'admin-users-desktop');
    return text.replace(/\s+/g, ' ').slice(0, 80);
  });

  const before = (await admin.call('GET', '/users')).items.length;
  await check('a weak password is refused next to the field and creates nothing', async () => {
    await page.locator('[data-test=user-create]').click();
    await page.locator(field('new-username')).fill(NEW_USER);
    await page.locator(field('new-display-name')).fill(NEW_NAME);
    await page.locator(field('new-password')).fill('short1');
    await page.locator(field('new-password2')).fill('short1');
    await pick(page, '[data-test=new-grant-0] [data-test=scope-department]', scjg.name);
    errors.expect('/api/v1/users', 400);
    await page.locator('[data-test=user-create-submit]').click();
    const msg = page.locator('[data-test=user-create-form] .el-form-item__error', { hasText: '密码至少 10 位' });
    await msg.waitFor();
    const after = (await admin.call('GET', '/users')).items.length;
    if (after !== before) return `!${after - before} account(s) created by a refused request`;
    return (await msg.innerText()).trim();
  });

  await check('the administrator creates the account with a 部门业务人员 grant', async () => {
    await page.locator(field('new-password')).fill(NEW_PASSWORD);
    await page.locator(field('new-password2')).fill(NEW_PASSWORD);
    await page.locator('[data-test=user-create-submit]').click();
    await page.locator('[data-test=user-create-form]').waitFor({ state: 'hidden' });
    const u = await admin.call('GET', `/users/${NEW_USER}`);
    const grants = u.roles.map((g) => `${g.role}@${g.scope}`);
    if (u.display_name !== NEW_NAME || grants.join() !== `planner@department:${scjg.id}`) return `!stored: ${JSON.stringify(u)}`;
    await page.locator('[data-test=user-table] tr', { hasText: NEW_USER }).waitFor();
    return grants.join();
  });

  await check('a taken user name is refused and the existing account is unchanged', async () => {
    await page.locator('[data-test=user-create]').click();
    await page.locator(field('new-username')).fill('planner');
    await page.locator(field('new-display-name')).fill('冒名');
    await page.locator(field('new-password')).fill(NEW_PASSWORD);
    await page.locator(field('new-password2')).fill(NEW_PASSWORD);
    await pick(page, '[data-test=new-grant-0] [data-test=scope-department]', scjg.name);
    errors.expect('/api/v1/users', 409);
    await page.locator('[data-test=user-create-submit]').click();
    const msg = page.locator('[data-test=user-create-form] .el-form-item__error', { hasText: '用户名已存在' });
    await msg.waitFor();
    const text = (await msg.innerText()).trim();
    await page.locator('.el-dialog:visible .el-dialog__footer .el-button', { hasText: '取消' }).click();
    await page.locator('[data-test=user-create-form]').waitFor({ state: 'hidden' });
    const planner = await admin.call('GET', '/users/planner');
    if (planner.display_name === '冒名') return '!the existing account was changed';
    return text;
  });

  await check('授予角色 adds a 部门负责人 grant to the new account', async () => {
    const row = page.locator('[data-test=user-table] .el-table__body-wrapper tr', { hasText: NEW_USER });
    // The operations column is fixed on the right: its buttons live in the fixed copy of the row.
    await page.locator('[data-test=user-table] tr', { hasText: NEW_USER }).locator('[data-test=user-grant]:visible').first().click();
    await pick(page, '[data-test=grant-form] [data-test=grant-role]', '部门负责人');
    await pick(page, '[data-test=grant-form] [data-test=scope-department]', scjg.name);
    await page.locator('[data-test=grant-submit]').click();
    await page.locator('[data-test=grant-form]').waitFor({ state: 'hidden' });
    await row.locator('[data-test=grant-approver]').waitFor();
    const u = await admin.call('GET', `/users/${NEW_USER}`);
    const roles = u.roles.map((g) => g.role).sort().join();
    if (roles !== 'approver,planner') return `!roles ${roles}`;
    return roles;
  });

  await check('the new person logs in with that password and sees their menu', async () => {
    const ctx = await newContext(browser, { viewport: PHONE, timeout: ACTION_TIMEOUT_MS });
    const p = await ctx.newPage();
    await login(p, NEW_USER, NEW_PASSWORD);
    await p.waitForURL((u) => u.pathname.startsWith('/console'));
    const name = (await p.locator('[data-test=user-display-name]').innerText()).trim();
    await p.locator('[data-test=menu-toggle]').click();
    const items = await p.locator('.console-drawer .el-menu-item').allInnerTexts();
    await ctx.close();
    if (name !== NEW_NAME) return `!header shows ${name}`;
    if (!items.some((t) => t.includes('抽查计划')) || items.some((t) => t.includes('用户与角色')))
      return `!menu: ${items.join(' / ')}`;
    return items.join(' / ');
  });

  await check('重置密码 replaces the password: the old one no longer works', async () => {
    await page.locator('[data-test=user-table] tr', { hasText: NEW_USER }).locator('[data-test=user-password]:visible').first().click();
    await page.locator(field('reset-password')).fill(RESET_PASSWORD);
    await page.locator(field('reset-password2')).fill(RESET_PASSWORD);
    await page.locator('[data-test=reset-submit]').click();
    await page.locator(field('reset-password')).waitFor({ state: 'hidden' });
    const probe = new Api();
    let oldRefused = false;
    try {
      await probe.call('POST', '/session', { username: NEW_USER, password: NEW_PASSWORD });
    } catch (e) {
      oldRefused = /→ 401/.test(e.message);
    }
    if (!oldRefused) return '!the old password still logs in';
    await probe.call('POST', '/session', { username: NEW_USER, password: RESET_PASSWORD });
    return 'old refused, new accepted';
  });

  await check('停用 ends the account: login refused, row shows 已停用', async () => {
    const row = page.locator('[data-test=user-table] .el-table__body-wrapper tr', { hasText: NEW_USER });
    await page.locator('[data-test=user-table] tr', { hasText: NEW_USER }).locator('[data-test=user-active]:visible').first().click();
    await confirmBox(page);
    await row.locator('.el-tag', { hasText: '已停用' }).waitFor();
    const u = await admin.call('GET', `/users/${NEW_USER}`);
    if (u.active) return '!still active in the store';
    try {
      await new Api().call('POST', '/session', { username: NEW_USER, password: RESET_PASSWORD });
      return '!a deactivated account logged in';
    } catch (e) {
      if (!/→ 401/.test(e.message)) return `!${e.message}`;
    }
    return 'login refused';
  });

  await check('组织机构: a unit is added under a department; a taken code is refused', async () => {
    await page.locator('.console-aside .el-menu-item', { hasText: '组织机构' }).click();
    await page.waitForURL((u) => u.pathname === '/console/admin/org');
    await page.locator('[data-test=dept-table] tr', { hasText: scjg.name }).waitFor();
    await screenshot(page, 'admin-org-desktop');
    await page.locator('.el-tabs__item', { hasText: '单位' }).click();
    const unitsBefore = (await admin.call('GET', `/org/units?department_id=${scjg.id}`)).items;
    const taken = unitsBefore[0];
    await page.locator('[data-test=unit-create]').click();
    await page.locator(field('org-code')).fill(taken.code);
    await page.locator(field('org-name')).fill('东风路市场监管所');
    errors.expect('/api/v1/org/units', 409);
    await page.locator('[data-test=org-submit]').click();
    await page.locator('[data-test=org-form] .el-form-item__error', { hasText: '单位代码已被使用' }).waitFor();
    if ((await admin.call('GET', `/org/units?department_id=${scjg.id}`)).items.length !== unitsBefore.length)
      return '!a refused unit was stored';
    await page.locator(field('org-code')).fill(NEW_UNIT_CODE);
    await page.locator('[data-test=org-submit]').click();
    await page.locator('[data-test=org-form]').waitFor({ state: 'hidden' });
    await page.locator('[data-test=unit-table] tr', { hasText: NEW_UNIT_CODE }).waitFor();
    const stored = (await admin.call('GET', `/org/units?department_id=${scjg.id}`)).items.find((u) => u.code === NEW_UNIT_CODE);
    if (!stored || stored.name !== '东风路市场监管所' || stored.level !== '所') return `!stored: ${JSON.stringify(stored)}`;
    return `unit ${stored.id} (${stored.kind}, ${stored.region_code})`;
  });

  await check('no HTTP error the test did not provoke', async () => {
    const left = errors.unexpected();
    if (left.length) return `!${left.map((e) => `${e.status} ${e.path}`).join(', ')}`;
    return 'none';
  });

  await check('on a phone (375 px) both pages hold their width', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(base + '/console/admin/users', { waitUntil: 'networkidle' });
    await page.locator('[data-test=user-table] tr', { hasText: 'planner' }).first().waitFor();
    const users = await noHorizontalOverflow(page, PHONE.width);
    await screenshot(page, 'admin-users-phone');
    await page.locator('[data-test=user-create]').click();
    await page.locator('[data-test=user-create-form]').waitFor();
    await screenshot(page, 'admin-user-create-phone');
    await page.locator('.el-dialog:visible .el-dialog__footer .el-button', { hasText: '取消' }).click();
    await page.goto(base + '/console/admin/org', { waitUntil: 'networkidle' });
    await page.locator('[data-test=dept-table] tr', { hasText: scjg.name }).waitFor();
    const org = await noHorizontalOverflow(page, PHONE.width);
    await screenshot(page, 'admin-org-phone');
    if (users.startsWith('!')) return users;
    return org;
  });

  await browser.close();
}

run(main, { timeoutMs: TOTAL_TIMEOUT_MS });
