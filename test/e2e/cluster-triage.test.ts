import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RequestLogEventInput } from '../../schemas/event';
import { simulate } from '../../services/simulate';
import { readReply, TOKENS } from '../api/harness';
import { eventually } from '../support/eventually';
import type { ServeProcess } from '../support/serve-process';
import { spawnServe } from '../support/serve-process';
import { launchBrowser, type Browser } from './browser';

// A hydra network on the triage page, end to end: simulated traffic with a datacenter hydra (12
// keys in 12 accounts) sent to the real `serve` over HTTP, linked by detection into a cluster
// alert, throttled on every member by an enforcing policy, and worked in Debian's Chromium.
// One member's key id and user agent are hostile markup.

const HOSTILE_KEY = 'key-<img src=x onerror=window.__xss=1>';
const HOSTILE_AGENT = '<script>window.__xss=2</script>';
const SCREENSHOT = join(tmpdir(), 'distillguard-cluster.png');
const POLICY = {
  mode: 'enforce',
  rules: [{ name: 'high-throttle', min_severity: 'high', action: { type: 'throttle', limit_rpm: 60 }, duration_minutes: 60 }],
};

/** Two days without the busiest personas (about 7,000 events); the first datacenter hydra key turned hostile. */
function traffic(): { events: RequestLogEventInput[]; hydra: string[] } {
  const sim = simulate({ seed: 7, days: 2, scale: 0.1 });
  const busy = ['consumer_app', 'pipeline', 'bulk_distiller', 'benchmark_sweeper'];
  const hydra = Object.keys(sim.labels).filter((k) => sim.labels[k].persona === 'hydra_datacenter').sort();
  const renamed = hydra[0];
  const events = [...sim.events]
    .filter((e) => !busy.includes(sim.labels[e.api_key_id].persona))
    .map((e) => (e.api_key_id === renamed ? { ...e, api_key_id: HOSTILE_KEY, user_agent: HOSTILE_AGENT } : e));
  return { events, hydra: [HOSTILE_KEY, ...hydra.slice(1)].sort() };
}

let serve: ServeProcess;
let dataDir: string;
let browser: Browser;
let hydra: string[];
/** The cluster alert as the API has it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let cluster: any;
/** Script errors of each open page; a page must close without any. */
const scriptErrors = new WeakMap<Page, string[]>();

