// fazhi -- the service worker of 今日任务 (scope /today): the kept pages and
// assets open without a network.  offline.js puts them into the cache when
// the inspector keeps the day's tasks; here a request is tried on the
// network first and answered from the cache when there is none.  The
// tasks' data is not here but in IndexedDB (offline.js); the API is never
// cached (the documents are kept under /today/doc/).  Sign-out deletes
// the cache (app.js).
'use strict';
var CACHE = 'fazhi-offline-v1';

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (e) { e.waitUntil(self.clients.claim()); });

function kept(url) {
  return url.origin === self.location.origin &&
    (url.pathname === '/today' || url.pathname === '/today/task' ||
     url.pathname.indexOf('/static/') === 0);
}

// A task's documents (/today/doc/<id>/<kind>.pdf) exist only as the copies
// offline.js kept: answered from the cache, with or without a network.
function doc(e) {
  return caches.open(CACHE).then(function (c) { return c.match(e.request); }).then(function (hit) {
    return hit || new Response('<!DOCTYPE html><meta charset="utf-8"><title>未保存</title>' +
      '<p>这份文书没有保存在手机上。请在有网络时打开“今日任务”并保存任务。</p>',
      { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  });
}

self.addEventListener('fetch', function (e) {
  var url = new URL(e.request.url);
  if (e.request.method !== 'GET') return;
  if (url.origin === self.location.origin && url.pathname.indexOf('/today/doc/') === 0) {
    e.respondWith(doc(e));
    return;
  }
  if (!kept(url)) return;
  e.respondWith(fetch(e.request).catch(function () {
    return caches.open(CACHE).then(function (c) {
      return c.match(e.request, { ignoreSearch: true });
    }).then(function (hit) {
      return hit || new Response('<!DOCTYPE html><meta charset="utf-8"><title>无网络</title>' +
        '<p>当前没有网络，此页面未保存在手机上。请在有网络时打开“今日任务”并保存。</p>',
        { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    });
  }));
});
