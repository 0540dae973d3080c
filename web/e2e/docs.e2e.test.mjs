// The API reference page (/docs) in a real browser against the real server:
// Swagger UI renders the server's own /openapi.json under the page CSP, with
// nothing fetched from elsewhere, and "Try it out" talks to this server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serverUrl, shot, watch } from './support.mjs';

const server = serverUrl();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('/docs renders the API title and the lookup operation from /openapi.json', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const log = watch(page, [server]);
    const response = await page.goto(`${server}/docs`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
    await page.locator('.information-container .title', { hasText: 'policymap' }).waitFor({ timeout: 30000 });
    const lookup = page.locator('#operations-default-lookup');
    await lookup.waitFor();
    assert.match(await lookup.locator('.opblock-summary-path').textContent(), /\/v1\/lookup/);

    // Open the operation and run it against this server.
    await lookup.locator('.opblock-summary').click();
    await lookup.getByRole('button', { name: 'Try it out' }).click();
    // Swagger UI fills every parameter with its example: keep WGS84 lat/lon only.
    for (const name of ['crs', 'easting', 'northing']) {
      const input = lookup.locator(`tr[data-param-name="${name}"] input`);
      if (await input.count() > 0) await input.fill('');
    }
    await lookup.locator('tr[data-param-name="lat"] input').fill('35.6812');
    await lookup.locator('tr[data-param-name="lon"] input').fill('139.7671');
    await lookup.getByRole('button', { name: 'Execute' }).click();
    const body = lookup.locator('.responses-wrapper .live-responses-table .response-col_description pre');
    await body.first().waitFor({ timeout: 30000 });
    assert.match(await body.first().textContent(), /千代田区/);
    assert.match(await lookup.locator('.live-responses-table tbody .response-col_status').first().textContent(), /200/);
    await shot(page, 'docs');

    assert.deepEqual(log.csp, [], 'no CSP violation');
    assert.deepEqual(log.foreign, [], 'nothing fetched from another origin');
    assert.deepEqual(log.failed, [], 'no failed request');
    assert.deepEqual(log.errors, [], 'no console error');
  } finally {
    await context.close();
  }
});
