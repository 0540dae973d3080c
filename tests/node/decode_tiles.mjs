// Decodes policymap tiles with @mapbox/vector-tile + pbf, the client MapLibre
// and Mapbox use. Reads the server URL the integration harness wrote
// ($POLICYMAP_IT_STATE/server.url). Exits non-zero on the first failed check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Protobuf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';

const state = process.env.POLICYMAP_IT_STATE;
if (!state) throw new Error('POLICYMAP_IT_STATE is not set');
const base = readFileSync(join(state, 'server.url'), 'utf8').trim().replace(/\/$/, '');
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

async function tile(path, headers = {}) {
  const res = await fetch(base + path, { headers });
  check(res.status === 200, `${path}: 200 (got ${res.status})`);
  return new VectorTile(new Protobuf(new Uint8Array(await res.arrayBuffer())));
}

function features(layer) {
  const out = new Map();
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    out.set(f.properties.code, f);
  }
  return out;
}

// z12 over Tokyo Station: 千代田区 13101 with its count, and its neighbour 中央区.
{
  const t = await tile('/tiles/municipalities/12/3638/1612.mvt');
  check(JSON.stringify(Object.keys(t.layers)) === '["municipalities"]', 'one layer named municipalities');
  const m = features(t.layers.municipalities);
  const chiyoda = m.get('13101');
  check(chiyoda !== undefined, '13101 present');
  check(chiyoda.id === 13101, 'feature id is the numeric code');
  check(chiyoda.properties.name === '千代田区', 'name 千代田区');
  check(chiyoda.properties.pref_code === '13' && chiyoda.properties.level === 'municipality', 'pref_code and level');
  check(chiyoda.properties.programmes > 150, `programmes ${chiyoda.properties.programmes} > 150`);
  check(chiyoda.properties.local >= 1 && chiyoda.properties.local < chiyoda.properties.programmes, 'local below programmes');
  check(chiyoda.type === 3, 'polygon geometry');
  check(m.has('13102'), '中央区 13102 in the same tile');
  // The same count in the labels layer, as a point.
  const l = features((await tile('/tiles/labels/12/3638/1612.mvt')).layers.labels);
  const label = l.get('13101');
  check(label !== undefined && label.type === 1, 'label point for 13101');
  check(label && label.properties.programmes === chiyoda.properties.programmes, 'label count = polygon count');
}

// gzip: the same tile, decoded after the transfer encoding is undone by fetch.
{
  const t = await tile('/tiles/municipalities/12/3638/1612.mvt', { 'Accept-Encoding': 'gzip' });
  check(features(t.layers.municipalities).get('13101')?.properties.name === '千代田区', 'gzip tile decodes');
}

// Below z9 横浜市 is one feature; from z9 its wards instead.
{
  const low = features((await tile('/tiles/municipalities/8/227/101.mvt')).layers.municipalities);
  check(low.get('14100')?.properties.level === 'designated_city', 'z8: 横浜市 14100 as a designated city');
  check(!low.has('14101'), 'z8: no ward 14101');
  const high = features((await tile('/tiles/municipalities/10/909/404.mvt')).layers.municipalities);
  check(!high.has('14100'), 'z10: no designated-city feature');
  check([...high.values()].some((f) => f.properties.level === 'ward' && f.properties.code.startsWith('141')), 'z10: wards of 横浜市');
}

if (failures > 0) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
