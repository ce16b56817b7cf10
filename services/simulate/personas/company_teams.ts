import { ipAddress, sdkAgent } from '../network';
import { Rng } from '../rng';
import { pickTimeZone } from '../timing';
import { batchJob } from './pipeline';
import type { Persona } from './types';

const TEAMS_PER_COMPANY = 6;

/**
 * Several teams of one company, each running its own legitimate batch job through the company's
 * egress address, pinned SDK and scheduler (every job starts at the same nightly hour). A hard
 * negative: shared infrastructure and synchronised timing, but no shared campaign.
 */
export const companyTeams: Persona = {
  name: 'company_teams',
  attacker: false,
  keysAtScale1: 12,
  accounts: { pool: 'company_teams', keysPerAccount: [1, 2] },
  create(rng, index, window) {
    const company = Rng.derive(window.seed, 'company_teams', Math.floor(index / TEAMS_PER_COMPANY));
    const tz = pickTimeZone(company);
    const cronHour = company.int(0, 3);
    const client = { ips: [ipAddress(company, 'office')], userAgents: [sdkAgent(company, 'python')], retries: 2, rateLimited: 0.003, serverError: 0.003 };
    return batchJob(rng, window, { tz, cronHour, client, slower: 8 });
  },
};
