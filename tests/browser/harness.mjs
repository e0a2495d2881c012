// Shared set-up of the browser tests: racelab's own server on a free port, Debian's Chromium
// driven by playwright-core, and a page that records every console error.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..');
export const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

// Starts scripts/serve.mjs on a port the system picks; resolves with its origin and a stop().
export function startServer(extraArgs = []) {
  const server = spawn(process.execPath, [join(repo, 'scripts', 'serve.mjs'), '--port', '0',
    ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/localhost:(\d+)\//);
      if (match) resolve({ origin: `http://localhost:${match[1]}`, stop: () => server.kill() });
    });
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
}

// For a test file's tests: racelab's server and Chromium, started before them and stopped after.
// The returned object holds both (`server`, `browser`) once the tests run.
export function serverAndBrowser() {
  const shared = {};
  before(async () => {
    shared.server = await startServer();
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    shared.server?.stop();
  });
  return shared;
}

// `extraArgs` add to Chromium's flags (the timeline benchmark lifts the frame-rate cap).
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.RACELAB_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

// A page of its own context; `errors` collects console errors and uncaught exceptions, and
// `navigations` each document the page loads (its URL and how many errors came before it). With
// `ready: false` it returns once the first document has loaded, without waiting for racelab.
export async function openPage(browser, url, { width = 1280, height = 720, scale = 2,
  ready = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height },
    deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = [];
  const navigations = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      navigations.push({ url: request.url(), errorsBefore: errors.length });
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url } = message.location();
      errors.push(url ? `${message.text()} (${url})` : message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  if (ready) await page.evaluate(() => window.racelab.ready);
  return { page, errors, navigations, context };
}

// Waits for a few drawn frames, so that what a test asserts on is on screen.
export async function nextFrames(page, count = 3) {
  await page.evaluate((frames) => new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(frames);
  }), count);
}

// A screenshot decoded to RGBA pixels, saved under artifacts/ as `name`.png.
export async function screenshot(page, name) {
  const buffer = await page.screenshot({ path: join(artifacts, `${name}.png`) });
  return PNG.sync.read(buffer);
}

export function pixel(png, x, y) {
  const offset = (png.width * y + x) * 4;
  return [png.data[offset], png.data[offset + 1], png.data[offset + 2]];
}

// Scrolls the page's panels with the wheel (over the top of the scenario's column) until the
// named control of controlRects() is wholly on the canvas; resolves with its rectangle.
export async function scrollIntoView(page, control, { height = 720 } = {}) {
  for (let attempt = 0; attempt < 40; ++attempt) {
    const rect = (await page.evaluate(() => window.racelab.controlRects()))[control];
    if (rect && rect[1] >= 0 && rect[1] + rect[3] + 40 <= height) return rect;
    await page.mouse.move(rect ? rect[0] + rect[2] / 2 : 700, 120);
    await page.mouse.wheel(0, 200);
    await nextFrames(page, 2);
  }
  throw new Error(`${control} could not be scrolled into view`);
}
