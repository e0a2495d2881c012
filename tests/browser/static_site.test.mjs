// dist/ on a static host that sends no COOP/COEP headers: the service worker isolates the page
// after one reload and the threaded build runs. Under the headers, the page needs no reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, nextFrames, openPage, startServer } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

// How the page's current document was reached ('navigate' or 'reload') and who controls it.
function documentFacts(page) {
  return page.evaluate(async () => ({
    isolated: self.crossOriginIsolated,
    type: performance.getEntriesByType('navigation')[0].type,
    controlled: navigator.serviceWorker.controller !== null,
    registered: (await navigator.serviceWorker.getRegistration()) !== undefined,
  }));
}

async function bookWithMutexOnThreads(page) {
  const problems = await page.evaluate(() => window.racelab.load(
      '#scenario=booking&workers=8&lock=mutex&engine=threads&desks=4'));
  assert.deepEqual(problems, []);
  const state = await page.evaluate(() => window.racelab.run());

  assert.equal(state.engine, 'threads');
  assert.equal(state.desks, 4);
  assert.equal(state.finished, true);
  assert.deepEqual(state.violations, []);
  const holders = state.outcome.slots.flatMap((slot) => slot.names);
  assert.equal(holders.length, 8);
  assert.equal(new Set(holders).size, 8);
}

test('a plain static host: the service worker reloads the page once into isolation', async () => {
  const server = await startServer(['--no-isolation']);
  try {
    const { page, errors, navigations, context } = await openPage(browser,
        `${server.origin}/`, { ready: false });
    await page.waitForFunction(() => self.crossOriginIsolated, null, { timeout: 30000 });
    await page.waitForFunction(() => window.racelab !== undefined, null, { timeout: 30000 });
    await page.evaluate(() => window.racelab.ready);

    // One first load without isolation, then the reload the service worker asked for.
    assert.equal(navigations.length, 2, JSON.stringify(navigations));
    assert.deepEqual(await documentFacts(page),
        { isolated: true, type: 'reload', controlled: true, registered: true });

    await bookWithMutexOnThreads(page);
    await nextFrames(page);
    assert.equal(navigations.length, 2, JSON.stringify(navigations));
    // The first, unisolated document may fail to start threads; the isolated one must not.
    assert.deepEqual(errors.slice(navigations[1].errorsBefore), []);
    await context.close();
  } finally {
    server.stop();
  }
});

test('a host that sends the headers: isolated at once, no service worker, no reload', async () => {
  const server = await startServer();
  try {
    const { page, errors, navigations, context } = await openPage(browser, `${server.origin}/`);
    await bookWithMutexOnThreads(page);

    // Long enough for a reload the worker would start; on the static host it came within a frame.
    await page.waitForTimeout(1000);
    assert.equal(navigations.length, 1, JSON.stringify(navigations));
    assert.deepEqual(await documentFacts(page),
        { isolated: true, type: 'navigate', controlled: false, registered: false });
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    server.stop();
  }
});
