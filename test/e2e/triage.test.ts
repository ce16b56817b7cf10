import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DISMISS_REASONS } from '../../schemas/api';
import type { RequestLogEventInput } from '../../schemas/event';
import { DETECTOR_NAMES } from '../../schemas/signal';
import { readReply } from '../api/harness';
import type { ServeProcess } from '../support/serve-process';
import { spawnServe } from '../support/serve-process';
import { launchBrowser, type Browser } from './browser';
import { distillerBurst } from './distiller';

// The triage page end to end: the real `distillguard serve` (a child process, no tokens
// configured, so it writes an admin token file as an operator would first meet it), real events
// over HTTP through detection, and the page in Debian's Chromium.

const START = Date.UTC(2026, 10, 2, 10);
const BURST = 3000;
const DISTILLER = 'key-e2e-distiller';
const XSS_KEY = 'key-e2e-xss';
const XSS = '<img src=x onerror=window.__xss=1>';
/** Left for a reviewer to look at (and for a failed CI run). */
const SCREENSHOT = join(tmpdir(), 'distillguard-triage.png');

let serve: ServeProcess;
let dataDir: string;
let token: string;
let browser: Browser;
/** Script errors and failed page assets of the current test; each test must end with none. */
let broken: string[] = [];

async function api(method: string, path: string, body?: string, type = 'application/json') {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = type;
  return readReply(await fetch(serve.url + path, { method, headers, body }));
}

async function ingest(events: RequestLogEventInput[]) {
  const res = await api('POST', '/v1/events', events.map((e) => JSON.stringify(e)).join('\n'), 'application/x-ndjson');
  expect(res.body).toMatchObject({ accepted: events.length, rejected: [] });
}

