// The widget in a real browser against the real server and data.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import {
  clickLngLat, launch, mapIdle, serverUrl, shot, sourceFeatures, watch,
} from './support.mjs';

const require = createRequire(import.meta.url);
const server = serverUrl();
// 千代田区 (13101): the Imperial Palace grounds are inside it.
const chiyoda = [139.7536, 35.6838];
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(path, options = {}, before = () => {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', ...options });
  const page = await context.newPage();
  const log = watch(page, [server]);
  before(page);
  await page.goto(`${server}${path}`);
  return { context, page, log };
}

async function openChiyoda(page) {
  await mapIdle(page);
  await clickLngLat(page, chiyoda);
  await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent.includes('千代田区')
    && document.querySelector('#panel-body .summary'), null, { timeout: 30000 });
}

async function total(page) {
  const text = await page.locator('#panel-body .summary').textContent();
  return Number(/(\d+)/.exec(text)[1]);
}

test('the map loads and draws the prefectures from the server tiles', async () => {
  const glyphs = [];
  const { context, page, log } = await open('/', {}, (p) => {
    p.on('response', async (r) => {
      if (r.url().includes('/glyphs/')) glyphs.push({ url: r.url(), status: r.status(), size: (await r.body()).length });
    });
  });
  try {
    await mapIdle(page);
    const prefectures = await sourceFeatures(page, 'prefectures');
    const codes = Object.keys(prefectures);
    assert.ok(codes.length >= 47, `prefectures loaded: ${codes.length}`);
    assert.equal(prefectures['13'].name, '東京都');
    assert.ok(Number(prefectures['13'].programmes) > 0, 'Tokyo has programmes');
    const drawn = await page.evaluate(() => window.policymap.map.queryRenderedFeatures({ layers: ['prefecture-fill'] }).length);
    assert.ok(drawn > 0, 'prefecture polygons are drawn');
    // The canvas really has coloured pixels (WebGL works): sample its centre (Honshu).
    const legend = await page.locator('.legend li').count();
    assert.ok(legend >= 5, 'legend lists its classes');
    await assert.doesNotReject(page.locator('footer.attribution').getByText('国土数値情報').waitFor({ state: 'visible' }));
    await shot(page, 'map');
    // Place names come from the labels tiles, drawn with local fonts for Japanese and the
    // server's glyph ranges for digits.
    await page.evaluate(() => window.policymap.map.jumpTo({ center: [139.2, 35.8], zoom: 5.3 }));
    await mapIdle(page);
    const labels = await page.evaluate(() => window.policymap.map
      .queryRenderedFeatures({ layers: ['prefecture-label'] }).map((f) => f.properties.name));
    // Labels that would overlap are dropped, so not every prefecture shows at this zoom.
    assert.ok(labels.length >= 20, `prefecture labels drawn: ${labels.join(' ')}`);
    assert.ok(labels.every((name) => /[都道府県]$/.test(name)), labels.join(' '));
    await shot(page, 'labels');
    // Digits (the counts under the names) come from the build-time glyph range 0-255.
    const latin = glyphs.find((g) => g.url.endsWith('/glyphs/NotoSans-Regular/0-255.pbf'));
    assert.ok(latin && latin.status === 200 && latin.size > 10000, JSON.stringify(glyphs));
    assert.deepEqual(log.failed, [], 'no failed request');
    assert.deepEqual(log.csp, [], 'no CSP violation');
    assert.deepEqual(log.foreign, [], 'no request leaves the server');
  } finally {
    await context.close();
  }
});

