// The Timeline panel, drawn by the project's shaders: lanes carry each worker's slices in their
// colours, the wheel zooms about the pointer, Fit all shows the whole run again.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, pixel, screenshot, scrollIntoView, serverAndBrowser } from
  './harness.mjs';

const lab = serverAndBrowser();

// How many pixels along the middle of `lane` have about `colour`.
function lanePixels(png, probe, lane, colour, band = 0.5) {
  const [x, y, width, , , , firstLane, laneHeight] = probe;
  const row = Math.round(y + (lane - firstLane + band) * laneHeight);
  let count = 0;
  for (let column = Math.ceil(x); column < x + width; ++column) {
    const [r, g, b] = pixel(png, column, row);
    const near = [r, g, b].every((channel, i) => Math.abs(channel - colour[i]) < 12);
    if (near) ++count;
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

test('on real threads the timeline grows while the run goes', async () => {
  // Nine workers on four desks take the logbook one after another and think 300 ms holding it:
  // a run of nearly three seconds, looked at every 100 ms (a headless page draws slowly, and the
  // panel rebuilds a live timeline every few frames).
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=9&lock=mutex&engine=threads&desks=4` +
      '&think=300&panels=timeline', { scale: 1, height: 1000 });
  await page.evaluate(() => { window.racelab.run(); });
  const looks = [];
  for (let attempt = 0; attempt < 100; ++attempt) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const look = await page.evaluate(() => ({
      finished: window.racelab.state().finished,
      probe: window.racelab.controlRects()['timeline-view'],
    }));
    looks.push(look);
    if (look.finished) break;
    if (looks.length === 12) await screenshot(page, 'timeline-threads-live');
  }
  // The first looks may come before the panel drew the run, or before its first event.
  const whileRunning = looks.filter((look) => !look.finished && look.probe?.length > 0);
  const slices = whileRunning.map((look) => look.probe[11]);
  const events = whileRunning.map((look) => look.probe[10]);
  assert.ok(whileRunning.length >= 4, `the timeline was drawn in ${whileRunning.length} looks ` +
      'while the run went');
  for (let i = 1; i < events.length; ++i) {
    assert.ok(events[i] >= events[i - 1], `events went down: ${events.join(', ')}`);
  }
  const drawn = slices.filter((count) => count > 0);
  assert.ok(new Set(drawn).size >= 3 && drawn.at(-1) > drawn[0],
      `the slices grew while the run went: ${slices.join(', ')}`);
  assert.equal(looks.at(-1).finished, true, 'the run ended');
  await nextFrames(page, 4);
  const final = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
  assert.ok(final[10] >= events.at(-1), 'the finished timeline has every event seen live');
  assert.deepEqual([final[8], final[9]], [4 + 9, 4], 'a lane per desk and per worker');
  await screenshot(page, 'timeline-threads-finished');
  assert.deepEqual(errors, []);
  await context.close();
});

test('forty workers get a lane each, shorter lanes in a taller panel, names beside them',
  async () => {
    const { page, errors, context } = await openPage(lab.browser,
        `${lab.server.origin}/#scenario=booking&workers=40&lock=mutex&engine=deterministic` +
        '&think=5&panels=timeline', { scale: 1, height: 1000 });
    await page.evaluate(() => window.racelab.run());
    await nextFrames(page, 4);
    const probe = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
    const [x, y, width, height, , , firstLane, laneHeight, lanes, desks] = probe;
    assert.equal(lanes, desks + 40);
    const shown = height / laneHeight;
    assert.ok(shown > 16, `${shown} lanes in view`);
    assert.equal(shown, lanes, 'on a 1000-pixel page all 41 lanes fit');
    assert.ok(laneHeight >= 11, `lanes ${laneHeight} pixels tall still read`);
    assert.equal(firstLane, 0);

    // Hovering a lane far down names its worker's slice: the 41st lane's last stretch is lit.
    await page.mouse.move(x + width * 0.98, y + (lanes - 0.5) * laneHeight);
    await nextFrames(page, 2);
    await screenshot(page, 'timeline-forty-workers');
    assert.deepEqual(errors, []);
    await context.close();
  });

test('on a short page more lanes scroll, and a lane scrolled partly in stays off the time axis',
  async () => {
    const { page, context } = await openPage(lab.browser,
        `${lab.server.origin}/#scenario=booking&workers=40&lock=mutex&engine=deterministic` +
        '&think=5&panels=timeline', { scale: 1, height: 600 });
    await page.evaluate(() => window.racelab.run());
    await nextFrames(page, 4);
    const probe = await scrollIntoView(page, 'timeline-view', { height: 600 });
    const [x, y, width, height, , , , laneHeight, lanes] = probe;
    assert.ok(height / laneHeight > 16 && height / laneHeight < lanes,
        `${height / laneHeight} of ${lanes} lanes in view`);

    // The wheel over the names scrolls the lanes by a lane and a half: the lowest in view is cut.
    await page.mouse.move(x - 30, y + height / 2);
    await page.mouse.wheel(0, 50);
    await nextFrames(page, 2);
    let scrolled = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
    if (scrolled[6] === 0) {  // the wheel's notches differ between builds: drag instead
      await page.mouse.move(x + width / 2, y + height - 2);
      await page.mouse.down();
      await page.mouse.move(x + width / 2, y + height - 2 - 1.5 * laneHeight, { steps: 3 });
      await page.mouse.up();
      await nextFrames(page, 2);
      scrolled = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
    }
    assert.ok(scrolled[6] > 0, `the lanes scrolled to ${scrolled[6]}`);
    assert.equal(scrolled[4], probe[4], 'the view in time did not move');
    await page.mouse.move(x - 100, y - 100);
    await nextFrames(page, 2);
    const png = await screenshot(page, 'timeline-lanes-scrolled');
    // Below the lanes, in the names' column, only the panel's background: no name drawn there.
    const background = pixel(png, Math.round(x - 2), Math.round(y + height + 3));
    for (let row = Math.ceil(y + height + 1); row < y + height + 12; ++row) {
      for (let column = Math.round(x - 7 * 15); column < x - 4; ++column) {
        const [r, g, b] = pixel(png, column, row);
        assert.ok(Math.abs(r - background[0]) + Math.abs(g - background[1]) +
            Math.abs(b - background[2]) < 30, `a name's pixels at ${column}, ${row}`);
      }
    }
    await context.close();
  });

test('on a touch phone the timeline zooms with buttons and its hint speaks of fingers',
  async () => {
    const context = await lab.browser.newContext({ viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${lab.server.origin}/#scenario=ledger&workers=4&lock=mutex` +
        '&engine=deterministic&panels=timeline');
    await page.evaluate(() => window.racelab.ready);
    await page.evaluate(() => window.racelab.run());
    await nextFrames(page, 4);
    // Above the bar of Run and Share at the bottom of the phone's screen.
    const button = await scrollIntoView(page, 'timeline-zoom-in', { height: 600 });
    const before = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
    const touch = await context.newCDPSession(page);
    const at = { x: button[0] + button[2] / 2, y: button[1] + button[3] / 2 };
    await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
    await nextFrames(page, 2);
    await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await nextFrames(page, 3);
    const after = (await page.evaluate(() => window.racelab.controlRects()))['timeline-view'];
    await screenshot(page, 'timeline-phone');
    const span = (probe) => probe[5] - probe[4];
    assert.ok(Math.abs(span(after) - span(before) / 2) < span(before) * 0.01,
        `a tap on + at ${button} halves the span: ${span(before)} to ${span(after)} us`);
    assert.deepEqual(errors, []);
    await context.close();
  });
