// Checks the built style against the MapLibre style spec, and the choropleth
// classes at their edges. Runs under Node's test runner: `npm test`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Color, createPropertyExpression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import {
  breaks, buildStyle, classLabels, colours, niceBreaks, noDataColour, programmeColour, tileQuery, zeroColour,
} from '../src/map_style.js';

const style = buildStyle('https://example.test');

test('style is valid MapLibre style v8', () => {
  assert.deepEqual(validateStyleMin(style), []);
  assert.deepEqual(validateStyleMin(buildStyle('https://example.test', { purposes: ['新たな事業を行いたい'], open: true })), []);
});

test('style needs nothing but the server: tiles and glyph ranges from the same origin, no sprite', () => {
  assert.equal(style.glyphs, 'https://example.test/glyphs/{fontstack}/{range}.pbf');
  assert.equal(style.sprite, undefined);
  assert.deepEqual(style.sources.prefectures.tiles, ['https://example.test/tiles/prefectures/{z}/{x}/{y}.mvt']);
  assert.deepEqual(style.sources.municipalities.tiles, ['https://example.test/tiles/municipalities/{z}/{x}/{y}.mvt']);
  assert.deepEqual(style.sources.labels.tiles, ['https://example.test/tiles/labels/{z}/{x}/{y}.mvt']);
  assert.equal(style.sources.prefectures.maxzoom, 10);
  assert.equal(style.sources.municipalities.maxzoom, 14);
  for (const layer of style.layers.filter((l) => l.type === 'symbol')) {
    assert.deepEqual(layer.layout['text-font'], ['NotoSans-Regular']);
  }
});

test('filters reach the tiles as purpose= and open=', () => {
  assert.equal(tileQuery({}), '');
  assert.equal(tileQuery({ purposes: ['新たな事業を行いたい', '人材育成を行いたい'], open: true }),
    `?purpose=${encodeURIComponent('新たな事業を行いたい,人材育成を行いたい')}&open=true`);
  const filtered = buildStyle('https://example.test', { open: true });
  assert.deepEqual(filtered.sources.labels.tiles, ['https://example.test/tiles/labels/{z}/{x}/{y}.mvt?open=true']);
});

test('prefectures are filled below zoom 6, municipalities from zoom 6', () => {
  const layer = (id) => style.layers.find((l) => l.id === id);
  assert.equal(layer('prefecture-fill').maxzoom, 6);
  assert.equal(layer('municipality-fill').minzoom, 6);
});

test('programme counts map to the legend classes', () => {
  const parsed = createPropertyExpression(programmeColour(), latest.paint_fill['fill-color']);
  assert.equal(parsed.result, 'success');
  const colourOf = (programmes) => parsed.value.evaluate(
    { zoom: 8 }, { type: 'Polygon', properties: programmes === undefined ? {} : { programmes } });
  const cases = [[undefined, noDataColour], [0, zeroColour], [1, colours[0]], [149, colours[0]],
    [breaks[0], colours[1]], [299, colours[3]], [300, colours[4]], [400, colours[4]]];
  for (const [count, expected] of cases) {
    assert.deepEqual(colourOf(count), Color.parse(expected), `programmes=${count}`);
  }
  assert.equal(classLabels().length, colours.length);
  assert.deepEqual(classLabels(), ['1〜149', '150〜199', '200〜249', '250〜299', '300〜']);
});

test('class breaks follow the counts shown and always increase', () => {
  assert.deepEqual(niceBreaks([]), breaks);
  for (const values of [[0, 0, 1], [3, 3, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [120, 180, 230, 260, 310, 390], [53, 54, 60, 64]]) {
    const b = niceBreaks(values);
    assert.equal(b.length, 4);
    for (let i = 1; i < b.length; i++) assert.ok(b[i] > b[i - 1], `${b} from ${values}`);
    assert.ok(b.every(Number.isInteger), `${b} from ${values}`);
    assert.ok(b[0] > 1);
    assert.ok(createPropertyExpression(programmeColour(b), latest.paint_fill['fill-color']).result === 'success', String(b));
  }
});
