import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ApiRole, ApiToken } from '../../schemas/config';
import { ApiError } from './errors';

/** What a route requires. `public` routes (health, metrics, docs) take no token. */
export type Permission = 'public' | 'read' | 'triage' | 'admin' | 'ingest';

/** Config roles, plus `ingest` for the ingest token, which can send events and read nothing. */
export type Role = ApiRole | 'ingest';

export interface Actor {
  /** Written to the audit trail: the role and a fingerprint of the token, never the token. */
  id: string;
  role: Role | 'anonymous';
}

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  analyst: ['read', 'triage'],
  admin: ['read', 'triage', 'admin', 'ingest'],
  ingest: ['ingest'],
};

export const ANONYMOUS: Actor = { id: 'anonymous', role: 'anonymous' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The bearer tokens this process accepts. Tokens are looked up by their hash, so that the
 * comparison does not leak a token's prefix through timing.
 */
export class TokenRegistry {
  private readonly byHash = new Map<string, Actor>();

  constructor(tokens: ReadonlyArray<{ role: Role; token: string }>) {
    for (const { role, token } of tokens) {
      const hash = sha256(token);
      this.byHash.set(hash, { id: `${role}:${hash.slice(0, 8)}`, role });
    }
  }

  static fromConfig(apiTokens: readonly ApiToken[], ingestToken: string | undefined): TokenRegistry {
    return new TokenRegistry([...apiTokens, ...(ingestToken ? [{ role: 'ingest' as const, token: ingestToken }] : [])]);
  }

  identify(token: string): Actor | undefined {
    return this.byHash.get(sha256(token));
  }
}

/** Resolves the request's actor into `res.locals.actor`, or answers 401/403. */
export function authenticate(tokens: TokenRegistry, permission: Permission): RequestHandler {
  return (req, res, next) => {
    if (permission === 'public') {
      res.locals.actor = ANONYMOUS;
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const actor = match ? tokens.identify(match[1]) : undefined;
    if (!actor) {
      throw new ApiError(401, 'unauthorized', match ? 'the bearer token is not valid' : 'a bearer token is required', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (actor.role === 'anonymous' || !GRANTS[actor.role].includes(permission)) {
      throw new ApiError(403, 'forbidden', `the ${actor.role} role cannot ${permission}`);
    }
    res.locals.actor = actor;
    next();
  };
}
