import { z } from 'zod';

export const DETECTOR_NAMES = [
  'volume',
  'diversity',
  'coverage',
  'templating',
  'elicitation',
  'harvesting',
  'timing',
  /** The collective behaviour of a cluster of linked keys (cluster alerts only). */
  'cluster',
] as const;
export const DetectorNameSchema = z.enum(DETECTOR_NAMES);
export type DetectorName = z.infer<typeof DetectorNameSchema>;

/** The figures behind a signal, flat so that a table or a log line can show them. */
export const EvidenceSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));
export type Evidence = z.infer<typeof EvidenceSchema>;

/** What one detector says about one key at one moment of event time. */
export const SignalSchema = z.object({
  detector: DetectorNameSchema,
  score: z.number().min(0).max(1),
  summary: z.string(),
  evidence: EvidenceSchema,
});
export type Signal = z.infer<typeof SignalSchema>;
