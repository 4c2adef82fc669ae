// t_schools.js -- a school's 学校填报员 on a phone (390x844) keeps a
// campus-safety item up to date: finds the school's 2024 视频监控 item in
// the list (cards on a phone), marks it 未达标 with what is lacking, takes
// a photo (file input) as evidence on the record page and sees it listed
// and downloadable; then opens 达标情况, where the school now lacks the
// item.  The bureau's 局领导 sees the same gap on a desktop.  Layout facts
// are checked on every page; screenshots tests/out/schools-*.png.  Last
// line: "N passed, N failed".
'use strict';
const L = require('./lib');
const { check } = L;

const USERS = [
  { username: 'xiaoxue', name: '李老师', org: '梨树县第一实验小学', roles: 'school' },
  { username: 'lingdao', name: '张局长', org: '1', roles: 'leader' },
];

// A small JPEG header and body: enough for the server's type check.
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-camera-east-gate'.repeat(40))]);

async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  await L.launch();

  const ctx = await L.newContext(L.PHONE);
  const p = await ctx.newPage();
  await L.signIn(p, base, 'xiaoxue', L.PW);
  await p.goto(base + '/check-items?year=2024&item=video');
  const total = await p.locator('.total').first().innerText();
  check(/共 1 /.test(total), 'phone: the school sees its one 2024 视频监控 item', total);
  await L.checkLayout(p, 'phone: checklist list', 'schools-phone-list');
  const href = await p.locator('table.list tbody a[href^="/check-items/"]').first().getAttribute('href');
  const id = (/\/check-items\/(\d+)/.exec(href || '') || [])[1];
  check(!!id, 'the row links to the record', href);

  // mark it 未达标 with what is lacking
  await p.goto(base + `/check-items/${id}/edit`);
  await p.selectOption('select[name=status]', { label: '未达标' });
  await p.fill('[name=note]', '东门摄像头损坏');
  await Promise.all([p.waitForLoadState('load'), p.click('main button.primary')]);
  let text = await p.locator('main').innerText();
  check(text.includes('保存成功') && text.includes('未达标') && text.includes('东门摄像头损坏'),
        'phone: the item saved as 未达标 with the note', text.slice(0, 300));

  // a photo as evidence
  const input = p.locator('input[type=file][name=file]');
  check(await input.count() === 1, 'phone: the record page offers the upload');
  const accept = await input.getAttribute('accept');
  check(/image\//.test(accept || ''), 'the upload takes photos', accept);
  await input.setInputFiles({ name: '东门.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await Promise.all([p.waitForLoadState('load'), p.click('form[enctype] button[type=submit]')]);
  text = await p.locator('main').innerText();
  // the SM3 is kept under the 技术信息 fold (#22): in the page, not in the way
  const tech = await p.locator('ul.evidence details.tech').first().textContent().catch(() => '');
  check(text.includes('保存成功') && text.includes('东门.jpg') && !/SM3/.test(text) &&
        /技术信息/.test(text) && /SM3 [0-9a-f]{64}/.test(tech),
        'phone: the photo is listed, its SM3 under 技术信息', text.slice(0, 400) + ' | ' + tech);
  await L.checkLayout(p, 'phone: checklist record with evidence', 'schools-phone-record');
  const link = await p.locator('ul.evidence a').first().getAttribute('href');
  const r = await p.request.get(base + link);
  const body = Buffer.from(await r.body());
  check(r.status() === 200 && body.equals(PHOTO), 'the photo downloads unchanged', String(r.status()));

  // 达标情况: the school now lacks the item
  await p.goto(base + '/compliance?as_of=2024-12-31');
  text = await p.locator('main').innerText();
  check(text.includes('视频监控：未达标（东门摄像头损坏）') && text.includes('梨树县第一实验小学'),
        'phone: 达标情况 names what the school lacks', text.slice(0, 400));
  check(!text.includes('梨树县第二实验小学'), 'phone: only the own school');
  await L.checkLayout(p, 'phone: 达标情况', 'schools-phone-compliance');

  // the leader on a desktop sees the gap among the county's schools
  const lctx = await L.newContext(L.DESKTOP);
  const lp = await lctx.newPage();
  await L.signIn(lp, base, 'lingdao', L.PW);
  await lp.goto(base + '/compliance?as_of=2024-12-31');
  text = await lp.locator('main').innerText();
  check(/视频监控达标率\s+100%\s+89\/89/.test(text) === false && /88\/89/.test(text),
        'desktop: the rate of 视频监控 among 中小学 is 88/89', text.slice(0, 600));
  check(text.includes('有缺项的学校（1 所）'), 'desktop: one school with a gap', text.slice(0, 600));
  await L.checkLayout(lp, 'desktop: 达标情况', 'schools-desktop-compliance');
  await lp.goto(base + '/assessment?year=2024');
  text = await lp.locator('main').innerText();
  check(text.includes('普法 60 分（占 60%）'), 'desktop: 年度考核 states the 普法 share', text.slice(0, 300));
  await L.checkLayout(lp, 'desktop: 年度考核', 'schools-desktop-assessment');
  check(ctx.errors.length === 0 && lctx.errors.length === 0, 'no console errors or CSP violations',
        ctx.errors.concat(lctx.errors).join('; '));
}

L.run(main, 150);
