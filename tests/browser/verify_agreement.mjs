#!/usr/bin/env node
// Agreement test: the JavaScript SJ-DRAW-1 verifier of the portal (web/src/verify/) and the C++
// engine (`suiji draw verify`) give the same verdict on every bundle.
//
//   node tests/browser/verify_agreement.mjs --suiji build/suiji [--random 40] [--seed 1] [--keep DIR]
//
// 1. Building blocks: the JS SHA-256 against node:crypto (every length 0–300 and a few large
//    inputs) and Web Crypto; Ed25519 signature checks; the fast ticket text against the plain BigInt statement (random and edge-case
//    integers); Rivest's published consistent_sampler tickets and orders (tests/golden/tickets/).
// 2. Bundles: tests/golden/*.json plus random bundles (targets: strata, weights, Unicode ids,
//    replacements; assign: eligibility shapes, cap, replacements) whose outputs come from
//    `suiji draw run`.
// 3. Mutants of every bundle: one changed character in each string (ids, source names and
//    values, the secret, stratum names, outputs, replacement records), each integer ±1, each
//    boolean flipped, each top-level field removed, neighbours swapped in each list, plus
//    reading-rule cases (duplicate key, uppercase secret, 2.0, "2", true, BOM, invalid UTF-8,
//    lone surrogate, trailing text, negative weight …).
// For each file both verifiers must agree: OK with the same result_hash, the same first
// mismatching field, or a refusal with the same reason (and, except for JSON syntax errors,
// the same message). One line per failure, then a summary; exit 0 when everything agrees.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const verifier = await import(path.join(root, 'web', 'src', 'verify', 'index.js'));
const { verifyBundle, sha256, toHex, decimalOfWords, ticketText, ticketOfWords, TicketHasher, compareUtf8 } = verifier;
const { orderByTicket } = await import(path.join(root, 'web', 'src', 'verify', 'draw.js'));

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const suiji = arg('--suiji', path.join(root, 'build', 'suiji'));
const randomCount = Number(arg('--random', '40'));
let seedState = Number(arg('--seed', '1')) >>> 0;
const keepDir = arg('--keep', '');

let failures = 0;
let checks = 0;
function fail(what) {
  failures++;
  if (failures <= 40) console.log(`FAIL ${what}`);
}
function ok(cond, what) {
  checks++;
  if (!cond) fail(what);
}

// Deterministic PRNG (mulberry32) so a failure can be reproduced with --seed.
function rnd() {
  seedState = (seedState + 0x6d2b79f5) >>> 0;
  let t = seedState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rnd() * list.length)];

const started = Date.now();

