// policymap map widget: a choropleth of how many SME support programmes apply
// in each prefecture / municipality, and a panel listing them for a clicked point.
//
// Everything comes from the policymap server on this page's origin: there is
// no basemap, no glyph server and no sprite, so the style has no symbol layers.
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import {
  buildStyle, classLabels, colours, municipalityMinZoom, noDataColour, selectedColour,
} from './map_style.js';

const origin = location.origin;

// Hokkaido to Okinawa. Fitting these bounds gives about center [137, 36.5],
// zoom 4.4 in a 1280×800 window, and zoom 3.6 so all of Japan still shows on a
// 360 px phone, where a fixed zoom 4.3 would cut off Kyushu and Hokkaido.
const japanBounds = [[127.5, 26.0], [146.5, 45.6]];

const scopes = [
  ['municipality', '市区町村'],
  ['prefecture', '都道府県'],
  ['national', '全国'],
];

// Small DOM helper. Children that are strings become text nodes, so data from
// the server is never parsed as HTML.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

class LegendControl {
  onAdd(map) {
    this.map = map;
    this.unit = el('span', { class: 'legend-unit' });
    const item = (colour, label) => {
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      // Set through the CSSOM, not a style attribute, so a strict CSP still allows it.
      swatch.style.backgroundColor = colour;
      return el('li', {}, swatch, label);
    };
    const items = classLabels().map((label, i) => item(colours[i], label));
    items.push(item(noDataColour, 'データなし'));
    this.container = el('section', { class: 'maplibregl-ctrl legend', 'aria-label': '凡例' },
      el('p', { class: 'legend-title' }, '支援制度の数（件）', this.unit),
      el('ul', {}, ...items));
    this.update = () => {
      this.unit.textContent = map.getZoom() >= municipalityMinZoom ? '市区町村別' : '都道府県別';
    };
    map.on('zoomend', this.update);
    this.update();
    return this.container;
  }

  onRemove() {
    this.map.off('zoomend', this.update);
    this.container.remove();
  }
}

const mapElement = document.getElementById('map');
const panel = document.getElementById('panel');
const panelTitle = document.getElementById('panel-title');
const panelBody = document.getElementById('panel-body');
const closeButton = document.getElementById('panel-close');

let map;
try {
  map = new maplibregl.Map({
    container: mapElement,
    style: buildStyle(origin),
    bounds: japanBounds,
    fitBoundsOptions: { padding: 16 },
    minZoom: 2,
    maxZoom: 16,
    attributionControl: {
      compact: false,
      customAttribution: [
        '「国土数値情報（行政区域データ）」（国土交通省）を加工して作成',
        '出典：Jグランツ（編集・加工しています）',
        '出典：ミラサポplus「支援制度」データ（中小企業庁）',
      ],
    },
    locale: {
      'Map.Title': '地図',
      'Marker.Title': '選択した地点',
      'NavigationControl.ZoomIn': '拡大',
      'NavigationControl.ZoomOut': '縮小',
      'NavigationControl.ResetBearing': 'ドラッグで回転、クリックで北を上に',
      'AttributionControl.ToggleAttribution': '出典の表示を切り替え',
      'AttributionControl.MapFeedback': '地図へのフィードバック',
    },
  });
} catch (err) {
  // MapLibre throws when WebGL is unavailable.
  console.error(err);
  // Drop whatever MapLibre had set up before it failed.
  mapElement.replaceChildren(el('p', { class: 'map-error', role: 'alert' },
    'この端末・ブラウザでは地図を表示できません（WebGL が必要です）。'));
}

