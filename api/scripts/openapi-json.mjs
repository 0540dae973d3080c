#!/usr/bin/env node
// Converts api/openapi.yaml into the JSON document the server embeds and serves at
// /openapi.json (run by the build). Refuses YAML that parses with warnings or
// duplicate keys, so what is served is exactly what the YAML says.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadSpecText } from './spec.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: openapi-json.mjs openapi.yaml openapi.json');
  process.exit(2);
}
try {
  const spec = loadSpecText(readFileSync(input, 'utf8'), input);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(spec, null, 2)}\n`);
} catch (e) {
  console.error(`openapi-json: ${e.message}`);
  process.exit(1);
}
