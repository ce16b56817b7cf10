import { appEndUsers } from './app_end_users';
import { benchmarkEval } from './benchmark_eval';
import { benchmarkSweeper } from './benchmark_sweeper';
import { bulkDistiller } from './bulk_distiller';
import { casualUser } from './casual_user';
import { companyTeams } from './company_teams';
import { consumerApp } from './consumer_app';
import { heavyDeveloper } from './heavy_developer';
import { hydraBenchmark } from './hydra_benchmark';
import { hydraContentOnly } from './hydra_content_only';
import { hydraDatacenter } from './hydra_datacenter';
import { hydraProxy } from './hydra_proxy';
import { lowAndSlow } from './low_and_slow';
import { natOffice } from './nat_office';
import { pipeline } from './pipeline';
import { reasoningExtractor } from './reasoning_extractor';
import { sdkCustomers } from './sdk_customers';
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
  natOffice,
  sdkCustomers,
  appEndUsers,
  companyTeams,
  hydraDatacenter,
  hydraProxy,
  hydraContentOnly,
  hydraBenchmark,
];
