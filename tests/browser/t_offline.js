// t_offline.js -- an inspection filled on a phone without a network (#21),
// in Chromium at 390 × 844 with the browser's offline mode.
//
// On a fresh demo county two inspectors (张明远, 李秀华, both on the team)
// have two inspections notified for today.  张明远 keeps 今日任务 on the
// phone (service worker, IndexedDB), the measured size is printed; offline
// he fills the whole of record A (every checklist item, the on-site fields,
// the 我要执法 filing number, two photos from the camera input) and one
// result of record B; the browser is closed and reopened on the same
// profile, still offline: the pages open and the badge still counts what
// waits.  Meanwhile 李秀华 changes the same result of B online.  The
// session is gone when the network returns: the queue waits for a fresh
// sign-in.  Then it is sent in order: the first change's reply is lost on
// the way back and the resend gets the kept reply (applied once); the
// first photo's upload is cut half-way and resumes from what the server
// has; B's result is shown as a conflict with both versions and resolved
// with the inspector's choice.  On the server record A is complete and its
// photos are the bytes taken.  The task's documents (检查通知书 ...) are
// listed as 离线可看 and open offline.  B re-assigned on the server while
// the phone is offline: its change is shown as a conflict, not sent, and
// what was typed is kept; signing out then warns that a change waits.
// Past the expiry the tasks go; sign-out removes what the phone kept.
// Last line: "N passed, N failed".
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { execSync } = require('child_process');
const L = require('./lib');
const { check } = L;

const USERS = [
  { username: 'zhangmy', name: '张明远', org: '法规股', roles: 'inspector' },
  { username: 'lixh', name: '李秀华', org: '法规股', roles: 'inspector' },
];

