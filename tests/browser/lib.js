// lib.js -- what the browser tests share: a fresh demo county served on a
// free loopback port, Debian's chromium through playwright-core, sign-in
// (with the first password change and the administrator's TOTP
// enrolment), and the layout facts the pages must keep on a desktop
// (1366x900) and a phone (390x844).  Each test prints "N passed, N failed".
'use strict';
const { spawn, spawnSync, execSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'tests', 'out');
// the test build (FAZHI_TEST_FAST_HASH works there), as every suite runs
// unless FAZHI_BIN says otherwise (docs/STYLE.md §11)
const FAZHI = path.resolve(ROOT, process.env.FAZHI_BIN || 'build/fazhi-test');
const PW = 'Lishu#2024edu';      // the password users are created with
const PW2 = 'Lishu#2025edu';     // what the first sign-in changes it to
const changed = new Set();       // users whose first password was changed
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let passed = 0, failed = 0;
function check(ok, name, detail) {
  if (ok) { passed++; console.log('ok   ' + name); }
  else { failed++; console.log('FAIL ' + name + (detail ? ': ' + detail : '')); }
  return ok;
}
function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code !== undefined ? code : (failed ? 1 : 0));
}

// Prerequisites: a clear message and one failure when something is missing.
function prerequisites() {
  let chromiumPath = '';
  try { chromiumPath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim(); } catch (e) { /* none */ }
  let playwright = null;
  try { playwright = require(path.join(ROOT, 'node_modules', 'playwright-core')); } catch (e) { /* none */ }
  if (!chromiumPath || !playwright || !fs.existsSync(FAZHI)) {
    if (!chromiumPath) console.log('FAIL chromium not found: install Debian\'s chromium (sh scripts/install-deps.sh)');
    if (!playwright) console.log('FAIL playwright-core not found: run `npm ci` in the repository root (sh scripts/install-deps.sh)');
    if (!fs.existsSync(FAZHI)) console.log('FAIL ' + FAZHI + ' not built: run `make test-quick`');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  return { chromiumPath, playwright };
}

// RFC 6238 TOTP, SHA1, 6 digits, 30 s step, from a base32 secret (spaces
// between the groups of four are ignored).
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

const state = { server: null, browser: null, dataDir: null };
function cleanup() {
  if (state.server && state.server.exitCode === null) { try { state.server.kill('SIGTERM'); } catch (e) { /* gone */ } }
  if (state.dataDir) { try { fs.rmSync(state.dataDir, { recursive: true, force: true }); } catch (e) { /* ignore */ } }
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(1); });

// Run the fazhi command line on the test's data folder.
function cli(args, input) {
  const env = Object.assign({}, process.env, { FAZHI_TEST_FAST_HASH: '1' });
  return spawnSync(FAZHI, ['--data', state.data].concat(args), { env, encoding: 'utf8', input });
}

