// Runs the part of Python that model definitions use, never executing anything: statements, functions and classes of
// the file, attribute and item access (expressions are in expressions.ts). What touches torch (nn classes, modules, tensors, torch functions) goes to
// torchRuntime.ts. Whatever it cannot follow becomes an UnknownValue with a warning at that spot.
import type { Span } from '../trace';
import type * as A from './ast';
import type { ArgIn, CallArgs } from './bindArgs';
import { callBuiltin, callTypeMethod, type BuiltinHost } from './builtins';
import type { DiagnosticSink } from './diagnostics';
import { importBindings, namespaceAttribute } from './imports';
import { PyError, dictKey, truthy } from './operators';
import { lineOf, type ParsedModule } from './parse';
import { Scope } from './scope';
import {
  iterateModule, moduleAttribute, moduleIndex, moduleMethod, parameterAttribute, parameterMethod, setModuleAttribute,
  setModuleItem, setRequiresGrad, superAttribute,
} from './moduleProtocol';
import { TorchRuntime } from './torchRuntime';
import { binaryValue, evalExpr, evalIndex, NO_KEYWORDS } from './expressions';
import {
  asInt, isModule, isUnknown, list, spanOf, tuple, typeName, unknown, type PyClass, type PyFunction, type PyInstance,
  type PyValue,
} from './values';

type Completion = undefined | 'break' | 'continue' | { readonly value: PyValue } | { readonly raised: true };

export interface Frame {
  readonly scope: Scope;
  readonly fn?: PyFunction;
  /** The first argument of the running method (for a zero-argument `super()`). */
  readonly self?: PyValue;
  /** Set while a class body runs: defs become its methods. */
  readonly building?: PyClass;
}

const MAX_DEPTH = 120;
const MAX_STEPS = 500_000;
const MAX_WHILE = 10_000;

/** The engine's own budget ran out (a long loop): the analysis stops and says so. */
export class EngineLimit extends Error {}

/** A class-level instance assignment the user may pick as the model. */
export interface InstanceBinding {
  readonly name: string;
  readonly span: Span;
  readonly value: PyValue;
}

export class Interpreter implements BuiltinHost {
  readonly globals = new Scope();
  readonly torch: TorchRuntime;
  /** Module-level `name = <nn.Module>` assignments, in order. */
  readonly moduleLevelBindings: InstanceBinding[] = [];
  readonly classes: PyClass[] = [];
  private depth = 0;
  private steps = 0;
  private readonly mroCache = new Map<PyClass, readonly PyValue[]>();

  constructor(readonly text: string, readonly parsed: ParsedModule, readonly diags: DiagnosticSink) {
    this.torch = new TorchRuntime(this);
  }

  line(offset: number): number {
    return lineOf(this.parsed.lineStarts, offset);
  }

  snippet(n: Span): string {
    const s = this.text.slice(n.from, n.to).replace(/\s+/g, ' ');
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  }

  /** Runs the file's module-level statements (defining classes, functions, constants and instances). */
  runModule(): void {
    const frame: Frame = { scope: this.globals };
    // A statement Python raises on is reported and the rest still runs: later definitions stay inspectable while
    // the user fixes it (what depended on the failed statement is unknown).
    for (const stmt of this.parsed.body) {
      // `model.fit()`, `model.test()`: code that uses the model (data loaders, training loops) is run, since a method
      // may still change the model (freezing parameters), but what it cannot follow is no concern of the analysis.
      const usesModel = stmt.k === 'expr' && stmt.value.k === 'call' && stmt.value.callee.k === 'attribute'
        && isModule(this.globals.lookup(rootName(stmt.value.callee.object) ?? '') ?? null);
      if (usesModel) this.diags.warningsMuted++;
      this.execStmt(stmt, frame);
      if (usesModel) this.diags.warningsMuted--;
      if (stmt.k === 'assign' && stmt.value) {
        for (const t of stmt.targets) {
          if (t.k !== 'name') continue;
          this.moduleLevelBindings.push({ name: t.id, span: spanOf(t), value: this.globals.lookup(t.id) ?? null });
        }
      }
    }
  }

  /** A warning at `span`, and the unknown value that carries it (marked reported). */
  unknownAt(why: string, span: Span): PyValue {
    this.diags.warn(`Could not follow \`${this.snippet(span)}\`: ${why}. What depends on it is unknown.`, span);
    return unknown(why, true);
  }

