#!/usr/bin/env node
// The response validator can fail (a check that cannot fail is worse than none): on
// testdata/mismatch it must report each planted mismatch and exit 1; on testdata/empty (nothing
// logged) it must exit 1; on the one well-formed line alone it must pass.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const run = (dir) => spawnSync(process.execPath, [join(here, 'validate_responses.mjs'), '--dir', dir], { encoding: 'utf8' });
let failed = 0;
const check = (ok, what, out) => {
  if (!ok) {
    failed++;
    console.error(`FAIL: ${what}\n${out}`);
  } else console.log(`ok: ${what}`);
};

const bad = run(join(here, 'testdata/mismatch'));
const out = bad.stdout + bad.stderr;
check(bad.status === 1, 'mismatches exit 1', out);
for (const expected of [
  "GET /api/v1/health → 200  (1×, first in Selftest.HealthWithoutDb)",
  "must have required property 'db'",
  'status 418 is not documented for GET /tasks/{id}',
  'no operation in the document for POST /api/v1/health/nothing',
  'Content-Type application/json not declared (declared: text/html)',
]) check(out.includes(expected), `reports: ${expected}`, out);
check(!out.includes('Selftest.Fine'), 'a documented 404 of an unknown route passes', out);

const empty = run(join(here, 'testdata/empty'));
check(empty.status === 1 && (empty.stderr + empty.stdout).includes('no answers were logged'), 'nothing logged fails', empty.stderr);

const good = mkdtempSync(join(tmpdir(), 'suiji-contract-'));
const fine = readFileSync(join(here, 'testdata/mismatch/responses-1.jsonl'), 'utf8').split('\n').filter((l) => l.includes('Selftest.Fine'));
writeFileSync(join(good, 'responses-1.jsonl'), fine.join('\n') + '\n');
const pass = run(good);
check(pass.status === 0, 'a matching answer passes', pass.stdout + pass.stderr);
process.exit(failed ? 1 : 0);
