import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..');
const running = new Set<ChildProcess>();

/** Kills whatever a failed test left running, so that jest can exit. */
export function killServes(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Every structured log line the process wrote so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Runs `distillguard serve` as a real child process: the CLI entry point (services/cli/main.ts)
 * from source through test/support/swc-register.js, so that a crash is a crash of a separate
 * process, not of jest. Resolves once the server logs that it is serving. Embedded unless `env`
 * names Kafka and ClickHouse: `npm test` exports their addresses to every test.
 */
export function spawnServe(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  return spawnCli(['serve', ...args], { KAFKA_BROKERS: '', CLICKHOUSE_URL: '', REDIS_URL: '', ...env }, 'distillguard serving');
}

/** Runs any `distillguard` command the same way; resolves once it logs `readyMessage`. */
export function spawnCli(args: string[], env: Record<string, string>, readyMessage: string): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test/support/swc-register.js'), '-e', "require('./services/cli/main.ts').main(process.argv.slice(1))", '--', ...args],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`${args[0]} did not start:\n${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === readyMessage) {
          clearTimeout(timeout);
          resolve({ child, url: String(entry.url), logs, exited });
        }
      } catch {
        // Not a log line; the tests look only at structured logs.
      }
    });
    void exited.then((code) => {
      clearTimeout(timeout);
      reject(new Error(`${args[0]} exited with ${code} before it was ready:\n${stderr}`));
    });
  });
}
