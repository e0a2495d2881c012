// The timeline's violation markers (a red diamond on the lanes of the workers involved, at the
// moment the invariant broke), the draw-list renderer the benchmark compares with the shaders,
// and a million-event timeline.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, pixel, screenshot, scrollIntoView, serverAndBrowser } from
  './harness.mjs';

const lab = serverAndBrowser();

const red = [235, 45, 45];
const near = (colour, wanted, slack = 14) =>
  colour.every((channel, i) => Math.abs(channel - wanted[i]) <= slack);

// The columns of `lane`'s middle row, from `from` to `to`, that have about `colour`.
function columnsOf(png, probe, lane, colour, from, to) {
  const [x, y, width, , , , firstLane, laneHeight] = probe;
  const row = Math.round(y + (lane - firstLane + 0.5) * laneHeight);
  const columns = [];
  for (let column = Math.max(Math.ceil(x), Math.round(from));
    column < Math.min(x + width, Math.round(to)); ++column) {
    if (near(pixel(png, column, row), colour)) columns.push(column);
  }
  return columns;
}

const timelineProbe = async (page) =>
  (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];

test('a double booking is a red diamond on both lanes where the second name was written',
  async () => {
    const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=2&lock=none&engine=deterministic&seed=1` +
      '&think=20&panels=timeline', { scale: 1, height: 1000 });
    const state = await page.evaluate(() => window.racelab.run());
    assert.equal(state.violations[0]?.kind, 'double-booking');
    await nextFrames(page, 4);

    // Both names land at the run's very end: zoom there and pan it into the middle.
    const fitted = await timelineProbe(page);
    const [x, y, width, , , , , laneHeight] = fitted;
    const right = x + width - 2;
    const middleRow = y + 1.5 * laneHeight;
    await page.mouse.move(right, middleRow);
    for (let notch = 0; notch < 6; ++notch) {
      await page.mouse.wheel(0, -100);
      await nextFrames(page, 1);
    }
    await page.mouse.move(right, middleRow);
    await page.mouse.down();
    await page.mouse.move(right - width / 2, middleRow, { steps: 4 });
    await page.mouse.up();
    await page.mouse.move(x - 50, y - 50);  // the cursor line and tooltip out of the way
    await nextFrames(page, 4);
    const probe = await timelineProbe(page);
    const png = await screenshot(page, 'timeline-violations');

    // The marker's moment: the second name is written inside the later "write the name" step.
    const writes = (await page.evaluate(() => window.racelab.exportTrace())).traceEvents
      .filter((event) => event.ph === 'X' && event.name === 'write the name');
    assert.equal(writes.length, 2);
    const last = writes.reduce((a, b) => (a.ts > b.ts ? a : b));
    const [px, , pwidth, , start, end] = probe;
    const at = (us) => px + (us - start) / (end - start) * pwidth;
    const from = at(last.ts);
    const to = at(last.ts + last.dur);
    assert.ok(from > px + 50 && to < px + pwidth - 50, `the moment is in view: ${from}..${to}`);
    for (const lane of [1, 2]) {
      const reds = columnsOf(png, probe, lane, red, from - 20, to + 20);
      assert.ok(reds.length >= 3, `lane ${lane}: ${reds.length} red columns by ${from}..${to}`);
      const centre = (reds[0] + reds[reds.length - 1]) / 2;
      assert.ok(centre >= from - 3 && centre <= to + 3,
        `lane ${lane}: the diamond's centre ${centre} is at the write, ${from}..${to}`);
      assert.deepEqual(columnsOf(png, probe, lane, red, px, from - 40), [],
        `lane ${lane}: nothing red before the moment`);
    }
    assert.deepEqual(columnsOf(png, probe, 0, red, px, px + pwidth), [], 'no red on the desk');
    assert.deepEqual(errors, []);
    await context.close();
  });

