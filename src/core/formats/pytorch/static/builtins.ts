// Python's builtins and the methods of its built-in types, as far as model definitions use them: len, range,
// int/float/str, zip/enumerate, min/max/sum, isinstance, print, math.*, list.append, dict.get, str.format, …
// Everything else answers with an unknown value that says which builtin was not followed.
import type { Span } from '../trace';
import type { CallArgs } from './bindArgs';
import { MAX_ITEMS, PyError, compareOrder, dictKey, equals, formatPercent, reprPlain, truthy } from './operators';
import { asInt, isNumber, isUnknown, list, numericValue, pyFloat, tuple, unknown, type PyDict, type PyValue } from './values';

/** What builtins need from the interpreter. */
export interface BuiltinHost {
  iterate(v: PyValue, span: Span): PyValue[] | null;
  isInstance(v: PyValue, cls: PyValue): boolean | undefined;
  call(fn: PyValue, args: CallArgs, span: Span): PyValue;
  getAttribute(obj: PyValue, name: string, span: Span): PyValue;
  setAttribute(obj: PyValue, name: string, value: PyValue, span: Span): void;
}

const NAMES = [
  'len', 'range', 'int', 'float', 'str', 'bool', 'list', 'tuple', 'dict', 'set', 'zip', 'enumerate', 'min', 'max', 'sum',
  'abs', 'round', 'isinstance', 'issubclass', 'print', 'sorted', 'reversed', 'any', 'all', 'getattr', 'hasattr',
  'setattr', 'type', 'map', 'filter', 'divmod', 'pow', 'repr', 'object', 'iter', 'next', 'callable', 'id', 'hash',
  'ValueError', 'TypeError', 'NotImplementedError', 'RuntimeError', 'AssertionError', 'KeyError', 'IndexError',
  'AttributeError', 'Exception', 'staticmethod', 'classmethod', 'property', 'frozenset',
];
const BUILTINS = new Map<string, PyValue>(NAMES.map((n) => [n, { t: 'builtin', name: n }]));
BUILTINS.set('__name__', '__main__');
BUILTINS.set('NotImplemented', { t: 'opaque', what: 'NotImplemented' });

export function builtinValue(name: string): PyValue | undefined {
  return BUILTINS.get(name);
}

const RANGE_LIMIT = MAX_ITEMS;

function positional(args: CallArgs): PyValue[] {
  return args.positional.map((a) => a.value);
}

function toInt(v: PyValue, what: string): number {
  const i = asInt(v);
  if (i === undefined) throw new PyError('TypeError', `'${reprPlain(v, true)}' cannot be interpreted as an integer (${what})`);
  return i;
}