// A real PNG of w × h random pixels (does not compress: about 3·w·h bytes).
function png(w, h) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  crypto.randomFillSync(raw);
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
  const crcTable = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  const crc = b => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (t, d) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(d.length);
    const td = Buffer.concat([Buffer.from(t), d]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

// A JSON API call from page's context (its cookies) with the CSRF token.
let BASE = '';
async function api(page, method, url, body, headers) {
  if (!/^http/.test(url)) url = BASE + url;
  const me = await page.request.get(BASE + '/api/v1/me');
  const tok = me.ok() ? (await me.json()).csrf_token : '';
  const r = await page.request.fetch(url, { method, data: body,
    headers: Object.assign({ 'X-CSRF-Token': tok }, headers || {}) });
  let json = null;
  try { json = await r.json(); } catch (e) { /* not JSON */ }
  return { status: r.status(), json, headers: r.headers() };
}

// The badge's counts on the open page.
async function badge(page) {
  return page.locator('#offline-badge').evaluate(b => ({
    changes: +b.getAttribute('data-changes'), photos: +b.getAttribute('data-photos'),
    conflicts: +b.getAttribute('data-conflicts'), text: b.textContent }));
}
async function waitBadge(page, pred, ms) {
  const end = Date.now() + (ms || 20000);
  let b = null;
  while (Date.now() < end) {
    try { b = await badge(page); if (pred(b)) return b; } catch (e) { /* navigating */ }
    await page.waitForTimeout(200);
  }
  return b;
}

async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  BASE = base;
  const chromiumPath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
  const { chromium } = require(path.join(L.ROOT, 'node_modules', 'playwright-core'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-phone-'));
  const opts = {
    executablePath: chromiumPath, headless: true, viewport: L.PHONE, locale: 'zh-CN', baseURL: base,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  };
  const errors = [];
  const watch = ctx => ctx.on('page', p => {
    p.on('pageerror', e => errors.push('pageerror: ' + e.message));
    p.on('console', m => { if (m.type() === 'error' && !/Failed to load resource|net::ERR/.test(m.text())) errors.push(m.text()); });
  });
  let ctx = await chromium.launchPersistentContext(profile, opts);
  watch(ctx);
  try {
    let page = ctx.pages()[0] || await ctx.newPage();
    page.on('dialog', d => d.accept());
    await L.signIn(page, base, 'zhangmy', L.PW);
    await page.goto(base + '/today');
    check((await page.locator('nav a[href="/today"]').count()) === 1, 'the inspector\'s navigation offers 今日任务');
    const today = await page.locator('#offline').getAttribute('data-from');
    check(/^\d{4}-\d{2}-\d{2}$/.test(today || ''), 'the page names today', today);

    // ---- two inspections notified for today, 张明远 and 李秀华 present ----
    const draws = (await api(page, 'GET', '/api/v1/draws?limit=100')).json.items;
    const people = (await api(page, 'GET', '/api/v1/insp-people?limit=100')).json.items;
    const pid = n => people.find(p => p.name === n).id;
    const recs = [];
    for (const d of draws) {
      if (recs.length === 2) break;
      const tasks = (await api(page, 'GET', `/api/v1/draws/${d.id}/tasks?limit=100`)).json.items;
      for (const t of tasks) {
        if (recs.length === 2) break;
        const r = await api(page, 'POST', '/api/v1/inspections', { task_id: t.id });
        if (r.status !== 201) continue;
        const id = r.json.id;
        await api(page, 'POST', `/api/v1/inspections/${id}/approve`, { approver: '刘国华', approved_on: today });
        await api(page, 'POST', `/api/v1/inspections/${id}/notify`, { notice_on: today, notice_way: '电话通知' });
        const mem = (await api(page, 'GET', `/api/v1/inspections/${id}/members`)).json.items;
        for (const m of mem) {
          if (m.person_id_name !== '张明远' && m.person_id_name !== '李秀华') {
            await api(page, 'DELETE', `/api/v1/inspections/${id}/members/${m.id}`, { reason: '当日另有任务' });
          }
        }
        for (const n of ['张明远', '李秀华']) {
          if (!mem.some(m => m.person_id_name === n)) {
            await api(page, 'POST', `/api/v1/inspections/${id}/members`, { person_id: pid(n), role: n === '张明远' ? 'lead' : 'assist' });
          }
        }
        recs.push(id);
      }
    }
    if (!check(recs.length === 2, 'two inspections notified for today', recs.join(','))) return;
    const [A, B] = recs;
    const resA = (await api(page, 'GET', `/api/v1/inspections/${A}/results`)).json.items;
    const resB = (await api(page, 'GET', `/api/v1/inspections/${B}/results`)).json.items;
    const recA0 = (await api(page, 'GET', `/api/v1/inspections/${A}`)).json;

    // ---- keep the day on the phone ----
    await page.goto(base + '/today');
    await page.click('#offline-keep');
    await page.waitForSelector('#offline-until', { timeout: 20000 });
    const until = await page.locator('#offline-until').innerText();
    check(/2项任务/.test(until) && /可离线使用至\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(until),
          'the page says what is kept and until when', until);
    check((await page.locator('a.offline-task').count()) === 2, 'both tasks listed');
    const worker = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.ready;
      return r.scope;
    });
    check(/\/today$/.test(worker), 'the service worker is ready (scope /today)', worker);
    const kept = await page.evaluate(async () => {
      const open = () => new Promise((res, rej) => { const q = indexedDB.open('fazhi-offline'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
      const d = await open();
      const all = st => new Promise(res => { const q = d.transaction(st).objectStore(st).getAll(); q.onsuccess = () => res(q.result); });
      const tasks = await all('tasks');
      const meta = await all('meta');
      d.close();
      let cache = 0;
      const c = await caches.open('fazhi-offline-v1');
      for (const k of await c.keys()) cache += (await (await c.match(k)).arrayBuffer()).byteLength;
      const est = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate() : {};
      return { json: JSON.stringify(tasks).length + JSON.stringify(meta).length, cache, usage: est.usage || 0, tasks };
    });
    console.log(`size kept for one day (2 tasks): IndexedDB data ${kept.json} bytes, ` +
                `cached pages and assets ${kept.cache} bytes, navigator.storage.estimate usage ${kept.usage} bytes`);
    check(kept.json > 0 && kept.cache > 0, 'the tasks and the pages are kept');
    const keptText = JSON.stringify(kept.tasks);
    check(kept.tasks.every(t => t.results.length > 0 && t.members.length === 2 && t.record.id),
          'each kept task has its record, checklist and inspectors');
    check(!/1[3-9]\d{9}/.test(keptText), 'no unmasked mobile number is kept');

    // ---- offline: the whole of A, one result of B ----
    await ctx.setOffline(true);
    await page.goto(base + '/today/task#' + A);
    await page.waitForSelector('#offline-form');
    check((await page.locator('#offline-task h2').first().innerText()).trim() === recA0.title,
          'offline: the kept task opens', await page.locator('#offline').innerText());
    // the documents to show on site are kept with the task and open offline
    const docs = await page.locator('#offline-docs li').allInnerTexts();
    check(docs.length === 2 && /检查通知书/.test(docs[0]) && docs.every(t => /离线可看/.test(t)),
          'offline: the task lists its documents as 离线可看', docs.join(' | '));
    const pdf = await page.evaluate(async href => {
      const r = await fetch(href);
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...b.slice(0, 5)), n: b.length };
    }, await page.locator('#offline-docs a[data-kind=notice]').getAttribute('href'));
    check(pdf.status === 200 && /application\/pdf/.test(pdf.type) && pdf.head === '%PDF-' && pdf.n > 1000,
          'offline: the kept 检查通知书 opens (a PDF from the phone)', JSON.stringify(pdf));
    for (const [i, x] of resA.entries()) {
      await page.click(`fieldset[data-id="${x.id}"] label.toggle-${i === 0 ? 'fail' : 'ok'}`);
      if (i === 0) await page.fill(`#f-n${x.id}`, '东侧围墙破损一处');
    }
    await page.fill('#f-inspect_on', today);
    await page.fill('#f-time_from', '09:00');
    await page.fill('#f-time_to', '10:30');
    await page.fill('#f-place', '校园及食堂');
    await page.fill('#f-filing_no', 'JLZF2026120800011');
    await page.fill('#f-findings', '校园封闭管理到位；东侧围墙破损一处。');
    await page.selectOption('#f-conclusion', 'problem');
    const photo1 = png(400, 300), photo2 = png(200, 150);
    await page.setInputFiles('#f-photo_file', { name: '现场1.png', mimeType: 'image/png', buffer: photo1 });
    await waitBadge(page, b => b.photos === 1, 5000);
    await page.setInputFiles('#f-photo2_file', { name: '现场2.png', mimeType: 'image/png', buffer: photo2 });
    await waitBadge(page, b => b.photos === 2, 5000);
    check(await page.locator('#f-photo_file').getAttribute('capture') === 'environment' &&
          await page.locator('#f-photo_file').getAttribute('accept') === 'image/*', 'the photo input opens the camera');
    await page.click('#offline-done');
    let b = await waitBadge(page, x => x.changes === resA.length + 1, 5000);
    check(b && b.changes === resA.length + 1 && b.photos === 2,
          `the badge counts ${resA.length + 1} changes and 2 photos waiting`, JSON.stringify(b));
    const withPhotos = await page.evaluate(async () => (await navigator.storage.estimate()).usage || 0);
    console.log(`size with the day's record filled and 2 photos (${photo1.length + photo2.length} bytes) waiting: ` +
                `navigator.storage.estimate usage ${withPhotos} bytes`);
    await page.screenshot({ path: path.join(L.OUT, 'browser-offline-task.png'), fullPage: true });
    await L.checkLayout(page, 'phone, offline: the task page');
    await page.goto(base + '/today/task#' + B);
    await page.waitForSelector('#offline-form');
    await page.click(`fieldset[data-id="${resB[0].id}"] label.toggle-ok`);
    await page.click('#offline-save');
    b = await waitBadge(page, x => x.changes === resA.length + 2, 5000);
    check(b && b.changes === resA.length + 2, 'B\'s result waits too', JSON.stringify(b));

    // ---- the browser closed and reopened, still offline ----
    await ctx.close();
    ctx = await chromium.launchPersistentContext(profile, Object.assign({}, opts, { offline: true }));
    watch(ctx);
    page = ctx.pages()[0] || await ctx.newPage();
    let onDialog = d => d.accept();
    page.on('dialog', d => onDialog(d));
    await page.goto(base + '/today');
    await page.waitForSelector('#offline-badge');
    b = await waitBadge(page, x => x.changes === resA.length + 2, 5000);
    check(b && b.changes === resA.length + 2 && b.photos === 2,
          'reopened offline: the page opens and still counts what waits', JSON.stringify(b));
    await page.screenshot({ path: path.join(L.OUT, 'browser-offline-list.png'), fullPage: true });
    await L.checkLayout(page, 'phone, offline: 今日任务');

    // ---- meanwhile 李秀华 changes B's first result online ----
    await L.launch();
    const other = await L.newContext(L.PHONE);
    const op = await other.newPage();
    await L.signIn(op, base, 'lixh', L.PW);
    const gx = (await api(op, 'GET', `${base}/api/v1/inspections/${B}/results/${resB[0].id}`)).json;
    const ox = await api(op, 'PUT', `${base}/api/v1/inspections/${B}/results/${resB[0].id}`,
                         { result: 'fail', note: '灭火器过期', version: gx.version });
    check(ox.status === 200, '李秀华 changes the same result online', JSON.stringify(ox.json));

    // ---- the network returns; the session has ended meanwhile ----
    await ctx.clearCookies();
    const puts = [], replayed = [];
    let lostOnce = false, cutOnce = false;
    await page.route('**/api/v1/inspections/*/results/*', async route => {
      if (!lostOnce && route.request().method() === 'PUT') {
        lostOnce = true;
        await route.fetch();            // it reaches the server ...
        await route.abort('failed');    // ... and its reply is lost
        return;
      }
      await route.continue();
    });
    await page.route('**/api/v1/uploads/*', async route => {
      const u = new URL(route.request().url());
      if (route.request().method() === 'PUT') {
        puts.push(+u.searchParams.get('offset'));
        if (!cutOnce && +u.searchParams.get('offset') > 0) { cutOnce = true; await route.abort('connectionreset'); return; }
      }
      await route.continue();
    });
    const declared = [];
    page.on('request', r => {
      if (r.method() === 'POST' && /\/api\/v1\/uploads$/.test(r.url())) declared.push((r.postDataJSON() || {}).sm3);
    });
    page.on('response', r => { if (r.headers()['idempotent-replayed'] === 'true') replayed.push(r.url()); });
    await ctx.setOffline(false);
    await page.waitForTimeout(1000);
    if (!(await page.locator('.offline-status .notice.err:not([hidden])').count())) await page.click('#offline-send');
    await page.waitForSelector('.offline-status .notice.err:not([hidden])', { timeout: 10000 });
    b = await badge(page);
    check(b.changes === resA.length + 2, 'session ended: nothing sent, the queue waits for a sign-in', JSON.stringify(b));
    await L.signIn(page, base, 'zhangmy', L.PW);
    await page.goto(base + '/today');
    // the first send loses its reply, the photo is cut: 立即发送 again until
    // only the conflict is left
    for (let i = 0; i < 8; i++) {
      b = await waitBadge(page, x => x.conflicts > 0 || (!x.changes && !x.photos), 3000);
      if (b && (b.conflicts || (!b.changes && !b.photos))) break;
      await page.click('#offline-send');
    }
    b = await waitBadge(page, x => x.conflicts === 1, 20000);
    if (process.env.DEBUG) console.log(JSON.stringify(await page.evaluate(async () => {
      const d = await new Promise(res => { const q = indexedDB.open('fazhi-offline'); q.onsuccess = () => res(q.result); });
      return new Promise(res => { const q = d.transaction('queue').objectStore('queue').getAll(); q.onsuccess = () => res(q.result); });
    })));
    check(b && b.conflicts === 1 && b.changes === 1 && b.photos === 0,
          'all of A sent; B\'s result waits as a conflict', JSON.stringify(b));
    check(lostOnce && replayed.some(u => /\/results\//.test(u)),
          'the change whose reply was lost was sent again and got the kept reply', replayed.join(' '));
    const first = (await api(page, 'GET', `/api/v1/inspections/${A}/results/${resA[0].id}`)).json;
    check(first.version === 2 && first.result === 'fail' && first.note === '东侧围墙破损一处',
          'the change sent twice was applied once (version 2)', JSON.stringify(first));
    const cut = puts.indexOf(262144);
    check(cutOnce && cut >= 0 && puts.lastIndexOf(262144) > cut && puts.filter(o => o === 0).length === 2,
          'the photo upload cut half-way resumed from what had arrived (not from 0)', puts.join(','));

    // ---- the server's record A ----
    const recA = (await api(page, 'GET', `/api/v1/inspections/${A}`)).json;
    check(recA.status === 'inspected' && recA.filing_no === 'JLZF2026120800011' && recA.place === '校园及食堂' &&
          recA.time_from === '09:00' && recA.time_to === '10:30' && recA.conclusion === 'problem' &&
          recA.inspect_on === today && /围墙/.test(recA.findings || ''),
          'record A on the server: inspected, with every field typed offline', JSON.stringify(recA).slice(0, 400));
    const rA = (await api(page, 'GET', `/api/v1/inspections/${A}/results`)).json.items;
    check(rA.every((x, i) => x.result === (i === 0 ? 'fail' : 'ok')), 'every checklist item of A has its result',
          rA.map(x => x.result).join(','));
    const sm3 = b => crypto.createHash('sm3').update(b).digest('hex');
    check(declared.includes(sm3(photo1)) && declared.includes(sm3(photo2)) && recA.photo_file === sm3(photo1) &&
          recA.photo2_file === sm3(photo2), 'each upload declared the photo\'s SM3, checked on arrival',
          declared.join(',') + ' / ' + recA.photo_file);
    for (const [f, bytes] of [['photo_file', photo1], ['photo2_file', photo2]]) {
      const d = await page.request.get(`/api/v1/inspections/${A}/files/${f}`);
      check(d.status() === 200 && Buffer.compare(await d.body(), bytes) === 0, `${f}: the photo taken arrived whole`,
            String(d.status()));
    }

    // ---- the conflict: both versions shown, the inspector chooses ----
    await page.goto(base + '/today/task#' + B);
    const panel = page.locator('.offline-conflict');
    await panel.waitFor({ timeout: 5000 });
    const ptext = await panel.innerText();
    check(/符合/.test(await panel.locator('td.mine').first().innerText()) &&
          /不符合/.test(await panel.locator('td.theirs').first().innerText()),
          'the conflict shows what the inspector typed and what the server has', ptext);
    await L.checkLayout(page, 'phone: the conflict');
    await page.screenshot({ path: path.join(L.OUT, 'browser-offline-conflict.png'), fullPage: true });
    await panel.locator('[data-choice=mine]').click();
    b = await waitBadge(page, x => !x.changes && !x.photos && !x.conflicts, 10000);
    check(b && !b.changes && !b.photos, 'resolved: nothing waits', JSON.stringify(b));
    const bx = (await api(page, 'GET', `/api/v1/inspections/${B}/results/${resB[0].id}`)).json;
    check(bx.result === 'ok' && bx.version === gx.version + 2, 'the inspector\'s choice is on the server', JSON.stringify(bx));

    // ---- re-assigned while offline: B's inspectors change on the server ----
    await page.goto(base + '/today');
    await page.click('#offline-keep');
    await page.waitForFunction(() => /已保存/.test(document.querySelector('.offline-net').textContent), null, { timeout: 20000 });
    await ctx.setOffline(true);
    await page.goto(base + '/today/task#' + B);
    await page.waitForSelector('#offline-form');
    await page.click(`fieldset[data-id="${resB[1].id}"] label.toggle-fail`);
    await page.fill(`#f-n${resB[1].id}`, '消防通道堆放杂物');
    await page.click('#offline-save');
    b = await waitBadge(page, x => x.changes === 1, 5000);
    check(b && b.changes === 1, 'offline: one change of B waits', JSON.stringify(b));
    const memB = (await api(op, 'GET', `${base}/api/v1/inspections/${B}/members`)).json.items;
    const third = people.find(p => p.name !== '张明远' && p.name !== '李秀华' && p.status === 'valid' &&
                              !memB.some(m => m.person_id === p.id));
    const add = await api(op, 'POST', `${base}/api/v1/inspections/${B}/members`, { person_id: third.id, role: 'lead' });
    const zm = memB.find(m => m.person_id_name === '张明远');
    const del = await api(op, 'DELETE', `${base}/api/v1/inspections/${B}/members/${zm.id}`, { reason: '改派' + third.name });
    check(add.status === 201 && del.status < 300, 'on the server B is re-assigned (张明远 replaced by ' + third.name + ')',
          add.status + ' ' + del.status + ' ' + JSON.stringify(del.json));
    await ctx.setOffline(false);
    await page.waitForTimeout(500);
    await page.click('#offline-send');
    b = await waitBadge(page, x => x.conflicts === 1, 10000);
    const rpanel = page.locator('.offline-conflict');
    await rpanel.waitFor({ timeout: 5000 });
    const rtext = await rpanel.innerText();
    check(b && b.conflicts === 1 && /改派/.test(rtext) && /消防通道堆放杂物/.test(await rpanel.locator('td.mine').allInnerTexts().then(a => a.join(' '))) &&
          (await rpanel.locator('[data-choice=mine]').count()) === 0,
          're-assigned while offline: the conflict is shown with what was typed, not sent', rtext);
    const bx1 = (await api(page, 'GET', `/api/v1/inspections/${B}/results/${resB[1].id}`)).json;
    check(bx1.result !== 'fail' && bx1.note !== '消防通道堆放杂物', 'nothing of it reached the re-assigned record',
          JSON.stringify(bx1));

    // ---- signing out with a change waiting warns first ----
    const asked = [];
    onDialog = d => { asked.push(d.message()); d.dismiss(); };
    await page.click('form.logout button');
    await page.waitForTimeout(1000);
    const still = await page.evaluate(async () => {
      const d = await new Promise(res => { const q = indexedDB.open('fazhi-offline'); q.onsuccess = () => res(q.result); });
      const n = await new Promise(res => { const q = d.transaction('queue').objectStore('queue').count(); q.onsuccess = () => res(q.result); });
      d.close();
      return n;
    });
    check(asked.length === 1 && /1项.*未发送/.test(asked[0]) && new URL(page.url()).pathname === '/today/task' && still === 1,
          'sign-out with a change waiting asks first; declined, nothing is removed', asked.join(' ') + ' queue=' + still);
    onDialog = d => d.accept();
    await rpanel.locator('[data-choice=theirs]').click();
    b = await waitBadge(page, x => !x.changes && !x.conflicts, 10000);
    await page.goto(base + '/today');
    await page.waitForSelector('#offline-keptinput h2');
    const keptIn = await page.locator('#offline-keptinput').innerText();
    check(b && !b.changes && /消防通道堆放杂物/.test(keptIn), '不再发送: what was typed stays under 未采用的输入', keptIn);

    // ---- past its expiry the kept tasks are removed ----
    await page.goto(base + '/today');
    await page.waitForSelector('#offline-until');
    await page.evaluate(async () => {
      const d = await new Promise(res => { const q = indexedDB.open('fazhi-offline'); q.onsuccess = () => res(q.result); });
      await new Promise(res => {
        const t = d.transaction('meta', 'readwrite'), st = t.objectStore('meta');
        const g = st.get('meta');
        g.onsuccess = () => { const m = g.result; m.keptUntil = Date.now() - 1000; st.put(m, 'meta'); };
        t.oncomplete = res;
      });
      d.close();
    });
    await page.reload();
    await page.waitForSelector('#offline-kept .notice');
    const expired = await page.locator('#offline-kept').innerText();
    const leftTasks = await page.evaluate(async () => {
      const d = await new Promise(res => { const q = indexedDB.open('fazhi-offline'); q.onsuccess = () => res(q.result); });
      const n = await new Promise(res => { const q = d.transaction('tasks').objectStore('tasks').count(); q.onsuccess = () => res(q.result); });
      d.close();
      return n;
    });
    check(/已于.*过期并已从手机上删除/.test(expired) && leftTasks === 0 &&
          (await page.locator('a.offline-task').count()) === 0,
          'past the expiry the kept tasks are deleted and the page says so', expired + ' tasks=' + leftTasks);

    // ---- sign-out removes what the phone kept ----
    await page.goto(base + '/today');
    await Promise.all([page.waitForURL(u => new URL(u).pathname === '/login', { timeout: 10000 }),
                       page.click('form.logout button')]);
    const left = await page.evaluate(async () => ({
      dbs: (await indexedDB.databases()).map(d => d.name),
      caches: await caches.keys(),
      workers: (await navigator.serviceWorker.getRegistrations()).length,
    }));
    check(!left.dbs.includes('fazhi-offline') && !left.caches.includes('fazhi-offline-v1') && left.workers === 0,
          'sign-out removes the kept tasks, pages and the worker', JSON.stringify(left));
    check(errors.length === 0, 'no page errors or CSP violations', errors.join('; '));
  } finally {
    try { await ctx.close(); } catch (e) { /* closed */ }
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

L.run(main, 300);
