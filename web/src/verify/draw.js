// SJ-DRAW-1: recomputes every output of a draw from a bundle's input fields
// (/work/shared/DRAW-SPEC.md, docs/draw-spec.md §1–8). Written from the specification.
//
// compute(input, options) returns the outputs in verification order:
//   targets: pool_root, plan_hash, randomness, seed, selected, reserve, result_hash
//   assign:  elig_root, plan_hash, randomness, seed, teams, result_hash
// then the replacements' "in" values (§6), plus the intermediate values (params, sources_decl,
// commit …) for display. Output values use the JSON reader's types (Map for objects) so they
// can be compared with the bundle by jsonEqual.
import { ByteWriter, compareUtf8, fromHex, toHex, utf16OrderIsByteOrder, utf8Length } from './bytes.js';
import { finish, initialState, sha256, stateBytes } from './sha256.js';
import { TicketHasher, ticketOfWords, ticketPrefix } from './tickets.js';
import { Refused, quote } from './bundle.js';

const MAX_ID_BYTES = 64;

/** Reports progress: phase name and fraction done (0–1). */
function progressReporter(onProgress) {
  if (!onProgress) return () => {};
  let last = 0;
  return (phase, done, total, force = false) => {
    const now = Date.now();
    if (!force && now - last < 50) return;
    last = now;
    onProgress({ phase, done, total });
  };
}

// ---- §1 building blocks ----------------------------------------------------------------------

const H = sha256;

/** lp(x) || … helper: H over a ByteWriter built by fn. */
function hashOf(fn) {
  const w = new ByteWriter();
  fn(w);
  return H(w.view());
}

function checkId(id, noun) {
  if (id === '') throw new Refused('DRAW_ID_EMPTY', `${noun}不能为空`);
  if (utf8Length(id) > MAX_ID_BYTES) throw new Refused('DRAW_ID_TOO_LONG', `${noun}${quote(id)}超过 64 字节`);
  if (id.includes('#')) throw new Refused('DRAW_ID_HAS_HASH', `${noun}${quote(id)}不能包含“#”`);
}

/**
 * RFC 6962 Merkle Tree Hash over leaves given as a callback writing leaf i's bytes. Computed
 * level by level (neighbours hashed, an odd last node carried up), which yields the same tree
 * as splitting at the largest power of two.
 */
function merkleRoot(count, writeLeaf, progress, phase) {
  if (count === 0) return H(new Uint8Array(0));
  const nodes = new Uint8Array(count * 32);
  const state = new Int32Array(8);
  const leaf = new ByteWriter(256);
  for (let i = 0; i < count; i++) {
    leaf.clear().byte(0x00);
    writeLeaf(i, leaf);
    state.set(initialState());
    finish(state, leaf.buf, 0, leaf.length);
    stateBytes(state, nodes, i * 32);
    if ((i & 1023) === 0) progress(phase, i, count * 2);
  }
  const pair = new Uint8Array(65);
  pair[0] = 0x01;
  let n = count;
  let hashed = count;
  while (n > 1) {
    const half = n >> 1;
    for (let k = 0; k < half; k++) {
      pair.set(nodes.subarray(64 * k, 64 * k + 64), 1);
      state.set(initialState());
      finish(state, pair, 0, 65);
      stateBytes(state, nodes, k * 32);
      if ((++hashed & 1023) === 0) progress(phase, hashed, count * 2);
    }
    if (n & 1) nodes.copyWithin(half * 32, (n - 1) * 32, n * 32);
    n = half + (n & 1);
  }
  return nodes.slice(0, 32);
}

// ---- sorting ---------------------------------------------------------------------------------

/**
 * Orders `list` (candidate indices) by (ticket, id): tickets as byte strings, ties by id bytes.
 * Comparing 66–80 character strings n·log n times is slow, so (as docs/draw-spec.md §2
 * suggests) the list is sorted by each ticket's first 11 digits (`prefix`, a number below
 * 10^11: the same order as the text when two prefixes differ) with a stable LSD radix sort,
 * and only runs of equal prefixes — practically never — are ordered by the full ticket text.
 * @param {number[]} list
 * @param {Float64Array} prefix prefix of candidate i's ticket
 * @param {(i: number) => string} keyText full ticket text of candidate i
 * @param {(i: number) => string} idOf
 * @returns {number[]}
 */
