import { createWriteStream, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../schemas/alert';
import { severityRank } from '../../schemas/alert';
import type { ReplayStats } from '../../services/pipeline/replay';
import { replay } from '../../services/pipeline/replay';
import { simulate } from '../../services/simulate';

/**
 * The detection core end to end: simulated traffic with a fixed seed, written as NDJSON and
 * replayed from the file. Every key of every attacker persona must be caught at medium or above
 * (by its own alert or, for coordinated keys, as a member of a cluster alert); no key of a benign
 * persona may reach medium either way.
 */
describe('replaying simulated traffic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'distillguard-e2e-'));
  const file = join(dir, 'events.ndjson');
  const sim = simulate({ seed: 7, days: 3, scale: 1 });
  let alerts: Alert[];
  let stats: ReplayStats;

  beforeAll(async () => {
    const out = createWriteStream(file);
    for (const e of sim.events) if (!out.write(JSON.stringify(e) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    ({ alerts, stats } = await replay(createReadStream(file)));
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The key had an alert at medium or above of its own, or was a member of such a cluster alert. */
  const reachedMedium = (key: string) =>
    alerts.some(
      (a) =>
        (a.api_key_id === key || a.related_api_key_ids.includes(key)) &&
        a.severity_history.some((h) => severityRank(h.severity) >= severityRank('medium')),
    );

  const personas = () => {
    const by = new Map<string, { attacker: boolean; keys: string[] }>();
    for (const [key, l] of Object.entries(sim.labels)) {
      const p = by.get(l.persona) ?? { attacker: l.attacker, keys: [] };
      p.keys.push(key);
      by.set(l.persona, p);
    }
    return by;
  };

  it('catches every key of every attacker persona at medium or above', () => {
    const missed: string[] = [];
    for (const [name, p] of personas()) if (p.attacker) missed.push(...p.keys.filter((k) => !reachedMedium(k)).map((k) => `${name}:${k}`));
    expect(missed).toEqual([]);
  });

  it('lets no key of any benign persona reach medium', () => {
    const flagged: string[] = [];
    for (const [name, p] of personas()) if (!p.attacker) flagged.push(...p.keys.filter(reachedMedium).map((k) => `${name}:${k}`));
    expect(flagged).toEqual([]);
  });

  it('covers the personas the detection core is specified against', () => {
    expect([...personas().keys()]).toEqual(
      expect.arrayContaining([
        'pipeline', 'benchmark_eval', 'heavy_developer', 'consumer_app',
        'bulk_distiller', 'low_and_slow', 'reasoning_extractor', 'benchmark_sweeper',
      ]),
    );
  });

  it('writes byte-identical output when replayed again, with text features extracted on a worker thread', async () => {
    // From the TypeScript sources the thread needs the loader the CLI process tests use.
    const textWorker = { execArgv: ['-r', join(__dirname, '..', 'support', 'swc-register.js')] };
    const rejected: number[] = [];
    const again = await replay(createReadStream(file), { textWorker }, { onRejected: (line) => rejected.push(line) });
    expect(rejected).toEqual([]);
    expect(again.stats).toEqual({ ...stats, seconds: again.stats.seconds });
    expect(JSON.stringify(again.alerts)).toBe(JSON.stringify(alerts));
  }, 300_000);
});
