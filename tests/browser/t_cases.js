// t_cases.js -- case pages that lead, plain Chinese, phone details (#22
// items 3, 4, 5), walked from the home page by what the screen shows:
//  - the administrator opens 行政许可办件 from the navigation and adds an
//    application: 受理机关 starts at the user's unit, 收件日期 at today, a
//    bad 统一社会信用代码 gives one error, not two;
//  - the case page: the usual next step (受理) is the one primary action,
//    its date starts at today, the other steps wait behind 「其他操作」,
//    empty facts are hidden, the review limit reads 受理审查期限 before
//    受理 (no 承诺期限 yet) and 法定期限 after it; the step says what it
//    did (「已受理，当前状态：审查中」);
//  - the applicant's lookup without an account: a timeline of the case
//    and a link to rate the service, the number carried over; on a phone
//    the rating's choices keep their labels on one line;
//  - on a phone: a list's 查看/编辑 are at least 44 × 44 px;
//  - every page the administrator's navigation reaches (and the first
//    record of each list) shows no ASCII identifier, field key or
//    template markup ({{) in its visible text;
//  - expired 法治副校长 appointments are marked 已期满 and not offered as
//    speakers;
//  - the administrator removes the demo county from the home page's link,
//    confirming once; the home page then no longer marks demo data.
// Screenshots: tests/out/cases-*.png.  Last line: "N passed, N failed".
'use strict';
const L = require('./lib');
const { check } = L;

// What may stand in Latin letters on a page: file formats and units a
// person knows (导出 Excel, Word/PDF, 20 MB), and the SM3 name of the
// 国密 hash where the page explains what it checked.
const ALLOWED = new Set(['Excel', 'CSV', 'PDF', 'Word', 'WPS', 'JPG', 'JPEG', 'PNG', 'WebP', 'HEIC',
  'MP4', 'MOV', 'AVI', 'KB', 'MB', 'GB', 'SM3', 'docx', 'xlsx', 'TB',
  // the extension of a file's own name as uploaded (校门和围墙.png)
  'pdf', 'png', 'jpg', 'jpeg', 'webp', 'heic', 'mp4', 'mov', 'avi',
  // a login name is what its owner types to sign in (the user list shows it)
  'admin']);

// The Latin tokens of text that are identifiers or words (a record number
// such as XK2024-000010 or LSFZ-2023-001, all capitals and digits, is a
// number a person reads off paper and passes).
function leaks(text) {
  const out = [];
  if (text.includes('{{') || text.includes('}}')) out.push('{{');
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_.\-]*/g)) {
    const t = m[0].replace(/[.\-]+$/, '');
    if (ALLOWED.has(t)) continue;
    if (/^[A-Z0-9\-]+$/.test(t)) continue;            // codes and record numbers
    out.push(t);
  }
  return [...new Set(out)];
}

function today() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

async function go(page, fn) {
  await Promise.all([page.waitForLoadState('load'), fn()]);
}

