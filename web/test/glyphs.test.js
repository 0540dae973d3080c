// The build-time glyph ranges for digits and Latin letters (scripts/build-glyphs.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRange, fontstack, loadFont, rasterise } from '../scripts/build-glyphs.mjs';

const font = loadFont();

test('a digit becomes a 24 px SDF with a 3 px buffer, inside high and outside low', () => {
  const g = rasterise(font, 0x31); // "1"
  // Noto Sans digits are about 0.71 em tall and 0.57 em wide: 17 px and 14 px at 24 px.
  assert.ok(g.height >= 16 && g.height <= 19, `height ${g.height}`);
  assert.ok(g.advance >= 13 && g.advance <= 15, `advance ${g.advance}`);
  const w = g.width + 6;
  assert.equal(g.bitmap.length, w * (g.height + 6));
  assert.equal(g.bitmap[0], 0, 'far corner is outside');
  // The vertical stem of "1" is right of the centre; its middle row must be inside (> 191).
  const row = Math.floor((g.height + 6) / 2);
  const max = Math.max(...g.bitmap.slice(row * w, row * w + w));
  assert.ok(max > 191, `stem value ${max}`);
});

test('a space has an advance and no bitmap', () => {
  const g = rasterise(font, 0x20);
  assert.equal(g.width, 0);
  assert.equal(g.bitmap, undefined);
  assert.ok(g.advance > 4);
});

test('a range is a glyphs protobuf naming the fontstack and the range', () => {
  const bytes = encodeRange(fontstack, 0, [rasterise(font, 0x30)]);
  assert.equal(bytes[0], 0x0a); // field 1 (stacks), length-delimited
  const text = new TextDecoder('latin1').decode(bytes);
  assert.ok(text.includes(fontstack));
  assert.ok(text.includes('0-255'));
  assert.equal(encodeRange(fontstack, 65280, []).length, 2 + 2 + fontstack.length + 2 + '65280-65535'.length);
});
