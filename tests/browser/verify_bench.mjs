#!/usr/bin/env node
// Measures in-browser verification time on /verify (Debian chromium via playwright-core).
//
//   SUIJI_BASE_URL=http://127.0.0.1:18090 node tests/browser/verify_bench.mjs BUNDLE.json […]
//
// For each bundle: uploads it on /verify three times and prints the verifier's own time (in the
// Web Worker, from bytes to verdict) and the wall time from choosing the file to the verdict
// on screen, best of three. Make bundles with e.g. `suiji draw run input.json > bundle.json`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(path.join(here, '..', '..', 'web', 'package.json'))('playwright-core');
const base = (process.env.SUIJI_BASE_URL || '').replace(/\/+$/, '');
const files = process.argv.slice(2);
if (!base || files.length === 0) {
  console.error('usage: SUIJI_BASE_URL=… node verify_bench.mjs BUNDLE.json …');
  process.exit(2);
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-bench-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.SUIJI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 1366, height: 860 },
});
context.setDefaultTimeout(300000);
const page = context.pages()[0] || (await context.newPage());
try {
  for (const file of files) {
    const size = fs.statSync(file).size;
    let best = null;
    for (let round = 0; round < 3; round++) {
      await page.goto(base + '/verify', { waitUntil: 'domcontentloaded' });
      await page.locator('[data-test=verify-heading]').waitFor();
      const t0 = Date.now();
      await page.locator('[data-test=verify-file]').setInputFiles(file);
      const verdict = page.locator('[data-test=verify-verdict]');
      await verdict.waitFor();
      const wall = Date.now() - t0;
      const text = (await verdict.innerText()).replace(/\s+/g, ' ');
      const m = /用时 ([\d.]+) 秒/.exec(text);
      const worker = m ? Number(m[1]) * 1000 : NaN;
      const level = await verdict.getAttribute('data-level');
      if (!best || wall < best.wall) best = { wall, worker, level, title: text.slice(0, 40) };
    }
    console.log(
      `${path.basename(file)} (${(size / 1e6).toFixed(1)} MB): worker ${(best.worker / 1000).toFixed(2)} s, ` +
        `on screen ${(best.wall / 1000).toFixed(2)} s, verdict ${best.level} (${best.title})`,
    );
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
