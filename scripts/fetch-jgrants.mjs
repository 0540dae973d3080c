// Writes a jGrants snapshot ({"_meta": {...}, "subsidies": [...]}) of the calls
// open today to stdout. The public API needs a keyword, so the list is the
// union over a vocabulary of keywords; each call's detail is then read for
// the fields the list omits. Needs internet access; Node.js 20 (global fetch).
const API = 'https://api.jgrants-portal.go.jp/exp/v1/public/subsidies';
const KEYWORDS = ['補助金', '助成金', '奨励金', '支援', '事業', '補助', '助成', '中小企業', '創業', '設備', 'IT',
  '省エネ', '雇用', '人材', '販路', '海外', '研究', '開発', 'DX', 'デジタル', '脱炭素', '観光', '農業', '医療',
  '介護', '福祉', '子育て', '住宅', '環境', '防災', '商店街', '事業承継', '賃上げ', '市', '県', '町', '村', '都', '府',
  '令和', '年度', '公募', '募集', '推進', '促進', '導入', '整備', '対策', '強化', '活性化'];
const FIELDS = ['id', 'title', 'subsidy_catch_phrase', 'target_area_search', 'target_area_detail',
  'target_number_of_employees', 'subsidy_max_limit', 'subsidy_rate', 'acceptance_start_datetime',
  'acceptance_end_datetime', 'project_end_deadline', 'use_purpose', 'industry', 'front_subsidy_detail_page_url',
  'institution_name', 'request_reception_presence', 'is_enable_multiple_request', 'summary'];

async function getJson(url) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (res.ok) return res.json();
    if (attempt >= 3) throw new Error(`${res.status} ${res.statusText} for ${url}`);
    await new Promise((r) => setTimeout(r, 1000 * attempt));
  }
}

const ids = new Set();
const failed = [];
for (const keyword of KEYWORDS) {
  const url = `${API}?keyword=${encodeURIComponent(keyword)}&sort=created_date&order=DESC&acceptance=1`;
  try {
    const body = await getJson(url);
    for (const s of body.result ?? []) ids.add(s.id);
  } catch (e) {
    failed.push(keyword);
    console.error(`keyword ${keyword}: ${e.message}`);
  }
}
const subsidies = [];
for (const id of [...ids].sort()) {
  const body = await getJson(`${API}/id/${id}`);
  const d = (body.result ?? [])[0];
  if (!d) continue;
  const rec = {};
  for (const f of FIELDS) rec[f] = d[f] ?? null;
  if (!rec.summary && d.detail) rec.summary = String(d.detail).replace(/<[^>]*>/g, '').slice(0, 400);
  subsidies.push(rec);
}
const now = new Date();
const jst = new Date(now.getTime() + 9 * 3600 * 1000).toISOString().replace('Z', '+09:00').replace(/\.\d+/, '');
process.stdout.write(JSON.stringify({
  _meta: {
    label: '公募中の補助金（jGrants 公開API）', captured_jst: jst, source_name: 'Jグランツ', api: API,
    attribution: '出典：Jグランツ（編集・加工しています）', keywords: KEYWORDS.length, count: subsidies.length,
    failed_keywords: failed,
  },
  subsidies,
}, null, 1));
