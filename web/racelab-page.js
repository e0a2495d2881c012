// The page side of racelab: picks the build this page can run (with threads when it is
// cross-origin isolated, without them otherwise), boots it and exposes `window.racelab`, the
// contract that tests and embedding pages use (see DESIGN.md, "Test hooks"). index.html and
// embed.html both use it; embed.html says so with <body data-layout="embed">.
'use strict';

(() => {
  const notice = document.getElementById('notice');
  const noticeText = document.getElementById('notice-text');
  const layout = document.body.dataset.layout === 'embed' ? 'embed' : 'full';
  // SharedArrayBuffer, so pthreads, exists only in a cross-origin-isolated page.
  const threaded = self.crossOriginIsolated === true;
  const buildScript = threaded ? 'racelab.js' : 'racelab-nothreads.js';

  function fail(message) {
    notice.hidden = false;
    notice.classList.add('failed');
    noticeText.textContent = message;
  }

  // This page's sibling `file` (relative to the page), opened at `hash`.
  function pageUrl(file, hash) {
    const url = new URL(file, location.href);
    url.hash = hash;
    return url.href;
  }

  const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
    .replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const shareLink = (hash) => (layout === 'embed' ? pageUrl('./', hash) :
    pageUrl(location.pathname, hash));
  const embedSnippet = (hash, title) =>
    `<iframe src="${escapeAttribute(pageUrl('embed.html', hash))}" width="700" height="450" ` +
    `title="${escapeAttribute(`racelab: ${title}`)}" style="border:0" loading="lazy"></iframe>`;

  // The clipboard API first; a selected textarea where it is refused (older browsers, frames).
  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.cssText = 'position:fixed;top:0;left:0;opacity:0';
      document.body.append(area);
      area.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      area.remove();
      window.Module.canvas.focus();
      return copied;
    }
  }

  let markReady;
  const ready = new Promise((resolve) => {
    markReady = resolve;
  });

  const call = (name, returns, types = [], args = []) =>
    window.Module.ccall(name, returns, types, args);
  const readText = (pointer) => window.Module.UTF8ToString(pointer);
  const readJson = (pointer) => JSON.parse(readText(pointer));
  const currentHash = () => window.Module.UTF8ToString(call('racelab_link', 'number'));
  const currentTitle = () => api.state().page.title;

  window.Module = {
    canvas: document.getElementById('canvas'),
    layout,
    // The height the page keeps below the canvas (embed.html's bar).
    reservedHeight() {
      return document.getElementById('embed-bar')?.offsetHeight ?? 0;
    },
    // Every new hash: embed.html's "open in racelab" follows it.
    linkChanged(hash) {
      const open = document.getElementById('open-full');
      if (open) open.href = pageUrl('./', hash);
    },
    // Share and Embed in the page: copy, then tell the page what became of it.
    share(kind, hash, title) {
      const text = kind === 'embed' ? embedSnippet(hash, title) : shareLink(hash);
      copyText(text).then((copied) => {
        call('racelab_share_done', null, ['number', 'string'], [copied ? 1 : 0, text]);
      });
    },
    // A file for the visitor to keep (the trace for Perfetto).
    download(name, text) {
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    racelabReady() {
      api.firstFrameMs = performance.now();
      notice.hidden = true;
      window.Module.canvas.focus();
      markReady(api);
    },
    setStatus(text) {
      if (text && !notice.classList.contains('failed')) noticeText.textContent = text;
    },
    onAbort(what) {
      const reason = what ? String(what) : 'it ran out of memory or hit an internal error';
      fail(`racelab stopped: ${reason}. Reload the page to start again; a link with fewer ` +
           'workers or rounds will run.');
    },
  };

  const api = {
    ready,
    // Which build runs: 'threads' (real pthreads) or 'nothreads' (the deterministic engine only).
    build: threaded ? 'threads' : 'nothreads',
    // Milliseconds from the navigation to the first drawn frame (the start-up benchmark reads it).
    firstFrameMs: null,
    // The JSON summary of the current or last run, as the CLI prints it, with `page`: the page's
    // own settings (layout, speed, open panels, autorun, the whole link).
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
      return api.finished();
    },
    // Resolves with the final state once no run is going.
    finished() {
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
    // What Share and Embed copy for the current settings.
    shareLink() {
      return shareLink(currentHash());
    },
    embedSnippet() {
      return embedSnippet(currentHash(), currentTitle());
    },
    // The finished run as Chrome Trace Event JSON (what "Download the trace" saves), or null
    // before a run has ended.
    exportTrace() {
      const text = window.Module.UTF8ToString(call('racelab_trace_json', 'number'));
      return text ? JSON.parse(text) : null;
    },
    // The Metrics panel's Mutex-against-RWMutex comparison, as its button starts it: returns
    // whether it started (not while one is going). state().sweep follows it: {running,
    // cancelled, progress, done, total, points}, the points those of `racelab sweep --json` for
    // the last sweep that ran to its end (the chart the panel shows).
    sweep() {
      return call('racelab_sweep_start', 'number') === 1;
    },
    // As its Cancel button: the sweep stops within a moment and what it had measured is
    // dropped; state().sweep.points stay those of the last whole sweep, as the chart does.
    cancelSweep() {
      call('racelab_sweep_cancel', null);
    },
    // The step engine (a link with engine=step), as its buttons: let worker `index` go (its next
    // line, or its next request with oneRequestAtATime(true)), take the Next move, Undo. Each
    // returns why it could not be made, or ''. state().step follows: {requests, moves, planned,
    // schedule, ready, finished, workers: [{name, status, can_go, line, code, parts, next}],
    // explore}. run() plays on to the end; reset() goes back to the first step.
    step(index) {
      return readText(call('racelab_step_go', 'number', ['number'], [Number(index)]));
    },
    next() {
      return readText(call('racelab_step_next', 'number'));
    },
    undo() {
      return readText(call('racelab_step_undo', 'number'));
    },
    oneRequestAtATime(on) {
      call('racelab_step_one_request', null, ['number'], [on ? 1 : 0]);
    },
    // Explore every interleaving within `bound` preemptions (2 by default), as its button:
    // returns whether it started. state().step.explore follows it: {running, progress, bound,
    // schedules, failing, racing, deadlocked, complete, cancelled, shortest: {schedule, steps,
    // verdict}}. stepThroughShortest() hands the shortest failing schedule to Next.
    explore(bound = 2) {
      return call('racelab_explore', 'number', ['number'], [Number(bound)]) === 1;
    },
    cancelExplore() {
      call('racelab_explore_cancel', null);
    },
    stepThroughShortest() {
      return call('racelab_explore_replay', 'number') === 1;
    },
    // Where the named controls (workers, speed, run, reset, share, embed, and the panel headers
    // Floor, Races, Metrics) were drawn in the last frame: {name: [x, y, width, height]} in CSS
    // pixels of the canvas; in the Metrics panel also sweep, sweep-cancel, sweep-progress and
    // sweep-chart (the plot area). For tests that press them as a visitor would.
    controlRects() {
      return readJson(call('racelab_control_rects', 'number'));
    },
    // For the timeline benchmark: draw the timeline with the shaders ('gl', the default) or
    // through ImGui's draw list ('drawlist'). Returns whether that way is available.
    timelineRenderer(name) {
      return call('racelab_timeline_renderer', 'number', ['string'], [String(name)]) === 1;
    },
  };
  window.racelab = api;

  // A hand-edited hash, or Back and Forward, applies at once, as a fresh link would.
  // The new hash comes from the event: the page may already have put the old one back.
  window.addEventListener('hashchange', (event) => {
    const hash = new URL(event.newURL).hash;
    ready.then(() => api.load(hash));
  });

  function loadBuild() {
    const script = document.createElement('script');
    script.src = buildScript;
    script.async = true;
    script.onerror = () =>
      fail(`racelab could not load ${buildScript}; is the whole dist/ served?`);
    document.body.append(script);
  }

  // index.html on a host without isolation headers: coi-serviceworker (run just before this
  // script) has registered and reloads the page once it is active, isolated. Nothing is started
  // before that reload; should it never come (service workers refused), the page goes on
  // without threads.
  const reloadComing = !threaded && window.coi !== undefined && self.isSecureContext &&
    'serviceWorker' in navigator && navigator.serviceWorker.controller === null;
  if (reloadComing) {
    noticeText.textContent = 'Turning on real threads: the page reloads once…';
    const giveUp = () => {
      if (!document.querySelector(`script[src="${buildScript}"]`)) loadBuild();
    };
    navigator.serviceWorker.ready.then(() => setTimeout(giveUp, 5000));
    setTimeout(giveUp, 15000);
  } else {
    loadBuild();
  }
})();