test('clicking 千代田区 lists a Tokyo programme and a national one, grouped', async () => {
  const { context, page } = await open('/?z=11&c=139.7536,35.6838');
  try {
    await openChiyoda(page);
    assert.ok(await total(page) > 0);
    const prefectureGroup = page.locator('details[data-scope="prefecture"]');
    const nationalGroup = page.locator('details[data-scope="national"]');
    // Facts of the jGrants snapshots: 東京都商店街デジタル化推進事業費補助金 covers 東京都;
    // ものづくり補助金 (institution) covers 全国.
    await prefectureGroup.getByText('東京都商店街デジタル化推進事業費補助金').first().waitFor({ state: 'attached' });
    assert.ok(await nationalGroup.locator('.programme').count() > 0, 'national programmes listed');
    await nationalGroup.locator('summary').click();
    // Long groups come in pages of 20: open them all.
    while (await nationalGroup.locator('button.more').count()) await nationalGroup.locator('button.more').click();
    await nationalGroup.getByText('ものづくり補助金').first().waitFor();
    // Each entry: who offers it, maximum amount, rate, deadline, official page.
    const first = prefectureGroup.locator('.programme').first();
    for (const label of ['実施機関', '補助上限額', '補助率', '締切']) {
      await first.locator('dt', { hasText: label }).waitFor({ state: 'attached' });
    }
    assert.match(await page.url(), /area=13101/);
    await shot(page, 'chiyoda');
    // The detail view, and back.
    await first.locator('.programme-title a').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.has('programme'));
    await page.locator('#panel-body dt', { hasText: '受付期間' }).waitFor();
    await shot(page, 'programme');
    await page.locator('#panel-back').click();
    await page.locator('details[data-scope="prefecture"]').waitFor();
  } finally {
    await context.close();
  }
});

test('a purpose chip changes the counts on the map and in the panel', async () => {
  const { context, page } = await open('/?z=11&c=139.7536,35.6838');
  try {
    await openChiyoda(page);
    const before = await total(page);
    const tilesBefore = await sourceFeatures(page, 'municipalities');
    const requests = [];
    page.on('request', (r) => { if (r.url().includes('/tiles/')) requests.push(r.url()); });
    await page.locator('.chip', { hasText: '設備整備・IT導入をしたい' }).click();
    await page.waitForFunction((n) => {
      const m = /(\d+)/.exec(document.querySelector('#panel-body .summary')?.textContent ?? '');
      return m && Number(m[1]) !== n;
    }, before, { timeout: 30000 });
    const afterChip = await total(page);
    assert.ok(afterChip < before, `${afterChip} < ${before}`);
    assert.match(page.url(), /purpose=/);
    await mapIdle(page);
    assert.ok(requests.some((u) => decodeURIComponent(u).includes('purpose=設備整備・IT導入をしたい')), 'tiles requested with purpose=');
    const tilesAfter = await sourceFeatures(page, 'municipalities');
    assert.ok(Number(tilesAfter['13101'].programmes) < Number(tilesBefore['13101'].programmes),
      `map count ${tilesAfter['13101'].programmes} < ${tilesBefore['13101'].programmes}`);
    await shot(page, 'purpose-chip');
  } finally {
    await context.close();
  }
});

test('the name search finds both 府中市, also by reading', async () => {
  const { context, page } = await open('/');
  try {
    for (const q of ['府中', 'ふちゅう']) {
      await page.locator('#search-input').fill(q);
      await page.waitForFunction(() => document.querySelectorAll('#search-results .search-option').length > 0,
        null, { timeout: 15000 });
      const options = await page.locator('#search-results .search-option').allTextContents();
      const fuchu = options.filter((o) => o.startsWith('府中市'));
      assert.equal(fuchu.length, 2, `${q}: ${options.join(' / ')}`);
      assert.ok(fuchu.some((o) => o.includes('東京都')) && fuchu.some((o) => o.includes('広島県')), options.join(' / '));
    }
    await shot(page, 'search');
    // Keyboard: pick the Tokyo one.
    const options = await page.locator('#search-results .search-option').allTextContents();
    const index = options.findIndex((o) => o.startsWith('府中市') && o.includes('東京都'));
    for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent.includes('府中市'));
    assert.match(page.url(), /area=13206/);
  } finally {
    await context.close();
  }
});

