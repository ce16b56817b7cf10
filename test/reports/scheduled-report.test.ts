import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '../../services/reports/render';
import { scheduledReportId, weekBefore } from '../../services/reports/range';
import { SqliteStore } from '../../services/store/sqlite/store';
import { launchBrowser } from '../e2e/browser';
import { eventually } from '../support/eventually';
import type { JobMode } from '../jobs/actions-harness';
import { startActionsUnderTest } from '../jobs/actions-harness';
import { seedWeek } from './seed';

// The weekly report on a test schedule (every second): it fires through the job backend, reads
// the week through the store interface, and its HTML renders in Chromium with its charts.

/** Left for a reviewer to look at. */
const SCREENSHOT = join(tmpdir(), 'distillguard-report.png');
const SCREENSHOT_TOP = join(tmpdir(), 'distillguard-report-top.png');
const DAY = 86_400_000;

describe.each<JobMode>(['in-process', 'bullmq'])('the scheduled report with jobs %s', (mode) => {
  it('fires on its schedule and renders in a browser with its charts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dg-report-'));
    const week = weekBefore(Date.now());
    const seeding = SqliteStore.open(join(dataDir, 'distillguard.db'), { suppressionDays: 7, now: () => week.from + 3 * DAY });
    await seedWeek(seeding, week.from);
    await seeding.close();

    const t = await startActionsUnderTest(mode, { dataDir, env: { DISTILLGUARD_REPORT_CRON: '* * * * * *' } });
    try {
      const id = scheduledReportId(week);
      const { record, data } = await eventually('the scheduled report', async () => {
        const r = await t.store.getReport(id).catch(() => undefined);
        return r?.record.status === 'ready' ? r : undefined;
      });
      expect(record).toMatchObject({ trigger: 'schedule', range: week, requested_by: 'schedule' });
      expect(data!.summary).toMatchObject({ alerts: 18, alerts_high_or_above: 4, decisions: 3, confirmed: 2, dismissed_false_positive: 1 });
      expect(data!.summary.precision).toBeCloseTo(2 / 3);
      expect(data!.previous).toMatchObject({ alerts: 2, confirmed: 1 });
      expect(data!.top_keys.slice(0, 3).map((k) => k.api_key_id)).toEqual(['key-02', 'key-01', 'key-00']);
      expect(data!.top_clusters).toEqual([{ alert_id: 'al_seed_4', api_key_id: 'key-00', keys: 3, severity: 'critical', score: 0.94 }]);
      expect(data!.campaigns[0]).toMatchObject({ alert_id: 'al_seed_1', status: 'confirmed' });
      // A schedule that fires again for the same week makes no second report.
      await new Promise((r) => setTimeout(r, 1200));
      expect((await t.store.listReports(10)).map((r) => r.report_id)).toEqual([id]);

      const browser = await launchBrowser();
      try {
        const page = await browser.context.newPage();
        await page.setContent(renderReport(data!, 'html').body);
        const charts = await page.locator('svg.chart').evaluateAll((svgs) =>
          svgs.map((s) => ({ width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height, marks: s.querySelectorAll('rect').length })),
        );
        expect(charts).toHaveLength(4);
        for (const c of charts) {
          expect(c.width).toBeGreaterThan(300);
          expect(c.height).toBeGreaterThan(50);
          expect(c.marks).toBeGreaterThan(1);
        }
        expect(await page.locator('h2', { hasText: 'Notable campaigns' }).count()).toBe(1);
        expect(await page.locator('table').count()).toBeGreaterThanOrEqual(8);
        if (mode === 'in-process') {
          await page.screenshot({ path: SCREENSHOT, fullPage: true });
          await page.screenshot({ path: SCREENSHOT_TOP });
        }
      } finally {
        await browser.close();
      }
    } finally {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
