// The interpreter's values: the part of Python's object model that model definitions use. ints are JS numbers,
// floats are boxed (`int / int` is a float, `int()` truncates, `%d` needs an int: the difference is visible), and
// everything the engine cannot follow is an UnknownValue that says why, so nothing downstream is guessed.
import type { Shape } from '../../../ir';
import type { ClassDef, Expr, FunctionDef, LambdaExpr, Node } from './ast';
import type { Scope } from './scope';
import type { ModuleObject } from './moduleObject';

export interface PyFloat { readonly t: 'float'; readonly v: number }
export interface PyList { readonly t: 'list'; readonly items: PyValue[] }
export interface PyTuple { readonly t: 'tuple'; readonly items: readonly PyValue[] }
export interface PySet { readonly t: 'set'; readonly items: PyValue[] }
/** Keys are primitives (str, int, bool, None), the only keys model code uses. */
export interface PyDict { readonly t: 'dict'; readonly map: Map<DictKey, PyValue> }
export type DictKey = string | number | boolean | null;

/** A function or lambda defined in the file, with the scope it closes over. */
export interface PyFunction {
  readonly t: 'function';
  readonly name: string;
  readonly def: FunctionDef | LambdaExpr;
  readonly closure: Scope;
  readonly decorators: readonly string[];
  /** Defaults, evaluated once when the def ran (as Python does). */
  readonly defaults: ReadonlyMap<string, PyValue>;
  /** The class that defined it (for a zero-argument `super()`). */
  readonly owner?: PyClass;
}

/** A class defined in the file: its bases (classes or nn classes) and its class-level attributes and methods. */
export interface PyClass {
  readonly t: 'class';
  readonly name: string;
  readonly def: ClassDef;
  readonly bases: readonly PyValue[];
  readonly attrs: Map<string, PyValue>;
}

/** An instance of a file's class that is not an nn.Module. */
export interface PyInstance { readonly t: 'instance'; readonly cls: PyClass; readonly attrs: Map<string, PyValue> }

/** A torch.nn class (`nn.Conv2d`, `nn.Sequential`, `nn.Module`), uncalled: constructing it makes a ModuleObject. */
export interface NnClass { readonly t: 'nnclass'; readonly name: string }

/** An imported module or package: `torch`, `torch.nn`, `torch.nn.functional`, `math`, … */
export interface Namespace { readonly t: 'namespace'; readonly path: string }

/** A torch function by its catalogue name (`F.relu`, `torch.cat`). */
export interface TorchFunction { readonly t: 'torchfn'; readonly name: string }

/** A Python builtin (`len`, `range`, `math.ceil` …), implemented in builtins.ts. */
export interface BuiltinFunction { readonly t: 'builtin'; readonly name: string }

/** `obj.method` for built-in types (list.append, dict.get, Tensor.view, Module.add_module). */
export interface BoundMethod { readonly t: 'method'; readonly self: PyValue; readonly name: string }

/** A method of a file's class bound to its instance (`self._make_layer`). */
export interface BoundFunction { readonly t: 'bound'; readonly self: PyValue; readonly fn: PyFunction }

/** `super()` inside a method: attribute lookup starts after `cls` in self's class chain. */
export interface SuperProxy { readonly t: 'super'; readonly self: PyValue; readonly after: PyClass }

export interface TensorRef {
  readonly t: 'tensor';
  /** Full shape, batch included (this run's concrete batch); null when even the rank is unknown. */
  readonly shape: Shape | null;
  readonly dtype: string;
  /** The layer whose output this is (`input` for the model's input). */
  readonly producer: string;
}

export interface Unknown {
  readonly t: 'unknown';
  readonly why: string;
  /** Already reported as a warning at its origin: later uses do not repeat it. */
  readonly reported?: boolean;
}

/** Something that exists but that the engine never needs to look into (an optimizer, `x.device`, a loss object). */
export interface Opaque { readonly t: 'opaque'; readonly what: string }

/** One parameter as `module.parameters()` yields it: enough to freeze it (`p.requires_grad = False`). */
export interface ParamHandle { readonly t: 'param'; readonly owner: ModuleObject; readonly name: string; readonly shape: readonly number[] }

