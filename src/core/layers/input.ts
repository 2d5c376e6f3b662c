// The shape an InputLayer (or a Sequential model's first layer) declares, from whichever key the format uses:
// TF.js and Keras 2 `batch_input_shape`, Keras 3 `batch_shape`, Keras 1 `input_shape` (no batch dim), or Keras 3's
// `build_config.input_shape` on a layer built without an InputLayer.
import type { JsonPath, Shape } from '../ir';
import { MAX_SIZE, sizeProblem } from './config';
import { shapeTuple } from './shape';

export interface DeclaredShape {
  shape: Shape;
  /** Path of the value, relative to the layer object. */
  path: JsonPath;
}

export interface ShapeProblem {
  message: string;
  path: JsonPath;
}

/** Reads the declared input shape of a layer object; `undefined` shape when it declares none. */
export function declaredInputShape(layerJson: Record<string, unknown>): { declared?: DeclaredShape; problems: ShapeProblem[] } {
  const problems: ShapeProblem[] = [];
  const config = (typeof layerJson.config === 'object' && layerJson.config !== null ? layerJson.config : {}) as Record<string, unknown>;
  const build = (typeof layerJson.build_config === 'object' && layerJson.build_config !== null ? layerJson.build_config : {}) as Record<string, unknown>;
  const candidates: [unknown, JsonPath, boolean][] = [
    [config.batch_input_shape, ['config', 'batch_input_shape'], true],
    [config.batch_shape, ['config', 'batch_shape'], true],
    [config.input_shape, ['config', 'input_shape'], false],
    [build.input_shape, ['build_config', 'input_shape'], true],
  ];
  for (const [value, path, hasBatch] of candidates) {
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      problems.push({ message: `input shape must be a list, got ${JSON.stringify(value)}`, path });
      return { problems };
    }
    let dims: Shape = [];
    value.forEach((d: unknown, i: number) => {
      // -1 stands for "any batch" only in the batch position of a shape that has one (Keras writes None there).
      if (d === -1 && i === 0 && hasBatch) {
        dims.push(null);
        return;
      }
      const problem = d === null ? undefined : sizeProblem(d);
      if (problem !== undefined) {
        problems.push({ message: `"${String(path[path.length - 1])}"[${i}] ${problem}; treated as unknown`, path: [...path, i] });
        dims.push(null);
      } else {
        if (d === 0) problems.push({ message: 'dimension 0: this input holds no elements', path: [...path, i] });
        dims.push(d === null ? null : (d as number) + 0); // + 0 turns a JSON -0 into 0
      }
    });
    if (!hasBatch) dims.unshift(batchSize(config.batch_size, problems));
    // Each dimension may be representable and their product still not (a sample of 2^60 elements, or Infinity).
    let elements = 1;
    for (let i = 1; i < dims.length; i++) elements *= dims[i] ?? 1;
    if (elements > MAX_SIZE) {
      problems.push({
        message: `input shape ${shapeTuple(dims)} holds ≈ ${elements.toExponential(3)} elements per sample, which exceeds 2^53 − 1 = ${MAX_SIZE}: beyond any tensor a framework can allocate; treated as unknown`,
        path,
      });
      dims = dims.map(() => null);
    }
    return { declared: { shape: dims, path }, problems };
  }
  return { problems };
}

/** Keras 1's `batch_size` next to `input_shape`: the batch dimension, or null (unknown) when absent or not a size. */
function batchSize(value: unknown, problems: ShapeProblem[]): number | null {
  if (value === undefined || value === null) return null;
  const problem = sizeProblem(value, 1);
  if (problem === undefined) return value as number;
  problems.push({ message: `"batch_size" ${problem}; the batch dimension is treated as unknown`, path: ['config', 'batch_size'] });
  return null;
}
