import type { Html } from './html-template';
import { html } from './html-template';

// Charts as inline SVG: the report stays one self-contained file that prints as it shows, with
// no script to run.

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const W = 640;

/** A round axis top above `max` (1, 2 or 5 times a power of ten) and its four gridlines. */
function ticks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const step10 = 10 ** Math.floor(Math.log10(max / 4));
  const step = [1, 2, 5, 10].map((m) => m * step10).find((s) => s * 4 >= max)!;
  return [0, 1, 2, 3, 4].map((i) => i * step);
}

const compact = (n: number) =>
  n >= 1e9 ? `${+(n / 1e9).toFixed(1)}G` : n >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(n);

function legend(series: readonly Series[], y: number): Html[] {
  return series.map(
    (s, i) => html`<g transform="translate(${56 + i * 110},${y})"><rect width="10" height="10" fill="${s.color}"/><text x="15" y="9">${s.name}</text></g>`,
  );
}

/** Stacked columns, one per label (a day), with a y axis and a legend when there are several series. */
export function columnChart(title: string, labels: readonly string[], series: readonly Series[]): Html {
  const top = 12;
  const plotH = 170;
  const left = 48;
  const plotW = W - left - 8;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0));
  const axis = ticks(Math.max(...totals, 0));
  const yMax = axis[axis.length - 1];
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const slot = plotW / Math.max(labels.length, 1);
  const barW = Math.max(2, slot * 0.7);
  const bars = labels.map((_, i) => {
    let base = 0;
    return series.map((s) => {
      const v = s.values[i];
      const rect = html`<rect x="${(left + i * slot + (slot - barW) / 2).toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${barW.toFixed(1)}" height="${((v / yMax) * plotH).toFixed(1)}" fill="${s.color}"><title>${labels[i]}: ${s.name} ${v.toLocaleString('en-US')}</title></rect>`;
      base += v;
      return v > 0 ? rect : '';
    });
  });
  const grid = axis.map(
    (t) => html`<line x1="${left}" x2="${W - 8}" y1="${y(t)}" y2="${y(t)}" stroke="#dde1e8"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${compact(t)}</text>`,
  );
  // A label is about 70 units wide: at most seven fit under the plot.
  const every = Math.ceil(labels.length / 7);
  const xLabels = labels.map((l, i) =>
    i % every ? '' : html`<text x="${left + i * slot + slot / 2}" y="${top + plotH + 16}" text-anchor="middle">${l}</text>`,
  );
  const height = top + plotH + (series.length > 1 ? 46 : 26);
  return html`<svg class="chart" viewBox="0 0 ${W} ${height}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">${grid}${bars}${xLabels}${series.length > 1 ? legend(series, top + plotH + 28) : ''}</svg>`;
}

export interface Bar {
  label: string;
  value: number;
  color: string;
}

/** Horizontal bars with their labels and values, longest first as given. */
export function barChart(title: string, bars: readonly Bar[]): Html {
  const rowH = 24;
  const labelW = 150;
  const plotW = W - labelW - 70;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const rows = bars.map((b, i) => {
    const w = Math.max(1, (b.value / max) * plotW);
    const y = i * rowH + 4;
    return html`<text x="${labelW - 8}" y="${y + 13}" text-anchor="end">${b.label}</text><rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2" fill="${b.color}"><title>${b.label}: ${b.value.toLocaleString('en-US')}</title></rect><text x="${labelW + w + 6}" y="${y + 13}">${b.value.toLocaleString('en-US')}</text>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${Math.max(bars.length, 1) * rowH + 8}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}