async function api(method: string, path: string, body?: string, type = 'application/json') {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKENS.admin}` };
  if (body !== undefined) headers['content-type'] = type;
  return readReply(await fetch(serve.url + path, { method, headers, body }));
}

async function signedIn(): Promise<Page> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  scriptErrors.set(page, errors);
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(serve.url);
  await page.getByLabel('API token').fill(TOKENS.admin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#queue tr').first().waitFor();
  return page;
}

async function closeClean(page: Page) {
  expect(scriptErrors.get(page)).toEqual([]);
  expect(await page.locator('#detail img, #detail script').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
  await page.close();
}

/** Moves the queue's cursor to the cluster alert with j and opens it with Enter. */
async function openClusterFromKeyboard(page: Page) {
  const index = await page.locator('#queue tr').evaluateAll((rows) => rows.findIndex((r) => r.querySelector('.kind-cluster')));
  expect(index).toBeGreaterThanOrEqual(0);
  await page.locator('#queue tr[aria-current=true]').focus();
  for (let i = 0; i < index; i++) await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await page.locator('#detail h2', { hasText: 'Cluster alert' }).waitFor();
}

/** Gives a link in the detail the focus and follows it with Enter, as a keyboard user does. */
async function follow(page: Page, link: ReturnType<Page['locator']>) {
  await link.focus();
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dg-e2e-cluster-'));
  writeFileSync(join(dataDir, 'policy.json'), JSON.stringify(POLICY));
  serve = await spawnServe(['--port', '0', '--data-dir', dataDir], {
    DISTILLGUARD_API_TOKENS: `admin:${TOKENS.admin}`,
    DISTILLGUARD_POLICY_FILE: join(dataDir, 'policy.json'),
  });
  const sim = traffic();
  hydra = sim.hydra;
  const res = await api('POST', '/v1/events', sim.events.map((e) => JSON.stringify(e)).join('\n'), 'application/x-ndjson');
  expect(res.body).toMatchObject({ accepted: sim.events.length, rejected: [] });
  cluster = await eventually(
    'the cluster alert',
    async () => {
      const ready = await api('GET', '/readyz');
      if (ready.body.checks.backlog !== 0) return undefined;
      return (await api('GET', '/v1/alerts?detector=cluster')).body.alerts[0];
    },
    90_000,
  );
  browser = await launchBrowser();
}, 150_000);

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await Promise.all([browser?.close(), serve?.exited]);
  rmSync(dataDir, { recursive: true, force: true });
});

test('detection linked the hydra into one cluster alert, and the policy throttled every member', async () => {
  expect(cluster.related_api_key_ids).toEqual(hydra);
  const decisions = await eventually('a decision per member', async () => {
    const ds = (await api('GET', `/v1/enforcement?alert_id=${cluster.alert_id}`)).body.decisions;
    return ds.length === hydra.length ? ds : undefined;
  });
  expect(decisions.map((d: { api_key_id: string }) => d.api_key_id).sort()).toEqual(hydra);
  expect(new Set(decisions.map((d: { status: string }) => d.status))).toEqual(new Set(['active']));
});

test('the queue tells a cluster alert apart, with its size; member key alerts say they belong to one', async () => {
  const page = await signedIn();
  const row = page.locator('#queue tr', { has: page.locator('.kind-cluster') });
  expect(await row.count()).toBe(1);
  expect(await row.locator('.sub').textContent()).toBe('12 keys in 12 accounts');
  expect(await row.locator('.chip').allTextContents()).toEqual(['cluster']);
  expect(await page.locator('#queue .in-cluster').count()).toBeGreaterThan(0);
  await closeClean(page);
});

test('an analyst checks the cluster member by member: accounts, link evidence and the collective figures', async () => {
  const page = await signedIn();
  await openClusterFromKeyboard(page);
  expect(await page.locator('#detail h2').textContent()).toContain('Cluster alert: 12 keys in 12 accounts');

  const { members } = (await api('GET', `/v1/alerts/${cluster.alert_id}/members`)).body;
  const rows = page.locator('#detail table.members tbody tr');
  expect(await rows.count()).toBe(12);
  // Weakest link first, each row as the API has it: key, account, linked key, strength, evidence by kind.
  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      key: tr.getAttribute('data-key'),
      cells: [...tr.querySelectorAll('th, td')].map((c) => c.textContent),
      linkedTo: tr.querySelector('td.link a')?.textContent,
      strength: tr.querySelector('td.link .strength')?.textContent,
      evidence: [...tr.querySelectorAll('.figures div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]),
    })),
  );
  const strengths = shown.map((r) => Number(r.strength));
  expect(strengths).toEqual([...strengths].sort((a, b) => a - b));
  for (const r of shown) {
    const m = members.find((x: { api_key_id: string }) => x.api_key_id === r.key);
    expect(r.cells[0]).toContain(m.api_key_id);
    expect(r.cells[1]).toBe(m.account_id);
    expect(r.cells[3]).toBe('active');
    expect(r.linkedTo).toBe(m.link.linked_to);
    expect(r.strength).toBe(m.link.strength.toFixed(2));
    const kinds = Object.entries(m.link.evidence as Record<string, number>).sort((a, b) => b[1] - a[1]);
    expect(r.evidence).toEqual(kinds.map(([k, v]) => [k.replace('_', ' '), v.toFixed(2)]));
  }
  expect(shown.map((r) => r.key).sort()).toEqual(hydra);

  const accounts = await page.locator('#detail .accounts li code').allTextContents();
  expect(accounts.sort()).toEqual(members.map((m: { account_id: string }) => m.account_id).sort());
  // The collective figures of the cluster signal.
  const signal = page.locator('#detail table.signals tbody tr');
  expect(await signal.locator('th').allTextContents()).toEqual(['cluster']);
  const figures = await signal.locator('.figures dt').allTextContents();
  expect(figures).toEqual(expect.arrayContaining(['members', 'accounts', 'new members', 'effective areas', 'one shot share', 'harvest']));
  await page.locator('#detail .tally', { hasText: '12 active' }).waitFor();
  await page.locator('#detail table.members').scrollIntoViewIfNeeded();
  await page.screenshot({ path: SCREENSHOT });
  await closeClean(page);
});

test('from a member to its own alert and back with g; a member without an alert opens its profile; Back returns', async () => {
  const page = await signedIn();
  await openClusterFromKeyboard(page);
  const { members } = (await api('GET', `/v1/alerts/${cluster.alert_id}/members`)).body;
  const withAlert = members.find((m: { key_alert: unknown }) => m.key_alert !== null);
  const without = members.find((m: { key_alert: unknown; api_key_id: string }) => m.key_alert === null && m.api_key_id !== HOSTILE_KEY);

  await follow(page, page.locator(`#detail tr[data-key="${withAlert.api_key_id}"] th a`));
  await page.locator('#detail h2', { hasText: `Key alert on ${withAlert.api_key_id}` }).waitFor();
  expect(await page.locator('#detail .facts', { hasText: 'Part of a cluster' }).count()).toBe(1);
  expect(await page.evaluate('document.activeElement?.id')).toBe('detail');
  await page.keyboard.press('g');
  await page.locator('#detail h2', { hasText: 'Cluster alert' }).waitFor();

  await follow(page, page.locator(`#detail tr[data-key="${without.api_key_id}"] th a`));
  await page.locator('#detail h2', { hasText: `Key ${without.api_key_id}` }).waitFor();
  expect(await page.locator('#detail .facts').textContent()).toContain(without.account_id);
  await page.locator('#detail .chart canvas').waitFor();
  await page.locator('#detail .decision', { hasText: 'Policy rule high-throttle' }).waitFor();
  expect(await page.locator('#detail table a', { hasText: 'Cluster of 12 keys' }).count()).toBe(1);

  await page.goBack();
  await page.locator('#detail h2', { hasText: 'Cluster alert' }).waitFor();
  await closeClean(page);
});

