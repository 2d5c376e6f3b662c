// Python expressions: literals, names, attributes, subscripts, calls (arguments with `*`/`**` expanded, `super()`),
// operators (plain values in operators.ts, tensors through the catalogue), comparisons, comprehensions, lambdas.
import type { Span } from '../trace';
import type * as A from './ast';
import type { ArgIn } from './bindArgs';
import { builtinValue, formatWithSpec } from './builtins';
import type { Frame, Interpreter } from './interpreter';
import { PyError, binaryOp, compareOrder, dictKey, equals, identical, truthy } from './operators';
import { Scope } from './scope';
import { isUnknown, list, numericValue, pyFloat, spanOf, tuple, typeName, ELLIPSIS, type PyValue } from './values';

/** The keywords of a call that has none (shared: never written to). */
export const NO_KEYWORDS: Map<string, ArgIn> = new Map();

export function evalExpr(py: Interpreter, e: A.Expr, frame: Frame): PyValue {
  switch (e.k) {
    case 'number': return e.isFloat ? pyFloat(e.value) : e.value;
    case 'string': return e.value;
    case 'fstring':
      return e.parts.map((p) => (typeof p === 'string' ? p : formatWithSpec(evalExpr(py, p.expr, frame), p.spec))).join('');
    case 'constant': return e.value;
    case 'name': return lookupName(py, e, frame);
    case 'attribute': return py.getAttribute(evalExpr(py, e.object, frame), e.name, e);
    case 'subscript': return py.getItem(evalExpr(py, e.object, frame), evalIndex(py, e, frame), e, e.object);
    case 'slice': return { t: 'slice', start: e.start ? evalExpr(py, e.start, frame) : null, stop: e.stop ? evalExpr(py, e.stop, frame) : null, step: e.step ? evalExpr(py, e.step, frame) : null };
    case 'ellipsis': return ELLIPSIS;
    case 'call': return evalCall(py, e, frame);
    case 'binary': return binaryValue(py, e.op, evalExpr(py, e.left, frame), evalExpr(py, e.right, frame), e);
    case 'compare': return compare(py, e, frame);
    case 'boolop': {
      const left = evalExpr(py, e.left, frame);
      const t = truthy(left);
      if (t === undefined) return isUnknown(left) ? left : py.unknownAt(`the truth value of a ${typeName(left)}`, spanOf(e.left));
      return (e.op === 'and') === t ? evalExpr(py, e.right, frame) : left;
    }
    case 'unary': return unary(py, e, frame);
    case 'conditional': {
      const test = evalExpr(py, e.test, frame);
      const t = truthy(test);
      if (t === undefined) return isUnknown(test) ? test : py.unknownAt(`the truth value of a ${typeName(test)}`, spanOf(e.test));
      return evalExpr(py, t ? e.body : e.orelse, frame);
    }
    case 'tuple': case 'list': case 'set': {
      const items = evalItems(py, e.items, frame);
      return e.k === 'tuple' ? tuple(items) : e.k === 'list' ? list(items) : { t: 'set', items };
    }
    case 'starred': return py.unknownAt('a starred expression here is not followed', spanOf(e));
    case 'dict': {
      const map = new Map<string | number | boolean | null, PyValue>();
      for (const entry of e.entries) {
        const v = evalExpr(py, entry.value, frame);
        if (!entry.key) {
          if (typeof v === 'object' && v !== null && v.t === 'dict') for (const [k, x] of v.map) map.set(k, x);
          else return py.unknownAt('`**` of a value that is not a dict', spanOf(entry.value));
          continue;
        }
        const k = dictKey(evalExpr(py, entry.key, frame));
        if (k === undefined) return py.unknownAt('a dict key that is not a str, int or bool', spanOf(entry.key));
        map.set(k, v);
      }
      return { t: 'dict', map };
    }
    case 'comprehension': return comprehension(py, e, frame);
    case 'lambda': return py.makeFunction(e, frame);
    case 'unsupported': return py.unknownAt(`${e.what} is not followed`, spanOf(e));
  }
}

function evalItems(py: Interpreter, items: readonly A.Expr[], frame: Frame): PyValue[] {
  const out: PyValue[] = [];
  for (const item of items) {
    if (item.k === 'starred') {
      const v = evalExpr(py, item.value, frame);
      const expanded = py.iterate(v, spanOf(item));
      if (expanded) out.push(...expanded);
      else out.push(isUnknown(v) ? v : py.unknownAt(`\`*\` of a ${typeName(v)}`, spanOf(item)));
    } else {
      out.push(evalExpr(py, item, frame));
    }
  }
  return out;
}

