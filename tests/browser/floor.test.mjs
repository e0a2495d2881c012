// The Floor panel and the calendar, drawn: the canvas is red where an invariant broke and only
// there, the lines at an RWMutex's receptionist stand apart, and 10,000 workers become a density
// grid while the page keeps drawing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, pixel, screenshot, serverAndBrowser } from './harness.mjs';

const lab = serverAndBrowser();

const isRed = ([r, g, b]) => r > 180 && g < 90 && b < 90;
const near = (colour) => ([r, g, b]) => Math.abs(r - colour[0]) < 14 &&
    Math.abs(g - colour[1]) < 14 && Math.abs(b - colour[2]) < 14;

// How many pixels inside `rect` ([x, y, width, height] in CSS pixels, the screenshot at scale 1)
// pass `test`.
function countPixels(png, rect, test) {
  const [x, y, width, height] = rect;
  let count = 0;
  for (let row = Math.ceil(y); row < Math.floor(y + height); ++row) {
    for (let column = Math.ceil(x); column < Math.floor(x + width); ++column) {
      if (test(pixel(png, column, row))) ++count;
    }
  }
  return count;
}

const area = ([, , width, height]) => Math.floor(width) * Math.floor(height);
const rects = (page) => page.evaluate(() => window.racelab.controlRects());

test('the floor opens: the resource, the desks, everyone in the lobby; hovering names them', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=3&lock=mutex&desks=2&panels=floor`,
      { scale: 1, height: 1000 });
  await nextFrames(page);
  const drawn = await rects(page);
  const [x, y, width, height] = drawn['floor-view'];
  assert.ok(width > 600 && height > 150, `the floor is ${width} x ${height}`);
  const [rx, ry, rw, rh] = drawn['floor-resource'];
  assert.ok(rx > x && ry > y && rx + rw < x + width && ry + rh < y + height, 'inside the floor');
  assert.equal(drawn['floor-lobby'][4], 3, 'all three wait in the lobby');
  assert.equal(drawn['floor-line-lock'][4], 0);
  assert.equal(drawn['floor-home'][4], 0);
  const png = await screenshot(page, 'floor-idle');
  // The table of the resource is drawn in its own blue-grey, and nothing is red yet.
  assert.ok(countPixels(png, drawn['floor-resource'], near([58, 68, 92])) > area(drawn['floor-resource']) / 3);
  assert.equal(countPixels(png, drawn['floor-view'], isRed), 0);

  // Hovering a figure in the lobby names that worker: the pointer walks along the lobby's
  // first row until the page reports a tooltip.
  const [lx, ly, lw] = drawn['floor-lobby'];
  let hover;
  for (let x = lx + 4; x < lx + lw && !hover; x += 6) {
    for (const y of [ly + 30, ly + 40]) {
      await page.mouse.move(x, y);
      await nextFrames(page, 2);
      hover = (await rects(page))['floor-hover'];
      if (hover) break;
    }
  }
  assert.ok(hover, 'no tooltip anywhere along the lobby');
  assert.ok(hover[4] >= 0 && hover[4] < 3, `the tooltip names worker ${hover[4]}`);
  await screenshot(page, 'floor-hover');
  await page.mouse.move(5, 5);
  await nextFrames(page, 2);
  assert.equal((await rects(page))['floor-hover'], undefined, 'no tooltip away from the floor');
  assert.deepEqual(errors, []);
  await context.close();
});

test('without a lock the calendar turns red on the floor; with the mutex it does not', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=8&lock=none&think=50&panels=floor`,
      { scale: 1, height: 1000 });
  const broken = await page.evaluate(() => window.racelab.run());
  assert.ok(broken.violations.length >= 1, JSON.stringify(broken.outcome));
  await nextFrames(page);
  let drawn = await rects(page);
  assert.equal(drawn['floor-home'][4], 8, 'everyone has gone home');
  let png = await screenshot(page, 'floor-booking');
  // Blinking or not, the resource is outlined red at least: a border of a few pixels all round.
  const [, , width, height] = drawn['floor-resource'];
  const red = countPixels(png, drawn['floor-resource'], isRed);
  assert.ok(red > 2 * (width + height), `${red} red pixels on the calendar of the floor`);

  await page.evaluate(() => window.racelab.load(
      '#scenario=booking&workers=8&lock=mutex&think=5&panels=floor'));
  const whole = await page.evaluate(() => window.racelab.run());
  assert.deepEqual(whole.violations, []);
  await nextFrames(page);
  drawn = await rects(page);
  png = await screenshot(page, 'floor-booking-mutex');
  assert.equal(countPixels(png, drawn['floor-view'], isRed), 0, 'nothing red on the floor');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the canvas pixels under a double-booked slot are red, under a singly-booked one not',
    async () => {
      // Seed 2 of the deterministic engine: 10:00 is booked twice, 11:00 and 12:00 once.
      const { page, errors, context } = await openPage(lab.browser,
          `${lab.server.origin}/#scenario=booking&workers=4&lock=none&engine=deterministic` +
          '&seed=2&think=0', { scale: 1 });
      const state = await page.evaluate(() => window.racelab.run());
      const slots = state.outcome.slots;
      const doubled = slots.findIndex((slot) => slot.names.length > 1);
      const single = slots.findIndex((slot) => slot.names.length === 1);
      assert.ok(doubled >= 0 && single >= 0, JSON.stringify(slots));
      await nextFrames(page);
      const drawn = await rects(page);
      const png = await screenshot(page, 'calendar-double-booked');
      // The band is red around the name chips: most of it.
      const under = (index) => countPixels(png, drawn[`slot-${index}`], isRed) /
          area(drawn[`slot-${index}`]);
      assert.ok(under(doubled) > 0.5, `${under(doubled)} of slot ${doubled} is red`);
      assert.equal(under(single), 0, `slot ${single} has red pixels`);
      const free = slots.findIndex((slot) => slot.names.length === 0);
      assert.equal(under(free), 0);
      assert.deepEqual(errors, []);
      await context.close();
    });

