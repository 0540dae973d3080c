#!/usr/bin/env node
// The ctest test `contract_responses`: every response the integration tests
// received (recorded by tests/integration/support.cpp in
// $POLICYMAP_IT_STATE/responses.jsonl) is checked against api/openapi.yaml, and
// the running server's /openapi.json and /openapi.yaml must be that document.
// Fails listing each drift, grouped, with a request that showed it.
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecker } from './contract.mjs';
import { loadSpec } from './spec.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const specPath = process.argv[2] ?? join(here, '..', 'openapi.yaml');
const state = process.env.POLICYMAP_IT_STATE;
if (!state) {
  console.error('check-responses: POLICYMAP_IT_STATE is not set (run through ctest after the integration tests)');
  process.exit(2);
}
const spec = loadSpec(specPath);
const failures = [];

// 1. The served documents are the spec.
const serverUrl = readFileSync(join(state, 'server.url'), 'utf8').trim().replace(/\/$/, '');
const served = await fetch(`${serverUrl}/openapi.json`);
if (served.status !== 200 || !/^application\/json/.test(served.headers.get('content-type') ?? '')) {
  failures.push(`GET /openapi.json answered ${served.status} ${served.headers.get('content-type')}`);
} else if (!isDeepStrictEqual(await served.json(), spec)) {
  failures.push('GET /openapi.json is not api/openapi.yaml (rebuild: the JSON is made at build time)');
}
const yamlServed = await fetch(`${serverUrl}/openapi.yaml`);
if (yamlServed.status !== 200 || (await yamlServed.text()) !== readFileSync(specPath, 'utf8')) {
  failures.push(`GET /openapi.yaml answered ${yamlServed.status} or is not api/openapi.yaml`);
}

// 2. Every recorded response.
const file = join(state, 'responses.jsonl');
if (!existsSync(file)) {
  console.error(`check-responses: ${file} is missing: run the integration tests first (ctest -R 'integration')`);
  process.exit(1);
}
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const checker = createChecker(spec);
const groups = new Map();
const covered = new Set();
for (const [n, line] of lines.entries()) {
  let record;
  try {
    record = JSON.parse(line);
  } catch (e) {
    failures.push(`responses.jsonl line ${n + 1}: ${e.message}`);
    continue;
  }
  const { template, drifts } = checker.check(record);
  if (template) covered.add(`${record.method === 'HEAD' ? 'GET' : record.method} ${template}`);
  for (const d of drifts) {
    const key = `${record.method} ${template ?? record.target.split('?')[0]} ${record.status}: ${d.kind}`;
    if (!groups.has(key)) groups.set(key, { count: 0, example: record, detail: d.detail });
    groups.get(key).count += 1;
  }
}
for (const [key, g] of groups) {
  failures.push(`${key}\n    ${g.detail}\n    e.g. ${g.example.method} ${g.example.target.slice(0, 200)}` +
    `${g.example.test ? ` in "${g.example.test}"` : ''}${g.count > 1 ? ` (${g.count} responses)` : ''}`);
}

const operations = Object.entries(spec.paths).flatMap(([p, item]) =>
  ['get', 'put', 'post', 'delete', 'patch'].filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`));
const untested = operations.filter((o) => !covered.has(o));
console.log(`contract: ${lines.length} responses checked against ${specPath}; ` +
  `${operations.length - untested.length} of ${operations.length} operations exercised`);
if (untested.length > 0) console.log(`  not exercised by the integration tests: ${untested.join(', ')}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} drift(s) between the server and the spec:\n`);
  for (const f of failures) console.error(`- ${f}`);
  process.exit(1);
}
console.log('contract: no drift');
