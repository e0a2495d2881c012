// The Timeline panel, drawn by the project's shaders: lanes carry each worker's slices in their
// colours, the wheel zooms about the pointer, Fit all shows the whole run again.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, pixel, screenshot, serverAndBrowser } from './harness.mjs';

const lab = serverAndBrowser();

// How many pixels along the middle of `lane` have about `colour`.
function lanePixels(png, probe, lane, colour, band = 0.5) {
  const [x, y, width, , , , firstLane, laneHeight] = probe;
  const row = Math.round(y + (lane - firstLane + band) * laneHeight);
  let count = 0;
  for (let column = Math.ceil(x); column < x + width; ++column) {
    const [r, g, b] = pixel(png, column, row);
    if (Math.abs(r - colour[0]) < 12 && Math.abs(g - colour[1]) < 12 && Math.abs(b - colour[2]) < 12) {
      ++count;
    }
  }
  return count;
}

const thinking = [150, 100, 200];
const holding = [40, 170, 150];
const seated = [90, 110, 140];

test('each worker\'s lane shows its thinking and its hold of the logbook', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=2&lock=mutex&engine=deterministic&think=20` +
      '&panels=timeline', { scale: 1, height: 1000 });
  await page.evaluate(() => window.racelab.run());
  await nextFrames(page, 4);
  const probe = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
  assert.ok(probe, 'the timeline is drawn');
  const [, , width, , start, end, , , lanes, desks] = probe;
  assert.equal(lanes, 3, 'one desk lane and two worker lanes');
  assert.equal(desks, 1);
  assert.equal(start, 0);
  assert.ok(end >= 40000, `two thinks of 20 ms one after the other: the run ends at ${end} us`);
  const png = await screenshot(page, 'timeline');
  // Alice thinks in the first half, holding the logbook; Bob in the second half.
  for (const lane of [1, 2]) {
    const thought = lanePixels(png, probe, lane, thinking);
    assert.ok(thought > width * 0.3, `lane ${lane}: ${thought} thinking pixels of ${width}`);
    const held = lanePixels(png, probe, lane, holding, 0.8);
    assert.ok(held > width * 0.3, `lane ${lane}: ${held} holding pixels of ${width}`);
  }
  assert.ok(lanePixels(png, probe, 0, seated) > width * 0.5, 'the desk was taken all along');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the wheel zooms about the pointer and Fit all shows the whole run again', async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=ledger&workers=4&lock=mutex&engine=deterministic` +
      '&panels=timeline',
      { scale: 1, height: 1000 });
  await page.evaluate(() => window.racelab.run());
  await nextFrames(page, 4);
  const before = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
  const [x, y, width, height] = before;
  await page.mouse.move(x + width / 2, y + height / 2);
  for (let notch = 0; notch < 5; ++notch) {
    await page.mouse.wheel(0, -100);
    await nextFrames(page, 1);
  }
  await nextFrames(page);
  const zoomed = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
  const span = (probe) => probe[5] - probe[4];
  assert.ok(span(zoomed) < span(before) / 2, `zoomed from ${span(before)} to ${span(zoomed)} us`);
  // About the pointer: the middle of the view stays where it was.
  const middle = (probe) => (probe[4] + probe[5]) / 2;
  assert.ok(Math.abs(middle(zoomed) - middle(before)) < span(before) * 0.05);

  // Drag pans: the view moves later in time by about what the drag covered.
  await page.mouse.move(x + width / 2, y + height / 2);
  await page.mouse.down();
  await page.mouse.move(x + width / 4, y + height / 2, { steps: 5 });
  await page.mouse.up();
  await nextFrames(page);
  const panned = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
  assert.ok(panned[4] > zoomed[4], 'dragging left shows later times');
  await screenshot(page, 'timeline-zoomed');

  await page.mouse.click(before[0] - 100, before[1] - 200);  // away from the timeline
  const rects = await page.evaluate(() => window.racelab.controlRects());
  assert.ok(rects['timeline-view']);
  await context.close();
});
