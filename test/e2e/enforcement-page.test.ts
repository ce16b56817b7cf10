import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readReply, TOKENS } from '../api/harness';
import { eventually } from '../support/eventually';
import type { ServeProcess } from '../support/serve-process';
import { spawnServe } from '../support/serve-process';
import { launchBrowser, type Browser } from './browser';
import { distillerBurst } from './distiller';

// Enforcement and reports on the triage page, end to end: the real `serve` with an enforcing
// policy, a burst that detection turns into an alert and the policy into a decision, then an
// analyst who lifts it, an admin who throttles by hand, and a report opened from the page.

const KEY = 'key-e2e-enforce';
const SCREENSHOT = join(tmpdir(), 'distillguard-enforcement.png');
const POLICY = {
  mode: 'enforce',
  rules: [
    { name: 'critical-suspend', min_severity: 'critical', action: { type: 'suspend' }, duration_minutes: 60 },
    { name: 'high-throttle', min_severity: 'high', action: { type: 'throttle', limit_rpm: 60 }, duration_minutes: 60 },
  ],
};

let serve: ServeProcess;
let dataDir: string;
let browser: Browser;
/** Script errors of each open page; a page must close without any. */
const scriptErrors = new WeakMap<Page, string[]>();

async function api(method: string, path: string, body?: string, type = 'application/json') {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKENS.admin}` };
  if (body !== undefined) headers['content-type'] = type;
  return readReply(await fetch(serve.url + path, { method, headers, body }));
}

/** The page, signed in as the admin, on an alert opened through a notification's link. */
async function onAlert(alertId: string): Promise<Page> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  scriptErrors.set(page, errors);
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${serve.url}/#alert=${alertId}`);
  await page.getByLabel('API token').fill(TOKENS.admin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#detail h2', { hasText: KEY }).waitFor();
  return page;
}

async function closeClean(page: Page) {
  expect(scriptErrors.get(page)).toEqual([]);
  await page.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dg-e2e-enf-'));
  writeFileSync(join(dataDir, 'policy.json'), JSON.stringify(POLICY));
  serve = await spawnServe(['--port', '0', '--data-dir', dataDir], {
    DISTILLGUARD_API_TOKENS: `admin:${TOKENS.admin}`,
    DISTILLGUARD_POLICY_FILE: join(dataDir, 'policy.json'),
  });
  const events = distillerBurst({ apiKeyId: KEY, accountId: 'acct-e2e', start: Date.UTC(2026, 10, 2, 10), requests: 3000 });
  const res = await api('POST', '/v1/events', events.map((e) => JSON.stringify(e)).join('\n'), 'application/x-ndjson');
  expect(res.body.accepted).toBe(3000);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await Promise.all([browser?.close(), serve?.exited]);
  rmSync(dataDir, { recursive: true, force: true });
});

test('the alert shows what the policy did; an analyst lifts it and an admin throttles by hand', async () => {
  const decision = await eventually('the policy decision', async () => (await api('GET', `/v1/enforcement?api_key_id=${KEY}`)).body.decisions[0], 60_000);
  expect(decision).toMatchObject({ source: 'policy', status: 'active' });
  const page = await onAlert(decision.alert_id);
  const row = page.locator('#detail .decision', { hasText: 'Policy rule' });
  await row.locator('.pill', { hasText: 'active' }).waitFor();

  await row.getByRole('button', { name: 'Lift…' }).click();
  await page.locator('#lift-reason').fill('Confirmed partner load test');
  await page.getByRole('button', { name: 'Lift', exact: true }).click();
  await page.locator('#notice', { hasText: 'Lifted.' }).waitFor();
  await row.locator('.pill', { hasText: 'lifted' }).waitFor();
  expect(await row.textContent()).toContain('Confirmed partner load test');

  await page.keyboard.press('t');
  await page.locator('#throttle-rpm').fill('25');
  await page.locator('#throttle-reason').fill('Until the partner confirms the test window');
  await page.getByRole('button', { name: 'Throttle', exact: true }).click();
  await page.locator('#notice', { hasText: 'throttled to 25 requests a minute' }).waitFor();
  await page.locator('#detail .decision', { hasText: '25 req/min' }).locator('.pill', { hasText: 'active' }).waitFor();
  await page.locator('#detail .timeline', { hasText: 'enforcement lifted' }).waitFor();
  await page.locator('#detail .block', { hasText: 'Enforcement' }).first().screenshot({ path: SCREENSHOT });
  await closeClean(page);
});

test('an analyst asks for a report from the page and opens it with its charts', async () => {
  const [alert] = (await api('GET', `/v1/alerts?api_key_id=${KEY}`)).body.alerts;
  const page = await onAlert(alert.alert_id);
  await page.getByRole('button', { name: 'Reports' }).click();
  await page.locator('#report-request [name=from]').fill('2026-11-02');
  await page.locator('#report-request [name=to]').fill('2026-11-02');
  await page.getByRole('button', { name: 'Make a report' }).click();
  await page.locator('#notice', { hasText: 'requested' }).waitFor();

  const link = await eventually('the report to be ready', async () => {
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Reports' }).click();
    const html = page.locator('#reports a', { hasText: 'HTML' });
    return (await html.count()) ? html.first() : undefined;
  });
  const [tab] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
  await tab.locator('svg.chart').first().waitFor();
  // The decisions were made today, outside the period reported on: that chart says so instead.
  expect(await tab.locator('svg.chart').count()).toBe(3);
  await tab.locator('figure', { hasText: 'No decisions in this period.' }).waitFor();
  expect(await tab.locator('h1').textContent()).toContain('abuse report');
  await tab.close();
  await closeClean(page);
});
