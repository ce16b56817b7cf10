import type { Assessment, EpisodeState } from '../../detectors/alerting/episode';
import { advanceEpisode, alertIdFor, DEFAULT_EPISODE_OPTIONS } from '../../detectors/alerting/episode';

const HOUR = 3600_000;

function run(scores: Array<[number, number]>, ceiling: Assessment['ceiling'] = null) {
  let episode: EpisodeState | null = null;
  const published = [];
  let requests = 0;
  for (const [hour, score] of scores) {
    requests += 100;
    const r = advanceEpisode(episode, {
      apiKeyId: 'k1',
      accountId: 'a1',
      at: hour * HOUR,
      requests,
      firstEventTs: 0,
      score,
      signals: [],
      ceiling,
      recentRequestIds: [`r${requests - 1}`, `r${requests}`],
    });
    episode = r.episode;
    if (r.changed) published.push(structuredClone(r.changed));
  }
  return { episode, published };
}

describe('alert episodes', () => {
  it('opens nothing below the lowest band', () => {
    expect(run([[1, 0.1], [2, 0.3]]).published).toHaveLength(0);
  });

  it('keeps one alert per episode and records each escalation', () => {
    const { published, episode } = run([[1, 0.4], [2, 0.6], [3, 0.8], [4, 0.95]]);
    const ids = new Set(published.map((a) => a.alert_id));
    expect(ids.size).toBe(1);
    const last = published[published.length - 1];
    expect(last.severity).toBe('critical');
    expect(last.recommended_action).toBe('suspend');
    expect(last.severity_history.map((h) => h.severity)).toEqual(['low', 'medium', 'high', 'critical']);
    expect(last.detected_at).toBe(1 * HOUR);
    expect(last.requests_at_detection).toBe(100);
    expect(last.requests_total).toBe(400);
    expect(last.sample_request_ids).toContain('r100');
    expect(episode?.alert.alert_id).toBe(alertIdFor('key', 'k1', HOUR));
  });

  it('never modifies an alert it published: callers keep them without copying', () => {
    let episode: EpisodeState | null = null;
    const kept: Array<{ alert: object; asPublished: string }> = [];
    // Opens, escalates twice, calms down and ends: every path that changes an alert.
    for (const [hour, score] of [[1, 0.4], [2, 0.6], [3, 0.95], [4, 0.95], [10, 0.1], [40, 0.1]]) {
      const r = advanceEpisode(episode, {
        apiKeyId: 'k1', accountId: 'a1', at: hour * HOUR, requests: hour * 10, firstEventTs: 0, score,
        signals: [], ceiling: null, recentRequestIds: [`r${hour}`],
      });
      episode = r.episode;
      if (r.changed) kept.push({ alert: r.changed, asPublished: JSON.stringify(r.changed) });
    }
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(kept[kept.length - 1].asPublished).ended_at).toBe(40 * HOUR);
    for (const k of kept) expect(JSON.stringify(k.alert)).toBe(k.asPublished);
  });

  it('does not flap around a threshold', () => {
    const t = DEFAULT_EPISODE_OPTIONS.thresholds.medium;
    const { published } = run([[1, t + 0.01], [2, t - 0.02], [3, t + 0.01], [4, t - 0.03]]);
    const last = published[published.length - 1];
    expect(last.severity_history).toHaveLength(1);
    expect(last.severity).toBe('medium');
  });

  it('ends after staying quiet for the quiet period and starts a new episode later', () => {
    const quietHours = DEFAULT_EPISODE_OPTIONS.quietMs / HOUR;
    const { published, episode } = run([
      [1, 0.7],
      [2, 0.1],
      [2 + quietHours - 1, 0.1],
      [2 + quietHours, 0.1],
      [2 + quietHours + 5, 0.7],
    ]);
    const ids = [...new Set(published.map((a) => a.alert_id))];
    expect(ids).toHaveLength(2);
    const ended = published.filter((a) => a.alert_id === ids[0]).pop()!;
    expect(ended.ended_at).toBe((2 + quietHours) * HOUR);
    expect(episode?.alert.alert_id).toBe(ids[1]);
  });

  it('holds allow-listed keys at low however high they score', () => {
    const { published } = run([[1, 0.99], [2, 0.99]], 'low');
    expect(published.every((a) => a.severity === 'low')).toBe(true);
  });

  it('gives the same id for the same key and episode and different ids otherwise', () => {
    expect(alertIdFor('key', 'k1', 5)).toBe(alertIdFor('key', 'k1', 5));
    expect(alertIdFor('key', 'k1', 5)).not.toBe(alertIdFor('key', 'k2', 5));
    expect(alertIdFor('key', 'k1', 5)).not.toBe(alertIdFor('cluster', 'k1', 5));
  });
});

describe('de-escalation', () => {
  it('lowers severity only after the score stayed lower for the dwell time', () => {
    const dwellHours = DEFAULT_EPISODE_OPTIONS.deescalateMs / HOUR;
    const { published } = run([
      [1, 0.95],
      [2, 0.6],
      [2 + dwellHours / 2, 0.95],
      [3 + dwellHours / 2, 0.6],
      [3 + dwellHours * 2, 0.6],
    ]);
    const last = published[published.length - 1];
    expect(last.severity_history.map((h) => h.severity)).toEqual(['critical', 'medium']);
  });
});
