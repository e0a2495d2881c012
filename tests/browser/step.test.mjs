// The step engine in a real browser: the visitor is the scheduler, pressing workers on the
// canvas; the link carries the schedule and replays it; a line expands into its requests;
// Explore finds the shortest double booking and Next steps through it; a deadlock steered into
// by hand is caught; bad schedules in a link get a message, never a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, screenshot, scrollIntoView, serverAndBrowser, startServer } from
  './harness.mjs';

const lab = serverAndBrowser();

const state = (page) => page.evaluate(() => window.racelab.state());
const stepState = async (page) => (await state(page)).step;

// Presses a control of controlRects() with the mouse, as a visitor would. ImGui takes the press
// and the release in frames of their own, and the page's frame may come after ours: a few
// frames pass before the state is read.
async function press(page, name) {
  const [x, y, width, height] = await scrollIntoView(page, name);
  await page.mouse.click(x + width / 2, y + height / 2);
  await nextFrames(page, 5);
}

// Presses a control and waits (on a busy machine frames come slowly) until `done(step state)`.
async function pressUntil(page, name, done) {
  await press(page, name);
  for (let frames = 0; frames < 120; frames += 2) {
    if (done(await stepState(page))) return;
    await nextFrames(page, 2);
  }
  assert.fail(`pressing ${name} had no effect`);
}

async function pressWorker(page, worker) {
  const before = (await stepState(page)).requests;
  await pressUntil(page, `step-worker-${worker}`, (step) => step.requests !== before);
}

async function untilExplored(page) {
  for (;;) {
    const explore = (await stepState(page)).explore;
    if (!explore.running) return explore;
    await nextFrames(page, 10);
  }
}

const kinds = (summary) => summary.violations.map((violation) => violation.kind);

test('a visitor double-books the 10:00 slot by pressing workers, and the link replays it',
  async () => {
    const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&engine=step&lock=none&workers=2`, { scale: 1 });
    let step = await stepState(page);
    assert.ok(step, 'the step engine is on');
    assert.deepEqual(step.ready, [0, 1]);
    const alice = step.workers[0];
    assert.equal(alice.code[alice.line], 'slot := firstFree(calendar)');
    // Both look, then both think and write: two names on one slot.
    for (const worker of [0, 1, 0, 0, 1, 1]) await pressWorker(page, worker);
    const done = await state(page);
    assert.equal(done.step.finished, true);
    assert.deepEqual(kinds(done), ['double-booking']);
    assert.equal(done.engine, 'step');
    assert.match(done.page.link, /&engine=step&/);
    // Five choices (Alice's two writes each one), then Bob alone: three requests more.
    assert.match(done.page.link, /&schedule=0\.1\.0\.0\.0\+3&/);
    await screenshot(page, 'step-double-booking');

    // Undo takes back Bob's writes; the link follows.
    await pressUntil(page, 'step-undo', (step) => !step.finished);
    step = await stepState(page);
    assert.equal(step.finished, false);
    assert.equal(step.planned, 2);
    assert.deepEqual(kinds(await state(page)), []);

    // A fresh page from the finished run's link stands where the visitor stopped.
    const fresh = await openPage(lab.browser, `${lab.server.origin}/${done.page.link}`,
      { scale: 1 });
    const replayed = await state(fresh.page);
    assert.deepEqual(await fresh.page.evaluate(() => window.racelab.messages()), []);
    assert.equal(replayed.step.requests, done.step.requests);
    assert.equal(replayed.step.schedule, done.step.schedule);
    assert.deepEqual(kinds(replayed), ['double-booking']);
    assert.equal(replayed.metrics.trace_hash, done.metrics.trace_hash);
    assert.deepEqual(fresh.errors, []);
    await fresh.context.close();
    assert.deepEqual(errors, []);
    await context.close();
  });

test('one request at a time splits a line into its requests, and a waiter cannot go',
  async () => {
    const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=ledger&engine=step&lock=none&workers=2`, { scale: 1 });
    await pressUntil(page, 'step-expand', (step) => step.one_request_at_a_time);
    assert.equal((await stepState(page)).one_request_at_a_time, true);
    // Alice checks and thinks, then makes the first of the two writes of her last line.
    for (let i = 0; i < 3; ++i) await pressWorker(page, 0);
    let alice = (await stepState(page)).workers[0];
    assert.equal(alice.code[alice.line].trim(), 'balance = b - amount; approved[me] = true');
    assert.equal(alice.parts.length, 1);
    assert.match(alice.parts[0], /^write \d+ to the balance$/);
    assert.match(alice.next, /^write 1 to /);
    await screenshot(page, 'step-one-request');
    await pressWorker(page, 0);
    alice = (await stepState(page)).workers[0];
    assert.equal(alice.done, true);

    // Under a mutex, Bob asks while Alice holds it: he waits, and says so.
    await page.evaluate(() =>
      window.racelab.load('#scenario=ledger&engine=step&lock=mutex&workers=2'));
    await nextFrames(page, 2);
    await pressWorker(page, 0);
    await pressWorker(page, 1);
    const step = await stepState(page);
    assert.equal(step.workers[1].status, 'waits for the lock');
    assert.deepEqual(step.ready, [0]);
    assert.equal(await page.evaluate(() => window.racelab.step(1)),
      'Bob cannot go now: waits for the lock');
    assert.deepEqual(errors, []);
    await context.close();
  });

