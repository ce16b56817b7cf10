import type { DetectorName } from '../schemas/signal';
import { createCoverageDetector } from './coverage';
import { createDiversityDetector } from './diversity';
import { createElicitationDetector } from './elicitation';
import { createHarvestingDetector } from './harvesting';
import { createTemplatingDetector } from './templating';
import { createTimingDetector } from './timing';
import { createVolumeDetector } from './volume';
import type { Detector } from './types';

/** Per-detector option overrides, as they come from configuration. */
export type DetectorOptions = Partial<Record<DetectorName, Record<string, unknown>>>;

/** Every detector, in a fixed order (the order of signals in an alert). */
export function createDetectors(options: DetectorOptions = {}): Detector[] {
  return [
    createVolumeDetector(options.volume),
    createDiversityDetector(options.diversity),
    createCoverageDetector(options.coverage),
    createTemplatingDetector(options.templating),
    createElicitationDetector(options.elicitation),
    createHarvestingDetector(options.harvesting),
    createTimingDetector(options.timing),
  ] as Detector[];
}
