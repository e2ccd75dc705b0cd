// Progressive enhancement only: every action works without this file.
(function () {
  "use strict";

  // Exercise videos: load the privacy-enhanced player only when asked.
  function enhanceVideos(root) {
    root.querySelectorAll(".video[data-embed]").forEach(function (box) {
      var link = box.querySelector("a");
      if (!link) return;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var frame = document.createElement("iframe");
        frame.src = box.getAttribute("data-embed");
        frame.title = box.getAttribute("data-title") || "Exercise video";
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        box.replaceChildren(frame);
        frame.focus();
      });
    });
  }

  // Mark done / undo without a full page reload: post the form, then swap in the
  // freshly rendered page region the server redirected to.
  function enhanceForms(root) {
    root.querySelectorAll("form[data-enhance]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.fetch || !window.DOMParser) return;
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        if (button.getAttribute("aria-busy") === "true") return;
        button.setAttribute("aria-busy", "true");
        button.disabled = true;
        var cardId = form.closest("[id]") ? form.closest("[id]").id : null;
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" },
        })
          .then(function (response) {
            return response.text().then(function (html) { return { response: response, html: html }; });
          })
          .then(function (result) {
            var doc = new DOMParser().parseFromString(result.html, "text/html");
            if (!result.response.ok) {
              var message = doc.querySelector("[data-error-message]");
              showError(form, message ? message.textContent : "Something went wrong. Please try again.");
              return;
            }
            var fresh = doc.querySelector("[data-live-region]");
            var current = document.querySelector("[data-live-region]");
            if (!fresh || !current) { window.location.reload(); return; }
            var wasComplete = !!current.querySelector("[data-completion]");
            current.replaceWith(fresh);
            init(fresh);
            var completion = fresh.querySelector("[data-completion]");
            if (completion && !wasComplete) {
              // The last mark: show the completion where the runner is looking, and say it.
              announce(completion.textContent.replace(/\s+/g, " ").trim());
              completion.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
              completion.focus({ preventScroll: true });
              return;
            }
            var again = cardId && document.getElementById(cardId);
            var target = again && again.querySelector("button[type=submit]");
            if (target) target.focus();
          })
          .catch(function () {
            showError(form, "You seem to be offline. Nothing was saved; please try again.");
          })
          .finally(function () {
            button.removeAttribute("aria-busy");
            button.disabled = false;
          });
      });
    });
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function announce(text) {
    var region = document.querySelector("[data-announce]");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // Things only a script can do (the player, dismissing a message) stay hidden without one.
  function revealScripted(root) {
    root.querySelectorAll("[data-needs-js]").forEach(function (element) { element.hidden = false; });
    root.querySelectorAll(".messages > .message").forEach(function (message) {
      if (message.querySelector(".message-dismiss")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "message-dismiss";
      button.setAttribute("aria-label", "Dismiss message");
      button.textContent = "×";
      message.appendChild(button);
      button.addEventListener("click", function () {
        var list = message.parentElement;
        message.remove();
        if (!list.children.length) list.parentElement.remove();
        var main = document.getElementById("main");
        if (main) main.focus();
      });
    });
  }

  function showError(form, text) {
    var box = form.querySelector(".message-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "message message-error";
      box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.textContent = text;
  }

  function init(root) {
    revealScripted(root);
    enhanceVideos(root);
    enhanceForms(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
