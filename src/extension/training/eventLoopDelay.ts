// Measures how long the extension host's event loop is blocked while a run is in progress (goal: < 50 ms), with
// Node's own histogram (perf_hooks.monitorEventLoopDelay), so a regression that pulls work onto the host shows up.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface EventLoopDelayReport {
  meanMs: number;
  p99Ms: number;
  maxMs: number;
  /** How long the monitor ran, seconds. */
  seconds: number;
}

export class EventLoopDelayMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly started = performance.now();

  constructor() {
    this.histogram.enable();
  }

  /** Stops measuring and returns the figures (delays beyond the 10 ms sampling resolution). */
  finish(): EventLoopDelayReport {
    this.histogram.disable();
    const ms = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0);
    return {
      meanMs: ms(this.histogram.mean),
      p99Ms: ms(this.histogram.percentile(99)),
      maxMs: ms(this.histogram.max),
      seconds: (performance.now() - this.started) / 1000,
    };
  }
}

export function describeDelay(r: EventLoopDelayReport): string {
  return `Extension host event-loop delay during the run (${r.seconds.toFixed(0)} s): mean ${r.meanMs.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms (goal < 50 ms).`;
}