test('a hostile key id and user agent among the members are shown as text, never run', async () => {
  const page = await signedIn();
  await openClusterFromKeyboard(page);
  const row = page.locator('#detail table.members tbody tr').filter({ has: page.locator('code', { hasText: HOSTILE_KEY }) });
  expect(await row.locator('th code').textContent()).toBe(HOSTILE_KEY);
  await follow(page, row.locator('th a'));
  await page.locator('#detail h2', { hasText: HOSTILE_KEY }).waitFor();
  expect(await page.locator('#detail h2 code').textContent()).toBe(HOSTILE_KEY);
  // The user agent reaches link evidence only as a hash: no raw value to render.
  expect(await page.locator('#detail').textContent()).not.toContain(HOSTILE_AGENT);
  await closeClean(page);
});

test("an analyst lifts the cluster's throttles on every member at once", async () => {
  const page = await signedIn();
  await openClusterFromKeyboard(page);
  await page.locator('#detail .tally', { hasText: '12 active' }).waitFor();
  await follow(page, page.getByRole('button', { name: 'Lift all…' }));
  await page.locator('#lift-reason').fill('Campaign confirmed over; accounts closed');
  await page.getByRole('button', { name: 'Lift', exact: true }).click();
  await page.locator('#notice', { hasText: 'Lifted 12 decisions.' }).waitFor();
  await page.locator('#detail .tally', { hasText: '12 lifted' }).waitFor();
  expect(await page.locator('#detail table.members .pill.enf-lifted').count()).toBe(12);
  const decisions = (await api('GET', `/v1/enforcement?alert_id=${cluster.alert_id}`)).body.decisions;
  expect(decisions.map((d: { status: string; end_reason: string }) => [d.status, d.end_reason])).toEqual(
    Array(12).fill(['lifted', 'Campaign confirmed over; accounts closed']),
  );
  await closeClean(page);
});
