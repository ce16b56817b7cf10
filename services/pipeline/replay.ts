import type { Readable } from 'node:stream';
import type { Alert, Severity } from '../../schemas/alert';
import { SEVERITIES } from '../../schemas/alert';
import { parseEventLine } from '../../schemas/event';
import { readLineBatches } from '../ingest/lines';
import type { PipelineOptions } from './pipeline';
import { Pipeline } from './pipeline';

export interface ReplayStats {
  events: number;
  rejected: number;
  duplicates: number;
  keys: number;
  alertsBySeverity: Record<Severity, number>;
  seconds: number;
}

export interface ReplayHooks {
  /** A line that failed validation, 1-based. */
  onRejected?: (line: number, reason: string) => void;
  /** Called after each chunk with the lines read so far. */
  onProgress?: (lines: number) => void;
  /** Alerts created or changed by a chunk, as they were then (a benchmark reads when clusters formed). */
  onAlerts?: (alerts: readonly Alert[]) => void;
}

/** Orders alerts for output: by detection time, then id, so that replays are byte-identical. */
export function compareAlerts(a: Alert, b: Alert): number {
  return a.detected_at - b.detected_at || (a.alert_id < b.alert_id ? -1 : a.alert_id > b.alert_id ? 1 : 0);
}

/**
 * Runs the pipeline over an NDJSON stream in event time and returns every alert in its final
 * state. Only alerts are accumulated; key state is bounded by the pipeline.
 */
export async function replay(
  input: Readable,
  options: PipelineOptions = {},
  hooks: ReplayHooks = {},
): Promise<{ alerts: Alert[]; stats: ReplayStats }> {
  const started = process.hrtime.bigint();
  const pipeline = new Pipeline({ ...options, profiles: false });
  const alerts = new Map<string, Alert>();
  let line = 0;
  let events = 0;
  let rejected = 0;
  let duplicates = 0;
  for await (const batch of readLineBatches(input)) {
    for (const text of batch) {
      line++;
      if (text.trim() === '') continue;
      const r = parseEventLine(text);
      if (!r.ok) {
        rejected++;
        hooks.onRejected?.(line, r.reason);
        continue;
      }
      if (pipeline.process(r.event)) events++;
      else duplicates++;
    }
    collect(pipeline, alerts, hooks);
    hooks.onProgress?.(line);
  }
  collect(pipeline, alerts, hooks);
  const sorted = [...alerts.values()].sort(compareAlerts);
  const alertsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of sorted) alertsBySeverity[a.severity]++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    alerts: sorted,
    stats: { events, rejected, duplicates, keys: pipeline.keyCount, alertsBySeverity, seconds },
  };
}

function collect(pipeline: Pipeline, into: Map<string, Alert>, hooks: ReplayHooks): void {
  const changed = pipeline.drain().alerts;
  hooks.onAlerts?.(changed);
  for (const a of changed) into.set(a.alert_id, a);
}
