// The response checker (scripts/contract.mjs) against the real api/openapi.yaml:
// each kind of drift it must report, and answers it must accept.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { closedSchema, createChecker } from '../scripts/contract.mjs';
import { loadSpec } from '../scripts/spec.mjs';

const spec = loadSpec(join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi.yaml'));
const checker = createChecker(spec);

const lookup = {
  municipality: { code: '13101', name: '千代田区', level: 'municipality' },
  designated_city: null,
  prefecture: { code: '13', name: '東京都' },
  programmes: [{ id: 1, title: 't', source: 'jgrants', source_id: 'a0W', scope: 'national' }],
};

function record(overrides) {
  return {
    method: 'GET',
    target: '/v1/lookup?lat=35.6812&lon=139.7671',
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' },
    body: JSON.stringify(lookup),
    ...overrides,
  };
}

function problem(code, status, extra = {}) {
  return JSON.stringify({ type: `/problems/${code}`, title: 't', status, detail: 'd', instance: 'urn:request:r1', ...extra });
}

function kinds(r) {
  return checker.check(r).drifts.map((d) => d.kind);
}

test('a response as documented has no drift, and HEAD is checked as GET without a body', () => {
  assert.deepEqual(kinds(record({})), []);
  assert.deepEqual(kinds(record({ method: 'HEAD', body: undefined, body_bytes: 0 })), []);
  assert.equal(checker.check(record({})).template, '/v1/lookup');
});

test('templated paths match their segments', () => {
  assert.equal(checker.route('/tiles/municipalities/12/3638/1612.mvt'), '/tiles/{layer}/{z}/{x}/{y}.mvt');
  assert.equal(checker.route('/tiles/labels.json'), '/tiles/{layer}.json');
  assert.equal(checker.route('/tiles/cache'), '/tiles/cache');
  assert.equal(checker.route('/v1/programmes/12/history'), '/v1/programmes/{id}/history');
  assert.equal(checker.route('/v1/programmes/12/history/x'), null);
});

test('a path outside the spec is a drift unless refused with a 4xx problem', () => {
  assert.deepEqual(kinds(record({ target: '/v2/lookup' })), ['path not in the spec']);
  const nothing = record({
    target: '/nothing-here', status: 404,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': 'r1' }, body: problem('not-found', 404),
  });
  assert.deepEqual(kinds(nothing), []);
  assert.deepEqual(kinds({ ...nothing, status: 400, body: problem('invalid-tile-address', 400) }), []);
  assert.deepEqual(kinds({ ...nothing, status: 400, body: problem('not-found', 400) }),
    ['problem type sent with another status than x-problem-types gives']);
  assert.deepEqual(kinds({ ...nothing, status: 500, body: problem('internal', 500) }), ['path not in the spec']);
});

test('a method the path does not document is a drift unless 405 with the spec\'s methods in Allow', () => {
  const headers = { 'content-type': 'application/problem+json', 'x-request-id': 'r1', allow: 'GET, HEAD' };
  const refused = record({ method: 'POST', target: '/v1/areas', status: 405, headers, body: problem('method-not-allowed', 405) });
  assert.deepEqual(kinds(refused), []);
  assert.deepEqual(kinds({ ...refused, headers: { ...headers, allow: 'GET' } }),
    ['405 Allow header differs from the methods in the spec']);
  assert.deepEqual(kinds({ ...refused, status: 200, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: '{}' }),
    ['method not in the spec for this path']);
});

test('an undocumented status is a drift', () => {
  assert.deepEqual(kinds(record({ status: 418 })), ['status not documented']);
});

test('a content type the response does not list is a drift', () => {
  assert.deepEqual(kinds(record({ headers: { 'content-type': 'text/plain', 'x-request-id': 'r1' } })),
    ['content type not documented']);
});

test('a body against the schema is a drift: missing, mistyped and undocumented fields', () => {
  const { prefecture, ...noPrefecture } = lookup;
  assert.ok(prefecture);
  const missing = checker.check(record({ body: JSON.stringify(noPrefecture) })).drifts;
  assert.equal(missing[0].kind, 'body not matching the schema');
  assert.match(missing[0].detail, /prefecture/);
  const extra = checker.check(record({ body: JSON.stringify({ ...lookup, debug: true }) })).drifts;
  assert.match(extra[0].detail, /unevaluated properties \(debug\)/);
  const nested = { ...lookup, programmes: [{ ...lookup.programmes[0], score: 1 }] };
  assert.match(checker.check(record({ body: JSON.stringify(nested) })).drifts[0].detail, /programmes\/0.*score/);
  assert.deepEqual(kinds(record({ body: '{"municipality":' })), ['body is not valid JSON']);
});

test('problem bodies: Problem schema, a listed type, the status x-problem-types gives', () => {
  const headers = { 'content-type': 'application/problem+json', 'x-request-id': 'r1' };
  const bad = (body, status = 400) => kinds(record({ status, headers, body }));
  assert.deepEqual(bad(problem('invalid-coordinates', 400)), []);
  assert.deepEqual(bad(problem('no-such-problem', 400)), ['problem type not listed in x-problem-types']);
  assert.deepEqual(bad(problem('outside-japan', 400)), ['problem type sent with another status than x-problem-types gives']);
  assert.deepEqual(bad(problem('invalid-coordinates', 404), 400), ['problem status differs from the HTTP status']);
  assert.ok(bad(JSON.stringify({ type: '/problems/invalid-coordinates', status: 400 })).includes('problem body not matching the Problem schema'));
  assert.deepEqual(bad(problem('invalid-coordinates', 400, { instance: 'urn:request:other' })),
    ['problem instance is not urn:request:<X-Request-Id>']);
});

test('required headers and the request id are checked', () => {
  const created = {
    method: 'POST', target: '/v1/programmes', status: 201,
    headers: { 'content-type': 'application/json', 'x-request-id': 'r1', etag: '"p1-v1"' },
    body: JSON.stringify({ title: 't', areas: ['13'], id: 1, version: 1 }),
  };
  assert.deepEqual(kinds(created), ['required header missing']);
  const { 'x-request-id': id, ...noId } = record({}).headers;
  assert.ok(id);
  assert.deepEqual(kinds(record({ headers: noId })), ['no X-Request-Id header']);
});

test('closing schemas keeps allOf members open and closes their parent', () => {
  const closed = closedSchema(spec, { $ref: '#/components/schemas/AgencyProgramme' });
  assert.equal(closed.unevaluatedProperties, false);
  assert.equal(closed.allOf[0].unevaluatedProperties, undefined);
  assert.equal(closedSchema(spec, { $ref: '#/components/schemas/Lookup' }).properties.municipality.unevaluatedProperties, false);
});
