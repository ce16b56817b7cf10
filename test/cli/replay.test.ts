import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AlertSchema } from '../../schemas/alert';
import { simulate } from '../../services/simulate';

const ROOT = join(__dirname, '..', '..');

/** `distillguard replay -` as a real process (sources compiled on load), fed on stdin. */
function replayCli(input: string) {
  const r = spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'test/support/swc-register.js'), '-e', "require('./services/cli/main.ts').main(process.argv.slice(1))", '--', 'replay', '-'],
    { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('distillguard replay', () => {
  const events = [...simulate({ seed: 3, days: 1, scale: 0.1 }).events].map((e) => JSON.stringify(e));
  // Bad lines between good ones: each is reported with its line number and the rest goes on.
  const input = [events[0], '{"request_id": 12', '[1,2]', JSON.stringify({ request_id: 'x' }), ...events.slice(1)].join('\n');

  it('prints every alert as NDJSON, reports rejected lines and a summary, and exits 0', () => {
    const { status, stdout, stderr } = replayCli(input);
    expect(status).toBe(0);
    const alerts = stdout.trim().split('\n').map((l) => AlertSchema.parse(JSON.parse(l)));
    expect(alerts.length).toBeGreaterThan(0);
    expect(stderr).toMatch(/^line 2: rejected: invalid JSON/m);
    expect(stderr).toMatch(/^line 3: rejected: each line must be one JSON object$/m);
    expect(stderr).toMatch(/^line 4: rejected: .*ts/m);
    expect(stderr).toMatch(new RegExp(`replay: ${events.length} events, 3 rejected, 0 duplicates, \\d+ keys, ${alerts.length} alerts \\(critical \\d+, high \\d+, medium \\d+, low \\d+\\), \\d+ events/s`));
  }, 120_000);

  it('gives byte-identical output for the same input', () => {
    expect(replayCli(input).stdout).toBe(replayCli(input).stdout);
  }, 120_000);
});
