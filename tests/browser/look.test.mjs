// The look of the full page: what is in view at 1280×720 and on a 390×844 phone, the same layout
// in CSS pixels at every pixel ratio, and touch on the phone: a swipe scrolls, a tap presses.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, screenshot, serverAndBrowser } from './harness.mjs';

const lab = serverAndBrowser();
const allPanels = 'panels=explain,floor,timeline,races,metrics';

// True when the rect [x, y, width, height] lies inside the viewport.
function inside([x, y, width, height], viewport) {
  return x >= 0 && y >= 0 && x + width <= viewport.width && y + height <= viewport.height;
}

const centre = ([x, y, width, height]) => ({ x: x + width / 2, y: y + height / 2 });

async function rects(page) {
  await nextFrames(page, 4);
  return page.evaluate(() => window.racelab.controlRects());
}

// The canvas's size in device pixels, for the pixel ratio.
const backingStore = (page) => page.evaluate(() => {
  const canvas = document.getElementById('canvas');
  return [canvas.width, canvas.height];
});

const desktopRects = {};
for (const [name, scale] of [['look-desktop', 1], ['look-desktop-2x', 2]]) {
  test(`at 1280×720 (scale ${scale}) Run, the floor and the timeline are in view`, async () => {
    const viewport = { width: 1280, height: 720 };
    const { page, errors, context } = await openPage(lab.browser,
        `${lab.server.origin}/#scenario=booking&workers=8&lock=none&think=20&${allPanels}`,
        { ...viewport, scale });
    await page.evaluate(() => window.racelab.run());
    const drawn = await rects(page);
    await screenshot(page, name);
    for (const control of ['run', 'floor', 'timeline']) {
      assert.ok(drawn[control], `${control} is drawn`);
      assert.ok(inside(drawn[control], viewport),
          `${control} at ${drawn[control]} is outside the 1280×720 view`);
    }
    // Drawn at the device's pixels, laid out in CSS pixels: the same at every ratio.
    assert.deepEqual(await backingStore(page), [1280 * scale, 720 * scale]);
    desktopRects[scale] = drawn;
    if (desktopRects[1] && desktopRects[2]) {
      for (const control of ['run', 'workers', 'explain', 'floor', 'timeline']) {
        assert.deepEqual(desktopRects[2][control], desktopRects[1][control], control);
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// A phone: 390×844 CSS pixels at 3 device pixels each, with a touch screen.
async function openPhone(hash) {
  const context = await lab.browser.newContext({ viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${lab.server.origin}/${hash}`);
  await page.evaluate(() => window.racelab.ready);
  const touch = await context.newCDPSession(page);
  return { page, errors, context, touch };
}

// A finger from `from` to `to` in `steps` moves, as the browser reports a real one.
async function swipe(page, touch, from, to, steps = 8) {
  const point = (t) => [{ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }];
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(0) });
  for (let step = 1; step <= steps; ++step) {
    await nextFrames(page, 1);
    await touch.send('Input.dispatchTouchEvent', { type: 'touchMove',
      touchPoints: point(step / steps) });
  }
  await nextFrames(page, 1);
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function tap(page, touch, at) {
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
  await nextFrames(page, 2);
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

const linkOf = (page) => page.evaluate(() => window.racelab.state().page.link);

test('on a 390×844 phone Run is in view, a swipe scrolls without moving a slider, a tap runs',
    async () => {
      const viewport = { width: 390, height: 844 };
      const { page, errors, context, touch } = await openPhone(
          `#scenario=cache&workers=8&lock=none&engine=deterministic&${allPanels}`);
      assert.equal(await page.evaluate(() => window.devicePixelRatio), 3);
      assert.deepEqual(await backingStore(page), [390 * 3, 844 * 3]);
      const before = await rects(page);
      await screenshot(page, 'look-phone');
      assert.ok(inside(before.run, viewport), `Run at ${before.run} is out of view`);
      assert.ok(before.workers[2] > 300, 'the workers slider spans the phone\'s width');

      // A vertical swipe that starts on the workers slider scrolls the page, slider untouched.
      const link = await linkOf(page);
      const start = centre(before.workers);
      assert.ok(inside(before.workers, viewport), `the workers slider at ${before.workers}`);
      await swipe(page, touch, start, { x: start.x + 6, y: start.y - 250 });
      const scrolled = await rects(page);
      assert.ok(scrolled.explain[1] < before.explain[1] - 150,
          `the Explain header moved from ${before.explain[1]} to ${scrolled.explain[1]}`);
      assert.equal(await linkOf(page), link, 'the swipe changed a setting');
      assert.deepEqual(scrolled.run, before.run, 'the actions stay pinned');
      await screenshot(page, 'look-phone-scrolled');

      // A tap on Run presses it.
      assert.equal((await page.evaluate(() => window.racelab.state())).started, false);
      await tap(page, touch, centre(scrolled.run));
      await nextFrames(page, 4);  // the press and the release, a frame each
      const state = await page.evaluate(() => window.racelab.finished());
      assert.equal(state.started, true, 'the tap started a run');
      assert.equal(state.finished, true);
      assert.deepEqual(errors, []);
      await context.close();
    });

test('on the phone a sideways swipe drags the slider it starts on, and so does a hold', async () => {
  const { page, errors, context, touch } = await openPhone(
      `#scenario=booking&workers=2&lock=none&${allPanels}`);
  const drawn = await rects(page);
  const [x, y, width, height] = drawn.workers;
  await swipe(page, touch, { x: x + width * 0.2, y: y + height / 2 },
      { x: x + width * 0.8, y: y + height / 2 + 4 });
  await nextFrames(page, 3);
  const state = await page.evaluate(() => window.racelab.state());
  assert.ok(state.workers > 2, `the drag left ${state.workers} workers`);

  // Held still, then moved up and back: a drag of the slider, not a scroll of the page.
  const at = { x: x + width * 0.8, y: y + height / 2 };
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
  await nextFrames(page, 15);
  await page.waitForTimeout(500);
  for (const dy of [-60, -120, -60]) {
    await touch.send('Input.dispatchTouchEvent', { type: 'touchMove',
      touchPoints: [{ x: at.x - 30, y: at.y + dy }] });
    await nextFrames(page, 1);
  }
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const after = await rects(page);
  assert.equal(after.explain[1], drawn.explain[1], 'the held finger scrolled the page');
  const held = await page.evaluate(() => window.racelab.state());
  assert.ok(held.workers < state.workers, `the held drag left ${held.workers} workers`);
  assert.deepEqual(errors, []);
  await context.close();
});
