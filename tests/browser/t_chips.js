// t_chips.js -- a report paragraph edited with figure chips (issue 22 item 4).
//
// On a fresh `init --demo` county the 法规股 opens a paragraph of the 2024
// report from the report page: every figure of its text shows as a chip
// with its Chinese name and the page's visible text has no {{ or }}.  One
// chip is removed with its ×, text is typed, and a figure is inserted by
// its name from the searchable list; the textarea the form posts follows
// every change (the ×, Backspace, the list by mouse or keyboard, a chip's
// wordings edited beside their conditions in words).  Saved, the stored text has the placeholders of the chips
// left and the new {{vp.rate|…}} at the caret, and the report says the
// figure's value.  On a phone the controls are 44 px targets and the
// editor fits the screen.  Without script the page is the plain textarea.
// Screenshots: tests/out/browser-chips-*.png.  Last line: "N passed, N failed".
'use strict';
const path = require('path');
const L = require('./lib');
const { check, OUT } = L;

const USERS = [{ username: 'fagui', name: 'fagui', org: '梨树县教育局', roles: 'legal' }];

async function signIn(base, vp) {
  const context = await L.newContext(vp);
  const page = await context.newPage();
  await L.signIn(page, base, 'fagui', L.PW);
  return { context, page };
}

// The number of placeholders in text.
function nMarks(text) {
  return (text.match(/\{\{/g) || []).length;
}

// The box of every element matched, as [w, h].
async function sizes(loc) {
  return loc.evaluateAll(es => es.filter(e => e.offsetParent).map(e => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.width), Math.round(r.height)];
  }));
}

