// A line chart over uPlot. uPlot over Chart.js and friends: ~50 KB, canvas-based, and it redraws thousands of
// points in well under a millisecond, so a chart update per progress message stays far inside a frame
// (bench/RESULTS-dashboard.md); its columnar data model fits appending points. Colours come from the theme's
// --vscode-charts-* variables, read when the chart is (re)built (the host toggles body classes on theme change).
import uPlot from 'uplot';
import type { AlignedData, ChartSeries } from '../chartData';
import { h, themeColor } from '../dom';

export interface ChartOptions {
  /** A class for the chart's element (e.g. for tests and styles to tell the charts apart). */
  className?: string;
  xLabel: string;
  yLabel: string;
  /** Formats y tick values. */
  yFormat?: (v: number) => string;
  /** The y scale's range from the data's extent (else uPlot's automatic range). */
  yRange?: (min: number | null, max: number | null) => [number, number];
  /** The x scale's range from the data's extent (else uPlot's automatic range). */
  xRange?: (min: number | null, max: number | null) => [number, number];
  /** Allowed x tick steps (e.g. [1, 2, 5] for whole epochs). */
  xIncrs?: number[];
}

function seriesStyle(s: ChartSeries, overlayIndex: number): uPlot.Series {
  const palette = ['--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-green', '--vscode-charts-yellow', '--vscode-charts-red'];
  const fallbacks = ['#d18616', '#b180d7', '#89d185', '#cca700', '#f14c4c'];
  switch (s.kind) {
    case 'live-loss':
      return { label: s.label, stroke: themeColor('--vscode-charts-blue', '#3794ff'), width: 2, spanGaps: true, points: { show: false } };
    case 'live-val-loss':
    case 'live-acc':
      return {
        label: s.label, stroke: themeColor(s.kind === 'live-acc' ? '--vscode-charts-blue' : '--vscode-charts-red', s.kind === 'live-acc' ? '#3794ff' : '#f14c4c'),
        width: 2, spanGaps: true, points: { show: true, size: 7 },
      };
    default: {
      const i = overlayIndex % palette.length;
      return { label: s.label, stroke: themeColor(palette[i], fallbacks[i]), width: 1.25, dash: [5, 4], spanGaps: true, points: { show: false } };
    }
  }
}

/** The smallest and largest finite value in the columns (null, null when there is none). */
function extent(columns: readonly (ArrayLike<number | null | undefined>)[]): [number | null, number | null] {
  let min: number | null = null;
  let max: number | null = null;
  for (const col of columns) {
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    }
  }
  return [min, max];
}

export class Chart {
  readonly element = h('div', { class: 'chart' });
  private plot: uPlot | null = null;
  private seriesKey = '';
  private readonly resize = new ResizeObserver(() => this.fitWidth());

  constructor(private readonly opts: ChartOptions) {
    if (opts.className) this.element.classList.add(opts.className);
    this.resize.observe(this.element);
  }

  /** Sets the data; rebuilds the plot only when the set of series changed (a new overlay, a theme change). */
  update(d: AlignedData, force = false): void {
    const key = d.series.map((s) => s.label).join('\u0000');
    if (!this.plot || force || key !== this.seriesKey) {
      this.build(d);
      this.seriesKey = key;
    } else {
      this.plot.setData(d.data as uPlot.AlignedData);
    }
  }

  private build(d: AlignedData): void {
    this.plot?.destroy();
    const fg = themeColor('--vscode-foreground', '#cccccc');
    const grid = themeColor('--vscode-widget-border', themeColor('--vscode-editorWidget-border', '#80808040'));
    const font = `11px ${themeColor('--vscode-font-family', 'sans-serif')}`;
    let overlay = 0;
    const axis = (label: string, values?: uPlot.Axis['values'], incrs?: number[]): uPlot.Axis => ({
      label, stroke: fg, font, labelFont: font, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid, width: 0.5 }, values,
      ...(incrs ? { incrs } : {}),
    });
    const opts: uPlot.Options = {
      width: Math.max(240, this.element.clientWidth || 480),
      height: 220,
      legend: { show: true, live: false },
      cursor: { drag: { x: true, y: false } },
      scales: {
        // From the data itself: uPlot widens a lone x value to ±1 before a range function sees it.
        x: { time: false, ...(this.opts.xRange ? { range: (u) => this.opts.xRange!(...extent([u.data[0]])) } : {}) },
        y: this.opts.yRange ? { range: (u) => this.opts.yRange!(...extent(u.data.slice(1))) } : {},
      },
      // The drawn scales, on the element: what the browser tests check (the axes are canvas pixels).
      hooks: { setScale: [(u, key) => {
        const sc = u.scales[key];
        this.element.dataset[`${key}Range`] = `${sc.min ?? ''},${sc.max ?? ''}`;
      }] },
      axes: [
        axis(this.opts.xLabel, undefined, this.opts.xIncrs),
        axis(this.opts.yLabel, this.opts.yFormat ? (_u, vals) => vals.map((v) => this.opts.yFormat!(v)) : undefined),
      ],
      series: [{ label: this.opts.xLabel }, ...d.series.map((s) => seriesStyle(s, s.kind.startsWith('overlay') ? overlay++ : 0))],
    };
    this.element.replaceChildren();
    this.plot = new uPlot(opts, d.data as uPlot.AlignedData, this.element);
  }

  private fitWidth(): void {
    const w = this.element.clientWidth;
    if (this.plot && w > 0 && Math.abs(w - this.plot.width) > 2) this.plot.setSize({ width: w, height: 220 });
  }

  /** Rebuild with the current theme's colours. */
  retheme(): void {
    this.seriesKey = '';
  }
}
