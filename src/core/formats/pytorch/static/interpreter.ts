// Evaluates the part of Python that model definitions use, never executing anything: statements, expressions,
// functions and classes of the file. What touches torch (nn classes, modules, tensors, torch functions) goes to
// torchRuntime.ts. Whatever it cannot follow becomes an UnknownValue with a warning at that spot.
import type { Span } from '../trace';
import type * as A from './ast';
import type { ArgIn, CallArgs } from './bindArgs';
import { builtinValue, callBuiltin, callTypeMethod, formatWithSpec, type BuiltinHost } from './builtins';
import type { DiagnosticSink } from './diagnostics';
import { importBindings, namespaceAttribute } from './imports';
import { PyError, binaryOp, compareOrder, dictKey, equals, identical, truthy } from './operators';
import { lineOf, type ParsedModule } from './parse';
import { Scope } from './scope';
import { TorchRuntime } from './torchRuntime';
import {
  asInt, isModule, isUnknown, list, numericValue, pyFloat, spanOf, tuple, typeName, unknown, ELLIPSIS, type PyClass,
  type PyFunction, type PyInstance, type PyValue,
} from './values';

type Completion = undefined | 'break' | 'continue' | { readonly value: PyValue } | { readonly raised: true };

interface Frame {
  readonly scope: Scope;
  readonly fn?: PyFunction;
  /** The first argument of the running method (for a zero-argument `super()`). */
  readonly self?: PyValue;
  /** Set while a class body runs: defs become its methods. */
  readonly building?: PyClass;
}