function lookupName(py: Interpreter, e: A.NameExpr, frame: Frame): PyValue {
  const v = frame.scope.lookup(e.id);
  if (v !== undefined || frame.scope.has(e.id)) return v ?? null;
  if (e.id === 'super') return { t: 'builtin', name: 'super' };
  const b = builtinValue(e.id);
  if (b !== undefined) return b;
  return py.unknownAt(`the name \`${e.id}\` is not defined in this file`, spanOf(e));
}

function evalCall(py: Interpreter, e: A.CallExpr, frame: Frame): PyValue {
  const span: Span = e;
  if (e.callee.k === 'name' && e.callee.id === 'super' && !frame.scope.has('super')) return makeSuper(py, e, frame);
  const callee = evalExpr(py, e.callee, frame);
  const positional: ArgIn[] = [];
  const keywords = e.args.some((a) => a.kind === 'keyword' || a.kind === 'doubleStar') ? new Map<string, ArgIn>() : NO_KEYWORDS;
  for (const a of e.args) {
    if (a.kind === 'positional') positional.push({ value: evalExpr(py, a.value, frame), expr: a.value });
    else if (a.kind === 'keyword') keywords.set(a.name!, { value: evalExpr(py, a.value, frame), expr: a.value });
    else if (a.kind === 'star') {
      const v = evalExpr(py, a.value, frame);
      const items = py.iterate(v, spanOf(a));
      if (!items) return isUnknown(v) ? v : py.unknownAt(`\`*\` of a ${typeName(v)}`, spanOf(a));
      for (const item of items) positional.push({ value: item });
    } else {
      const v = evalExpr(py, a.value, frame);
      if (isUnknown(v)) return v;
      if (typeof v !== 'object' || v === null || v.t !== 'dict') return py.unknownAt('`**` of a value that is not a dict', spanOf(a));
      for (const [k, x] of v.map) keywords.set(String(k), { value: x });
    }
  }
  if (isUnknown(callee)) return callee;
  const argList = e.args.length ? { from: e.args[0].from, to: e.args[e.args.length - 1].to } : undefined;
  return py.call(callee, { positional, keywords }, span, e.callee.k === 'attribute' ? e.callee.object : undefined, argList);
}

function makeSuper(py: Interpreter, e: A.CallExpr, frame: Frame): PyValue {
  // super() in a method: the class that defined it and the method's first argument; super(Cls, self) explicitly.
  if (e.args.length === 2) {
    const cls = evalExpr(py, e.args[0].value, frame);
    const self = evalExpr(py, e.args[1].value, frame);
    if (typeof cls === 'object' && cls !== null && cls.t === 'class') return { t: 'super', self, after: cls };
  } else if (e.args.length === 0 && frame.fn?.owner && frame.self !== undefined) {
    return { t: 'super', self: frame.self, after: frame.fn.owner };
  }
  return py.unknownAt('this super() call is not followed', spanOf(e));
}

export function evalIndex(py: Interpreter, e: A.SubscriptExpr, frame: Frame): PyValue {
  if (e.indices.length === 1 && !e.isTuple) return evalExpr(py, e.indices[0], frame);
  return tuple(e.indices.map((i) => evalExpr(py, i, frame)));
}

