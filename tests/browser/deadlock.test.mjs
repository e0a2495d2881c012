// The deadlock scenarios in a real browser: on real pthreads and on the deterministic engine, a
// run nobody can finish ends by itself, names its wait-for cycle and draws it in red; fixed=1
// gets everyone through; Reset and a new run work after a deadlock.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, screenshot, scrollIntoView, serverAndBrowser } from
  './harness.mjs';

const lab = serverAndBrowser();

const expectedCycles = {
  abba: [['Alice', 'the projector'], ['Bob', 'the conference room']],
  rwr: [['Alice', "the board's lock"], ['Bob', "the board's lock"]],
  'double-lock': [['Alice', "the filing cabinet's lock"]],
};

// The cycle's links as [worker, lock], turned to start with Alice.
function cycleOf(state) {
  const links = state.deadlock.cycle.map((link) => [link.worker, link.lock]);
  const alice = links.findIndex(([worker]) => worker === 'Alice');
  return [...links.slice(alice), ...links.slice(0, alice)];
}

function redPixels(png) {
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r > 200 && g < 110 && b < 100) ++red;
  }
  return red;
}

for (const engine of ['threads', 'deterministic']) {
  test(`on the ${engine} engine each deadlock scenario stops, names its cycle, and not fixed`,
    async () => {
      const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/`,
        { scale: 1 });
      for (const [scenario, cycle] of Object.entries(expectedCycles)) {
        const problems = await page.evaluate(
          (hash) => window.racelab.load(hash), `#scenario=${scenario}&engine=${engine}`);
        assert.deepEqual(problems, []);
        const state = await page.evaluate(() => window.racelab.run());
        assert.equal(state.finished, true, scenario);
        assert.equal(state.violations.length, 1, `${scenario}: ${state.verdict}`);
        assert.equal(state.violations[0].kind, 'deadlock');
        assert.match(state.verdict, /^Deadlock: /);
        assert.deepEqual(cycleOf(state), cycle, scenario);
        await nextFrames(page);
        const png = await screenshot(page, `deadlock-${scenario}-${engine}`);
        assert.ok(redPixels(png) > 400, `${scenario}: the cycle is not drawn in red`);

        await page.evaluate((hash) => window.racelab.load(hash),
          `#scenario=${scenario}&engine=${engine}&fixed=1`);
        const fixed = await page.evaluate(() => window.racelab.run());
        assert.equal(fixed.finished, true);
        assert.deepEqual(fixed.violations, [], `${scenario} fixed: ${fixed.verdict}`);
        assert.equal(fixed.deadlock, null);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
}

test('after a deadlock on real threads, Reset clears it and the next run starts', async () => {
  const { page, errors, context } = await openPage(lab.browser,
    `${lab.server.origin}/#scenario=abba&engine=threads&workers=6&desks=4`);
  const deadlocked = await page.evaluate(() => window.racelab.run());
  assert.equal(deadlocked.violations[0].kind, 'deadlock');
  assert.equal(deadlocked.deadlock.stuck.length, 6);
  await page.evaluate(() => window.racelab.reset());
  const cleared = await page.evaluate(() => window.racelab.state());
  assert.equal(cleared.started, false);
  assert.deepEqual(cleared.violations, []);
  const again = await page.evaluate(() => window.racelab.run());
  assert.equal(again.violations[0].kind, 'deadlock');
  assert.deepEqual(errors, []);
  await context.close();
});

// Regression: the 0/1 parameter `fixed` was a slider, dragged from 0 to 1.
test('the fix is a checkbox: a click ticks it, the link follows, and the run goes through',
  async () => {
    const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=abba&engine=deterministic`);
    // Scrolled above the pinned Run and Reset (the settings scroll under them).
    let rect = await scrollIntoView(page, 'param-fixed');
    for (let attempt = 0; attempt < 10; ++attempt) {
      const rects = await page.evaluate(() => window.racelab.controlRects());
      rect = rects['param-fixed'];
      if (rect[1] + rect[3] < rects.run[1] - 4) break;
      await page.mouse.move(rect[0] + rect[2] / 2, 300);
      await page.mouse.wheel(0, 200);
      await nextFrames(page, 2);
    }
    const [x, y, width, height] = rect;
    assert.ok(width > 150 && height < 40, `a box and its words: ${rect}`);
    await page.mouse.click(x + height / 2, y + height / 2);
    await nextFrames(page, 3);
    const state = await page.evaluate(() => window.racelab.state());
    assert.equal(state.params.fixed, 1);
    assert.match(state.page.link, /&fixed=1&/);
    await screenshot(page, 'deadlock-fixed-checkbox');
    const fixed = await page.evaluate(() => window.racelab.run());
    assert.equal(fixed.deadlock, null);
    await page.mouse.click(x + height / 2, y + height / 2);
    await nextFrames(page, 3);
    assert.equal((await page.evaluate(() => window.racelab.state())).params.fixed, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
