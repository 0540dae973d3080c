// Shared set-up of the browser tests: the server started by the CTest fixture
// (tests/integration/harness.sh, real PostGIS and real data), Debian's
// Chromium driven by playwright-core, kept off the network, and a screenshot
// per test under build/test-output/.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

export function serverUrl() {
  const state = process.env.POLICYMAP_IT_STATE;
  if (!state) throw new Error('POLICYMAP_IT_STATE is not set (run through ctest -L e2e)');
  return readFileSync(join(state, 'server.url'), 'utf8').trim().replace(/\/$/, '');
}

export const outputDir = resolve(process.env.POLICYMAP_TEST_OUTPUT ?? join(here, '..', '..', 'build', 'test-output'));
mkdirSync(outputDir, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--no-default-browser-check',
      // WebGL without a GPU, so MapLibre really draws.
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
    ],
  });
}

/** Collects console errors, CSP violations, failed requests and off-origin requests of a page. */
export function watch(page, allowedOrigins) {
  const log = { errors: [], csp: [], failed: [], foreign: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
    if (/Content Security Policy/i.test(m.text())) log.csp.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('requestfailed', (r) => log.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'blob:' || u.protocol === 'data:') return;
    if (!allowedOrigins.includes(u.origin)) log.foreign.push(r.url());
  });
  return log;
}

/** Waits until MapLibre has loaded its style and the tiles of the view. */
export async function mapIdle(page, timeout = 60000) {
  await page.waitForFunction(() => window.policymap?.map?.loaded() && window.policymap.map.areTilesLoaded(),
    null, { timeout, polling: 250 });
  // One more frame so the last tiles are drawn.
  await page.evaluate(() => new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r)); }));
}

export async function shot(page, name) {
  await page.screenshot({ path: join(outputDir, `e2e-${name}.png`) });
}

/** Clicks the map canvas at a longitude/latitude. */
export async function clickLngLat(page, lngLat) {
  const point = await page.evaluate((ll) => {
    const p = window.policymap.map.project(ll);
    const r = window.policymap.map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
  await page.mouse.click(point.x, point.y);
}

/** Distinct features of a source layer currently loaded: code → properties. */
export async function sourceFeatures(page, source) {
  return page.evaluate((s) => {
    const out = {};
    for (const f of window.policymap.map.querySourceFeatures(s, { sourceLayer: s })) out[f.properties.code] = f.properties;
    return out;
  }, source);
}