  // ---- statements ----

  execBlock(stmts: readonly A.Stmt[], frame: Frame): Completion {
    for (const s of stmts) {
      const c = this.execStmt(s, frame);
      if (c !== undefined) return c;
    }
    return undefined;
  }

  private execStmt(s: A.Stmt, frame: Frame): Completion {
    if (++this.steps > MAX_STEPS) throw new EngineLimit(`the file's code runs more than ${MAX_STEPS.toLocaleString('en-US')} statements, more than the static engine follows`);
    try {
      return this.execStmtInner(s, frame);
    } catch (e) {
      if (e instanceof PyError) {
        this.diags.error(`Python raises ${e.pyType} here: ${e.message}.`, spanOf(s));
        if (s.k === 'assign') for (const name of assignedNames([s])) frame.scope.set(name, unknown(e.message, true));
        return { raised: true };
      }
      throw e;
    }
  }

  private execStmtInner(s: A.Stmt, frame: Frame): Completion {
    switch (s.k) {
      case 'expr':
        this.eval(s.value, frame);
        return undefined;
      case 'assign': {
        if (!s.value) return undefined;
        const v = this.eval(s.value, frame);
        for (const t of s.targets) this.assign(t, v, frame, s.value);
        return undefined;
      }
      case 'augassign':
        this.augAssign(s, frame);
        return undefined;
      case 'return':
        return { value: s.value ? this.eval(s.value, frame) : null };
      case 'if':
        return this.execIf(s, frame);
      case 'for':
        return this.execFor(s, frame);
      case 'while': {
        for (let i = 0; i < MAX_WHILE; i++) {
          const test = truthy(this.eval(s.test, frame));
          if (test === undefined) return this.giveUpOn(s.body, frame, `the condition \`${this.snippet(s.test)}\` is not known`, spanOf(s.test));
          if (!test) return undefined;
          const c = this.execBlock(s.body, frame);
          if (c === 'break') return undefined;
          if (c !== undefined && c !== 'continue') return c;
        }
        return this.giveUpOn(s.body, frame, 'the loop did not end within 10,000 iterations', spanOf(s.test));
      }
      case 'pass': case 'ignored': case 'assert':
        return undefined;
      case 'break': return 'break';
      case 'continue': return 'continue';
      case 'raise':
        this.diags.error(`The code raises here${s.value ? `: ${this.snippet(s.value)}` : ''}; PyTorch would stop building the model.`, spanOf(s));
        return { raised: true };
      case 'def': {
        const fn = this.makeFunction(s, frame);
        if (frame.building) frame.building.attrs.set(s.name, fn);
        else frame.scope.set(s.name, fn);
        return undefined;
      }
      case 'class':
        this.defineClass(s, frame);
        return undefined;
      case 'import': case 'importfrom':
        for (const [name, value] of importBindings(s)) if (name !== '*') frame.scope.set(name, value);
        return undefined;
      case 'block':
        return this.execBlock(s.body, frame);
      case 'unsupported':
        if (s.what.startsWith('a syntax error')) {
          // Lezer's error nodes may be empty: point at the next character so the editor can show it.
          this.diags.warn('Syntax error: this statement is skipped, and what it would define is unknown.', { from: s.from, to: Math.max(s.to, Math.min(s.from + 1, this.text.length)) });
        } else {
          this.unknownAt(`the statement is not followed (${s.what})`, spanOf(s));
        }
        return undefined;
    }
  }

  private execIf(s: A.IfStmt, frame: Frame): Completion {
    for (const b of s.branches) {
      const test = truthy(this.eval(b.test, frame));
      if (test === undefined) {
        const rest = [...s.branches.flatMap((x) => x.body), ...(s.orelse ?? [])];
        return this.giveUpOn(rest, frame, `the condition \`${this.snippet(b.test)}\` is not known`, spanOf(b.test));
      }
      if (test) return this.execBlock(b.body, frame);
    }
    return s.orelse ? this.execBlock(s.orelse, frame) : undefined;
  }

  /** A block that cannot be decided: names it assigns become unknown, and the warning says why. */
  private giveUpOn(body: readonly A.Stmt[], frame: Frame, why: string, span: Span): Completion {
    this.diags.warn(`Could not follow this: ${why}. Names assigned under it are unknown.`, span);
    for (const name of assignedNames(body)) frame.scope.set(name, unknown(why, true));
    return undefined;
  }

