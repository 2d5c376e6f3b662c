// Series for the training charts: the live run plus overlaid earlier runs, aligned on one x axis as uPlot wants
// (columns of equal length, null where a series has no point). Pure (unit-tested).
import type { RunSummary } from '../src/protocol';
import type { LiveRun } from './state';

export type Column = (number | null)[];

export interface ChartSeries {
  label: string;
  kind: 'live-loss' | 'live-val-loss' | 'overlay-loss' | 'live-acc' | 'overlay-acc';
}

export interface AlignedData {
  series: ChartSeries[];
  /** data[0] = x values, data[i + 1] = series i. */
  data: Column[];
}

/** Merges (x, y) point lists into aligned columns on the union of their x values. */
export function align(lists: { x: number; y: number }[][]): Column[] {
  const xs = [...new Set(lists.flatMap((l) => l.map((p) => p.x)))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i] as const));
  const columns: Column[] = [xs];
  for (const list of lists) {
    const col: Column = new Array<number | null>(xs.length).fill(null);
    for (const p of list) col[at.get(p.x)!] = p.y;
    columns.push(col);
  }
  return columns;
}

function runLabel(r: RunSummary): string {
  return `${r.startedAt.slice(0, 16).replace('T', ' ')} · ${r.backend}${r.testAccuracy !== null ? ` · ${(r.testAccuracy * 100).toFixed(1)}%` : ''}`;
}

/** Loss against samples seen: live batch loss, live validation loss, and each overlaid run's batch loss. */
export function lossData(run: LiveRun | null, overlays: readonly RunSummary[]): AlignedData {
  const series: ChartSeries[] = [
    { label: 'Training loss (batch)', kind: 'live-loss' },
    { label: 'Validation loss', kind: 'live-val-loss' },
    ...overlays.map((r) => ({ label: `Run ${runLabel(r)}`, kind: 'overlay-loss' as const })),
  ];
  const lists = [
    (run?.losses ?? []).map((p) => ({ x: p.samplesSeen, y: p.loss })),
    (run?.epochs ?? []).map((e) => ({ x: e.samplesSeen, y: e.valLoss })),
    ...overlays.map((r) => r.losses.map((p) => ({ x: p.samplesSeen, y: p.loss }))),
  ];
  return { series, data: align(lists) };
}

/** Validation accuracy per epoch: the live run and each overlaid run. */
export function accuracyData(run: LiveRun | null, overlays: readonly RunSummary[]): AlignedData {
  const series: ChartSeries[] = [
    { label: 'Validation accuracy', kind: 'live-acc' },
    ...overlays.map((r) => ({ label: `Run ${runLabel(r)}`, kind: 'overlay-acc' as const })),
  ];
  const lists = [
    (run?.epochs ?? []).map((e) => ({ x: e.epoch, y: e.valAccuracy })),
    ...overlays.map((r) => r.epochs.map((e) => ({ x: e.epoch, y: e.valAccuracy }))),
  ];
  return { series, data: align(lists) };
}

/**
 * The accuracy chart's y range: whole tenths around the data, never below 0% or above 100% (uPlot's automatic
 * range pads a lone point by its magnitude, which drew a one-epoch run on a 0–150% axis).
 */
export function accuracyRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const lo = Math.max(0, Math.floor((min - 0.05) * 10) / 10);
  const hi = Math.min(1, Math.ceil((max + 0.05) * 10) / 10);
  return [Number(lo.toFixed(1)), Number(hi.toFixed(1))];
}

/** The epoch axis: half an epoch either side of the first and last epoch, so a lone epoch sits mid-chart on tick 1. */
export function epochRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0.5, 1.5];
  return [min - 0.5, max + 0.5];
}

/** Decodes a misclassified image's base64 pixels (784 bytes) to grey values. */
export function decodePixels(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
