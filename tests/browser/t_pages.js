// t_pages.js -- the pages a bureau worker uses, as they look on a desktop
// (1366x900) and a phone (390x844): the audit log for an auditor, the
// working-day calendar as month grids with the administrator's day form,
// lists as cards on a phone, the 个人中心 menu with sessions and 退出其他会话,
// the role greeting and the navigation of a school user.  Each page is
// checked for layout facts (nothing wider than the viewport, no list column
// narrower than four characters, badges and actions on one line) and kept
// as a screenshot in tests/out/pages-*.png.  Last line: "N passed, N failed".
'use strict';
const path = require('path');
const L = require('./lib');
const { check } = L;

const USERS = [
  { username: 'shenji', name: '王审计', org: '1', roles: 'auditor' },
  { username: 'fagui', name: '赵法规', org: '法规股', roles: 'legal' },
  { username: 'xiaoxue', name: '李老师', org: '梨树县第一实验小学', roles: 'school' },
];

// Internal codes that must never reach the audit page.
const INTERNAL = [/\bcreate\b/, /\bupdate\b/, /\blogin(_failed)?\b/, /\buser \d+/, /\borg \d+/,
                  /\bsession \d+/, /cli:/, /\{"/, /\bschool\b/, /\bkindergarten\b/, /parent_id/];

async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  await L.launch();

  // The administrator signs in (first password, TOTP) and makes changes
  // the audit log then shows: an org renamed, a calendar day added.
  const admin = await L.newContext(L.DESKTOP);
  const pa = await admin.newPage();
  const secret = await L.signIn(pa, base, 'admin', srv.otp);
  check(new URL(pa.url()).pathname === '/', 'admin lands on the home page', pa.url());
  await pa.goto(base + '/orgs/7/edit');
  const oldName = await pa.inputValue('input[name=name]');
  await pa.fill('input[name=name]', oldName + '（新校区）');
  await Promise.all([pa.waitForLoadState('load'), pa.click('main button.primary')]);

  // 1. the audit log, for the auditor
  for (const [vp, tag] of [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']]) {
    const ctx = await L.newContext(vp);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'shenji', L.PW);
    await p.goto(base + '/audit');
    check((await p.locator('main h1').innerText()) === '审计日志', `${tag}: audit page opens for the auditor`);
    const text = await p.locator('main').innerText();
    const leaks = INTERNAL.filter(re => re.test(text)).map(String);
    check(leaks.length === 0, `${tag}: audit page shows no internal code`, leaks.join(' ') + ' in ' + text.slice(0, 300));
    check(/系统管理员/.test(text) && /梨树县教育局/.test(text), `${tag}: audit page names who (name, unit, role)`);
    check(text.includes('机构名称：') && text.includes(oldName) && text.includes('（新校区）'),
          `${tag}: audit page lists the change field by field (机构名称：原值 → 新值)`);
    check(/\d{4}-\d\d-\d\d \d\d:\d\d/.test(text), `${tag}: audit page shows when`);
    if (vp === L.DESKTOP) {
      // the time stays on one line
      const lines = await p.evaluate(() => {
        const td = document.querySelector('table.audit tbody td');
        const range = document.createRange(); range.selectNodeContents(td);
        return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
      });
      check(lines === 1, 'desktop: audit time on one line', String(lines));
      // filters are Chinese choices plus a date range
      const opts = await p.locator('select[name=action] option').allInnerTexts();
      check(opts.includes('新增') && opts.includes('修改') && !opts.includes('create'), 'audit 操作 filter offers Chinese choices', opts.join(','));
      await p.selectOption('select[name=action]', { label: '修改' });
      await p.selectOption('select[name=entity]', { label: '机构' });
      await Promise.all([p.waitForLoadState('load'), p.click('form.toolbar button[type=submit]')]);
      const total = await p.locator('.total').innerText();
      check(/共 1 条/.test(total), 'audit filter 修改 + 机构 finds the rename', total);
      const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
      await p.goto(base + `/audit?from=2020-01-01&to=2020-12-31`);
      check(/共 0 条/.test(await p.locator('.total').innerText()), 'audit date range 2020 finds nothing');
      await p.goto(base + `/audit?from=${today}&to=${today}&action=update`);
      check(!/共 0 条/.test(await p.locator('.total').innerText()), 'audit date range today finds the rename');
      // export of the filtered list
      const [dl] = await Promise.all([p.waitForEvent('download'), p.click('a[href^="/audit/export"]')]);
      const file = path.join(L.OUT, 'pages-audit.xlsx');
      await dl.saveAs(file);
      const head = require('fs').readFileSync(file).subarray(0, 2).toString();
      check(head === 'PK' && /\.xlsx$/.test(dl.suggestedFilename()), 'audit 导出 Excel gives a workbook', dl.suggestedFilename());
      await p.goto(base + '/audit');
    }
    await L.checkLayout(p, `${tag} audit`, `pages-audit-${tag}`);
    await ctx.close();
  }

  // 2. the working-day calendar: month grids, the notice once, the years,
  // the administrator's day form (audited)
  await pa.goto(base + '/calendar?year=2025');
  {
    const grids = await pa.locator('section.month table.month').count();
    check(grids === 12, 'calendar 2025 shows twelve month grids', String(grids));
    const text = await pa.locator('main').evaluate(m => {
      const tables = Array.from(m.querySelectorAll('table.month'));
      tables.forEach(t => { t.style.display = 'none'; });
      const s = m.innerText;
      tables.forEach(t => { t.style.display = ''; });
      return s;
    });
    check(/国庆节/.test(text) && /春节/.test(text), 'calendar names the holidays');
    check((text.match(/依据：/g) || []).length === 1 && /国办发明电〔2024〕12号/.test(text),
          'calendar names the source notice once');
    const raw = /\boff\b|\bwork\b|https?:|\t|文号未查到|#/.exec(text);
    check(!raw, 'calendar shows no raw file (off/work, tabs, URLs, notes)', raw && JSON.stringify(text.slice(Math.max(0, raw.index - 40), raw.index + 40)));
    const oct1 = await pa.locator('#m10 td.off').count();
    const work = await pa.locator('td.work').count();
    check(oct1 >= 7 && work >= 4, 'calendar marks holidays and 调休 make-up workdays', `${oct1} off in October, ${work} work`);
    const years = await pa.locator('nav.years a').allInnerTexts();
    check(['2024年', '2025年', '2026年'].every(y => years.includes(y)), 'calendar switches between 2024, 2025, 2026', years.join(','));
    await pa.click('nav.years a:has-text("2026年")');
    check((await pa.locator('main h2').first().innerText()).startsWith('2026年'), 'calendar opens 2026');
    // the day form: all errors named, then a correction saved and audited
    await pa.fill('input[name=day]', '2026-12-31');
    await pa.selectOption('select[name=kind]', 'off');
    await pa.fill('input[name=note]', '按县政府通知更正');
    await Promise.all([pa.waitForLoadState('load'), pa.click('form.dayform button.primary')]);
    const err = await pa.locator('form.dayform .field.has-err .err').allInnerTexts();
    check(err.some(e => /事由/.test(e)), 'day form: a missing 事由 is named under its field', err.join('|') + ' ' + pa.url() + ' ' + (await pa.locator('main').innerText()).slice(0, 200));
    await pa.fill('input[name=day]', '2026-12-31');
    await pa.selectOption('select[name=kind]', 'off');
    await pa.fill('input[name=reason]', '元旦调休');
    await pa.fill('input[name=note]', '按县政府通知更正');
    await Promise.all([pa.waitForLoadState('load'), pa.click('form.dayform button.primary')]);
    check((await pa.locator('.notice.ok').innerText().catch(() => '')).includes('保存成功'), 'day form: 保存成功 after the redirect');
    check((await pa.locator('#m12 td.off').count()) === 1, 'day form: 2026-12-31 is now a rest day');
    await pa.fill('input[name=day]', '2026-12-30');
    await pa.selectOption('select[name=kind]', 'work');
    await pa.fill('input[name=reason]', '调休上班');
    await pa.fill('input[name=note]', '测试');
    await Promise.all([pa.waitForLoadState('load'), pa.click('form.dayform button.primary')]);
    const werr = await pa.locator('main .notice.err').innerText().catch(() => '');
    check(/周六|周日|星期/.test(werr), 'day form: 调休上班 on a weekday is refused with a reason', werr);
  }
  for (const [vp, tag] of [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']]) {
    await pa.setViewportSize(vp);
    await pa.goto(base + '/calendar?year=2025&date=2025-09-26&n=20');
    check((await pa.locator('main p b').first().innerText()).startsWith('2025-10-30'), `${tag}: calendar still computes due dates`);
    await L.checkLayout(pa, `${tag} 工作日历`, `pages-calendar-${tag}`);
  }
  await pa.setViewportSize(L.DESKTOP);

  // 4. lists on a phone: the org directory and the users as cards
  for (const [vp, tag] of [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']]) {
    await pa.setViewportSize(vp);
    await pa.goto(base + '/orgs');
    await L.checkLayout(pa, `${tag} 机构名录`, `pages-orgs-${tag}`);
    await pa.goto(base + '/users');
    await L.checkLayout(pa, `${tag} 用户管理`, `pages-users-${tag}`);
    if (vp === L.PHONE) {
      const label = await pa.locator('table.list tbody td').first().getAttribute('data-label');
      check(label === '用户名', 'phone: list cells carry their column label', String(label));
      const disp = await pa.locator('table.list tbody tr').first().evaluate(e => getComputedStyle(e).display);
      check(disp === 'block', 'phone: each list row is a card', disp);
    }
  }
  await pa.setViewportSize(L.DESKTOP);

  // 5. forms: the empty 新增用户 form flags every required field at once,
  // in a summary on top that links to each field and beside the field;
  // 保存 and 取消 apart; the whole breadcrumb; 保存成功 after the redirect
  for (const [vp, tag] of [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']]) {
    await pa.setViewportSize(vp);
    await pa.goto(base + '/users/new');
    check((await pa.locator('main .crumb').innerText()).replace(/\s+/g, ' ') === '首页 › 用户管理 › 新增用户',
          `${tag}: 新增用户 breadcrumb shows the whole path`);
    const gap = await pa.evaluate(() => {
      const b = document.querySelector('main form .actions button.primary');
      const c = document.querySelector('main form .actions a.btn');
      if (!b || !c) return -1;
      const rb = b.getBoundingClientRect(), rc = c.getBoundingClientRect();
      return rc.top >= rb.bottom ? rc.top - rb.bottom : rc.left - rb.right;
    });
    check(gap >= 16, `${tag}: 保存 and 取消 set apart`, String(gap));
    await pa.selectOption('select[name=org_id]', '');
    await Promise.all([pa.waitForLoadState('load'), pa.click('main form button.primary')]);
    const links = await pa.locator('main .notice.err a').evaluateAll(as => as.map(a => a.getAttribute('href')));
    check(links.join(',') === '#f-username,#f-name,#f-org_id,#f-roles',
          `${tag}: the summary links to every required field`, links.join(','));
    const beside = await pa.locator('main form .has-err .err').count();
    check(beside === 4, `${tag}: each error beside its field`, String(beside));
    for (const href of links) {
      check(await pa.locator(href).count() === 1, `${tag}: the summary's ${href} is a field on the page`);
    }
    await L.checkLayout(pa, `${tag} 新增用户 with errors`, `pages-user-new-errors-${tag}`);
    if (vp === L.PHONE) {
      // the link takes the user to the field
      await pa.click('main .notice.err a[href="#f-org_id"]');
      const seen = await pa.locator('#f-org_id').evaluate(e => {
        const r = e.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
      check(seen, 'phone: a summary link brings its field into view');
      await pa.fill('input[name=username]', 'ＢＲＯＷＳＥＲ１');
      await pa.fill('input[name=name]', '表单测试');
      await pa.selectOption('select[name=org_id]', { label: '梨树县教育局' });
      await pa.check('input[name=role][value=inspector]');
      await pa.fill('input[name=password]', 'Forms#Pass2026');
      await Promise.all([pa.waitForLoadState('load'), pa.click('main form button.primary')]);
      check(/\/users\/\d+\/edit$/.test(new URL(pa.url()).pathname), 'phone: the saved user opens', pa.url());
      check((await pa.locator('main .notice.ok').innerText()) === '保存成功', 'phone: 保存成功 after the redirect');
      check((await pa.locator('main').innerText()).includes('browser1'), 'phone: the login name was folded and lower-cased');
      await L.checkLayout(pa, 'phone 编辑用户', 'pages-user-edit-phone');
    }
  }
  await pa.setViewportSize(L.DESKTOP);

  // 6. the school user: no 系统管理 group, greeting names the role
  for (const [vp, tag] of [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']]) {
    const ctx = await L.newContext(vp);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'xiaoxue', L.PW);
    const groups = await p.locator('nav#nav .nav-group').allInnerTexts();
    check(!groups.includes('系统管理'), `${tag}: a 学校填报员 sees no 系统管理 group`, groups.join(','));
    const hrefs = await p.locator('nav#nav a').evaluateAll(as => as.map(a => a.getAttribute('href')));
    check(!hrefs.some(h => /^\/(users|audit)/.test(h)), `${tag}: no administrator page in a school user's menu`, hrefs.join(','));
    await L.checkLayout(p, `${tag} school home`, `pages-school-home-${tag}`);
    await ctx.close();
  }
  {
    const ctx = await L.newContext(L.DESKTOP);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'fagui', L.PW);
    const main = await p.locator('main').innerText();
    check(/您的角色：法规股工作人员/.test(main), 'the greeting names the role 法规股工作人员', main.slice(0, 120));
    check((await p.locator('header.top .who-role').innerText()).includes('法规股工作人员'), 'the top bar names the role');

    // 个人中心: the menu, the sessions, 退出其他会话
    const other = await L.newContext(L.DESKTOP);
    const po = await other.newPage();
    await L.signIn(po, base, 'fagui', L.PW);
    await p.click('header.top details.me summary');
    check(await p.locator('.me-menu a[href="/me"]').isVisible(), '个人中心 menu opens from the top bar');
    await Promise.all([p.waitForLoadState('load'), p.click('.me-menu a[href="/me"]')]);
    check((await p.locator('main h1').innerText()) === '个人中心', '个人中心 page opens');
    const rows = await p.locator('table.list tbody tr').count();
    check(rows === 2, '个人中心 lists both signed-in sessions', String(rows));
    check((await p.locator('table.list').innerText()).includes('本会话'), '个人中心 marks this session');
    await L.checkLayout(p, 'desktop 个人中心', 'pages-me-desktop');
    p.once('dialog', d => d.accept());
    await Promise.all([p.waitForLoadState('load'), p.click('main button.danger')]);
    check((await p.locator('.notice.ok').innerText()).includes('已退出其他 1 个会话'), '退出其他会话 ends the other session');
    check((await p.locator('table.list tbody tr').count()) === 1, 'one session left');
    await po.goto(base + '/');
    check(new URL(po.url()).pathname === '/login', 'the other browser is signed out');
    await p.setViewportSize(L.PHONE);
    await p.reload();
    await L.checkLayout(p, 'phone 个人中心', 'pages-me-phone');
    await other.close();
    await ctx.close();
  }
  // the auditor sees the calendar correction day by day
  {
    const ctx = await L.newContext(L.DESKTOP);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'shenji', L.PW);
    await p.goto(base + '/audit?entity=calendar');
    const text = await p.locator('main table').innerText();
    check(text.includes('2026-12-31：') && text.includes('平常日') && text.includes('放假（元旦调休）')
          && text.includes('修改说明：按县政府通知更正'), 'audit shows the calendar day changed, with the reason', text.slice(0, 300));
    await ctx.close();
  }
  // the auditor sees the logout_others entry in Chinese
  {
    const ctx = await L.newContext(L.DESKTOP);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'shenji', L.PW);
    await p.goto(base + '/audit?action=logout_others');
    const text = await p.locator('main table').innerText();
    check(text.includes('退出其他会话') && text.includes('赵法规') && text.includes('结束的会话数：1'),
          'audit shows 退出其他会话 with who and how many', text.slice(0, 200));
    await ctx.close();
  }
  // TOTP secret in groups of four (admin's enrolment already used it)
  check(typeof secret === 'string' && /^[A-Z2-7]{16,}$/.test(secret), 'admin enrolled TOTP from the grouped secret');

  const errs = [].concat(admin.errors).filter(e => !/favicon|422/.test(e));
  check(errs.length === 0, 'no console error or CSP violation', errs.join(' | '));
}

L.run(main, 240);
