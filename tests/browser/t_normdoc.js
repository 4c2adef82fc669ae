// t_normdoc.js -- one 规范性文件 in a real browser, from submission through
// 合法性审核 and a revision round to registration and publication (issue 18).
//
// On a fresh `init --demo` county a 法规股 user submits the draft for review
// by the demo county's 法律顾问 with the new-record form (the due date is
// derived in working days), takes it, returns it for revision, takes the
// resubmitted draft (round 2) and passes it; the 规范性文件 is entered
// naming the review, its 登记公布 step is shown disabled with the reason
// while the review is open, then registered: it gets its number from the
// declared numbering and a visitor without an account finds it on
// /public/normdocs/list.  The adviser's page lists the review.
// Screenshots: tests/out/browser-normdoc-*.png.  Last line: "N passed, N failed".
'use strict';
const path = require('path');
const L = require('./lib');
const { check, step, fact } = L;

const USERS = [
  { username: 'fagui', name: '孙法规', org: '法规股', roles: 'legal' },
];



async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  await L.launch();
  const ctx = await L.newContext(L.DESKTOP);
  const page = await ctx.newPage();
  page.on('dialog', d => d.accept());
  await L.signIn(page, base, 'fagui', L.PW);

  // 送审: the draft to the 法律顾问
  const title = '《梨树县中小学生课后服务管理办法》送审稿';
  await page.goto(base + '/reviews/new');
  await page.selectOption('select[name=office_id]', { label: '基础教育股' });
  await page.fill('input[name=title]', title);
  await page.selectOption('select[name=kind]', 'normdoc');
  await page.fill('input[name=doc_ref]', '基础教育股2026-11-02送审稿');
  await page.selectOption('select[name=reviewer]', 'adviser');
  await page.selectOption('select[name=adviser_id]', { label: '孙立军' });
  await page.fill('input[name=submitted_on]', '2026-11-02');
  await Promise.all([page.waitForLoadState('load'), page.click('main form button.primary')]);
  const m = /\/reviews\/(\d+)/.exec(new URL(page.url()).pathname);
  if (!check(m, 'the review is submitted and its page opens', page.url())) return;
  const rid = m[1];
  check((await page.locator('main .tag').first().innerText()).trim() === '送审', 'state 送审');
  check(await fact(page, '审核期限') === '2026年11月16日', 'due 10 working days after 送审',
        await fact(page, '审核期限'));

  // 审核 → 退回修改 → 重新送审 → 审核 → 通过
  check(await step(page, 'take', {}) === '审核中', '开始审核');
  check(await step(page, 'return', { opinion_text: '第九条收费标准无依据，请删除', reviewed_on: '2026-11-05' })
        === '退回修改', '退回修改');
  check(await step(page, 'resubmit', { submitted_on: '2026-11-09', doc_ref: '基础教育股2026-11-09修改稿' })
        === '送审', '重新送审');
  check(await fact(page, '送审轮次') === '2', 'round 2', await fact(page, '送审轮次'));
  check(await fact(page, '审核期限') === '2026年11月23日', 'a new due date for round 2',
        await fact(page, '审核期限'));
  check(await step(page, 'take', {}) === '审核中', '开始审核 again');

  // the 规范性文件 naming the review: gated while the review is open
  await page.goto(base + '/normdocs/new');
  await page.selectOption('select[name=office_id]', { label: '基础教育股' });
  await page.fill('input[name=title]', '梨树县中小学生课后服务管理办法');
  await page.selectOption('select[name=review_id]', { label: title });
  await Promise.all([page.waitForLoadState('load'), page.click('main form button.primary')]);
  const n = /\/normdocs\/(\d+)/.exec(new URL(page.url()).pathname);
  if (!check(n, 'the 规范性文件 is entered and its page opens', page.url())) return;
  const nid = n[1];
  const gated = await page.locator('form.step[action$="/issue"]').innerHTML();
  check(gated.includes('disabled') && gated.includes('登记公布前须有通过的合法性审核'),
        '登记公布 is disabled with the reason while the review is open');

  await page.goto(base + `/reviews/${rid}`);
  check(await step(page, 'pass', { opinion: 'amend', opinion_text: '删除第九条后合法', reviewed_on: '2026-11-12' })
        === '通过', '审核通过');

  // 登记公布: numbered and published
  await page.goto(base + `/normdocs/${nid}`);
  check(await step(page, 'issue', { published_on: '2026-11-20', valid_until: '2031-11-19' }) === '已公布',
        '登记公布');
  check(await fact(page, '文号') === '梨教规〔2026〕1号', 'the declared number', await fact(page, '文号'));
  await page.screenshot({ path: path.join(L.OUT, 'browser-normdoc-record.png'), fullPage: true });

  // the adviser's page lists the review
  await page.goto(base + '/advisers');
  await Promise.all([page.waitForLoadState('load'), page.click('main table a:has-text("孙立军")')]);
  check((await page.locator('main').innerText()).includes(title), "the adviser's page lists the review");

  // a visitor finds it in the public list
  const anon = await L.newContext(L.PHONE);
  const pa = await anon.newPage();
  await pa.goto(base + '/public/normdocs/list');
  const text = await pa.locator('main, body').first().innerText();
  check(text.includes('梨教规〔2026〕1号') && text.includes('梨树县中小学生课后服务管理办法'),
        'published on /public/normdocs/list', text.slice(0, 200));
  await L.checkLayout(pa, 'phone: the public list', 'browser-normdoc-public');
  check(ctx.errors.length === 0 && anon.errors.length === 0, 'no console errors or CSP violations',
        ctx.errors.concat(anon.errors).join('; '));
}

L.run(main, 240);
