// Start-up of both web builds: what a visitor downloads (.js + .wasm, gzipped as a static host
// serves them) and the time from navigation to the first drawn frame in headless Chromium, five
// fresh visits each (a new browser context: nothing cached). Prints one JSON line per build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { launchBrowser, openPage, repo, startServer } from '../tests/browser/harness.mjs';

const visits = 5;

function gzipKilobytes(build) {
  let bytes = 0;
  for (const suffix of ['.js', '.wasm']) {
    bytes += gzipSync(readFileSync(join(repo, 'dist', build + suffix)), { level: 9 }).length;
  }
  return bytes / 1024;
}

function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
}

const browser = await launchBrowser();
try {
  // An isolated page loads the build with threads; embed.html on a host that sends no isolation
  // headers (a frame in somebody's article) loads the one without.
  const builds = [['racelab', '/', []], ['racelab-nothreads', '/embed.html', ['--no-isolation']]];
  for (const [build, path, serverArgs] of builds) {
    const server = await startServer(serverArgs);
    try {
      const times = [];
      for (let visit = 0; visit < visits; ++visit) {
        const { page, context } = await openPage(browser, server.origin + path, { scale: 1 });
        const loaded = await page.evaluate(() => ({
          build: window.racelab.build, firstFrameMs: window.racelab.firstFrameMs }));
        const expected = build === 'racelab' ? 'threads' : 'nothreads';
        if (loaded.build !== expected) throw new Error(`expected ${expected}, got ${loaded.build}`);
        times.push(loaded.firstFrameMs);
        await context.close();
      }
      console.log(JSON.stringify({ name: `startup/${build}${path}`, gzip_kb: gzipKilobytes(build),
        first_frame_ms: spread(times) }));
    } finally {
      server.stop();
    }
  }
} finally {
  await browser.close();
}
