// Writes MapLibre glyph ranges (SDF protobufs) for the digits and Latin letters
// of the map labels: dist/glyphs/<fontstack>/<start>-<end>.pbf, all 256 ranges.
//
// Japanese characters are drawn by MapLibre itself with the device's own fonts
// (`localIdeographFontFamily`), so only what the font package covers is
// rasterised here; every other range is written empty so MapLibre never meets
// a 404 for a character it cannot draw. Pure JavaScript at build time: the
// outlines come from @fontsource/noto-sans (WOFF, read by opentype.js) and the
// signed distance field is computed from them directly.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import opentype from 'opentype.js';

export const fontstack = 'NotoSans-Regular';

// MapLibre's glyph conventions (the same as node-fontnik's): 24 px em,
// 3 px buffer, SDF radius 8 px, edge at 0.75 (cutoff 0.25).
const size = 24;
const buffer = 3;
const radius = 8;
const cutoff = 0.25;
// Baseline offset MapLibre uses for the glyphs it draws locally, so Latin and
// Japanese characters in one label share a baseline.
const baselineTop = 27;

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// --- outlines → line segments ------------------------------------------------

function segmentsOf(path) {
  const segs = [];
  let x0 = 0; let y0 = 0; let sx = 0; let sy = 0;
  const line = (x, y) => { segs.push([x0, y0, x, y]); x0 = x; y0 = y; };
  for (const c of path.commands) {
    if (c.type === 'M') { x0 = sx = c.x; y0 = sy = c.y; }
    else if (c.type === 'L') line(c.x, c.y);
    else if (c.type === 'Q') {
      const ax = x0; const ay = y0;
      for (let i = 1; i <= 8; i++) {
        const t = i / 8; const u = 1 - t;
        line(u * u * ax + 2 * u * t * c.x1 + t * t * c.x, u * u * ay + 2 * u * t * c.y1 + t * t * c.y);
      }
    } else if (c.type === 'C') {
      const ax = x0; const ay = y0;
      for (let i = 1; i <= 10; i++) {
        const t = i / 10; const u = 1 - t;
        line(u * u * u * ax + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * ay + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y);
      }
    } else if (c.type === 'Z') {
      if (x0 !== sx || y0 !== sy) line(sx, sy);
    }
  }
  return segs;
}

function distanceToSegment(px, py, [ax, ay, bx, by]) {
  const dx = bx - ax; const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = ax + t * dx - px; const y = ay + t * dy - py;
  return Math.sqrt(x * x + y * y);
}

// Non-zero winding (TrueType and CFF outlines both fill that way).
function inside(px, py, segs) {
  let winding = 0;
  for (const [ax, ay, bx, by] of segs) {
    if (ay <= py) {
      if (by > py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) > 0) winding++;
    } else if (by <= py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) < 0) winding--;
  }
  return winding !== 0;
}

/** The MapLibre glyph record for one character of `font`. */
export function rasterise(font, codePoint) {
  const glyph = font.charToGlyph(String.fromCodePoint(codePoint));
  const scale = size / font.unitsPerEm;
  const advance = Math.round(glyph.advanceWidth * scale);
  // opentype.js paths are in screen coordinates: y grows downwards from the baseline at 0.
  const path = glyph.getPath(0, 0, size);
  const segs = segmentsOf(path);
  if (segs.length === 0) return { id: codePoint, width: 0, height: 0, left: 0, top: -baselineTop, advance };
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (const [ax, ay, bx, by] of segs) {
    minX = Math.min(minX, ax, bx); maxX = Math.max(maxX, ax, bx);
    minY = Math.min(minY, ay, by); maxY = Math.max(maxY, ay, by);
  }
  const left = Math.floor(minX);
  const topY = Math.floor(minY); // screen y of the glyph's top row (negative above the baseline)
  const width = Math.max(1, Math.ceil(maxX) - left);
  const height = Math.max(1, Math.ceil(maxY) - topY);
  const w = width + 2 * buffer; const h = height + 2 * buffer;
  const bitmap = new Uint8Array(w * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const px = left - buffer + i + 0.5; const py = topY - buffer + j + 0.5;
      let d = Infinity;
      for (const s of segs) d = Math.min(d, distanceToSegment(px, py, s));
      if (inside(px, py, segs)) d = -d;
      bitmap[j * w + i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / radius + cutoff))));
    }
  }
  return { id: codePoint, bitmap, width, height, left, top: -topY - baselineTop, advance };
}

// --- protobuf (glyphs.proto of the MapLibre style spec) ----------------------

class Writer {
  constructor() { this.bytes = []; }
  varint(v) {
    let n = v >>> 0;
    while (n > 0x7f) { this.bytes.push((n & 0x7f) | 0x80); n >>>= 7; }
    this.bytes.push(n);
  }
  key(field, type) { this.varint((field << 3) | type); }
  uint(field, v) { this.key(field, 0); this.varint(v); }
  sint(field, v) { this.key(field, 0); this.varint((v << 1) ^ (v >> 31)); }
  bytesField(field, data) { this.key(field, 2); this.varint(data.length); for (const b of data) this.bytes.push(b); }
  string(field, s) { this.bytesField(field, new TextEncoder().encode(s)); }
  message(field, fill) { const inner = new Writer(); fill(inner); this.bytesField(field, inner.bytes); }
}

export function encodeRange(name, start, glyphs) {
  const out = new Writer();
  out.message(1, (stack) => {
    stack.string(1, name);
    stack.string(2, `${start}-${start + 255}`);
    for (const g of glyphs) {
      stack.message(3, (m) => {
        m.uint(1, g.id);
        if (g.bitmap) m.bytesField(2, g.bitmap);
        m.uint(3, g.width);
        m.uint(4, g.height);
        m.sint(5, g.left);
        m.sint(6, g.top);
        m.uint(7, g.advance);
      });
    }
  });
  return Uint8Array.from(out.bytes);
}

export function loadFont() {
  const file = require.resolve('@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff');
  const data = readFileSync(file);
  return opentype.parse(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

function main() {
  const outDir = join(here, '..', 'dist', 'glyphs', fontstack);
  mkdirSync(outDir, { recursive: true });
  const font = loadFont();
  const codePoints = Object.keys(font.tables.cmap.glyphIndexMap).map(Number)
    .filter((c) => c <= 0xffff && font.tables.cmap.glyphIndexMap[c] !== 0);
  const byRange = new Map();
  for (const c of codePoints) {
    const start = c - (c % 256);
    if (!byRange.has(start)) byRange.set(start, []);
    byRange.get(start).push(c);
  }
  let count = 0;
  for (let start = 0; start < 65536; start += 256) {
    const glyphs = (byRange.get(start) ?? []).sort((a, b) => a - b).map((c) => rasterise(font, c));
    count += glyphs.length;
    writeFileSync(join(outDir, `${start}-${start + 255}.pbf`), encodeRange(fontstack, start, glyphs));
  }
  console.log(`glyphs: ${count} characters of ${fontstack} in 256 ranges → ${outDir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