  private execFor(s: A.ForStmt, frame: Frame): Completion {
    const iterValue = this.eval(s.iter, frame);
    const items = this.iterate(iterValue, spanOf(s.iter));
    if (!items) return this.giveUpOn(s.body, frame, isUnknown(iterValue) ? iterValue.why : `\`${this.snippet(s.iter)}\` cannot be iterated`, spanOf(s.iter));
    for (const item of items) {
      this.assign(s.target, item, frame);
      const c = this.execBlock(s.body, frame);
      if (c === 'break') return undefined;
      if (c !== undefined && c !== 'continue') return c;
    }
    return s.orelse ? this.execBlock(s.orelse, frame) : undefined;
  }

  private augAssign(s: A.AugAssignStmt, frame: Frame): void {
    const current = this.eval(s.target, frame);
    const value = this.eval(s.value, frame);
    // `list += iterable` extends in place (the list may be shared, e.g. layers passed to a helper).
    if (s.op === '+' && typeof current === 'object' && current !== null && current.t === 'list') {
      const items = this.iterate(value, spanOf(s.value));
      if (items) current.items.push(...items);
      else this.assign(s.target, this.unknownAt('`+=` of a value that cannot be iterated', spanOf(s)), frame);
      return;
    }
    this.assign(s.target, this.binary(s.op, current, value, spanOf(s), true), frame);
  }

  assign(target: A.Expr, value: PyValue, frame: Frame, valueExpr?: A.Expr): void {
    switch (target.k) {
      case 'name':
        frame.scope.set(target.id, value);
        return;
      case 'attribute':
        this.setAttribute(this.eval(target.object, frame), target.name, value, spanOf(target), valueExpr);
        return;
      case 'subscript': {
        const obj = this.eval(target.object, frame);
        const index = evalIndex(this, target, frame);
        this.setItem(obj, index, value, spanOf(target));
        return;
      }
      case 'tuple': case 'list': {
        const star = target.items.findIndex((x) => x.k === 'starred');
        const items = this.iterate(value, spanOf(target));
        if (!items && typeof value === 'object' && value !== null && value.t === 'opaque') {
          // Unpacking something the engine never looks into (a dataset split): its parts are opaque too.
          for (const t of target.items) this.assign(t.k === 'starred' ? t.value : t, { t: 'opaque', what: `part of ${value.what}` }, frame);
          return;
        }
        if (!items) {
          const why = isUnknown(value) ? value.why : `${typeName(value)} cannot be unpacked`;
          for (const t of target.items) this.assign(t.k === 'starred' ? t.value : t, isUnknown(value) ? value : unknown(why), frame);
          if (!isUnknown(value)) this.unknownAt(why, spanOf(target));
          return;
        }
        if (star < 0 ? items.length !== target.items.length : items.length < target.items.length - 1) {
          throw new PyError('ValueError', `expected ${target.items.length} values to unpack, got ${items.length}`);
        }
        if (star < 0) {
          target.items.forEach((t, i) => this.assign(t, items[i], frame));
        } else {
          const after = target.items.length - star - 1;
          target.items.slice(0, star).forEach((t, i) => this.assign(t, items[i], frame));
          this.assign((target.items[star] as A.StarredExpr).value, list(items.slice(star, items.length - after)), frame);
          target.items.slice(star + 1).forEach((t, i) => this.assign(t, items[items.length - after + i], frame));
        }
        return;
      }
      case 'starred':
        this.assign(target.value, value, frame);
        return;
      default:
        this.unknownAt('this assignment target is not followed', spanOf(target));
    }
  }

  // ---- functions and classes ----

  makeFunction(def: A.FunctionDef | A.LambdaExpr, frame: Frame): PyFunction {
    const defaults = new Map<string, PyValue>();
    for (const p of def.params) if (p.default) defaults.set(p.name, this.eval(p.default, frame));
    return {
      t: 'function', name: def.k === 'def' ? def.name : '<lambda>', def, defaults,
      // A class body's names are not visible from its methods: they close over the enclosing scope.
      closure: frame.building ? frame.scope.parent ?? frame.scope : frame.scope,
      decorators: def.k === 'def' ? def.decorators : [], owner: frame.building,
    };
  }

