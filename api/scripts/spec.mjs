// Reading the OpenAPI document: strict YAML (no duplicate keys, no warnings).
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

export function loadSpecText(text, name = 'openapi.yaml') {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(`${name}: ${problems.map((p) => p.message).join('\n')}`);
  return doc.toJS({ maxAliasCount: -1 });
}

export function loadSpec(path) {
  return loadSpecText(readFileSync(path, 'utf8'), path);
}
