import { MODELS } from '../models';
import { ipAddress, sdkAgent } from '../network';
import { pipelineTask } from '../prompts/pipeline';
import { send, type Client, type Draft } from '../request';
import type { Rng } from '../rng';
import { dailyLevels, HOUR, isWeekend, jittered, localDay, localDayStart, MINUTE, pickTimeZone, SECOND } from '../timing';
import type { KeyPlan, Persona, PersonaOptions } from './types';

/** When a pipeline runs: windows of one local day as [start hour, end hour, seconds between items]. */
type Schedule = (day: number, weekend: boolean) => [number, number, number][];

/** What an organisation fixes for the batch jobs it runs; a job draws whatever is not fixed. */
export interface BatchSetup {
  tz?: number;
  /** Local hour at which the organisation's scheduler starts nightly jobs. */
  cronHour?: number;
  client?: Client;
  /** Multiplies the time between items (a smaller job). */
  slower?: number;
}

/**
 * A legitimate batch job: one fixed instruction over a stream of varied texts (reviews, news,
 * tickets) at a machine's regular pace, temperature 0, short answers.
 */
export const pipeline: Persona = {
  name: 'pipeline',
  attacker: false,
  keysAtScale1: 12,
  accounts: { pool: 'org', keysPerAccount: [1, 4] },
  create: (rng, _index, window) => batchJob(rng, window, {}),
};

/** One batch job; an organisation's `setup` fixes its time zone, scheduler and client (nightly then). */
export function batchJob(rng: Rng, window: PersonaOptions, setup: BatchSetup): KeyPlan {
  const tz = setup.tz ?? pickTimeZone(rng);
  const task = pipelineTask(rng);
  const interval = rng.range(1.5, 6) * (setup.slower ?? 1);
  const jitter = rng.range(0.03, 0.15);
  const runs = dailyLevels(rng.uint32(), rng.range(0.05, 0.3), 0.3);
  const cronHour = setup.cronHour ?? rng.int(0, 5) + rng.int(0, 3) * 0.25;
  const hours = rng.range(1.5, 6);
  const burst = rng.int(100, 600);
  const schedules: Record<string, Schedule> = {
    nightly: () => [[cronHour, cronHour + hours, interval]],
    business: (_d, weekend) => (weekend ? [] : [[9, 17.5, interval * 2]]),
    hourly: () => Array.from({ length: 24 }, (_, h): [number, number, number] => [h, h + Math.min(0.8, (burst * interval) / 3600), interval]),
    continuous: () => [[0, 24, interval * 5]],
  };
  const schedule = setup.cronHour !== undefined ? schedules.nightly : schedules[rng.weighted([['nightly', 3], ['business', 3], ['hourly', 2], ['continuous', 1]] as const)];
  const client: Client = setup.client ?? {
    ips: [ipAddress(rng, rng.pick(['vpc', 'datacenter', 'office'] as const))],
    userAgents: [sdkAgent(rng, 'python')],
    retries: 2,
    rateLimited: rng.range(0.001, 0.01),
    serverError: 0.003,
  };
  const model = rng.chance(0.75) ? MODELS.small : MODELS.large;
  const params = { max_tokens: task.maxTokens, temperature: 0 };

  function* events(): Generator<Draft> {
    // `t` only moves forward: a run that overruns delays the next one instead of overlapping it.
    let t = window.start;
    for (let day = localDay(window.start, tz); localDayStart(day, tz) < window.end; day++) {
      const dayStart = localDayStart(day, tz);
      if (runs(day) === 0) continue;
      const lateBy = rng.range(0, 3) * MINUTE;
      for (const [from, to, every] of schedule(day, isWeekend(dayStart + 12 * HOUR, tz))) {
        const stop = dayStart + Math.min(to, 24) * HOUR;
        for (t = Math.max(t, dayStart + from * HOUR + lateBy); t < stop; ) {
          const prompt = task.prompt(rng);
          const d = yield* send(rng, client, {
            t, model, system: task.system, prompt, params, turn: 1,
            answerTokens: Math.max(1, task.answerTokens(rng, prompt)),
          });
          t = Math.max(t + jittered(rng, every * SECOND, jitter), d.t + 1);
        }
      }
    }
  }
  return { events: events() };
}
