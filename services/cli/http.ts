import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { InvalidArgumentError } from 'commander';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../schemas/config';
import { ensureAdminToken } from '../api/admin-token';
import { TokenRegistry } from '../api/auth';

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const HTTP_GRACE_MS = 10_000;

/** The configured tokens, or a generated admin token kept in the data directory when none are. */
export function apiTokens(config: Config, log: Logger): TokenRegistry {
  if (config.apiTokens.length) return TokenRegistry.fromConfig(config.apiTokens, config.ingestToken);
  mkdirSync(config.dataDir, { recursive: true });
  const { token, file } = ensureAdminToken(config.dataDir);
  log.warn({ token_file: file }, `no DISTILLGUARD_API_TOKENS configured: the admin token is in ${file}`);
  return TokenRegistry.fromConfig([{ role: 'admin', token }], config.ingestToken);
}

export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

/** Stops taking requests and resolves once those in flight have finished (or were cut off). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), HTTP_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Keep-alive connections with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
  });
}

export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}