// A fresh demo county, the users [{username, name, org, roles}] added with
// the test password, the server started.  Returns { base, otp }.
async function startServer(users) {
  fs.mkdirSync(OUT, { recursive: true });
  state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-browser-'));
  state.data = path.join(state.dataDir, 'data');
  const init = cli(['init', '--demo']);
  const m = /一次性密码：(\S+)/.exec(init.stdout || '');
  if (!check(init.status === 0 && m, 'init --demo prints the one-time password', init.stderr)) return null;
  for (const u of users || []) {
    const r = cli(['user', 'add', '--username', u.username, '--name', u.name, '--org', u.org,
                   '--roles', u.roles, '--password-stdin'], PW + '\n');
    check(r.status === 0, `user ${u.username} added`, r.stderr);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = Object.assign({}, process.env, { FAZHI_TEST_FAST_HASH: '1' });
  state.server = spawn(FAZHI, ['--data', state.data, 'serve', '--listen', `127.0.0.1:${port}`],
                       { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverErr = '';
  state.server.stderr.on('data', d => { serverErr += d; });
  state.server.stdout.on('data', () => {});
  const up = await waitHealthy(base, 10000);
  if (!check(up, 'server answers /healthz', serverErr)) return null;
  return { base, otp: m[1] };
}

async function launch() {
  const { chromiumPath, playwright } = prerequisites();
  state.browser = await playwright.chromium.launch({
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return state.browser;
}

// A new browser context (its own cookies) at viewport vp, collecting
// console errors and CSP violations into ctx.errors.
async function newContext(vp) {
  const context = await state.browser.newContext({ viewport: vp, locale: 'zh-CN' });
  context.errors = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', e => {
      console.error('CSP ' + e.violatedDirective + ' ' + (e.blockedURI || ''));
    });
  });
  context.on('page', page => {
    page.on('console', msg => { if (msg.type() === 'error') context.errors.push(msg.text()); });
    page.on('pageerror', err => context.errors.push('pageerror: ' + err.message));
  });
  return context;
}

// Sign in as user with password pw; change a first password to PW2, enrol
// TOTP when asked (returns the secret).  Ends on the home page.
// The TOTP codes already used per secret: the server refuses a code used
// once (replay), so a second sign-in within the same 30 s step waits for
// the next code -- a wait for a clock step, not for a speed.
const usedCodes = new Map();
async function freshCode(page, secret) {
  if (Math.floor(Date.now() / 1000) % 30 >= 28) await page.waitForTimeout(2500);
  let code = totp(secret);
  for (let i = 0; i < 40 && usedCodes.get(secret) === code; i++) {
    await page.waitForTimeout(1000);
    code = totp(secret);
  }
  usedCodes.set(secret, code);
  return code;
}

async function signIn(page, base, user, pw, secret) {
  if (changed.has(user)) pw = PW2;
  await page.goto(base + '/login');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', pw);
  if (secret) {
    await page.fill('input[name=totp]', await freshCode(page, secret));
  }
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  if (new URL(page.url()).pathname === '/password') {
    await page.fill('input[name=old_password]', pw);
    await page.fill('input[name=new_password]', PW2);
    await page.fill('input[name=new_password2]', PW2);
    await Promise.all([page.waitForLoadState('load'), page.click('main button.primary')]);
    changed.add(user);
  }
  if (new URL(page.url()).pathname === '/totp') {
    secret = (await page.locator('main code.secret').first().innerText()).replace(/\s+/g, '');
    await page.fill('input[name=code]', await freshCode(page, secret));
    await Promise.all([page.waitForLoadState('load'), page.click('main button.primary')]);
  }
  return secret;
}

// Layout facts of the page as shown: elements reaching past the viewport,
// list columns (or card values) narrower than four characters, short
// labels (badges, row actions, buttons) broken over lines.
async function layoutFacts(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out = { vw, scrollWidth: document.documentElement.scrollWidth, wide: [], narrow: [], broken: [] };
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
    for (const el of document.querySelectorAll('body *')) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.position === 'absolute' && cs.clip !== 'auto') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > vw + 1 && out.wide.length < 10) out.wide.push(`${name(el)} right=${Math.round(r.right)}`);
    }
    for (const t of document.querySelectorAll('table.list')) {
      const asTable = getComputedStyle(t).display === 'table';
      const cells = asTable ? t.querySelectorAll('thead th') : t.querySelectorAll('tbody td');
      for (const c of cells) {
        const cs = getComputedStyle(c);
        if (cs.display === 'none') continue;
        const fs = parseFloat(cs.fontSize);
        const w = c.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        if (w < 4 * fs - 1 && out.narrow.length < 10) {
          out.narrow.push(`${(c.getAttribute('data-label') || c.textContent).trim().slice(0, 12)} ${Math.round(w)}px < 4×${fs}px`);
        }
      }
    }
    for (const el of document.querySelectorAll('.tag, td.act a, td.act button, .btn, button, td.code, td.nowrap, .top .who')) {
      if (getComputedStyle(el).display === 'none') continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
      if (lines > 1 && out.broken.length < 10) out.broken.push(`${name(el)} "${el.textContent.trim().slice(0, 20)}" on ${lines} lines`);
    }
    return out;
  });
}

// Check the layout facts of the page open in page under the name label and
// keep a full-page screenshot tests/out/<shot>.png.
async function checkLayout(page, label, shot) {
  const f = await layoutFacts(page);
  check(f.scrollWidth <= f.vw, `${label}: page no wider than the viewport (${f.vw}px)`,
        `scrollWidth ${f.scrollWidth}; ${f.wide.join('; ')}`);
  check(f.wide.length === 0, `${label}: no element reaches past the viewport`, f.wide.join('; '));
  check(f.narrow.length === 0, `${label}: no list column narrower than four characters`, f.narrow.join('; '));
  check(f.broken.length === 0, `${label}: badges, actions and buttons stay on one line`, f.broken.join('; '));
  if (shot) await page.screenshot({ path: path.join(OUT, shot + '.png'), fullPage: true });
  return f;
}

// Run main(), then close everything and print the result line.
function run(main, seconds) {
  const watchdog = setTimeout(() => {
    console.log(`FAIL timed out after ${seconds} s`); failed++; cleanup(); finish(1);
  }, seconds * 1000);
  main()
    .catch(e => { check(false, 'unexpected error', e && e.stack ? e.stack : String(e)); })
    .finally(async () => {
      clearTimeout(watchdog);
      if (state.browser) { try { await state.browser.close(); } catch (e) { /* ignore */ } }
      cleanup();
      finish();
    });
}

// Take step verb on the open record page with the given field values (a
// step other than the usual next one is opened from 其他操作 first).
// Returns the state tag's text after.
async function step(page, verb, values) {
  const form = page.locator(`form.step[action$="/${verb}"]`);
  if (!check(await form.count() === 1, `the page offers step ${verb}`)) return '';
  if (!(await form.isVisible())) await page.click('details.more > summary');
  for (const [k, v] of Object.entries(values)) {
    const el = form.locator(`[name=${k}]`);
    if ((await el.evaluate(e => e.tagName)) === 'SELECT') await el.selectOption(v);
    else await el.fill(v);
  }
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  return (await page.locator('main .tag').first().innerText()).trim();
}

// The value shown beside label in the record's facts, or null.
async function fact(page, label) {
  return page.evaluate(l => {
    for (const dt of document.querySelectorAll('dl.facts dt')) {
      if (dt.textContent.trim() === l) return dt.nextElementSibling.textContent.trim();
    }
    return null;
  }, label);
}

module.exports = {
  ROOT, OUT, PW, DESKTOP, PHONE, check, cli, startServer, launch, newContext, signIn,
  layoutFacts, checkLayout, run, totp, step, fact,
};
