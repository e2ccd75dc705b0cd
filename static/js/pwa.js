// The installable app: registers the service worker, says when the page is offline and
// what waits to be sent, offers reminders on this device, and forgets the cached pages
// on logout. Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;

  var NOTE_KEY = "ankles-replay-note";

  function banner() {
    var box = document.querySelector("[data-offline-banner]");
    if (!box) {
      box = document.createElement("p");
      box.className = "message offline-banner";
      box.setAttribute("role", "status");
      box.setAttribute("data-offline-banner", "");
      box.hidden = true;
      var main = document.getElementById("main");
      if (main) main.insertBefore(box, main.firstChild);
    }
    return box;
  }

  var waiting = 0;
  var notice = "";

  // `extra`, when given, is what happened last (kept until something else happens).
  function showState(extra) {
    if (typeof extra === "string") notice = extra;
    var parts = [];
    if (!navigator.onLine) {
      parts.push("You are offline: this page is the copy saved on this device and may be out of date.");
      parts.push("Marks you make now are kept here and sent when you are back online.");
    }
    if (waiting > 0) {
      parts.push(waiting === 1 ? "1 change is waiting to be sent." : waiting + " changes are waiting to be sent.");
    }
    if (notice) parts.push(notice);
    var box = banner();
    box.textContent = parts.join(" ");
    box.hidden = parts.length === 0;
  }

  function toWorker(message) {
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage(message);
  }

  // Changes still wait while the browser says it is online: the connection came back
  // before the network did, or the server did not answer. Try again after 1, 2, 4… s
  // (at most 30 s apart) for as long as this page is open.
  var retryDelay = 0;
  var retryTimer = null;
  function replayLater() {
    if (retryTimer || !navigator.onLine) return;
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 1000, 30000);
    retryTimer = setTimeout(function () { retryTimer = null; toWorker({ type: "replay" }); }, retryDelay);
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (typeof data.waiting === "number") {
      waiting = data.waiting;
      if (waiting === 0) retryDelay = 0;
      else if (data.type === "status") replayLater();
    }
    if (data.type === "replayed") {
      var note = data.sent ? (data.sent === 1 ? "1 change made offline was saved." : data.sent + " changes made offline were saved.") : "";
      if (data.problems && data.problems.length) note = (note + " " + data.problems.join(" ")).trim();
      if (data.sent) {
        // Show the saved marks: reload, and say what happened on the fresh page.
        try { sessionStorage.setItem(NOTE_KEY, note); } catch (error) { /* private mode */ }
        window.location.reload();
        return;
      }
      showState(note);
    } else {
      showState();
    }
  });

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    if (navigator.onLine) toWorker({ type: "replay" });
  }).catch(function () { /* no offline copy; the site works as before */ });

  function staticFiles() {
    var found = [];
    document.querySelectorAll("script[src], link[rel=stylesheet], link[rel~=icon], img[src]").forEach(function (element) {
      var url = element.src || element.href;
      if (url && url.indexOf(window.location.origin + "/static/") === 0) found.push(url);
    });
    return found;
  }

  // The first time the worker takes over, it keeps this page and its files too (it missed their load).
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    toWorker({ type: "remember", url: window.location.href, files: staticFiles() });
    if (navigator.onLine) toWorker({ type: "replay" });
  });

  window.addEventListener("online", function () { showState(); toWorker({ type: "replay" }); });
  window.addEventListener("offline", function () { showState(); });

  function start() {
    var note = null;
    try { note = sessionStorage.getItem(NOTE_KEY); sessionStorage.removeItem(NOTE_KEY); } catch (error) { /* private mode */ }
    showState(note);
    enhancePushSetup();
    forgetOnLogout();
  }

  // Logging out empties this device's saved pages, so the next person sees none of them.
  // (The server also answers the logout with Clear-Site-Data.)
  function forgetOnLogout() {
    document.querySelectorAll("form[action*='logout']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-cleared") === "true" || !window.caches) return;
        event.preventDefault();
        var done = function () { form.setAttribute("data-cleared", "true"); form.submit(); };
        caches.keys().then(function (names) {
          return Promise.all(names.map(function (name) { return caches.delete(name); }));
        }).then(done, done);
      });
    });
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // Settings: "Remind me on this device" asks for permission only after the tap.
  function enhancePushSetup() {
    var setup = document.querySelector("[data-push-setup]");
    if (!setup || !("PushManager" in window) || !("Notification" in window)) return;
    var status = setup.querySelector("[data-push-status]");
    var button = setup.querySelector("[data-push-subscribe]");
    setup.hidden = false;
    var note = document.querySelector("[data-push-unsupported]");
    if (note) note.hidden = true;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "Asking this browser…";
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") throw new Error("Notifications are blocked for this site in this browser's settings.");
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        return registration.pushManager.getSubscription().then(function (existing) {
          return existing || registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(setup.getAttribute("data-vapid-key")),
          });
        });
      }).then(function (subscription) {
        var token = document.querySelector("input[name=csrfmiddlewaretoken]");
        return fetch(setup.getAttribute("data-subscribe-url"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
          body: JSON.stringify(subscription.toJSON()),
        });
      }).then(function (response) {
        if (!response.ok) throw new Error("The server could not store this device. Please try again.");
        window.location.reload();
      }).catch(function (error) {
        status.textContent = error.message || "This browser could not turn on notifications.";
        button.disabled = false;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
