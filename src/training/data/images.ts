// Turns stored examples into model input: pixels scaled from bytes 0..255 to float32 [0, 1] (what torchvision's
// ToTensor does in the notebook), in NHWC order with one channel, which is what TF.js layers expect.

export interface LabelledImages {
  /** count × height × width bytes, row-major, one image after another. */
  images: Uint8Array;
  /** count class indices. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

/** Pixels of the selected examples as float32 in [0, 1], laid out [indices.length, height, width, 1]. */
export function gatherImages(data: LabelledImages, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const pixels = data.height * data.width;
  const result = out ?? new Float32Array(indices.length * pixels);
  if (result.length < indices.length * pixels) throw new RangeError(`output holds ${result.length} values, need ${indices.length * pixels}`);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * pixels;
    if (indices[i] >= data.count || indices[i] < 0) throw new RangeError(`example index ${indices[i]} out of range [0, ${data.count})`);
    const to = i * pixels;
    for (let p = 0; p < pixels; p++) result[to + p] = data.images[from + p] / 255;
  }
  return result;
}

/** Labels of the selected examples. */
export function gatherLabels(data: LabelledImages, indices: ArrayLike<number>): Uint8Array {
  const result = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) result[i] = data.labels[indices[i]];
  return result;
}

/** All indices 0..count-1, for the test set (not shuffled). */
export function allIndices(count: number): Uint32Array {
  const result = new Uint32Array(count);
  for (let i = 0; i < count; i++) result[i] = i;
  return result;
}
