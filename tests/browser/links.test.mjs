// Links in a real browser: every control round-trips through the hash, history gets one entry
// per finished change, hostile hashes open a working page with messages, and Share and Embed copy
// what reproduces the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nextFrames, openPage, screenshot, serverAndBrowser } from './harness.mjs';

const lab = serverAndBrowser();

// What a run on the same link must reproduce; wall-clock figures aside, nothing may differ.
function comparable(state) {
  const { metrics, ...rest } = state;
  const { time_ms: _time, ...figures } = metrics;
  return { ...rest, metrics: figures };
}

// Presses the middle of a control the page drew, as a visitor's mouse would.
async function press(page, name) {
  const rects = await page.evaluate(() => window.racelab.controlRects());
  assert.ok(rects[name], `the control '${name}' is on screen: ${JSON.stringify(rects)}`);
  const [x, y, width, height] = rects[name];
  const viewport = page.viewportSize();
  assert.ok(y >= 0 && y + height <= viewport.height && x + width <= viewport.width,
      `the control '${name}' is within the ${viewport.width}x${viewport.height} window: ${rects[name]}`);
  await page.mouse.click(x + width / 2, y + height / 2);
  await nextFrames(page);
}

// What the page put on the clipboard, once it has put something there.
async function clipboardText(page) {
  for (let tries = 0; tries < 50; ++tries) {
    const text = await page.evaluate(() => navigator.clipboard.readText());
    if (text) return text;
    await page.waitForTimeout(100);
  }
  assert.fail('nothing reached the clipboard');
}

test('every control round-trips through the hash, and a reload replays the same run', async () => {
  const link = '#scenario=pool&workers=37&lock=semaphore&engine=deterministic&desks=3&seed=99' +
      '&think=7&connections=5&speed=0&panels=races,metrics&autorun=1';
  const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  assert.deepEqual(await page.evaluate((hash) => window.racelab.load(hash), link), []);
  const first = await page.evaluate(() => window.racelab.finished());
  assert.equal(first.finished, true, 'autorun=1 started the run');
  await nextFrames(page);
  const hash = await page.evaluate(() => location.hash);
  assert.equal(hash, link);
  assert.deepEqual(first.page.panels, ['races', 'metrics']);
  assert.equal(first.page.speed, 0);

  await page.reload();
  await page.evaluate(() => window.racelab.ready);
  const second = await page.evaluate(() => window.racelab.finished());
  assert.equal(await page.evaluate(() => location.hash), link);
  assert.ok(second.metrics.trace_hash, 'the deterministic run has a trace hash');
  assert.deepEqual(comparable(second), comparable(first));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a slowed-down replay takes its time and ends in the same interleaving', async () => {
  const { page, context } = await openPage(lab.browser, `${lab.server.origin}/`);
  const fast = await page.evaluate(async () => {
    window.racelab.load('#workers=3&engine=deterministic&seed=5&think=0');
    return window.racelab.run();
  });
  const started = Date.now();
  const slow = await page.evaluate(async () => {
    window.racelab.load('#workers=3&engine=deterministic&seed=5&think=0&speed=5');
    return window.racelab.run();
  });
  const seconds = (Date.now() - started) / 1000;
  // Three workers take over a dozen scheduling steps (at full speed, a few milliseconds).
  assert.ok(seconds > 2, `the replay at 5 steps per second took ${seconds} s`);
  assert.equal(slow.metrics.trace_hash, fast.metrics.trace_hash);
  await context.close();
});

test('a dragged slider adds one history entry, and Back restores the settings before it',
    async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#workers=2&lock=mutex`);
  await nextFrames(page);
  const before = await page.evaluate(() => ({ length: history.length, hash: location.hash }));
  const [x, y, width, height] = (await page.evaluate(() => window.racelab.controlRects())).workers;
  await page.mouse.move(x + 4, y + height / 2);
  await page.mouse.down();
  for (let step = 1; step <= 10; ++step) {
    await page.mouse.move(x + (width * step) / 20, y + height / 2);
    await nextFrames(page, 1);
  }
  await page.mouse.up();
  await nextFrames(page);
  const dragged = await page.evaluate(() => ({ length: history.length, hash: location.hash,
    workers: window.racelab.state().workers }));
  assert.ok(dragged.workers > 2, `the drag raised the workers to ${dragged.workers}`);
  assert.equal(dragged.length, before.length + 1, 'one entry for the whole drag');
  assert.match(dragged.hash, new RegExp(`workers=${dragged.workers}&`));

  await page.goBack();
  await page.waitForFunction((hash) => location.hash === hash, before.hash);
  await nextFrames(page);
  assert.equal(await page.evaluate(() => window.racelab.state().workers), 2);
  await page.goForward();
  await page.waitForFunction((workers) => window.racelab.state().workers === workers,
      dragged.workers);
  await context.close();
});

test('folding a panel is a setting of the link', async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#workers=2&panels=races,metrics`);
  await nextFrames(page);
  await press(page, 'metrics');
  assert.deepEqual(await page.evaluate(() => window.racelab.state().page.panels), ['races']);
  assert.match(await page.evaluate(() => location.hash), /&panels=races$/);
  await press(page, 'floor');
  assert.deepEqual(await page.evaluate(() => window.racelab.state().page.panels),
      ['floor', 'races']);
  await context.close();
});