test('Explore finds the shortest double booking, and Next steps through it', async () => {
  const { page, errors, context } = await openPage(lab.browser,
    `${lab.server.origin}/#scenario=booking&engine=step&lock=none&workers=2`, { scale: 1 });
  await pressUntil(page, 'explore', (step) => step.explore.schedules !== undefined);
  const explore = await untilExplored(page);
  assert.equal(explore.complete, true, JSON.stringify(explore));
  assert.ok(explore.schedules > 1, JSON.stringify(explore));
  assert.ok(explore.failing > 0 && explore.failing <= explore.schedules, JSON.stringify(explore));
  assert.match(explore.shortest.verdict, /both hold 10:00/);
  await pressUntil(page, 'explore-replay', (step) => step.planned > 0);
  let step = await stepState(page);
  assert.equal(step.requests, 0);
  assert.ok(step.planned > 0, `the plan after Step through it: ${JSON.stringify(step.explore)}`);
  while (!step.finished) {
    await press(page, 'step-next');
    step = await stepState(page);
  }
  assert.equal(step.planned, 0);
  assert.deepEqual(kinds(await state(page)), ['double-booking']);
  const shortest = explore.shortest.schedule;
  assert.ok(step.schedule.startsWith(shortest), `${step.schedule} follows ${shortest}`);
  await screenshot(page, 'step-explored');

  // Under a mutex no schedule double-books.
  await page.evaluate(() =>
    window.racelab.load('#scenario=booking&engine=step&lock=mutex&workers=2'));
  assert.equal(await page.evaluate(() => window.racelab.explore(2)), true);
  const locked = await untilExplored(page);
  assert.equal(locked.failing, 0);
  assert.equal(locked.shortest, undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a long exploration shows its progress and stops at Cancel', async () => {
  const { page, errors, context } = await openPage(lab.browser,
    `${lab.server.origin}/#scenario=cache&engine=step&workers=6`, { scale: 1 });
  assert.equal(await page.evaluate(() => window.racelab.explore(8)), true);
  await nextFrames(page, 5);
  const going = (await stepState(page)).explore;
  assert.equal(going.running, true);
  assert.ok((await page.evaluate(() => window.racelab.controlRects()))['explore-progress']);
  await pressUntil(page, 'explore-cancel', (step) => !step.explore.running);
  const stopped = await untilExplored(page);
  assert.equal(stopped.cancelled, true);
  assert.equal(stopped.complete, false);
  // The page is still the visitor's: a move goes through.
  assert.equal(await page.evaluate(() => window.racelab.step(0)), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a deadlock the visitor steers into is caught, with its cycle', async () => {
  const { page, errors, context } = await openPage(lab.browser,
    `${lab.server.origin}/#scenario=abba&engine=step`, { scale: 1 });
  const step = await stepState(page);
  assert.equal(step.workers[0].code[step.workers[0].line], 'room.Lock()');
  assert.equal(step.workers[1].code[step.workers[1].line], 'projector.Lock()');
  for (const worker of [0, 1, 0, 1, 0, 1]) await pressWorker(page, worker);
  const stuck = await state(page);
  assert.equal(stuck.step.finished, true);
  assert.deepEqual(kinds(stuck), ['deadlock']);
  assert.deepEqual(stuck.deadlock.cycle.map((link) => link.worker).sort(), ['Alice', 'Bob']);
  assert.match(stuck.verdict, /Deadlock/);
  await screenshot(page, 'step-deadlock');
  // Restart (the page's Reset) goes back to the first step; Run plays on to the end.
  await pressUntil(page, 'reset', (step) => step.requests === 0);
  assert.equal((await stepState(page)).requests, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad schedule or engine setting in a link gets a message, and the page goes on',
  async () => {
    const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/`,
      { scale: 1 });
    const cases = [
      ['#scenario=booking&engine=step&schedule=7.7.7', /picks worker 7 at choice 1/],
      ['#scenario=booking&engine=step&schedule=0.x', /worker numbers joined by dots/],
      ['#scenario=booking&engine=step&schedule=0.1+oops', /ending after \+ must be a number/],
      ['#scenario=booking&engine=step&schedule=' + '0.1.'.repeat(300) + '0',
        /it was made for other settings/],
      ['#scenario=booking&engine=threads&schedule=0.1', /is for the step engine/],
      ['#scenario=booking&engine=step&workers=9000', /at most 8 workers, not 9000/],
    ];
    for (const [hash, message] of cases) {
      const problems = await page.evaluate((link) => window.racelab.load(link), hash);
      assert.ok(problems.some((problem) => message.test(problem)), `${hash}: ${problems}`);
      await nextFrames(page, 2);
    }
    assert.equal((await stepState(page)).workers.length, 8);
    assert.equal(await page.evaluate(() => window.racelab.step(42)),
      'there is no worker 42 in this run');
    await page.evaluate(() => window.racelab.load('#scenario=booking&engine=threads'));
    assert.match(await page.evaluate(() => window.racelab.next()), /engine is not step/);
    assert.deepEqual(errors, []);
    await context.close();
  });

test('a schedule too long for a link is left out of it, and the page says so', async () => {
  const { page, errors, context } = await openPage(lab.browser,
    `${lab.server.origin}/#scenario=bulletin&engine=step&workers=8&lock=none&reads=100`,
    { scale: 1 });
  assert.equal((await stepState(page)).in_link, true);
  // Taking turns, every request is a choice: thousands of them.
  await page.evaluate(() => {
    for (let i = 0; i < 20000; ++i) window.racelab.step(i % 8);
  });
  const done = await page.evaluate(() => window.racelab.run());
  assert.ok(done.step.schedule.length > 4096);
  assert.equal(done.step.in_link, false);
  assert.doesNotMatch(done.page.link, /schedule=/);
  assert.ok(done.page.link.length < 4096);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the step engine runs in a page without threads (an embed on a plain host)', async () => {
  const plain = await startServer(['--no-isolation']);
  const { page, errors, context } = await openPage(lab.browser,
    `${plain.origin}/embed.html#scenario=flash-sale&engine=step&workers=3&stock=1`,
    { width: 800, height: 600, scale: 1 });
  assert.equal(await page.evaluate(() => window.racelab.build), 'nothreads');
  const summary = await page.evaluate(() => window.racelab.run());
  assert.equal(summary.step.finished, true);
  assert.equal(summary.engine, 'step');
  assert.deepEqual(summary.violations.map((violation) => violation.kind), []);
  await screenshot(page, 'step-embed');
  assert.deepEqual(errors, []);
  await context.close();
  plain.stop();
});