function orderByTicket(list, prefix, keyText, idOf) {
  const m = list.length;
  const full = (a, b) => {
    const x = keyText(a);
    const y = keyText(b);
    return x < y ? -1 : x > y ? 1 : compareUtf8(idOf(a), idOf(b));
  };
  if (m < 32) return list.slice().sort((a, b) => prefix[a] - prefix[b] || full(a, b));
  const BITS = 13;
  const RADIX = 1 << BITS;
  let src = Uint32Array.from(list);
  let dst = new Uint32Array(m);
  const count = new Uint32Array(RADIX);
  for (let pass = 0, div = 1; pass < 3; pass++, div *= RADIX) {
    count.fill(0);
    for (let k = 0; k < m; k++) count[Math.floor(prefix[src[k]] / div) % RADIX]++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const i = src[k];
      dst[count[Math.floor(prefix[i] / div) % RADIX]++] = i;
    }
    [src, dst] = [dst, src];
  }
  const out = Array.from(src);
  for (let a = 0; a < m; ) {
    let b = a + 1;
    while (b < m && prefix[out[b]] === prefix[out[a]]) b++;
    if (b - a > 1) {
      const run = out.slice(a, b).sort(full);
      for (let k = a; k < b; k++) out[k] = run[k - a];
    }
    a = b;
  }
  return out;
}

// ---- §3 commitment and reveal ----------------------------------------------------------------

function checkSourceNames(sources) {
  if (sources.length === 0) throw new Refused('DRAW_NO_SOURCE', '至少需要声明一个公开随机源');
  sources.forEach((s, i) => {
    if (s.name === '') throw new Refused('DRAW_SOURCE_NAME_EMPTY', `第 ${i + 1} 个随机源的名称为空`);
  });
}

function checkSourceValues(sources) {
  for (const s of sources) {
    if (s.value === '') throw new Refused('DRAW_SOURCE_VALUE_EMPTY', `随机源${quote(s.name)}的取值为空`);
  }
}

function commitment(d, kind, root, params) {
  const secret = fromHex(d.secretHex);
  const sourcesDecl = hashOf((w) => {
    w.lp('SJ-DRAW-1/sources');
    for (const s of d.sources) w.lp(s.name);
  });
  const commit = hashOf((w) => w.lp('SJ-DRAW-1/secret').bytes(secret));
  const plan = hashOf((w) =>
    w.lp('SJ-DRAW-1/plan').lp(d.drawId).lp(kind).lp(root).lp(params).lp(sourcesDecl).lp(commit),
  );
  return { secret, sourcesDecl, commit, plan };
}

function reveal(d, plan, secret) {
  const randomness = hashOf((w) => {
    w.lp('SJ-DRAW-1/reveal');
    for (const s of d.sources) w.lp(s.name).lp(s.value);
  });
  const master = hashOf((w) => w.lp('SJ-DRAW-1/seed').lp(plan).lp(randomness).lp(secret));
  return { randomness, master, seed: toHex(master) };
}

// ---- §4 target draw --------------------------------------------------------------------------

