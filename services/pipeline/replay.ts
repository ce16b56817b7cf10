import type { Readable } from 'node:stream';
import type { TextFeatures } from '../../detectors/features/text';
import type { Alert, Severity } from '../../schemas/alert';
import { SEVERITIES } from '../../schemas/alert';
import type { RequestLogEvent } from '../../schemas/event';
import { parseEventLine } from '../../schemas/event';
import { readLineBatches } from '../ingest/lines';
import type { PipelineOptions } from './pipeline';
import { Pipeline } from './pipeline';
import type { TextWorkerOptions } from './text-feature-worker';
import { TextFeatureWorker } from './text-feature-worker';
import { unpackTextFeatures } from './text-features-transfer';

export interface ReplayStats {
  events: number;
  rejected: number;
  duplicates: number;
  keys: number;
  alertsBySeverity: Record<Severity, number>;
  seconds: number;
}

export interface ReplayOptions extends PipelineOptions {
  /** Text features on a worker thread (the default), or false for one thread. */
  textWorker?: TextWorkerOptions | false;
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

/** A chunk of validated events and, when a worker extracts them, their text features. */
interface Chunk {
  events: RequestLogEvent[];
  text: Promise<Float64Array>;
  /** Lines read up to the end of this chunk. */
  lines: number;
}

/**
 * Runs the pipeline over an NDJSON stream in event time and returns every alert in its final
 * state. Only alerts are accumulated; key state is bounded by the pipeline. With the text worker,
 * chunk N+1 is parsed and its text features extracted on the worker while chunk N is detected;
 * on one thread, each event is folded in as soon as it is parsed, so that it dies young and
 * collecting it stays cheap.
 */
export async function replay(
  input: Readable,
  options: ReplayOptions = {},
  hooks: ReplayHooks = {},
): Promise<{ alerts: Alert[]; stats: ReplayStats }> {
  const started = process.hrtime.bigint();
  const { textWorker, ...pipelineOptions } = options;
  const pipeline = new Pipeline({ ...pipelineOptions, profiles: false });
  const worker = textWorker === false ? undefined : TextFeatureWorker.start(textWorker);
  const alerts = new Map<string, Alert>();
  let line = 0;
  let events = 0;
  let rejected = 0;
  let duplicates = 0;
  const fold = (event: RequestLogEvent, text?: TextFeatures) => {
    if (pipeline.process(event, text)) events++;
    else duplicates++;
  };
  /** The line's event, or undefined for a blank or rejected line. */
  const parse = (text: string): RequestLogEvent | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    const r = parseEventLine(text);
    if (r.ok) return r.event;
    rejected++;
    hooks.onRejected?.(line, r.reason);
    return undefined;
  };
  const chunkDone = (lines: number) => {
    collect(pipeline, alerts, hooks);
    hooks.onProgress?.(lines);
  };
  const detect = async (chunk: Chunk) => {
    const packed = await chunk.text;
    for (let i = 0; i < chunk.events.length; i++) fold(chunk.events[i], unpackTextFeatures(packed, i));
    chunkDone(chunk.lines);
  };
  try {
    if (!worker) {
      for await (const batch of readLineBatches(input)) {
        for (const text of batch) {
          const event = parse(text);
          if (event) fold(event);
        }
        chunkDone(line);
      }
    } else {
      let previous: Chunk | undefined;
      for await (const batch of readLineBatches(input)) {
        const valid: RequestLogEvent[] = [];
        for (const text of batch) {
          const event = parse(text);
          if (event) valid.push(event);
        }
        const chunk: Chunk = { events: valid, text: worker.extract(valid), lines: line };
        if (previous) await detect(previous);
        previous = chunk;
      }
      if (previous) await detect(previous);
    }
  } finally {
    await worker?.close();
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
