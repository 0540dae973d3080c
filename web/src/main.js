// policymap map widget: a choropleth of how many SME support programmes apply
// in each prefecture / municipality, filters, place search, and a panel listing
// the programmes of the selected area. The same page is the full-page widget
// (`/`) and the embedded one (`/embed`, inside a portal's iframe).
//
// Everything comes from the policymap server on this page's origin: tiles,
// glyphs for digits and Latin letters, and the /v1 API. Japanese map labels
// are drawn with the device's own fonts.
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { purposeLabel, purposes, t } from './i18n.js';
import {
  buildStyle, classLabels, colours, municipalityMinZoom, niceBreaks, noDataColour, programmeColour,
  selectedColour, tileUrl, zeroColour,
} from './map_style.js';
import {
  daysLeft, formatAmount, formatDate, formatState, parseState, programmeQuery,
} from './state.js';

const origin = location.origin;
const embedded = /\/embed\/?$/.test(location.pathname);
const state = parseState(location.search);
if (embedded) document.body.classList.add('embed');

// Hokkaido to Okinawa.
const japanBounds = [[127.5, 26.0], [146.5, 45.6]];
const scopes = ['municipality', 'prefecture', 'national'];

// --- small helpers -----------------------------------------------------------

// Children that are strings become text nodes: data from the server is never parsed as HTML.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
const $ = (id) => document.getElementById(id);
const tr = (key, ...args) => t(state.lang, key, ...args);

