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
const { spawn, spawnSync, execSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'tests', 'out');
const FAZHI = path.join(ROOT, process.env.FAZHI_BIN || 'build/fazhi-test');
const NEW_PW = 'Lishu#2024edu';

let passed = 0, failed = 0;
function check(ok, name, detail) {
  if (ok) { passed++; console.log('ok   ' + name); }
  else { failed++; console.log('FAIL ' + name + (detail ? ': ' + detail : '')); }
}
function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code !== undefined ? code : (failed ? 1 : 0));
}

// Prerequisites: a clear message and one failure when something is missing.
let chromiumPath = '';
try { chromiumPath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim(); } catch (e) { /* none */ }
let playwright = null;
try { playwright = require(path.join(ROOT, 'node_modules', 'playwright-core')); } catch (e) { /* none */ }
if (!chromiumPath || !playwright || !fs.existsSync(FAZHI)) {
  if (!chromiumPath) console.log('FAIL chromium not found: install Debian\'s chromium (sh scripts/install-deps.sh)');
  if (!playwright) console.log('FAIL playwright-core not found: run `npm ci` in the repository root (sh scripts/install-deps.sh)');
  if (!fs.existsSync(FAZHI)) console.log('FAIL ./fazhi not built: run `make`');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// RFC 6238 TOTP, SHA1, 6 digits, 30 s step, from a base32 secret.
function base32Decode(s) {
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, val = 0;
  const out = [];
  for (const ch of s.toUpperCase().replace(/[\s=]/g, '')) {
    const i = alpha.indexOf(ch);
    if (i < 0) throw new Error('bad base32 character ' + ch);
    val = (val << 5) | i; bits += 5;
    if (bits >= 8) { out.push((val >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}
function totp(secretB32, t) {
  const key = base32Decode(secretB32);
  const counter = Math.floor((t === undefined ? Date.now() / 1000 : t) / 30);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = crypto.createHmac('sha1', key).update(msg).digest();
  const off = h[h.length - 1] & 0x0f;
  const bin = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
  return String(bin % 1000000).padStart(6, '0');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url + '/healthz'); if (r.ok) return true; } catch (e) { /* not yet */ }
    await new Promise(r => setTimeout(r, 100));
  }
  return false;
}

let server = null, browser = null, dataDir = null;
function cleanup() {
  if (server && server.exitCode === null) { try { server.kill('SIGTERM'); } catch (e) { /* gone */ } }
  if (dataDir) { try { fs.rmSync(dataDir, { recursive: true, force: true }); } catch (e) { /* ignore */ } }
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(1); });

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-browser-'));
  const data = path.join(dataDir, 'data');
  const env = Object.assign({}, process.env, { FAZHI_TEST_FAST_HASH: '1' });
  const init = spawnSync(FAZHI, ['--data', data, 'init', '--demo'], { env, encoding: 'utf8' });
  const m = /一次性密码：(\S+)/.exec(init.stdout || '');
  check(init.status === 0 && m, 'init --demo prints the one-time password', init.stderr);
  if (!m) return;
  const otp = m[1];

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(FAZHI, ['--data', data, 'serve', '--listen', `127.0.0.1:${port}`],
                 { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverErr = '';
  server.stderr.on('data', d => { serverErr += d; });
  server.stdout.on('data', () => {});
  const up = await waitHealthy(base, 10000);
  check(up, 'server answers /healthz', serverErr);
  if (!up) return;

  browser = await playwright.chromium.launch({
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
  // one card for the orgs, then one per declared figure (org, 行政许可, ...)
  const figs = await page.locator('.cards .card').evaluateAll(
    as => as.map(a => a.getAttribute('data-fig')));
  check(figs[0] === null && figs.includes('org.schools') && figs.includes('org.kindergartens'),
        'home page shows the orgs card and the figure cards', figs.join(' '));
  await page.screenshot({ path: path.join(OUT, 'browser-home.png'), fullPage: true });

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

const watchdog = setTimeout(() => { console.log('FAIL timed out after 90 s'); failed++; cleanup(); finish(1); }, 90000);
main()
  .catch(e => { check(false, 'unexpected error', e && e.stack ? e.stack : String(e)); })
  .finally(async () => {
    clearTimeout(watchdog);
    if (browser) { try { await browser.close(); } catch (e) { /* ignore */ } }
    cleanup();
    finish();
  });
