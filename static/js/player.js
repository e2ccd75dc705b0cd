// The guided player. The server builds the timeline (routines/timeline.py) and hands it
// over in #player-data; this script only plays it. Time comes from the clock, never from
// counting ticks, so a throttled or hidden tab is still right when it looks again.
(function () {
  "use strict";

  var root = document.querySelector("[data-player]");
  var dataNode = document.getElementById("player-data");
  if (!root || !dataNode || !window.JSON) return;

  var exercises = JSON.parse(dataNode.textContent);
  var steps = [];
  exercises.forEach(function (exercise, exerciseIndex) {
    exercise.steps.forEach(function (step) {
      steps.push(Object.assign({ exerciseIndex: exerciseIndex }, step));
    });
  });
  if (!steps.length) return;

  var cues = window.AnklesCues || { unlock: function () {}, beep: function () {}, say: function () {}, vibrate: function () {} };
  var REST_KINDS = { ready: true, rest: true, switch: true };
  var MORE_REST_MS = 15000;
  var RETRY_MS = [2000, 5000, 10000, 20000, 30000];

  function field(name) { return root.querySelector("[data-field='" + name + "']"); }
  function control(name) { return root.querySelector("[data-action='" + name + "']"); }

  var stage = root.querySelector("[data-player-stage]");
  var intro = root.querySelector("[data-player-intro]");
  var finished = root.querySelector("[data-player-finished]");
  var markForm = root.querySelector("[data-mark-form]");
  var day = root.getAttribute("data-day");
  var dayWords = root.getAttribute("data-day-words") || day;

  var state = {
    index: 0,
    stepStart: 0, // performance.now() when the current step began (shifted by pauses)
    extra: 0, // milliseconds added to the current step (+15 s rest)
    pausedAt: null,
    running: false,
    timer: null,
    shownCount: null,
    marks: {}, // slug → "saving" | "saved" | "retrying"
    wakeLock: null,
  };

  // --- Settings, remembered on this device ------------------------------------------

  function cueOn(name) {
    try {
      return window.localStorage.getItem("ankles.cue." + name) !== "off";
    } catch (error) {
      return true;
    }
  }

  root.querySelectorAll("[data-cue]").forEach(function (box) {
    var name = box.getAttribute("data-cue");
    box.checked = cueOn(name);
    box.addEventListener("change", function () {
      try {
        window.localStorage.setItem("ankles.cue." + name, box.checked ? "on" : "off");
      } catch (error) { /* private mode: the choice lasts for this page only */ }
    });
  });

  function setting(name) {
    var box = root.querySelector("[data-cue='" + name + "']");
    return box ? box.checked : true;
  }

  function say(text) { if (setting("voice")) cues.say(text); }
  function beep(frequency, ms) { if (setting("beep")) cues.beep(frequency, ms); }
  function buzz(pattern) { if (setting("vibrate")) cues.vibrate(pattern); }

  // --- Screen wake lock ---------------------------------------------------------------

  function keepAwake() {
    if (!navigator.wakeLock || state.wakeLock || !state.running || state.pausedAt !== null) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      state.wakeLock = lock;
      lock.addEventListener("release", function () { state.wakeLock = null; });
    }).catch(function () { /* refused (battery saver, hidden page): carry on without */ });
  }

  function letSleep() {
    if (state.wakeLock) state.wakeLock.release();
    state.wakeLock = null;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      keepAwake(); // the browser releases the lock whenever the page is hidden
      tick();
    }
  });

  // --- Words on the screen -------------------------------------------------------------

  function describe(step) {
    var parts = [];
    if (step.side) parts.push(step.side.charAt(0).toUpperCase() + step.side.slice(1) + " side");
    parts.push("Set " + step.set + " of " + step.sets);
    if (step.rep) parts.push("Rep " + step.rep + " of " + step.reps);
    return parts.join(" · ");
  }

  function nextWords(index) {
    var next = steps[index + 1];
    if (!next) return "Next: finished";
    if (next.exerciseIndex !== steps[index].exerciseIndex) return "Next: " + exercises[next.exerciseIndex].name;
    if (next.kind === "up" || next.kind === "down" || next.kind === "hold") {
      return "Next: " + next.cue + (next.rep ? " (rep " + next.rep + ")" : "");
    }
    return "Next: " + next.cue;
  }

  function announce(text) {
    var region = field("announce");
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 30);
  }

  function status(text, isError) {
    var box = field("status");
    box.textContent = text;
    box.classList.toggle("is-error", !!isError);
  }

  function startsASet(index) {
    var step = steps[index];
    var previous = steps[index - 1];
    return step.rep <= 1 && !(previous && previous.rep === 1 && previous.set === step.set && previous.side === step.side);
  }

  function showStep(fresh) {
    var step = steps[state.index];
    var exercise = exercises[step.exerciseIndex];
    field("exercise").textContent = exercise.name;
    field("where").textContent = describe(step);
    field("cue").textContent = step.cue;
    field("next").textContent = nextWords(state.index);
    root.querySelectorAll("[data-picture-for]").forEach(function (picture) {
      picture.hidden = picture.getAttribute("data-picture-for") !== exercise.slug;
    });
    control("more-rest").disabled = !REST_KINDS[step.kind];
    if (!fresh) return;
    state.shownCount = null;
    // Spoken and announced at the moments that matter, not every second.
    if (step.say) say(step.say);
    if (REST_KINDS[step.kind]) {
      announce(step.cue + ". " + step.seconds + " seconds. " + nextWords(state.index) + ".");
      beep(440, 200);
      buzz(200);
    } else if (startsASet(state.index)) {
      announce(exercise.name + ". " + describe(step) + ". " + step.cue + ".");
      beep(880, 150);
      buzz([80, 60, 80]);
    } else {
      beep(step.kind === "down" ? 520 : 760, 90);
    }
  }

  function currentLength() { return steps[state.index].seconds * 1000 + state.extra; }

  function exerciseProgress(now) {
    var step = steps[state.index];
    var total = 0;
    var done = 0;
    steps.forEach(function (other, i) {
      if (other.exerciseIndex !== step.exerciseIndex) return;
      total += other.seconds;
      if (i < state.index) done += other.seconds;
    });
    done += Math.min(step.seconds, (now - state.stepStart) / 1000);
    return total ? done / total : 0;
  }

  // --- The clock --------------------------------------------------------------------

  function tick() {
    if (!state.running || state.pausedAt !== null) return;
    var now = performance.now();
    var moved = false;
    // Catch up on every step that ended while the tab slept; carry the overshoot on.
    while (now - state.stepStart >= currentLength()) {
      var ended = steps[state.index];
      state.stepStart += currentLength();
      state.extra = 0;
      if (!steps[state.index + 1] || steps[state.index + 1].exerciseIndex !== ended.exerciseIndex) {
        markDone(exercises[ended.exerciseIndex]);
      }
      if (!steps[state.index + 1]) { finish(); return; }
      state.index += 1;
      moved = true;
    }
    if (moved) showStep(now - state.stepStart < 1000);
    var step = steps[state.index];
    var left = Math.ceil((currentLength() - (now - state.stepStart)) / 1000);
    if (left !== state.shownCount) {
      state.shownCount = left;
      field("count").textContent = String(left);
      field("count").classList.toggle("is-last", left <= 3 && REST_KINDS[step.kind] === true);
      if (REST_KINDS[step.kind] && left <= 3 && left >= 1) beep(660, 80);
      if (step.kind === "rest" && left === 10 && step.seconds > 15) announce("10 seconds left. " + nextWords(state.index) + ".");
    }
    field("bar").value = exerciseProgress(now);
  }

  function startClock() {
    if (state.timer === null) state.timer = window.setInterval(tick, 200);
  }

  function stopClock() {
    if (state.timer !== null) window.clearInterval(state.timer);
    state.timer = null;
  }

  function goTo(index) {
    state.index = Math.max(0, Math.min(index, steps.length - 1));
    state.stepStart = performance.now();
    state.extra = 0;
    if (state.pausedAt !== null) state.pausedAt = state.stepStart;
    showStep(true);
    tick();
  }

  // --- Marking done, once, for the day the session started -------------------------

  function markDone(exercise, attempt) {
    attempt = attempt || 0;
    var mark = state.marks[exercise.slug];
    if (exercise.done || mark === "saved" || (mark === "saving" && !attempt)) return;
    state.marks[exercise.slug] = "saving";
    var body = new FormData(markForm);
    body.set("exercise", exercise.slug);
    body.set("on", day);
    fetch(markForm.action, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.status === 400 || response.status === 403) {
          // The server refused it (the day left the late-logging window, or signed out):
          // trying again would not help.
          state.marks[exercise.slug] = "failed";
          status("Couldn't mark " + exercise.name + " done: open Today and mark it there.", true);
          return;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        state.marks[exercise.slug] = "saved";
        exercise.done = true;
        status(exercise.name + ": marked done.", false);
      })
      .catch(function () {
        var wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
        state.marks[exercise.slug] = "retrying";
        status("Couldn't save " + exercise.name + " as done (offline?). Trying again in " + Math.round(wait / 1000) + " s.", true);
        window.setTimeout(function () { markDone(exercise, attempt + 1); }, wait);
      });
  }

  // --- Controls -------------------------------------------------------------------------

  function start() {
    cues.unlock(); // inside the tap, so the browser lets the page make sound
    intro.hidden = true;
    // While playing, the screen is the player's: no summary, no list of cards.
    root.querySelectorAll("[data-player-summary], [data-player-fallback]").forEach(function (element) {
      element.hidden = true;
    });
    stage.hidden = false;
    stage.scrollIntoView({ block: "start" });
    state.running = true;
    keepAwake();
    goTo(0);
    startClock();
    control("pause").focus();
  }

  function pause() {
    var button = control("pause");
    if (state.pausedAt === null) {
      state.pausedAt = performance.now();
      button.textContent = "Resume";
      announce("Paused.");
      if (window.speechSynthesis) window.speechSynthesis.cancel();
      letSleep();
    } else {
      state.stepStart += performance.now() - state.pausedAt;
      state.pausedAt = null;
      button.textContent = "Pause";
      announce("Resumed. " + steps[state.index].cue + ".");
      keepAwake();
      tick();
    }
  }

  function back() {
    // Within the first two seconds of a step, go to the one before; later, restart this one.
    var into = (state.pausedAt !== null ? state.pausedAt : performance.now()) - state.stepStart;
    goTo(into < 2000 ? state.index - 1 : state.index);
  }

  function skip() {
    var step = steps[state.index];
    var following = steps[state.index + 1];
    if (!following || following.exerciseIndex !== step.exerciseIndex) markDone(exercises[step.exerciseIndex]);
    if (!following) { finish(); return; }
    goTo(state.index + 1);
  }

  function moreRest() {
    if (!REST_KINDS[steps[state.index].kind]) return;
    state.extra += MORE_REST_MS;
    announce("15 seconds more.");
    tick();
  }

  function end(heading, text) {
    state.running = false;
    stopClock();
    letSleep();
    if (window.speechSynthesis) window.speechSynthesis.cancel();
    stage.hidden = true;
    finished.hidden = false;
    var fallback = root.querySelector("[data-player-fallback]");
    if (fallback) fallback.hidden = false;
    field("finished-heading").textContent = heading;
    field("finished-text").textContent = text;
    finished.focus();
  }

  function finish() {
    say("Well done. Session complete.");
    beep(988, 300);
    buzz([120, 80, 120, 80, 240]);
    var names = exercises.map(function (exercise) { return exercise.name; }).join(", ");
    end("Well done", "You finished " + names + ". It counts for " + dayWords + ".");
  }

  function stop() {
    var done = exercises.filter(function (exercise) { return exercise.done || state.marks[exercise.slug]; });
    end("Stopped", done.length ? "Marked done: " + done.map(function (e) { return e.name; }).join(", ") + "." : "Nothing was marked done.");
  }

  control("start").addEventListener("click", start);
  control("pause").addEventListener("click", pause);
  control("back").addEventListener("click", back);
  control("skip").addEventListener("click", skip);
  control("more-rest").addEventListener("click", moreRest);
  control("stop").addEventListener("click", stop);

  intro.hidden = false;
  var note = root.querySelector("[data-fallback-note]");
  if (note) note.hidden = true;
})();
