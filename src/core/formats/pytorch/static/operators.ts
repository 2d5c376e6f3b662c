// Python's operators on plain values (numbers, strings, lists, tuples, dicts): int vs float as Python keeps them,
// floor division and modulo rounding toward −∞, sequence concatenation and repetition, deep equality, membership.
// Tensors are not handled here: the interpreter sends them to the catalogue's `Tensor.__add__` etc.
import { asInt, list, numericValue, pyFloat, tuple, unknown, type DictKey, type PyValue } from './values';

/** Thrown for what Python itself rejects (`1 / 0`, `'a' - 1`): the interpreter reports it where it happened. */
export class PyError extends Error {
  constructor(readonly pyType: string, message: string) {
    super(message);
  }
}

/** Longest list or string the engine builds: model code never needs more, and a typo like `[0] * 10**9` must not hang. */
export const MAX_ITEMS = 100_000;

function tooLong(n: number): PyValue {
  return unknown(`a sequence of ${n.toLocaleString('en-US')} items is longer than the static engine follows`);
}

const isFloatValue = (v: PyValue): boolean => typeof v === 'object' && v !== null && v.t === 'float';

function num(value: number, float: boolean): PyValue {
  return float ? pyFloat(value) : value;
}

function floorMod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

/** `a op b` on plain values, or undefined when either side is not a plain value (a tensor, a module, unknown). */
export function binaryOp(op: string, a: PyValue, b: PyValue): PyValue | undefined {
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined && y !== undefined) {
    const float = isFloatValue(a) || isFloatValue(b);
    switch (op) {
      case '+': return num(x + y, float);
      case '-': return num(x - y, float);
      case '*': return num(x * y, float);
      case '/':
        if (y === 0) throw new PyError('ZeroDivisionError', 'division by zero');
        return pyFloat(x / y);
      case '//':
        if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
        return num(Math.floor(x / y), float);
      case '%':
        if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
        return num(floorMod(x, y), float);
      case '**': return num(x ** y, float || y < 0);
    }
    const i = asInt(a);
    const j = asInt(b);
    if (i !== undefined && j !== undefined) {
      switch (op) {
        case '&': return i & j;
        case '|': return i | j;
        case '^': return i ^ j;
        case '<<': return i * 2 ** j;
        case '>>': return Math.floor(i / 2 ** j);
      }
    }
    return undefined;
  }
  if (typeof a === 'string') {
    if (op === '+' && typeof b === 'string') return a + b;
    if (op === '*' && typeof b === 'number') return a.length * b > MAX_ITEMS * 10 ? tooLong(a.length * b) : a.repeat(Math.max(0, b));
    if (op === '%') return formatPercent(a, b);
    return undefined;
  }
  if (typeof a === 'object' && a !== null && (a.t === 'list' || a.t === 'tuple')) {
    if (op === '+' && typeof b === 'object' && b !== null && b.t === a.t) {
      return a.t === 'list' ? list([...a.items, ...b.items]) : tuple([...a.items, ...b.items]);
    }
    if (op === '*' && typeof b === 'number') {
      if (a.items.length * b > MAX_ITEMS) return tooLong(a.items.length * b);
      const items: PyValue[] = [];
      for (let k = 0; k < b; k++) items.push(...a.items);
      return a.t === 'list' ? list(items) : tuple(items);
    }
  }
  if (op === '*' && typeof b === 'object' && b !== null && (b.t === 'list' || b.t === 'tuple') && typeof a === 'number') {
    return binaryOp('*', b, a);
  }
  return undefined;
}

/** `%`-formatting: %d %i %s %r %f %g %x %% with an optional width/precision. */
export function formatPercent(format: string, args: PyValue): string {
  const values = typeof args === 'object' && args !== null && args.t === 'tuple' ? [...args.items] : [args];
  let used = 0;
  const out = format.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([diouxXeEfFgGsr%])/g, (_m, flags: string, width: string, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (used >= values.length) throw new PyError('TypeError', 'not enough arguments for format string');
    const text = formatOne(values[used++], conv, precision);
    return width ? (flags.includes('-') ? text.padEnd(Number(width)) : text.padStart(Number(width), flags.includes('0') ? '0' : ' ')) : text;
  });
  if (used < values.length) throw new PyError('TypeError', 'not all arguments converted during string formatting');
  return out;
}