// Each opens a fresh page; the page must work and name what it could not use.
const hostileLinks = [
  ['unknown keys', '#colour=red&workers=3&%3Cb%3E=1', /unknown setting 'colour'/],
  ['a negative worker count', '#workers=-1', /workers must be a whole number from 1 to 10000, not '-1'/],
  ['an absurd worker count', '#workers=1e9', /workers must be a whole number from 1 to 10000, not '1e9'/],
  ['markup for a lock', '#lock=<script>window.injected=1</script>', /lock '<script>window.inj/],
  ['markup percent-encoded', '#lock=%3Cimg%20src%3Dx%20onerror%3D%22window.injected%3D1%22%3E',
    /lock '<img src=x onerror="window.inje/],
  ['an empty seed', '#engine=deterministic&seed=', /seed must be a whole number of 0 or more, not ''/],
  ['a 100 KB hash', `#workers=3&${'x'.repeat(100 * 1024)}`, /characters long, more than 4096/],
  ['broken percent escapes', '#workers=%&lock=%zz%E2%28%A1&think=%FF%FE', /workers must be/],
  ['unicode garbage', '#scenario=%F0%9F%92%A5%E2%80%AE&workers=\u{1F600}\u202E',
    /scenario '<U\+1F4A5><U\+202E>'/],
  ['letters past ASCII', '#lock=Schlo%C3%9F&scenario=%D0%B7%D0%B0%D0%BC%D0%BE%D0%BA',
    /scenario 'замок' is not known/],
  ['a list of panels with several problems', '#panels=explain,explain,foo',
    /panels must list .*, not 'foo'/],
  ['a repeated key', '#workers=3&workers=4', /'workers' appears more than once/],
  ['bad page settings', '#speed=fast&panels=attic&autorun=please',
    /speed must be a whole number/],
];

for (const [what, hash, message] of hostileLinks) {
  test(`a link with ${what} opens a working page with a message`, async () => {
    const { page, errors, context } = await openPage(lab.browser, `${lab.server.origin}/${hash}`);
    await nextFrames(page);
    const messages = await page.evaluate(() => window.racelab.messages());
    assert.ok(messages.some((text) => message.test(text)), JSON.stringify(messages));
    // Printable text only: no control, format or direction character (those are spelled out).
    for (const text of messages) assert.doesNotMatch(text, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    await screenshot(page, `links-${what.replace(/\W+/g, '-')}`);
    // Nothing of the hash became markup or script; the document is the page's own.
    assert.equal(await page.evaluate(() => window.injected), undefined);
    assert.equal(await page.evaluate(() => document.querySelectorAll('img, iframe').length), 0);
    // The hash now says what is in effect, and a run still works.
    const state = await page.evaluate(() => window.racelab.state());
    assert.equal(await page.evaluate(() => location.hash), state.page.link);
    const finished = await page.evaluate(() => window.racelab.run());
    assert.equal(finished.finished, true);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('Share copies the link of what is on screen, and that link reproduces it', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=ledger&workers=4&lock=mutex&engine=deterministic&seed=3`);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'],
      { origin: lab.server.origin });
  const sent = await page.evaluate(() => window.racelab.run());
  await press(page, 'share');
  const copied = await clipboardText(page);
  assert.equal(copied, await page.evaluate(() => window.racelab.shareLink()));
  assert.equal(copied, `${lab.server.origin}/${sent.page.link}`);
  await nextFrames(page);
  await screenshot(page, 'share-copied');

  // The receiver opens it and runs: the same interleaving, the same outcome.
  const receiver = await openPage(lab.browser, copied);
  const received = await receiver.page.evaluate(() => window.racelab.run());
  assert.deepEqual(comparable(received), comparable(sent));
  assert.deepEqual(errors, []);
  assert.deepEqual(receiver.errors, []);
  await receiver.context.close();
  await context.close();
});

// Regression: on a phone the copied link's field appeared under the pinned buttons and pushed
// them up by two rows, so the next tap missed.
test('on a phone the copied link shows above the pinned buttons, which stay put', async () => {
  const { page, errors, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=booking&workers=2`, { width: 390, height: 844 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'],
      { origin: lab.server.origin });
  const before = await page.evaluate(() => window.racelab.controlRects());
  await press(page, 'share');
  let after = before;
  for (let frame = 0; frame < 60 && !after['shared-text']; ++frame) {
    await nextFrames(page, 1);
    after = await page.evaluate(() => window.racelab.controlRects());
  }
  assert.ok(after['shared-text'], 'the copied link is shown');
  await nextFrames(page, 3);
  after = await page.evaluate(() => window.racelab.controlRects());
  for (const name of ['run', 'reset', 'share', 'embed']) {
    assert.deepEqual(after[name], before[name], `${name} stayed where it was`);
  }
  assert.ok(after['shared-text'][1] + after['shared-text'][3] <= after.run[1],
    'the field is above Run');
  await screenshot(page, 'share-copied-phone');

  // A changed setting takes the field away; the buttons still do not move.
  await page.evaluate(() => window.racelab.load('#scenario=booking&workers=3'));
  await nextFrames(page, 3);
  const changed = await page.evaluate(() => window.racelab.controlRects());
  assert.equal(changed['shared-text'], undefined);
  assert.deepEqual(changed.run, before.run);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Embed copies an iframe snippet for embed.html with the same hash', async () => {
  const { page, context } = await openPage(lab.browser,
      `${lab.server.origin}/#scenario=bulletin&workers=6`);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'],
      { origin: lab.server.origin });
  await press(page, 'embed');
  const snippet = await clipboardText(page);
  const hash = await page.evaluate(() => location.hash);
  assert.equal(snippet, await page.evaluate(() => window.racelab.embedSnippet()));
  const match = snippet.match(
      /^<iframe src="([^"]+)" width="700" height="450" title="racelab: ([^"]+)" style="border:0" loading="lazy"><\/iframe>$/);
  assert.ok(match, snippet);
  assert.equal(match[1], `${lab.server.origin}/embed.html${hash.replace(/&/g, '&amp;')}`);
  assert.match(match[2], /bulletin board/i);
  await context.close();
});