/** Waits until detection has consumed everything ingested. */
async function caughtUp() {
  for (let i = 0; i < 600; i++) {
    const ready = await api('GET', '/readyz');
    if (ready.body.checks.backlog === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the pipeline did not catch up');
}

/** The one alert of a key, as the API has it. */
async function alertOf(apiKeyId: string) {
  const list = await api('GET', `/v1/alerts?api_key_id=${apiKeyId}`);
  expect(list.body.alerts).toHaveLength(1);
  return list.body.alerts[0];
}

/** A new tab (sessionStorage is per tab, so it starts signed out) signed in with the token. */
async function signedIn(): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (err) => broken.push(`script error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !new URL(res.url()).pathname.startsWith('/v1/')) broken.push(`${res.status()} ${res.url()}`);
  });
  await page.goto(serve.url);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#queue tr').first().waitFor();
  return page;
}

// Playwright's web-first assertions belong to its own runner; under jest, waiting for the
// expected state with a locator (or a page expression) is the equivalent.
const shows = (page: Page, selector: string, text: string) => page.locator(selector, { hasText: text }).first().waitFor();
const queueRows = (page: Page, n: number) => page.waitForFunction(`document.querySelectorAll('#queue tr').length === ${n}`);

/** Filters the queue to one key from the keyboard and opens its alert. */
async function openFromKeyboard(page: Page, apiKeyId: string) {
  await page.keyboard.press('/');
  await page.keyboard.type(apiKeyId);
  await page.keyboard.press('Enter');
  await queueRows(page, 1);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await shows(page, '#detail h2', apiKeyId);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dg-e2e-'));
  // Empty means unset: the server must fall back to writing its admin token file.
  serve = await spawnServe(['--port', '0', '--data-dir', dataDir], { DISTILLGUARD_API_TOKENS: '' });
  const notice = serve.logs.find((l) => typeof l.token_file === 'string');
  token = readFileSync(String(notice?.token_file), 'utf8').trim();

  const events = [
    ...distillerBurst({ apiKeyId: DISTILLER, accountId: 'acct-e2e-1', start: START, requests: BURST }),
    ...distillerBurst({ apiKeyId: XSS_KEY, accountId: 'acct-e2e-2', start: START, requests: BURST, prompt: () => XSS }),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
  await ingest(events);
  await caughtUp();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  serve?.child.kill('SIGTERM');
  await serve?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  expect(broken).toEqual([]);
  broken = [];
});

test('the burst raised an open alert for each key', async () => {
  for (const key of [DISTILLER, XSS_KEY]) expect(await alertOf(key)).toMatchObject({ status: 'open' });
});

test('the page offers exactly the detectors and dismiss reasons the API knows', async () => {
  const page = await signedIn();
  const values = (selector: string) => page.locator(`${selector} option`).evaluateAll((os) => os.map((o) => o.value));
  expect(await values('#filters [name=detector]')).toEqual(['', ...DETECTOR_NAMES]);
  expect(await values('#dismiss-reason')).toEqual([...DISMISS_REASONS]);
  await page.close();
});

test('an analyst reads why an alert fired: counts, signals, a chart and sample prompts', async () => {
  const page = await signedIn();
  expect(await page.locator('#counts').textContent()).toMatch(/\d critical/);
  // j/k move the queue's cursor.
  await queueRows(page, 2);
  await page.keyboard.press('j');
  await page.locator('#queue tr:nth-child(2)[aria-current=true]').waitFor();
  await page.keyboard.press('k');
  await page.locator('#queue tr:nth-child(1)[aria-current=true]').waitFor();

  await openFromKeyboard(page, DISTILLER);
  const signals = page.locator('#detail table.signals tbody tr');
  expect(await signals.count()).toBeGreaterThan(0);
  for (const text of await signals.locator('.finding').allTextContents()) expect(text.length).toBeGreaterThan(10);
  expect(await page.locator('#detail .figures dd').count()).toBeGreaterThan(0);
  await shows(page, '#detail .prompt', 'step by step');

  // uPlot draws into a canvas: some of its pixels must be painted.
  const painted = await page.locator('#detail .chart canvas').evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
  expect(painted).toBeGreaterThan(1000);
  await page.screenshot({ path: SCREENSHOT });
  await page.close();
});

test('an analyst acknowledges, then dismisses as a false positive, and the alert leaves the open queue', async () => {
  const page = await signedIn();
  await openFromKeyboard(page, DISTILLER);

  // An open alert cannot be confirmed before it is acknowledged: the API's 409 is shown as it is.
  await page.keyboard.press('c');
  await shows(page, '#error', 'cannot go from open to confirmed');

  await page.keyboard.press('a');
  await page.locator('#detail .pill.st-acknowledged').waitFor();
  expect(await page.locator('#error').isHidden()).toBe(true);

  await page.keyboard.press('d');
  await page.locator('#dismiss-reason').selectOption('false_positive');
  await page.locator('#dismiss-note').fill('Eval harness of a partner, confirmed by their account manager.');
  await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await shows(page, '#notice', 'Alert dismissed.');
  await page.locator('#detail .pill.st-dismissed').waitFor();
  await shows(page, '#detail .timeline', 'Eval harness of a partner');
  // The queue still filters on the key and lists open alerts only: the dismissed one is gone.
  await queueRows(page, 0);
  await page.locator('#queue-empty').waitFor();

  expect(await alertOf(DISTILLER)).toMatchObject({ status: 'dismissed', dismiss_reason: 'false_positive' });
  await page.close();
});

test('attacker-controlled prompt text is shown as text, never run', async () => {
  const page = await signedIn();
  await openFromKeyboard(page, XSS_KEY);
  expect(await page.locator('#detail .prompt').first().textContent()).toBe(XSS);
  expect(await page.locator('#detail img').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
  await page.close();
});

test('an analyst assigns an alert, adds a note and allow-lists the key', async () => {
  const page = await signedIn();
  await openFromKeyboard(page, XSS_KEY);

  await page.keyboard.press('s');
  await page.keyboard.type('ana');
  await page.keyboard.press('Enter');
  await shows(page, '#notice', 'Assigned to ana.');

  await page.keyboard.press('n');
  await page.keyboard.type('Same shape as last week\'s harvesting ring.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await shows(page, '#detail .timeline', 'harvesting ring');

  await page.keyboard.press('l');
  await page.locator('#allow-reason').fill('Red-team exercise');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await shows(page, '#notice', `${XSS_KEY} is on the allow-list.`);
  await page.locator('#detail .pill.allowlisted').waitFor();

  expect(await alertOf(XSS_KEY)).toMatchObject({ assignee: 'ana' });
  const allowlist = await api('GET', '/v1/allowlist');
  expect(allowlist.body.entries).toEqual([
    expect.objectContaining({ kind: 'api_key', value: XSS_KEY, reason: 'Red-team exercise', expires_at: null }),
  ]);
  await page.close();
});
