#!/usr/bin/env node
// Command-line front end of the JavaScript verifier (Node ≥ 20): the recomputation's verdict,
// the same as `suiji draw verify --allow-unsigned` and `python3 tools/verify_draw.py verify
// --allow-unsigned` give for an unsigned bundle ("OK <result_hash>" without their signature
// note); the signature is checked apart (signature.js, the portal's pages):
//   node web/src/verify/cli.mjs FILE.json [FILE2.json …]
// One file: the verdict line. Several: "FILE: verdict" each; the exit code is the worst.
import fs from 'node:fs';
import { EXIT_REFUSED, verifyBundle } from './verify.js';

function verifyFile(path) {
  let bytes;
  try {
    bytes = path === '-' ? fs.readFileSync(0) : fs.readFileSync(path);
  } catch {
    return { line: `错误：无法读取文件“${path}”（DRAW_FILE_UNREADABLE）`, exitCode: EXIT_REFUSED };
  }
  return verifyBundle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('用法：node cli.mjs FILE.json [FILE2.json …]\n');
  process.exit(EXIT_REFUSED);
}
if (files.length === 1) {
  const v = verifyFile(files[0]);
  (v.exitCode === EXIT_REFUSED ? process.stderr : process.stdout).write(v.line + '\n');
  process.exitCode = v.exitCode;
} else {
  let worst = 0;
  for (const f of files) {
    const v = verifyFile(f);
    process.stdout.write(`${f}: ${v.line}\n`);
    worst = Math.max(worst, v.exitCode);
  }
  process.exitCode = worst;
}
