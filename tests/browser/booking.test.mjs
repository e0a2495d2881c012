// The booking scenario in a real browser: real pthreads race on the calendar, or do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, pixel, screenshot, serverAndBrowser } from './harness.mjs';

const lab = serverAndBrowser();

function doubleBookedSlots(state) {
  return state.outcome.slots.filter((slot) => slot.names.length > 1);
}

test('the page loads isolated, without console errors, and draws the calendar', async () => {
  const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  await nextFrames(page);
  const shot = await screenshot(page, 'loaded');

  // Not blank: many distinct colours, spread over the canvas (text, slots, controls).
  const colours = new Set();
  for (let y = 0; y < shot.height; y += 7) {
    for (let x = 0; x < shot.width; x += 7) colours.add(pixel(shot, x, y).join(','));
  }
  assert.ok(colours.size > 40, `only ${colours.size} colours on the canvas`);

  const state = await page.evaluate(() => window.racelab.state());
  assert.equal(state.scenario, 'booking');
  assert.equal(state.started, false);
  assert.equal(state.outcome.slots.length, 9);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without a lock, eight workers double-book', async () => {
  const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  const problems = await page.evaluate(
      () => window.racelab.load('#scenario=booking&workers=8&lock=none&think=50'));
  assert.deepEqual(problems, []);
  const state = await page.evaluate(() => window.racelab.run());

  assert.equal(state.finished, true);
  assert.equal(state.workers, 8);
  assert.equal(state.lock, 'none');
  const doubled = doubleBookedSlots(state);
  assert.ok(doubled.length >= 1, `no double booking: ${JSON.stringify(state.outcome)}`);
  assert.equal(state.violations.length, doubled.length);
  assert.equal(state.violations[0].kind, 'double-booking');
  assert.match(state.verdict, /hold \d\d:00/);

  await nextFrames(page);
  await screenshot(page, 'booking-none');
  assert.deepEqual(errors, []);
  await context.close();
});

test('with the mutex, eight workers hold eight distinct slots', async () => {
  const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  await page.evaluate(() => window.racelab.load('#scenario=booking&workers=8&lock=mutex&think=50'));
  const state = await page.evaluate(() => window.racelab.run());

  assert.equal(state.finished, true);
  assert.equal(state.lock, 'mutex');
  assert.deepEqual(doubleBookedSlots(state), []);
  assert.deepEqual(state.violations, []);
  const holders = state.outcome.slots.flatMap((slot) => slot.names);
  assert.equal(holders.length, 8);
  assert.equal(new Set(holders).size, 8);
  assert.match(state.verdict, /^No double booking/);

  await nextFrames(page);
  await screenshot(page, 'booking-mutex');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the hash of the opening link sets the controls, and the controls write the hash', async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=5&lock=mutex&think=7`);
  const state = await page.evaluate(() => window.racelab.state());
  assert.equal(state.workers, 5);
  assert.equal(state.lock, 'mutex');
  assert.equal(state.think, 7);
  await nextFrames(page);
  assert.match(await page.evaluate(() => location.hash),
      /^#scenario=booking&workers=5&lock=mutex&engine=threads&desks=\d+&seed=1&think=7&speed=0&panels=explain,floor,timeline,races,metrics$/);
  await context.close();
});

test('a bad link opens a working page with defaults and a message per problem', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#workers=1e9&lock=%3Cscript%3Ealert(1)%3C/script%3E&colour=red`);
  const state = await page.evaluate(() => window.racelab.state());
  assert.equal(state.workers, 2);
  assert.equal(state.lock, 'none');
  const problems = await page.evaluate(() => window.racelab.messages());
  assert.equal(problems.length, 3);
  assert.match(problems[0], /workers must be a whole number from 1 to 10000/);
  assert.match(problems[1], /lock '<script>alert\(1\)<\/script>' is not known for booking/);
  assert.match(problems[2], /unknown setting 'colour' for booking/);

  // The hash now says what is in effect; the same link through load() gives the same messages.
  assert.match(await page.evaluate(() => location.hash),
      /^#scenario=booking&workers=2&lock=none&engine=threads&desks=\d+&seed=1&think=20&speed=0&panels=explain,floor,timeline,races,metrics$/);
  assert.deepEqual(await page.evaluate(
      () => window.racelab.load('#workers=1e9&lock=%3Cscript%3Ealert(1)%3C/script%3E&colour=red')),
      problems);

  // Still works: a run completes after the bad link.
  const finished = await page.evaluate(() => window.racelab.run());
  assert.equal(finished.finished, true);
  await nextFrames(page);
  await screenshot(page, 'bad-link');
  assert.deepEqual(errors, []);
  await context.close();
});

test('reset clears the calendar, also in the middle of a run', async () => {
  const { page, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  await page.evaluate(() => window.racelab.load('#workers=4&lock=mutex&think=2000'));
  await page.evaluate(() => { window.racelab.run(); });
  const running = await page.evaluate(() => window.racelab.state());
  assert.equal(running.started, true);
  assert.equal(running.finished, false);
  await page.evaluate(() => window.racelab.reset());
  await page.waitForFunction(() => window.racelab.state().started === false, null,
      { timeout: 5000 });
  const cleared = await page.evaluate(() => window.racelab.state());
  assert.ok(cleared.outcome.slots.every((slot) => slot.names.length === 0));
  await context.close();
});

test('the canvas follows a window resize at the device pixel ratio', async () => {
  const { page, context } = await openPage(lab.browser, `${lab.server.origin}/`,
      { width: 900, height: 600, scale: 2 });
  await nextFrames(page);
  const size = () => page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    return [canvas.width, canvas.height];
  });
  assert.deepEqual(await size(), [1800, 1200]);
  await page.setViewportSize({ width: 390, height: 844 });
  await nextFrames(page, 5);
  assert.deepEqual(await size(), [780, 1688]);
  await screenshot(page, 'phone');
  await context.close();
});