function computeTargets(d, progress) {
  checkSourceNames(d.sources);
  const declared = new Map(); // stratum name -> declaration
  for (const s of d.strata) {
    if (declared.has(s.name)) throw new Refused('DRAW_STRATUM_DUPLICATE', `分层${quote(s.name)}重复声明`);
    declared.set(s.name, s);
  }
  const pool = d.pool;
  const n = pool.length;
  for (let i = 0; i < n; i++) {
    const r = pool[i];
    checkId(r.id, '检查对象标识');
    if (r.weight < 1) {
      throw new Refused('DRAW_WEIGHT_INVALID', `检查对象${quote(r.id)}的权重必须是不小于 1 的整数`);
    }
    if (!declared.has(r.stratum)) {
      throw new Refused('DRAW_STRATUM_UNDECLARED', `检查对象${quote(r.id)}所属的分层${quote(r.stratum)}未声明`);
    }
  }
  progress('check', 0, 1, true);

  // Every id once in byte order: duplicates become neighbours (the smallest is reported), and
  // a stable pass by stratum then gives the (stratum, id) order of the Merkle leaves.
  const byId = new Array(n);
  let plain = true; // JavaScript's string order is byte order for every id
  for (let i = 0; i < n; i++) {
    byId[i] = i;
    if (plain && !utf16OrderIsByteOrder(pool[i].id)) plain = false;
  }
  byId.sort(
    plain
      ? (a, b) => {
          const x = pool[a].id;
          const y = pool[b].id;
          return x < y ? -1 : x > y ? 1 : 0;
        }
      : (a, b) => compareUtf8(pool[a].id, pool[b].id),
  );
  for (let k = 1; k < n; k++) {
    if (pool[byId[k]].id === pool[byId[k - 1]].id) {
      throw new Refused('DRAW_DUPLICATE_ID', `检查对象标识${quote(pool[byId[k]].id)}重复`);
    }
  }
  const names = [...declared.keys()].sort(compareUtf8);
  const members = new Map(names.map((name) => [name, []])); // in id order
  for (const i of byId) members.get(pool[i].stratum).push(i);
  for (const name of names) {
    const s = declared.get(name);
    const size = members.get(name).length;
    if (s.take > size) {
      throw new Refused(
        'DRAW_TAKE_EXCEEDS_STRATUM',
        `分层${quote(name)}的抽取数（${s.take}）大于该层检查对象数（${size}）`,
      );
    }
  }

  // pool_root over lp("SJ-DRAW-1/cand") || lp(stratum) || lp(id) || u32(weight).
  const canonical = [];
  const leafPrefix = [];
  for (const name of names) {
    const prefix = new ByteWriter().lp('SJ-DRAW-1/cand').lp(name).view().slice();
    for (const i of members.get(name)) {
      canonical.push(i);
      leafPrefix.push(prefix);
    }
  }
  const poolRoot = merkleRoot(
    n,
    (k, w) => {
      const r = pool[canonical[k]];
      w.bytes(leafPrefix[k]).lp(r.id).u32(r.weight);
    },
    progress,
    'merkle',
  );
  const params = new ByteWriter().lp('SJ-DRAW-1/strata').u32(names.length);
  for (const name of names) {
    const s = declared.get(name);
    params.lp(name).u32(s.take).u32(s.weighted ? 1 : 0);
  }
  const paramsBytes = params.view().slice();
  const c = commitment(d, 'targets', poolRoot, paramsBytes);
  checkSourceValues(d.sources);
  const r = reveal(d, c.plan, c.secret);

  // Selection: key = ticket(seed, id), or in a weighted stratum the smallest of the tickets of
  // id, id#1 … id#(weight-1); order by (key, id); the first `take` are selected.
  // Each candidate's key is kept as its 8-word number plus the 11-digit prefix; the text is
  // made only where needed (selected keys for result_hash, equal prefixes).
  const tickets = new TicketHasher(r.seed);
  const words = new Int32Array(n * 8);
  const prefix = new Float64Array(n);
  const other = new Int32Array(8);
  const keyText = (i) => ticketOfWords(words, i * 8);
  let done = 0;
  let total = 0;
  for (const rec of pool) total += declared.get(rec.stratum).weighted ? rec.weight : 1;
  const selected = new Map();
  const reserve = new Map();
  const strataOut = []; // for display: each stratum with the keys of its selected ids
  const result = new ByteWriter(1024);
  result.lp('SJ-DRAW-1/result').lp(c.plan).lp(r.randomness).lp(c.secret).u32(names.length);
  for (const name of names) {
    const s = declared.get(name);
    const members_ = members.get(name);
    for (const i of members_) {
      const rec = pool[i];
      tickets.hashInto(rec.id, words, i * 8);
      prefix[i] = ticketPrefix(words, i * 8);
      if (s.weighted) {
        for (let j = 1; j < rec.weight; j++) {
          tickets.hashInto(`${rec.id}#${j}`, other, 0);
          const p = ticketPrefix(other, 0);
          if (p < prefix[i] || (p === prefix[i] && ticketOfWords(other, 0) < keyText(i))) {
            words.set(other, i * 8);
            prefix[i] = p;
          }
          if ((++done & 4095) === 0) progress('tickets', done, total);
        }
      }
      if ((++done & 4095) === 0) progress('tickets', done, total);
    }
    const list = orderByTicket(members_, prefix, keyText, (i) => pool[i].id);
    const selectedKeys = [];
    const ids = new Array(list.length);
    for (let k = 0; k < list.length; k++) ids[k] = pool[list[k]].id;
    result.lp(name).u32(s.take);
    for (let k = 0; k < s.take; k++) {
      const key = keyText(list[k]);
      selectedKeys.push(key);
      result.lp(ids[k]).lp(key);
    }
    selected.set(name, ids.slice(0, s.take));
    reserve.set(name, ids.slice(s.take));
    strataOut.push({ name, take: s.take, weighted: s.weighted, size: list.length, selectedKeys });
  }
  progress('tickets', total, total, true);
  const resultHash = toHex(H(result.view()));

  // §6: a replaced target is replaced by the next unused id of its stratum's reserve list.
  const ins = [];
  let insError = null;
  const active = new Set();
  for (const ids of selected.values()) for (const id of ids) active.add(id);
  const stratumOf = new Map();
  for (const rec of pool) stratumOf.set(rec.id, rec.stratum);
  const used = new Map(names.map((name) => [name, 0]));
  for (const rep of d.replacements) {
    if (!active.has(rep.out)) {
      insError = new Refused(
        'DRAW_REPLACE_NOT_IN_DRAW',
        `检查对象${quote(rep.out)}不在本次抽取的当前结果中，无法替换`,
      );
      break;
    }
    active.delete(rep.out);
    const name = stratumOf.get(rep.out);
    const list = reserve.get(name);
    const u = used.get(name);
    if (u < list.length) {
      ins.push(list[u]);
      used.set(name, u + 1);
      active.add(list[u]);
    } else {
      ins.push(null);
    }
  }

  return {
    kind: 'targets',
    rootName: 'pool_root',
    outputs: [
      ['pool_root', toHex(poolRoot)],
      ['plan_hash', toHex(c.plan)],
      ['randomness', toHex(r.randomness)],
      ['seed', r.seed],
      ['selected', selected],
      ['reserve', reserve],
      ['result_hash', resultHash],
    ],
    ins,
    insError,
    resultHash,
    intermediate: {
      params: toHex(paramsBytes),
      sources_decl: toHex(c.sourcesDecl),
      commit: toHex(c.commit),
      strata: strataOut,
    },
  };
}

