// Growth checks for "time linear in size": the same work at n and 4n, each timed as the best of a few runs (the
// best run is the one least disturbed by other processes), compared by their ratio, not against a wall clock.
// Linear work gives a ratio near 4; quadratic work near 16. The allowed factor sits between, with room for noise.
import * as assert from 'node:assert';

export const GROWTH_FACTOR_LIMIT = 8;

export function bestTimeMs(work: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Asserts that `work(4n)` takes at most GROWTH_FACTOR_LIMIT times `work(n)`; returns both times. A machine shared with
 * other processes can stall one measurement: a ratio over the limit is measured again, up to three times in all
 * (quadratic work stays over it every time).
 */
export function assertLinearGrowth(
  what: string, n: number, work: (size: number) => () => unknown, runs = 3, limit = GROWTH_FACTOR_LIMIT,
): { small: number; large: number } {
  const smallWork = work(n);
  const largeWork = work(4 * n);
  smallWork(); // warm up (JIT) before timing
  let message = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const small = bestTimeMs(smallWork, runs);
    const large = bestTimeMs(largeWork, runs);
    // Below a few milliseconds the timer and the JIT dominate; a floor keeps the ratio meaningful.
    const ratio = large / Math.max(small, 2);
    if (ratio <= limit) return { small, large };
    message += `${message ? '; ' : ''}${n} → ${small.toFixed(1)} ms, ${4 * n} → ${large.toFixed(1)} ms: ×${ratio.toFixed(1)}`;
  }
  assert.fail(`${what}: ${message} for ×4 the size (linear ≈ ×4, limit ×${limit})`);
}