function safeUrl(text) {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

async function getJson(path, signal) {
  const res = await fetch(new URL(path, origin), {
    signal, headers: { Accept: 'application/json, application/problem+json' },
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(data?.detail ?? `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

function writeUrl() {
  const url = `${location.pathname}${formatState(state)}`;
  history.replaceState(null, '', url);
  const full = $('open-full');
  if (embedded) {
    full.href = `${origin}/${formatState(state)}`;
    full.hidden = false;
  }
}

// --- static text and language ------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = tr('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = tr(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
    node.placeholder = tr(node.dataset.i18nPlaceholder);
  }
  for (const node of document.querySelectorAll('[data-i18n-aria]')) {
    node.setAttribute('aria-label', tr(node.dataset.i18nAria));
  }
  $('lang').lang = state.lang === 'ja' ? 'en' : 'ja';
  for (const label of document.querySelectorAll('.chip')) {
    label.querySelector('span').textContent = purposeLabel(state.lang, label.dataset.value);
  }
  if (map) map.getCanvas().setAttribute('aria-label', tr('mapLabel'));
  legend?.update();
  renderPanel();
}

// --- filters -------------------------------------------------------------------

const chipRow = $('purpose-chips');
for (const [value] of purposes) {
  const input = el('input', { type: 'checkbox', value, class: 'visually-hidden-input' });
  input.checked = state.purposes.includes(value);
  chipRow.append(el('label', { class: 'chip', 'data-value': value }, input, el('span', {}, value)));
}
$('filter-open').checked = state.open;
$('filter-closing').checked = state.closing === 30;
$('filter-q').value = state.q;

function readFilters() {
  state.purposes = [...chipRow.querySelectorAll('input:checked')].map((i) => i.value);
  state.open = $('filter-open').checked;
  state.closing = $('filter-closing').checked ? 30 : null;
  state.q = $('filter-q').value.trim().slice(0, 100);
}

let lastTileQuery = null;
function filtersChanged() {
  readFilters();
  state.programme = null;
  writeUrl();
  const query = JSON.stringify([state.purposes, state.open]);
  if (map && query !== lastTileQuery) {
    lastTileQuery = query;
    const update = () => {
      for (const layer of ['prefectures', 'municipalities', 'labels']) {
        map.getSource(layer)?.setTiles([tileUrl(origin, layer, { purposes: state.purposes, open: state.open })]);
      }
    };
    if (map.isStyleLoaded()) update();
    else map.once('load', update);
    legend?.recomputeSoon();
  }
  legend?.update();
  if (view.kind === 'area') showArea(view.code, { fly: false });
}
chipRow.addEventListener('change', filtersChanged);
$('filter-open').addEventListener('change', filtersChanged);
$('filter-closing').addEventListener('change', filtersChanged);
let keywordTimer;
$('filter-q').addEventListener('input', () => {
  clearTimeout(keywordTimer);
  keywordTimer = setTimeout(filtersChanged, 400);
});
$('filter-clear').addEventListener('click', () => {
  for (const input of chipRow.querySelectorAll('input')) input.checked = false;
  $('filter-open').checked = false;
  $('filter-closing').checked = false;
  $('filter-q').value = '';
  filtersChanged();
});

// --- map -------------------------------------------------------------------------

class LegendControl {
  constructor() { this.breaks = null; this.level = null; this.pending = false; }

  onAdd(m) {
    this.map = m;
    this.container = el('section', { class: 'maplibregl-ctrl legend', 'aria-labelledby': 'legend-title' });
    this.onZoom = () => {
      const level = this.currentLevel();
      if (level !== this.level) { this.level = level; this.recomputeSoon(); this.update(); }
    };
    m.on('zoomend', this.onZoom);
    this.level = this.currentLevel();
    this.recomputeSoon();
    this.update();
    return this.container;
  }

  onRemove() { this.map.off('zoomend', this.onZoom); this.container.remove(); }

  currentLevel() { return this.map.getZoom() >= municipalityMinZoom ? 'municipality' : 'prefecture'; }

  // Class breaks follow the counts on the map once the tiles for the new filters are in.
  recomputeSoon() {
    if (this.pending) return;
    this.pending = true;
    const attempt = () => {
      if (!this.map.loaded()) { this.map.once('idle', attempt); return; }
      this.pending = false;
      const source = this.level === 'municipality' ? 'municipalities' : 'prefectures';
      const values = this.map.querySourceFeatures(source, { sourceLayer: source })
        .map((f) => Number(f.properties.programmes));
      if (values.length === 0) return;
      const b = niceBreaks(values);
      if (JSON.stringify(b) !== JSON.stringify(this.breaks)) {
        this.breaks = b;
        for (const layer of ['prefecture-fill', 'municipality-fill']) {
          this.map.setPaintProperty(layer, 'fill-color', programmeColour(b));
        }
        this.update();
      }
      areaList.refresh();
    };
    this.map.once('idle', attempt);
  }

  update() {
    const item = (colour, label) => {
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = colour; // CSSOM, allowed under a strict CSP
      return el('li', {}, swatch, label);
    };
    const labels = this.breaks ? classLabels(this.breaks) : [];
    this.container.replaceChildren(...[
      el('h2', { class: 'legend-title', id: 'legend-title' }, tr('legendTitle'),
        el('span', { class: 'legend-unit' }, tr(this.level === 'municipality' ? 'legendMuni' : 'legendPref'))),
      el('ul', {},
        ...labels.map((label, i) => item(colours[i], label)),
        item(zeroColour, tr('legendZero')),
        item(noDataColour, tr('legendNoData'))),
      // The tiles count by purpose and "accepting now" only; say so when other filters are on.
      state.closing || state.q ? el('p', { class: 'legend-note' }, tr('legendNote')) : null,
    ].filter(Boolean));
  }
}

const mapElement = $('map');
let map = null;
let legend = null;
try {
  map = new maplibregl.Map({
    container: mapElement,
    style: buildStyle(origin, { purposes: state.purposes, open: state.open }),
    bounds: state.center ? undefined : japanBounds,
    center: state.center ?? undefined,
    zoom: state.center ? (state.zoom ?? 5) : undefined,
    fitBoundsOptions: { padding: 8 },
    minZoom: 2,
    maxZoom: 16,
    attributionControl: false, // the attribution is in the page footer, always visible
    cooperativeGestures: embedded, // inside a portal page, one-finger scrolling scrolls the page
    localIdeographFontFamily: '"Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif',
    locale: {
      'Map.Title': t(state.lang, 'mapLabel'),
      'NavigationControl.ZoomIn': t(state.lang, 'zoomIn'),
      'NavigationControl.ZoomOut': t(state.lang, 'zoomOut'),
      'NavigationControl.ResetBearing': t(state.lang, 'resetBearing'),
      'CooperativeGesturesHandler.WindowsHelpText': t(state.lang, 'gestureWindows'),
      'CooperativeGesturesHandler.MacHelpText': t(state.lang, 'gestureMac'),
      'CooperativeGesturesHandler.MobileHelpText': t(state.lang, 'gestureMobile'),
    },
  });
  lastTileQuery = JSON.stringify([state.purposes, state.open]);
} catch (err) {
  console.error(err); // MapLibre throws when WebGL is unavailable
  mapElement.replaceChildren(el('p', { class: 'map-error', role: 'alert' }, tr('mapError')));
  map = null;
}

// --- panel: area list / area programmes / programme detail ---------------------

const panel = $('panel');
const panelTitle = $('panel-title');
const panelBody = $('panel-body');
let view = { kind: 'none' };
let pending = null;

function announce(text) { $('panel-status').textContent = text; }

function openPanel(title, { back = false, focus = true } = {}) {
  panelTitle.textContent = title;
  $('panel-back').hidden = !back;
  const wasHidden = panel.hidden;
  panel.hidden = false;
  if (map && wasHidden) map.resize();
  if (focus) panel.focus({ preventScroll: true });
  panelBody.scrollTop = 0;
  return panelBody;
}

function closePanel() {
  pending?.abort();
  pending = null;
  const hadFocus = panel.contains(document.activeElement);
  panel.hidden = true;
  view = { kind: 'none' };
  state.area = null;
  state.programme = null;
  highlight(null);
  writeUrl();
  map?.resize();
  if (hadFocus) (map ? map.getCanvas() : $('panel-toggle-list')).focus();
}

function highlight(code) {
  if (!map) return;
  if (!map.isStyleLoaded()) {
    map.once('load', () => highlight(state.area));
    return;
  }
  const pref = code && code.length === 2 ? code : '';
  const muni = code && code.length === 5 ? code : '';
  map.setFilter('prefecture-selected', ['==', ['get', 'code'], pref]);
  map.setFilter('municipality-selected', ['==', ['get', 'code'], muni]);
}

function message(title, text) {
  openPanel(title, { focus: false }).replaceChildren(el('p', { class: 'message' }, text));
}

function deadlineText(p) {
  if (!p.acceptance_end) return tr('noDeadline');
  const days = daysLeft(p.acceptance_end);
  const date = formatDate(p.acceptance_end, state.lang);
  if (days === null) return date;
  const note = days < 0 ? tr('closed') : tr('daysLeft', days);
  return state.lang === 'en' ? `${date} (${note})` : `${date}（${note}）`;
}

function facts(p) {
  const row = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
  return el('dl', { class: 'facts' },
    ...row(tr('offeredBy'), p.institution_name || tr('notStated')),
    ...row(tr('maxAmount'), formatAmount(p.max_amount, state.lang) ?? tr('notStated')),
    ...row(tr('rate'), p.rate || tr('notStated')),
    ...row(tr('deadline'), deadlineText(p)));
}

function programmeItem(p) {
  const url = safeUrl(p.url);
  const title = p.title || '—';
  return el('li', { class: 'programme' },
    el('h4', { class: 'programme-title' },
      el('a', {
        href: `?programme=${encodeURIComponent(p.id)}`,
        onclick: (e) => { e.preventDefault(); showProgramme(p.id, { back: true }); },
      }, title)),
    facts(p),
    url ? el('a', { class: 'official', href: url, target: '_blank', rel: 'noopener noreferrer' },
      tr('officialPage'), el('span', { class: 'visually-hidden' }, `: ${title}`)) : null);
}

async function fetchAll(params, signal, maxItems = 1000) {
  params.set('limit', '100');
  params.set('sort', 'deadline');
  let data = await getJson(`/v1/programmes?${params}`, signal);
  const items = [...(data.items ?? [])];
  let next = data.next;
  while (next && items.length < maxItems) {
    data = await getJson(next, signal);
    items.push(...(data.items ?? []));
    next = data.next;
  }
  return { total: data.total ?? items.length, items };
}

const areaCache = new Map();
async function areaInfo(code, signal) {
  if (areaCache.has(code)) return areaCache.get(code);
  try {
    const info = await getJson(`/v1/areas/${encodeURIComponent(code)}`, signal);
    areaCache.set(code, info);
    return info;
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    return null;
  }
}

function areaTitle(info, fallback) {
  if (!info) return fallback;
  const pref = info.prefecture?.name;
  return pref && pref !== info.name ? `${info.name}（${pref}）` : info.name;
}

async function showArea(code, { fly = true, name = null, bbox = null, focus = true } = {}) {
  pending?.abort();
  const controller = new AbortController();
  pending = controller;
  view = { kind: 'area', code, name };
  state.area = code;
  state.programme = null;
  writeUrl();
  highlight(code);
  openPanel(name ?? tr('loading'), { focus }).replaceChildren(el('p', { class: 'message' }, tr('loading')));
  try {
    const [info, result] = await Promise.all([
      areaInfo(code, controller.signal),
      fetchAll(programmeQuery(state), controller.signal),
    ]);
    if (controller !== pending) return;
    const title = areaTitle(info, name ?? code);
    view.name = title;
    view.result = result;
    const box = bbox ?? info?.bbox;
    const center = info?.center;
    if (fly && map && Array.isArray(box) && box.length === 4) {
      // Remote islands (東京都's Ogasawara, 沖縄県) would make the whole view sea: go to the main part.
      if ((box[2] - box[0] > 4 || box[3] - box[1] > 4) && Array.isArray(center)) {
        map.flyTo({ center, zoom: 7.5, duration: 600 });
      } else {
        map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 24, maxZoom: 11, duration: 600 });
      }
    }
    renderArea(title, result);
    announce(`${title}: ${tr('total', result.total)}`);
  } catch (err) {
    if (err.name === 'AbortError') return;
    message(tr('error'), err.status ? err.message : tr('networkError'));
  }
}

function renderArea(title, result) {
  const body = openPanel(title, { focus: false });
  body.replaceChildren(el('p', { class: 'summary' }, tr('total', result.total)));
  const groups = scopes.map((s) => [s, tr(s)]);
  if (result.items.some((p) => !scopes.includes(p.scope))) groups.push([null, tr('other')]);
  for (const [scope, label] of groups) {
    const list = result.items.filter((p) => (scope ? p.scope === scope : !scopes.includes(p.scope)));
    const details = el('details', { class: 'group', 'data-scope': scope ?? 'other' },
      el('summary', {}, el('h3', { class: 'group-title' }, label, el('span', { class: 'count' }, tr('count', list.length)))));
    // National programmes are the same everywhere: folded unless nothing else applies.
    details.open = scope !== 'national' || list.length === result.items.length;
    if (list.length === 0) {
      details.append(el('p', { class: 'empty' }, tr('none')));
    } else {
      // Long lists come in pages of 20, so the panel (and an embedding iframe) stays short.
      const ul = el('ul', { class: 'programmes' }, ...list.slice(0, 20).map(programmeItem));
      details.append(ul);
      if (list.length > 20) {
        const more = el('button', { type: 'button', class: 'button more' }, tr('more', list.length - 20));
        more.addEventListener('click', () => {
          const shown = ul.children.length;
          const next = list.slice(shown, shown + 20).map(programmeItem);
          ul.append(...next);
          const left = list.length - ul.children.length;
          if (left > 0) more.textContent = tr('more', left);
          else more.remove();
          next[0]?.querySelector('a')?.focus();
        });
        details.append(more);
      }
    }
    body.append(details);
  }
}

async function showProgramme(id, { back = false } = {}) {
  pending?.abort();
  const controller = new AbortController();
  pending = controller;
  const from = view.kind === 'area' ? view : null;
  view = { kind: 'programme', id, from };
  state.programme = String(id);
  writeUrl();
  openPanel(tr('loading'), { back }).replaceChildren(el('p', { class: 'message' }, tr('loading')));
  try {
    const p = await getJson(`/v1/programmes/${encodeURIComponent(id)}`, controller.signal);
    if (controller !== pending) return;
    view.data = p;
    renderProgramme(p, back);
  } catch (err) {
    if (err.name === 'AbortError') return;
    message(tr('error'), err.status ? err.message : tr('networkError'));
  }
}

function renderProgramme(p, back) {
  const body = openPanel(p.title || '—', { back: back || !!view.from, focus: false });
  const url = safeUrl(p.url);
  const list = (values) => (values?.length ? values.join('、') : tr('notStated'));
  const period = [p.acceptance_start, p.acceptance_end].map((d) => (d ? formatDate(d, state.lang) : '')).join(' 〜 ');
  body.replaceChildren(
    p.catch_phrase && p.catch_phrase !== 'null' ? el('p', { class: 'catch' }, p.catch_phrase) : null,
    facts(p),
    el('dl', { class: 'facts' },
      el('dt', {}, tr('period')), el('dd', {}, period.trim() === '〜' ? tr('notStated') : period),
      el('dt', {}, tr('purposesLabel')), el('dd', {}, list((p.purposes ?? []).map((v) => purposeLabel(state.lang, v)))),
      el('dt', {}, tr('industries')), el('dd', {}, list(p.industries)),
      el('dt', {}, tr('employees')), el('dd', {}, p.employees || tr('notStated'))),
    p.summary ? el('section', { class: 'detail-summary' }, el('h3', {}, tr('summary')),
      el('p', {}, String(p.summary).replace(/<[^>]*>/g, ' '))) : null,
    url ? el('p', {}, el('a', { class: 'official', href: url, target: '_blank', rel: 'noopener noreferrer' },
      tr('officialPage'))) : null,
  );
  announce(p.title || '');
}

// The list alternative to the map: every area drawn in the current view, with its count.
const areaList = {
  refresh() {
    if (view.kind === 'list') this.render(false);
  },
  features() {
    if (!map) return [];
    const level = map.getZoom() >= municipalityMinZoom ? 'municipalities' : 'prefectures';
    const seen = new Map();
    for (const f of map.querySourceFeatures(level, { sourceLayer: level })) {
      const code = f.properties.code;
      if (code && !seen.has(code)) seen.set(code, f.properties);
    }
    return [...seen.values()].sort((a, b) => String(a.code).localeCompare(String(b.code)));
  },
  render(focus = true) {
    view = { kind: 'list' };
    const items = this.features();
    const body = openPanel(tr('listToggle'), { focus });
    body.replaceChildren(items.length
      ? el('ul', { class: 'area-list', 'aria-label': tr('listCaption') }, ...items.map((a) => el('li', {},
        el('button', {
          type: 'button', class: 'area-button', 'data-code': a.code,
          onclick: () => showArea(String(a.code), { name: a.name }),
        }, el('span', { class: 'area-name' }, a.name ?? a.code),
        el('span', { class: 'count' }, tr('count', a.programmes ?? '—'))))))
      : el('p', { class: 'message' }, tr('listEmpty')));
  },
};
$('panel-toggle-list').addEventListener('click', () => areaList.render());
map?.on('moveend', () => areaList.refresh());

function renderPanel() {
  if (view.kind === 'list') areaList.render(false);
  else if (view.kind === 'area' && view.result) renderArea(view.name, view.result);
  else if (view.kind === 'programme' && view.data) renderProgramme(view.data, !!view.from);
}

$('panel-close').addEventListener('click', closePanel);
$('panel-back').addEventListener('click', () => {
  const from = view.from;
  if (from?.result) {
    view = from;
    state.programme = null;
    writeUrl();
    renderArea(from.name, from.result);
    panel.focus();
  } else if (state.area) showArea(state.area, { fly: false });
  else areaList.render();
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !panel.hidden && !$('search-results').contains(e.target) && e.target !== $('search-input')) {
    closePanel();
  }
});

// --- map interaction -----------------------------------------------------------------

function areaAt(point) {
  const layers = ['municipality-fill', 'prefecture-fill'].filter((id) => map.getLayer(id));
  const f = map.queryRenderedFeatures(point, { layers })[0];
  return f ? { code: String(f.properties.code), name: f.properties.name } : null;
}

async function lookupAt(lngLat) {
  try {
    const r = await getJson(`/v1/lookup?lat=${lngLat.lat.toFixed(6)}&lon=${lngLat.lng.toFixed(6)}`);
    const code = r.municipality?.code ?? r.prefecture?.code;
    if (code) {
      const level = map && map.getZoom() < municipalityMinZoom && r.prefecture?.code ? r.prefecture : null;
      const target = level ?? r.municipality ?? r.prefecture;
      showArea(String(target.code), { fly: false, name: target.name });
    }
  } catch (err) {
    if (err.status === 404) message(tr('error'), err.message);
    else message(tr('error'), err.status ? err.message : tr('networkError'));
  }
}

if (map) {
  legend = new LegendControl();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(legend, 'top-left');
  const canvas = map.getCanvas();
  canvas.setAttribute('aria-label', tr('mapLabel'));
  canvas.setAttribute('aria-describedby', 'map-help');
  map.on('error', (e) => console.warn('map:', e.error?.message ?? e));
  map.on('click', (e) => {
    const hit = areaAt(e.point);
    if (hit) showArea(hit.code, { fly: false, name: hit.name });
    else lookupAt(e.lngLat.wrap());
  });
  map.on('mousemove', (e) => { canvas.style.cursor = areaAt(e.point) ? 'pointer' : ''; });
  canvas.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const c = map.getCenter();
      const hit = areaAt(map.project(c));
      if (hit) showArea(hit.code, { fly: false, name: hit.name });
      else lookupAt(c.wrap());
    }
  });
  map.on('moveend', () => {
    state.zoom = map.getZoom();
    const c = map.getCenter().wrap();
    state.center = [c.lng, c.lat];
    writeUrl();
  });
  window.policymap = { map }; // for the browser tests and for debugging
}

// --- place search ------------------------------------------------------------------

const searchInput = $('search-input');
const searchResults = $('search-results');
let searchItems = [];
let searchActive = -1;
let searchController = null;
let searchTimer;

function closeSearch() {
  searchResults.hidden = true;
  searchInput.setAttribute('aria-expanded', 'false');
  searchInput.removeAttribute('aria-activedescendant');
  searchActive = -1;
}

function setActive(i) {
  const options = searchResults.querySelectorAll('[role=option]');
  options.forEach((o, j) => o.setAttribute('aria-selected', j === i ? 'true' : 'false'));
  searchActive = i;
  if (i >= 0 && options[i]) {
    searchInput.setAttribute('aria-activedescendant', options[i].id);
    options[i].scrollIntoView({ block: 'nearest' });
  } else searchInput.removeAttribute('aria-activedescendant');
}

function choose(item) {
  closeSearch();
  searchInput.value = item.name;
  showArea(String(item.code), { name: areaTitle(item, item.name), bbox: item.bbox });
}

async function runSearch() {
  const q = searchInput.value.trim();
  searchController?.abort();
  if (!q) { closeSearch(); return; }
  const controller = new AbortController();
  searchController = controller;
  try {
    const data = await getJson(`/v1/areas?q=${encodeURIComponent(q)}&limit=10`, controller.signal);
    if (controller !== searchController) return;
    searchItems = data.items ?? [];
    searchResults.replaceChildren(...searchItems.map((item, i) => el('li', {
      id: `search-option-${i}`, role: 'option', 'aria-selected': 'false', class: 'search-option',
      onmousedown: (e) => e.preventDefault(),
      onclick: () => choose(item),
    }, el('span', { class: 'option-name' }, item.name),
    item.prefecture && item.prefecture.code !== item.code
      ? el('span', { class: 'option-pref' }, item.prefecture.name) : null)));
    if (searchItems.length === 0) searchResults.replaceChildren(el('li', { class: 'search-none', role: 'option', 'aria-disabled': 'true' }, tr('searchNone')));
    searchResults.hidden = false;
    searchInput.setAttribute('aria-expanded', 'true');
    $('search-status').textContent = searchItems.length ? `${searchItems.length}` : tr('searchNone');
    setActive(-1);
  } catch (err) {
    if (err.name !== 'AbortError') closeSearch();
  }
}

searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, 200);
});
searchInput.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' && searchItems.length) {
    e.preventDefault();
    if (searchResults.hidden) { searchResults.hidden = false; searchInput.setAttribute('aria-expanded', 'true'); }
    setActive((searchActive + 1) % searchItems.length);
  } else if (e.key === 'ArrowUp' && searchItems.length) {
    e.preventDefault();
    setActive(searchActive <= 0 ? searchItems.length - 1 : searchActive - 1);
  } else if (e.key === 'Enter') {
    e.preventDefault();
    const item = searchItems[searchActive >= 0 ? searchActive : 0];
    if (item && !searchResults.hidden) choose(item);
  } else if (e.key === 'Escape') {
    closeSearch();
  }
});
searchInput.addEventListener('blur', () => setTimeout(closeSearch, 150));

// --- my location -----------------------------------------------------------------

$('locate').addEventListener('click', () => {
  if (!navigator.geolocation) { message(tr('error'), tr('locateFailed')); return; }
  message(tr('locate'), tr('locating'));
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      const lngLat = { lng: pos.coords.longitude, lat: pos.coords.latitude };
      map?.flyTo({ center: [lngLat.lng, lngLat.lat], zoom: Math.max(map.getZoom(), 9) });
      getJson(`/v1/lookup?lat=${lngLat.lat.toFixed(6)}&lon=${lngLat.lng.toFixed(6)}`)
        .then((r) => {
          const target = r.municipality ?? r.prefecture;
          if (target?.code) showArea(String(target.code), { fly: false, name: target.name });
          else message(tr('error'), tr('locateFailed'));
        })
        .catch((err) => message(tr('error'), err.status ? err.message : tr('networkError')));
    },
    () => message(tr('error'), tr('locateFailed')),
    { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 },
  );
});

// --- language ---------------------------------------------------------------------

$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'ja' ? 'en' : 'ja';
  writeUrl();
  applyLanguage();
});

// --- embedding: tell the host page our height ------------------------------------

if (embedded && window.parent !== window) {
  let last = 0;
  const app = document.querySelector('.app');
  const post = () => {
    // The content's own height (the document's would never shrink below the iframe's).
    const height = Math.ceil(app.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: 'policymap:height', height }, '*');
    }
  };
  new ResizeObserver(post).observe(app);
  post();
}

// --- start -------------------------------------------------------------------------

applyLanguage();
writeUrl();
if (state.programme) showProgramme(state.programme, { back: !!state.area });
else if (state.area) showArea(state.area, { fly: !state.center, focus: false });