// ---- 1. building blocks ----------------------------------------------------------------------
for (let n = 0; n <= 300; n++) {
  const b = crypto.randomBytes(n);
  ok(toHex(sha256(b)) === crypto.createHash('sha256').update(b).digest('hex'), `sha256 of ${n} bytes`);
}
for (const n of [0, 55, 56, 64, 119, 1000]) {
  // Web Crypto too (the browser's own SHA-256).
  const b = crypto.randomBytes(n);
  const web = Buffer.from(await globalThis.crypto.subtle.digest('SHA-256', b)).toString('hex');
  ok(toHex(sha256(b)) === web, `sha256 of ${n} bytes vs Web Crypto`);
}
{
  // Ed25519 signature of result_hash (signature.js): valid, wrong key, edited hash, key known.
  const { checkSignature, parseBundle } = verifier;
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const hash = crypto.randomBytes(32);
  const value = crypto.sign(null, hash, privateKey).toString('hex');
  const bundleWith = (h, key) =>
    parseBundle(JSON.stringify({ result_hash: h, signature: { algorithm: 'Ed25519', key_id: 'k1', public_key: key, value } }));
  const keys = [{ key_id: 'k1', public_key: pub }];
  const good = await checkSignature(bundleWith(hash.toString('hex'), pub), keys);
  ok(good.valid && good.keyKnown === true, 'Ed25519: valid signature, platform key');
  const foreign = await checkSignature(bundleWith(hash.toString('hex'), pub), [{ key_id: 'x', public_key: other }]);
  ok(foreign.valid && foreign.keyKnown === false, 'Ed25519: valid signature, not the platform key');
  const wrongKey = await checkSignature(bundleWith(hash.toString('hex'), other), keys);
  ok(!wrongKey.valid, 'Ed25519: another public key');
  const edited = Buffer.from(hash);
  edited[0] ^= 1;
  ok(!(await checkSignature(bundleWith(edited.toString('hex'), pub), keys)).valid, 'Ed25519: edited result_hash');
  ok(!(await checkSignature(parseBundle('{"result_hash": "00"}'), keys)).present, 'Ed25519: no signature');
}
for (const n of [1000, 65536, 1 << 20]) {
  const b = crypto.randomBytes(n);
  ok(toHex(sha256(b)) === crypto.createHash('sha256').update(b).digest('hex'), `sha256 of ${n} bytes`);
}
{
  const words = new Int32Array(8);
  const edge = [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [-1, -1, -1, -1, -1, -1, -1, -1],
    [0, 0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0, 1000000000],
    [0, 0, 0, 0, 0, 0, 0, 999999999],
    [0, 0, 0, 0, 0, 0, 1, 0],
  ];
  for (const w of edge) {
    words.set(w);
    ok(ticketOfWords(words) === ticketText(decimalOfWords(words)), `ticket text of ${w}`);
  }
  for (let i = 0; i < 20000; i++) {
    const r = crypto.randomBytes(32);
    for (let k = 0; k < 8; k++) words[k] = k < i % 9 ? 0 : r.readInt32BE(k * 4);
    const fast = ticketOfWords(words);
    const plain = ticketText(decimalOfWords(words));
    if (fast !== plain) {
      ok(false, `ticket text of ${r.toString('hex')}: ${fast} != ${plain}`);
      break;
    }
  }
  // Web Crypto agrees with the hand-written SHA-256 on a ticket's input (hex(H(seed)) || label).
  const seedHex = toHex(sha256(new TextEncoder().encode('41')));
  const viaNode = BigInt('0x' + crypto.createHash('sha256').update(seedHex + '73').digest('hex')).toString();
  ok(new TicketHasher('41').ticket('73') === ticketText(viaNode), 'ticket(41, 73) via node:crypto');
}
{
  const rivest = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'golden', 'tickets', 'rivest_consistent_sampler.json'), 'utf8'));
  for (const c of rivest.cases) {
    const t = new TicketHasher(c.seed);
    const rows = c.labels.map((l) => [t.ticket(l), l]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const order = rows.map((r) => r[1]);
    const want = c.order || c.order_begins;
    if (want) ok(want.every((l, i) => order[i] === l), `Rivest order: ${c.example}`);
    for (const [label, text] of Object.entries(c.tickets || {})) {
      ok(t.ticket(label) === text, `Rivest ticket ${label}: ${c.example}`);
    }
    for (const [label, text] of Object.entries(c.tickets_trimmed || {})) {
      // Rivest's display: keep the run of leading 9s after "0." plus 9 more digits.
      const full = t.ticket(label);
      const run = /^0\.(9*)/.exec(full)[1].length;
      ok(full.slice(0, 2 + run + 9) === text, `Rivest trimmed ticket ${label}: ${c.example}`);
    }
  }
}

{
  // The radix sort by 11-digit prefix with full-text tie-breaks equals the plain (ticket, id)
  // order, also when prefixes collide (forced here: real tickets practically never collide).
  const t = new TicketHasher('orderByTicket');
  for (const [n, collide] of [[10, 0], [31, 0.5], [500, 0], [500, 0.3], [5000, 0.05], [300, 1]]) {
    const ids = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? `🏭${i}` : i % 5 === 0 ? `Ａ${i}` : `id-${i}`));
    const texts = ids.map((id, i) => (i % 11 === 3 ? t.ticket(ids[i - 1]) : t.ticket(id))); // some equal tickets
    const prefix = new Float64Array(n);
    texts.forEach((x, i) => {
      prefix[i] = rnd() < collide ? 12345678901 : Number(x.substr(2, 11));
    });
    // With forced collisions the true order must follow the forced prefixes first.
    const want = ids
      .map((_, i) => i)
      .sort((a, b) => prefix[a] - prefix[b] || (texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : compareUtf8(ids[a], ids[b])));
    const got = orderByTicket(ids.map((_, i) => i), prefix, (i) => texts[i], (i) => ids[i]);
    ok(got.length === n && got.every((x, k) => x === want[k]), `orderByTicket n=${n} collisions=${collide}`);
  }
}

