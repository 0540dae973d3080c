// What the user sees, as URL query parameters, so a link reproduces it:
//   area=13101  purpose=a,b  open=true  closing=30  q=keyword  lang=en
//   z=7.5  c=139.75,35.69 (map centre lon,lat)  programme=123 (detail view)
// Pure functions: no DOM, tested under Node.
import { purposes } from './i18n.js';

const known = new Set(purposes.map(([v]) => v));

export function parseState(search) {
  const p = new URLSearchParams(search);
  const list = (name) => p.getAll(name).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const num = (name, lo, hi) => {
    const v = Number.parseFloat(p.get(name) ?? '');
    return Number.isFinite(v) && v >= lo && v <= hi ? v : null;
  };
  const state = {
    area: /^(\d{2}|\d{5})$/.test(p.get('area') ?? '') ? p.get('area') : null,
    purposes: [...new Set(list('purpose').filter((v) => known.has(v)))],
    open: p.get('open') === 'true' || p.get('open') === '1',
    closing: num('closing', 1, 365) === null ? null : Math.round(num('closing', 1, 365)),
    q: (p.get('q') ?? '').trim().slice(0, 100),
    lang: p.get('lang') === 'en' ? 'en' : 'ja',
    zoom: num('z', 0, 22),
    center: null,
    programme: /^\d{1,12}$/.test(p.get('programme') ?? '') ? p.get('programme') : null,
  };
  const c = (p.get('c') ?? '').split(',').map(Number);
  if (c.length === 2 && c.every(Number.isFinite) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90) {
    state.center = c;
  }
  return state;
}

export function formatState(state) {
  const p = new URLSearchParams();
  if (state.area) p.set('area', state.area);
  if (state.purposes?.length) p.set('purpose', state.purposes.join(','));
  if (state.open) p.set('open', 'true');
  if (state.closing) p.set('closing', String(state.closing));
  if (state.q) p.set('q', state.q);
  if (state.lang === 'en') p.set('lang', 'en');
  if (state.zoom !== null && state.zoom !== undefined) p.set('z', state.zoom.toFixed(2));
  if (state.center) p.set('c', `${state.center[0].toFixed(4)},${state.center[1].toFixed(4)}`);
  if (state.programme) p.set('programme', state.programme);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Query parameters for /v1/programmes from the filters. */
export function programmeQuery(state, extra = {}) {
  const p = new URLSearchParams();
  if (state.area) p.set('area', state.area);
  if (state.purposes?.length) p.set('purpose', state.purposes.join(','));
  if (state.open) p.set('open', 'true');
  if (state.closing) p.set('closing_within', String(state.closing));
  if (state.q) p.set('q', state.q);
  for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
  return p;
}

// --- formatting --------------------------------------------------------------

const dayMs = 24 * 60 * 60 * 1000;

/** Whole days from `now` until the end of the deadline's day in Japan (UTC+9); negative when past. */
export function daysLeft(iso, now = new Date()) {
  if (!iso) return null;
  const end = new Date(iso);
  if (Number.isNaN(end.getTime())) return null;
  const jst = (d) => Math.floor((d.getTime() + 9 * 3600 * 1000) / dayMs);
  if (end.getTime() < now.getTime()) return -1;
  return jst(end) - jst(now);
}

export function formatDate(iso, lang) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ja-JP', {
    year: 'numeric', month: lang === 'en' ? 'short' : 'numeric', day: 'numeric', timeZone: 'Asia/Tokyo',
  }).format(d);
}

/** 15000000 → "1,500万円" (ja) / "¥15,000,000" (en); null or 0 → null (jGrants' 0 means "not stated"). */
export function formatAmount(yen, lang) {
  if (typeof yen !== 'number' || !Number.isFinite(yen) || yen <= 0) return null;
  if (lang === 'en') return `¥${Math.round(yen).toLocaleString('en-US')}`;
  if (yen >= 100000000 && yen % 1000000 === 0) {
    const oku = Math.floor(yen / 100000000);
    const man = (yen % 100000000) / 10000;
    return man ? `${oku}億${man.toLocaleString('ja-JP')}万円` : `${oku}億円`;
  }
  if (yen >= 10000 && yen % 100 === 0) return `${(yen / 10000).toLocaleString('ja-JP')}万円`;
  return `${Math.round(yen).toLocaleString('ja-JP')}円`;
}
