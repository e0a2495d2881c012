// embed.html as a blog would use it: inside a page of another origin that is not isolated, the
// build without threads loads, autorun=1 starts the run and the verdict is drawn.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, nextFrames, openPage, pixel, screenshot, startServer } from './harness.mjs';

let racelab;  // dist/ with the isolation headers, as scripts/run.sh serves it
let blog;     // another origin, a plain static host
let browser;
const article = mkdtempSync(join(tmpdir(), 'racelab-blog-'));

before(async () => {
  racelab = await startServer();
  const hash = '#scenario=booking&workers=6&lock=none&engine=threads&think=20&autorun=1';
  writeFileSync(join(article, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A post about races</title>
<link rel="icon" href="data:,"></head>
<body style="margin:0;background:#fff">
<p style="margin:8px">Press Run and watch two people book the same room.</p>
<iframe id="demo" src="${racelab.origin}/embed.html${hash}" width="700" height="450"
        title="racelab: the meeting room" style="border:0"></iframe>
</body></html>`);
  blog = await startServer(['--dir', article, '--no-isolation']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  racelab?.stop();
  blog?.stop();
});

function embedFrame(page) {
  return page.frames().find((frame) => frame.url().includes('/embed.html'));
}

test('in a page of another origin, embed.html runs without threads and shows the verdict',
    async () => {
  const { page, errors, context } = await openPage(browser, `${blog.origin}/`,
      { ready: false, scale: 1 });
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
  let frame;
  for (let tries = 0; tries < 100 && !frame; ++tries) {
    frame = embedFrame(page);
    if (!frame) await page.waitForTimeout(50);
  }
  assert.ok(frame, 'the iframe is there');
  await frame.waitForFunction(() => window.racelab !== undefined);
  await frame.evaluate(() => window.racelab.ready);

  assert.equal(await frame.evaluate(() => self.crossOriginIsolated), false);
  assert.equal(await frame.evaluate(() => window.racelab.build), 'nothreads');
  assert.equal(await frame.evaluate(() => typeof SharedArrayBuffer), 'undefined');
  // autorun=1 started it; the engine fell back to the deterministic one, without a complaint.
  const state = await frame.evaluate(() => window.racelab.finished());
  assert.equal(state.finished, true);
  assert.equal(state.engine, 'deterministic');
  assert.equal(state.page.layout, 'embed');
  assert.equal(state.page.threads_available, false);
  assert.deepEqual(await frame.evaluate(() => window.racelab.messages()), []);
  // Without a lock six workers double-book 10:00 (the deterministic engine with seed 1 does).
  assert.ok(state.violations.length > 0, JSON.stringify(state.violations));
  assert.match(state.verdict, /10:00/);

  // "Open in racelab" leads to the full page with the same settings.
  const open = await frame.evaluate(() => document.getElementById('open-full').href);
  assert.equal(open, `${racelab.origin}/${state.page.link}`);

  // The verdict is drawn in red at the top of the scenario's side of the frame.
  await nextFrames(page);
  const png = await screenshot(page, 'embed-in-blog');
  const box = await (await page.$('#demo')).boundingBox();
  let red = 0;
  for (let y = Math.round(box.y); y < box.y + 140; ++y) {
    for (let x = Math.round(box.x + 250); x < box.x + box.width; ++x) {
      const [r, g, b] = pixel(png, x, y);
      if (r > 200 && g < 170 && b < 160) ++red;
    }
  }
  assert.ok(red > 50, `red verdict pixels: ${red}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('embed.html opened on its own fits 700 by 450 and can run again', async () => {
  const { page, errors, context } = await openPage(browser,
      `${racelab.origin}/embed.html#scenario=flash-sale&workers=4&lock=mutex`,
      { width: 700, height: 450 });
  const state = await page.evaluate(() => window.racelab.run());
  assert.equal(state.finished, true);
  assert.deepEqual(state.violations, []);
  await nextFrames(page);
  await screenshot(page, 'embed-alone');
  const rects = await page.evaluate(() => window.racelab.controlRects());
  for (const name of ['workers', 'run', 'reset']) {
    const [x, y, width, height] = rects[name];
    assert.ok(x >= 0 && y >= 0 && x + width <= 700 && y + height <= 450 - 28,
        `${name} is inside the frame: ${rects[name]}`);
  }
  assert.equal(rects.share, undefined, 'the compact page has no Share button');
  assert.deepEqual(errors, []);
  await context.close();
});
