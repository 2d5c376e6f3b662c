// The persisted input choice (DashboardState.explore.input) → the pixels the model gets, or why not (pure). No choice
// means the probe: test image 0 of the run's test set (what a live run shows after each epoch).
import type { ExploreDataset, ExploreInputChoice } from '../../src/protocol';
import { decodePixels } from '../chartData';
import { testImagePixels } from './inputImage';

export interface InputShape {
  height: number;
  width: number;
  channels: number;
}

export type ResolvedInput =
  | { ok: true; pixels: Uint8Array; invert: boolean; /** The test image's label, when it is one. */ label: number | null; description: string }
  | { ok: false; reason: string };

/** The drawing pad's size: the built-in datasets' images. */
export const DRAW_SIZE = 28;

export function drawable(shape: InputShape): boolean {
  return shape.height === DRAW_SIZE && shape.width === DRAW_SIZE && shape.channels === 1;
}

/** Whether the dataset's images fit the model's input as they are (grey bytes of the same size). */
export function testImagesFit(shape: InputShape, dataset: ExploreDataset): boolean {
  return shape.height === dataset.height && shape.width === dataset.width && shape.channels === 1;
}

const dims = (s: InputShape) => `${s.height}×${s.width}×${s.channels}`;

export function resolveInput(choice: ExploreInputChoice | null, shape: InputShape, dataset: ExploreDataset | null): ResolvedInput {
  const c = choice ?? (dataset ? { source: 'test' as const, index: 0 } : null);
  if (c === null) return { ok: false, reason: drawable(shape) ? 'Choose an input: draw one or load an image file.' : 'Choose an input: load an image file.' };
  if (c.source === 'test') {
    if (!dataset) return { ok: false, reason: `This model has no test set: ${drawable(shape) ? 'draw an image or load one' : 'load an image file'}.` };
    if (!testImagesFit(shape, dataset)) {
      return { ok: false, reason: `The test images are ${dataset.height}×${dataset.width}×1; the model takes ${dims(shape)}.` };
    }
    const count = dataset.labels.length;
    if (c.index >= count) return { ok: false, reason: `Test image #${c.index} is not in the test set (${count} images).` };
    return {
      ok: true, pixels: testImagePixels(dataset.images, dataset.width, dataset.height, c.index), invert: false,
      label: dataset.labels[c.index], description: `test image #${c.index}`,
    };
  }
  if (c.source === 'drawn') {
    if (!drawable(shape)) return { ok: false, reason: `Drawing makes 28×28×1 images; the model takes ${dims(shape)}.` };
    const pixels = decodePixels(c.pixels);
    if (pixels.length !== DRAW_SIZE * DRAW_SIZE) return { ok: false, reason: 'The saved drawing is not 28×28: draw again.' };
    return { ok: true, pixels, invert: false, label: null, description: 'your drawing' };
  }
  if (c.height !== shape.height || c.width !== shape.width || c.channels !== shape.channels) {
    return { ok: false, reason: `${c.name} was converted for a ${c.height}×${c.width}×${c.channels} input; the model takes ${dims(shape)}: load it again.` };
  }
  const pixels = decodePixels(c.pixels);
  if (pixels.length !== c.height * c.width * c.channels) return { ok: false, reason: `The saved pixels of ${c.name} are incomplete: load it again.` };
  return { ok: true, pixels, invert: c.invert, label: null, description: c.name };
}