  private defineClass(s: A.ClassDef, frame: Frame): void {
    const bases = s.bases.filter((b) => b.kind === 'positional').map((b) => this.eval(b.value, frame));
    const cls: PyClass = { t: 'class', name: s.name, def: s, bases, attrs: new Map() };
    const classScope = new Scope(frame.scope);
    this.execBlock(s.body, { scope: classScope, building: cls });
    for (const [k, v] of classScope.entries()) if (!cls.attrs.has(k)) cls.attrs.set(k, v);
    frame.scope.set(s.name, cls);
    this.classes.push(cls);
  }

  callFunction(fn: PyFunction, args: CallArgs, self: PyValue | undefined, span: Span): PyValue {
    if (this.depth >= MAX_DEPTH) return this.unknownAt(`calls nest deeper than ${MAX_DEPTH}`, span);
    const scope = new Scope(fn.closure);
    const positional: ArgIn[] = self !== undefined ? [{ value: self }, ...args.positional] : [...args.positional];
    const keywords = args.keywords.size ? new Map(args.keywords) : NO_KEYWORDS;
    const params = fn.def.params;
    let p = 0;
    for (const param of params) {
      if (param.kind === 'star') {
        scope.set(param.name, tuple(positional.slice(p).map((a) => a.value)));
        p = positional.length;
      } else if (param.kind === 'doubleStar') {
        const map = new Map<string | number | boolean | null, PyValue>();
        for (const [k, v] of keywords) map.set(k, v.value);
        keywords.clear();
        scope.set(param.name, { t: 'dict', map });
      } else if (param.kind === 'normal' && p < positional.length) {
        if (keywords.has(param.name)) throw new PyError('TypeError', `${fn.name}() got multiple values for argument '${param.name}'`);
        scope.set(param.name, positional[p++].value);
      } else if (keywords.has(param.name)) {
        scope.set(param.name, keywords.get(param.name)!.value);
        keywords.delete(param.name);
      } else if (fn.defaults.has(param.name)) {
        scope.set(param.name, fn.defaults.get(param.name)!);
      } else {
        throw new PyError('TypeError', `${fn.name}() missing required argument: '${param.name}'`);
      }
    }
    if (p < positional.length) throw new PyError('TypeError', `${fn.name}() takes ${params.filter((x) => x.kind === 'normal').length} positional arguments but ${positional.length} were given`);
    if (keywords.size) throw new PyError('TypeError', `${fn.name}() got an unexpected keyword argument '${[...keywords.keys()][0]}'`);
    const frame: Frame = { scope, fn, self: self ?? (params[0] ? scope.lookup(params[0].name) : undefined) };
    this.depth++;
    try {
      if (fn.def.k === 'lambda') return this.eval(fn.def.body, frame);
      const c = this.execBlock(fn.def.body, frame);
      if (c && typeof c === 'object') return 'value' in c ? c.value : unknown(`${fn.name}() raised`, true);
      return null;
    } finally {
      this.depth--;
    }
  }

  /** Method resolution order of a file's class: itself, then its bases depth-first (enough for model code). */
  mro(cls: PyClass): readonly PyValue[] {
    // A class's bases never change after its definition ran: one MRO per class.
    const cached = this.mroCache.get(cls);
    if (cached) return cached;
    const out: PyValue[] = [];
    const visit = (c: PyValue): void => {
      if (out.includes(c)) return;
      out.push(c);
      if (typeof c === 'object' && c !== null && c.t === 'class') c.bases.forEach(visit);
    };
    visit(cls);
    this.mroCache.set(cls, out);
    return out;
  }

  /** A class attribute through the MRO, starting after `after` when given (super()). */
  classAttribute(cls: PyClass, name: string, after?: PyClass): { value: PyValue; owner: PyValue } | undefined {
    const chain = this.mro(cls);
    const start = after ? chain.indexOf(after) + 1 : 0;
    for (const c of chain.slice(start)) {
      if (typeof c === 'object' && c !== null && c.t === 'class' && c.attrs.has(name)) return { value: c.attrs.get(name)!, owner: c };
    }
    return undefined;
  }

