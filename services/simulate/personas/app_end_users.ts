import { ipAddress } from '../network';
import { casualPerson } from './casual_user';
import type { Persona } from './types';

const APP_AGENT = 'Quill/3.2.1 (iPhone; iOS 17.5; Scale/3.00)';
const APP_SYSTEM =
  'You are Quill, a friendly writing and study companion. Answer clearly and kindly, keep answers short enough to read on a phone, and ask a follow-up question when the request is ambiguous.';

/**
 * The end users of one mobile app that gives each user a key of their own: the same system
 * prompt and user agent on every request, from each person's phone. A hard negative.
 */
export const appEndUsers: Persona = {
  name: 'app_end_users',
  attacker: false,
  keysAtScale1: 60,
  accounts: { pool: 'app_end_users', keysPerAccount: [1, 1] },
  create: (rng, _index, window) =>
    casualPerson(rng, window, (r) => ({
      web: true,
      client: { ips: [ipAddress(r, 'mobile')], userAgents: [APP_AGENT], retries: 1, rateLimited: 0.002, serverError: 0.003 },
      system: APP_SYSTEM,
    })),
};