test('the embed snippet inserts a working iframe on a page with a strict CSP', async () => {
  const host = createServer((req, res) => {
    res.setHeader('Content-Security-Policy',
      `default-src 'none'; script-src ${server}; frame-src ${server}; style-src 'none'; img-src 'none'`);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="ja"><head><title>ポータル</title></head><body>
<h1>商工会議所のページ</h1>
<script src="${server}/embed.js" data-area="13" data-lang="ja"></script>
<p id="after">地図の下の本文</p></body></html>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  const hostUrl = `http://127.0.0.1:${host.address().port}`;
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  try {
    const page = await context.newPage();
    const log = watch(page, [server, hostUrl]);
    await page.goto(`${hostUrl}/portal.html`);
    const iframe = page.locator('iframe.policymap-embed');
    await iframe.waitFor();
    assert.match(await iframe.getAttribute('src'), new RegExp(`^${server}/embed\\?area=13&lang=ja$`));
    const frame = page.frameLocator('iframe.policymap-embed');
    await frame.locator('#panel-title', { hasText: '東京都' }).waitFor({ timeout: 60000 });
    const handle = await iframe.elementHandle();
    const inner = await handle.contentFrame();
    await inner.waitForFunction(() => window.policymap?.map?.loaded() && window.policymap.map.areTilesLoaded(),
      null, { timeout: 60000, polling: 250 });
    // The iframe took the widget's height (postMessage), beyond its initial 640 px.
    await page.waitForFunction(() => {
      const f = document.querySelector('iframe.policymap-embed');
      return parseInt(f.style.height, 10) > 640;
    }, null, { timeout: 15000 });
    const [frameHeight, contentHeight] = await Promise.all([
      iframe.evaluate((f) => parseInt(f.style.height, 10)),
      inner.evaluate(() => Math.ceil(document.querySelector('.app').getBoundingClientRect().height)),
    ]);
    assert.ok(Math.abs(frameHeight - contentHeight) <= 2, `iframe ${frameHeight} px, content ${contentHeight} px`);
    const drawn = await inner.evaluate(() => window.policymap.map.queryRenderedFeatures({ layers: ['prefecture-fill', 'municipality-fill'] }).length);
    assert.ok(drawn > 0, 'the embedded map draws areas');
    await frame.locator('footer.attribution').getByText('国土数値情報').waitFor();
    await iframe.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${(await import('./support.mjs')).outputDir}/e2e-embed.png`, fullPage: true });
    assert.deepEqual(log.csp, [], 'no CSP violation on the host page or in the widget');
    assert.deepEqual(log.foreign, [], 'no third-party request');
    assert.deepEqual(await context.cookies(), [], 'no cookies');
  } finally {
    await context.close();
    host.close();
  }
});

test('a 360 px phone can search, tap an area and read the list', async () => {
  const { context, page, log } = await open('/?z=10&c=139.7536,35.6838', {
    viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
  });
  try {
    await mapIdle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 360, `no horizontal scrolling (${overflow} px)`);
    const box = await page.locator('#map canvas').boundingBox();
    assert.ok(box.width >= 340 && box.height >= 200, `map ${box.width}×${box.height}`);
    const point = await page.evaluate((ll) => {
      const p = window.policymap.map.project(ll);
      const r = window.policymap.map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, chiyoda);
    await page.touchscreen.tap(point.x, point.y);
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent.includes('千代田区'),
      null, { timeout: 30000 });
    const panel = await page.locator('#panel').boundingBox();
    assert.ok(panel.width >= 340 && panel.y + 100 < 740, 'panel is on screen');
    const attribution = await page.locator('footer.attribution').boundingBox();
    assert.ok(attribution.y + attribution.height <= 740 + 1, 'attribution visible');
    for (const b of [await page.locator('#locate').boundingBox(), await page.locator('#lang').boundingBox()]) {
      assert.ok(b.x >= 0 && b.x + b.width <= 360, 'buttons fit');
    }
    await shot(page, 'phone');
    assert.deepEqual(log.csp, []);
  } finally {
    await context.close();
  }
});

test('keyboard alone: the area list opens an area; English switch', async () => {
  const { context, page } = await open('/');
  try {
    await mapIdle(page);
    await page.locator('#panel-toggle-list').focus();
    await page.keyboard.press('Enter');
    await page.locator('.area-button', { hasText: '東京都' }).waitFor();
    assert.ok(await page.locator('.area-button').count() >= 47);
    await page.locator('.area-button', { hasText: '東京都' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent.includes('東京都'));
    await page.locator('#lang').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('#panel-body details[data-scope="national"] summary', { hasText: 'National programmes' }).waitFor();
    assert.match(page.url(), /lang=en/);
    await shot(page, 'english');
  } finally {
    await context.close();
  }
});

test('axe-core finds no serious accessibility violations', async () => {
  // bypassCSP only so that axe itself can be injected.
  const { context, page } = await open('/?z=11&c=139.7536,35.6838', { bypassCSP: true });
  try {
    await openChiyoda(page);
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const results = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }));
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await shot(page, 'axe');
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), []);
  } finally {
    await context.close();
  }
});
