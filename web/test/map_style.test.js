// Checks the built style against the MapLibre style spec, and the choropleth
// classes at their edges. Runs under Node's test runner: `npm test`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Color, createPropertyExpression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { breaks, buildStyle, classLabels, colours, noDataColour } from '../src/map_style.js';

const style = buildStyle('https://example.test');

test('style is valid MapLibre style v8', () => {
  assert.deepEqual(validateStyleMin(style), []);
});

test('style needs nothing but the server tiles', () => {
  assert.equal(style.glyphs, undefined);
  assert.equal(style.sprite, undefined);
  assert.ok(style.layers.every((l) => l.type !== 'symbol'));
  assert.deepEqual(style.sources.prefectures.tiles, ['https://example.test/tiles/prefectures/{z}/{x}/{y}.mvt']);
  assert.deepEqual(style.sources.municipalities.tiles, ['https://example.test/tiles/municipalities/{z}/{x}/{y}.mvt']);
  assert.equal(style.sources.prefectures.maxzoom, 10);
  assert.equal(style.sources.municipalities.maxzoom, 14);
});

test('prefectures are filled below zoom 6, municipalities from zoom 6', () => {
  const layer = (id) => style.layers.find((l) => l.id === id);
  assert.equal(layer('prefecture-fill').maxzoom, 6);
  assert.equal(layer('municipality-fill').minzoom, 6);
});

test('programme counts map to the legend classes', () => {
  const fill = style.layers.find((l) => l.id === 'municipality-fill').paint['fill-color'];
  const parsed = createPropertyExpression(fill, latest.paint_fill['fill-color']);
  assert.equal(parsed.result, 'success');
  const colourOf = (programmes) => parsed.value.evaluate(
    { zoom: 8 }, { type: 'Polygon', properties: programmes === undefined ? {} : { programmes } });
  const cases = [[undefined, noDataColour], [0, colours[0]], [149, colours[0]],
    [breaks[0], colours[1]], [299, colours[3]], [300, colours[4]], [400, colours[4]]];
  for (const [count, expected] of cases) {
    assert.deepEqual(colourOf(count), Color.parse(expected), `programmes=${count}`);
  }
  assert.equal(classLabels().length, colours.length);
});