async function main() {
  const srv = await L.startServer([]);
  if (!srv) return;
  const { base } = srv;
  await L.launch();
  const ctx = await L.newContext(L.DESKTOP);
  const p = await ctx.newPage();
  p.on('dialog', d => d.accept());
  await L.signIn(p, base, 'admin', srv.otp);

  // ---- a new application, from the navigation ----
  await go(p, () => p.click('nav#nav a:text-is("行政许可办件")'));
  await go(p, () => p.click('main a:text-is("新增行政许可申请")'));
  const org = await p.inputValue('select[name=org_id]');
  const orgText = await p.locator('select[name=org_id] option:checked').innerText();
  check(org !== '' && /教育局/.test(orgText), '受理机关 starts at the user\'s own unit', orgText);
  check(await p.inputValue('input[name=received_on]') === today(), '收件日期 starts at today');
  await p.selectOption('select[name=item_id]', { index: 1 });
  await p.selectOption('select[name=applicant_kind]', { label: '单位' });
  await p.fill('input[name=applicant]', '梨树县启明幼儿园');
  await p.fill('input[name=uscc]', '91310115591693856B');
  await p.fill('textarea[name=materials]', '申请书\n园舍证明');
  await go(p, () => p.click('main form button.primary'));
  const errs = await p.locator('.field.has-err').count();
  const summary = await p.locator('.notice.err li').allInnerTexts();
  check(errs === 1 && summary.length === 1 && /统一社会信用代码/.test(summary[0]),
        'a bad 统一社会信用代码 gives one error, beside its field', `${errs}: ${summary.join(' | ')}`);
  await p.fill('input[name=uscc]', '91310115591693856A');
  await go(p, () => p.click('main form button.primary'));
  check(/^\/permits\/\d+$/.test(new URL(p.url()).pathname), 'the application is saved', p.url());

  // ---- the case page leads ----
  const primaries = await p.locator('main button.primary:visible').allInnerTexts();
  check(primaries.length === 1 && primaries[0] === '受理', 'one primary action: 受理', primaries.join(','));
  check((await p.locator('section.next h2').innerText()) === '下一步：受理', '下一步：受理 is named');
  const acceptDate = await p.inputValue('section.next input[name=accepted_on]');
  check(acceptDate === today(), 'the step\'s date starts at today', acceptDate);
  check(!(await p.locator('details.more').getAttribute('open') !== null) &&
        (await p.locator('details.more form.step[action$="/notify"]').count()) === 1 &&
        !(await p.locator('form.step[action$="/notify"]').isVisible()),
        '补正告知 waits behind 其他操作');
  const facts = await p.locator('dl.facts').first().innerText();
  check(!/决定日期|送达日期|办结日期|延期理由/.test(facts), 'facts of steps not taken are hidden', facts);
  const dls = await p.locator('dl.deadlines').innerText();
  check(/受理审查期限/.test(dls) && !/法定期限|承诺期限|送达期限/.test(dls),
        'before 受理 the limit reads 受理审查期限 (no 承诺期限, no 送达期限 yet)', dls);
  check(!(await p.locator('dl.facts dt').allInnerTexts()).includes('状态'),
        'the state is the tag on top, not again among the facts');
  await L.checkLayout(p, 'desktop case page', 'cases-permit-desktop');
  // the other actions: opened, destructive apart at the end
  await p.click('details.more > summary');
  const zone = await p.locator('details.more .danger-zone button.danger').count();
  check(zone === 1, '作废 sits apart, last, in its own zone');
  const number = (await p.locator('main h1').innerText()).trim();
  let code = '';
  for (const dt of await p.locator('dl.facts dt').all()) {
    if ((await dt.innerText()).trim() === '查询码') code = (await dt.locator('xpath=following-sibling::dd[1]').innerText()).trim();
  }
  check(/^XK\d{4}-\d+$/.test(number) && code.length > 0, 'the number and check code are on the page', number + ' ' + code);
  await go(p, () => p.click('section.next button.primary'));
  const notice = await p.locator('.notice.ok').innerText().catch(() => '');
  check(notice === '已受理，当前状态：审查中', 'the step says what it did', notice);
  const dls2 = await p.locator('dl.deadlines').innerText();
  check(/法定期限/.test(dls2) && /承诺期限/.test(dls2) && !/受理审查期限/.test(dls2),
        'after 受理 the limits read 法定期限 and 承诺期限', dls2);
  const next2 = await p.locator('section.next h2').innerText();
  check(next2 === '下一步：准予许可', 'the next usual step is 准予许可', next2);

  // ---- the applicant's lookup: a timeline and the rating ----
  for (const [vp, tag] of [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']]) {
    const pub = await L.newContext(vp);
    const q = await pub.newPage();
    await q.goto(base + '/public/permits');
    check((await q.locator('h1').count()) === 1, `${tag}: the lookup has one title`);
    await q.fill('input[name=number]', number);
    await q.fill('input[name=code]', code);
    await go(q, () => q.click('form button[type=submit]'));
    const tl = await q.locator('ol.timeline li').allInnerTexts();
    check(tl.length === 2 && /收到申请/.test(tl[0]) && /受理/.test(tl[1]) && /\d{4}年\d{1,2}月\d{1,2}日/.test(tl[0]),
          `${tag}: the lookup shows the case's timeline`, tl.join(' | '));
    await L.checkLayout(q, `${tag} public lookup`, `cases-lookup-${tag}`);
    await go(q, () => q.click('a:text-is("行政许可服务评价")'));
    check(await q.inputValue('input[name=number]') === number, `${tag}: the rating link carries the number over`);
    const broken = await q.evaluate(() => Array.from(document.querySelectorAll('form.rate fieldset label')).filter(l => {
      // the label's words (its text, not the radio button beside them)
      const t = Array.from(l.childNodes).find(n => n.nodeType === 3 && n.textContent.trim());
      const range = document.createRange(); range.selectNodeContents(t);
      return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size > 1;
    }).map(l => l.textContent.trim()));
    const btn = await q.locator('form.rate button[type=submit]').boundingBox();
    check(btn && btn.height >= 44, `${tag}: 提交评价 is a touch target`, JSON.stringify(btn));
    check(broken.length === 0, `${tag}: the rating's choices keep their labels on one line`, broken.join(','));
    await L.checkLayout(q, `${tag} rating form`, `cases-rate-${tag}`);
    await pub.close();
  }

  // ---- a phone: list actions are touch targets ----
  await p.setViewportSize(L.PHONE);
  await p.goto(base + '/permits');
  const small = await p.evaluate(() => Array.from(document.querySelectorAll('table.list td.act a')).map(a => {
    const r = a.getBoundingClientRect(); return [a.textContent, Math.round(r.width), Math.round(r.height)];
  }).filter(x => x[1] < 44 || x[2] < 44));
  check(small.length === 0, 'phone: 查看/编辑 are at least 44 × 44 px', JSON.stringify(small.slice(0, 3)));
  await L.checkLayout(p, 'phone permit list', 'cases-list-phone');
  await p.goto(base + `/permits`);
  await go(p, () => p.locator('table.list td.act a:text-is("查看")').first().click());
  await L.checkLayout(p, 'phone case page', 'cases-permit-phone');
  await p.setViewportSize(L.DESKTOP);

  // ---- no codes on screen: every page of the administrator's navigation ----
  await p.goto(base + '/');
  const links = await p.$$eval('nav#nav a', as => as.map(a => a.getAttribute('href')));
  const queue = links.slice(), seen = new Set(), bad = [];
  while (queue.length) {
    const u = queue.shift();
    if (seen.has(u) || !u.startsWith('/')) continue;
    seen.add(u);
    const resp = await p.goto(base + u);
    if (!resp || resp.status() >= 400) { bad.push(`${u}: HTTP ${resp && resp.status()}`); continue; }
    const text = await p.locator('body').innerText();
    const found = leaks(text);
    if (found.length) bad.push(`${u}: ${found.slice(0, 8).join(' ')}`);
    if (links.includes(u)) {
      const first = await p.$$eval('table.list tbody td a', as => as.slice(0, 1).map(a => a.getAttribute('href')));
      for (const f of first) if (f && /^\/[a-z-]+\/\d+$/.test(f)) queue.push(f);
    }
  }
  check(seen.size > 30, 'the scan reached every page of the navigation and a record of each list', String(seen.size));
  check(bad.length === 0, 'no page shows an identifier, field key or {{ markup', bad.join('\n     '));

  // ---- expired appointments: marked, and no longer offered as a speaker ----
  // (the demo's terms end 2026-08-31)
  await go(p, () => p.click('nav#nav a:text-is("法治副校长聘任")'));
  const expired = await p.locator('table.list .tag:text-is("已期满")').count();
  check(expired > 0, 'expired appointments are marked 已期满 in the list', String(expired));
  await go(p, () => p.locator('table.list td.act a:text-is("查看")').first().click());
  check((await p.locator('main .tag').first().innerText()) === '已期满', '... and on the record page');
  await p.goto(base + '/activities/new');
  const speakers = await p.locator('select[name=speaker_id] option').count();
  check(speakers === 1, 'an expired appointment is not offered as a speaker', String(speakers));

  // ---- the demo county removed by the administrator, from the home page ----
  await go(p, () => p.click('nav#nav a:text-is("工作台")'));
  await go(p, () => p.click('main a:text-is("查看或移除示例数据")'));
  check(/行政许可办件/.test(await p.locator('main table.list').innerText()), 'the page lists what goes');
  await L.checkLayout(p, 'desktop demo page', 'cases-demo-desktop');
  await p.check('input[name=confirm]');
  await go(p, () => p.click('main button.danger'));
  const gone = await p.locator('.notice.ok').innerText().catch(() => '');
  check(/^已移除示例数据：机构\d+个/.test(gone), 'the removal says what went', gone);
  await go(p, () => p.click('nav#nav a:text-is("工作台")'));
  check(!(await p.locator('main').innerText()).includes('示例数据'), 'the home page no longer marks demo data');
  await go(p, () => p.click('nav#nav a:text-is("行政许可办件")'));
  check(/共 0 条/.test(await p.locator('.total').innerText()), 'no demo application is left');
  await ctx.close();
}

L.run(main, 900);