test('with an RWMutex on the bulletin board, mid-run, writers and readers wait in two lines',
    async () => {
      const { page, errors, context } = await openPage(lab.browser,
          `${lab.server.origin}/#scenario=bulletin&workers=8&lock=rwmutex&engine=deterministic` +
          '&speed=8&think=0&panels=floor', { scale: 1, height: 1400 });
      await page.evaluate(() => { window.racelab.run(); });
      // Slowed to 8 steps a second, the moment both lines have someone lasts a while.
      await page.waitForFunction(() => {
        const drawn = window.racelab.controlRects();
        return drawn['floor-line-lock']?.[4] > 0 && drawn['floor-line-read']?.[4] > 0;
      }, null, { timeout: 60000, polling: 'raf' });
      const png = await screenshot(page, 'floor-bulletin-rwmutex');
      const drawn = await rects(page);
      const state = await page.evaluate(() => window.racelab.state());
      assert.equal(state.finished, false, 'still running');
      // The figures stand in their line's colour: amber for the writer (the palette's kWaiting),
      // pale gold for readers (kWaitingToRead).
      assert.ok(countPixels(png, drawn['floor-line-lock'], near([220, 160, 40])) > 30);
      assert.ok(countPixels(png, drawn['floor-line-read'], near([230, 195, 95])) > 30);
      await page.evaluate(() => window.racelab.reset());
      assert.deepEqual(errors, []);
      await context.close();
    });