export interface PySlice { readonly t: 'slice'; readonly start: PyValue; readonly stop: PyValue; readonly step: PyValue }
export interface PyEllipsis { readonly t: 'ellipsis' }

export type PyValue =
  | number | string | boolean | null | PyFloat | PyList | PyTuple | PySet | PyDict | PyFunction | PyClass | PyInstance
  | NnClass | Namespace | TorchFunction | BuiltinFunction | BoundMethod | BoundFunction | SuperProxy | TensorRef | Unknown
  | Opaque | PySlice | PyEllipsis | ModuleObject | ParamHandle;

export const ELLIPSIS: PyEllipsis = { t: 'ellipsis' };

export function pyFloat(v: number): PyFloat {
  return { t: 'float', v };
}

export function unknown(why: string, reported = false): Unknown {
  return { t: 'unknown', why, reported };
}

export function isUnknown(v: PyValue): v is Unknown {
  return typeof v === 'object' && v !== null && v.t === 'unknown';
}

export function isNumber(v: PyValue): v is number | PyFloat {
  return typeof v === 'number' || (typeof v === 'object' && v !== null && v.t === 'float');
}

/** An int or bool as an int (True == 1 in arithmetic), else undefined. */
export function asInt(v: PyValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/** Any number's value (bools count as ints), else undefined. */
export function numericValue(v: PyValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object' && v !== null && v.t === 'float') return v.v;
  return undefined;
}

export function isSequence(v: PyValue): v is PyList | PyTuple {
  return typeof v === 'object' && v !== null && (v.t === 'list' || v.t === 'tuple');
}

export function isTensor(v: PyValue): v is TensorRef {
  return typeof v === 'object' && v !== null && v.t === 'tensor';
}

export function isModule(v: PyValue): v is ModuleObject {
  return typeof v === 'object' && v !== null && v.t === 'module';
}

export function tuple(items: readonly PyValue[]): PyTuple {
  return { t: 'tuple', items };
}

export function list(items: PyValue[]): PyList {
  return { t: 'list', items };
}

/** Python's type name, for messages. */
export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'number': return 'int';
    case 'string': return 'str';
    case 'boolean': return 'bool';
  }
  switch (v.t) {
    case 'module': return v.className;
    case 'class': case 'nnclass': return 'type';
    case 'instance': return v.cls.name;
    case 'float': return 'float';
    case 'tensor': return 'Tensor';
    case 'function': case 'bound': case 'builtin': case 'torchfn': case 'method': return 'function';
    case 'param': return 'Parameter';
    default: return v.t;
  }
}

/** Python's repr, as far as messages and `%s`/f-strings need it. */
export function repr(v: PyValue, quoteStrings = true): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return quoteStrings ? `'${v}'` : v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  switch (v.t) {
    case 'float': return Number.isInteger(v.v) && Math.abs(v.v) < 1e16 ? `${v.v}.0` : String(v.v);
    case 'list': return `[${v.items.map((x) => repr(x)).join(', ')}]`;
    case 'tuple': return v.items.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map((x) => repr(x)).join(', ')})`;
    case 'tensor': return `Tensor${v.shape ? `[${v.shape.map((d) => d ?? '?').join(', ')}]` : ''}`;
    case 'module': return `${v.className}(…)`;
    case 'unknown': return '<unknown>';
    default: return `<${typeName(v)}>`;
  }
}

/** A node's span as trace.ts spells it. */
export function spanOf(n: Node): { from: number; to: number } {
  return { from: n.from, to: n.to };
}

/** Expressions whose value is written right there: literals and arithmetic on literals (`16 * 5 * 5`, `-1`). */
export function isLiteralExpr(e: Expr): boolean {
  switch (e.k) {
    case 'number': case 'string': case 'constant': return true;
    case 'unary': return isLiteralExpr(e.operand);
    case 'binary': return isLiteralExpr(e.left) && isLiteralExpr(e.right);
    case 'tuple': case 'list': return e.items.every(isLiteralExpr);
    default: return false;
  }
}