test('a hash edited during a run is refused, said so, and put back', async () => {
  const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  await page.evaluate(() => window.racelab.load('#workers=4&lock=mutex&think=300'));
  await page.evaluate(() => { window.racelab.run(); });
  await page.evaluate(() => { location.hash = '#workers=5&lock=none'; });
  await page.waitForFunction(() => window.racelab.messages().length === 1, null,
      { timeout: 5000 });
  assert.match((await page.evaluate(() => window.racelab.messages()))[0], /a run is going/);
  await nextFrames(page);
  const state = await page.evaluate(() => window.racelab.state());
  assert.equal(state.workers, 4);
  assert.equal(await page.evaluate(() => location.hash), state.page.link);
  await page.evaluate(() => window.racelab.reset());
  assert.deepEqual(errors, []);
  await context.close();
});

test('run() straight after a reset mid-run starts a fresh run and resolves at its end', async () => {
  const { page, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  await page.evaluate(() => window.racelab.load('#workers=3&lock=mutex&think=1000'));
  await page.evaluate(() => { window.racelab.run(); });
  await page.evaluate(() => window.racelab.load('#workers=3&lock=mutex&think=1000'));
  const state = await page.evaluate(() => {
    window.racelab.reset();
    return window.racelab.run();
  });
  assert.equal(state.started, true);
  assert.equal(state.finished, true, JSON.stringify(state));
  assert.equal(state.outcome.slots.filter((slot) => slot.names.length === 1).length, 3);
  await context.close();
});

test('sixty-four names in one slot stay readable on a phone', async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#workers=64&lock=none&think=50`, { width: 390, height: 844 });
  const state = await page.evaluate(() => window.racelab.run());
  assert.ok(state.violations.length >= 1);
  await nextFrames(page);
  await screenshot(page, 'phone-64-workers');
  await context.close();
});

test('the message box wraps its heading and messages on a phone', async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#workers=1e9&lock=%F0%9F%92%A5&think=-4`, { width: 390, height: 844 });
  const messages = await page.evaluate(() => window.racelab.messages());
  assert.equal(messages.length, 3);
  // An emoji the font has no glyph for is spelled out.
  assert.match(messages[1], /^lock '<U\+1F4A5>' is not known for booking/);
  await nextFrames(page);
  await screenshot(page, 'phone-bad-link');
  await context.close();
});

test('a hash edited by hand applies, as a fresh link would', async () => {
  const { page, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  await page.evaluate(() => { location.hash = '#scenario=ledger&workers=5'; });
  await page.waitForFunction(() => window.racelab.state().scenario === 'ledger', null,
      { timeout: 5000 });
  const state = await page.evaluate(() => window.racelab.state());
  assert.equal(state.workers, 5);
  await nextFrames(page);  // the next frame writes the whole link back
  assert.match(await page.evaluate(() => location.hash), /^#scenario=ledger&workers=5&/);
  await context.close();
});
