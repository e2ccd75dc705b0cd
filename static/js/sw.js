// The service worker (served at /sw.js, scope /): static files and the last pages for
// offline use, "Mark done"/"Undo" queued while offline and replayed later, and the
// reminder notifications. Every page works without it.
"use strict";

var VERSION = "1";
var STATIC_CACHE = "ankles-static-" + VERSION;
var PAGE_CACHE = "ankles-pages-" + VERSION;
var QUEUE_PATHS = ["/track/mark/", "/track/undo/"];

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== STATIC_CACHE && name !== PAGE_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// Today, the exercise pages and the calendar pages: the last copy of each is kept.
function isOfflinePage(url) {
  if (url.pathname === "/") return true;
  if (url.pathname.indexOf("/exercises/") === 0) return true;
  return url.pathname.indexOf("/calendar/") === 0 && url.pathname.indexOf("/calendar/feed/") !== 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && QUEUE_PATHS.indexOf(url.pathname) !== -1) {
    event.respondWith(postOrQueue(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate" && isOfflinePage(url)) {
    event.respondWith(networkThenCache(request));
  }
});

function staticFirst(request) {
  // Static names carry a hash of their content: a cached copy never goes stale.
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

function remember(request, response) {
  // Only the runner's own pages as served (not a redirect to the login page).
  if (!response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  return caches.open(PAGE_CACHE).then(function (cache) { return cache.put(request, response); });
}

function networkThenCache(request) {
  return fetch(request).then(function (response) {
    remember(request, response.clone());
    return response;
  }).catch(function () {
    return caches.open(PAGE_CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) { return hit || offlinePage(); });
    });
  });
}

function offlinePage() {
  var html = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Offline · Stronger Ankles</title></head><body><h1>You are offline</h1>" +
    "<p>This page was not saved on this device. <a href=\"/\">Open Today</a></p></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// ---- marks made offline ------------------------------------------------------------

function openQueue() {
  return new Promise(function (resolve, reject) {
    var opening = indexedDB.open("ankles-queue", 1);
    opening.onupgradeneeded = function () {
      opening.result.createObjectStore("marks", { keyPath: "id", autoIncrement: true });
    };
    opening.onsuccess = function () { resolve(opening.result); };
    opening.onerror = function () { reject(opening.error); };
  });
}

function inStore(mode, work) {
  return openQueue().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction("marks", mode);
      var result = work(tx.objectStore("marks"));
      tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
      tx.onerror = function () { reject(tx.error); };
    });
  });
}

function localDay() {
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
}

function postOrQueue(request) {
  var saved = request.clone();
  return fetch(request).catch(function () {
    return saved.formData().then(function (form) {
      var body = new URLSearchParams();
      form.forEach(function (value, key) { body.append(key, value); });
      // The day it was made on, so a replay tomorrow still marks the right day.
      if (!body.get("on")) body.set("on", localDay());
      var item = {
        path: new URL(saved.url).pathname,
        body: body.toString(),
        exercise: body.get("exercise") || "",
        on: body.get("on"),
        queuedAt: Date.now(),
      };
      return inStore("readwrite", function (store) { return store.add(item); });
    }).then(function () {
      if ("sync" in self.registration) self.registration.sync.register("marks").catch(function () {});
      return tell({ type: "queued" });
    }).then(function () {
      return queuedResponse(saved);
    });
  });
}

function queuedResponse(request) {
  var text = "You are offline: this is saved on this device and will be sent when you are back online.";
  if (request.mode === "navigate") {
    return Response.redirect(request.referrer || "/", 303);
  }
  // Scripts that post with fetch read the message from [data-error-message].
  var html = "<!DOCTYPE html><p data-error-message>" + text + "</p>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function queued() {
  return inStore("readonly", function (store) { return store.getAll(); });
}

var replaying = null;

function replay() {
  if (!replaying) {
    replaying = replayAll().finally(function () { replaying = null; });
  }
  return replaying;
}

function replayAll() {
  var report = { type: "replayed", sent: 0, problems: [], pending: 0 };
  return queued().then(function (items) {
    var chain = Promise.resolve(true);
    items.forEach(function (item) {
      chain = chain.then(function (goOn) {
        if (!goOn) { report.pending += 1; return false; }
        return send(item).then(function (outcome) {
          if (outcome.retry) { report.pending += 1; return false; }
          if (outcome.problem) report.problems.push(outcome.problem);
          else report.sent += 1;
          return inStore("readwrite", function (store) { return store.delete(item.id); }).then(function () { return true; });
        });
      });
    });
    return chain;
  }).then(function () {
    if (report.sent || report.problems.length) return tell(report);
  });
}

function send(item) {
  return fetch(item.path, {
    method: "POST",
    body: item.body,
    credentials: "same-origin",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Requested-With": "fetch" },
  }).then(function (response) {
    if (response.type === "opaqueredirect" || response.ok) return {};
    if (response.status === 400) {
      return response.text().then(function (html) {
        var found = /data-error-message[^>]*>([^<]*)</.exec(html);
        return { problem: "A change made offline for " + item.on + " was not saved: " + (found ? found[1].trim() : "the server refused it.") };
      });
    }
    if (response.status === 403) {
      return { problem: "A change made offline for " + item.on + " was not saved: please log in and mark it again." };
    }
    return { retry: true };
  }).catch(function () { return { retry: true }; });
}

function tell(message) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    return queued().then(function (items) {
      message.waiting = items.length;
      windows.forEach(function (client) { client.postMessage(message); });
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "marks") event.waitUntil(replay());
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "replay") {
    event.waitUntil(replay().then(function () { return tell({ type: "status" }); }));
  } else if (data.type === "remember" && data.url) {
    var work = [];
    var url = new URL(data.url);
    (data.files || []).forEach(function (file) {
      var fileUrl = new URL(file);
      if (fileUrl.origin === self.location.origin && fileUrl.pathname.indexOf("/static/") === 0) {
        work.push(staticFirst(new Request(fileUrl.href)).catch(function () {}));
      }
    });
    if (url.origin === self.location.origin && isOfflinePage(url)) {
      var request = new Request(url.href, { credentials: "same-origin" });
      work.push(fetch(request).then(function (response) { return remember(request, response); }).catch(function () {}));
    }
    event.waitUntil(Promise.all(work));
  }
});

// ---- reminders -----------------------------------------------------------------------

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data.text() };
  }
  event.waitUntil(self.registration.showNotification(data.title || "Stronger Ankles", {
    body: data.body || "Time for your three ankle exercises.",
    icon: data.icon || "/apple-touch-icon.png",
    badge: data.icon || "/apple-touch-icon.png",
    tag: data.tag || "reminder",
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i += 1) {
      if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
    }
    return self.clients.openWindow(target);
  }));
});
