// Sound, speech and vibration cues, shared by the guided player and anything else that
// needs a beep or a steady beat (a 60 bpm metronome for a heel-rise test, say).
// window.AnklesCues.unlock() must run inside a tap: browsers only let a page make sound
// from an AudioContext created or resumed by a user gesture.
(function () {
  "use strict";

  var audio = null;

  function unlock() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) audio = new Context();
    if (audio.state === "suspended") audio.resume();
    return audio;
  }

  // A short tone at `frequency` Hz, starting `delay` seconds from now.
  function beep(frequency, milliseconds, delay) {
    if (!audio) return;
    var start = audio.currentTime + (delay || 0);
    var end = start + (milliseconds || 120) / 1000;
    var oscillator = audio.createOscillator();
    var gain = audio.createGain();
    oscillator.frequency.value = frequency || 880;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.3, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(end + 0.02);
  }

  // A steady beat, scheduled on the audio clock (not on timers, which drift and get
  // throttled). Returns an object whose stop() ends it. `onBeat(n)` runs near each beat.
  function metronome(bpm, onBeat) {
    if (!unlock()) return { stop: function () {} };
    var interval = 60 / bpm;
    var next = audio.currentTime + 0.1;
    var count = 0;
    var timer = window.setInterval(function () {
      while (next < audio.currentTime + 0.5) {
        beep(count % 2 ? 660 : 990, 60, next - audio.currentTime);
        if (onBeat) window.setTimeout(onBeat.bind(null, count), Math.max(0, (next - audio.currentTime) * 1000));
        next += interval;
        count += 1;
      }
    }, 100);
    return { stop: function () { window.clearInterval(timer); } };
  }

  function say(text) {
    if (!text || !window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
    window.speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || "en-GB";
    utterance.rate = 1.05;
    window.speechSynthesis.speak(utterance);
  }

  function vibrate(pattern) {
    if (navigator.vibrate) navigator.vibrate(pattern);
  }

  window.AnklesCues = { unlock: unlock, beep: beep, metronome: metronome, say: say, vibrate: vibrate };
})();