test('10,000 workers show counts and a density grid, and frames keep coming', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=bulletin&workers=10000&lock=rwmutex&think=300&panels=floor`,
      { scale: 1, height: 1000 });
  await page.evaluate(() => { window.racelab.run(); });
  await nextFrames(page, 5);
  // Frames while the run goes, each drawing the floor for 10,000 workers, and what drawing it
  // cost (the page publishes the floor's own time; the machine's load slows every frame alike).
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const times = [];
    const costs = [];
    const step = (now) => {
      times.push(now);
      costs.push(window.racelab.controlRects()['floor-draw-time'][4] / 1000);
      if (now - times[0] < 2000) requestAnimationFrame(step); else resolve({ times, costs });
    };
    requestAnimationFrame(step);
  }));
  const intervals = frames.times.slice(1).map((time, i) => time - frames.times[i]);
  const costs = frames.costs.sort((a, b) => a - b);
  const median = costs[Math.floor(costs.length / 2)];
  console.log(`10,000 workers: ${intervals.length} frames in 2 s, the longest gap ` +
      `${Math.max(...intervals).toFixed(0)} ms; drawing the floor took ${median.toFixed(2)} ms ` +
      `(median), ${costs[costs.length - 1].toFixed(2)} ms at most`);
  assert.ok(intervals.length >= 4, `only ${intervals.length} frames in two seconds`);
  assert.ok(Math.max(...intervals) < 1500, 'a frame took longer than 1.5 s');
  assert.ok(median < 8, `the floor took ${median} ms a frame`);

  const png = await screenshot(page, 'floor-10k');
  const drawn = await rects(page);
  assert.ok(drawn['floor-density'], 'the density grid is drawn');
  // Counts, not 10,000 figures: the places hold every worker between them (the seated aside).
  const places = { 'floor-lobby': [110, 112, 125], 'floor-lounge': [150, 100, 200],
    'floor-home': [40, 150, 90], 'floor-line-lock': [220, 160, 40],
    'floor-line-read': [230, 195, 95] };
  const counts = Object.keys(places).map((name) => drawn[name][4]);
  const counted = counts.reduce((sum, count) => sum + count, 0);
  assert.ok(counted >= 10000 - 16 && counted <= 10000, `${counted} workers beside the desks`);
  // The grid is drawn in the places' colours (and the dark gaps between cells), one of them
  // over a good part of it. (The run moves on between the screenshot and the counts.)
  const grid = drawn['floor-density'];
  const gap = near([26, 28, 33]);
  const shares = Object.values(places).map((colour) => countPixels(png, grid, near(colour)) /
      area(grid));
  const inColour = shares.reduce((sum, share) => sum + share, 0);
  const gaps = countPixels(png, grid, gap) / area(grid);
  assert.ok(inColour + gaps > 0.95, `${inColour} in the places' colours, ${gaps} gaps`);
  assert.ok(Math.max(...shares) > 0.25, `the largest colour covers ${Math.max(...shares)}`);
  await page.evaluate(() => window.racelab.reset());
  assert.deepEqual(errors, []);
  await context.close();
});

// Regression: "nobody guards it" under the empty counter ran into the board's red border.
for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`at ${width} px the counter's words keep off the broken board's border`, async () => {
    const { page, errors, context } = await openPage(lab.browser,
        `${lab.server.origin}/#scenario=bulletin&lock=none&engine=deterministic&seed=3` +
        '&panels=floor', { scale: 1, width, height });
    const state = await page.evaluate(() => window.racelab.run());
    assert.ok(state.violations.length > 0, 'the board broke');
    await nextFrames(page);
    const drawn = await rects(page);
    const [cx, , cw] = drawn['floor-counter'];
    const [rx] = drawn['floor-resource'];
    // The words are centred under the counter and cut to its width; the border is drawn
    // 0.3 of the font's size thick on the board's edge.
    assert.ok(cx + cw <= rx - 2, `the counter ends at ${cx + cw}, the board starts at ${rx}`);
    await screenshot(page, `floor-unguarded-counter-${width}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// Regression: abba's two locks were drawn as one line at one receptionist ("the logbook"), its
// two holders on top of each other without names.
test('two locks get a line each, with each waiting holder in its own', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=abba&engine=deterministic&panels=floor`,
      { scale: 1, height: 900 });
  const state = await page.evaluate(() => window.racelab.run());
  assert.equal(state.violations[0].kind, 'deadlock');
  await nextFrames(page);
  const drawn = await rects(page);
  assert.equal(drawn['floor-line-lock'], undefined, 'no single line for both');
  const room = drawn['floor-line-lock-0'];
  const projector = drawn['floor-line-lock-1'];
  assert.ok(room && projector, 'a line at each lock');
  assert.equal(room[4], 1, 'Bob waits for the conference room');
  assert.equal(projector[4], 1, 'Alice waits for the projector');
  assert.ok(projector[1] >= room[1] + room[3], 'one line under the other');
  const messages = await page.evaluate(() => window.racelab.messages());
  assert.deepEqual(messages, []);
  await screenshot(page, 'floor-abba');
  assert.deepEqual(errors, []);
  await context.close();
});
