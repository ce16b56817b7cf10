import { benchmarkEval } from './benchmark_eval';
import { benchmarkSweeper } from './benchmark_sweeper';
import { bulkDistiller } from './bulk_distiller';
import { casualUser } from './casual_user';
import { consumerApp } from './consumer_app';
import { heavyDeveloper } from './heavy_developer';
import { lowAndSlow } from './low_and_slow';
import { pipeline } from './pipeline';
import { reasoningExtractor } from './reasoning_extractor';
import type { Persona } from './types';

/**
 * Every persona the simulator knows. A new persona is a module exporting a Persona and one line
 * here; each persona draws from its own seeded stream, so adding one leaves the others' traffic
 * unchanged.
 */
export const PERSONAS: readonly Persona[] = [
  casualUser,
  pipeline,
  benchmarkEval,
  heavyDeveloper,
  consumerApp,
  bulkDistiller,
  lowAndSlow,
  reasoningExtractor,
  benchmarkSweeper,
];