function formatOne(v: PyValue, conv: string, precision: string | undefined): string {
  const n = numericValue(v);
  switch (conv) {
    case 'd': case 'i': case 'u':
      if (n === undefined) throw new PyError('TypeError', `%${conv} format: a real number is required`);
      return String(Math.trunc(n));
    case 'x': case 'X': case 'o':
      if (asInt(v) === undefined) throw new PyError('TypeError', `%${conv} format: an integer is required`);
      return (asInt(v) as number).toString(conv === 'o' ? 8 : 16)[conv === 'X' ? 'toUpperCase' : 'toLowerCase']();
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      if (n === undefined) throw new PyError('TypeError', `must be real number, not ${typeof v}`);
      if (conv === 'f' || conv === 'F') return n.toFixed(precision === undefined ? 6 : Number(precision));
      if (conv === 'e' || conv === 'E') return n.toExponential(precision === undefined ? 6 : Number(precision));
      return String(Number(n.toPrecision(precision === undefined ? 6 : Math.max(1, Number(precision)))));
    case 'r':
      return reprPlain(v, true);
    default:
      return reprPlain(v, false);
  }
}

/** `str()` / `repr()` of plain values. */
export function reprPlain(v: PyValue, quote: boolean): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return quote ? `'${v}'` : v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v.t === 'float') return Number.isInteger(v.v) && Math.abs(v.v) < 1e16 ? `${v.v}.0` : String(v.v);
  if (v.t === 'list') return `[${v.items.map((x) => reprPlain(x, true)).join(', ')}]`;
  if (v.t === 'tuple') return v.items.length === 1 ? `(${reprPlain(v.items[0], true)},)` : `(${v.items.map((x) => reprPlain(x, true)).join(', ')})`;
  if (v.t === 'module') return `${v.className}()`;
  if (v.t === 'nnclass') return `<class 'torch.nn.${v.name}'>`;
  if (v.t === 'class') return `<class '${v.name}'>`;
  return `<${v.t}>`;
}

/** Python's `==` on plain values; undefined when it cannot be decided (tensors, unknowns). */
export function equals(a: PyValue, b: PyValue): boolean | undefined {
  if (a === b) return true;
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined && y !== undefined) return x === y;
  const opaque = (v: PyValue): boolean => typeof v === 'object' && v !== null && (v.t === 'unknown' || v.t === 'tensor');
  if (opaque(a) || opaque(b)) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if ((a.t === 'list' || a.t === 'tuple') && b.t === a.t) {
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const e = equals(a.items[i], b.items[i]);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.t === 'nnclass' && b.t === 'nnclass') return a.name === b.name;
  if (a.t === 'torchfn' && b.t === 'torchfn') return a.name === b.name;
  if (a.t === 'namespace' && b.t === 'namespace') return a.path === b.path;
  if (a.t === 'builtin' && b.t === 'builtin') return a.name === b.name;
  return false;
}

/** `a is b`: identity; None, bools and classes by value (they are singletons in Python). */
export function identical(a: PyValue, b: PyValue): boolean | undefined {
  if (a === b) return true;
  if (typeof a === 'object' && a !== null && a.t === 'unknown') return undefined;
  if (typeof b === 'object' && b !== null && b.t === 'unknown') return undefined;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    if (a.t === 'nnclass' && b.t === 'nnclass') return a.name === b.name;
    if (a.t === 'builtin' && b.t === 'builtin') return a.name === b.name;
  }
  return false;
}

/** `bool(v)`; undefined for a tensor or an unknown value. */
export function truthy(v: PyValue): boolean | undefined {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
  }
  switch (v.t) {
    case 'float': return v.v !== 0;
    case 'list': case 'tuple': case 'set': return v.items.length > 0;
    case 'dict': return v.map.size > 0;
    case 'unknown': case 'tensor': return undefined;
    case 'module': return v.container && v.container !== 'Module' ? v.children.size > 0 : true;
    default: return true;
  }
}

export function dictKey(v: PyValue): DictKey | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v.t === 'float') return v.v;
  return undefined;
}

/** Ordered comparison `<`, `<=`, `>`, `>=` on numbers, strings and sequences. */
export function compareOrder(op: string, a: PyValue, b: PyValue): boolean | undefined {
  const x = numericValue(a);
  const y = numericValue(b);
  let c: number | undefined;
  if (x !== undefined && y !== undefined) c = x - y;
  else if (typeof a === 'string' && typeof b === 'string') c = a < b ? -1 : a > b ? 1 : 0;
  if (c === undefined) return undefined;
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
  }
  return undefined;
}
