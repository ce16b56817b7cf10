import type { Logger } from 'pino';
import type { RequestLogEventInput } from '../../schemas/event';
import { parseEvent } from '../../schemas/event';
import { BackpressureError } from '../pipeline/ingestor';
import type { Ingestor } from '../pipeline/ingestor';
import { simulate } from '../simulate';

const HOUR = 3600_000;

const eventTime = (e: RequestLogEventInput) => (typeof e.ts === 'number' ? e.ts : Date.parse(e.ts));

export interface DemoFeedOptions {
  seed: number;
  /** Simulated days; the window ends now, so every event is in the past when it is sent. */
  days: number;
  /** Simulated milliseconds per real millisecond. */
  speedup: number;
  tickMs: number;
  log: Logger;
}

/** A simulated hour every 4 seconds: alerts show within a minute, two days take about 3 minutes. */
export const DEMO_DEFAULTS = { seed: 1, days: 2, speedup: HOUR / 4000, tickMs: 250 } as const;

/**
 * `serve --demo`: plays simulated traffic through the same ingest path as HTTP, in real time
 * sped up, as if producers were sending it now.
 */
export function startDemoFeed(ingestor: Ingestor, o: DemoFeedOptions): { stop(): void } {
  const wallStart = Date.now();
  const simStart = wallStart - o.days * 24 * HOUR;
  const events = simulate({ seed: o.seed, days: o.days, start: simStart }).events[Symbol.iterator]();
  let next = events.next();
  let pending: RequestLogEventInput[] = [];
  let sent = 0;

  const tick = () => {
    const simNow = simStart + (Date.now() - wallStart) * o.speedup;
    while (!next.done && eventTime(next.value) <= simNow) {
      pending.push(next.value);
      next = events.next();
    }
    try {
      ingestor.ingest(pending.map((e, i) => ({ line: i + 1, ...parseEvent(e) })));
      sent += pending.length;
      pending = [];
    } catch (err) {
      // Behind: keep the batch and offer it again on the next tick, as a producer would.
      if (!(err instanceof BackpressureError)) throw err;
    }
    if (next.done && pending.length === 0) {
      clearInterval(timer);
      o.log.info({ events: sent }, 'demo traffic finished');
    }
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (err) {
      clearInterval(timer);
      o.log.error({ err }, 'demo traffic stopped');
    }
  }, o.tickMs);
  o.log.info({ days: o.days, seed: o.seed, simulated_hour_every_ms: HOUR / o.speedup }, 'demo traffic started');
  return { stop: () => clearInterval(timer) };
}