/** The keywords of a call that has none (shared: never written to). */
const NO_KEYWORDS: Map<string, ArgIn> = new Map();

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
      this.execStmt(stmt, frame);
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
        const index = this.evalIndex(target, frame);
        this.setItem(obj, index, value, spanOf(target));
        return;
      }
      case 'tuple': case 'list': {
        const star = target.items.findIndex((x) => x.k === 'starred');
        const items = this.iterate(value, spanOf(target));
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

  private makeFunction(def: A.FunctionDef | A.LambdaExpr, frame: Frame): PyFunction {
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
    if (isModule(self)) return this.torch.moduleMethod(self, name, args, span);
    if (typeof self === 'object' && self !== null && self.t === 'tensor') return this.torch.tensorMethod(self, name, args, span, receiver, argList);
    const r = callTypeMethod(this, self, name, args, span);
    return r === undefined ? this.unknownAt(`${typeName(self)}.${name}() is not followed`, span) : r;
  }

  // ---- expressions ----

  eval(e: A.Expr, frame: Frame): PyValue {
    switch (e.k) {
      case 'number': return e.isFloat ? pyFloat(e.value) : e.value;
      case 'string': return e.value;
      case 'fstring':
        return e.parts.map((p) => (typeof p === 'string' ? p : formatWithSpec(this.eval(p.expr, frame), p.spec))).join('');
      case 'constant': return e.value;
      case 'name': return this.lookupName(e, frame);
      case 'attribute': return this.getAttribute(this.eval(e.object, frame), e.name, e);
      case 'subscript': return this.getItem(this.eval(e.object, frame), this.evalIndex(e, frame), e, e.object);
      case 'slice': return { t: 'slice', start: e.start ? this.eval(e.start, frame) : null, stop: e.stop ? this.eval(e.stop, frame) : null, step: e.step ? this.eval(e.step, frame) : null };
      case 'ellipsis': return ELLIPSIS;
      case 'call': return this.evalCall(e, frame);
      case 'binary': return this.binary(e.op, this.eval(e.left, frame), this.eval(e.right, frame), e);
      case 'compare': return this.compare(e, frame);
      case 'boolop': {
        const left = this.eval(e.left, frame);
        const t = truthy(left);
        if (t === undefined) return isUnknown(left) ? left : this.unknownAt(`the truth value of a ${typeName(left)}`, spanOf(e.left));
        return (e.op === 'and') === t ? this.eval(e.right, frame) : left;
      }
      case 'unary': return this.unary(e, frame);
      case 'conditional': {
        const test = this.eval(e.test, frame);
        const t = truthy(test);
        if (t === undefined) return isUnknown(test) ? test : this.unknownAt(`the truth value of a ${typeName(test)}`, spanOf(e.test));
        return this.eval(t ? e.body : e.orelse, frame);
      }
      case 'tuple': case 'list': case 'set': {
        const items = this.evalItems(e.items, frame);
        return e.k === 'tuple' ? tuple(items) : e.k === 'list' ? list(items) : { t: 'set', items };
      }
      case 'starred': return this.unknownAt('a starred expression here is not followed', spanOf(e));
      case 'dict': {
        const map = new Map<string | number | boolean | null, PyValue>();
        for (const entry of e.entries) {
          const v = this.eval(entry.value, frame);
          if (!entry.key) {
            if (typeof v === 'object' && v !== null && v.t === 'dict') for (const [k, x] of v.map) map.set(k, x);
            else return this.unknownAt('`**` of a value that is not a dict', spanOf(entry.value));
            continue;
          }
          const k = dictKey(this.eval(entry.key, frame));
          if (k === undefined) return this.unknownAt('a dict key that is not a str, int or bool', spanOf(entry.key));
          map.set(k, v);
        }
        return { t: 'dict', map };
      }
      case 'comprehension': return this.comprehension(e, frame);
      case 'lambda': return this.makeFunction(e, frame);
      case 'unsupported': return this.unknownAt(`${e.what} is not followed`, spanOf(e));
    }
  }

  private evalItems(items: readonly A.Expr[], frame: Frame): PyValue[] {
    const out: PyValue[] = [];
    for (const item of items) {
      if (item.k === 'starred') {
        const v = this.eval(item.value, frame);
        const expanded = this.iterate(v, spanOf(item));
        if (expanded) out.push(...expanded);
        else out.push(isUnknown(v) ? v : this.unknownAt(`\`*\` of a ${typeName(v)}`, spanOf(item)));
      } else {
        out.push(this.eval(item, frame));
      }
    }
    return out;
  }

  private lookupName(e: A.NameExpr, frame: Frame): PyValue {
    const v = frame.scope.lookup(e.id);
    if (v !== undefined || frame.scope.has(e.id)) return v ?? null;
    if (e.id === 'super') return { t: 'builtin', name: 'super' };
    const b = builtinValue(e.id);
    if (b !== undefined) return b;
    return this.unknownAt(`the name \`${e.id}\` is not defined in this file`, spanOf(e));
  }

  private evalCall(e: A.CallExpr, frame: Frame): PyValue {
    const span: Span = e;
    if (e.callee.k === 'name' && e.callee.id === 'super' && !frame.scope.has('super')) return this.makeSuper(e, frame);
    const callee = this.eval(e.callee, frame);
    const positional: ArgIn[] = [];
    const keywords = e.args.some((a) => a.kind === 'keyword' || a.kind === 'doubleStar') ? new Map<string, ArgIn>() : NO_KEYWORDS;
    for (const a of e.args) {
      if (a.kind === 'positional') positional.push({ value: this.eval(a.value, frame), expr: a.value });
      else if (a.kind === 'keyword') keywords.set(a.name!, { value: this.eval(a.value, frame), expr: a.value });
      else if (a.kind === 'star') {
        const v = this.eval(a.value, frame);
        const items = this.iterate(v, spanOf(a));
        if (!items) return isUnknown(v) ? v : this.unknownAt(`\`*\` of a ${typeName(v)}`, spanOf(a));
        for (const item of items) positional.push({ value: item });
      } else {
        const v = this.eval(a.value, frame);
        if (isUnknown(v)) return v;
        if (typeof v !== 'object' || v === null || v.t !== 'dict') return this.unknownAt('`**` of a value that is not a dict', spanOf(a));
        for (const [k, x] of v.map) keywords.set(String(k), { value: x });
      }
    }
    if (isUnknown(callee)) return callee;
    const argList = e.args.length ? { from: e.args[0].from, to: e.args[e.args.length - 1].to } : undefined;
    return this.call(callee, { positional, keywords }, span, e.callee.k === 'attribute' ? e.callee.object : undefined, argList);
  }

  private makeSuper(e: A.CallExpr, frame: Frame): PyValue {
    // super() in a method: the class that defined it and the method's first argument; super(Cls, self) explicitly.
    if (e.args.length === 2) {
      const cls = this.eval(e.args[0].value, frame);
      const self = this.eval(e.args[1].value, frame);
      if (typeof cls === 'object' && cls !== null && cls.t === 'class') return { t: 'super', self, after: cls };
    } else if (e.args.length === 0 && frame.fn?.owner && frame.self !== undefined) {
      return { t: 'super', self: frame.self, after: frame.fn.owner };
    }
    return this.unknownAt('this super() call is not followed', spanOf(e));
  }

  private evalIndex(e: A.SubscriptExpr, frame: Frame): PyValue {
    if (e.indices.length === 1 && !e.isTuple) return this.eval(e.indices[0], frame);
    return tuple(e.indices.map((i) => this.eval(i, frame)));
  }

  binary(op: string, a: PyValue, b: PyValue, span: Span, inPlace = false): PyValue {
    const plain = binaryOp(op, a, b);
    if (plain !== undefined) return plain;
    if (isUnknown(a)) return a;
    if (isUnknown(b)) return b;
    const tensorSide = [a, b].some((v) => typeof v === 'object' && v !== null && v.t === 'tensor');
    if (tensorSide) return this.torch.tensorOperator(op, a, b, span, inPlace);
    throw new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  }

  private unary(e: A.UnaryExpr, frame: Frame): PyValue {
    const v = this.eval(e.operand, frame);
    if (e.op === 'not') {
      const t = truthy(v);
      if (t === undefined) return isUnknown(v) ? v : this.unknownAt(`the truth value of a ${typeName(v)}`, spanOf(e));
      return !t;
    }
    const n = numericValue(v);
    if (n !== undefined) {
      const float = typeof v === 'object' && v !== null && v.t === 'float';
      const r = e.op === '-' ? -n : e.op === '+' ? n : ~n;
      return float ? pyFloat(r) : r;
    }
    if (isUnknown(v)) return v;
    if (typeof v === 'object' && v !== null && v.t === 'tensor') return this.torch.tensorUnary(e.op, v, spanOf(e));
    throw new PyError('TypeError', `bad operand type for unary ${e.op}: '${typeName(v)}'`);
  }

  private compare(e: A.CompareExpr, frame: Frame): PyValue {
    let left = this.eval(e.operands[0], frame);
    let result: PyValue = true;
    for (let i = 0; i < e.ops.length; i++) {
      const right = this.eval(e.operands[i + 1], frame);
      const r = this.compareOne(e.ops[i], left, right, spanOf(e));
      if (r !== true) {
        result = r;
        if (r === false || isUnknown(r)) return r;
      }
      left = right;
    }
    return result;
  }

  private compareOne(op: string, a: PyValue, b: PyValue, span: Span): PyValue {
    let r: boolean | undefined;
    switch (op) {
      case '==': case '!=': r = equals(a, b); if (r !== undefined && op === '!=') r = !r; break;
      case 'is': case 'is not': r = identical(a, b); if (r !== undefined && op === 'is not') r = !r; break;
      case 'in': case 'not in': {
        r = this.contains(b, a);
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
      return this.torch.tensorOperator(op, a, b, span, false);
    }
    return this.unknownAt(`\`${op}\` between a ${typeName(a)} and a ${typeName(b)}`, span);
  }

  private contains(container: PyValue, item: PyValue): boolean | undefined {
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

  private comprehension(e: A.ComprehensionExpr, frame: Frame): PyValue {
    const scope = new Scope(frame.scope);
    const inner: Frame = { ...frame, scope };
    const out: PyValue[] = [];
    const keys: PyValue[] = [];
    const run = (g: number): PyValue | undefined => {
      if (g === e.generators.length) {
        if (e.kind === 'dict') keys.push(this.eval(e.element, inner));
        out.push(this.eval(e.kind === 'dict' ? e.value! : e.element, inner));
        return undefined;
      }
      const gen = e.generators[g];
      const iterValue = this.eval(gen.iter, inner);
      const items = this.iterate(iterValue, spanOf(gen.iter));
      if (!items) return isUnknown(iterValue) ? iterValue : this.unknownAt(`\`${this.snippet(gen.iter)}\` cannot be iterated`, spanOf(gen.iter));
      for (const item of items) {
        this.assign(gen.target, item, inner);
        let keep = true;
        for (const cond of gen.ifs) {
          const t = truthy(this.eval(cond, inner));
          if (t === undefined) return this.unknownAt(`the condition \`${this.snippet(cond)}\` is not known`, spanOf(cond));
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
        if (k === undefined) return this.unknownAt('a dict key that is not a str, int or bool', spanOf(e));
        map.set(k, out[i]);
      }
      return { t: 'dict', map };
    }
    return e.kind === 'set' ? { t: 'set', items: out } : list(out);
  }

  // ---- attributes, items, iteration (BuiltinHost) ----

  getAttribute(obj: PyValue, name: string, span: Span): PyValue {
    if (obj === null || typeof obj !== 'object') {
      if (typeof obj === 'string' || typeof obj === 'number') return { t: 'method', self: obj, name };
      throw new PyError('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
    }
    switch (obj.t) {
      case 'namespace': return namespaceAttribute(obj.path, name);
      case 'module': return this.torch.moduleAttribute(obj, name, span);
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
      case 'super': return this.torch.superAttribute(obj, name, span);
      case 'unknown': return obj;
      case 'opaque': return { t: 'opaque', what: `${obj.what}.${name}` };
      case 'list': case 'tuple': case 'dict': case 'set': case 'float': return { t: 'method', self: obj, name };
      default:
        return this.unknownAt(`the attribute ${name} of a ${typeName(obj)} is not followed`, span);
    }
  }

  setAttribute(obj: PyValue, name: string, value: PyValue, span: Span, valueExpr?: A.Expr): void {
    if (typeof obj !== 'object' || obj === null) throw new PyError('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
    if (obj.t === 'module') this.torch.setModuleAttribute(obj, name, value, valueExpr);
    else if (obj.t === 'instance') obj.attrs.set(name, value);
    else if (obj.t === 'class') obj.attrs.set(name, value);
    else if (obj.t !== 'unknown') this.unknownAt(`setting ${name} on a ${typeName(obj)} is not followed`, span);
  }

  getItem(obj: PyValue, index: PyValue, span: Span, receiver?: A.Expr): PyValue {
    if (isUnknown(obj)) return obj;
    if (typeof obj === 'object' && obj !== null) {
      if (obj.t === 'tensor') return this.torch.tensorIndex(obj, index, span, receiver);
      if (obj.t === 'module') return this.torch.moduleIndex(obj, index, span);
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
        this.torch.setModuleItem(obj, index, value, span);
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
      case 'module': return this.torch.iterateModule(v);
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
