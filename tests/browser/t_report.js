// t_report.js -- the annual report in a real browser, from the dashboard to
// the public page (issue 9).
//
// On a fresh `init --demo` county: 法规股 signs in, sees the dashboard (the
// 中小学数 card says 89 and its list says 共 89 条), opens the 2024 report,
// edits a paragraph, sends it for approval (送审); 局领导 approves it (审定),
// marks it 已报送 and 已公开; a visitor without an account finds it on
// /public/reports and downloads the PDF.  Drives Debian's chromium through
// playwright-core.  Screenshots: tests/out/browser-report-*.png.
// Last line: "N passed, N failed".
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
const FIRST_PW = 'Passw0rd!x';
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

let chromiumPath = '';
try { chromiumPath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim(); } catch (e) { /* none */ }
let playwright = null;
try { playwright = require(path.join(ROOT, 'node_modules', 'playwright-core')); } catch (e) { /* none */ }
if (!chromiumPath || !playwright || !fs.existsSync(FAZHI)) {
  if (!chromiumPath) console.log('FAIL chromium not found: install Debian\'s chromium (sh scripts/install-deps.sh)');
  if (!playwright) console.log('FAIL playwright-core not found: run `npm ci` in the repository root');
  if (!fs.existsSync(FAZHI)) console.log('FAIL ' + FAZHI + ' not built: run `make test-quick`');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// RFC 6238 TOTP (SHA1, 6 digits, 30 s) for a base32 secret.
function totp(secretB32) {
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, val = 0;
  const out = [];
  for (const ch of secretB32.toUpperCase().replace(/[\s=]/g, '')) {
    val = (val << 5) | alpha.indexOf(ch); bits += 5;
    if (bits >= 8) { out.push((val >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const h = crypto.createHmac('sha1', Buffer.from(out)).update(msg).digest();
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

let server = null, browser = null, dataDir = null;
function cleanup() {
  if (server && server.exitCode === null) { try { server.kill('SIGTERM'); } catch (e) { /* gone */ } }
  if (dataDir) { try { fs.rmSync(dataDir, { recursive: true, force: true }); } catch (e) { /* ignore */ } }
}
process.on('exit', cleanup);

// Sign in as user in a new context: first password change and, when the
// server asks for it, TOTP enrolment. Returns the page on the home page.
async function signIn(base, user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('dialog', d => d.accept());          // data-confirm prompts
  page.on('pageerror', err => check(false, 'no page error', err.message));
  await page.goto(base + '/login');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', FIRST_PW);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  if (new URL(page.url()).pathname === '/password') {
    await page.fill('input[name=old_password]', FIRST_PW);
    await page.fill('input[name=new_password]', NEW_PW);
    await page.fill('input[name=new_password2]', NEW_PW);
    await Promise.all([page.waitForNavigation(), page.click('main button.primary')]);
  }
  if (new URL(page.url()).pathname === '/totp') {
    const secret = (await page.locator('main code').first().innerText()).replace(/\s/g, '');
    if (Math.floor(Date.now() / 1000) % 30 >= 28) await page.waitForTimeout(2500);
    await page.fill('input[name=code]', totp(secret));
    await Promise.all([page.waitForNavigation(), page.click('main button.primary')]);
  }
  check(new URL(page.url()).pathname === '/', `${user} lands on the dashboard`, page.url());
  return page;
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-browser-'));
  const data = path.join(dataDir, 'data');
  const env = Object.assign({}, process.env, { FAZHI_TEST_FAST_HASH: '1' });
  const init = spawnSync(FAZHI, ['--data', data, 'init', '--demo'], { env, encoding: 'utf8' });
  check(init.status === 0, 'init --demo', init.stderr);
  for (const [u, roles] of [['fagui', 'legal'], ['juzhang', 'leader']]) {
    const p = spawnSync(FAZHI, ['--data', data, 'user', 'add', '--username', u, '--name', u,
                                '--org', '梨树县教育局', '--roles', roles, '--password-stdin'],
                        { env, encoding: 'utf8', input: FIRST_PW + '\n' });
    check(p.status === 0, `user ${u} (${roles})`, p.stderr);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(FAZHI, ['--data', data, 'serve', '--listen', `127.0.0.1:${port}`],
                 { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    try { up = (await fetch(base + '/healthz')).ok; } catch (e) { await new Promise(r => setTimeout(r, 100)); }
  }
  check(up, 'server answers /healthz');
  if (!up) return;
  browser = await playwright.chromium.launch({
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });

  // 1. 法规股: the dashboard, a card and its list
  const legal = await signIn(base, 'fagui');
  const card = legal.locator('.cards a.card[data-fig="org.schools"]');
  check((await card.locator('.v').innerText()) === '89', 'dashboard: 中小学数 89');
  check((await legal.locator('.chart svg').count()) === 1, 'dashboard: chart drawn by the server');
  await legal.screenshot({ path: path.join(OUT, 'browser-report-dashboard.png'), fullPage: true });
  await Promise.all([legal.waitForNavigation(), card.click()]);
  check((await legal.locator('.total').innerText()) === '共 89 条', 'the card opens a list of exactly 89');

  // 2. the report: edit one paragraph, 送审
  await legal.goto(base + '/reports?year=2024');
  const doc = await legal.locator('article.report').innerText();
  check(doc.includes('89所中小学、48所幼儿园'), 'report states the school counts');
  check(doc.includes('【待补充：跨部门联合检查次数】'), 'report marks missing figures 待补充');
  await Promise.all([legal.waitForNavigation(), legal.locator('#b18 a.edit').click()]);
  await legal.fill('textarea[name=body]', '{{year}}年，县教育局在法治政府建设工作虽然取得一定成绩，但也存在薄弱环节。浏览器测试修改。');
  await Promise.all([legal.waitForNavigation(), legal.click('main button.primary')]);
  check((await legal.locator('.notice.ok').first().innerText()).includes('保存成功'), 'saved: 保存成功');
  check((await legal.locator('#b18').innerText()).includes('2024年，县教育局在法治政府建设工作虽然取得一定成绩，但也存在薄弱环节。浏览器测试修改。'),
        'the edited paragraph shows, placeholders rendered');
  await Promise.all([legal.waitForNavigation(), legal.click('form[action^="/reports/2024/submit"] button')]);
  check((await legal.locator('.status').innerText()) === '送审', 'state 送审');
  await legal.screenshot({ path: path.join(OUT, 'browser-report-submitted.png'), fullPage: true });

  // 3. 局领导: 审定, 已报送, 已公开
  const lead = await signIn(base, 'juzhang');
  check((await lead.locator('ul.alerts').innerText()).includes('待局领导审定') ||
        (await lead.locator('main').innerText()).includes('需要处理'), 'the leader sees what waits');
  await lead.goto(base + '/reports?year=2024');
  await lead.fill('input[name=comment] >> nth=0', '同意报送');
  await Promise.all([lead.waitForNavigation({ timeout: 60000 }),
                     lead.click('form[action^="/reports/2024/approve"] button')]);
  check((await lead.locator('.status').innerText()) === '审定', 'state 审定');
  check((await lead.locator('dd.mono').count()) === 2, 'SM3 of both files shown');
  await Promise.all([lead.waitForNavigation(), lead.click('form[action^="/reports/2024/sent"] button')]);
  check((await lead.locator('.status').innerText()) === '已报送', 'state 已报送');
  await Promise.all([lead.waitForNavigation(), lead.click('form[action^="/reports/2024/published"] button')]);
  check((await lead.locator('.status').innerText()) === '已公开', 'state 已公开');
  await lead.screenshot({ path: path.join(OUT, 'browser-report-published.png'), fullPage: true });

  // 4. the public page, no sign-in
  const anonCtx = await browser.newContext({ locale: 'zh-CN' });
  const anon = await anonCtx.newPage();
  await anon.goto(base + '/public/reports');
  const link = anon.locator('a[href$=".pdf"]');
  check((await link.count()) === 1, 'the public page lists the published report');
  const href = await link.first().getAttribute('href');
  const res = await anon.request.get(base + href);
  const body = await res.body();
  check(res.status() === 200 && body.slice(0, 5).toString() === '%PDF-', 'its PDF downloads without login');
}

const watchdog = setTimeout(() => { console.log('FAIL timed out after 150 s'); failed++; cleanup(); finish(1); }, 150000);
main()
  .catch(e => { check(false, 'unexpected error', e && e.stack ? e.stack : String(e)); })
  .finally(async () => {
    clearTimeout(watchdog);
    if (browser) { try { await browser.close(); } catch (e) { /* ignore */ } }
    cleanup();
    finish();
  });