// ---- §5 inspector assignment -----------------------------------------------------------------

function computeAssign(d, progress) {
  checkSourceNames(d.sources);
  if (d.perTask < 1) {
    throw new Refused('DRAW_PER_TASK_INVALID', '每个任务的检查人员数（per_task）必须不小于 1');
  }
  if (d.cap < 1) throw new Refused('DRAW_CAP_INVALID', '每名检查人员的任务上限（cap）必须不小于 1');
  for (const t of d.eligible) {
    checkId(t.task, '任务标识');
    const seen = new Set();
    for (const inspector of t.inspectors) {
      checkId(inspector, '检查人员标识');
      if (seen.has(inspector)) {
        throw new Refused(
          'DRAW_DUPLICATE_ELIGIBLE',
          `任务${quote(t.task)}的候选检查人员${quote(inspector)}重复列出`,
        );
      }
      seen.add(inspector);
    }
  }
  progress('check', 0, 1, true);

  // elig_root over lp("SJ-DRAW-1/elig") || lp(task) || lp(inspector), by (task, inspector).
  // A task without eligible inspectors adds no leaf.
  const pairs = [];
  const byTask = d.eligible.slice().sort((a, b) => compareUtf8(a.task, b.task));
  for (const t of byTask) {
    const prefix = new ByteWriter().lp('SJ-DRAW-1/elig').lp(t.task).view().slice();
    for (const inspector of t.inspectors.slice().sort(compareUtf8)) pairs.push([prefix, inspector]);
  }
  const eligRoot = merkleRoot(pairs.length, (k, w) => w.bytes(pairs[k][0]).lp(pairs[k][1]), progress, 'merkle');
  const paramsBytes = new ByteWriter().lp('SJ-DRAW-1/assign').u32(d.perTask).u32(d.cap).view().slice();
  const c = commitment(d, 'assign', eligRoot, paramsBytes);
  checkSourceValues(d.sources);
  const r = reveal(d, c.plan, c.secret);

  // Tasks in order of (ticket(seed, task), task); each walks its inspectors in order of
  // (ticket(task_seed, inspector), inspector), taking those below cap until per_task.
  const tickets = new TicketHasher(r.seed);
  const taskKey = new Map(d.eligible.map((t) => [t.task, tickets.ticket(t.task)]));
  const order = d.eligible.slice().sort((a, b) => {
    const x = taskKey.get(a.task);
    const y = taskKey.get(b.task);
    return x < y ? -1 : x > y ? 1 : compareUtf8(a.task, b.task);
  });
  const load = new Map();
  const teams = [];
  const walks = new Map(); // task -> {walk, pos, team}
  const trace = [];
  const result = new ByteWriter(1024);
  result.lp('SJ-DRAW-1/result').lp(c.plan).lp(r.randomness).lp(c.secret).u32(order.length);
  let n = 0;
  for (const t of order) {
    const taskSeed = toHex(hashOf((w) => w.lp('SJ-DRAW-1/task').lp(r.master).lp(t.task)));
    const walkTickets = new TicketHasher(taskSeed);
    const wkey = new Map(t.inspectors.map((i) => [i, walkTickets.ticket(i)]));
    const walk = t.inspectors.slice().sort((a, b) => {
      const x = wkey.get(a);
      const y = wkey.get(b);
      return x < y ? -1 : x > y ? 1 : compareUtf8(a, b);
    });
    const team = [];
    let pos = 0;
    while (pos < walk.length && team.length < d.perTask) {
      const inspector = walk[pos++];
      const l = load.get(inspector) || 0;
      if (l < d.cap) {
        load.set(inspector, l + 1);
        team.push(inspector);
      }
    }
    teams.push(
      new Map([
        ['task', t.task],
        ['inspectors', team.slice()],
        ['unfilled', team.length < d.perTask],
      ]),
    );
    walks.set(t.task, { walk, pos, team: team.slice() });
    trace.push({ task: t.task, ticket: taskKey.get(t.task), taskSeed, walk: walk.map((i) => ({ id: i, ticket: wkey.get(i) })) });
    result.lp(t.task).u32(team.length);
    for (const i of team) result.lp(i);
    if ((++n & 255) === 0) progress('tickets', n, order.length);
  }
  progress('tickets', order.length, order.length, true);
  const resultHash = toHex(H(result.view()));

  // §6: the task's walk continues after its last examined inspector, with current loads.
  const ins = [];
  let insError = null;
  for (const rep of d.replacements) {
    const state = walks.get(rep.task);
    if (!state) {
      insError = new Refused('DRAW_REPLACE_UNKNOWN_TASK', `任务${quote(rep.task)}不在本次抽取中`);
      break;
    }
    const at = state.team.indexOf(rep.out);
    if (at < 0) {
      insError = new Refused(
        'DRAW_REPLACE_NOT_IN_TEAM',
        `检查人员${quote(rep.out)}不在任务${quote(rep.task)}的当前检查组中，无法替换`,
      );
      break;
    }
    state.team.splice(at, 1);
    load.set(rep.out, load.get(rep.out) - 1);
    let found = null;
    while (state.pos < state.walk.length) {
      const candidate = state.walk[state.pos++];
      const l = load.get(candidate) || 0;
      if (l < d.cap) {
        load.set(candidate, l + 1);
        state.team.push(candidate);
        found = candidate;
        break;
      }
    }
    ins.push(found);
  }

  return {
    kind: 'assign',
    rootName: 'elig_root',
    outputs: [
      ['elig_root', toHex(eligRoot)],
      ['plan_hash', toHex(c.plan)],
      ['randomness', toHex(r.randomness)],
      ['seed', r.seed],
      ['teams', teams],
      ['result_hash', resultHash],
    ],
    ins,
    insError,
    resultHash,
    intermediate: {
      params: toHex(paramsBytes),
      sources_decl: toHex(c.sourcesDecl),
      commit: toHex(c.commit),
      walks: trace,
    },
  };
}

/**
 * Runs the draw a bundle's (already read) input fields describe.
 * @param {ReturnType<import('./bundle.js').readInput>} d
 * @param {{onProgress?: (p: {phase: string, done: number, total: number}) => void}} [options]
 */
export function compute(d, options = {}) {
  const progress = progressReporter(options.onProgress);
  return d.kind === 'targets' ? computeTargets(d, progress) : computeAssign(d, progress);
}

// For tests.
export { merkleRoot, orderByTicket };
