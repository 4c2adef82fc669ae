// t_inspect.js -- an on-site inspection recorded on a phone (issue 17 item 4):
// a 390 × 844 viewport, an inspector of the bureau.
//
// On a fresh `init --demo` county the inspector opens the record of a drawn
// task (双随机〔2024〕1号's second target), takes 检查审批 and the notice,
// uploads a photo through the camera's file input, registers the
// recorder's video by its SM3, fills the result of every checklist item
// through the child rows' forms, records the on-site inspection (the gate:
// two inspectors valid on the day) and closes the record.  Every page on
// the way keeps to the phone's width; the photo downloads as uploaded.
// Screenshots: tests/out/browser-inspect-*.png.  Last line: "N passed, N failed".
'use strict';
const path = require('path');
const zlib = require('zlib');
const L = require('./lib');
const { check, step, fact } = L;

const USERS = [
  { username: 'jiancha', name: '钱检查', org: '梨树县教育局', roles: 'inspector' },
];

// A small real PNG (what a phone's camera gives, in miniature).
function png(w, h) {
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
  const rows = [];
  for (let y = 0; y < h; y++) {
    const r = [0];
    for (let x = 0; x < w; x++) r.push((x * 7) & 255, (y * 5) & 255, 150);
    rows.push(Buffer.from(r));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
                        chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
                        chunk('IEND', Buffer.alloc(0))]);
}



// Fill the form open in page (name → value; selects by value) and save it.
async function fillSave(page, values) {
  for (const [k, v] of Object.entries(values)) {
    const el = page.locator(`main form [name=${k}]`).first();
    if ((await el.evaluate(e => e.tagName)) === 'SELECT') await el.selectOption(v);
    else await el.fill(v);
  }
  await Promise.all([page.waitForLoadState('load'), page.click('main form button.primary')]);
}

async function main() {
  const srv = await L.startServer(USERS);
  if (!srv) return;
  const { base } = srv;
  await L.launch();
  const ctx = await L.newContext(L.PHONE);
  const page = await ctx.newPage();
  page.on('dialog', d => d.accept());
  await L.signIn(page, base, 'jiancha', L.PW);

  // the record of a drawn task: the new form asks only for the task
  await page.goto(base + '/inspections/new');
  await L.checkLayout(page, 'phone: the new inspection form', 'browser-inspect-new');
  const task = '双随机〔2024〕1号 · 梨树县万发镇靠山小学';
  await page.selectOption('select[name=task_id]', { label: task });
  await Promise.all([page.waitForLoadState('load'), page.click('main form button.primary')]);
  const m = /\/inspections\/(\d+)$/.exec(new URL(page.url()).pathname);
  if (!check(m, 'the record is created and its page opens', page.url())) return;
  const rid = m[1];
  check((await page.locator('main .tag').first().innerText()).trim() === '待审批', 'state 待审批');
  check(await fact(page, '检查类型') === '跨部门联合', 'the type from the plan', await fact(page, '检查类型'));
  await L.checkLayout(page, 'phone: the new record', 'browser-inspect-record-new');

  check(await step(page, 'approve', { approver: '刘国华', approved_on: '2024-05-20' }) === '已审批',
        '检查审批');
  check(/^行政检查〔2024〕\d+号$/.test(await fact(page, '检查编号') || ''), 'numbered on approval',
        await fact(page, '检查编号'));
  check(await step(page, 'notify', { notice_on: '2024-05-21', notice_way: '送达检查通知书' }) === '已通知',
        '通知被检查对象');

  // a photo through the camera's file input
  const photoForm = page.locator(`form[action$="/inspections/${rid}/files/photo_file"]`);
  check(await photoForm.count() === 1, 'the page offers the photo upload');
  const input = photoForm.locator('input[type=file]');
  check(await input.getAttribute('capture') === 'environment', '... opening the camera on a phone');
  const pic = png(64, 48);
  await input.setInputFiles({ name: '校门.png', mimeType: 'image/png', buffer: pic });
  await Promise.all([page.waitForLoadState('load'), photoForm.locator('button[type=submit]').click()]);
  check((await fact(page, '现场照片') || '').includes('校门.png'), 'the photo is on the record',
        await fact(page, '现场照片'));
  const href = await page.locator('dl.facts a[href*="/files/photo_file"]').first().getAttribute('href');
  const dl = await page.request.get(base + href);
  check(dl.status() === 200 && Buffer.compare(await dl.body(), pic) === 0, 'the photo downloads as uploaded');

  // the recorder's video, kept on the recorder: registered by its SM3
  await page.goto(base + `/inspections/${rid}/media/new`);
  await L.checkLayout(page, 'phone: the recorder entry form', 'browser-inspect-media');
  await fillSave(page, { kind: 'video', device_no: 'DSJ-LS-006', officer: '周志刚',
                         started_at: '2024-05-24 09:00', ended_at: '2024-05-24 10:30',
                         retention: 'y10', storage: 'device', sm3: 'a1'.repeat(32) });
  check(new URL(page.url()).pathname === `/inspections/${rid}`, 'back on the record', page.url());
  check((await page.locator('main').innerText()).includes('DSJ-LS-006'), 'the recorder entry is listed');

  // the result of every checklist item
  const edits = await page.locator(`main a[href*="/inspections/${rid}/results/"][href$="/edit"]`)
    .evaluateAll(as => as.map(a => a.getAttribute('href')));
  check(edits.length === 4, 'four checklist items to fill', String(edits.length));
  for (const e of edits) {
    await page.goto(base + e);
    await fillSave(page, { result: 'ok' });
  }
  const text = await page.locator('main').innerText();
  check((text.match(/符合/g) || []).length >= 4, 'every item reads 符合');

  // the on-site inspection, then the closing
  check(await step(page, 'inspect', {
    inspect_on: '2024-05-24', time_from: '09:00', time_to: '10:30', place: '梨树县万发镇靠山小学',
    findings: '与梨树县公安局联合检查，未发现问题', conclusion: 'ok', filing_no: 'JLZF2024052400088',
  }) === '已检查', '记录现场检查');
  check(await step(page, 'close', { closed_on: '2024-05-27' }) === '已办结', '办结');
  await L.checkLayout(page, 'phone: the closed record', 'browser-inspect-closed');
  await page.goto(base + '/inspections');
  await L.checkLayout(page, 'phone: the list of inspections', 'browser-inspect-list');
  check((await page.locator('main').innerText()).includes('梨树县万发镇靠山小学'), 'listed');
  check(ctx.errors.length === 0, 'no console errors or CSP violations', ctx.errors.join('; '));
}

L.run(main, 240);
