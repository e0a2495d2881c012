// The Metrics panel's Mutex-against-RWMutex comparison: its button starts a sweep in the
// background while the page keeps drawing, Cancel stops it, and a whole sweep gives the CLI's
// figures and a chart with a line per lock and worker count.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { nextFrames, openPage, pixel, repo, screenshot, serverAndBrowser, startServer } from
  './harness.mjs';

const lab = serverAndBrowser();
const link = '/#scenario=bulletin&lock=mutex&panels=metrics';

async function rects(page) {
  return page.evaluate(() => window.racelab.controlRects());
}

async function press(page, name) {
  const rect = (await rects(page))[name];
  assert.ok(rect, `${name} is drawn`);
  const [x, y, width, height] = rect;
  await page.mouse.click(x + width / 2, y + height / 2);
}

const sweepState = (page) => page.evaluate(() => window.racelab.state().sweep);

// Counts the page's animation frames, which stop whenever its main thread blocks.
async function countFrames(page) {
  await page.evaluate(() => {
    window.framesSeen = 0;
    const tick = () => {
      window.framesSeen += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return () => page.evaluate(() => window.framesSeen);
}

// Polls the sweep a frame at a time until `until` holds; returns every state seen.
async function follow(page, until, frames = 2000) {
  const seen = [];
  for (let frame = 0; frame < frames; ++frame) {
    const state = await sweepState(page);
    seen.push(state);
    if (until(state)) return seen;
    await nextFrames(page, 1);
  }
  assert.fail(`the sweep did not get there: ${JSON.stringify(seen.at(-1))}`);
}

test('the button starts the sweep in the background, and Cancel stops it', async () => {
  const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}${link}`,
    { scale: 1, height: 1200 });
  const frames = await countFrames(page);
  const before = await sweepState(page);
  assert.equal(before.running, false);
  assert.equal(before.total, 2 * 4 * 7);
  assert.deepEqual(before.points, []);

  // Cancel the moment it can be: the whole sweep takes about a second here. Both presses are
  // queued at once; the page takes the second in the frame after the first.
  assert.ok((await rects(page))['sweep-cancel'], 'Cancel sits beside the button');
  const framesAtStart = await frames();
  await press(page, 'sweep');
  await press(page, 'sweep-cancel');
  const ended = (await follow(page, (state) => !state.running)).at(-1);
  assert.ok(await frames() > framesAtStart + 2, 'frames kept coming while it ran');
  assert.equal(ended.cancelled, true);
  assert.ok(ended.progress < 1, `cancelled at ${ended.progress}`);
  assert.ok(ended.done < ended.total);
  assert.deepEqual(ended.points, [], 'a cancelled sweep leaves no points');

  // Stopped means stopped: nothing moves on, and no chart appears.
  await nextFrames(page, 20);
  const later = await sweepState(page);
  assert.equal(later.progress, ended.progress);
  assert.equal(later.done, ended.done);
  assert.deepEqual(later.points, []);
  assert.equal((await rects(page))['sweep-chart'], undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

// The colour of a line: as the chart mixes it (mutex warm, rwmutex cool, the most workers
// brightest, in the palette's kMutexLine and kRWMutexLine).
const brightest = { mutex: [255, 140, 38], rwmutex: [77, 166, 255] };

function colourPixels(png, [x, y, width, height], colour, tolerance = 40) {
  let count = 0;
  for (let row = Math.ceil(y); row < y + height; ++row) {
    for (let column = Math.ceil(x); column < x + width; ++column) {
      const [r, g, b] = pixel(png, column, row);
      if (Math.abs(r - colour[0]) + Math.abs(g - colour[1]) + Math.abs(b - colour[2]) < tolerance) {
        ++count;
      }
    }
  }
  return count;
}

test('a whole sweep gives the CLI\'s figures and draws its lines', async () => {
  const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}${link}`,
    { scale: 1, height: 1200 });
  const frames = await countFrames(page);
  await press(page, 'sweep');
  const framesAtStart = await frames();
  const seen = [await sweepState(page)];
  if (seen[0].running) await screenshot(page, 'metrics-sweep-running');
  seen.push(...await follow(page, (state) => !state.running && state.points.length > 0));
  const rising = seen.map((state) => state.progress).filter((progress) => progress > 0 &&
      progress < 1);
  assert.ok(rising.length >= 1, 'the bar was seen on its way');
  for (let i = 1; i < seen.length; ++i) assert.ok(seen[i].progress >= seen[i - 1].progress);
  assert.ok(await frames() > framesAtStart + 2, 'frames kept coming while it ran');

  const done = seen.at(-1);
  assert.equal(done.progress, 1);
  assert.equal(done.cancelled, false);
  const cli = JSON.parse(execFileSync(join(repo, 'build', 'native', 'racelab'),
    ['sweep', '--json'], { encoding: 'utf8' }));
  assert.equal(done.points.length, cli.points.length);
  done.points.forEach((point, index) => {
    const expected = cli.points[index];
    for (const key of ['lock', 'workers', 'reader_share', 'reads', 'updates', 'operations']) {
      assert.equal(point[key], expected[key], `point ${index}: ${key}`);
    }
    for (const key of ['operations_per_second', 'contention', 'lock_wait_p99_ms',
      'duration_ms']) {
      assert.ok(Math.abs(point[key] - expected[key]) <= 1e-9 * Math.abs(expected[key]),
        `point ${index}: ${key} ${point[key]} against ${expected[key]}`);
    }
  });

  await nextFrames(page, 3);
  const chart = (await rects(page))['sweep-chart'];
  assert.ok(chart, 'the chart is drawn once the sweep is done');
  const png = await screenshot(page, 'metrics-sweep-chart');
  for (const [lock, colour] of Object.entries(brightest)) {
    const count = colourPixels(png, chart, colour);
    assert.ok(count > 150, `${lock}'s 128-worker line: ${count} pixels in the chart`);
  }

  // Hovering the RWMutex point at 99 % with 128 workers rings it in white.
  const [x, y, width, height] = chart;
  const point = done.points.find((p) => p.lock === 'rwmutex' && p.workers === 128 &&
      p.reader_share === 99);
  const values = done.points.map((p) => Math.log10(p.operations_per_second));
  const from = Math.floor(Math.min(...values));
  const to = Math.ceil(Math.max(...values));
  const at = [x + (99 - 50) / 50 * width,
    y + height - (Math.log10(point.operations_per_second) - from) / (to - from) * height];
  const ring = [at[0] - 12, at[1] - 12, 24, 24];
  const white = [255, 255, 255];
  const ringBefore = colourPixels(png, ring, white, 30);
  await page.mouse.move(at[0] + 2, at[1] + 1);
  await nextFrames(page, 3);
  const hovered = await screenshot(page, 'metrics-sweep-hover');
  assert.ok(colourPixels(hovered, ring, white, 30) > ringBefore + 10, 'the point is ringed');

  // A sweep cancelled after a whole one drops its own points and keeps the whole one's chart,
  // in state() as on screen.
  assert.equal(await page.evaluate(() => window.racelab.sweep()), true);
  await page.evaluate(() => window.racelab.cancelSweep());
  const cancelled = (await follow(page, (state) => !state.running)).at(-1);
  assert.equal(cancelled.cancelled, true);
  assert.ok(cancelled.done < cancelled.total, `cancelled after ${cancelled.done} runs`);
  assert.deepEqual(cancelled.points, done.points, 'the last whole sweep\'s points');
  await nextFrames(page, 3);
  // Under a line that says so.
  const kept = (await rects(page))['sweep-chart'];
  assert.ok(kept, 'its chart stays');
  assert.deepEqual([kept[2], kept[3]], [chart[2], chart[3]]);
  await screenshot(page, 'metrics-sweep-cancelled-after-whole');
  assert.deepEqual(errors, []);
  await context.close();
});

// Without threads (embed.html on a host that sends no isolation headers) the page runs the
// sweep itself, a slice per frame, and still draws frame after frame.
test('without threads the page sweeps a slice per frame, to the same figures', async () => {
  const plain = await startServer(['--no-isolation']);
  try {
    const { page, errors, context } = await openPage(lab.browser,
      `${plain.origin}/embed.html#scenario=bulletin`, { scale: 1, width: 700, height: 450 });
    assert.equal(await page.evaluate(() => window.racelab.build), 'nothreads');
    const frames = await countFrames(page);
    assert.equal(await page.evaluate(() => window.racelab.sweep()), true);
    assert.equal(await page.evaluate(() => window.racelab.sweep()), false, 'one at a time');
    const seen = await follow(page, (state) => !state.running);
    const done = seen.at(-1);
    assert.ok(seen.filter((state) => state.progress > 0 && state.progress < 1).length >= 3,
      'the bar moved over several frames');
    assert.ok(await frames() >= seen.length, 'a frame drawn for every look at the state');
    const cli = JSON.parse(execFileSync(join(repo, 'build', 'native', 'racelab'),
      ['sweep', '--json'], { encoding: 'utf8' }));
    assert.deepEqual(done.points.map((point) => point.operations_per_second),
      cli.points.map((point) => point.operations_per_second));
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    plain.stop();
  }
});

// Regression: on a phone the chart's "Workers:" choice ran past the panel and clipped "128".
test('on a 390×844 phone the chart\'s worker counts all fit, the last on the next line',
  async () => {
    const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}${link}`, { width: 390, height: 844 });
    assert.equal(await page.evaluate(() => window.racelab.sweep()), true);
    await follow(page, (state) => !state.running && state.points.length > 0);
    // Into view above the pinned actions, with the chart under it.
    let drawn = await rects(page);
    for (let attempt = 0; attempt < 40; ++attempt) {
      const chart = drawn['sweep-chart'];
      if (chart && chart[1] + chart[3] / 2 < drawn.run[1]) break;
      await page.mouse.move(200, 300);
      await page.mouse.wheel(0, 200);
      await nextFrames(page, 2);
      drawn = await rects(page);
    }
    const rect = drawn['sweep-workers-128'];
    const chart = drawn['sweep-chart'];
    for (const count of ['all', '2', '8', '32', '128']) {
      const [x, , width] = drawn[`sweep-workers-${count}`];
      assert.ok(x + width <= 390 - 8, `${count} ends at ${x + width}`);
    }
    assert.ok(rect[1] < chart[1], 'the choice comes before the chart');
    await screenshot(page, 'metrics-sweep-phone');
    assert.deepEqual(errors, []);
    await context.close();
  });
