// t_registers.js -- the pages the register kernel generates, as a bureau
// worker meets them on a desktop (1366x900) and a phone (390x844): every
// page of the administrator's navigation and every register's new form
// fit the screen (no element past the viewport, no list column narrower
// than four characters, buttons on one line); a form with three bad codes
// names all three at once in a summary on top and beside each field; the
// breadcrumb shows the whole path; a lower-case 统一社会信用代码 is saved
// upper-cased with 保存成功; the org list reads in the one order (股室
// before schools, 第一 < 第二 < 第十); the edit form can move an org.
// Screenshots: tests/out/registers-*.png.  Last line: "N passed, N failed".
'use strict';
const L = require('./lib');
const { check } = L;

// The path of a page as a screenshot name: /orgs/new -> orgs-new.
function shotName(href) {
  return href.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '') || 'home';
}

async function main() {
  const srv = await L.startServer([]);
  if (!srv) return;
  const { base } = srv;
  await L.launch();
  const ctx = await L.newContext(L.DESKTOP);
  const p = await ctx.newPage();
  await L.signIn(p, base, 'admin', srv.otp);

  // 1. every page of the navigation, and the new form of every register
  // listed there, on both screens
  const links = await p.locator('nav#nav a').evaluateAll(as => as.map(a => a.getAttribute('href')));
  const forms = [];
  for (const href of links) {
    await p.goto(base + href);
    if (await p.locator(`main a[href="${href}/new"]`).count()) forms.push(href + '/new');
  }
  check(forms.includes('/orgs/new') && forms.includes('/advisers/new'),
        'the registers in the navigation offer their new forms', forms.join(' '));
  for (const [vp, tag] of [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']]) {
    await p.setViewportSize(vp);
    for (const href of links.concat(forms)) {
      const res = await p.goto(base + href);
      check(res && res.status() === 200, `${tag} ${href}: 200`, res ? String(res.status()) : 'no response');
      await L.checkLayout(p, `${tag} ${href}`, `registers-${shotName(href)}-${tag}`);
    }
  }
  await p.setViewportSize(L.DESKTOP);

  // 2. the org form: the whole breadcrumb, three bad codes named at once
  await p.goto(base + '/orgs/new');
  const crumb = (await p.locator('main .crumb').innerText()).replace(/\s+/g, ' ');
  check(crumb === '首页 › 机构名录 › 新增机构', 'breadcrumb shows the whole path', crumb);
  await p.fill('input[name=name]', '梨树县第十一实验小学');
  await p.fill('input[name=code]', '91350100M000100Y4Z');   // wrong check character
  await p.fill('input[name=region]', '99999');              // five digits
  await p.fill('input[name=school_code]', '12345');         // five digits
  await Promise.all([p.waitForLoadState('load'), p.click('main button.primary')]);
  const summary = await p.locator('main .notice.err li').allInnerTexts();
  check(summary.length === 3, 'three bad codes: three problems in the summary', summary.join(' | '));
  check(['统一社会信用代码', '区划代码', '学校标识码'].every(l => summary.some(s => s.startsWith(l))),
        'the summary names each field by its label', summary.join(' | '));
  const beside = await p.locator('main .field.has-err .err').count();
  check(beside === 3, 'each error stands beside its field', String(beside));
  check((await p.inputValue('input[name=name]')) === '梨树县第十一实验小学', 'what was typed is kept');
  const href = await p.locator('main .notice.err li a').first().getAttribute('href');
  check(/^#f-/.test(href || ''), 'a summary line links to its field', String(href));
  await p.screenshot({ path: require('path').join(L.OUT, 'registers-org-errors.png'), fullPage: true });

  // values are normalised before they are checked: lower case and
  // full-width digits are accepted and stored as the code is written
  await p.fill('input[name=code]', '９１３５０１００m０００１００y４３');
  await p.fill('input[name=region]', '220322');
  await p.fill('input[name=school_code]', '');
  await Promise.all([p.waitForURL(u => /^\/orgs\/[0-9]+$/.test(u.pathname)), p.click('main button.primary')]);
  check((await p.locator('main .notice.ok').innerText().catch(() => '')).includes('保存成功'),
        '保存成功 after the redirect');
  const facts = await p.locator('main dl.facts').innerText();
  check(facts.includes('91350100M000100Y43'), 'the code is stored upper-cased, digits folded', facts);
  const newId = new URL(p.url()).pathname.split('/').pop();

  // 3. one order: the bureau's 股室 before its schools, 第一 < 第二 < 第十 < 第十一
  const col = label => p.locator(`table.list tbody td[data-label="${label}"]`).allInnerTexts();
  await p.goto(base + '/orgs');
  const kinds = await col('类别');
  const firstOffice = kinds.findIndex(k => k.trim() === '股室'),
        firstSchool = kinds.findIndex(k => k.trim() === '学校'),
        lastOffice = kinds.map(k => k.trim()).lastIndexOf('股室');
  check(firstOffice >= 0 && firstSchool > lastOffice, '股室 before schools on the first page',
        `${firstOffice} ${lastOffice} ${firstSchool}`);
  await p.goto(base + '/orgs?q=' + encodeURIComponent('实验小学'));
  const names = await col('机构名称');
  const at = n => names.findIndex(x => x.trim() === n);
  const first = at('梨树县第一实验小学'), second = at('梨树县第二实验小学'),
        eleventh = at('梨树县第十一实验小学');
  check(first >= 0 && second > first && eleventh > second, '第一 < 第二 < 第十一 in the list',
        `${first} ${second} ${eleventh} of ${names.join(',')}`);

  // 4. the edit form moves an org under another parent
  await p.goto(base + `/orgs/${newId}/edit`);
  const parents = await p.locator('select[name=parent_id] option').allInnerTexts();
  check(parents.length > 100, 'the edit form offers 上级机构 choices', String(parents.length));
  const target = parents.find(t => t.includes('梨树县第一实验小学'));
  await p.selectOption('select[name=parent_id]', { label: target });
  await Promise.all([p.waitForURL(u => /^\/orgs\/[0-9]+$/.test(u.pathname)), p.click('main button.primary')]);
  check((await p.locator('main dl.facts').innerText()).includes('梨树县第一实验小学'),
        'the org now stands under 梨树县第一实验小学');
  // the refused form answers 422 (what the browser reports); nothing else
  const errors = ctx.errors.filter(e => !/status of 422/.test(e));
  check(errors.length === 0, 'no script or console errors', errors.join('; '));
}

L.run(main, 300);
