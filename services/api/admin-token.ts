import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The admin token of a `serve` with no tokens configured: generated once into the data directory,
 * readable by the owner only, and kept across restarts so that the operator's token stays valid.
 */
export function ensureAdminToken(dataDir: string): { token: string; file: string } {
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) {
    // 'wx' fails rather than overwrite, should two processes race on one data directory.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < 16) throw new Error(`${file} does not hold a token; delete it to have a new one generated`);
  return { token, file };
}