test('the draw-list renderer draws the colours the shaders draw', async () => {
  const { page, errors, context } = await openPage(lab.browser,
    `${lab.server.origin}/#scenario=bulletin&workers=6&lock=none&engine=deterministic&seed=1` +
    '&think=5&panels=timeline', { scale: 1, height: 1000 });
  await page.evaluate(() => window.racelab.run());
  await nextFrames(page, 4);
  const probe = await timelineProbe(page);
  const shaders = await screenshot(page, 'timeline-gl');
  assert.ok(await page.evaluate(() => window.racelab.timelineRenderer('drawlist')));
  await nextFrames(page, 4);
  const drawList = await screenshot(page, 'timeline-drawlist');
  assert.ok(await page.evaluate(() => window.racelab.timelineRenderer('gl')));
  assert.equal(await page.evaluate(() => window.racelab.timelineRenderer('vulkan')), false);

  // Sample points across every lane at the heights of the bands (step, hold, marker).
  const [x, y, width, , , , firstLane, laneHeight, lanes] = probe;
  let same = 0;
  let painted = 0;
  let total = 0;
  const palette = [[70, 130, 200], [220, 160, 40], [40, 170, 150], [130, 200, 120],
    [150, 100, 200], [90, 110, 140], [255, 210, 60], red];
  for (let lane = 0; lane < Math.min(lanes, 16); ++lane) {
    for (const band of [0.2, 0.5, 0.75]) {
      const row = Math.round(y + (lane - firstLane + band) * laneHeight);
      for (let column = Math.ceil(x) + 3; column < x + width - 3; column += 7) {
        const a = pixel(shaders, column, row);
        const b = pixel(drawList, column, row);
        ++total;
        if (near(a, b, 10)) ++same;
        if (palette.some((colour) => near(a, colour, 10))) ++painted;
      }
    }
  }
  assert.ok(painted > total / 3, `the lanes are drawn: ${painted} of ${total} points painted`);
  assert.ok(same >= total * 0.95, `${same} of ${total} sample points have the same colour`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a million-event run draws its whole timeline', async () => {
  const { page, errors, context } = await openPage(lab.browser,
    `${lab.server.origin}/#scenario=bulletin&workers=32&lock=none&engine=deterministic&seed=1` +
    '&desks=4&think=5&updates=20&reads=2900&speed=0&panels=timeline', { scale: 1, height: 1000 });
  await page.evaluate(() => window.racelab.run());
  await nextFrames(page, 4);
  const probe = await scrollIntoView(page, 'timeline-view', { height: 1000 });
  const [x, y, width, height, , , , , lanes, , events, slices] = probe;
  assert.ok(events > 900000, `${events} events`);
  assert.ok(slices > 300000, `${slices} slices`);
  assert.equal(lanes, probe[9] + 32, 'a lane per desk and per worker');
  // Alice pins up her 20 versions early in the run: the torn reads are marked there.
  await page.mouse.move(x - 50, y - 50);
  await nextFrames(page, 2);
  const fitted = await screenshot(page, 'timeline-1m-fitted');
  const early = columnsOf(fitted, probe, probe[9] + 2, red, x, x + width * 0.1);
  assert.ok(early.length > 0, 'the torn reads are marked early on a reader\'s lane');
  assert.deepEqual(columnsOf(fitted, probe, probe[9] + 2, red, x + width * 0.2, x + width), [],
    'and nowhere later');
  // A drag pans it, frame by frame: a slow frame would otherwise see the press and the release
  // at once.
  await page.mouse.move(x + width / 2, y + height / 2);
  await page.mouse.down();
  await nextFrames(page, 1);
  for (let step = 1; step <= 4; ++step) {
    await page.mouse.move(x + width / 2 - step * width / 16, y + height / 2 - step * probe[7]);
    await nextFrames(page, 1);
  }
  await page.mouse.up();
  await nextFrames(page, 3);
  await page.mouse.move(x - 50, y - 50);
  await nextFrames(page, 2);
  const panned = await timelineProbe(page);
  await screenshot(page, 'timeline-1m-events');
  assert.ok(panned[4] > probe[4], `the drag showed later times: ${probe} then ${panned}`);
  // All 33 lanes fit a panel that grows with them on this 1000-pixel page: nothing scrolls.
  assert.equal(probe[3] / probe[7], lanes, 'every lane in view');
  assert.equal(panned[6], 0, 'so no lane scrolled out');
  assert.deepEqual(errors, []);
  await context.close();
});