  /** The nn base a file's class derives from (Module, Sequential, …, or a catalogue class), if any. */
  nnBase(cls: PyClass): string | undefined {
    for (const c of this.mro(cls)) if (typeof c === 'object' && c !== null && c.t === 'nnclass') return c.name;
    return undefined;
  }

  private instantiate(cls: PyClass, args: CallArgs, span: Span): PyValue {
    const base = this.nnBase(cls);
    if (base !== undefined) return this.torch.constructFileModule(cls, base, args, span);
    const inst: PyInstance = { t: 'instance', cls, attrs: new Map() };
    const init = this.classAttribute(cls, '__init__');
    if (init && typeof init.value === 'object' && init.value !== null && init.value.t === 'function') this.callFunction(init.value, args, inst, span);
    return inst;
  }

  /** A class attribute read through an instance: methods bind to it, a @property runs. */
  member(v: PyValue, self: PyValue, span: Span): PyValue {
    if (typeof v === 'object' && v !== null && v.t === 'function' && v.decorators.includes('property')) {
      return this.callFunction(v, { positional: [], keywords: new Map() }, self, span);
    }
    return bindIfMethod(v, self);
  }

  // ---- calls ----

  call(fn: PyValue, args: CallArgs, span: Span, receiver?: A.Expr, argList?: Span): PyValue {
    if (fn === null || typeof fn !== 'object') throw new PyError('TypeError', `'${typeName(fn)}' object is not callable`);
    switch (fn.t) {
      case 'function':
        return this.callFunction(fn, args, undefined, span);
      case 'bound':
        return this.callFunction(fn.fn, args, fn.self, span);
      case 'class':
        return this.instantiate(fn, args, span);
      case 'nnclass':
        return this.torch.constructNn(fn.name, args, span);
      case 'torchfn':
        return this.torch.callTorchFunction(fn.name, args, span);
      case 'builtin':
        return this.callBuiltinValue(fn.name, args, span);
      case 'method':
        return this.callMethod(fn.self, fn.name, args, span, receiver, argList);
      case 'module':
        return this.torch.callModule(fn, args, span);
      case 'unknown':
        return fn;
      case 'opaque':
        return { t: 'opaque', what: `the result of calling ${fn.what}` };
      default:
        throw new PyError('TypeError', `'${typeName(fn)}' object is not callable`);
    }
  }

  private callBuiltinValue(name: string, args: CallArgs, span: Span): PyValue {
    if (name === 'nn.Parameter') return this.torch.makeParameter(args);
    if (name === 'torch.Tensor') return this.torch.callTorchFunction('torch.Tensor', args, span);
    if (name === 'functools.partial') return this.unknownAt('functools.partial is not followed', span);
    return callBuiltin(this, name, args, span);
  }

  private callMethod(self: PyValue, name: string, args: CallArgs, span: Span, receiver?: A.Expr, argList?: Span): PyValue {
    if (isModule(self)) return moduleMethod(this.torch, self, name, args, span);
    if (typeof self === 'object' && self !== null && self.t === 'param') return parameterMethod(self, name, args);
    if (typeof self === 'object' && self !== null && self.t === 'tensor') return this.torch.tensorMethod(self, name, args, span, receiver, argList);
    const r = callTypeMethod(this, self, name, args, span);
    return r === undefined ? this.unknownAt(`${typeName(self)}.${name}() is not followed`, span) : r;
  }

  eval(e: A.Expr, frame: Frame): PyValue {
    return evalExpr(this, e, frame);
  }

  binary(op: string, a: PyValue, b: PyValue, span: Span, inPlace = false): PyValue {
    return binaryValue(this, op, a, b, span, inPlace);
  }

  // ---- attributes, items, iteration (BuiltinHost) ----

