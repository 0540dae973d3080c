// The MapLibre style for the widget, built in code. It is a pure module (no
// DOM, no MapLibre import) so `npm test` can check it against the style spec.
//
// There is no basemap, glyph server or sprite: only the server's two vector
// tile layers, and therefore no symbol (text) layers.

// Class breaks for the number of programmes. National programmes apply
// everywhere, so counts start at roughly 100 and reach about 400.
export const breaks = [150, 200, 250, 300];
// ColorBrewer OrRd, 5 classes: warm, so it stands apart from the pale sea.
export const colours = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
export const noDataColour = '#d0d0d0';
export const seaColour = '#dcebf5';
export const selectedColour = '#0b3d75';

// Municipalities are filled from this zoom upward, prefectures below it.
export const municipalityMinZoom = 6;

/** Legend labels, one per colour: "〜149", "150〜199", …, "300〜". */
export function classLabels() {
  const labels = [`〜${breaks[0] - 1}`];
  for (let i = 0; i + 1 < breaks.length; i++) labels.push(`${breaks[i]}〜${breaks[i + 1] - 1}`);
  labels.push(`${breaks[breaks.length - 1]}〜`);
  return labels;
}

function programmeColour() {
  // A missing or non-numeric attribute becomes -1, which falls in the "no data" class.
  const expr = ['step', ['number', ['get', 'programmes'], -1], noDataColour, 0, colours[0]];
  breaks.forEach((b, i) => expr.push(b, colours[i + 1]));
  return expr;
}

/** The style; `origin` is where the policymap server answers /tiles/…. */
export function buildStyle(origin) {
  const fillPaint = { 'fill-color': programmeColour(), 'fill-opacity': 0.9 };
  const lineLayout = { 'line-join': 'round', 'line-cap': 'round' };
  // Filter matching nothing until a point is looked up.
  const nothing = ['==', ['get', 'code'], ''];
  return {
    version: 8,
    sources: {
      prefectures: {
        type: 'vector',
        tiles: [`${origin}/tiles/prefectures/{z}/{x}/{y}.mvt`],
        minzoom: 0,
        maxzoom: 10,
      },
      municipalities: {
        type: 'vector',
        tiles: [`${origin}/tiles/municipalities/{z}/{x}/{y}.mvt`],
        minzoom: 0,
        maxzoom: 14,
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
        maxzoom: municipalityMinZoom, filter: nothing, layout: lineLayout,
        paint: { 'line-color': selectedColour, 'line-width': 2.5 },
      },
      {
        id: 'municipality-selected', type: 'line',
        source: 'municipalities', 'source-layer': 'municipalities',
        minzoom: municipalityMinZoom, filter: nothing, layout: lineLayout,
        paint: { 'line-color': selectedColour, 'line-width': 2.5 },
      },
    ],
  };
}
