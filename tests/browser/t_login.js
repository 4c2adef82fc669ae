// t_login.js -- the first sign-in of the demo administrator, in a real browser.
//
// Starts `fazhi serve` on a fresh data dir and a free loopback port, drives
// Debian's chromium through playwright-core (never a downloaded browser):
// login with the one-time password -> /password -> /totp (code computed
// here, RFC 6238 SHA1) -> home page 工作台 with 梨树县教育局 in the top bar.
// Checks no console error and no CSP violation, then the phone layout
// (390x844) and its menu button.  Screenshots: tests/out/browser-home.png,
// tests/out/browser-phone.png.  Last line: "N passed, N failed".
'use strict';
const path = require('path');
const L = require('./lib');
const { check, totp, OUT } = L;
const NEW_PW = 'Lishu#2024edu';

async function main() {
  const srv = await L.startServer([]);
  if (!srv) return;
  const { base, otp } = srv;
  const browser = await L.launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  // CSP violations are reported to the page as events; collect them.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => {
      window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || ''));
    });
  });
  const consoleErrors = [], cspErrors = [];
  const watch = page => {
    page.on('console', msg => {
      if (msg.type() === 'error') {
        const where = msg.location() && msg.location().url ? ' [' + msg.location().url + ']' : '';
        consoleErrors.push(msg.text() + where);
        if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
      }
    });
    page.on('pageerror', err => consoleErrors.push('pageerror: ' + err.message));
    // name the URL behind "Failed to load resource" messages
    page.on('response', res => { if (res.status() >= 400) consoleErrors.push(`HTTP ${res.status()} ${res.url()}`); });
  };
  const page = await context.newPage();
  watch(page);

  // 1. login with the one-time password -> /password
  await page.goto(base + '/login');
  check(await page.locator('h1').innerText() === '登录', 'login page shows 登录');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', otp);
  await Promise.all([page.waitForURL(u => u.pathname === '/password'), page.click('button[type=submit]')]);
  check(new URL(page.url()).pathname === '/password', 'first login redirects to /password', page.url());

  // 2. change the password -> /totp
  await page.fill('input[name=old_password]', otp);
  await page.fill('input[name=new_password]', NEW_PW);
  await page.fill('input[name=new_password2]', NEW_PW);
  await Promise.all([page.waitForURL(u => u.pathname === '/totp'), page.click('main button.primary')]);
  check(new URL(page.url()).pathname === '/totp', 'password change redirects to /totp', page.url());

  // 3. enrol TOTP with the secret shown on the page -> home
  const hasQr = await page.locator('.qr svg').count();
  check(hasQr === 1, 'TOTP page shows the QR code SVG');
  const shown = (await page.locator('main code.secret').first().innerText()).trim();
  check(/^([A-Z2-7=]{4} )+[A-Z2-7=]{1,4}$/.test(shown), 'TOTP secret shown in groups of four', shown);
  const secret = shown.replace(/\s+/g, '');
  check(/^[A-Z2-7]{16,}=*$/.test(secret), 'TOTP page shows a base32 secret', secret);
  // Avoid submitting in the last second of a 30 s step.
  if (Math.floor(Date.now() / 1000) % 30 >= 28) await page.waitForTimeout(2500);
  await page.fill('input[name=code]', totp(secret));
  await Promise.all([page.waitForURL(u => u.pathname === '/'), page.click('main button.primary')]);
  check(new URL(page.url()).pathname === '/', 'TOTP enrolment lands on the home page', page.url());
  check((await page.locator('main h1').innerText()) === '工作台', 'home page title is 工作台');
  check((await page.locator('header.top .unit').innerText()) === '梨树县教育局', 'top bar shows 梨树县教育局');
  await page.screenshot({ path: path.join(OUT, 'browser-home.png'), fullPage: true });
  // 全部数据项: a card for 机构 and one per declared figure (the areas'
  // registries); the home itself shows the role's few headline figures
  check((await page.locator('main .cards .card.fig').count()) <= 8, 'home page shows a handful of headline figures');
  await Promise.all([page.waitForLoadState('load'), page.click('main a:text-is("全部数据项")')]);
  const cards = await page.locator('.cards .card').count();
  const figs = (await (await page.request.get(base + '/api/v1/figures')).json()).items
    .filter(f => !f.detail).length;     // detail figures (one item's rate) are not cards
  check(figs >= 2 && cards === figs + 1, '全部数据项 shows a card per figure and 机构',
        `${cards} cards, ${figs} figures`);

  // 3b. every page in the administrator's navigation opens without error
  const links = await page.locator('nav#nav a').evaluateAll(as => as.map(a => a.getAttribute('href')));
  for (const href of links) {
    const res = await page.goto(base + href);
    check(res && res.status() === 200, `nav page ${href} answers 200`, res ? String(res.status()) : 'no response');
    check((await page.locator('main h1').count()) === 1, `nav page ${href} has its title`);
  }
  // a form error shows under its field, values kept: an invalid 统一社会信用代码
  await page.goto(base + '/orgs/new');
  await page.fill('input[name=name]', '梨树县测试学校');
  await page.fill('input[name=code]', '91350100M000100Y4Z');
  await page.click('main button.primary');
  const codeErr = await page.locator('.field.has-err .err').first().innerText().catch(() => '');
  check(/校验码/.test(codeErr), 'org form: a wrong check character is named under the field', codeErr);
  check((await page.inputValue('input[name=name]')) === '梨树县测试学校', 'org form: values kept on error');
  await page.screenshot({ path: path.join(OUT, 'browser-org-error.png'), fullPage: true });
  await page.fill('input[name=code]', '91350100M000100Y43');
  await Promise.all([page.waitForURL(u => /^\/orgs\/[0-9]+$/.test(u.pathname)), page.click('main button.primary')]);
  check((await page.locator('main .notice.ok').innerText().catch(() => '')).includes('保存成功'), 'org form: 保存成功 after the redirect');
  // the list is paged (137 schools of the demo county): the search finds it
  await page.goto(base + '/orgs?q=' + encodeURIComponent('测试学校'));
  check((await page.locator('table.list').innerText()).includes('梨树县测试学校'), 'org form: the new school is listed');
  await page.screenshot({ path: path.join(OUT, 'browser-orgs.png'), fullPage: true });
  // the due-date calculator explains its count
  await page.goto(base + '/calendar?date=2025-09-26&n=20');
  const due = await page.locator('main p b').first().innerText().catch(() => '');
  check(due.startsWith('2025-10-30'), 'calendar: 2025-09-26 + 20 working days is 2025-10-30', due);
  check((await page.locator('pre.explain').first().textContent()).includes('调休'), 'calendar: the explanation names the 调休 day');
  await page.screenshot({ path: path.join(OUT, 'browser-calendar.png'), fullPage: true });
  await page.goto(base + '/');

  // 4. the phone layout: the menu button toggles the navigation
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const btn = page.locator('.menu-btn');
  const nav = page.locator('#nav');
  check(await btn.isVisible(), 'phone: menu button visible');
  check(!(await nav.isVisible()), 'phone: navigation hidden at first');
  // The top bar's labels must not break mid-word (菜/单, 退/出) at 390 px.
  const wrapped = await page.evaluate(() => {
    const out = [];
    for (const sel of ['.menu-btn', 'header.top .unit', 'header.top button.link']) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
      if (lines > 1) out.push(`${sel} "${el.textContent.trim()}" on ${lines} lines`);
    }
    return out;
  });
  check(wrapped.length === 0, 'phone: top bar labels stay on one line', wrapped.join('; '));
  await btn.click();
  check(await nav.isVisible(), 'phone: menu button opens the navigation');
  check((await btn.getAttribute('aria-expanded')) === 'true', 'phone: aria-expanded is true when open');
  await page.screenshot({ path: path.join(OUT, 'browser-phone.png'), fullPage: true });
  await btn.click();
  check(!(await nav.isVisible()), 'phone: menu button closes the navigation again');
  check((await btn.getAttribute('aria-expanded')) === 'false', 'phone: aria-expanded is false when closed');

  // 5. the page is clean: no console error, no CSP violation
  const csp = await page.evaluate(() => window.__csp || []);
  check(cspErrors.length === 0 && csp.length === 0, 'no CSP violation', cspErrors.concat(csp).join(' | '));
  // Chromium asks every page for /favicon.ico by itself; a 404 there is a
  // console error on every page, so it is checked (and named) on its own.
  const isFavicon = e => /\/favicon\.ico\]$/.test(e);
  check(!consoleErrors.some(isFavicon), 'no 404 for /favicon.ico (console error on every page)',
        consoleErrors.filter(isFavicon).length + ' times');
  // The deliberately invalid org form answers 422 (the page shows the error);
  // Chromium logs any 4xx document as "Failed to load resource".
  const expected422 = e => /422.*\/orgs\/new/.test(e);
  const other = consoleErrors.filter(e => !isFavicon(e) && !expected422(e));
  check(other.length === 0, 'no other console error', other.join(' | '));
}

L.run(main, 90);
