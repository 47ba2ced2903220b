#!/usr/bin/env node
// The API document is a contract (issue 10): every answer the end-to-end tests received must be
// one that docs/api/openapi.yaml describes.
//
//   node tests/contract/validate_responses.mjs --doc docs/api/openapi.yaml --dir build/api-responses
//
// tests/support/api_client.cc appends one JSON line per answer to <dir>/responses-<pid>.jsonl:
// {test, method, path, status, content_type, body}. For each line this script finds the operation
// (path template match, literal segments before parameters), the response for the status (the
// operation's own, else the transport-level one in components.responses that any route may give,
// see x-any-route), checks the media type is declared and validates a JSON body against its
// schema with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1). It fails on any mismatch,
// printing method, path, status, the Ajv error and the test that logged it; and it fails when
// nothing was logged at all, so that it cannot pass vacuously.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const docPath = resolve(args.doc ?? join(here, '../../docs/api/openapi.yaml'));
const logDir = args.dir;
if (!logDir) {
  console.error('usage: validate_responses.mjs --doc openapi.yaml --dir LOG_DIR');
  process.exit(2);
}
// The validator and the YAML parser are the web UI's dev dependencies (npm ci in web/).
const require = createRequire(join(here, '../../web/package.json'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const YAML = require('yaml');

const doc = YAML.parse(readFileSync(docPath, 'utf8'));
const prefix = new URL(doc.servers[0].url, 'http://x').pathname.replace(/\/$/, '');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(doc, 'openapi');

// Templates, most literal segments first so /targets/search wins over /targets/{id}.
const templates = Object.keys(doc.paths)
  .map((t) => ({ template: t, segs: t.split('/').slice(1) }))
  .sort((a, b) => b.segs.filter((s) => !s.startsWith('{')).length - a.segs.filter((s) => !s.startsWith('{')).length);

function findTemplate(path) {
  if (!path.startsWith(prefix + '/')) return null;
  const segs = path.slice(prefix.length).split('/').slice(1);
  for (const t of templates) {
    if (t.segs.length !== segs.length) continue;
    if (t.segs.every((s, i) => s.startsWith('{') || s === segs[i])) return t.template;
  }
  return null;
}

function deref(node) {
  let n = node;
  while (n && n.$ref) {
    n = n.$ref.slice(2).split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return n;
}

function pointer(parts) {
  return '#/' + parts.map((p) => encodeURIComponent(String(p).replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

// Transport-level answers any route (or any URL under the API) may give: components.responses
// entries marked x-any-route with their status.
const anyRoute = {};
for (const [name, resp] of Object.entries(doc.components.responses ?? {})) {
  for (const status of resp['x-any-route'] ?? []) anyRoute[String(status)] = name;
}

const validators = new Map();
function validatorFor(ptr) {
  if (!validators.has(ptr)) validators.set(ptr, ajv.compile({ $ref: 'openapi' + ptr }));
  return validators.get(ptr);
}

// The response definition for a status: [definition, JSON-pointer parts to it] or null.
function responseFor(template, method, status) {
  const op = template ? doc.paths[template][method] : null;
  if (op) {
    for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
      if (op.responses[key]) {
        const r = op.responses[key];
        if (r.$ref) return [deref(r), r.$ref.slice(2).split('/').map((k) => k.replace(/~1/g, '/'))];
        return [r, ['paths', template, method, 'responses', key]];
      }
    }
  }
  const name = anyRoute[String(status)];
  if (name) return [doc.components.responses[name], ['components', 'responses', name]];
  return null;
}

const files = existsSync(logDir) ? readdirSync(logDir).filter((f) => f.endsWith('.jsonl')) : [];
let lines = 0;
const problems = new Map(); // one report per (method, template, status, problem)
const covered = new Set();
for (const file of files) {
  for (const text of readFileSync(join(logDir, file), 'utf8').split('\n')) {
    if (!text.trim()) continue;
    const e = JSON.parse(text);
    const path = e.path.split('?')[0];
    // The web UI's pages and assets (the router's fallback) are not part of the API.
    if (!path.startsWith('/api/')) continue;
    lines++;
    const method = e.method.toLowerCase();
    const template = findTemplate(path);
    const op = template && doc.paths[template][method];
    const where = `${e.method} ${e.path} → ${e.status}`;
    const report = (key, message) => {
      const k = `${e.method} ${template ?? path} ${e.status} ${key}`;
      if (!problems.has(k)) problems.set(k, { where, message, test: e.test, count: 0 });
      problems.get(k).count++;
    };
    if (op) covered.add(`${e.method} ${template}`);
    // No operation: only the transport's own answers (404 unknown route, 405 wrong method …).
    if (!op && !(e.status in anyRoute)) {
      report('no-operation', `no operation in the document for ${e.method} ${path}`);
      continue;
    }
    const found = responseFor(op ? template : null, method, e.status);
    if (!found) {
      report('status', `status ${e.status} is not documented for ${e.method} ${template}`);
      continue;
    }
    const [resp, parts] = found;
    const media = (e.content_type || '').split(';')[0].trim().toLowerCase();
    const content = resp.content ?? {};
    if (!Object.keys(content).length) {
      if (e.body.length) report('no-content', `a body (${media || 'no Content-Type'}) where the document declares none`);
      continue;
    }
    const declared = Object.keys(content).find((m) => m === media || (m.endsWith('/*') && media.startsWith(m.slice(0, -1))) || m === '*/*');
    if (!declared) {
      report('media', `Content-Type ${media || '(none)'} not declared (declared: ${Object.keys(content).join(', ')})`);
      continue;
    }
    if (!declared.includes('json')) continue;
    let body;
    try {
      body = JSON.parse(e.body);
    } catch {
      report('json', 'the body is not JSON');
      continue;
    }
    if (!content[declared].schema) {
      report('schema', `no schema for ${declared}`);
      continue;
    }
    const validate = validatorFor(pointer([...parts, 'content', declared, 'schema']));
    if (!validate(body)) {
      const errs = validate.errors.slice(0, 5).map((x) => `${x.instancePath || '/'} ${x.message}${x.params ? ' ' + JSON.stringify(x.params) : ''}`);
      report(`schema:${errs[0]}`, `body does not match the schema:\n      ${errs.join('\n      ')}\n      body: ${e.body.slice(0, 300)}`);
    }
  }
}

const operations = Object.entries(doc.paths).flatMap(([t, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${t}`));
console.log(`${lines} answers from ${files.length} test processes; ${covered.size} of ${operations.length} operations exercised`);
if (lines === 0) {
  console.error(`no answers were logged in ${logDir}: the e2e tests did not run or did not log (SUIJI_API_LOG_DIR)`);
  process.exit(1);
}
if (problems.size) {
  console.error(`\n${problems.size} kinds of answers do not match ${docPath}:`);
  for (const p of problems.values()) console.error(`\n  ${p.where}  (${p.count}×, first in ${p.test || '?'})\n    ${p.message}`);
  process.exit(1);
}
if ('list-uncovered' in args) {
  for (const o of operations.filter((o) => !covered.has(o))) console.log(`  not exercised: ${o}`);
}
console.log('every answer matches the document');
