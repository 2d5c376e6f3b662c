// torch dtypes: their names, aliases and PyTorch's type promotion (c10 promoteTypes and TensorIterator's
// ResultTypeState: dimensioned tensors outrank zero-dim tensors, which outrank Python numbers, unless a lower one is
// of a higher category — bool < integer < floating < complex).
import type { CallValue } from '../types';
import { isTensor } from './opValues';

/** The default floating dtype (torch.get_default_dtype()). */
export const DEFAULT_FLOAT = 'float32';

interface DtypeFacts {
  readonly category: 0 | 1 | 2 | 3;
  readonly bytes: number;
  readonly unsigned?: boolean;
  /** The legacy name PyTorch's messages use: `Float`, `Long`. */
  readonly legacy: string;
}

const DTYPES: ReadonlyMap<string, DtypeFacts> = new Map(Object.entries({
  bool: { category: 0, bytes: 1, legacy: 'Bool' },
  uint8: { category: 1, bytes: 1, unsigned: true, legacy: 'Byte' },
  int8: { category: 1, bytes: 1, legacy: 'Char' },
  int16: { category: 1, bytes: 2, legacy: 'Short' },
  int32: { category: 1, bytes: 4, legacy: 'Int' },
  int64: { category: 1, bytes: 8, legacy: 'Long' },
  float16: { category: 2, bytes: 2, legacy: 'Half' },
  bfloat16: { category: 2, bytes: 2, legacy: 'BFloat16' },
  float32: { category: 2, bytes: 4, legacy: 'Float' },
  float64: { category: 2, bytes: 8, legacy: 'Double' },
  complex64: { category: 3, bytes: 8, legacy: 'ComplexFloat' },
  complex128: { category: 3, bytes: 16, legacy: 'ComplexDouble' },
} satisfies Record<string, DtypeFacts>));

const ALIASES: ReadonlyMap<string, string> = new Map(Object.entries({
  float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16',
  cfloat: 'complex64', cdouble: 'complex128', complex32: 'complex64',
}));

/** `float32` for `float32`, `float`, `torch.float`; undefined for a name that is not a dtype (a device: `cuda`). */
export function dtypeName(name: string): string | undefined {
  const bare = name.startsWith('torch.') ? name.slice('torch.'.length) : name;
  if (DTYPES.has(bare)) return bare;
  return ALIASES.get(bare);
}

export function legacyName(dtype: string): string {
  return DTYPES.get(dtype)?.legacy ?? dtype;
}

export function isFloating(dtype: string): boolean {
  const c = DTYPES.get(dtype)?.category;
  return c === 2 || c === 3;
}

export function isIntegral(dtype: string, includeBool: boolean): boolean {
  const c = DTYPES.get(dtype)?.category;
  return c === 1 || (includeBool && c === 0);
}

/** c10::promoteTypes for the dtypes above. */
export function promoteTypes(a: string, b: string): string {
  if (a === b) return a;
  const fa = DTYPES.get(a);
  const fb = DTYPES.get(b);
  if (!fa || !fb) return a;
  if (fa.category !== fb.category) {
    const [hi, lo] = fa.category > fb.category ? [a, b] : [b, a];
    // A complex result must hold the float's precision: complex64 with float64 is complex128.
    if (DTYPES.get(hi)?.category === 3 && (lo === 'float64')) return 'complex128';
    return hi;
  }
  if (fa.category === 1 && fa.bytes === fb.bytes) return fa.bytes === 1 ? 'int16' : (fa.unsigned ? b : a);
  if (fa.category === 1 && (fa.unsigned || fb.unsigned)) {
    // uint8 with a wider signed type is that type.
    return fa.unsigned ? b : a;
  }
  if (fa.category === 2 && fa.bytes === fb.bytes) return 'float32'; // float16 with bfloat16
  return fa.bytes > fb.bytes ? a : b;
}

function combineCategories(higher: string | undefined, lower: string | undefined): string | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  const hc = DTYPES.get(higher)?.category ?? 2;
  const lc = DTYPES.get(lower)?.category ?? 2;
  if (hc >= 2 && hc >= lc) return higher;
  if (hc === 0 || lc > hc) return promoteTypes(higher, lower);
  return higher;
}

/** The dtype a Python number has in an operation with tensors (a "wrapped number"). */
function scalarDtype(value: CallValue): string | undefined {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : DEFAULT_FLOAT;
  return undefined;
}

/**
 * torch.result_type over the operands: tensors and Python numbers. (A number written `2.0` reaches the rules as the
 * JavaScript number 2 and counts as an int: only an integer tensor times `2.0` would come out int64 instead of float32.)
 */
export function resultType(operands: readonly CallValue[]): string {
  let dim: string | undefined;
  let zero: string | undefined;
  let wrapped: string | undefined;
  for (const operand of operands) {
    if (isTensor(operand)) {
      if (operand.shape !== null && operand.shape.length === 0) zero = zero === undefined ? operand.dtype : promoteTypes(zero, operand.dtype);
      else dim = dim === undefined ? operand.dtype : promoteTypes(dim, operand.dtype);
    } else {
      const s = scalarDtype(operand);
      if (s !== undefined) wrapped = wrapped === undefined ? s : promoteTypes(wrapped, s);
    }
  }
  return combineCategories(dim, combineCategories(zero, wrapped)) ?? DEFAULT_FLOAT;
}

/** Whether `from` casts to `to` under PyTorch's canCast (no category demotion): an in-place op's check. */
export function canCast(from: string, to: string): boolean {
  const cf = DTYPES.get(from)?.category ?? 2;
  const ct = DTYPES.get(to)?.category ?? 2;
  if (cf === 3 && ct !== 3) return false;
  if (cf === 2 && ct < 2) return false;
  if (cf !== 0 && ct === 0) return false;
  return true;
}
