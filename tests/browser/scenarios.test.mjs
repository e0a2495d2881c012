// Every scenario in the real page: the deterministic engine gives byte for byte what the native
// CLI gives for the same seed, each valid lock keeps the invariant, and the threads engine runs
// 10,000 workers on 4 desks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, nextFrames, openPage, repo, screenshot, startServer } from './harness.mjs';

const cli = join(repo, 'build', 'native', 'racelab');
const locks = {
  booking: ['none', 'mutex', 'spinlock', 'atomic', 'channel'],
  'flash-sale': ['none', 'mutex', 'spinlock', 'atomic', 'channel'],
  ledger: ['none', 'mutex', 'spinlock', 'atomic', 'channel'],
  bulletin: ['none', 'mutex', 'rwmutex', 'spinlock'],
  pool: ['none', 'mutex', 'spinlock', 'atomic', 'semaphore'],
  cache: ['none', 'mutex', 'rwmutex', 'spinlock', 'channel'],
};

let server;
let browser;
let page;
let errors;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, `${server.origin}/`));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

function native(scenario, lock, seed) {
  const output = execFileSync(cli, ['run', '--scenario', scenario, '--lock', lock, '--engine',
    'deterministic', '--seed', String(seed), '--json']);
  return JSON.parse(output);
}

async function inPage(hash) {
  const problems = await page.evaluate((link) => window.racelab.load(link), hash);
  assert.deepEqual(problems, [], `${hash}: ${problems}`);
  return page.evaluate(() => window.racelab.run());
}

for (const [scenario, kinds] of Object.entries(locks)) {
  test(`${scenario}: the page's deterministic runs match the native CLI, lock by lock`, async () => {
    for (const lock of kinds) {
      const seed = 7;
      const expected = native(scenario, lock, seed);
      const state = await inPage(`#scenario=${scenario}&lock=${lock}&engine=deterministic` +
          `&seed=${seed}`);
      assert.equal(state.finished, true);
      assert.equal(state.metrics.trace_hash, expected.metrics.trace_hash, `${scenario} ${lock}`);
      assert.deepEqual(state.outcome, expected.outcome, `${scenario} ${lock}`);
      assert.deepEqual(state.violations, expected.violations, `${scenario} ${lock}`);
      assert.deepEqual(state.races, expected.races, `${scenario} ${lock}`);
      assert.equal(state.verdict, expected.verdict);
      if (lock === 'none') {
        assert.ok(state.violations.length > 0, `${scenario} without a lock kept its invariant`);
        assert.ok(state.races.length > 0, `${scenario} without a lock: the camera saw nothing`);
      } else {
        assert.deepEqual(state.violations, [], `${scenario} with ${lock}: ${state.verdict}`);
        assert.deepEqual(state.races, [], `${scenario} with ${lock}: ${state.verdict}`);
      }
    }
    await nextFrames(page);
    await screenshot(page, `scenario-${scenario}`);
    assert.deepEqual(errors, []);
  });
}

test('ten thousand workers on four desks complete on the threads engine', async () => {
  const state = await inPage('#scenario=flash-sale&workers=10000&desks=4&lock=mutex&think=0' +
      '&stock=50&engine=threads');
  assert.equal(state.finished, true);
  assert.equal(state.workers, 10000);
  assert.equal(state.desks, 4);
  assert.equal(state.outcome.orders.length, 50);
  assert.deepEqual(state.violations, []);
  await nextFrames(page);
  await screenshot(page, 'ten-thousand');
  assert.deepEqual(errors, []);
});

test('each scenario races on real threads without a lock, and not with one', async () => {
  for (const scenario of ['booking', 'flash-sale', 'ledger', 'bulletin', 'pool', 'cache']) {
    const state = await inPage(`#scenario=${scenario}&lock=none&engine=threads&think=20`);
    assert.equal(state.finished, true);
    assert.ok(state.violations.length > 0, `${scenario}: ${state.verdict}`);
    assert.ok(state.races.length > 0, `${scenario}: the camera saw nothing`);
    // The browser's clock is coarse (microseconds): the trace's order must not depend on it.
    for (const lock of locks[scenario].filter((kind) => kind !== 'none')) {
      const guarded = await inPage(
          `#scenario=${scenario}&lock=${lock}&engine=threads&think=1&desks=4&workers=6`);
      assert.deepEqual(guarded.violations, [], `${scenario} ${lock}: ${guarded.verdict}`);
      assert.deepEqual(guarded.races, [], `${scenario} ${lock}: ${guarded.verdict}`);
    }
  }
});

test('the race report names both workers and the slot, and a near miss says so', async () => {
  const raced = await inPage('#scenario=booking&workers=2&lock=none&engine=deterministic&seed=3');
  assert.ok(raced.races.length > 0);
  const race = raced.races[0];
  assert.deepEqual(new Set([race.current.worker, race.previous.worker]), new Set(['Alice', 'Bob']));
  assert.equal(race.resource, 'the 10:00 slot');
  assert.match(race.explanation, /no receptionist between them/);
  const nearMiss = await inPage(
      '#scenario=booking&workers=2&lock=none&engine=deterministic&seed=1&think=0');
  assert.deepEqual(nearMiss.violations, []);
  assert.ok(nearMiss.races.length > 0);
  assert.match(nearMiss.verdict, /^Race seen, data survived this time/);
  await nextFrames(page);
  await screenshot(page, 'near-miss');
});

test('selecting a race rings both workers and the field it was about', async () => {
  const highlighted = (png) => {
    let count = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
      if (r > 240 && g > 195 && g < 225 && b < 80) ++count;
    }
    return count;
  };
  for (const scenario of ['booking', 'ledger', 'bulletin', 'pool', 'cache', 'flash-sale']) {
    await inPage(`#scenario=${scenario}&lock=none&engine=deterministic&seed=3&workers=4`);
    await nextFrames(page);
    const before = highlighted(await screenshot(page, `race-${scenario}-none-selected`));
    assert.equal(await page.evaluate(() => window.racelab.selectRace(0)), true);
    await nextFrames(page);
    const after = highlighted(await screenshot(page, `race-${scenario}-selected`));
    assert.ok(after > before + 500, `${scenario}: ${before} highlighted pixels, then ${after}`);
  }
  assert.equal(await page.evaluate(() => window.racelab.selectRace(999)), false);
});

test('a lock the scenario does not offer is refused with the valid ones named', async () => {
  const problems = await page.evaluate(
      () => window.racelab.load('#scenario=bulletin&lock=atomic'));
  assert.deepEqual(problems,
      ["lock 'atomic' does not fit bulletin; choose one of none, mutex, rwmutex, spinlock"]);
  const state = await page.evaluate(() => window.racelab.state());
  assert.equal(state.scenario, 'bulletin');
  assert.equal(state.lock, 'none');
});
