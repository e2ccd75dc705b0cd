// The heel-rise test's beat: 60 beats a minute (up on one beat, down on the next), played
// with the guided player's metronome (static/js/cues.js). The button shows only with a
// script (data-needs-js); without one, the page says to use any metronome at 60.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-metronome]");
    var count = document.querySelector("[data-metronome-count]");
    if (!button || !window.AnklesCues) return;
    var running = null;
    button.addEventListener("click", function () {
      if (running) {
        running.stop();
        running = null;
        button.textContent = "Start the beat (60 a minute)";
        button.setAttribute("aria-pressed", "false");
        return;
      }
      running = window.AnklesCues.metronome(60, function (beat) {
        if (count) count.textContent = (beat % 2 ? "Down" : "Up") + " · rep " + (Math.floor(beat / 2) + 1);
      });
      button.textContent = "Stop the beat";
      button.setAttribute("aria-pressed", "true");
    });
  });
})();