if (map) {
  map.addControl(new maplibregl.NavigationControl(), 'top-right');
  map.addControl(new LegendControl(), 'top-left');
  map.getCanvas().setAttribute('aria-describedby', 'map-help');

  // Tile errors (server down, 404 while the server is being built) must not
  // break the page; log them quietly instead of MapLibre's default console.error.
  map.on('error', (e) => console.warn('map:', e.error?.message ?? e));

  const marker = new maplibregl.Marker({ color: selectedColour });
  let pending = null;

  const select = (municipalityCode, prefectureCode) => {
    map.setFilter('municipality-selected', ['==', ['get', 'code'], municipalityCode ?? '']);
    map.setFilter('prefecture-selected', ['==', ['get', 'code'], prefectureCode ?? '']);
  };

  const openPanel = (title) => {
    panelTitle.textContent = title;
    panelBody.replaceChildren();
    const wasHidden = panel.hidden;
    panel.hidden = false;
    if (wasHidden) panel.focus({ preventScroll: true });
    return panelBody;
  };

  const closePanel = () => {
    pending?.abort();
    pending = null;
    const hadFocus = panel.contains(document.activeElement);
    panel.hidden = true;
    marker.remove();
    select(null, null);
    if (hadFocus) map.getCanvas().focus();
  };

  const showMessage = (title, message) => {
    openPanel(title).append(el('p', { class: 'message' }, message));
  };

  const placeName = (r) => {
    const parts = [r.prefecture?.name];
    const city = r.designated_city?.name;
    const municipality = r.municipality?.name;
    // Avoid "札幌市 札幌市中央区" if the ward name already carries the city.
    if (city && !(municipality ?? '').startsWith(city)) parts.push(city);
    if (municipality && municipality !== r.prefecture?.name) parts.push(municipality);
    return parts.filter(Boolean).join(' ') || '選択した地点';
  };

  const programmeItem = (p) => {
    const title = p.title ?? '（名称なし）';
    let url = null;
    try {
      const u = new URL(p.source);
      if (u.protocol === 'https:' || u.protocol === 'http:') url = u.href;
    } catch { /* not a URL: show it as text */ }
    if (url) {
      return el('li', {}, el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title));
    }
    const item = el('li', {}, el('span', { class: 'programme-title' }, title));
    if (p.source) item.append(el('span', { class: 'programme-source' }, String(p.source)));
    return item;
  };

  const showResult = (r) => {
    const body = openPanel(placeName(r));
    select(r.municipality?.code, r.prefecture?.code);
    const programmes = Array.isArray(r.programmes) ? r.programmes : [];
    body.append(el('p', { class: 'summary' }, `利用できる支援制度：${programmes.length}件`));

    const known = new Set(scopes.map(([scope]) => scope));
    const groups = [...scopes];
    if (programmes.some((p) => !known.has(p.scope))) groups.push([null, 'その他']);
    for (const [scope, label] of groups) {
      const list = programmes.filter((p) => (scope ? p.scope === scope : !known.has(p.scope)));
      // National programmes are the same everywhere: keep them folded.
      const details = el('details', { class: 'group' },
        el('summary', {}, label, el('span', { class: 'count' }, `${list.length}件`)));
      if (scope !== 'national') details.open = true;
      details.append(list.length
        ? el('ul', { class: 'programmes' }, ...list.map(programmeItem))
        : el('p', { class: 'empty' }, '該当する制度はありません'));
      body.append(details);
    }
  };

  const lookup = async (lngLat) => {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    marker.setLngLat(lngLat).addTo(map);
    select(null, null);
    showMessage('読み込み中…', 'この地点で利用できる支援制度を調べています。');

    const url = new URL('/v1/lookup', origin);
    url.searchParams.set('lat', lngLat.lat.toFixed(6));
    url.searchParams.set('lon', lngLat.lng.toFixed(6));
    try {
      const res = await fetch(url, {
        signal: controller.signal,
        headers: { Accept: 'application/json, application/problem+json' },
      });
      const data = await res.json().catch(() => null);
      if (controller !== pending) return;
      if (res.ok && data) {
        showResult(data);
      } else if (res.status === 404) {
        showMessage('該当する地域がありません', data?.detail ?? 'この地点は日本の市区町村の範囲外です。');
      } else {
        showMessage('エラー', data?.detail ?? `サーバーからエラーが返されました（${res.status}）。`);
      }
    } catch (err) {
      if (err.name === 'AbortError') return;
      showMessage('通信エラー', 'サーバーに接続できませんでした。時間をおいて再度お試しください。');
    }
  };

  map.on('click', (e) => lookup(e.lngLat.wrap()));
  map.getCanvas().addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      lookup(map.getCenter().wrap());
    }
  });
  closeButton.addEventListener('click', closePanel);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) closePanel();
  });
}
