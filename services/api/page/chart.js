// The key's traffic over time: requests per hour as bars, the hour's highest score as a line.
import uPlot from '/vendor/uPlot.esm.js';
import { el } from './dom.js';
import { empty } from './blocks.js';
import { dayOf, timeOf } from './format.js';

const HOUR = 3600_000;
const HEIGHT = 220;
// Ticks fall on whole hours: the data is hourly, so half-hour ticks would only add noise.
const TICK_STEPS = [1, 2, 3, 6, 12, 24, 48, 168].map((h) => h * HOUR);

/** "14:00", with the day under the first tick and under each midnight. */
function tickLabels(_plot, ticks) {
  return ticks.map((ms, i) => {
    const time = timeOf(ms);
    return i === 0 || time === '00:00' ? `${time}\n${dayOf(ms)}` : time;
  });
}

/**
 * Hours without traffic are missing from the profile. The axis spans them (and one hour either
 * side) with no bar and no score, so that a burst reads as a burst, not as a line across a gap.
 */
function continuous(hours) {
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  const first = Math.min(...byHour.keys()) - HOUR;
  const last = Math.max(...byHour.keys()) + HOUR;
  const xs = [], requests = [], scores = [];
  for (let t = first; t <= last; t += HOUR) {
    xs.push(t);
    requests.push(byHour.get(t)?.requests ?? null);
    scores.push(byHour.get(t)?.max_score ?? null);
  }
  return [xs, requests, scores];
}

/**
 * A key's traffic chart: `node` goes into the page, then `draw()` draws it (uPlot sizes itself
 * from its host, which has a width only once it is in the page).
 */
export function trafficChart(apiKeyId, hours) {
  if (!hours.length) return { node: empty('No traffic recorded for this key.'), draw: () => {} };
  const host = el('div', { class: 'chart', role: 'img', 'aria-label': `Requests per hour and highest score per hour of key ${apiKeyId}` });
  return { node: host, draw: () => keyChart(host, hours) };
}

/** Draws into `host` (already in the document, so that it has a width); redraws on resize. */
function keyChart(host, hours) {
  const plot = new uPlot(
    {
      width: host.clientWidth,
      height: HEIGHT,
      ms: 1,
      tzDate: (ms) => uPlot.tzDate(new Date(ms), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false } },
      scales: { score: { range: [0, 1] } },
      series: [
        { label: 'Hour (UTC)', value: '{DD} {MMM} {HH}:{mm}' },
        {
          label: 'Requests',
          scale: 'requests',
          stroke: '#3b6fb6',
          fill: 'rgba(59, 111, 182, 0.35)',
          paths: uPlot.paths.bars({ size: [0.8, 48] }),
          points: { show: false },
        },
        { label: 'Max score', scale: 'score', stroke: '#c2410c', width: 2, points: { size: 6 } },
      ],
      axes: [
        { incrs: TICK_STEPS, values: tickLabels },
        { scale: 'requests', label: 'requests / hour' },
        { scale: 'score', side: 1, label: 'score', grid: { show: false } },
      ],
    },
    continuous(hours),
    host,
  );
  const resize = new ResizeObserver(() => {
    // The detail is redrawn wholesale; a chart whose host left the page goes with it.
    if (!host.isConnected) {
      resize.disconnect();
      plot.destroy();
      return;
    }
    plot.setSize({ width: host.clientWidth, height: HEIGHT });
  });
  resize.observe(host);
}
