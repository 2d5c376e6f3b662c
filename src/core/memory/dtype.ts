import type { DType } from '../analysisResult';

export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = { float32: 4, float16: 2 };

export const DTYPES = Object.keys(BYTES_PER_ELEMENT) as DType[];

export function isDType(name: string): name is DType {
  return Object.prototype.hasOwnProperty.call(BYTES_PER_ELEMENT, name);
}
