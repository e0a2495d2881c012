// The timeline's frame time in headless Chromium for runs of about 10,000, 100,000 and 1,000,000
// trace events, drawn by the project's shaders (one instanced draw from a buffer uploaded once)
// and, for comparison, through ImGui's draw list (a rectangle per visible slice, every frame).
// Each measurement pans and zooms without pause for `frames` frames and takes the intervals
// between requestAnimationFrame callbacks (the frame-rate cap lifted). Figures, not a test.
//
//   node bench/timeline_frames.mjs [--json] [--repetitions N] [--frames N] [--sizes 10k,100k,1m]
//
// Prints a table; writes it as JSON to bench/results/timeline_frames.json (with --json: to
// stdout instead, and the table to stderr). Needs the page built (scripts/build.sh web).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser, openPage, scrollIntoView, startServer } from '../tests/browser/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));

// Bulletin boards read without a lock: every reader's round is about ten events, and the torn
// reads put violation marks on the lanes. Deterministic, so each link gives the same run.
const kSizes = {
  '10k': { workers: 10, reads: 100 },
  '100k': { workers: 16, reads: 600 },
  '1m': { workers: 32, reads: 2900 },
};

const kHeight = 900;

function options(argv) {
  const chosen = { json: false, repetitions: 3, frames: 120, sizes: Object.keys(kSizes) };
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    if (flag === '--json') chosen.json = true;
    else if (flag === '--repetitions') chosen.repetitions = Number(argv[++i]);
    else if (flag === '--frames') chosen.frames = Number(argv[++i]);
    else if (flag === '--sizes') chosen.sizes = String(argv[++i]).split(',');
    else chosen.bad = flag;
  }
  const unknown = chosen.sizes.find((size) => !(size in kSizes));
  if (chosen.bad || unknown || !(chosen.repetitions >= 1) || !(chosen.frames >= 10)) {
    console.error(`timeline_frames: bad argument ${chosen.bad ?? unknown ?? ''}` +
      ' (--json, --repetitions N, --frames N >= 10, --sizes 10k,100k,1m)');
    process.exit(2);
  }
  return chosen;
}

function quantile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * (sorted.length - 1) + 0.5))];
}

const median = (values) => quantile([...values].sort((a, b) => a - b), 0.5);