  getAttribute(obj: PyValue, name: string, span: Span): PyValue {
    if (obj === null || typeof obj !== 'object') {
      if (typeof obj === 'string' || typeof obj === 'number') return { t: 'method', self: obj, name };
      throw new PyError('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
    }
    switch (obj.t) {
      case 'namespace': return namespaceAttribute(obj.path, name);
      case 'module': return moduleAttribute(this.torch, obj, name, span);
      case 'tensor': return this.torch.tensorAttribute(obj, name, span);
      case 'instance': {
        if (obj.attrs.has(name)) return obj.attrs.get(name)!;
        const found = this.classAttribute(obj.cls, name);
        if (!found) throw new PyError('AttributeError', `'${obj.cls.name}' object has no attribute '${name}'`);
        return this.member(found.value, obj, span);
      }
      case 'class': {
        if (name === '__name__') return obj.name;
        const found = this.classAttribute(obj, name);
        if (found) return found.value;
        const base = this.nnBase(obj);
        if (base !== undefined) return { t: 'nnclass', name: base };
        throw new PyError('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
      }
      case 'nnclass': return name === '__name__' ? obj.name : this.unknownAt(`torch.nn.${obj.name}.${name} is not followed`, span);
      case 'super': return superAttribute(this.torch, obj, name, span);
      case 'param': return parameterAttribute(obj, name);
      case 'unknown': return obj;
      case 'opaque': return { t: 'opaque', what: `${obj.what}.${name}` };
      case 'list': case 'tuple': case 'dict': case 'set': case 'float': return { t: 'method', self: obj, name };
      default:
        return this.unknownAt(`the attribute ${name} of a ${typeName(obj)} is not followed`, span);
    }
  }

  setAttribute(obj: PyValue, name: string, value: PyValue, span: Span, valueExpr?: A.Expr): void {
    if (typeof obj !== 'object' || obj === null) throw new PyError('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
    if (obj.t === 'module') setModuleAttribute(this.torch, obj, name, value, valueExpr);
    else if (obj.t === 'param' && name === 'requires_grad' && typeof value === 'boolean') setRequiresGrad(obj, value);
    else if (obj.t === 'instance') obj.attrs.set(name, value);
    else if (obj.t === 'class') obj.attrs.set(name, value);
    else if (obj.t !== 'unknown') this.unknownAt(`setting ${name} on a ${typeName(obj)} is not followed`, span);
  }

  getItem(obj: PyValue, index: PyValue, span: Span, receiver?: A.Expr): PyValue {
    if (isUnknown(obj)) return obj;
    if (typeof obj === 'object' && obj !== null) {
      if (obj.t === 'tensor') return this.torch.tensorIndex(obj, index, span, receiver);
      if (obj.t === 'module') return moduleIndex(this.torch, obj, index, span);
      if (obj.t === 'dict') {
        const k = dictKey(index);
        if (k === undefined) return isUnknown(index) ? index : this.unknownAt('a dict key that is not a str, int or bool', span);
        if (!obj.map.has(k)) throw new PyError('KeyError', String(k));
        return obj.map.get(k)!;
      }
    }
    const seq = typeof obj === 'string' ? [...obj] : typeof obj === 'object' && obj !== null && (obj.t === 'list' || obj.t === 'tuple') ? obj.items : null;
    if (!seq) return this.unknownAt(`indexing a ${typeName(obj)}`, span);
    if (typeof index === 'object' && index !== null && index.t === 'slice') {
      const picked = sliceItems(seq, index);
      if (!picked) return this.unknownAt('a slice with unknown bounds', span);
      return typeof obj === 'string' ? picked.join('') : (obj as { t: string }).t === 'list' ? list(picked) : tuple(picked);
    }
    const i = asInt(index);
    if (i === undefined) return isUnknown(index) ? index : this.unknownAt(`an index that is not an int`, span);
    const j = i < 0 ? seq.length + i : i;
    if (j < 0 || j >= seq.length) throw new PyError('IndexError', `index ${i} is out of range (length ${seq.length})`);
    return seq[j];
  }

  private setItem(obj: PyValue, index: PyValue, value: PyValue, span: Span): void {
    if (typeof obj === 'object' && obj !== null) {
      if (obj.t === 'dict') {
        const k = dictKey(index);
        if (k !== undefined) { obj.map.set(k, value); return; }
      } else if (obj.t === 'list') {
        const i = asInt(index);
        if (i !== undefined) { obj.items[i < 0 ? obj.items.length + i : i] = value; return; }
      } else if (obj.t === 'module') {
        setModuleItem(this.torch, obj, index, value, span);
        return;
      } else if (obj.t === 'unknown' || obj.t === 'tensor') {
        return;
      }
    }
    this.unknownAt(`assigning an item of a ${typeName(obj)}`, span);
  }

  iterate(v: PyValue, _span: Span): PyValue[] | null {
    if (typeof v === 'string') return [...v];
    if (typeof v !== 'object' || v === null) return null;
    switch (v.t) {
      case 'list': case 'tuple': case 'set': return [...v.items];
      case 'dict': return [...v.map.keys()];
      case 'module': return iterateModule(v);
      case 'tensor': return this.torch.iterateTensor(v);
      default: return null;
    }
  }

  isInstance(v: PyValue, cls: PyValue): boolean | undefined {
    if (typeof cls === 'object' && cls !== null && cls.t === 'tuple') {
      let unknownSeen = false;
      for (const c of cls.items) {
        const r = this.isInstance(v, c);
        if (r) return true;
        if (r === undefined) unknownSeen = true;
      }
      return unknownSeen ? undefined : false;
    }
    if (isUnknown(v) || isUnknown(cls)) return undefined;
    if (typeof cls !== 'object' || cls === null) return false;
    if (cls.t === 'builtin') {
      switch (cls.name) {
        case 'int': return typeof v === 'number' || typeof v === 'boolean';
        case 'float': return typeof v === 'object' && v !== null && v.t === 'float';
        case 'str': return typeof v === 'string';
        case 'bool': return typeof v === 'boolean';
        case 'list': return typeof v === 'object' && v !== null && v.t === 'list';
        case 'tuple': return typeof v === 'object' && v !== null && v.t === 'tuple';
        case 'dict': return typeof v === 'object' && v !== null && v.t === 'dict';
        case 'torch.Tensor': return typeof v === 'object' && v !== null && v.t === 'tensor';
        default: return false;
      }
    }
    if (cls.t === 'nnclass') {
      if (!isModule(v)) return false;
      if (cls.name === 'Module') return true;
      if (v.className === cls.name || v.container === cls.name) return true;
      return v.pyClass ? this.nnBase(v.pyClass) === cls.name : false;
    }
    if (cls.t === 'class') {
      if (isModule(v)) return v.pyClass ? this.mro(v.pyClass).includes(cls) : false;
      if (typeof v === 'object' && v !== null && v.t === 'instance') return this.mro(v.cls).includes(cls);
      return false;
    }
    return false;
  }
}

function bindIfMethod(v: PyValue, self: PyValue): PyValue {
  if (typeof v === 'object' && v !== null && v.t === 'function' && !v.decorators.includes('staticmethod')) return { t: 'bound', self, fn: v };
  return v;
}


function sliceItems<T>(seq: readonly T[], s: { start: PyValue; stop: PyValue; step: PyValue }): T[] | null {
  const n = seq.length;
  const step = s.step === null ? 1 : asInt(s.step);
  if (step === undefined || step === 0) return null;
  const norm = (v: PyValue, dflt: number): number | undefined => {
    if (v === null) return dflt;
    const i = asInt(v);
    if (i === undefined) return undefined;
    const j = i < 0 ? n + i : i;
    return step > 0 ? Math.min(Math.max(j, 0), n) : Math.min(Math.max(j, -1), n - 1);
  };
  const start = norm(s.start, step > 0 ? 0 : n - 1);
  const stop = norm(s.stop, step > 0 ? n : -1);
  if (start === undefined || stop === undefined) return null;
  const out: T[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(seq[i]);
  return out;
}

/** `model` of `model.fit`, `model.backbone.freeze`. */
function rootName(e: A.Expr): string | undefined {
  if (e.k === 'name') return e.id;
  return e.k === 'attribute' ? rootName(e.object) : undefined;
}

/** Names a block assigns (for a branch the engine cannot decide). */
function assignedNames(body: readonly A.Stmt[]): Set<string> {
  const out = new Set<string>();
  const target = (t: A.Expr): void => {
    if (t.k === 'name') out.add(t.id);
    else if (t.k === 'tuple' || t.k === 'list') t.items.forEach(target);
    else if (t.k === 'starred') target(t.value);
  };
  const walk = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'assign') s.targets.forEach(target);
      else if (s.k === 'augassign') target(s.target);
      else if (s.k === 'for') { target(s.target); walk(s.body); if (s.orelse) walk(s.orelse); }
      else if (s.k === 'if') { s.branches.forEach((b) => walk(b.body)); if (s.orelse) walk(s.orelse); }
      else if (s.k === 'while' || s.k === 'block') walk(s.body);
      else if (s.k === 'def' || s.k === 'class') out.add(s.name);
    }
  };
  walk(body);
  return out;
}