// ---- 2. bundles ------------------------------------------------------------------------------
const work = keepDir || fs.mkdtempSync(path.join(os.tmpdir(), 'sj-js-agree-'));
fs.mkdirSync(work, { recursive: true });
const files = []; // {path, what}
let fileNo = 0;
function addFile(content, what) {
  const p = path.join(work, `${String(fileNo++).padStart(5, '0')}.json`);
  fs.writeFileSync(p, content);
  files.push({ path: p, what });
  return p;
}
const dump = (b) => JSON.stringify(b, null, 2) + '\n';

const bundles = []; // {name, bundle (plain JSON)}
for (const f of fs.readdirSync(path.join(root, 'tests', 'golden')).sort()) {
  if (!f.endsWith('.json')) continue;
  bundles.push({ name: f, bundle: JSON.parse(fs.readFileSync(path.join(root, 'tests', 'golden', f), 'utf8')) });
}

const ID_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const UNICODE_BITS = ['中', '文', 'Ａ', '🏭', 'é', 'e\u0301', '𠀀', 'Ж', '한', ' ', '-', '·'];
function randomId(unicode) {
  if (unicode && rnd() < 0.5) {
    let s = '';
    const n = randInt(1, 6);
    for (let i = 0; i < n; i++) s += pick(UNICODE_BITS);
    return s + randInt(0, 999);
  }
  let s = '9' + pick(['1', '2', '3']) + '11010';
  const n = randInt(5, rnd() < 0.1 ? 50 : 11);
  for (let i = 0; i < n; i++) s += pick(ID_CHARS);
  return s;
}
function randomSecret() {
  return crypto.createHash('sha256').update(String(rnd())).digest('hex');
}
function randomSources() {
  const names = ['福彩3D 2026301期开奖号码', '上证综指 2026-11-25 收盘点位', '现场见证人掷骰', '深证成指收盘'];
  const k = randInt(1, 3);
  return names.slice(0, k).map((name) => ({ name, value: String(randInt(0, 99999)) }));
}
function randomTargets(i) {
  const unicode = rnd() < 0.3;
  const strataNames = ['一般对象', '风险对象', '重点对象', '问题对象', 'Ａ类', '🏭类', 'B'].slice(0, randInt(1, 4));
  const used = new Set();
  const pool = [];
  const strata = strataNames.map((name) => {
    const size = randInt(0, rnd() < 0.2 ? 400 : 30);
    const weighted = rnd() < 0.35;
    for (let k = 0; k < size; k++) {
      let id;
      do id = randomId(unicode);
      while (used.has(id));
      used.add(id);
      const rec = { stratum: name, id };
      if (weighted || rnd() < 0.2) rec.weight = randInt(1, 6);
      pool.push(rec);
    }
    return { name, take: randInt(0, size), weighted };
  });
  pool.sort(() => rnd() - 0.5);
  return { kind: 'targets', draw_id: `2026-R-${i}`, secret: randomSecret(), sources: randomSources(), strata, pool };
}
function randomAssign(i) {
  const unicode = rnd() < 0.3;
  const people = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞', 'Ivan', '김철수'];
  const eligible = {};
  const tasks = randInt(1, 25);
  for (let k = 0; k < tasks; k++) {
    const task = randomId(unicode) + (rnd() < 0.1 ? '+联合' : '');
    const list = people.filter(() => rnd() < 0.45);
    eligible[task] = list.sort(() => rnd() - 0.5);
  }
  return {
    kind: 'assign',
    draw_id: `2026-A-${i}`,
    secret: randomSecret(),
    sources: randomSources(),
    per_task: randInt(1, 3),
    cap: randInt(1, 4),
    eligible,
  };
}
function suijiRun(input) {
  const p = path.join(work, 'run-input.json');
  fs.writeFileSync(p, dump(input));
  const r = spawnSync(suiji, ['draw', 'run', p], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`suiji draw run failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
for (let i = 0; i < randomCount; i++) {
  const input = i % 3 === 2 ? randomAssign(i) : randomTargets(i);
  let bundle = suijiRun(input);
  // Replacements: pick currently active members, as an approver would.
  const reps = randInt(0, 3);
  if (reps > 0) {
    if (bundle.kind === 'targets') {
      const active = Object.values(bundle.selected).flat();
      const chosen = [];
      for (let k = 0; k < reps && active.length; k++) {
        const out = active.splice(randInt(0, active.length - 1), 1)[0];
        chosen.push({ out, reason: '已注销', approved_at: '2026-12-01T09:00:00+08:00' });
      }
      input.replacements = chosen;
    } else {
      const teams = bundle.teams.filter((t) => t.inspectors.length > 0);
      input.replacements = [];
      for (let k = 0; k < reps && teams.length; k++) {
        const t = pick(teams);
        if (!t.inspectors.length) continue;
        const out = t.inspectors.splice(randInt(0, t.inspectors.length - 1), 1)[0];
        input.replacements.push({ task: t.task, out, reason: '回避' });
      }
    }
    bundle = suijiRun(input);
  }
  bundles.push({ name: `random-${i}`, bundle });
}

// ---- 3. mutants ------------------------------------------------------------------------------
function changeChar(s) {
  if (s.length === 0) return 'x';
  const i = randInt(0, s.length - 1);
  const c = s[i];
  let r;
  if (/[0-9a-f]/.test(c) && /^[0-9a-f]{64}$/.test(s)) r = c === '0' ? '1' : '0'; // stays lowercase hex
  else if (/[0-9]/.test(c)) r = c === '9' ? '8' : String(Number(c) + 1);
  else if (/[A-Za-z]/.test(c)) r = c === 'Z' ? 'Y' : c === 'z' ? 'y' : String.fromCharCode(c.charCodeAt(0) + 1);
  else r = c === '中' ? '文' : '中';
  return s.slice(0, i) + r + s.slice(i + 1);
}
function clone(x) {
  return JSON.parse(JSON.stringify(x));
}
// Every leaf path of a JSON value: [path array, value].
function leaves(v, p = [], out = []) {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...p, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) leaves(v[k], [...p, k], out);
  else out.push([p, v]);
  return out;
}
function setAt(obj, p, value) {
  let o = obj;
  for (let i = 0; i < p.length - 1; i++) o = o[p[i]];
  o[p[p.length - 1]] = value;
}
function renameKey(obj, p, newKey) {
  // For object keys that are data (eligible tasks, selected/reserve strata): keeps key order.
  let o = obj;
  for (let i = 0; i < p.length - 1; i++) o = o[p[i]];
  const entries = Object.entries(o);
  for (const k of Object.keys(o)) delete o[k];
  for (const [k, v] of entries) o[k === p[p.length - 1] ? newKey : k] = v;
}

for (const { name, bundle } of bundles) {
  const text = dump(bundle);
  addFile(text, `${name} as is`);
  const all = leaves(bundle);
  // Golden bundles: every leaf; random bundles: a sample (the goldens cover the shapes).
  const sample = name.startsWith('random') ? all.filter(() => rnd() < Math.min(1, 40 / all.length)) : all;
  for (const [p, v] of sample) {
    const where = `${name} ${p.join('.')}`;
    if (typeof v === 'string') {
      const b = clone(bundle);
      setAt(b, p, changeChar(v));
      addFile(dump(b), `${where} changed`);
    } else if (typeof v === 'number') {
      for (const d of [1, -1]) {
        const b = clone(bundle);
        setAt(b, p, v + d);
        addFile(dump(b), `${where} ${d > 0 ? '+1' : '-1'}`);
      }
    } else if (typeof v === 'boolean') {
      const b = clone(bundle);
      setAt(b, p, !v);
      addFile(dump(b), `${where} flipped`);
    } else if (v === null) {
      const b = clone(bundle);
      setAt(b, p, 'x');
      addFile(dump(b), `${where} null→"x"`);
    }
  }
  // Data keys: a task id in eligible, a stratum name in selected/reserve.
  for (const field of ['eligible', 'selected', 'reserve']) {
    if (bundle[field] && typeof bundle[field] === 'object') {
      for (const k of Object.keys(bundle[field]).slice(0, 3)) {
        const b = clone(bundle);
        renameKey(b, [field, k], changeChar(k));
        addFile(dump(b), `${name} key ${field}["${k}"] changed`);
      }
    }
  }
  // Each top-level field removed; neighbours swapped in each list of strings.
  for (const k of Object.keys(bundle)) {
    const b = clone(bundle);
    delete b[k];
    addFile(dump(b), `${name} without ${k}`);
  }
  for (const [p] of all) {
    const last = p[p.length - 1];
    if (typeof last !== 'number' || last !== 1) continue;
    const listPath = p.slice(0, -1);
    let list = bundle;
    for (const q of listPath) list = list[q];
    if (!Array.isArray(list) || typeof list[0] !== 'string' || list[0] === list[1]) continue;
    const b = clone(bundle);
    let l = b;
    for (const q of listPath) l = l[q];
    [l[0], l[1]] = [l[1], l[0]];
    addFile(dump(b), `${name} ${listPath.join('.')} first two swapped`);
  }
  // Reading rules, spelled in the text.
  const kind = bundle.kind;
  const num = kind === 'targets' ? 'take' : 'per_task';
  const numRe = kind === 'targets' ? /"take": (\d+)/ : /"per_task": (\d+)/;
  if (numRe.test(text)) {
    addFile(text.replace(numRe, `"${num}": $1.0`), `${name} ${num} as 2.0`);
    addFile(text.replace(numRe, `"${num}": "$1"`), `${name} ${num} as string`);
    addFile(text.replace(numRe, `"${num}": true`), `${name} ${num} as true`);
    addFile(text.replace(numRe, `"${num}": -1`), `${name} ${num} negative`);
    addFile(text.replace(numRe, `"${num}": 4294967296`), `${name} ${num} above u32`);
    addFile(text.replace(numRe, `"${num}": 1e0`), `${name} ${num} with exponent`);
  }
  if (kind === 'targets' && bundle.pool.length) {
    const b = clone(bundle);
    b.pool[0].weight = 0;
    addFile(dump(b), `${name} weight 0`);
    b.pool[0].weight = -3;
    addFile(dump(b), `${name} weight negative`);
    const c = clone(bundle);
    c.pool.push({ ...c.pool[0] });
    addFile(dump(c), `${name} duplicate id`);
    const e = clone(bundle);
    e.pool[0].id = e.pool[0].id + '#2';
    addFile(dump(e), `${name} id with #`);
    e.pool[0].id = 'X'.repeat(65);
    addFile(dump(e), `${name} id of 65 bytes`);
    e.pool[0].id = '';
    addFile(dump(e), `${name} empty id`);
    const s = clone(bundle);
    s.strata.push({ ...s.strata[0] });
    addFile(dump(s), `${name} stratum twice`);
    const u = clone(bundle);
    u.pool[0].stratum = '未声明';
    addFile(dump(u), `${name} undeclared stratum`);
    const w = clone(bundle);
    w.strata[0].weighted = 1;
    addFile(dump(w), `${name} weighted as 1`);
  }
  if (kind === 'assign') {
    const b = clone(bundle);
    const t = Object.keys(b.eligible).find((k) => b.eligible[k].length > 0);
    if (t) {
      b.eligible[t].push(b.eligible[t][0]);
      addFile(dump(b), `${name} inspector listed twice`);
    }
    for (const [f, v] of [['cap', 0], ['per_task', 0]]) {
      const c = clone(bundle);
      c[f] = v;
      addFile(dump(c), `${name} ${f} ${v}`);
    }
  }
  {
    const b = clone(bundle);
    b.secret = b.secret.toUpperCase();
    addFile(dump(b), `${name} uppercase secret`);
    b.secret = bundle.secret.slice(2);
    addFile(dump(b), `${name} short secret`);
    const s = clone(bundle);
    s.sources = [];
    addFile(dump(s), `${name} no source`);
    const v = clone(bundle);
    v.sources[0].value = '';
    addFile(dump(v), `${name} empty source value`);
    const n = clone(bundle);
    n.sources[n.sources.length - 1].name = '';
    addFile(dump(n), `${name} empty source name`);
    const k = clone(bundle);
    k.kind = 'lottery';
    addFile(dump(k), `${name} unknown kind`);
    const x = clone(bundle);
    x.comment2 = '多出的字段不参与验证';
    x.published_note = { by: '测试', at: '2026-12-01' };
    addFile(dump(x), `${name} extra fields`);
    // A signature is never an extra field: a malformed one fails suiji's signature check
    // (DRAW_SIGNATURE_*) and the portal's (checkSignature), while the draw itself recomputes.
    const y = clone(bundle);
    y.signature = { algorithm: 'Ed25519', value: '00' };
    addFile(dump(y), `${name} malformed signature`);
    files[files.length - 1].signature = true;
  }
  if (bundle.replacements && bundle.replacements.length) {
    const b = clone(bundle);
    b.replacements[0].out = '不在抽取中的对象';
    addFile(dump(b), `${name} replacement of an id not in the draw`);
    const c = clone(bundle);
    delete c.replacements[c.replacements.length - 1].in;
    addFile(dump(c), `${name} replacement without in`);
    if (kind === 'assign') {
      const t = clone(bundle);
      t.replacements[0].task = '不存在的任务';
      addFile(dump(t), `${name} replacement of an unknown task`);
    }
  }
  addFile(text.replace('"kind"', '"kind": "targets", "kind"'), `${name} duplicate key`);
  addFile('\ufeff' + text, `${name} with BOM`);
  addFile(text + 'x', `${name} trailing text`);
  addFile(text.replace(/\n}\n$/, ',\n}\n'), `${name} trailing comma`);
  addFile(text.replace('"draw_id": "', '"draw_id": "\\ud800'), `${name} lone surrogate`);
  addFile(text.replace('"draw_id": "', '"draw_id": "\\ud83c\\udfed'), `${name} escaped pair`);
  addFile(Buffer.concat([Buffer.from(text.slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(20))]), `${name} invalid UTF-8`);
  addFile(text.replace('"draw_id"', '"draw_id\\u0000x": 1, "draw_id"'), `${name} NUL in a key`);
}
addFile('', 'empty file');
addFile('[]', 'top-level array');
addFile('{"kind": NaN}', 'NaN');

