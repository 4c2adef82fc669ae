// t_home.js -- the home page per role (#22 items 1, 2), in a real browser on
// a desktop (1366x900) and a phone (390x844), walking from the home page by
// what is on screen only (links and buttons by their visible text, never a
// URL typed in):
//   - 法规股: what waits for it first, the schools without a 法治副校长 as one
//     grouped line that opens the missing schools; next year's checklist
//     template started from the latest in one action;
//   - 局领导: headline figures against their targets, last year labelled; a
//     figure opens what it counts and, for a rate, what is missing;
//   - 审批人员: its own figures (the permits), no school's;
//   - 学校填报员: its own school only; 本年度检查项目 from the menu, saying
//     who makes a missing template;
//   - 系统管理员: the coming year's calendar warning from 1 November (when
//     that year is not built in) leading to the calendar page; the choice of
//     a role's headline figures changed and seen on that role's home.
// Every home is checked for layout and chart labels readable on both sizes;
// screenshots: tests/out/home-<role>-<desktop|phone>.png and the pages walked
// to.  Last line: "N passed, N failed".
'use strict';
const fs = require('fs');
const path = require('path');
const L = require('./lib');
const { check } = L;

const USERS = [
  { username: 'fagui', name: '赵法规', org: '法规股', roles: 'legal' },
  { username: 'juzhang', name: '钱局长', org: '梨树县教育局', roles: 'leader' },
  { username: 'shenpi', name: '孙审批', org: '梨树县教育局', roles: 'approver' },
  { username: 'xiaoxue', name: '李老师', org: '梨树县第一实验小学', roles: 'school' },
];
const SIZES = [[L.DESKTOP, 'desktop'], [L.PHONE, 'phone']];

// Whether the home must warn about the calendar today (Beijing time): this
// year not built in, or from 1 November the next one.
function calendarWarnYear() {
  const now = new Date(Date.now() + 8 * 3600e3);
  const y = now.getUTCFullYear(), m = now.getUTCMonth() + 1;
  const has = yy => fs.existsSync(path.join(L.ROOT, 'data', 'calendar', `${yy}.tsv`));
  if (!has(y)) return y;
  if (m >= 11 && !has(y + 1)) return y + 1;
  return 0;
}

// Click the visible link or button with text (exact or containing) in main,
// opening the phone's menu first when the target is in the navigation.
async function follow(p, text, where) {
  const scope = where || 'main';
  if (scope === 'nav' && await p.locator('.menu-btn').isVisible()) await p.click('.menu-btn');
  const loc = p.locator(`${scope === 'nav' ? 'nav#nav' : 'main'} :is(a, button):has-text("${text}")`).first();
  await Promise.all([p.waitForLoadState('load'), loc.click()]);
}

// The home's facts: sections in order, figure cards, chart label sizes.
async function homeFacts(p) {
  return p.evaluate(() => {
    const main = document.querySelector('main');
    const t = main.innerText;
    const cards = Array.from(main.querySelectorAll('.home-figs .card')).map(c => ({
      text: c.innerText, cls: c.className }));
    // the size a label is drawn at: its font size times the SVG's scale
    const labels = Array.from(main.querySelectorAll('.home-chart svg text')).map(el => ({
      h: parseFloat(el.getAttribute('font-size')) * el.getScreenCTM().a, text: el.textContent }));
    return { t, cards, labels,
             act: t.indexOf('待我处理'), figs: t.indexOf('主要数据'), other: t.indexOf('其他提醒') };
  });
}

