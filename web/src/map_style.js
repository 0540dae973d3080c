// The MapLibre style for the widget, built in code. It is a pure module (no
// DOM, no MapLibre import) so `npm test` can check it against the style spec.
//
// There is no basemap, glyph server or sprite: only the server's vector tile
// layers, and glyph ranges for digits and Latin letters that the build
// produces (web/scripts/build-glyphs.mjs) and the server serves under /glyphs/.
// Japanese characters are drawn by MapLibre with the device's own fonts.

// Default class breaks for the number of programmes. National programmes apply
// everywhere, so unfiltered counts start at roughly 100 and reach about 400;
// with filters the breaks are recomputed from the counts on the map.
export const breaks = [150, 200, 250, 300];
// ColorBrewer OrRd, 5 classes: warm, so it stands apart from the pale sea.
export const colours = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
export const noDataColour = '#d0d0d0';
export const zeroColour = '#f4f4f4';
export const seaColour = '#dcebf5';
export const selectedColour = '#0b3d75';
export const fontstack = 'NotoSans-Regular';

// Municipalities are filled from this zoom upward, prefectures below it.
export const municipalityMinZoom = 6;

/** Legend labels, one per colour: "〜149", "150〜199", …, "300〜". */
export function classLabels(b = breaks) {
  const labels = [b[0] > 1 ? `1〜${b[0] - 1}` : '1'];
  for (let i = 0; i + 1 < b.length; i++) {
    labels.push(b[i + 1] - 1 > b[i] ? `${b[i]}〜${b[i + 1] - 1}` : `${b[i]}`);
  }
  labels.push(`${b[b.length - 1]}〜`);
  return labels;
}

/** The fill colour expression for the given class breaks (4 increasing numbers). */
export function programmeColour(b = breaks) {
  // A missing or non-numeric attribute becomes -1, which falls in the "no data" class.
  const expr = ['step', ['number', ['get', 'programmes'], -1], noDataColour, 0, zeroColour, 1, colours[0]];
  b.forEach((v, i) => expr.push(v, colours[i + 1]));
  return expr;
}

// The round step (1, 2, 2.5, 5 × 10^n, whole numbers only) nearest to a fifth of the span.
function niceStep(span) {
  const raw = span / 5;
  if (raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 2.5, 5, 10].map((m) => m * p).filter(Number.isInteger);
  return candidates.reduce((best, v) => (Math.abs(Math.log(v / raw)) < Math.abs(Math.log(best / raw)) ? v : best));
}

/**
 * Four strictly increasing class breaks (> 1) for the counts shown: equal
 * steps of a round size between the smallest and the largest non-zero count.
 */
export function niceBreaks(values) {
  const counts = values.filter((v) => Number.isFinite(v) && v > 0);
  if (counts.length === 0) return [...breaks];
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  const step = niceStep(hi - lo);
  let first = Math.floor(lo / step) * step + step;
  if (first <= 1) first = 2;
  return [0, 1, 2, 3].map((i) => first + i * step);
}

/** Query string for the filters the tiles understand: purpose=…&open=true. */
export function tileQuery({ purposes = [], open = false } = {}) {
  const params = new URLSearchParams();
  if (purposes.length) params.set('purpose', purposes.join(','));
  if (open) params.set('open', 'true');
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function tileUrl(origin, layer, filters) {
  return `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt${tileQuery(filters)}`;
}

/** The style; `origin` is where the policymap server answers /tiles/… and /glyphs/…. */
export function buildStyle(origin, filters = {}, b = breaks) {
  const fillPaint = { 'fill-color': programmeColour(b), 'fill-opacity': 0.9 };
  const lineLayout = { 'line-join': 'round', 'line-cap': 'round' };
  // Filter matching nothing until an area is selected.
  const nothing = ['==', ['get', 'code'], ''];
  // The labels layer holds one point per area: level prefecture, municipality,
  // designated_city (whole cities when zoomed out) or ward.
  const label = (id, prefectures, minzoom, maxzoom, size) => ({
    id, type: 'symbol', source: 'labels', 'source-layer': 'labels', minzoom, maxzoom,
    filter: [prefectures ? '==' : '!=', ['get', 'level'], 'prefecture'],
    layout: {
      'text-field': ['format',
        ['get', 'name'], {},
        '\n', {},
        ['to-string', ['get', 'programmes']], { 'font-scale': 0.85 }],
      'text-font': [fontstack],
      'text-size': size,
      'text-max-width': 8,
      'text-padding': 2,
    },
    paint: { 'text-color': '#222', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.4 },
  });
  return {
    version: 8,
    glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      prefectures: {
        type: 'vector', tiles: [tileUrl(origin, 'prefectures', filters)], minzoom: 0, maxzoom: 10,
      },
      municipalities: {
        type: 'vector', tiles: [tileUrl(origin, 'municipalities', filters)], minzoom: 0, maxzoom: 14,
      },
      labels: {
        type: 'vector', tiles: [tileUrl(origin, 'labels', filters)], minzoom: 0, maxzoom: 14,
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': seaColour } },
      {
        id: 'prefecture-fill', type: 'fill',
        source: 'prefectures', 'source-layer': 'prefectures',
        maxzoom: municipalityMinZoom, paint: fillPaint,
      },
      {
        id: 'municipality-fill', type: 'fill',
        source: 'municipalities', 'source-layer': 'municipalities',
        minzoom: municipalityMinZoom, paint: fillPaint,
      },
      {
        id: 'municipality-line', type: 'line',
        source: 'municipalities', 'source-layer': 'municipalities',
        minzoom: municipalityMinZoom, layout: lineLayout,
        paint: {
          'line-color': 'rgba(90, 60, 40, 0.4)',
          'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.3, 10, 0.7, 14, 1.2],
        },
      },
      {
        id: 'prefecture-line', type: 'line',
        source: 'prefectures', 'source-layer': 'prefectures', layout: lineLayout,
        paint: {
          'line-color': '#6b5a50',
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.4, 6, 0.9, 10, 1.8],
        },
      },
      {
        id: 'prefecture-selected', type: 'line',
        source: 'prefectures', 'source-layer': 'prefectures',
        filter: nothing, layout: lineLayout,
        paint: { 'line-color': selectedColour, 'line-width': 3 },
      },
      {
        id: 'municipality-selected', type: 'line',
        source: 'municipalities', 'source-layer': 'municipalities',
        filter: nothing, layout: lineLayout,
        paint: { 'line-color': selectedColour, 'line-width': 3 },
      },
      label('prefecture-label', true, 3.5, municipalityMinZoom, 12),
      label('municipality-label', false, 7, 24, 12),
    ],
  };
}