// ---- verdicts --------------------------------------------------------------------------------
function parseLine(rest) {
  // "OK <result_hash>" (JS), "OK <result_hash> <signature note>" (suiji).
  if (rest.startsWith('OK ')) return { code: 0, key: rest.slice(3).split(' ')[0], text: rest };
  if (rest.startsWith('不一致：')) return { code: 1, key: /字段 (\S+)/.exec(rest)[1], text: rest };
  if (rest.startsWith('签名未通过：')) return { code: 1, key: /（([A-Z0-9_]+)）$/.exec(rest)[1], text: rest };
  if (rest.startsWith('错误：')) {
    const m = /（([A-Z0-9_]+)）$/.exec(rest);
    return { code: 2, key: m ? m[1] : rest, text: rest };
  }
  return { code: -1, key: rest };
}
const cpp = new Map();
for (let start = 0; start < files.length; start += 500) {
  const chunk = files.slice(start, start + 500).map((f) => f.path);
  // The bundles here carry no signature: --allow-unsigned makes suiji's verdict the
  // recomputation alone, which is what verifyBundle gives (signatures: checkSignature, above).
  const r = spawnSync(suiji, ['draw', 'verify', '--allow-unsigned', ...chunk], { encoding: 'utf8', maxBuffer: 1 << 28 });
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) cpp.set(line.slice(0, i), parseLine(line.slice(i + 2)));
  }
}
const counts = [0, 0, 0];
for (const f of files) {
  const bytes = fs.readFileSync(f.path);
  const v = verifyBundle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  const js = parseLine(v.line);
  const c = cpp.get(f.path);
  checks++;
  if (!c) {
    fail(`${f.what}: no verdict from suiji (${path.basename(f.path)})`);
    continue;
  }
  counts[js.code] = (counts[js.code] || 0) + 1;
  if (f.signature) {
    const sig = await verifier.checkSignature(v.bundle, null);
    if (js.code !== 0 || c.code !== 1 || !c.key.startsWith('DRAW_SIGNATURE_') || sig.valid) {
      fail(`${f.what}: JS "${v.line.slice(0, 80)}" (signature valid: ${sig.valid}) vs C++ "${(c.text || c.key).slice(0, 160)}"`);
    }
    continue;
  }
  if (c.code === 0 && !c.text.endsWith('结果哈希正确，但未签名（按 --allow-unsigned 接受）')) {
    fail(`${f.what}: suiji does not report the bundle as unsigned: "${c.text.slice(0, 160)}"`);
  }
  if (js.code !== c.code || js.key !== c.key) {
    fail(`${f.what} (${path.basename(f.path)}): JS "${v.line.slice(0, 160)}" vs C++ "${(c.text || c.key).slice(0, 160)}"`);
  } else if (js.code === 2 && js.key !== 'DRAW_BUNDLE_JSON' && js.text !== c.text) {
    fail(`${f.what}: same reason, different message: JS "${js.text}" vs C++ "${c.text}"`);
  }
}
if (!keepDir) fs.rmSync(work, { recursive: true, force: true });
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `${files.length} bundles (${bundles.length} base, ${files.length - bundles.length} mutants): ` +
    `${counts[0]} OK, ${counts[1]} mismatch, ${counts[2]} refused; ${checks} checks, ${failures} failed, ${secs} s`,
);
process.exit(failures === 0 ? 0 : 1);
