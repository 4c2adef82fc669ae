// t_permit.js -- one 行政许可 application in a real browser, from 收件 to 办结
// with a 补正 round (issue 11 §9), then rated by the applicant.
//
// On a fresh `init --demo` county the 行政审批股's approver files an
// application for 幼儿园设立审批 through the new-record form, takes it through
// 补正告知 → 补正 → 受理 → 准予许可 → 送达 → 办结 with the step forms on its
// page (each confirming), checks the state after each step, the due dates
// and the documents offered, downloads the 准予行政许可决定书 as PDF; the
// case page is checked on a phone; then a visitor without an account rates
// the service on /public/permits/rate with the number and check code.
// Screenshots: tests/out/browser-permit-*.png.  Last line: "N passed, N failed".
'use strict';
const path = require('path');
const L = require('./lib');
const { check, step, fact } = L;

const USERS = [
  { username: 'shenpi', name: '钱审批', org: '行政审批股', roles: 'approver' },
];



async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  await L.launch();
  const ctx = await L.newContext(L.DESKTOP);
  const page = await ctx.newPage();
  page.on('dialog', d => d.accept());          // data-confirm prompts
  await L.signIn(page, base, 'shenpi', L.PW);
  check(new URL(page.url()).pathname === '/', 'the approver lands on the home page', page.url());

  // 收件: the new-record form
  await page.goto(base + '/permits/new');
  await page.selectOption('select[name=item_id]', { label: '幼儿园设立审批' });
  await page.selectOption('select[name=applicant_kind]', 'org');
  await page.fill('input[name=applicant]', '梨树县向日葵幼儿园');
  await page.fill('input[name=uscc]', '91310115591693856A');
  await page.fill('input[name=received_on]', '2026-11-02');
  await page.fill('textarea[name=materials]', '设立申请书\n举办者资格证明');
  await Promise.all([page.waitForLoadState('load'), page.click('main form button.primary')]);
  const m = /\/permits\/(\d+)/.exec(new URL(page.url()).pathname);
  if (!check(m, 'the application is filed and its page opens', page.url())) return;
  const id = m[1];
  const number = await fact(page, '申请编号');
  const code = await fact(page, '查询码');
  check(/^XK2026-\d{6}$/.test(number || ''), 'it has its number', number);
  check(/^\d{8}$/.test(code || ''), 'and an eight-digit check code', code);
  check((await page.locator('main .tag').first().innerText()).trim() === '已收件', 'state 已收件');
  check(await fact(page, '受理审查期限') === '2026年11月9日', '受理/补正告知 due five working days after 收件',
        await fact(page, '法定期限'));

  // 补正告知 → 补正 → 受理
  check(await step(page, 'notify', { notice_on: '2026-11-04', correction: '缺少园舍产权证明' }) === '待补正',
        '补正告知: state 待补正');
  check(await step(page, 'correct', { corrected_on: '2026-11-09' }) === '已收件', '补正: back to 已收件');
  check(await fact(page, '受理审查期限') === '2026年11月16日', 'the 受理 clock restarts from the 补正',
        await fact(page, '法定期限'));
  check(await step(page, 'accept', { accepted_on: '2026-11-10' }) === '审查中', '受理: state 审查中');
  check(await fact(page, '法定期限') === '2026年12月8日', 'statutory due: 20 working days after 受理',
        await fact(page, '法定期限'));
  check(await fact(page, '承诺期限') === '2026年12月1日', 'promised due: 15 working days after 受理',
        await fact(page, '承诺期限'));
  check((await page.locator('main a[href$="/explain"]').count()) === 1, 'the page links the explanation');
  check((await page.locator('main a[href*="/documents/accept?format=pdf"]').count()) === 1,
        'the 受理通知书 is offered');

  // 准予许可 → 送达 → 办结
  check(await step(page, 'grant', { decided_on: '2026-11-20' }) === '准予许可', '准予许可');
  check(await fact(page, '送达期限') === '2026年12月4日', 'delivery due: 10 working days after the decision',
        await fact(page, '送达期限'));
  check(await step(page, 'deliver', { delivered_on: '2026-11-23' }) === '已送达', '送达');
  check(await step(page, 'close', { closed_on: '2026-11-23' }) === '已办结', '办结');
  check((await page.locator('form.step').count()) === 0, 'no step is offered after 办结');
  const links = await page.locator('ul.docs a').evaluateAll(as => as.map(a => a.getAttribute('href')));
  for (const k of ['accept', 'correction', 'grant', 'receipt']) {
    check(links.some(h => h.includes(`/documents/${k}?`)), `document ${k} offered`, links.join(' '));
  }
  check(!links.some(h => h.includes('/documents/deny')), 'no 不予许可决定书 for a granted case');
  const pdf = await page.request.get(base + `/permits/${id}/documents/grant?format=pdf`);
  const body = await pdf.body();
  check(pdf.status() === 200 && body.slice(0, 5).toString() === '%PDF-',
        'the 准予行政许可决定书 downloads as PDF', String(pdf.status()));
  await page.screenshot({ path: path.join(L.OUT, 'browser-permit-case.png'), fullPage: true });

  // the case page on a phone
  const phone = await L.newContext(L.PHONE);
  const pp = await phone.newPage();
  await L.signIn(pp, base, 'shenpi', L.PW);
  await pp.goto(base + `/permits/${id}`);
  await L.checkLayout(pp, 'phone: the case page', 'browser-permit-phone');

  // the applicant rates the service, no account
  const anon = await L.newContext(L.PHONE);
  const pa = await anon.newPage();
  await pa.goto(base + '/public/permits/rate');
  await pa.fill('input[name=number]', number);
  await pa.fill('input[name=code]', code);
  await pa.check('input[name=level][value=satisfied]');
  await Promise.all([pa.waitForLoadState('load'), pa.click('main button[type=submit]')]);
  const text = await pa.locator('main').innerText();
  check(text.includes('感谢您的评价'), 'the applicant rates the service without an account', text.slice(0, 200));
  check(!text.includes('向日葵'), 'the rating page names no applicant');
  await L.checkLayout(pa, 'phone: the rating page', 'browser-permit-rate');
  check(ctx.errors.length === 0 && phone.errors.length === 0 && anon.errors.length === 0,
        'no console errors or CSP violations', ctx.errors.concat(phone.errors, anon.errors).join('; '));
}

L.run(main, 240);