// The checks every home keeps, on one size.
async function checkHome(p, who, tag) {
  const f = await homeFacts(p);
  check(f.act >= 0 && f.figs > f.act, `${who} ${tag}: 待我处理 comes before the figures`);
  check(f.other < 0 || f.other > f.figs, `${who} ${tag}: 其他提醒 after the figures`);
  check(f.cards.length >= 1 && f.cards.length <= 8, `${who} ${tag}: a handful of headline figures (${f.cards.length})`);
  check(f.cards.every(c => /目标[≥≤]/.test(c.text) && /上年（\d{4}年）/.test(c.text)),
        `${who} ${tag}: each figure states its target and last year's value labelled`,
        f.cards.map(c => c.text.replace(/\s+/g, ' ')).join(' | '));
  check(f.cards.every(c => /\b(red|amber|green|none)\b/.test(c.cls)), `${who} ${tag}: each figure marked against its target`);
  const small = f.labels.filter(l => l.h < 11);
  check(f.labels.length > 0 && small.length === 0, `${who} ${tag}: chart labels readable (>= 11 px)`,
        small.map(l => `${l.text} ${l.h.toFixed(1)}px`).join('; '));
  check(!/\{\{|[a-z]+\.[a-z_]+/.test(f.t), `${who} ${tag}: no figure key or markup on the home`);
  await L.checkLayout(p, `${who} ${tag} home`, `home-${who}-${tag}`);
  return f;
}

async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  await L.launch();
  const warnYear = calendarWarnYear();
  let adminSecret = null;

  // ---- 系统管理员 ----------------------------------------------------------
  for (const [vp, tag] of SIZES) {
    const ctx = await L.newContext(vp);
    const p = await ctx.newPage();
    const s = await L.signIn(p, base, 'admin', adminSecret ? null : srv.otp, adminSecret);
    if (s) adminSecret = s;
    const f = await checkHome(p, 'admin', tag);
    if (warnYear) {
      const act = await p.locator('section.home-act').innerText();
      check(act.includes(`${warnYear}年节假日安排尚未载入`) && act.includes('暂定'),
            `admin ${tag}: the missing ${warnYear} calendar waits for the administrator`, act.slice(0, 300));
      await follow(p, `${warnYear}年节假日安排尚未载入`);
      check((await p.locator('main h1').innerText()).includes('工作日历'), `admin ${tag}: it leads to the calendar page`);
      await p.screenshot({ path: path.join(L.OUT, `home-admin-calendar-${tag}.png`), fullPage: true });
      await follow(p, '工作台', 'nav');
    } else {
      check(!f.t.includes('节假日安排尚未载入'), `admin ${tag}: no calendar warning while the coming year is loaded`);
    }
    if (vp === L.DESKTOP) {
      // the leader's first figure becomes 中小学数 (target at least 90)
      await follow(p, '调整各角色首页显示的数据项和目标');
      await follow(p, '局领导');
      await p.selectOption('select[name=fig1]', { label: '中小学数' });
      await p.selectOption('select[name=cmp1]', { label: '不低于' });
      await p.fill('input[name=target1]', '90');
      await p.fill('input[name=warn1]', '85');
      await follow(p, '保存');
      check((await p.locator('.notice.ok').innerText().catch(() => '')).includes('已保存'),
            'admin: the leader\'s figures saved, saying so');
      await p.screenshot({ path: path.join(L.OUT, 'home-admin-figures.png'), fullPage: true });
    }
    await ctx.close();
  }

  // ---- 局领导 ---------------------------------------------------------------
  for (const [vp, tag] of SIZES) {
    const ctx = await L.newContext(vp);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'juzhang', L.PW);
    const f = await checkHome(p, 'leader', tag);
    check(f.cards.length > 0 && f.cards[0].text.includes('中小学数') && f.cards[0].text.includes('目标≥90所'),
          `leader ${tag}: the administrator's choice shows first`, f.cards[0] && f.cards[0].text);
    check(f.cards.some(c => /\bamber\b|\bred\b/.test(c.cls)) && f.cards[0].cls.includes('amber'),
          `leader ${tag}: 89 schools against 90 is amber (接近目标)`, f.cards.map(c => c.cls).join(','));
    await follow(p, '法治副校长配备率');
    const t = await p.locator('main').innerText();
    check(t.includes('未计入的') && t.includes('计入的') && t.includes('口径'),
          `leader ${tag}: the rate opens what it counts and what is missing`);
    check(!/暂无记录/.test(t), `leader ${tag}: a rate never says 暂无记录`);
    await L.checkLayout(p, `leader ${tag} figure`, `home-leader-figure-${tag}`);
    await ctx.close();
  }

  // ---- 法规股 ---------------------------------------------------------------
  for (const [vp, tag] of SIZES) {
    const ctx = await L.newContext(vp);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'fagui', L.PW);
    const f = await checkHome(p, 'legal', tag);
    const act = await p.locator('section.home-act').innerText();
    const m = /(\d+)所学校未配备法治副校长/.exec(act);
    const lines = (act.match(/未配备法治副校长/g) || []).length;
    if (m) {
      check(lines === 1, `legal ${tag}: the schools without a 法治副校长 are one line (${m[1]})`);
      await follow(p, `${m[1]}所学校未配备法治副校长`);
      const t = await p.locator('main').innerText();
      const rows = await p.locator('table.missing tbody tr').count();
      check(rows === Number(m[1]), `legal ${tag}: the line opens the ${m[1]} schools missing (${rows})`);
      await p.screenshot({ path: path.join(L.OUT, `home-legal-missing-${tag}.png`), fullPage: false });
      check(t.includes('未计入的'), `legal ${tag}: ... under 未计入的`);
      await follow(p, '工作台', 'nav');
    } else {
      check(lines <= 3, `legal ${tag}: at most 3 single lines of schools without a 法治副校长`);
    }
    const tm = /(\d{4})年度学校检查项目模板尚未制定/.exec(await p.locator('section.home-act').innerText());
    if (vp === L.DESKTOP) {
      check(tm !== null, 'legal: the coming year\'s checklist template waits for the 法规股', f.t.slice(0, 300));
      if (tm) {
        await follow(p, `${tm[1]}年度学校检查项目模板尚未制定`);
        await follow(p, `生成${tm[1]}年度模板`);
        const list = await p.locator('main').innerText();
        check(list.includes(String(tm[1])) && /共\s*\d+\s*[项条]/.test(list),
              `legal: ${tm[1]}'s template made in one action and listed`, list.slice(0, 200));
        await p.screenshot({ path: path.join(L.OUT, 'home-legal-template.png'), fullPage: true });
        await follow(p, '工作台', 'nav');
        const after = await p.locator('main').innerText();
        check(!after.includes(`${tm[1]}年度学校检查项目模板尚未制定`), 'legal: ... and the home no longer asks');
      }
    }
    await ctx.close();
  }

  // ---- 审批人员 -------------------------------------------------------------
  for (const [vp, tag] of SIZES) {
    const ctx = await L.newContext(vp);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'shenpi', L.PW);
    const f = await checkHome(p, 'approver', tag);
    check(f.cards.some(c => c.text.includes('行政许可按时办结率')) && !f.cards.some(c => c.text.includes('法治副校长')),
          `approver ${tag}: the permits' figures, not the schools'`);
    await follow(p, '行政许可按时办结率');
    check((await p.locator('main').innerText()).includes('未计入的'), `approver ${tag}: the rate shows what is missing`);
    await ctx.close();
  }

  // ---- 学校填报员 -----------------------------------------------------------
  for (const [vp, tag] of SIZES) {
    const ctx = await L.newContext(vp);
    const p = await ctx.newPage();
    await L.signIn(p, base, 'xiaoxue', L.PW);
    const f = await checkHome(p, 'school', tag);
    check(f.t.includes('本校') && !f.t.includes('收到行政许可申请数') && !/\d{2,}所学校/.test(f.t),
          `school ${tag}: its own school's figures and alerts only`);
    await follow(p, '本年度检查项目', 'nav');
    const t = await p.locator('main').innerText();
    check(/梨树县第一实验小学/.test(t) && (/共\d+项，已填写\d+项/.test(t) || /法规股/.test(t)),
          `school ${tag}: 本年度检查项目 lists the year's items, or says the 法规股 makes the template`, t.slice(0, 200));
    await L.checkLayout(p, `school ${tag} 本年度检查项目`, `home-school-checks-${tag}`);
    await ctx.close();
  }
}

L.run(main, 600);