/** A builtin call; unknown arguments make an unknown result. */
export function callBuiltin(host: BuiltinHost, name: string, args: CallArgs, span: Span): PyValue {
  const a = positional(args);
  const firstUnknown = a.find(isUnknown);
  if (firstUnknown && name !== 'print' && name !== 'isinstance' && name !== 'hasattr') return firstUnknown;
  switch (name) {
    case 'len': {
      const items = lengthOf(host, a[0], span);
      return items;
    }
    case 'range': {
      const [start, stop, step] = a.length === 1 ? [0, toInt(a[0], 'range'), 1] : [toInt(a[0], 'range'), toInt(a[1], 'range'), a[2] === undefined ? 1 : toInt(a[2], 'range')];
      if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
      const length = Math.max(0, Math.ceil((stop - start) / step));
      if (length > RANGE_LIMIT) return unknown(`range(${start}, ${stop}) has ${length.toLocaleString('en-US')} items, more than the static engine follows`);
      const out: number[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
      return tuple(out);
    }
    case 'int': {
      if (a.length === 0) return 0;
      if (typeof a[0] === 'string') {
        const n = Number.parseInt(a[0].trim(), a[1] === undefined ? 10 : toInt(a[1], 'int'));
        if (Number.isNaN(n)) throw new PyError('ValueError', `invalid literal for int(): '${a[0]}'`);
        return n;
      }
      const n = numericValue(a[0]);
      if (n === undefined) return unknown(`int() of a ${typeof a[0]} value`);
      return Math.trunc(n);
    }
    case 'float': {
      if (a.length === 0) return pyFloat(0);
      if (typeof a[0] === 'string') return pyFloat(a[0].trim() === 'inf' ? Infinity : Number(a[0]));
      const n = numericValue(a[0]);
      return n === undefined ? unknown('float() of a non-number') : pyFloat(n);
    }
    case 'str': case 'repr':
      return a.length === 0 ? '' : reprPlain(a[0], name === 'repr');
    case 'bool': {
      if (a.length === 0) return false;
      const b = truthy(a[0]);
      return b === undefined ? unknown('the truth value of a tensor or an unknown value') : b;
    }
    case 'list': case 'tuple': case 'set': case 'frozenset': {
      const items = a.length === 0 ? [] : host.iterate(a[0], span);
      if (!items) return unknown(`${name}() of a value that cannot be iterated`);
      return name === 'tuple' ? tuple(items) : name === 'list' ? list(items) : { t: 'set', items: dedupe(items) };
    }
    case 'dict':
      return makeDict(host, a[0], args, span);
    case 'zip': {
      const lists = a.map((v) => host.iterate(v, span));
      if (lists.some((l) => l === null)) return unknown('zip() of a value that cannot be iterated');
      const n = Math.min(...(lists as PyValue[][]).map((l) => l.length));
      const out: PyValue[] = [];
      for (let i = 0; i < n; i++) out.push(tuple((lists as PyValue[][]).map((l) => l[i])));
      return list(out);
    }
    case 'enumerate': {
      const items = host.iterate(a[0], span);
      if (!items) return unknown('enumerate() of a value that cannot be iterated');
      const start = a[1] !== undefined ? toInt(a[1], 'enumerate') : args.keywords.has('start') ? toInt(args.keywords.get('start')!.value, 'enumerate') : 0;
      return list(items.map((v, i) => tuple([i + start, v])));
    }
    case 'min': case 'max': {
      const items = a.length === 1 ? host.iterate(a[0], span) : a;
      if (!items || items.length === 0) throw new PyError('ValueError', `${name}() arg is an empty sequence`);
      let best = items[0];
      for (const v of items.slice(1)) {
        const c = compareOrder(name === 'min' ? '<' : '>', v, best);
        if (c === undefined) return unknown(`${name}() of values that cannot be compared`);
        if (c) best = v;
      }
      return best;
    }
    case 'sum': {
      const items = host.iterate(a[0], span);
      if (!items) return unknown('sum() of a value that cannot be iterated');
      let total: PyValue = a[1] ?? 0;
      for (const v of items) {
        const x = numericValue(total);
        const y = numericValue(v);
        if (x === undefined || y === undefined) return unknown('sum() of values that are not numbers');
        total = isFloatish(total) || isFloatish(v) ? pyFloat(x + y) : x + y;
      }
      return total;
    }
    case 'abs': {
      const n = numericValue(a[0]);
      if (n === undefined) return unknown('abs() of a non-number');
      return isFloatish(a[0]) ? pyFloat(Math.abs(n)) : Math.abs(n);
    }
    case 'round': {
      const n = numericValue(a[0]);
      if (n === undefined) return unknown('round() of a non-number');
      if (a[1] !== undefined && a[1] !== null) {
        const d = toInt(a[1], 'round');
        return pyFloat(Math.round(n * 10 ** d) / 10 ** d);
      }
      // Python rounds half to even.
      const r = Math.round(n);
      return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
    case 'divmod': {
      const x = numericValue(a[0]);
      const y = numericValue(a[1]);
      if (x === undefined || y === undefined) return unknown('divmod() of non-numbers');
      if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
      return tuple([Math.floor(x / y), x - y * Math.floor(x / y)]);
    }
    case 'pow': case 'math.pow': {
      const x = numericValue(a[0]);
      const y = numericValue(a[1]);
      if (x === undefined || y === undefined) return unknown('pow() of non-numbers');
      return name === 'math.pow' || isFloatish(a[0]) || isFloatish(a[1]) || y < 0 ? pyFloat(x ** y) : x ** y;
    }
    case 'isinstance': {
      const r = host.isInstance(a[0], a[1]);
      return r === undefined ? unknown('isinstance() of an unknown value') : r;
    }
    case 'issubclass':
      return unknown('issubclass() is not followed');
    case 'print': case 'ignored': case 'torch.manual_seed':
      return null;
    case 'sorted': case 'reversed': {
      const items = host.iterate(a[0], span);
      if (!items) return unknown(`${name}() of a value that cannot be iterated`);
      if (name === 'reversed') return list([...items].reverse());
      const sorted = [...items];
      let ok = true;
      sorted.sort((x, y) => {
        const lt = compareOrder('<', x, y);
        if (lt === undefined) ok = false;
        return lt ? -1 : equals(x, y) ? 0 : 1;
      });
      return ok ? list(sorted) : unknown('sorted() of values that cannot be compared');
    }
    case 'any': case 'all': {
      const items = host.iterate(a[0], span);
      if (!items) return unknown(`${name}() of a value that cannot be iterated`);
      for (const v of items) {
        const b = truthy(v);
        if (b === undefined) return unknown(`${name}() of unknown values`);
        if (name === 'any' && b) return true;
        if (name === 'all' && !b) return false;
      }
      return name === 'all';
    }
    case 'getattr': {
      if (typeof a[1] !== 'string') return unknown('getattr() with a name that is not a known string');
      const v = host.getAttribute(a[0], a[1], span);
      return isUnknown(v) && a[2] !== undefined ? a[2] : v;
    }
    case 'hasattr': {
      if (typeof a[1] !== 'string') return unknown('hasattr() with a name that is not a known string');
      return !isUnknown(host.getAttribute(a[0], a[1], span));
    }
    case 'setattr':
      if (typeof a[1] !== 'string') return unknown('setattr() with a name that is not a known string');
      host.setAttribute(a[0], a[1], a[2], span);
      return null;
    case 'map': {
      const lists = a.slice(1).map((v) => host.iterate(v, span));
      if (lists.some((l) => l === null)) return unknown('map() of a value that cannot be iterated');
      const n = Math.min(...(lists as PyValue[][]).map((l) => l.length));
      const out: PyValue[] = [];
      for (let i = 0; i < n; i++) out.push(host.call(a[0], { positional: (lists as PyValue[][]).map((l) => ({ value: l[i] })), keywords: new Map() }, span));
      return list(out);
    }
    case 'filter': {
      const items = host.iterate(a[1], span);
      if (!items) return unknown('filter() of a value that cannot be iterated');
      const out: PyValue[] = [];
      for (const v of items) {
        const keep = a[0] === null ? truthy(v) : truthy(host.call(a[0], { positional: [{ value: v }], keywords: new Map() }, span));
        if (keep === undefined) return unknown('filter() on unknown values');
        if (keep) out.push(v);
      }
      return list(out);
    }
    case 'callable':
      return typeof a[0] === 'object' && a[0] !== null && ['function', 'bound', 'builtin', 'torchfn', 'method', 'class', 'nnclass', 'module'].includes(a[0].t);
    case 'math.ceil': case 'math.floor': case 'math.trunc': case 'math.isqrt': {
      const n = numericValue(a[0]);
      if (n === undefined) return unknown(`${name}() of a non-number`);
      return name === 'math.ceil' ? Math.ceil(n) : name === 'math.floor' ? Math.floor(n) : name === 'math.isqrt' ? Math.floor(Math.sqrt(n)) : Math.trunc(n);
    }
    case 'math.sqrt': case 'math.log': case 'math.log2': case 'math.log10': case 'math.exp': case 'math.fabs': {
      const n = numericValue(a[0]);
      if (n === undefined) return unknown(`${name}() of a non-number`);
      const f = { 'math.sqrt': Math.sqrt, 'math.log': Math.log, 'math.log2': Math.log2, 'math.log10': Math.log10, 'math.exp': Math.exp, 'math.fabs': Math.abs }[name];
      if (name === 'math.log' && a[1] !== undefined) return pyFloat(Math.log(n) / Math.log(numericValue(a[1]) ?? Math.E));
      return pyFloat(f(n));
    }
    case 'math.prod': {
      const items = host.iterate(a[0], span);
      if (!items) return unknown('math.prod() of a value that cannot be iterated');
      let p: PyValue = 1;
      for (const v of items) {
        const x = numericValue(p);
        const y = numericValue(v);
        if (x === undefined || y === undefined) return unknown('math.prod() of values that are not numbers');
        p = isFloatish(p) || isFloatish(v) ? pyFloat(x * y) : x * y;
      }
      return p;
    }
    case 'math.gcd': {
      let x = Math.abs(toInt(a[0], 'gcd'));
      let y = Math.abs(toInt(a[1], 'gcd'));
      while (y) [x, y] = [y, x % y];
      return x;
    }
    case 'torch.cuda.is_available':
      return false;
    case 'torch.device':
      return { t: 'opaque', what: 'a torch.device' };
    case 'torch.no_grad': case 'torch.set_grad_enabled': case 'opaque': case 'object': case 'type': case 'iter': case 'next': case 'id': case 'hash':
      return { t: 'opaque', what: `the result of ${name}()` };
    case 'staticmethod': case 'classmethod': case 'property':
      return a[0] ?? null;
    default:
      if (/Error$|^Exception$/.test(name)) return { t: 'opaque', what: `${name}(…)` };
      return unknown(`the builtin ${name}() is not followed`);
  }
}

function isFloatish(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && v.t === 'float';
}

function dedupe(items: PyValue[]): PyValue[] {
  const out: PyValue[] = [];
  for (const v of items) if (!out.some((x) => equals(x, v) === true)) out.push(v);
  return out;
}

function lengthOf(host: BuiltinHost, v: PyValue, span: Span): PyValue {
  if (typeof v === 'string') return v.length;
  if (typeof v === 'object' && v !== null) {
    switch (v.t) {
      case 'list': case 'tuple': case 'set': return v.items.length;
      case 'dict': return v.map.size;
      case 'module': return v.children.size;
      case 'tensor':
        if (!v.shape || v.shape.length === 0) return unknown('len() of a tensor of unknown rank');
        return v.shape[0] ?? unknown('len() of a tensor whose first dimension is unknown');
    }
  }
  const items = host.iterate(v, span);
  return items ? items.length : unknown('len() of a value whose length is not known');
}

function makeDict(host: BuiltinHost, source: PyValue | undefined, args: CallArgs, span: Span): PyValue {
  const out: PyDict = { t: 'dict', map: new Map() };
  if (source !== undefined) {
    if (typeof source === 'object' && source !== null && source.t === 'dict') {
      for (const [k, v] of source.map) out.map.set(k, v);
    } else {
      const items = host.iterate(source, span);
      if (!items) return unknown('dict() of a value that cannot be iterated');
      for (const pair of items) {
        if (typeof pair !== 'object' || pair === null || (pair.t !== 'tuple' && pair.t !== 'list') || pair.items.length !== 2) return unknown('dict() of items that are not pairs');
        const k = dictKey(pair.items[0]);
        if (k === undefined) return unknown('a dict key that is not a str, int or bool');
        out.map.set(k, pair.items[1]);
      }
    }
  }
  for (const [k, v] of args.keywords) out.map.set(k, v.value);
  return out;
}

/** `obj.name(...)` for lists, tuples, dicts and strings; undefined when `obj` is none of those. */
export function callTypeMethod(host: BuiltinHost, obj: PyValue, name: string, args: CallArgs, span: Span): PyValue | undefined {
  const a = positional(args);
  if (typeof obj === 'string') return stringMethod(obj, name, a, args);
  if (typeof obj !== 'object' || obj === null) return undefined;
  if (obj.t === 'list' || obj.t === 'tuple') {
    switch (name) {
      case 'append': if (obj.t === 'list') { obj.items.push(a[0]); return null; } break;
      case 'extend': if (obj.t === 'list') {
        const items = host.iterate(a[0], span);
        if (!items) return unknown('list.extend() of a value that cannot be iterated');
        obj.items.push(...items);
        return null;
      } break;
      case 'insert': if (obj.t === 'list') {
        const i = toInt(a[0], 'insert');
        obj.items.splice(i < 0 ? Math.max(0, obj.items.length + i) : i, 0, a[1]);
        return null;
      } break;
      case 'pop': if (obj.t === 'list') {
        if (obj.items.length === 0) throw new PyError('IndexError', 'pop from empty list');
        const i = a[0] === undefined ? obj.items.length - 1 : toInt(a[0], 'pop');
        return obj.items.splice(i < 0 ? obj.items.length + i : i, 1)[0];
      } break;
      case 'copy': return list([...obj.items]);
      case 'reverse': if (obj.t === 'list') { obj.items.reverse(); return null; } break;
      case 'index': {
        const i = obj.items.findIndex((x) => equals(x, a[0]) === true);
        if (i < 0) throw new PyError('ValueError', `${reprPlain(a[0], true)} is not in list`);
        return i;
      }
      case 'count': return obj.items.filter((x) => equals(x, a[0]) === true).length;
    }
    return unknown(`${obj.t}.${name}() is not followed`);
  }
  if (obj.t === 'dict') {
    switch (name) {
      case 'get': {
        const k = dictKey(a[0]);
        if (k === undefined) return unknown('dict.get() with a key that is not a str, int or bool');
        return obj.map.has(k) ? obj.map.get(k)! : a[1] ?? null;
      }
      case 'items': return list([...obj.map].map(([k, v]) => tuple([k, v])));
      case 'keys': return list([...obj.map.keys()]);
      case 'values': return list([...obj.map.values()]);
      case 'copy': return { t: 'dict', map: new Map(obj.map) };
      case 'update': {
        const src = makeDict(host, a[0], args, span);
        if (typeof src === 'object' && src !== null && src.t === 'dict') for (const [k, v] of src.map) obj.map.set(k, v);
        return null;
      }
      case 'pop': case 'setdefault': {
        const k = dictKey(a[0]);
        if (k === undefined) return unknown(`dict.${name}() with a key that is not a str, int or bool`);
        const had = obj.map.has(k);
        const v = had ? obj.map.get(k)! : a[1] ?? null;
        if (name === 'pop') obj.map.delete(k);
        else if (!had) obj.map.set(k, v);
        if (!had && a[1] === undefined && name === 'pop') throw new PyError('KeyError', String(k));
        return v;
      }
    }
    return unknown(`dict.${name}() is not followed`);
  }
  return undefined;
}

function stringMethod(s: string, name: string, a: PyValue[], args: CallArgs): PyValue {
  switch (name) {
    case 'format': {
      let auto = 0;
      return s.replace(/\{([^{}]*)\}/g, (_m, field: string) => {
        const [key, spec] = field.split(':');
        const v = key === '' ? a[auto++] : /^\d+$/.test(key) ? a[Number(key)] : args.keywords.get(key)?.value;
        return formatWithSpec(v ?? null, spec ?? '');
      });
    }
    case 'join': {
      const items = a[0] && typeof a[0] === 'object' && (a[0].t === 'list' || a[0].t === 'tuple') ? a[0].items : null;
      if (!items || items.some((x) => typeof x !== 'string')) return unknown('str.join() of values that are not strings');
      return (items as string[]).join(s);
    }
    case 'upper': return s.toUpperCase();
    case 'lower': return s.toLowerCase();
    case 'strip': return s.trim();
    case 'startswith': return typeof a[0] === 'string' ? s.startsWith(a[0]) : unknown('str.startswith() of a non-string');
    case 'endswith': return typeof a[0] === 'string' ? s.endsWith(a[0]) : unknown('str.endswith() of a non-string');
    case 'replace': return typeof a[0] === 'string' && typeof a[1] === 'string' ? s.split(a[0]).join(a[1]) : unknown('str.replace() of non-strings');
    case 'split': return list(typeof a[0] === 'string' ? s.split(a[0]) : s.trim().split(/\s+/));
    case 'isdigit': return /^\d+$/.test(s);
  }
  return unknown(`str.${name}() is not followed`);
}

/** `format(v, spec)` for f-strings and str.format: `d`, `.2f`, widths. */
export function formatWithSpec(v: PyValue, spec: string): string {
  if (!spec) return reprPlain(v, false);
  const m = /^(.?[<>^])?([+ -]?)(0?)(\d*)(,?)(?:\.(\d+))?([bdeEfFgGosxX%]?)$/.exec(spec);
  if (!m) return reprPlain(v, false);
  const [, , , zero, width, , precision, type] = m;
  let text: string;
  if (type && isNumber(v)) text = formatPercent(`%${precision !== undefined ? `.${precision}` : ''}${type === '%' ? 'f' : type}`, v);
  else if (precision !== undefined && isNumber(v)) text = formatPercent(`%.${precision}g`, v);
  else text = reprPlain(v, false);
  return width ? text.padStart(Number(width), zero ? '0' : ' ') : text;
}
