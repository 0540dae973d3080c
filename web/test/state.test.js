// URL state and formatting of the widget: pure functions, no browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysLeft, formatAmount, formatState, parseState, programmeQuery } from '../src/state.js';

test('the URL carries area, filters, language, view and programme, and round-trips', () => {
  const s = parseState('?area=13101&purpose=新たな事業を行いたい,人材育成を行いたい&open=true&closing=30&q=省エネ&lang=en&z=9.5&c=139.75,35.68&programme=42');
  assert.equal(s.area, '13101');
  assert.deepEqual(s.purposes, ['新たな事業を行いたい', '人材育成を行いたい']);
  assert.equal(s.open, true);
  assert.equal(s.closing, 30);
  assert.equal(s.q, '省エネ');
  assert.equal(s.lang, 'en');
  assert.equal(s.zoom, 9.5);
  assert.deepEqual(s.center, [139.75, 35.68]);
  assert.equal(s.programme, '42');
  assert.deepEqual(parseState(formatState(s)), s);
});

test('hostile or unknown URL values are dropped, not used', () => {
  const s = parseState('?area=13101%27--&purpose=<script>,新たな事業を行いたい&lang=xx&z=99&c=500,1&programme=1e3&closing=-4');
  assert.equal(s.area, null);
  assert.deepEqual(s.purposes, ['新たな事業を行いたい']);
  assert.equal(s.lang, 'ja');
  assert.equal(s.zoom, null);
  assert.equal(s.center, null);
  assert.equal(s.programme, null);
  assert.equal(s.closing, null);
  assert.equal(formatState(parseState('')), '');
});

test('filters become /v1/programmes parameters', () => {
  const p = programmeQuery(parseState('?area=13&purpose=新たな事業を行いたい&open=true&closing=30&q=IT'));
  assert.equal(p.get('area'), '13');
  assert.equal(p.get('purpose'), '新たな事業を行いたい');
  assert.equal(p.get('open'), 'true');
  assert.equal(p.get('closing_within'), '30');
  assert.equal(p.get('q'), 'IT');
});

test('days left count calendar days in Japan', () => {
  const now = new Date('2026-08-20T10:00:00+09:00');
  assert.equal(daysLeft('2026-08-20T17:00:00+09:00', now), 0);
  assert.equal(daysLeft('2026-08-21T00:30:00+09:00', now), 1);
  assert.equal(daysLeft('2026-09-19T23:59:59+09:00', now), 30);
  assert.equal(daysLeft('2026-08-19T17:00:00+09:00', now), -1);
  assert.equal(daysLeft(null, now), null);
});

test('amounts in yen read as Japanese readers expect', () => {
  assert.equal(formatAmount(15000000, 'ja'), '1,500万円');
  assert.equal(formatAmount(150000000, 'ja'), '1億5,000万円');
  assert.equal(formatAmount(100000000, 'ja'), '1億円');
  assert.equal(formatAmount(5000, 'ja'), '5,000円');
  assert.equal(formatAmount(15000000, 'en'), '¥15,000,000');
  assert.equal(formatAmount(0, 'ja'), null);
  assert.equal(formatAmount(null, 'ja'), null);
});
