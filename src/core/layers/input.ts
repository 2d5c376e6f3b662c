// The shape an InputLayer (or a Sequential model's first layer) declares, from whichever key the format uses:
// TF.js and Keras 2 `batch_input_shape`, Keras 3 `batch_shape`, Keras 1 `input_shape` (no batch dim), or Keras 3's
// `build_config.input_shape` on a layer built without an InputLayer.
import type { JsonPath, Shape } from '../ir';

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
    const dims: Shape = [];
    value.forEach((d: unknown, i: number) => {
      if (d === null || (d === -1 && i === 0)) dims.push(null);
      else if (typeof d === 'number' && Number.isInteger(d) && d >= 0) {
        if (!Number.isSafeInteger(d)) {
          problems.push({ message: `dimension ${d} exceeds 2^53 − 1 and cannot be exact; treated as unknown`, path: [...path, i] });
          dims.push(null);
        } else {
          if (d === 0) problems.push({ message: 'dimension 0: this input holds no elements', path: [...path, i] });
          dims.push(d);
        }
      } else {
        problems.push({ message: `dimension ${JSON.stringify(d)} is not a size (a non-negative integer or null); treated as unknown`, path: [...path, i] });
        dims.push(null);
      }
    });
    if (!hasBatch) {
      const batch = typeof config.batch_size === 'number' ? config.batch_size : null;
      dims.unshift(batch);
    }
    return { declared: { shape: dims, path }, problems };
  }
  return { problems };
}
