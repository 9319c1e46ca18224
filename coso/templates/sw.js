/* Cơ Sở service worker (served at /sw.js, scope "/"), version {{ version }}.
 *
 * Caches only what is the same for every user: the static files below and the offline page
 * (no personal data). Pages, the API and media always go to the network and are never
 * stored. Without network, a page opens the offline page, which records visits into the
 * outbox (IndexedDB); a visit posted by the record form while the network drops is put in
 * the outbox here. The outbox is sent by the pages (outbox.js) and by Background Sync.
 */
"use strict";
importScripts("{{ outbox_js }}");

var CACHE = "coso-{{ version }}";
var OFFLINE_URL = "{{ offline_url }}";
var RECORD_URL = "{{ record_url }}";
var PRECACHE = {{ precache }};
// Files opened by a link (exports, papers, media) are left to the browser untouched.
var DOWNLOADS = /(\.(xlsx|docx|pdf|ics|json|csv|zip|jpg|png)$)|\/export|\/files\/|^\/media\/|^\/admin\//;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(PRECACHE.concat([new Request(OFFLINE_URL, { credentials: "omit" })]));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("coso-") === 0 && key !== CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage(query) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(OFFLINE_URL);
  }).then(function (response) {
    if (!query || !response) { return response; }
    // Tell the page what happened, through its URL (the cached body is the same for everyone).
    return Response.redirect(OFFLINE_URL + query, 303);
  });
}

function recordPostedVisit(request) {
  return request.formData().then(function (data) {
    return self.CosoOutbox.entryFromFormData(data);
  }).then(function (entry) {
    if (!entry) { return offlinePage("?error=1"); }
    return self.CosoOutbox.put(entry).then(function () {
      if (self.registration.sync) {
        self.registration.sync.register("coso-outbox").catch(function () {});
      }
      return offlinePage("?saved=" + encodeURIComponent(entry.client_id));
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate" && url.pathname === RECORD_URL) {
    var copy = request.clone();
    event.respondWith(fetch(request).catch(function () { return recordPostedVisit(copy); }));
    return;
  }
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate" && !DOWNLOADS.test(url.pathname)) {
    // Pages: always the network (they carry personal data); the offline page when there is none.
    event.respondWith(fetch(request).catch(function () {
      return offlinePage("");
    }));
    return;
  }
  if (PRECACHE.indexOf(url.pathname) !== -1 || url.pathname === OFFLINE_URL) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) {
        return hit || fetch(request);
      });
    }));
  }
  // Everything else (API, media, other pages' fragments): the network, untouched.
});

self.addEventListener("sync", function (event) {
  if (event.tag === "coso-outbox") {
    event.waitUntil(self.CosoOutbox.sendAll().then(function (result) {
      return self.clients.matchAll().then(function (clients) {
        clients.forEach(function (client) { client.postMessage({ type: "coso-outbox", result: result }); });
      });
    }));
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "coso-send-outbox") {
    event.waitUntil(self.CosoOutbox.sendAll());
  }
});
