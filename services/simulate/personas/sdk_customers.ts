import { ipAddress } from '../network';
import { casualPerson } from './casual_user';
import type { Persona } from './types';

/** The version of the official SDK most customers have installed this month. */
const POPULAR_SDK = 'openai-python/1.54.4';

/**
 * Small customers scripting the API from home, unrelated to one another, all with the same
 * popular SDK release: one user agent shared by many keys. A hard negative for infrastructure.
 */
export const sdkCustomers: Persona = {
  name: 'sdk_customers',
  attacker: false,
  keysAtScale1: 60,
  accounts: { pool: 'sdk_customers', keysPerAccount: [1, 1] },
  create: (rng, _index, window) =>
    casualPerson(rng, window, (r) => ({
      web: false,
      client: { ips: [ipAddress(r, 'home')], userAgents: [POPULAR_SDK], retries: 2, rateLimited: 0.002, serverError: 0.003 },
    })),
};
