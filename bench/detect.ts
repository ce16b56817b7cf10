/**
 * `npm run bench:detect`: simulates labelled traffic, replays it through the detection pipeline
 * and prints detection quality per persona and throughput next to a parse-only baseline.
 * Usage: node dist/bench/detect.js [--seed N] [--days D] [--scale S] [--rounds R]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import type { Alert } from '../schemas/alert';
import { severityRank } from '../schemas/alert';
import { readLineBatches } from '../services/ingest/lines';
import { replay } from '../services/pipeline/replay';
import { simulate } from '../services/simulate';
import { CampaignWatch } from './cluster-report';

/** Requests a key had sent when it first reached medium or above, or null if it never did. */
function requestsToMedium(alerts: Alert[]): number | null {
  let best: number | null = null;
  for (const a of alerts) {
    const hit = a.severity_history.find((h) => severityRank(h.severity) >= severityRank('medium'));
    if (hit && (best === null || hit.requests < best)) best = hit.requests;
  }
  return best;
}

async function parseOnly(file: string): Promise<{ events: number; seconds: number }> {
  const started = process.hrtime.bigint();
  let events = 0;
  for await (const batch of readLineBatches(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    for (const line of batch) if (line && JSON.parse(line)) events++;
  }
  return { events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Events/s and CPU microseconds per event (every thread of the process) of one run. */
interface Rate {
  perSecond: number;
  cpuUs: number;
}

async function measured(run: () => Promise<{ events: number; seconds: number }>): Promise<Rate> {
  const cpu = process.cpuUsage();
  const { events, seconds } = await run();
  const used = process.cpuUsage(cpu);
  return { perSecond: events / seconds, cpuUs: (used.user + used.system) / events };
}

/**
 * Events/s of parse-only and of replay with and without the text worker, measured in rounds
 * (parse-only right before each replay, so that a ratio compares runs under the same load) and
 * reported as median and range: one run on a shared machine says little. CPU time per event is
 * printed beside: it does not count waits for the disk or for other processes, so it moves less.
 */
async function throughput(file: string, rounds: number, keys: number, alerts: number): Promise<void> {
  const parse: Rate[] = [];
  const worker: Rate[] = [];
  const single: Rate[] = [];
  const input = () => createReadStream(file, { highWaterMark: 1 << 20 });
  for (let r = 0; r < rounds; r++) {
    parse.push(await measured(() => parseOnly(file)));
    worker.push(await measured(async () => (await replay(input())).stats));
    single.push(await measured(async () => (await replay(input(), { textWorker: false })).stats));
  }
  const spread = (xs: number[], digits: number) =>
    `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
  const fmt = (rs: Rate[]) =>
    `${spread(rs.map((r) => r.perSecond), 0)} events/s, ${spread(rs.map((r) => r.cpuUs), 1)} µs of CPU an event`;
  const ratios = (rs: Rate[]) =>
    `ratio ${spread(rs.map((r, i) => r.perSecond / parse[i].perSecond), 2)}, ` +
    `by CPU ${spread(rs.map((r, i) => parse[i].cpuUs / r.cpuUs), 2)}`;
  console.log(`\nthroughput over ${rounds} rounds, median (range):`);
  console.log(`  parse-only                  ${fmt(parse)}`);
  console.log(`  replay, one thread          ${fmt(single)}; ${ratios(single)}`);
  console.log(`  replay, text worker thread  ${fmt(worker)}; ${ratios(worker)}`);
  console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ${keys} keys, ${alerts} alerts`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '7' },
      days: { type: 'string', default: '3' },
      scale: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const seed = Number(values.seed);
  const days = Number(values.days);
  const scale = Number(values.scale);
  const rounds = Number(values.rounds);
  const dir = mkdtempSync(join(tmpdir(), 'distillguard-bench-'));
  const file = join(dir, 'events.ndjson');
  try {
    const sim = simulate({ seed, days, scale });
    const out = createWriteStream(file);
    let generated = 0;
    const campaigns = new CampaignWatch(sim.labels);
    for (const e of sim.events) {
      generated++;
      campaigns.sent(e.api_key_id, Date.parse(String(e.ts)));
      if (!out.write(JSON.stringify(e) + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const mb = statSync(file).size / 1e6;
    console.log(`simulated ${generated} events (${mb.toFixed(0)} MB) over ${days} days, seed ${seed}, scale ${scale}`);

    const { alerts, stats } = await replay(createReadStream(file, { highWaterMark: 1 << 20 }), {}, { onAlerts: (a) => campaigns.published(a) });

    const byKey = new Map<string, Alert[]>();
    for (const a of alerts) if (a.kind === 'key') byKey.set(a.api_key_id, [...(byKey.get(a.api_key_id) ?? []), a]);
    const personas = new Map<string, { attacker: boolean; keys: number; flagged: number; toDetect: number[] }>();
    // Hydra keys are caught as clusters (reported below), not one by one.
    for (const [key, label] of Object.entries(sim.labels)) {
      if (label.cluster) continue;
      const p = personas.get(label.persona) ?? { attacker: label.attacker, keys: 0, flagged: 0, toDetect: [] };
      p.keys++;
      const at = requestsToMedium(byKey.get(key) ?? []);
      if (at !== null) {
        p.flagged++;
        p.toDetect.push(at);
      }
      personas.set(label.persona, p);
    }

    console.log('\npersona               kind      keys  flagged≥medium  rate    median requests to detection');
    let tp = 0;
    let fp = 0;
    let benign = 0;
    let attackers = 0;
    for (const [name, p] of [...personas].sort((a, b) => Number(a[1].attacker) - Number(b[1].attacker) || a[0].localeCompare(b[0]))) {
      const rate = p.flagged / p.keys;
      if (p.attacker) (tp += p.flagged), (attackers += p.keys);
      else (fp += p.flagged), (benign += p.keys);
      const med = p.toDetect.length ? String(median(p.toDetect)) : '-';
      console.log(
        `${name.padEnd(21)} ${(p.attacker ? 'attacker' : 'benign').padEnd(9)} ${String(p.keys).padStart(4)}  ${String(p.flagged).padStart(14)}  ${
          (p.attacker ? 'recall ' : 'fpr    ') + rate.toFixed(3)
        }  ${med}`,
      );
    }
    const precision = tp + fp ? tp / (tp + fp) : 1;
    console.log(
      `\noverall: recall ${(tp / attackers).toFixed(3)}, precision ${precision.toFixed(3)}, benign false-positive rate ${(100 * fp / benign).toFixed(2)} % (${fp} of ${benign} keys)`,
    );
    campaigns.report(alerts, (key) => requestsToMedium(byKey.get(key) ?? []) !== null);
    await throughput(file, rounds, stats.keys, alerts.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
