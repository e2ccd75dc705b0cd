// Time-zone fields (sign-up, settings): fill in or offer the zone this device reports.
// Progressive enhancement only: without it the field is a searchable list the server checks.
(function () {
  "use strict";

  function deviceZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function show(note, zone) {
    if (!note) return;
    note.querySelector("[data-zone]").textContent = zone;
    note.hidden = false;
  }

  document.querySelectorAll("input[data-timezone-input]").forEach(function (input) {
    var zone = deviceZone();
    var field = input.closest(".field") || document;
    if (!zone) return;
    if (!input.value) {
      // Sign-up: say what was detected; the runner can still change it.
      input.value = zone;
      show(field.querySelector("[data-timezone-detected]"), zone);
    } else if (input.value !== zone) {
      // Settings: offer the device's zone when it differs from the saved one.
      var offer = field.querySelector("[data-timezone-device]");
      show(offer, zone);
      if (offer) {
        offer.querySelector("button").addEventListener("click", function () {
          input.value = zone;
          input.focus();
        });
      }
    }
  });
})();
