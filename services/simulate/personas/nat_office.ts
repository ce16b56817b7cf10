import { browserAgent, ipAddress } from '../network';
import { Rng } from '../rng';
import { casualPerson } from './casual_user';
import type { Persona } from './types';

/**
 * Unrelated people behind one carrier-grade or corporate NAT: every request of every one of them
 * comes from the same address. A hard negative for linking by infrastructure.
 */
export const natOffice: Persona = {
  name: 'nat_office',
  attacker: false,
  keysAtScale1: 60,
  accounts: { pool: 'nat_office', keysPerAccount: [1, 2] },
  create(rng, _index, window) {
    const egress = ipAddress(Rng.derive(window.seed, 'nat_office'), 'office');
    return casualPerson(rng, window, (r) => ({
      web: true,
      client: { ips: [egress], userAgents: [browserAgent(r)], retries: 0, rateLimited: 0.001, serverError: 0.003 },
    }));
  },
};
