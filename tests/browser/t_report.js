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
const path = require('path');
const L = require('./lib');
const { check, OUT } = L;

const USERS = [
  { username: 'fagui', name: 'fagui', org: '梨树县教育局', roles: 'legal' },
  { username: 'juzhang', name: 'juzhang', org: '梨树县教育局', roles: 'leader' },
];

// Sign in as user in a new context (lib.signIn: first password change and,
// when the server asks for it, TOTP enrolment), accepting the data-confirm
// prompts.  Returns the page on the home page.
async function signIn(base, user) {
  const context = await L.newContext({ width: 1280, height: 900 });
  const page = await context.newPage();
  page.on('dialog', d => d.accept());          // data-confirm prompts
  page.on('pageerror', err => check(false, 'no page error', err.message));
  await L.signIn(page, base, user, L.PW);
  check(new URL(page.url()).pathname === '/', `${user} lands on the dashboard`, page.url());
  return page;
}

async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  const browser = await L.launch();

  // 1. 法规股: the dashboard, a card and its list
  const legal = await signIn(base, 'fagui');
  check((await legal.locator('.chart svg').count()) === 1, 'dashboard: chart drawn by the server');
  await legal.screenshot({ path: path.join(OUT, 'browser-report-dashboard.png'), fullPage: true });
  await Promise.all([legal.waitForLoadState('load'), legal.click('main a:text-is("全部数据项")')]);
  const card = legal.locator('.cards a.card[data-fig="org.schools"]');
  check((await card.locator('.v').innerText()) === '89', 'all figures: 中小学数 89');
  await Promise.all([legal.waitForNavigation(), card.click()]);
  check((await legal.locator('.total').innerText()) === '共 89 条', 'the card opens a list of exactly 89');

  // 2. the report: edit one paragraph, 送审
  await legal.goto(base + '/reports?year=2024');
  const doc = await legal.locator('article.report').innerText();
  check(doc.includes('89所中小学、48所幼儿园'), 'report states the school counts');
  check(doc.includes('共完成跨部门联合检查3次，部门内检查1次'), 'report states the inspections from their records');
  await Promise.all([legal.waitForNavigation(), legal.locator('#b18 a.edit').click()]);
  // the paragraph's text set as its markup (chips.js shows it as chips: t_chips.js edits with them)
  await legal.locator('textarea[name=body]').evaluate((t, v) => { t.value = v; t.dispatchEvent(new Event('input')); },
    '{{year}}年，县教育局在法治政府建设工作虽然取得一定成绩，但也存在薄弱环节。浏览器测试修改。');
  await Promise.all([legal.waitForNavigation(), legal.click('main button.primary')]);
  check((await legal.locator('.notice.ok').first().innerText()).includes('保存成功'), 'saved: 保存成功');
  check((await legal.locator('#b18').innerText()).includes('2024年，县教育局在法治政府建设工作虽然取得一定成绩，但也存在薄弱环节。浏览器测试修改。'),
        'the edited paragraph shows, placeholders rendered');
  // the 版头和版记: 签发人 and 抄送 typed in the form, saved, shown in its summary
  await legal.locator('details.doc-head summary').click();
  await legal.fill('#f-h-signer', '王局长');
  await legal.fill('#f-h-cc', '四平市教育局');
  await Promise.all([legal.waitForNavigation(), legal.click('form[action^="/reports/2024/head"] button')]);
  check((await legal.locator('.notice.ok').first().innerText()).includes('保存成功'), 'head saved: 保存成功');
  check((await legal.locator('details.doc-head summary').innerText()).includes('签发人王局长'),
        'the head summary names the 签发人');
  check((await legal.locator('article.report .doc-record').innerText()).includes('抄送：四平市教育局。'),
        'the 版记 shows the 抄送');
  await legal.locator('details.doc-head summary').click();
  await legal.evaluate(() => { const i = document.querySelector('#f-h-print_date'); i.type = 'text'; i.value = '2025-13-40'; });
  await Promise.all([legal.waitForNavigation(), legal.click('form[action^="/reports/2024/head"] button')]);
  check((await legal.locator('#f-h-print_date').count()) === 1 &&
        (await legal.locator('main').innerText()).includes('印发日期“2025-13-40”无效'),
        'a bad 印发日期 is refused beside its field');
  await legal.goto(base + '/reports?year=2024');
  // the check's findings, if any: a reason for each, or 送审 is refused
  let nReasons = 0;
  for (let k = 0; k < 10; k++) {
    const f = legal.locator('#findings form:has(button:text("记录理由"))').first();
    if ((await f.count()) === 0) break;
    await f.locator('input[name=reason]').fill('抽查记录尚未录入，下一版补入');
    await Promise.all([legal.waitForNavigation(), f.locator('button').click()]);
    nReasons++;
  }
  if (nReasons) check((await legal.locator('#findings').innerText()).includes('法规股说明的理由'), 'reasons recorded');
  await Promise.all([legal.waitForNavigation(), legal.click('form[action^="/reports/2024/submit"] button')]);
  check((await legal.locator('.status').innerText()) === '已送审·待审定', 'state reads as a state: 已送审·待审定');
  check((await legal.locator('.notice.ok').first().innerText()).includes('已送审，待局领导审定'),
        'the notice says what happened and who is next');
  await legal.screenshot({ path: path.join(OUT, 'browser-report-submitted.png'), fullPage: true });

  // 3. 局领导: 审定, 已报送, 已公开
  const lead = await signIn(base, 'juzhang');
  check((await lead.locator('ul.alerts').first().innerText()).includes('待局领导审定') ||
        (await lead.locator('main').innerText()).includes('需要处理'), 'the leader sees what waits');
  await lead.goto(base + '/reports?year=2024');
  await lead.fill('input[name=comment] >> nth=0', '同意报送');
  await Promise.all([lead.waitForNavigation({ timeout: 60000 }),
                     lead.click('form[action^="/reports/2024/approve"] button')]);
  check((await lead.locator('.status').innerText()) === '已审定·待报送', 'state 已审定·待报送');
  check((await lead.locator('.notice.ok').first().innerText()).includes('已审定'), 'notice: 已审定');
  check((await lead.locator('form[action^="/reports/2024/sent"] button').innerText()) === '报送',
        'the button is the action 报送, not the state');
  check((await lead.locator('dd.mono').count()) === 2, 'SM3 of both files shown');
  check(/发文字号梨教发〔\d{4}〕1号/.test(await lead.locator('details.doc-head summary').innerText()),
        'the 发文字号 given at 审定 shows');
  const sheet = await lead.request.get(base + '/reports/2024/sheet');
  check(sheet.status() === 200 && (await sheet.text()).includes('数据底稿'), 'the frozen 数据底稿 opens');
  await Promise.all([lead.waitForNavigation(), lead.click('form[action^="/reports/2024/sent"] button')]);
  check((await lead.locator('.status').innerText()) === '已报送·待公开', 'state 已报送·待公开');
  check((await lead.locator('.notice.ok').first().innerText()).includes('已报送，待向社会公开'), 'notice: 已报送');
  check((await lead.locator('form[action^="/reports/2024/published"] button').innerText()) === '公开',
        'the button is the action 公开');
  await Promise.all([lead.waitForNavigation(), lead.click('form[action^="/reports/2024/published"] button')]);
  check((await lead.locator('.status').innerText()) === '已公开', 'state 已公开');
  check((await lead.locator('.notice.ok').first().innerText()).includes('已向社会公开'), 'notice: 已向社会公开');
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

L.run(main, 150);