export function binaryValue(py: Interpreter, op: string, a: PyValue, b: PyValue, span: Span, inPlace = false): PyValue {
  const plain = binaryOp(op, a, b);
  if (plain !== undefined) return plain;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  const tensorSide = [a, b].some((v) => typeof v === 'object' && v !== null && v.t === 'tensor');
  if (tensorSide) return py.torch.tensorOperator(op, a, b, span, inPlace);
  throw new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function unary(py: Interpreter, e: A.UnaryExpr, frame: Frame): PyValue {
  const v = evalExpr(py, e.operand, frame);
  if (e.op === 'not') {
    const t = truthy(v);
    if (t === undefined) return isUnknown(v) ? v : py.unknownAt(`the truth value of a ${typeName(v)}`, spanOf(e));
    return !t;
  }
  const n = numericValue(v);
  if (n !== undefined) {
    const float = typeof v === 'object' && v !== null && v.t === 'float';
    const r = e.op === '-' ? -n : e.op === '+' ? n : ~n;
    return float ? pyFloat(r) : r;
  }
  if (isUnknown(v)) return v;
  if (typeof v === 'object' && v !== null && v.t === 'tensor') return py.torch.tensorUnary(e.op, v, spanOf(e));
  throw new PyError('TypeError', `bad operand type for unary ${e.op}: '${typeName(v)}'`);
}

function compare(py: Interpreter, e: A.CompareExpr, frame: Frame): PyValue {
  let left = evalExpr(py, e.operands[0], frame);
  let result: PyValue = true;
  for (let i = 0; i < e.ops.length; i++) {
    const right = evalExpr(py, e.operands[i + 1], frame);
    const r = compareOne(py, e.ops[i], left, right, spanOf(e));
    if (r !== true) {
      result = r;
      if (r === false || isUnknown(r)) return r;
    }
    left = right;
  }
  return result;
}

export function compareOne(py: Interpreter, op: string, a: PyValue, b: PyValue, span: Span): PyValue {
  let r: boolean | undefined;
  switch (op) {
    case '==': case '!=': r = equals(a, b); if (r !== undefined && op === '!=') r = !r; break;
    case 'is': case 'is not': r = identical(a, b); if (r !== undefined && op === 'is not') r = !r; break;
    case 'in': case 'not in': {
      r = contains(b, a);
      if (r !== undefined && op === 'not in') r = !r;
      break;
    }
    default:
      r = compareOrder(op, a, b);
  }
  if (r !== undefined) return r;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if ((typeof a === 'object' && a !== null && a.t === 'tensor') || (typeof b === 'object' && b !== null && b.t === 'tensor')) {
    return py.torch.tensorOperator(op, a, b, span, false);
  }
  return py.unknownAt(`\`${op}\` between a ${typeName(a)} and a ${typeName(b)}`, span);
}

function contains(container: PyValue, item: PyValue): boolean | undefined {
  if (typeof container === 'string') return typeof item === 'string' ? container.includes(item) : undefined;
  if (typeof container !== 'object' || container === null) return undefined;
  if (container.t === 'dict') {
    const k = dictKey(item);
    return k === undefined ? undefined : container.map.has(k);
  }
  if (container.t === 'module') return typeof item === 'string' ? container.children.has(item) : undefined;
  if (container.t === 'list' || container.t === 'tuple' || container.t === 'set') {
    let unknownSeen = false;
    for (const x of container.items) {
      const eq = equals(x, item);
      if (eq) return true;
      if (eq === undefined) unknownSeen = true;
    }
    return unknownSeen ? undefined : false;
  }
  return undefined;
}

function comprehension(py: Interpreter, e: A.ComprehensionExpr, frame: Frame): PyValue {
  const scope = new Scope(frame.scope);
  const inner: Frame = { ...frame, scope };
  const out: PyValue[] = [];
  const keys: PyValue[] = [];
  const run = (g: number): PyValue | undefined => {
    if (g === e.generators.length) {
      if (e.kind === 'dict') keys.push(evalExpr(py, e.element, inner));
      out.push(evalExpr(py, e.kind === 'dict' ? e.value! : e.element, inner));
      return undefined;
    }
    const gen = e.generators[g];
    const iterValue = evalExpr(py, gen.iter, inner);
    const items = py.iterate(iterValue, spanOf(gen.iter));
    if (!items) return isUnknown(iterValue) ? iterValue : py.unknownAt(`\`${py.snippet(gen.iter)}\` cannot be iterated`, spanOf(gen.iter));
    for (const item of items) {
      py.assign(gen.target, item, inner);
      let keep = true;
      for (const cond of gen.ifs) {
        const t = truthy(evalExpr(py, cond, inner));
        if (t === undefined) return py.unknownAt(`the condition \`${py.snippet(cond)}\` is not known`, spanOf(cond));
        if (!t) { keep = false; break; }
      }
      if (!keep) continue;
      const stop = run(g + 1);
      if (stop !== undefined) return stop;
    }
    return undefined;
  };
  const stopped = run(0);
  if (stopped !== undefined) return stopped;
  if (e.kind === 'dict') {
    const map = new Map<string | number | boolean | null, PyValue>();
    for (let i = 0; i < keys.length; i++) {
      const k = dictKey(keys[i]);
      if (k === undefined) return py.unknownAt('a dict key that is not a str, int or bool', spanOf(e));
      map.set(k, out[i]);
    }
    return { t: 'dict', map };
  }
  return e.kind === 'set' ? { t: 'set', items: out } : list(out);
}
