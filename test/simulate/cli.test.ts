import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseEventLine } from '../../schemas/event';
import { registerSimulate } from '../../services/cli/simulate';

function program(): Command {
  const p = new Command('distillguard').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerSimulate(p);
  return p;
}

/** Runs the command with stdout captured. */
async function run(args: string[]): Promise<string> {
  let out = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    await program().parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return out;
}

describe('distillguard simulate', () => {
  it('writes valid NDJSON sorted by ts, and the labels of every key', async () => {
    const labelsFile = join(mkdtempSync(join(tmpdir(), 'dg-sim-')), 'labels.json');
    const out = await run(['simulate', '--seed', '4', '--days', '0.2', '--scale', '0.1', '--labels', labelsFile]);
    const lines = out.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1000);
    const parsed = lines.map(parseEventLine);
    expect(parsed.filter((r) => !r.ok)).toEqual([]);
    const ts = parsed.map((r) => (r.ok ? r.event.ts : NaN));
    expect(ts.findIndex((t, i) => i > 0 && t < ts[i - 1])).toBe(-1);
    const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, { persona: string; attacker: boolean; account_id: string }>;
    for (const r of parsed) if (r.ok) expect(labels[r.event.api_key_id].account_id).toBe(r.event.account_id);
  });

  it('gives byte-identical output for the same arguments', async () => {
    const args = ['simulate', '--seed', '8', '--days', '0.1', '--scale', '0.1', '--start', '2026-06-01T00:00:00Z'];
    const a = await run(args);
    expect(await run(args)).toBe(a);
    expect(a.startsWith('{"request_id":')).toBe(true);
    expect(a).toContain('"ts":"2026-06-01T');
  });

  it('rejects bad arguments', async () => {
    await expect(run(['simulate', '--days', '1'])).rejects.toThrow(/seed/);
    await expect(run(['simulate', '--seed', 'x', '--days', '1'])).rejects.toThrow(/non-negative integer/);
    await expect(run(['simulate', '--seed', '1', '--days', '-2'])).rejects.toThrow(/positive/);
    await expect(run(['simulate', '--seed', '1', '--days', '1', '--start', '2026-11-02T00:00:00'])).rejects.toThrow(/offset/);
  });
});
