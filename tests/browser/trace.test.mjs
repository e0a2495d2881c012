// The run's trace for Perfetto: downloaded from the page, it parses, its slices nest on every
// track, and on the deterministic engine it is the very file the CLI's `racelab trace` writes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { nextFrames, openPage, repo, serverAndBrowser } from './harness.mjs';

const cli = join(repo, 'build', 'native', 'racelab');
const lab = serverAndBrowser();

// Every track's complete slices nest, in whole nanoseconds (the trace's resolution): sorted by
// start (longest first), each lies inside the innermost one still open or after it.
function assertNesting(trace) {
  const tracks = new Map();
  for (const event of trace.traceEvents.filter((e) => e.ph === 'X')) {
    if (!tracks.has(event.tid)) tracks.set(event.tid, []);
    tracks.get(event.tid).push({ name: event.name, start: Math.round(event.ts * 1000),
      end: Math.round((event.ts + event.dur) * 1000) });
  }
  for (const [tid, slices] of tracks) {
    slices.sort((a, b) => a.start - b.start || b.end - a.end);
    const open = [];
    for (const slice of slices) {
      while (open.length && open.at(-1) <= slice.start) open.pop();
      if (open.length) {
        assert.ok(slice.end <= open.at(-1), `track ${tid}: ${slice.name} at ${slice.start} overlaps`);
      }
      open.push(slice.end);
    }
  }
  return tracks;
}

test('the downloaded trace nests, counts every step, and equals the CLI\'s', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=3&lock=mutex&engine=deterministic&seed=4`);
  const state = await page.evaluate(() => window.racelab.run());
  await nextFrames(page);
  const [x, y, width, height] = (await page.evaluate(() => window.racelab.controlRects())).download;
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.mouse.click(x + width / 2, y + height / 2)]);
  assert.equal(download.suggestedFilename(), 'racelab-booking.trace.json');
  const trace = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(trace, await page.evaluate(() => window.racelab.exportTrace()));

  const tracks = assertNesting(trace);
  assert.equal(tracks.size, 3, 'a track per worker');
  const steps = trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'step');
  assert.equal(steps.length, trace.otherData.step_slices);
  assert.equal(trace.traceEvents.filter((e) => e.ph === 'X').length, trace.otherData.slices);
  // Booking's program is three steps per worker: look, think, write.
  assert.equal(steps.length, 3 * state.workers);
  const starts = trace.traceEvents.filter((e) => e.ph === 's').length;
  assert.equal(starts, trace.traceEvents.filter((e) => e.ph === 'f').length);
  assert.equal(starts, state.workers - 1, 'the logbook handed on between the three');

  const native = JSON.parse(execFileSync(cli, ['trace', '--scenario', 'booking', '--workers', '3',
    '--lock', 'mutex', '--engine', 'deterministic', '--seed', '4', '--out', '-'],
  { encoding: 'utf8', maxBuffer: 64 << 20 }));
  assert.deepEqual(trace, native);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a race is marked on both workers\' tracks', async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=2&lock=none&engine=deterministic&seed=1`);
  const state = await page.evaluate(() => window.racelab.run());
  assert.ok(state.races.length > 0, 'booking without a lock races');
  const trace = await page.evaluate(() => window.racelab.exportTrace());
  assertNesting(trace);
  const marks = trace.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'race');
  assert.equal(new Set(marks.map((e) => e.tid)).size, 2);
  assert.equal(marks.length, 2 * state.metrics.race_pairs);
  await context.close();
});
