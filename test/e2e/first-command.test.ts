import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..');
/** The README's first command, word for word. */
const FIRST_COMMAND = 'npm ci && npx distillguard serve --demo';

/**
 * A new user's first minutes: a fresh clone of the committed tree, the README's one command,
 * and alerts at medium or above within a couple of minutes, with no servers and no configuration.
 */
describe("the README's first command on a fresh clone", () => {
  const dir = mkdtempSync(join(tmpdir(), 'distillguard-clone-'));
  let child: ChildProcess | undefined;

  afterAll(() => {
    // The command runs in its own process group: npm, npx and the server stop together.
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page and raises alerts from the demo traffic', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(FIRST_COMMAND);
    execFileSync('git', ['clone', '--quiet', ROOT, dir]);

    // Port 0: the test must not depend on 8080 being free; everything else is the user's default.
    child = spawn('bash', ['-c', FIRST_COMMAND], {
      cwd: dir,
      env: { ...process.env, DISTILLGUARD_PORT: '0', KAFKA_BROKERS: '', CLICKHOUSE_URL: '', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child!.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      child!.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
      createInterface({ input: child!.stdout! }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'distillguard serving' && entry.url) resolve(entry.url);
      });
    });

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('DistillGuard');

    const token = readFileSync(join(dir, 'data', 'admin-token'), 'utf8').trim();
    const deadline = Date.now() + 180_000;
    let alerts: Array<{ severity: string }> = [];
    while (Date.now() < deadline && alerts.length === 0) {
      await new Promise((r) => setTimeout(r, 2000));
      const res = await fetch(`${url}/v1/alerts?severity=medium`, { headers: { authorization: `Bearer ${token}` } });
      alerts = ((await res.json()) as { alerts: typeof alerts }).alerts;
    }
    expect(alerts.length).toBeGreaterThan(0);
  }, 600_000);
});