async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  await L.launch();
  const { context, page } = await signIn(base, { width: 1280, height: 900 });

  // the paragraph that states the 法治副校长 figures, found by its text
  const rep = await (await page.request.get(base + '/api/v1/reports/2024?as_of=2024-11-15')).json();
  const rule = /\{\{[^|}]*\|[^|}]*\|[^}]*\}\}/;     // a placeholder with wording rules
  const blk = rep.blocks.find(b => b.kind === 'para' && nMarks(b.body) >= 2 && !b.body.includes('{{vp.rate') &&
                                   rule.test(b.body));
  if (!check(!!blk, 'a paragraph with two figures or more, one with wording rules', JSON.stringify(rep.blocks.map(b => b.body)).slice(0, 300))) return;
  const figs = (await (await page.request.get(base + '/api/v1/figures?year=2024&as_of=2024-11-15')).json()).items;
  const vp = figs.find(f => f.key === 'vp.rate');

  await page.goto(base + '/reports?year=2024');
  await Promise.all([page.waitForNavigation(), page.locator(`#b${blk.seq} a.edit`).click()]);
  await page.waitForSelector('.chips[data-ready="1"]', { timeout: 10000 });
  const ta = page.locator('textarea[name=body]');
  const ed = page.locator('.chips-ed');
  check(!(await ta.isVisible()) && (await ed.isVisible()), 'the textarea gives way to the chip editor');
  check((await ta.inputValue()) === blk.body, 'the textarea still holds the stored text');
  check((await ed.locator('.chip').count()) === nMarks(blk.body), `each of the ${nMarks(blk.body)} placeholders is a chip`);
  let seen = await page.locator('body').innerText();
  check(!seen.includes('{{') && !seen.includes('}}'), 'the page shows no {{ or }}', seen.slice(0, 400));
  check(!/[a-z]+\.[a-z_]+/.test(await ed.innerText()), 'no figure key in the editor');
  const names = await ed.locator('.chip-t').allInnerTexts();
  check(names.every(n => /[\u4e00-\u9fff]/.test(n)), 'every chip shows a Chinese name', names.join(' / '));
  await page.screenshot({ path: path.join(OUT, 'browser-chips-desktop.png'), fullPage: true });

  // remove the first chip with its ×
  const first = ed.locator('.chip:not(.rule)').first();
  const raw = await first.getAttribute('data-raw');
  const name = await first.locator('.chip-t').innerText();
  await first.locator(`button[aria-label="删除“${name}”"]`).click();
  let want = blk.body.replace(raw, '');
  check((await ta.inputValue()) === want, 'removing a chip takes its placeholder out of the text');
  check((await ed.locator('.chip').count()) === nMarks(blk.body) - 1, 'one chip fewer');

  // a chip with wording rules: its wordings edited beside their conditions in words
  const rc = ed.locator('.chip.rule').first();
  const rRaw = await rc.getAttribute('data-raw');
  await rc.locator('.chip-t').click();
  const panel = page.locator('.chips-rule');
  const fields = panel.locator('textarea');
  const nAlt = rRaw.slice(2, -2).split('|').length - 2;
  check((await fields.count()) === nAlt, `one field per wording (${nAlt})`);
  const conds = await panel.locator('label').allInnerTexts();
  check(conds.every(c => /^[\u4e00-\u9fff]/.test(c) && !/[=<>!]/.test(c)) && conds[conds.length - 1] === '其他情况',
        'each condition said in words, the last 其他情况', conds.join(' / '));
  check(!(await panel.innerText()).includes('{{'), 'the panel shows no {{');
  await page.screenshot({ path: path.join(OUT, 'browser-chips-rule.png') });
  await fields.last().fill((await fields.last().inputValue()) + '（测试）');
  await panel.locator('button:text-is("确定")').click();
  want = want.replace(rRaw, rRaw.slice(0, -2) + '（测试）}}');
  check((await ta.inputValue()) === want, 'the new wording is written into its placeholder', await ta.inputValue());
  check((await page.locator('.chips-rule').count()) === 0, 'the panel closes');

  // type at the end and insert 法治副校长配备率 by its name
  await ed.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('测试插入');
  await page.click('button:text-is("插入数据项")');
  await page.fill('.chips-search', '配备率');
  const shown = await page.locator('.chips-list li:not([hidden])').allInnerTexts();
  check(shown.length >= 1 && shown.every(t => t.includes('配备率')), 'the search keeps the figures named 配备率', shown.join(' / '));
  await page.locator('.chips-list li:not([hidden]) button', { hasText: vp.label }).first().click();
  want += '测试插入{{vp.rate|' + vp.label + '}}';
  check((await ta.inputValue()) === want, 'the inserted chip is {{vp.rate|…}} at the caret', await ta.inputValue());
  check((await ed.locator('.chip-t').last().innerText()) === vp.label, `the new chip reads ${vp.label}`);
  seen = await page.locator('body').innerText();
  check(!seen.includes('{{'), 'still no {{ on the page');
  // Backspace after a chip takes it out whole; the list inserts it again by keyboard
  await page.keyboard.press('Backspace');
  check((await ta.inputValue()) === want.slice(0, want.lastIndexOf('{{')), 'Backspace removes the chip before the caret');
  await page.click('button:text-is("插入数据项")');
  await page.keyboard.type(vp.label);
  await page.keyboard.press('Enter');
  check((await ta.inputValue()) === want, 'Enter in the search inserts the first figure found', await ta.inputValue());

  // save: the stored text is the chips' placeholders
  await Promise.all([page.waitForNavigation(), page.click('main button.primary')]);
  check((await page.locator('.notice.ok').first().innerText()).length > 0, 'saved');
  const rep2 = await (await page.request.get(base + '/api/v1/reports/2024?as_of=2024-11-15')).json();
  const b2 = rep2.blocks.find(b => b.seq === blk.seq);
  check(b2 && b2.body === want, 'the stored text has the right placeholders', b2 && b2.body);
  check((await page.locator(`#b${blk.seq}`).innerText()).includes('测试插入' + vp.text),
        `the report says the inserted figure's value (${vp.text})`);

  // without script the form is the textarea with the text as it is
  const html = await (await page.request.get(base + `/reports/2024/blocks/${blk.seq}?org=${rep.org_id}`)).text();
  check(/<textarea id='f-body' name='body'[^>]* data-chips='[^']*'>[^<]*\{\{vp\.rate\|/.test(html),
        'the page sends the textarea (data-chips) with the placeholders');
  check(context.errors.length === 0, 'no console error or CSP violation', context.errors.join('\n'));

  // a phone: 44 px targets, nothing wider than the screen
  const ph = await signIn(base, L.PHONE);
  await ph.page.goto(base + `/reports/2024/blocks/${blk.seq}?org=${rep.org_id}`);
  await ph.page.waitForSelector('.chips[data-ready="1"]', { timeout: 10000 });
  await ph.page.click('button:text-is("插入数据项")');
  const small = [].concat(await sizes(ph.page.locator('.chip-x')), await sizes(ph.page.locator('.chips-add')),
                          await sizes(ph.page.locator('.chips-list button')), await sizes(ph.page.locator('.chips-search')))
    .filter(([, h]) => h < 44);
  check(small.length === 0, 'every chip control is at least 44 px high on a phone', JSON.stringify(small.slice(0, 5)));
  const rs = await sizes(ph.page.locator('.chip.rule .chip-t'));
  check(rs.length > 0 && rs.every(([, h]) => h >= 44), 'a rule chip\'s name is a 44 px target');
  const xs = await sizes(ph.page.locator('.chip-x'));
  check(xs.length > 0 && xs.every(([w]) => w >= 44), 'each × is at least 44 px wide');
  const over = await ph.page.evaluate(() => document.querySelector('.chips').getBoundingClientRect().right - window.innerWidth);
  check(over <= 0, 'the editor fits the phone screen', String(over));
  await ph.page.screenshot({ path: path.join(OUT, 'browser-chips-phone.png'), fullPage: true });
  check(ph.context.errors.length === 0, 'no console error on the phone', ph.context.errors.join('\n'));
}

L.run(main, 150);
