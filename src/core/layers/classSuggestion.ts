// "Did you mean Conv2D?": the known layer class closest to a class name the catalogue does not know (a PyTorch
// spelling such as Conv2d, a typo such as Dense_ or Maxpooling2D). Reads the registry; pure.
import { knownLayerClasses, MODEL_CLASSES, ruleFor } from './registry';

/** True when the engine can analyse a layer of this class (the catalogue's classes, InputLayer and nested models). */
export function isKnownLayerClass(className: string): boolean {
  return className === 'InputLayer' || MODEL_CLASSES.has(className) || ruleFor(className) !== undefined;
}

/** Edit distance with adjacent transpositions (optimal string alignment), counting a change of case as an edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known class a misspelt one most likely means, or undefined when none is close. A class equal but for case wins
 * outright (Conv2d → Conv2D); otherwise the closest by edit distance ignoring case, within a quarter of the name's
 * length (at least 1), and only when no other class is as close (an ambiguous guess is no help).
 */
export function suggestLayerClass(className: string): string | undefined {
  if (className.length === 0 || className.length > 64 || isKnownLayerClass(className)) return undefined;
  const candidates = ['InputLayer', ...knownLayerClasses()];
  const lower = className.toLowerCase();
  const sameButCase = candidates.filter((c) => c.toLowerCase() === lower);
  if (sameButCase.length === 1) return sameButCase[0];
  const limit = Math.max(1, Math.floor(className.length / 4));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance, tied] = [candidate, distance, false];
    else if (distance === bestDistance) tied = true;
  }
  return bestDistance <= limit && !tied ? best : undefined;
}