// Collects `frames` frame intervals in the page while the pointer drags across the timeline
// and the wheel zooms in and out; resolves with them in ms.
async function measure(page, probe, frames) {
  const [x, y, width, height] = probe;
  const middle = { x: x + width / 2, y: y + height / 2 };
  await page.mouse.move(middle.x, middle.y);
  await page.evaluate((count) => {
    window.timelineFrames = [];
    let last;
    const tick = (now) => {
      if (last !== undefined) window.timelineFrames.push(now - last);
      last = now;
      if (window.timelineFrames.length < count) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, frames);
  await page.mouse.down();
  for (let step = 0; ; ++step) {
    const done = await page.evaluate((count) => window.timelineFrames.length >= count, frames);
    if (done) break;
    // Back and forth by a tenth of the width, with a wheel notch in or out now and then.
    const offset = ((step % 8) < 4 ? 1 : -1) * width * 0.1 * ((step % 4) + 1) / 4;
    await page.mouse.move(middle.x + offset, middle.y + (step % 2 ? 4 : -4));
    if (step % 5 === 4) await page.mouse.wheel(0, (step % 10 === 4) ? -120 : 120);
  }
  await page.mouse.up();
  return page.evaluate(() => window.timelineFrames);
}

async function benchmarkSize(browser, origin, name, frames, repetitions) {
  const { workers, reads } = kSizes[name];
  const hash = `#scenario=bulletin&workers=${workers}&lock=none&engine=deterministic&seed=1` +
    `&desks=4&think=5&updates=20&reads=${reads}&speed=0&panels=timeline`;
  const { page, errors, context } = await openPage(browser, `${origin}/${hash}`,
    { width: 1280, height: kHeight, scale: 1 });
  await page.evaluate(() => window.racelab.run());
  await page.evaluate(() => new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // The board of many readers pushes the timeline down: scroll to it.
  const probe = await scrollIntoView(page, 'timeline-view', { height: kHeight });
  if (!probe || probe[1] + probe[3] > kHeight) {
    throw new Error(`${name}: the timeline is not on screen (${probe})`);
  }
  const row = { size: name, link: hash, events: probe[10], slices: probe[11] };
  // The two ways take turns, repetition by repetition, so that a machine busy with something
  // else for a while weighs on both alike.
  const samples = { gl: { medians: [], p95s: [] }, drawlist: { medians: [], p95s: [] } };
  for (let repetition = 0; repetition < repetitions; ++repetition) {
    for (const renderer of ['gl', 'drawlist']) {
      const switched = await page.evaluate((way) => window.racelab.timelineRenderer(way), renderer);
      if (!switched) throw new Error(`${name}: the page cannot draw the timeline with ${renderer}`);
      await page.evaluate(() => new Promise((resolve) => {
        let left = 5;
        const step = () => (--left === 0 ? resolve() : requestAnimationFrame(step));
        requestAnimationFrame(step);
      }));
      const intervals = (await measure(page, probe, frames)).sort((a, b) => a - b);
      samples[renderer].medians.push(quantile(intervals, 0.5));
      samples[renderer].p95s.push(quantile(intervals, 0.95));
    }
  }
  for (const [renderer, { medians, p95s }] of Object.entries(samples)) {
    row[renderer] = {
      median_ms: median(medians), p95_ms: median(p95s),
      median_min_ms: Math.min(...medians), median_max_ms: Math.max(...medians),
    };
  }
  await page.evaluate(() => window.racelab.timelineRenderer('gl'));
  row.ratio = row.drawlist.median_ms / row.gl.median_ms;
  if (errors.length) row.errors = errors;
  await context.close();
  return row;
}

function table(rows) {
  const f = (value) => value.toFixed(1).padStart(7);
  const range = (r) => `${r.median_min_ms.toFixed(1)}-${r.median_max_ms.toFixed(1)}`.padStart(12);
  const lines = ['timeline frame time, ms per frame (median of repetitions; min-max of medians)',
    '   events    slices   GL median  GL p95     GL range   DL median  DL p95     DL range' +
    '   DL/GL'];
  for (const row of rows) {
    lines.push(`${String(row.events).padStart(9)} ${String(row.slices).padStart(9)}` +
      `     ${f(row.gl.median_ms)} ${f(row.gl.p95_ms)} ${range(row.gl)}` +
      `     ${f(row.drawlist.median_ms)} ${f(row.drawlist.p95_ms)} ${range(row.drawlist)}` +
      `   ${row.ratio.toFixed(2).padStart(5)}`);
  }
  return lines.join('\n');
}

const chosen = options(process.argv.slice(2));
const server = await startServer();
// Without the 60 Hz cap, a frame's interval is its cost, not the display's rhythm.
const browser = await launchBrowser(['--disable-frame-rate-limit', '--disable-gpu-vsync']);
const rows = [];
try {
  for (const size of chosen.sizes) {
    const row = await benchmarkSize(browser, server.origin, size, chosen.frames,
      chosen.repetitions);
    console.error(`[timeline_frames] ${size}: ${row.events} events done`);
    rows.push(row);
  }
} finally {
  await browser.close();
  server.stop();
}
const result = {
  what: 'timeline frame time while panning and zooming, headless Chromium (swiftshader)',
  frames: chosen.frames,
  repetitions: chosen.repetitions,
  date: new Date().toISOString(),
  rows,
};
if (chosen.json) {
  console.error(table(rows));
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(table(rows));
  const out = join(here, 'results', 'timeline_frames.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`(written to ${out})`);
}
