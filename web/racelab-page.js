// The page side of racelab: boots the WebAssembly module and exposes `window.racelab`, the
// contract that tests and embedding pages use (see DESIGN.md, "Test hooks").
'use strict';

(() => {
  const notice = document.getElementById('notice');
  const noticeText = document.getElementById('notice-text');

  function fail(message) {
    notice.hidden = false;
    notice.classList.add('failed');
    noticeText.textContent = message;
  }

  if (!self.crossOriginIsolated) {
    fail('racelab runs real threads, which need a cross-origin-isolated page. Serve it with ' +
         'the headers Cross-Origin-Opener-Policy: same-origin and ' +
         'Cross-Origin-Embedder-Policy: require-corp (scripts/run.sh does).');
  }

  let markReady;
  const ready = new Promise((resolve) => {
    markReady = resolve;
  });

  window.Module = {
    canvas: document.getElementById('canvas'),
    racelabReady() {
      notice.hidden = true;
      window.Module.canvas.focus();
      markReady(api);
    },
    setStatus(text) {
      if (text && !notice.classList.contains('failed')) noticeText.textContent = text;
    },
    onAbort(what) {
      fail('racelab stopped: ' + what);
    },
  };

  const call = (name, returns, types = [], args = []) =>
    window.Module.ccall(name, returns, types, args);
  const readJson = (pointer) => JSON.parse(window.Module.UTF8ToString(pointer));

  const api = {
    ready,
    // The JSON summary of the current or last run, as the CLI prints it.
    state() {
      return readJson(call('racelab_state_json', 'number'));
    },
    // Applies a link's hash; returns the problems found (also shown in the page).
    load(hash) {
      return readJson(call('racelab_load', 'number', ['string'], [String(hash ?? '')]));
    },
    // Starts a run; resolves with the final state once every worker is done.
    run() {
      call('racelab_run', 'number');
      return new Promise((resolve) => {
        const poll = () => {
          if (call('racelab_is_running', 'number')) {
            requestAnimationFrame(poll);
          } else {
            resolve(api.state());
          }
        };
        poll();
      });
    },
    reset() {
      call('racelab_reset', null);
    },
    // Selects race `index` of state().races in the Races panel, which highlights both accesses;
    // -1 clears it. Returns whether that race exists.
    selectRace(index) {
      return call('racelab_select_race', 'number', ['number'], [Number(index)]) === 1;
    },
    // The messages the page shows about the last link (empty when it was fine).
    messages() {
      return readJson(call('racelab_messages_json', 'number'));
    },
  };
  window.racelab = api;

  // A hand-edited hash applies at once, as a fresh link would.
  // The new hash comes from the event: the page may already have put the old one back.
  window.addEventListener('hashchange', (event) => {
    const hash = new URL(event.newURL).hash;
    ready.then(() => api.load(hash));
  });
})();
