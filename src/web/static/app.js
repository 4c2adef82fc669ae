// fazhi -- the little script the pages use (no inline script: CSP).
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var btn = document.querySelector('.menu-btn');
  var nav = document.getElementById('nav');
  if (btn && nav) {
    btn.addEventListener('click', function () {
      var open = nav.classList.toggle('open');
      btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  }
  // A list drawn without html_cell still gets its phone labels: each cell
  // takes the text of its column's header as data-label (app.css).
  document.querySelectorAll('table.list').forEach(function (t) {
    var heads = Array.prototype.map.call(t.querySelectorAll('thead th'), function (th) {
      return th.textContent.trim();
    });
    t.querySelectorAll('tbody tr').forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, i) {
        if (!td.hasAttribute('data-label')) td.setAttribute('data-label', heads[i] || '');
      });
    });
  });
  // Sign-out removes what 今日任务 kept on this phone (offline.js): the
  // tasks and waiting changes in IndexedDB, the kept pages, the worker.
  document.querySelectorAll('form.logout').forEach(function (f) {
    var bCleared = false;
    f.addEventListener('submit', function (e) {
      if (bCleared || !window.indexedDB) return;
      e.preventDefault();
      var done = function () { bCleared = true; f.submit(); };
      var wipe = function () {
        var q = indexedDB.deleteDatabase('fazhi-offline');
        var ps = [new Promise(function (res) { q.onsuccess = q.onerror = q.onblocked = res; })];
        if (window.caches) ps.push(caches.delete('fazhi-offline-v1'));
        if (navigator.serviceWorker) {
          ps.push(navigator.serviceWorker.getRegistrations().then(function (rs) {
            return Promise.all(rs.map(function (r) { return r.unregister(); }));
          }));
        }
        return Promise.all(ps);
      };
      var ask = new Promise(function (res) {
        var o = indexedDB.open('fazhi-offline');
        o.onupgradeneeded = function () { o.transaction.abort(); res(0); };
        o.onerror = function () { res(0); };
        o.onsuccess = function () {
          var d = o.result, n = 0;
          if (!d.objectStoreNames.contains('queue')) { d.close(); res(0); return; }
          var c = d.transaction('queue').objectStore('queue').count();
          c.onsuccess = function () { n = c.result; };
          c.onerror = function () { n = 0; };
          c.transaction.oncomplete = function () { d.close(); res(n); };
        };
      });
      ask.then(function (n) {
        if (n && !window.confirm('手机上还有' + n + '项检查记录的修改或照片未发送，退出将删除它们。确定退出吗？')) return;
        return wipe().then(done, done);
      }, done);
    });
  });
  // A report paragraph's text (textarea data-chips) is edited with its
  // figures as named chips: chips.js, loaded only where it is needed.
  if (document.querySelector('textarea[data-chips]')) {
    var sc = document.createElement('script');
    sc.src = '/static/chips.js';
    document.head.appendChild(sc);
  }
  // Dangerous actions ask once, naming the record (data-confirm).
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      if (!window.confirm(f.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
});
