import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import pino from 'pino';
import type { Config } from '../../schemas/config';
import { loadConfig } from '../../schemas/config';
import type { ReportFormat } from '../../schemas/report';
import { REPORT_FORMATS } from '../../schemas/report';
import { parseDay, requestedReportId } from '../reports/range';
import { renderReport } from '../reports/render';
import { makeReport } from '../reports/service';
import { openClickHouseStore } from '../store/clickhouse/store';
import { SqliteStore } from '../store/sqlite/store';
import type { DataStore } from '../store/types';
import { isScaleOut } from './mode';

const DAY = 86_400_000;

function day(v: string): number {
  try {
    return parseDay(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function format(v: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`must be one of ${REPORT_FORMATS.join(', ')}`);
  return v as ReportFormat;
}

/** ClickHouse in scale-out mode; otherwise the embedded file, beside a running `serve` too (WAL lets both use it). */
function openStore(config: Config): Promise<DataStore> {
  if (isScaleOut(config)) return openClickHouseStore(config, { log: pino({ level: config.logLevel }, pino.destination(2)) });
  return Promise.resolve(SqliteStore.open(join(config.dataDir, 'distillguard.db'), { suppressionDays: config.suppressionDays }));
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Make an abuse report on a period, keep it (GET /v1/reports lists it) and write it out')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (UTC)', day)
    .requiredOption('--to <date>', 'last day, included, YYYY-MM-DD (UTC)', day)
    .option('--format <format>', `one of ${REPORT_FORMATS.join(', ')}`, format, 'md')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--data-dir <dir>', 'where data is kept (default DISTILLGUARD_DATA_DIR or ./data)')
    .action(async (o: { from: number; to: number; format: ReportFormat; out?: string; dataDir?: string }) => {
      if (o.to < o.from) throw new InvalidArgumentError('--to is before --from');
      const config = loadConfig({ dataDir: o.dataDir });
      const store = await openStore(config);
      try {
        const range = { from: o.from, to: o.to + DAY };
        const { report_id } = await store.createReport({ report_id: requestedReportId(Date.now()), trigger: 'cli', range, requested_by: 'cli' });
        const { body } = renderReport(await makeReport(store, report_id), o.format);
        if (o.out) writeFileSync(o.out, body);
        else process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
        process.stderr.write(`report ${report_id}${o.out ? ` written to ${o.out}` : ''}\n`);
      } finally {
        await store.close();
      }
    });
}
