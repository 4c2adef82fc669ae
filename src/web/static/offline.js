// fazhi -- 今日任务 and 现场检查 without a network (#21).  Plain script, no
// inline code (CSP).  What the phone keeps, in IndexedDB "fazhi-offline":
//   meta    'meta' -> who kept the tasks, the range, kept until when
//   tasks   one per assigned inspection: the record, its checklist results
//           and inspectors as the server last gave them (personal fields
//           masked by the API), and `local`, what the inspector typed
//   queue   the changes waiting to be sent, in order, each with its own
//           Idempotency-Key made once when the change is made
//   photos  the photos taken, with the resumable upload they go through
//   kept    what the inspector typed but chose not to send after a conflict
// The service worker /sw.js keeps the pages and assets (Cache Storage),
// and the documents of each task the inspector may have to show on site
// (检查通知书 and the others the record has), as PDF under
// /today/doc/<id>/<kind>.pdf, listed on the task page as 离线可看.
// Sign-out deletes all of it (app.js).
'use strict';
(function () {
  var DB = 'fazhi-offline', CACHE = 'fazhi-offline-v1';
  var PIECE = 256 * 1024;              // bytes of one upload piece
  var PAGES = ['/today', '/today/task', '/static/app.css', '/static/app.js', '/static/offline.js'];
  var RECORD_FIELDS = [
    ['inspect_on', '检查日期', 'date'], ['time_from', '开始时间', 'time'],
    ['time_to', '结束时间', 'time'], ['place', '检查地点', 'text'],
    ['filing_no', '我要执法备案号', 'text'], ['findings', '检查情况', 'long'],
    ['conclusion', '检查结论', 'choice']
  ];
  // set by the step 记录现场检查 only (the register keeps them read-only)
  var STEP_ONLY = ['inspect_on', 'time_from', 'time_to', 'place', 'conclusion'];
  var CONCLUSION = [['', '请选择'], ['ok', '未发现问题'], ['problem', '发现问题']];
  var RESULTS = [['ok', '符合'], ['fail', '不符合'], ['na', '不适用']];
  var PHOTOS = [['photo_file', '现场照片（一）'], ['photo2_file', '现场照片（二）'],
                ['photo3_file', '现场照片（三）']];
  // the record's documents (insp_doc.c): kind, name, the field it needs
  var DOCS = [['notice', '检查通知书', 'approved_on'], ['approval', '行政检查审批表', 'approved_on'],
              ['record', '现场检查笔录', 'inspect_on'], ['rectify', '责令整改通知书', 'rectify_on'],
              ['recheck', '整改复查意见书', 'recheck_on']];
  var root = document.getElementById('offline');
  if (!root || !window.indexedDB) return;

  // ---- IndexedDB ----
  var dbp = null;
  function openDb() {
    if (dbp) return dbp;
    dbp = new Promise(function (res, rej) {
      var q = indexedDB.open(DB, 1);
      q.onupgradeneeded = function () {
        var d = q.result;
        d.createObjectStore('meta');
        d.createObjectStore('tasks', { keyPath: 'id' });
        d.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
        d.createObjectStore('photos', { keyPath: 'key' });
        d.createObjectStore('kept', { keyPath: 'seq', autoIncrement: true });
      };
      q.onsuccess = function () {
        q.result.onversionchange = function () { q.result.close(); dbp = null; };
        res(q.result);
      };
      q.onerror = function () { rej(q.error); };
    });
    return dbp;
  }
  function idb(store, mode, fn) {
    return openDb().then(function (d) {
      return new Promise(function (res, rej) {
        var t = d.transaction(store, mode), out;
        var r = fn(t.objectStore(store));
        if (r && 'onsuccess' in r) r.onsuccess = function () { out = r.result; };
        t.oncomplete = function () { res(out); };
        t.onerror = t.onabort = function () { rej(t.error); };
      });
    });
  }
  function dbGet(st, k) { return idb(st, 'readonly', function (s) { return s.get(k); }); }
  function dbAll(st) { return idb(st, 'readonly', function (s) { return s.getAll(); }); }
  function dbPut(st, v, k) {
    return idb(st, 'readwrite', function (s) { return k === undefined ? s.put(v) : s.put(v, k); });
  }
  function dbDel(st, k) { return idb(st, 'readwrite', function (s) { return s.delete(k); }); }

  // ---- small helpers ----
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') e.textContent = v;
      else if (k.indexOf('on') === 0) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function fmtTime(ms) {
    var d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function fmtSize(n) {
    if (n >= 1048576) return (n / 1048576).toFixed(1) + ' MB';
    return Math.max(1, Math.round(n / 1024)) + ' KB';
  }
  function labelOf(list, v) {
    for (var i = 0; i < list.length; i++) if (list[i][0] === v) return list[i][1];
    return v === null || v === undefined ? '' : String(v);
  }
  function fieldLabel(k) {
    for (var i = 0; i < RECORD_FIELDS.length; i++) if (RECORD_FIELDS[i][0] === k) return RECORD_FIELDS[i][1];
    return { result: '检查结果', note: '情况说明' }[k] || k;
  }
  function shown(k, v) {
    if (v === null || v === undefined || v === '') return '（空）';
    if (k === 'conclusion') return labelOf(CONCLUSION, v);
    if (k === 'result') return labelOf(RESULTS, v);
    return String(v);
  }

  // ---- SM3 (GB/T 32905): a photo's hash, declared when its upload opens
  // and checked by the server when the last byte arrives ----
  function sm3(bytes) {
    var rotl = function (x, n) { n %= 32; return ((x << n) | (x >>> (32 - n))) >>> 0; };
    var p0 = function (x) { return (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0; };
    var p1 = function (x) { return (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0; };
    var v = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
    var n = bytes.length, total = Math.ceil((n + 9) / 64) * 64;
    var m = new Uint8Array(total), dv = new DataView(m.buffer);
    m.set(bytes);
    m[n] = 0x80;
    dv.setUint32(total - 8, Math.floor(n / 0x20000000));
    dv.setUint32(total - 4, (n * 8) >>> 0);
    var w = new Array(68), w1 = new Array(64);
    for (var off = 0; off < total; off += 64) {
      var j;
      for (j = 0; j < 16; j++) w[j] = dv.getUint32(off + j * 4);
      for (j = 16; j < 68; j++) {
        w[j] = (p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6]) >>> 0;
      }
      for (j = 0; j < 64; j++) w1[j] = (w[j] ^ w[j + 4]) >>> 0;
      var a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
      for (j = 0; j < 64; j++) {
        var t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
        var ss1 = rotl((rotl(a, 12) + e + rotl(t, j)) >>> 0, 7);
        var ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
        var ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
        var gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
        var tt1 = ((ff >>> 0) + d + ss2 + w1[j]) >>> 0;
        var tt2 = ((gg >>> 0) + h + ss1 + w[j]) >>> 0;
        d = c; c = rotl(b, 9); b = a; a = tt1;
        h = g; g = rotl(f, 19); f = e; e = p0(tt2);
      }
      v = [a, b, c, d, e, f, g, h].map(function (x, i) { return (x ^ v[i]) >>> 0; });
    }
    return v.map(function (x) { return ('0000000' + x.toString(16)).slice(-8); }).join('');
  }
  function blobSm3(blob) {
    return blob.arrayBuffer().then(function (buf) { return sm3(new Uint8Array(buf)); });
  }

  // ---- the network ----
  var csrf = null;
  function api(method, url, body, headers) {
    var h = Object.assign({ 'Accept': 'application/json' }, headers || {});
    var init = { method: method, headers: h, credentials: 'same-origin', cache: 'no-store', redirect: 'manual' };
    if (method !== 'GET') {
      if (csrf) h['X-CSRF-Token'] = csrf;
      if (body instanceof Blob) { init.body = body; h['Content-Type'] = 'application/octet-stream'; }
      else if (body !== undefined) { init.body = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
    }
    return fetch(url, init).then(function (r) {
      return r.text().then(function (t) {
        var j = null;
        try { j = t ? JSON.parse(t) : null; } catch (e) { j = null; }
        return { status: r.status, json: j, headers: r.headers };
      });
    });
  }
  function errCode(r) { return r.json && r.json.error ? r.json.error.code : ''; }
  function errText(r) {
    if (r.json && r.json.errors && r.json.errors.length) {
      return r.json.errors.map(function (e) { return e.message; }).join('；');
    }
    return r.json && r.json.error ? r.json.error.message : '服务器返回' + r.status;
  }
  // Who is signed in (and the CSRF token), or null when the session ended.
  function whoAmI() {
    return api('GET', '/api/v1/me').then(function (r) {
      if (r.status !== 200 || !r.json || r.json.must_change_password || r.json.must_enroll_totp) return null;
      csrf = r.json.csrf_token;
      return r.json;
    });
  }

  // ---- status line and badge ----
  var ui = {};
  var needLogin = false, syncing = false, lastNote = '';
  function queueCounts(q) {
    var c = { changes: 0, photos: 0, conflicts: 0 };
    q.forEach(function (x) {
      if (x.state === 'conflict') c.conflicts++;
      if (x.kind === 'photo') c.photos++; else c.changes++;
    });
    return c;
  }
  function badgeText(c) {
    if (!c.changes && !c.photos) return '没有待发送的内容';
    var s = '待发送：' + c.changes + '项修改，' + c.photos + '张照片';
    if (c.conflicts) s += '（' + c.conflicts + '项需要您处理）';
    return s;
  }
  function refreshBadge() {
    return dbAll('queue').then(function (q) {
      var c = queueCounts(q);
      if (ui.badge) {
        ui.badge.textContent = badgeText(c);
        ui.badge.className = 'offline-badge' + (c.conflicts ? ' bad' : c.changes || c.photos ? ' wait' : ' done');
        ui.badge.setAttribute('data-changes', c.changes);
        ui.badge.setAttribute('data-photos', c.photos);
        ui.badge.setAttribute('data-conflicts', c.conflicts);
      }
      if (ui.net) {
        ui.net.textContent = (navigator.onLine ? '有网络' : '无网络：修改保存在手机上，有网络时自动发送') +
          (syncing ? ' · 正在发送……' : '') + (lastNote ? ' · ' + lastNote : '');
        ui.net.className = 'offline-net ' + (navigator.onLine ? 'on' : 'off');
      }
      if (ui.login) ui.login.hidden = !needLogin;
      return q;
    });
  }
  function statusBlock() {
    ui.net = el('p', { 'class': 'offline-net', role: 'status' });
    ui.badge = el('p', { 'class': 'offline-badge', 'aria-live': 'polite', id: 'offline-badge' });
    ui.login = el('div', { 'class': 'notice err', role: 'alert', hidden: true }, [
      '登录已过期或已退出。待发送的内容仍保存在手机上，请',
      el('a', { href: '/login', text: '重新登录' }),
      '，登录后回到“今日任务”即自动发送。'
    ]);
    var send = el('button', { type: 'button', 'class': 'primary', id: 'offline-send', text: '立即发送',
                              onclick: function () { sync(); } });
    return el('div', { 'class': 'offline-status' }, [ui.net, ui.badge, ui.login,
      el('div', { 'class': 'actions' }, [send])]);
  }

  // ---- keeping the day's tasks ----
  function clearTasks(keepIds) {
    return Promise.all([dbAll('tasks'), dbAll('photos'), dbAll('queue')]).then(function (a) {
      var busy = {};
      a[2].forEach(function (c) { busy[c.recordId] = true; });
      var ps = [];
      a[0].forEach(function (t) {
        if (busy[t.id] || (keepIds && keepIds[t.id])) return;
        ps.push(dbDel('tasks', t.id));
        ps.push(dropDocs(t));
      });
      a[1].forEach(function (p) { if (!busy[p.recordId]) ps.push(dbDel('photos', p.key)); });
      return Promise.all(ps);
    });
  }
  function docUrl(id, kind) { return '/today/doc/' + id + '/' + kind + '.pdf'; }
  function dropDocs(t) {
    if (!window.caches || !t.docs || !t.docs.length) return Promise.resolve();
    return caches.open(CACHE).then(function (c) {
      return Promise.all(t.docs.map(function (d) { return c.delete(docUrl(t.id, d.kind)); }));
    });
  }
  // Keep the PDF of each document record rec already has (its needed
  // field set) in Cache Storage; resolves the list of those kept.
  function keepDocs(rec, id) {
    if (!window.caches) return Promise.resolve([]);
    var out = [];
    return caches.open(CACHE).then(function (c) {
      return DOCS.filter(function (d) { return rec[d[2]]; }).reduce(function (p, d) {
        return p.then(function () {
          return fetch('/api/v1/inspections/' + id + '/documents/' + d[0] + '?format=pdf',
                       { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
            if (r.status !== 200) return;
            return r.blob().then(function (b) {
              out.push({ kind: d[0], label: d[1], size: b.size });
              return c.put(docUrl(id, d[0]), new Response(b, { headers: {
                'Content-Type': 'application/pdf',
                'Content-Disposition': 'inline; filename="' + d[0] + '-' + id + '.pdf"' } }));
            });
          }).catch(function () {});
        });
      }, Promise.resolve());
    }).then(function () { return out; });
  }
  function registerWorker() {
    if (!('serviceWorker' in navigator)) return Promise.resolve();
    return navigator.serviceWorker.register('/sw.js', { scope: '/today' }).catch(function () {});
  }
  function keepTasks(from, to) {
    lastNote = '正在保存任务……';
    refreshBadge();
    var me, list, kept = {};
    return whoAmI().then(function (m) {
      if (!m) { needLogin = true; throw new Error('login'); }
      me = m;
      return dbGet('meta', 'meta');
    }).then(function (meta) {
      if (!meta || meta.userId === me.id) return;
      // another person's tasks: theirs to send first, never sent as this user's
      return dbAll('queue').then(function (q) {
        if (q.length) throw new Error('本手机上还有' + meta.userName + '未发送的' + q.length + '项内容，请由其本人登录发送，或由其退出后再保存');
        return clearAll();
      });
    }).then(function () {
      return api('GET', '/api/v1/today?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
    }).then(function (r) {
      if (r.status !== 200) throw new Error(errText(r));
      list = r.json;
      return dbAll('queue');
    }).then(function (q) {
      var busy = {};
      q.forEach(function (c) { busy[c.recordId] = true; });
      return list.items.reduce(function (p, it) {
        return p.then(function () { kept[it.id] = true; return keepOne(it, busy[it.id]); });
      }, Promise.resolve());
    }).then(function () {
      return clearTasks(kept);
    }).then(function () {
      return dbPut('meta', { userId: me.id, userName: me.name, from: list.from, to: list.to,
                             keptAt: Date.now(), keptUntil: list.kept_until * 1000,
                             keepHours: list.keep_hours }, 'meta');
    }).then(function () {
      return registerWorker();
    }).then(function () {
      return caches.open(CACHE).then(function (c) { return c.addAll(PAGES); });
    }).then(function () {
      lastNote = '已保存';
    }).catch(function (e) {
      lastNote = e.message === 'login' ? '' : '保存未完成：' + e.message;
    });
  }
  // Keep one task: the record, its results (each with its version) and
  // inspectors; what was typed stays; a task with changes waiting keeps
  // the server copy it had (its versions tell a conflict on sending).
  function keepOne(item, bBusy) {
    var base = '/api/v1/inspections/' + item.id;
    return dbGet('tasks', item.id).then(function (old) {
      var t = old || { id: item.id, local: { fields: {}, results: {} } };
      t.summary = item;
      if (bBusy && old) return dbPut('tasks', t);
      return api('GET', base).then(function (r) {
        if (r.status !== 200) throw new Error(errText(r));
        t.record = r.json;
        return api('GET', base + '/members?limit=50');
      }).then(function (r) {
        t.members = (r.json && r.json.items || []).map(function (m) {
          return { name: m.person_id_name, role: m.role_name, cert_no: m.cert_no };
        });
        return api('GET', base + '/results?limit=200');
      }).then(function (r) {
        var rows = r.json && r.json.items || [];
        return Promise.all(rows.map(function (x) {
          return api('GET', base + '/results/' + x.id).then(function (g) { return g.json || x; });
        }));
      }).then(function (rows) {
        t.results = rows.map(function (x) {
          return { id: x.id, seq: x.seq, item: x.item, result: x.result, note: x.note, version: x.version };
        });
        return keepDocs(t.record, t.id);
      }).then(function (docs) {
        t.docs = docs;
        return dbPut('tasks', t);
      });
    });
  }
  function clearAll() {
    return Promise.all(['meta', 'tasks', 'queue', 'photos', 'kept'].map(function (st) {
      return idb(st, 'readwrite', function (s) { return s.clear(); });
    }));
  }
  // Past its expiry the kept tasks go (changes waiting are the inspector's
  // work: they stay until sent).
  function expire() {
    return dbGet('meta', 'meta').then(function (meta) {
      if (!meta || meta.expired || meta.keptUntil > Date.now()) return meta;
      meta.expired = true;
      return clearTasks(null).then(function () { return dbPut('meta', meta, 'meta'); })
        .then(function () { return meta; });
    });
  }

  // ---- the queue ----
  function enqueue(c) {
    c.idemKey = newKey();
    c.state = 'waiting';
    c.created = Date.now();
    return dbPut('queue', c);
  }
  // A change of the same thing not yet tried takes the new values (its key
  // was never used); otherwise a new change joins the end of the queue.
  function enqueueMerged(c) {
    return dbAll('queue').then(function (q) {
      for (var i = 0; i < q.length; i++) {
        var x = q[i];
        if (x.url === c.url && x.kind === c.kind && !x.attempted && x.state === 'waiting') {
          x.body = Object.assign({}, x.body, c.body);
          x.label = c.label;
          return dbPut('queue', x);
        }
      }
      return enqueue(c);
    });
  }
  // The version the server last gave for what change c changes.
  function versionFor(c, t) {
    if (c.kind === 'result') {
      for (var i = 0; i < t.results.length; i++) if (t.results[i].id === c.childId) return t.results[i].version;
      return 0;
    }
    return t.record.version;
  }
  function applyReply(c, t, j) {
    if (!j) return;
    if (c.kind === 'result') {
      t.results.forEach(function (x) {
        if (x.id === c.childId) { x.result = j.result; x.note = j.note; x.version = j.version; }
      });
    } else if (j.version) {
      t.record = j;
    }
  }
  // Send change c.  Resolves 'ok', 'net' (try later), 'auth' (sign in
  // again) or 'conflict' (the inspector chooses).
  function sendOne(c) {
    return dbGet('tasks', c.recordId).then(function (t) {
      if (!t) return markConflict(c, { status: 404, json: { error: { message: '手机上已没有这项任务' } } }, null);
      if (c.kind === 'photo') return sendPhoto(c, t);
      var first = !c.sentBody;
      if (first) {
        c.sentBody = Object.assign({}, c.body, { version: versionFor(c, t) });
        c.attempted = true;
      }
      return (first ? dbPut('queue', c) : Promise.resolve()).then(function () {
        return api(c.method, c.url, c.sentBody, { 'Idempotency-Key': c.idemKey });
      }).then(function (r) {
        return answer(c, t, r, function (j) { applyReply(c, t, j); });
      });
    }).catch(function () { return 'net'; });
  }
  // What a reply to change c means.
  function answer(c, t, r, onOk) {
    var code = errCode(r);
    if (r.status >= 200 && r.status < 300) {
      onOk(r.json);
      return dbPut('tasks', t).then(function () { return dbDel('queue', c.seq); })
        .then(function () { return 'ok'; });
    }
    if (r.status === 401 || r.status === 0 || (r.status >= 300 && r.status < 400) ||
        (r.status === 403 && (code === 'csrf' || code === 'must_change_password' || code === 'must_enroll_totp'))) {
      needLogin = true;
      return 'auth';
    }
    if (r.status >= 500 || code === 'idempotency_in_progress') return 'net';
    if (code === 'idempotency_reply_lost') {
      // the change landed, its reply is gone: read what is there now
      return api('GET', c.kind === 'result' ? c.url : '/api/v1/inspections/' + c.recordId).then(function (g) {
        onOk(g.status === 200 ? g.json : null);
        return dbPut('tasks', t);
      }).then(function () { return dbDel('queue', c.seq); }).then(function () { return 'ok'; });
    }
    return api('GET', c.kind === 'result' ? c.url.split('?')[0] : '/api/v1/inspections/' + c.recordId)
      .then(function (g) { return markConflict(c, r, g.status === 200 ? g.json : null); },
            function () { return markConflict(c, r, null); });
  }
  function markConflict(c, r, server) {
    c.state = 'conflict';
    c.error = { status: r.status, code: errCode(r), message: errText(r) };
    c.server = server;
    return dbPut('queue', c).then(function () { return 'conflict'; });
  }
  // A photo: opened as a resumable upload once, sent in pieces from what
  // the server has, then attached to the record's field by ?upload=.
  function sendPhoto(c, t) {
    var p;
    return dbGet('photos', c.photoKey).then(function (ph) {
      p = ph;
      if (!p) return dbDel('queue', c.seq).then(function () { return 'ok'; });
      c.attempted = true;
      var open = p.uploadId ? api('GET', '/api/v1/uploads/' + p.uploadId) : Promise.resolve({ status: 404 });
      return open.then(function (r) {
        if (r.status === 200) return r.json.received;
        if (r.status === 401) throw { auth: true };
        return api('POST', '/api/v1/uploads', { name: p.name, size: p.size, sm3: p.sm3 },
                   { 'Idempotency-Key': c.idemKey + '-' + (p.opened || 0) }).then(function (o) {
          if (o.status === 401 || o.status === 403) throw { auth: true };
          if (o.status !== 201 && o.status !== 200) throw { net: true };
          p.uploadId = o.json.id;
          p.opened = (p.opened || 0) + 1;
          return dbPut('photos', p).then(function () { return 0; });
        });
      }).then(function pieces(received) {
        p.received = received;
        if (received >= p.size) return null;
        return api('PUT', '/api/v1/uploads/' + p.uploadId + '?offset=' + received,
                   p.blob.slice(received, Math.min(p.size, received + PIECE))).then(function (r) {
          if (r.status === 401 || r.status === 403) throw { auth: true };
          if ((r.status === 200 || r.status === 409) && r.json && typeof r.json.received === 'number') {
            return dbPut('photos', p).then(function () { return pieces(r.json.received); });
          }
          if (r.status === 409) {
            // the server has another count (a piece whose reply was lost): ask it
            return api('GET', '/api/v1/uploads/' + p.uploadId).then(function (g) {
              if (g.status !== 200) throw { net: true };
              return pieces(g.json.received);
            });
          }
          throw { net: true };
        });
      }).then(function () {
        return api('POST', '/api/v1/inspections/' + c.recordId + '/files/' + p.field + '?upload=' + p.uploadId,
                   undefined, { 'Idempotency-Key': c.idemKey });
      }).then(function (r) {
        if (r.status !== 201 && r.status !== 200) return answer(c, t, r, function () {});
        // the record as it is now: its version is taken when only the
        // attachment can have moved it (someone else's change stays a conflict)
        return api('GET', '/api/v1/inspections/' + c.recordId).then(function (g) {
          return answer(c, t, r, function (j) {
            var mine = t.record.version;
            if (j && j[p.field]) t.record[p.field] = j[p.field];
            if (g.status === 200 && (g.json.version === mine || g.json.version === mine + 1)) {
              t.record.version = g.json.version;
            }
          });
        }, function () { return 'net'; }).then(function (res) {
          if (res === 'ok') return dbDel('photos', p.key).then(function () { return res; });
          return res;
        });
      });
    }).catch(function (e) { return e && e.auth ? (needLogin = true, 'auth') : 'net'; });
  }
  // Before sending: a task taken off the inspector on the server while
  // the phone was away (the record's inspectors changed, or it was closed
  // or voided) is no longer in their 今日任务 for the range kept; each of
  // its changes not yet tried becomes a conflict (nothing typed is lost).
  function stillMine(q, meta) {
    var waiting = q.filter(function (c) { return c.state === 'waiting' && !c.attempted; });
    if (!meta || !waiting.length) return Promise.resolve();
    return api('GET', '/api/v1/today?from=' + encodeURIComponent(meta.from) + '&to=' + encodeURIComponent(meta.to))
      .then(function (r) {
        if (r.status !== 200 || !r.json) return;
        var mine = {};
        r.json.items.forEach(function (it) { mine[it.id] = true; });
        return waiting.filter(function (c) { return !mine[c.recordId]; }).reduce(function (p, c) {
          return p.then(function () {
            return markConflict(c, { status: 410, json: { error: { code: 'reassigned',
              message: '这项检查任务已不再分配给您（检查人员已变更，或记录已办结、已作废）' } } }, null);
          });
        }, Promise.resolve());
      });
  }
  // Send what waits, in order; stop at the first that cannot go now.
  function sync() {
    if (syncing) return Promise.resolve();
    if (!navigator.onLine) { lastNote = '无网络，稍后再发送'; return refreshBadge(); }
    syncing = true;
    lastNote = '';
    refreshBadge();
    return whoAmI().then(function (me) {
      if (!me) { needLogin = true; return; }
      needLogin = false;
      return dbGet('meta', 'meta').then(function (meta) {
        if (meta && meta.userId !== me.id) {
          lastNote = '待发送的内容是' + meta.userName + '记录的，请由本人登录后发送';
          return;
        }
        return dbAll('queue').then(function (q) {
          q.sort(function (a, b) { return a.seq - b.seq; });
          return stillMine(q, meta).then(function () { return dbAll('queue'); });
        }).then(function (q) {
          q.sort(function (a, b) { return a.seq - b.seq; });
          return q.reduce(function (p, c) {
            return p.then(function (stop) {
              if (stop) return stop;
              if (c.state === 'conflict') return 'conflict';
              return sendOne(c).then(function (res) { return res === 'ok' ? null : res; });
            });
          }, Promise.resolve(null)).then(function (stop) {
            lastNote = stop === 'net' ? '网络中断，未发送完，稍后自动重试'
              : stop === 'conflict' ? '有修改与服务器上的记录不一致，请处理'
              : stop === 'auth' ? '' : '已全部发送';
          });
        });
      });
    }).catch(function () {
      lastNote = '网络中断，稍后自动重试';
    }).then(function () {
      syncing = false;
      return render();
    });
  }

  // ---- pages ----
  var render = function () { return refreshBadge(); };

  function listPage() {
    var from = root.getAttribute('data-from'), to = root.getAttribute('data-to');
    var info = el('div', { 'class': 'offline-kept', id: 'offline-kept' });
    var list = el('ul', { 'class': 'offline-tasks', id: 'offline-tasks' });
    var fFrom = el('input', { type: 'date', name: 'from', id: 'f-from', value: from });
    var fTo = el('input', { type: 'date', name: 'to', id: 'f-to', value: to });
    var keepBtn = el('button', { type: 'button', 'class': 'primary', id: 'offline-keep', text: '保存任务到手机',
      onclick: function () {
        keepBtn.disabled = true;
        keepTasks(fFrom.value || from, fTo.value || fFrom.value || from).then(function () {
          keepBtn.disabled = false;
          return render();
        });
      } });
    var kept = el('div', { 'class': 'offline-keptinput', id: 'offline-keptinput' });
    root.textContent = '';
    root.appendChild(statusBlock());
    root.appendChild(el('div', { 'class': 'offline-range' }, [
      el('div', { 'class': 'field' }, [el('label', { 'for': 'f-from', text: '从' }), fFrom]),
      el('div', { 'class': 'field' }, [el('label', { 'for': 'f-to', text: '到' }), fTo]),
      el('div', { 'class': 'actions' }, [keepBtn])
    ]));
    root.appendChild(el('p', { 'class': 'hint', text: '出发前在有网络的地方点“保存任务到手机”：分配给您的检查任务（检查对象、逐项检查内容、检查人员）和这些页面会保存在手机上，没有网络也能打开和填写。' }));
    root.appendChild(info);
    root.appendChild(list);
    root.appendChild(kept);
    render = function () {
      // expire first: read beside it, the tasks could still hold what it deletes
      return expire().then(function (meta) {
        return Promise.all([meta, dbAll('tasks'), refreshBadge(), dbAll('kept')]);
      }).then(function (a) {
        var meta = a[0], tasks = a[1], q = a[2];
        info.textContent = '';
        if (!meta) {
          info.appendChild(el('p', { text: '手机上还没有保存任务。' }));
        } else if (meta.expired) {
          info.appendChild(el('p', { 'class': 'notice warn', text: '保存的任务已于' + fmtTime(meta.keptUntil) + '过期并已从手机上删除，请在有网络时重新保存。' }));
        } else {
          info.appendChild(el('p', { id: 'offline-until', text: '已保存' + meta.from + (meta.to !== meta.from ? '至' + meta.to : '') +
            '的' + tasks.length + '项任务（' + meta.userName + '），可离线使用至' + fmtTime(meta.keptUntil) + '。' }));
        }
        list.textContent = '';
        tasks.sort(function (x, y) { return (x.summary.day || '').localeCompare(y.summary.day || '') || x.id - y.id; });
        tasks.forEach(function (t) {
          var s = t.summary, n = q.filter(function (c) { return c.recordId === t.id; }).length;
          list.appendChild(el('li', {}, [
            el('a', { href: '/today/task#' + t.id, 'class': 'offline-task' }, [
              el('strong', { text: s.title }),
              el('span', { 'class': 'tag', text: s.status_label }),
              el('span', { 'class': 'sub', text: [s.day, s.insp_type, s.item].filter(Boolean).join(' · ') }),
              el('span', { 'class': 'sub', text: [s.target.town, s.target.address].filter(Boolean).join(' ') }),
              n ? el('span', { 'class': 'sub wait', text: n + '项待发送' }) : null
            ])
          ]));
        });
        if (meta && !meta.expired && !tasks.length) list.appendChild(el('li', { text: '这段时间没有分配给您的检查任务。' }));
        return keptInput(kept, a[3]);
      });
    };
    return render();
  }

  // What the inspector typed and chose not to send: shown until sign-out.
  function keptInput(box, kept) {
    box.textContent = '';
    if (!kept.length) return;
    box.appendChild(el('h2', { text: '未采用的输入（仅保存在本手机）' }));
    kept.forEach(function (k) {
      box.appendChild(el('div', { 'class': 'offline-kept-item' }, [
        el('p', { text: k.title + ' · ' + k.label + ' · ' + fmtTime(k.at) }),
        el('ul', {}, Object.keys(k.body).map(function (f) {
          return el('li', { text: fieldLabel(f) + '：' + shown(f, k.body[f]) });
        })),
        el('button', { type: 'button', text: '删除这条', onclick: function () { dbDel('kept', k.seq).then(render); } })
      ]));
    });
  }

  function taskPage() {
    var id = parseInt((location.hash || '').slice(1), 10);
    var box = el('div', { id: 'offline-task' });
    root.textContent = '';
    root.appendChild(statusBlock());
    root.appendChild(box);
    render = function () {
      return expire().then(function () {
        return Promise.all([null, dbGet('tasks', id), refreshBadge()]);
      }).then(function (a) {
        drawTask(box, a[1], a[2].filter(function (c) { return c.recordId === id; }));
      });
    };
    window.addEventListener('hashchange', function () { location.reload(); });
    return render();
  }

  function drawTask(box, t, q) {
    box.textContent = '';
    if (!t || !t.record) {
      box.appendChild(el('div', { 'class': 'notice err', text: '手机上没有这项任务（可能未保存或已过期）。请回到“今日任务”在有网络时保存。' }));
      return;
    }
    var rec = t.record, s = t.summary, L = t.local;
    var conflicts = q.filter(function (c) { return c.state === 'conflict'; });
    conflicts.forEach(function (c) { box.appendChild(conflictPanel(c, t)); });
    box.appendChild(el('h2', { text: rec.title }));
    box.appendChild(el('dl', { 'class': 'facts' }, [
      el('dt', { text: '检查编号' }), el('dd', { text: rec.number || '' }),
      el('dt', { text: '状态' }), el('dd', { text: rec.status_name || '' }),
      el('dt', { text: '检查事项' }), el('dd', { text: s.item || '' }),
      el('dt', { text: '检查类型' }), el('dd', { text: s.insp_type || '' }),
      el('dt', { text: '地址' }), el('dd', { text: [s.target.town, s.target.address].filter(Boolean).join(' ') }),
      el('dt', { text: '法定代表人' }), el('dd', { text: s.target.legal_rep || '' }),
      el('dt', { text: '联系人及电话' }), el('dd', { text: s.target.contact || '' }),
      el('dt', { text: '检查人员' }), el('dd', { text: (t.members || []).map(function (m) {
        return m.name + '（' + (m.role || '') + '，执法证' + (m.cert_no || '') + '）';
      }).join('、') })
    ]));
    if (t.docs && t.docs.length) {
      box.appendChild(el('h2', { text: '检查文书' }));
      box.appendChild(el('ul', { 'class': 'offline-docs', id: 'offline-docs' }, t.docs.map(function (d) {
        return el('li', {}, [el('a', { href: docUrl(t.id, d.kind), target: '_blank', 'data-kind': d.kind,
                                       text: d.label }),
          el('span', { 'class': 'tag', text: '离线可看' }),
          el('span', { 'class': 'sub', text: ' PDF ' + fmtSize(d.size) })]);
      })));
    }
    var saved = el('p', { 'class': 'offline-saved', role: 'status', id: 'offline-saved', text: '已保存在手机上' });
    function typed() {
      saved.textContent = '正在保存……';
      dbPut('tasks', t).then(function () { saved.textContent = '已保存在手机上（未发送的修改点“保存修改”后排队发送）'; });
    }
    var form = el('form', { 'class': 'offline-form', id: 'offline-form' });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    // the checklist: big toggles and a note per item
    form.appendChild(el('h2', { text: '逐项检查结果' }));
    t.results.forEach(function (x) {
      var mine = L.results[x.id] || {};
      var cur = mine.result !== undefined ? mine.result : x.result;
      var opts = RESULTS.map(function (o) {
        var inp = el('input', { type: 'radio', name: 'r' + x.id, value: o[0], checked: cur === o[0],
          onchange: function () { L.results[x.id] = Object.assign(L.results[x.id] || {}, { result: o[0] }); typed(); } });
        return el('label', { 'class': 'toggle toggle-' + o[0] }, [inp, el('span', { text: o[1] })]);
      });
      var note = el('textarea', { name: 'n' + x.id, id: 'f-n' + x.id, rows: '2',
        oninput: function () { L.results[x.id] = Object.assign(L.results[x.id] || {}, { note: note.value }); typed(); } });
      note.value = mine.note !== undefined ? mine.note : (x.note || '');
      form.appendChild(el('fieldset', { 'class': 'check-item', 'data-id': x.id }, [
        el('legend', { text: x.seq + '. ' + x.item }),
        el('div', { 'class': 'toggles' }, opts),
        el('label', { 'for': 'f-n' + x.id, 'class': 'small', text: '情况说明（不符合时必填）' }), note
      ]));
    });
    // the record's on-site fields
    var stepUrl = '/api/v1/inspections/' + t.id + '/inspect';
    var stepped = rec.status !== 'notified' && rec.status !== 'approved' ||
      q.some(function (c) { return c.url === stepUrl; });
    form.appendChild(el('h2', { text: '现场检查情况' }));
    form.appendChild(el('p', { 'class': 'hint', text: stepped
      ? '现场检查已记录：检查日期、时间、地点和结论不能再改（如需更正请联系法规股），备案号和检查情况仍可补充。'
      : '以下内容保存在手机上，点“完成现场检查”时随检查记录一并发送。' }));
    RECORD_FIELDS.forEach(function (f) {
      var k = f[0], v = L.fields[k] !== undefined ? L.fields[k] : (rec[k] || '');
      var inp;
      if (f[2] === 'long') inp = el('textarea', { rows: '4' });
      else if (f[2] === 'choice') inp = el('select', {}, CONCLUSION.map(function (o) { return el('option', { value: o[0], text: o[1] }); }));
      else inp = el('input', { type: f[2] });
      inp.id = 'f-' + k;
      inp.name = k;
      inp.value = v;
      if (stepped && STEP_ONLY.indexOf(k) >= 0) inp.disabled = true;
      inp.addEventListener(f[2] === 'choice' || f[2] === 'date' || f[2] === 'time' ? 'change' : 'input', function () {
        L.fields[k] = inp.value;
        typed();
      });
      form.appendChild(el('div', { 'class': 'field' }, [el('label', { 'for': inp.id, text: f[1] }), inp]));
    });
    // photos: the camera
    form.appendChild(el('h2', { text: '现场照片' }));
    PHOTOS.forEach(function (f) {
      var waiting = q.filter(function (c) { return c.kind === 'photo' && c.field === f[0]; })[0];
      var st = waiting ? '已拍摄，待发送' : rec[f[0]] ? '已上传' : '未拍摄';
      var inp = el('input', { type: 'file', accept: 'image/*', capture: 'environment', id: 'f-' + f[0], name: f[0],
        onchange: function () {
          var file = inp.files && inp.files[0];
          if (!file) return;
          var key = t.id + ':' + f[0];
          blobSm3(file).then(function (h) {
            return dbPut('photos', { key: key, recordId: t.id, field: f[0], name: file.name || 'photo.jpg',
                                     type: file.type, size: file.size, blob: file, sm3: h, uploadId: null,
                                     received: 0 });
          }).then(function () {
              return enqueueMerged({ kind: 'photo', recordId: t.id, field: f[0], photoKey: key,
                                     url: 'photo:' + key, label: f[1], body: {} });
            }).then(render);
        } });
      form.appendChild(el('div', { 'class': 'field' }, [
        el('label', { 'for': inp.id, text: f[1] + '（' + st + '）' }), inp]));
    });
    var bSave = el('button', { type: 'button', id: 'offline-save', text: '保存修改（待发送）',
                               onclick: function () { queueChanges(t, false).then(afterQueue); } });
    var bDone = el('button', { type: 'button', 'class': 'primary', id: 'offline-done', text: '完成现场检查',
                               hidden: stepped,
                               onclick: function () { queueChanges(t, true).then(afterQueue); } });
    var msg = el('div', { id: 'offline-msg', role: 'alert' });
    function afterQueue(err) {
      msg.textContent = '';
      if (err) { msg.appendChild(el('div', { 'class': 'notice err', text: err })); return; }
      render().then(function () { if (navigator.onLine) sync(); });
    }
    form.appendChild(saved);
    form.appendChild(msg);
    form.appendChild(el('div', { 'class': 'actions' }, [bDone, bSave]));
    box.appendChild(form);
  }

  // Turn what was typed into changes in the queue: each result that
  // differs from what the server has (or a change already waiting), the
  // on-site fields as the step 记录现场检查 (bDone) or, once the record is
  // past it, as a change of the record.  Resolves an error text or null.
  function queueChanges(t, bDone) {
    return Promise.all([dbGet('tasks', t.id), dbAll('queue')]).then(function (a) {
      var cur = a[0] || t, q = a[1].filter(function (c) { return c.recordId === t.id; });
      var base = {}, ps = [];
      q.forEach(function (c) { base[c.url] = Object.assign(base[c.url] || {}, c.body); });
      cur.results.forEach(function (x) {
        var mine = cur.local.results[x.id], url = '/api/v1/inspections/' + t.id + '/results/' + x.id;
        if (!mine) return;
        var b = base[url] || {}, body = {};
        ['result', 'note'].forEach(function (k) {
          if (mine[k] === undefined) return;
          var had = b[k] !== undefined ? b[k] : x[k];
          if ((mine[k] || null) !== (had || null)) body[k] = mine[k] || null;
        });
        if (mine.result === 'fail' && !(mine.note || b.note || x.note)) body._err = x.item;
        if (Object.keys(body).length) ps.push({ kind: 'result', recordId: t.id, childId: x.id, method: 'PUT', url: url,
                                                 label: '检查结果：' + x.item, body: body });
      });
      var bad = ps.filter(function (c) { return c.body._err; })[0];
      if (bad) return '“' + bad.body._err + '”为不符合，请填写情况说明';
      var stepUrl = '/api/v1/inspections/' + t.id + '/inspect', recUrl = '/api/v1/inspections/' + t.id;
      var stepped = cur.record.status !== 'notified' && cur.record.status !== 'approved' ||
        q.some(function (c) { return c.url === stepUrl; });
      var had = Object.assign({}, base[stepUrl] || {}, base[recUrl] || {}), body = {};
      RECORD_FIELDS.forEach(function (f) {
        var k = f[0], v = cur.local.fields[k];
        if (v === undefined || (stepped && STEP_ONLY.indexOf(k) >= 0)) return;
        var h = had[k] !== undefined ? had[k] : cur.record[k];
        if ((v || null) !== (h || null) || (bDone && !stepped && v)) body[k] = v || null;
      });
      if (bDone && !stepped) {
        var all = Object.assign({}, cur.record, had, body), miss = [];
        [['inspect_on', '检查日期'], ['place', '检查地点'], ['conclusion', '检查结论']].forEach(function (f) {
          if (!all[f[0]]) miss.push(f[1]);
        });
        if (miss.length) return '完成现场检查前请填写：' + miss.join('、');
        RECORD_FIELDS.forEach(function (f) { if (all[f[0]] && body[f[0]] === undefined) body[f[0]] = all[f[0]]; });
        ps.push({ kind: 'step', recordId: t.id, method: 'POST', url: stepUrl, label: '记录现场检查', body: body });
      } else if (stepped && Object.keys(body).length) {
        // before the step the on-site fields wait on the phone and go with it
        ps.push({ kind: 'record', recordId: t.id, method: 'PUT', url: recUrl, label: '现场检查情况', body: body });
      }
      if (!ps.length) return null;
      return ps.reduce(function (p, c) {
        return p.then(function () { return c.kind === 'step' ? enqueue(c) : enqueueMerged(c); });
      }, Promise.resolve()).then(function () { return null; });
    });
  }

  // A change that no longer fits: both versions side by side, and the
  // inspector's choice; nothing typed is thrown away.
  function conflictPanel(c, t) {
    var server = c.server, gone = c.error.status === 404 || c.error.status === 410;
    var rows = Object.keys(c.body).map(function (k) {
      return el('tr', {}, [el('th', { text: fieldLabel(k) }),
        el('td', { 'class': 'mine', text: shown(k, c.body[k]) }),
        el('td', { 'class': 'theirs', text: server ? shown(k, server[k]) : '（无）' })]);
    });
    if (c.kind === 'photo') rows = [el('tr', {}, [el('th', { text: c.label }), el('td', { 'class': 'mine', text: '手机上的照片' }),
      el('td', { 'class': 'theirs', text: server && server[c.field] ? '已有照片' : '（无）' })])];
    var panel = el('div', { 'class': 'notice err offline-conflict', role: 'alert', 'data-seq': c.seq }, [
      el('p', {}, [el('strong', { text: c.label + '：未能发送。' }),
        gone ? '这项任务已改派他人、已被删除或您已不能修改它。' : '服务器上的记录已被他人修改或状态已变化。']),
      el('p', { 'class': 'small', text: '服务器的答复：' + c.error.message }),
      el('table', { 'class': 'list offline-diff' }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: '项目' }), el('th', { text: '我填写的' }), el('th', { text: '服务器上的' })])]),
        el('tbody', {}, rows)]),
      el('div', { 'class': 'actions' }, [
        gone ? null : el('button', { type: 'button', 'class': 'primary', 'data-choice': 'mine', text: '用我填写的',
          onclick: function () { resolve(c, t, true); } }),
        el('button', { type: 'button', 'data-choice': 'theirs', text: gone ? '不再发送' : '采用服务器上的',
          onclick: function () { resolve(c, t, false); } })
      ]),
      el('p', { 'class': 'small', text: gone ? '不再发送时，您填写的内容仍保留在“今日任务”页的“未采用的输入”中。'
        : '采用服务器上的内容时，您填写的内容仍保留在“今日任务”页的“未采用的输入”中，可对照后重新填写。' })
    ]);
    return panel;
  }
  function resolve(c, t, bMine) {
    var server = c.server;
    return dbGet('tasks', c.recordId).then(function (cur) {
      cur = cur || t;
      if (server && c.kind === 'result') {
        cur.results.forEach(function (x) {
          if (x.id === c.childId) { x.version = server.version; if (!bMine) { x.result = server.result; x.note = server.note; } }
        });
      } else if (server && server.version) {
        cur.record = server;
      }
      if (bMine) {
        // sent again on the server's current version, with a new key
        c.state = 'waiting';
        c.idemKey = newKey();
        c.sentBody = null;
        c.attempted = false;
        c.error = null;
        c.server = null;
        return dbPut('tasks', cur).then(function () { return dbPut('queue', c); })
          .then(function () { return sync(); });
      }
      if (c.kind === 'result' && cur.local.results[c.childId]) delete cur.local.results[c.childId];
      if (c.kind !== 'result' && c.kind !== 'photo') Object.keys(c.body).forEach(function (k) { delete cur.local.fields[k]; });
      var keep = { recordId: c.recordId, title: cur.record ? cur.record.title : '', label: c.label,
                   body: c.kind === 'photo' ? { photo: '照片仍在手机上，可重新拍摄' } : c.body, at: Date.now() };
      return dbPut('kept', keep).then(function () { return dbPut('tasks', cur); })
        .then(function () { return dbDel('queue', c.seq); })
        .then(function () { return sync(); });
    });
  }

  // ---- start ----
  window.addEventListener('online', function () { sync(); });
  window.addEventListener('offline', function () { refreshBadge(); });
  var page = root.getAttribute('data-page') === 'task' ? taskPage : listPage;
  page().then(function () {
    if (navigator.onLine) { registerWorker(); return sync(); }
  });
})();
