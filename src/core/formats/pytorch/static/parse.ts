// Python text → the engine's AST (ast.ts), through @lezer/python. Lezer's nodes have no named fields, so each
// construct is read by child order; anything unexpected becomes an `unsupported` node naming what it was, so the
// interpreter can say what it could not follow instead of failing.
import { parser } from '@lezer/python';
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import type * as A from './ast';

export interface ParsedModule {
  readonly text: string;
  readonly body: readonly A.Stmt[];
  /** Offsets where each line starts (for `F.relu@24` names and line-based lookups). */
  readonly lineStarts: readonly number[];
  /** Lezer's tree, kept so the next edit reparses only what changed. */
  readonly tree: Tree;
}

/** Parses `text`; given the previous version's parse, lezer reuses the unchanged parts of its tree. */
export function parsePython(text: string, previous?: ParsedModule): ParsedModule {
  const tree = previous ? parser.parse(text, fragmentsAfterEdit(previous, text)) : parser.parse(text);
  const reader = new AstReader(text);
  return { text, body: reader.statements(tree.topNode), lineStarts: lineStartsOf(text), tree };
}

/** The previous tree's fragments around the one changed range (common prefix and suffix kept). */
function fragmentsAfterEdit(previous: ParsedModule, text: string): readonly TreeFragment[] {
  const old = previous.text;
  const limit = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < limit && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  return TreeFragment.applyChanges(TreeFragment.addTree(previous.tree), [{ fromA: prefix, toA: old.length - suffix, fromB: prefix, toB: text.length - suffix }]);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset. */
export function lineOf(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** Splits a run of nodes at top-level commas. */
function splitCommas(nodes: readonly SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const n of nodes) {
    if (n.name === ',') groups.push([]);
    else groups[groups.length - 1].push(n);
  }
  if (groups[groups.length - 1].length === 0) groups.pop();
  return groups;
}

const COMPARE_WORDS = new Set(['in', 'not', 'is']);

class AstReader {
  constructor(private readonly text: string) {}

  private src(n: { from: number; to: number }): string {
    return this.text.slice(n.from, n.to);
  }

  private unsupported(n: SyntaxNode, what?: string): A.UnsupportedExpr {
    return { k: 'unsupported', what: what ?? `${n.name === '⚠' ? 'a syntax error' : n.name} \`${this.short(n)}\``, from: n.from, to: n.to };
  }

  private short(n: SyntaxNode): string {
    const s = this.src(n).replace(/\s+/g, ' ');
    return s.length > 40 ? `${s.slice(0, 37)}…` : s;
  }

  statements(container: SyntaxNode): A.Stmt[] {
    const out: A.Stmt[] = [];
    for (const c of kids(container)) {
      if (c.name === ':' || c.name === ';') continue;
      // `a = 1; b = 2` on one line.
      if (c.name === 'StatementGroup') { out.push(...this.statements(c)); continue; }
      const s = this.statement(c);
      if (s) out.push(s);
    }
    return out;
  }

  private statement(n: SyntaxNode): A.Stmt | null {
    const at = { from: n.from, to: n.to };
    const c = kids(n);
    switch (n.name) {
      case 'ExpressionStatement':
        return { k: 'expr', value: this.exprList(c), ...at };
      case 'AssignStatement':
        return this.assign(n, c);
      case 'UpdateStatement': {
        const opIndex = c.findIndex((x) => x.name === 'UpdateOp');
        return {
          k: 'augassign', target: this.exprList(c.slice(0, opIndex)), op: this.src(c[opIndex]).slice(0, -1),
          value: this.exprList(c.slice(opIndex + 1)), ...at,
        };
      }
      case 'ReturnStatement':
        return { k: 'return', value: c.length > 1 ? this.exprList(c.slice(1)) : undefined, ...at };
      case 'IfStatement':
        return this.ifStatement(c, at);
      case 'ForStatement': {
        const inIndex = c.findIndex((x) => x.name === 'in');
        const bodies = c.filter((x) => x.name === 'Body');
        const bodyIndex = c.indexOf(bodies[0]);
        return {
          k: 'for', target: this.exprList(c.slice(1, inIndex)), iter: this.exprList(c.slice(inIndex + 1, bodyIndex)),
          body: this.statements(bodies[0]), orelse: bodies[1] ? this.statements(bodies[1]) : undefined, ...at,
        };
      }
      case 'WhileStatement': {
        const body = c.find((x) => x.name === 'Body');
        return { k: 'while', test: this.expr(c[1]), body: body ? this.statements(body) : [], ...at };
      }
      case 'PassStatement': return { k: 'pass', ...at };
      case 'BreakStatement': return { k: 'break', ...at };
      case 'ContinueStatement': return { k: 'continue', ...at };
      case 'RaiseStatement': return { k: 'raise', value: c[1] ? this.expr(c[1]) : undefined, ...at };
      case 'AssertStatement': return { k: 'assert', value: c[1] ? this.expr(c[1]) : undefined, ...at };
      case 'DeleteStatement':
      case 'ScopeStatement':
        return { k: 'ignored', ...at };
      case 'FunctionDefinition':
        return this.functionDef(n, c, []);
      case 'ClassDefinition':
        return this.classDef(n, c);
      case 'DecoratedStatement': {
        const decorators = c.filter((x) => x.name === 'Decorator').map((d) => this.src(d).replace(/^@\s*/, '').trim());
        const def = c.find((x) => x.name === 'FunctionDefinition' || x.name === 'ClassDefinition');
        if (!def) return { k: 'unsupported', what: `decorated statement \`${this.short(n)}\``, ...at };
        return def.name === 'ClassDefinition' ? this.classDef(def, kids(def)) : this.functionDef(def, kids(def), decorators);
      }
      case 'ImportStatement':
        return this.importStatement(c, at);
      case 'WithStatement':
      case 'TryStatement': {
        const body = c.find((x) => x.name === 'Body');
        return { k: 'block', body: body ? this.statements(body) : [], ...at };
      }
      case 'Comment':
        return null;
      default:
        return { k: 'unsupported', what: `${n.name === '⚠' ? 'a syntax error' : n.name} \`${this.short(n)}\``, ...at };
    }
  }

  private assign(n: SyntaxNode, c: SyntaxNode[]): A.AssignStmt {
    const groups: SyntaxNode[][] = [[]];
    for (const x of c) {
      if (x.name === 'AssignOp') groups.push([]);
      else if (x.name !== 'TypeDef') groups[groups.length - 1].push(x);
    }
    const at = { from: n.from, to: n.to };
    if (groups.length === 1) return { k: 'assign', targets: [this.exprList(groups[0])], ...at };
    const exprs = groups.map((g) => this.exprList(g));
    return { k: 'assign', targets: exprs.slice(0, -1), value: exprs[exprs.length - 1], ...at };
  }

  private ifStatement(c: SyntaxNode[], at: A.Node): A.IfStmt {
    const branches: { test: A.Expr; body: A.Stmt[] }[] = [];
    let orelse: A.Stmt[] | undefined;
    for (let i = 0; i < c.length; i++) {
      const word = c[i].name;
      if ((word === 'if' || word === 'elif') && c[i + 2]?.name === 'Body') {
        branches.push({ test: this.expr(c[i + 1]), body: this.statements(c[i + 2]) });
        i += 2;
      } else if (word === 'else' && c[i + 1]?.name === 'Body') {
        orelse = this.statements(c[i + 1]);
        i += 1;
      }
    }
    return { k: 'if', branches, orelse, ...at };
  }

  private functionDef(n: SyntaxNode, c: SyntaxNode[], decorators: string[]): A.FunctionDef | A.UnsupportedStmt {
    const name = c.find((x) => x.name === 'VariableName');
    const params = c.find((x) => x.name === 'ParamList');
    const body = c.find((x) => x.name === 'Body');
    if (!name || !params || !body) return { k: 'unsupported', what: `an incomplete def \`${this.short(n)}\``, from: n.from, to: n.to };
    return {
      k: 'def', name: this.src(name), nameSpan: { from: name.from, to: name.to }, params: this.params(params),
      body: this.statements(body), decorators, from: n.from, to: n.to,
    };
  }

  private classDef(n: SyntaxNode, c: SyntaxNode[]): A.ClassDef | A.UnsupportedStmt {
    const name = c.find((x) => x.name === 'VariableName');
    const args = c.find((x) => x.name === 'ArgList');
    const body = c.find((x) => x.name === 'Body');
    if (!name || !body) return { k: 'unsupported', what: `an incomplete class \`${this.short(n)}\``, from: n.from, to: n.to };
    return {
      k: 'class', name: this.src(name), nameSpan: { from: name.from, to: name.to }, bases: args ? this.args(args) : [],
      body: this.statements(body), from: n.from, to: n.to,
    };
  }

  private params(list: SyntaxNode): A.Param[] {
    const out: A.Param[] = [];
    let keywordOnly = false;
    for (const group of splitCommas(kids(list).filter((x) => x.name !== '(' && x.name !== ')'))) {
      const first = group[0];
      if (first.name === '*' && group.length === 1) { keywordOnly = true; continue; }
      if (first.name === '/') continue;
      const star = first.name === '*' ? 'star' : first.name === '**' ? 'doubleStar' : null;
      const rest = star ? group.slice(1) : group;
      const nameNode = rest[0];
      if (!nameNode || nameNode.name !== 'VariableName') continue;
      const eq = rest.findIndex((x) => x.name === 'AssignOp');
      const kind = star ?? (keywordOnly ? 'keywordOnly' : 'normal');
      if (star === 'star') keywordOnly = true;
      out.push({
        name: this.src(nameNode), kind, default: eq >= 0 && rest[eq + 1] ? this.expr(rest[eq + 1]) : undefined,
        from: nameNode.from, to: nameNode.to,
      });
    }
    return out;
  }

  private importStatement(c: SyntaxNode[], at: A.Node): A.ImportStmt | A.ImportFromStmt {
    if (c[0].name === 'from') {
      const importIndex = c.findIndex((x) => x.name === 'import');
      const module = c.slice(1, importIndex).map((x) => this.src(x)).join('');
      const names: { name: string; alias?: string }[] = [];
      for (const group of splitCommas(c.slice(importIndex + 1).filter((x) => x.name !== '(' && x.name !== ')'))) {
        const asIndex = group.findIndex((x) => x.name === 'as');
        names.push({ name: this.src(group[0]), alias: asIndex >= 0 ? this.src(group[asIndex + 1]) : undefined });
      }
      return { k: 'importfrom', module, names, ...at };
    }
    const names: { path: string; alias?: string }[] = [];
    for (const group of splitCommas(c.slice(1))) {
      const asIndex = group.findIndex((x) => x.name === 'as');
      const pathNodes = asIndex >= 0 ? group.slice(0, asIndex) : group;
      names.push({ path: pathNodes.map((x) => this.src(x)).join(''), alias: asIndex >= 0 ? this.src(group[asIndex + 1]) : undefined });
    }
    return { k: 'import', names, ...at };
  }

  /** A comma-separated run of expressions: one expression, or a tuple when there is a comma. */
  private exprList(nodes: readonly SyntaxNode[]): A.Expr {
    if (nodes.length === 0) return { k: 'unsupported', what: 'an empty expression', from: 0, to: 0 };
    const hasComma = nodes.some((x) => x.name === ',');
    const from = nodes[0].from;
    const to = nodes[nodes.length - 1].to;
    if (!hasComma) return this.item(nodes);
    return { k: 'tuple', items: splitCommas(nodes).map((g) => this.item(g)), from, to };
  }

  /** One item of a list: an expression, or `*expr`. */
  private item(group: readonly SyntaxNode[]): A.Expr {
    if (group[0].name === '*' && group[1]) return { k: 'starred', value: this.expr(group[1]), from: group[0].from, to: group[1].to };
    if (group.length !== 1) return this.unsupported(group[0], `\`${this.text.slice(group[0].from, group[group.length - 1].to)}\``);
    return this.expr(group[0]);
  }

  expr(n: SyntaxNode): A.Expr {
    const at = { from: n.from, to: n.to };
    switch (n.name) {
      case 'Number':
        return this.number(n);
      case 'String':
        return { k: 'string', value: this.stringValue(this.src(n)), ...at };
      case 'ContinuedString': {
        const parts = kids(n).map((x) => this.expr(x));
        if (parts.every((p): p is A.StringExpr => p.k === 'string')) return { k: 'string', value: parts.map((p) => p.value).join(''), ...at };
        return { k: 'fstring', parts: parts.flatMap((p) => (p.k === 'string' ? [p.value] : p.k === 'fstring' ? p.parts : [])), ...at };
      }
      case 'FormatString':
        return this.formatString(n);
      case 'Boolean':
        return { k: 'constant', value: this.src(n) === 'True', ...at };
      case 'None':
        return { k: 'constant', value: null, ...at };
      case 'VariableName':
        return { k: 'name', id: this.src(n), ...at };
      case 'Ellipsis':
        return { k: 'ellipsis', ...at };
      case 'ParenthesizedExpression': {
        const inner = kids(n).filter((x) => x.name !== '(' && x.name !== ')');
        return inner.length === 1 ? this.expr(inner[0]) : this.unsupported(n);
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'SetExpression': {
        const inner = kids(n).slice(1, -1);
        const k = n.name === 'TupleExpression' ? 'tuple' : n.name === 'ArrayExpression' ? 'list' : 'set';
        return { k, items: splitCommas(inner).map((g) => this.item(g)), ...at };
      }
      case 'DictionaryExpression':
        return this.dict(n);
      case 'ArrayComprehensionExpression':
      case 'ComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
        return this.comprehension(n);
      case 'MemberExpression':
        return this.member(n);
      case 'CallExpression': {
        const c = kids(n);
        const argList = c[c.length - 1];
        if (c.length !== 2 || argList.name !== 'ArgList') return this.unsupported(n);
        return { k: 'call', callee: this.expr(c[0]), args: this.args(argList), ...at };
      }
      case 'BinaryExpression':
        return this.binary(n);
      case 'UnaryExpression': {
        const c = kids(n);
        const op = this.src(c[0]);
        if ((op === '-' || op === '+' || op === 'not' || op === '~') && c[1]) return { k: 'unary', op, operand: this.expr(c[1]), ...at };
        return this.unsupported(n);
      }
      case 'ConditionalExpression': {
        const c = kids(n);
        const ifIndex = c.findIndex((x) => x.name === 'if');
        const elseIndex = c.findIndex((x) => x.name === 'else');
        if (ifIndex !== 1 || elseIndex !== 3 || !c[4]) return this.unsupported(n);
        return { k: 'conditional', body: this.expr(c[0]), test: this.expr(c[2]), orelse: this.expr(c[4]), ...at };
      }
      case 'LambdaExpression': {
        const c = kids(n);
        const params = c.find((x) => x.name === 'ParamList');
        const colon = c.findIndex((x) => x.name === ':');
        if (colon < 0 || !c[colon + 1]) return this.unsupported(n);
        return { k: 'lambda', params: params ? this.params(params) : [], body: this.expr(c[colon + 1]), ...at };
      }
      default:
        return this.unsupported(n);
    }
  }

  private number(n: SyntaxNode): A.Expr {
    const raw = this.src(n).replace(/_/g, '');
    const at = { from: n.from, to: n.to };
    if (/[jJ]$/.test(raw)) return this.unsupported(n, `the complex number ${raw}`);
    if (/^0[xob]/i.test(raw)) return { k: 'number', value: Number(raw), isFloat: false, ...at };
    const isFloat = /[.eE]/.test(raw);
    return { k: 'number', value: isFloat ? parseFloat(raw) : parseInt(raw, 10), isFloat, ...at };
  }

  private stringValue(raw: string): string {
    const prefix = /^[a-zA-Z]*/.exec(raw)![0];
    const body = raw.slice(prefix.length);
    const quote = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1;
    const inner = body.slice(quote, body.length - quote);
    if (/r/i.test(prefix)) return inner;
    return inner.replace(/\\(\n|\\|'|"|n|t|r|0|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/g, (_m, e: string) => {
      switch (e[0]) {
        case '\n': return '';
        case 'n': return '\n';
        case 't': return '\t';
        case 'r': return '\r';
        case '0': return '\0';
        case 'x': case 'u': return String.fromCharCode(parseInt(e.slice(1), 16));
        default: return e;
      }
    });
  }

  private formatString(n: SyntaxNode): A.Expr {
    const raw = this.src(n);
    const prefix = /^[a-zA-Z]*/.exec(raw)![0];
    const quote = raw.slice(prefix.length).startsWith('"""') || raw.slice(prefix.length).startsWith("'''") ? 3 : 1;
    const start = n.from + prefix.length + quote;
    const end = n.to - quote;
    const parts: (string | { expr: A.Expr; spec: string })[] = [];
    let cursor = start;
    for (const r of kids(n)) {
      if (r.name !== 'FormatReplacement') continue;
      if (r.from > cursor) parts.push(this.stringValue(`'${this.text.slice(cursor, r.from).replace(/\{\{/g, '{').replace(/\}\}/g, '}')}'`));
      const inner = kids(r).filter((x) => x.name !== '{' && x.name !== '}');
      const specNode = inner.find((x) => x.name === 'FormatSpec');
      const exprNode = inner.find((x) => x.name !== 'FormatSpec' && x.name !== 'FormatConversion');
      parts.push({ expr: exprNode ? this.expr(exprNode) : this.unsupported(r), spec: specNode ? this.src(specNode).slice(1) : '' });
      cursor = r.to;
    }
    if (end > cursor) parts.push(this.stringValue(`'${this.text.slice(cursor, end).replace(/\{\{/g, '{').replace(/\}\}/g, '}')}'`));
    return { k: 'fstring', parts, from: n.from, to: n.to };
  }

  private dict(n: SyntaxNode): A.Expr {
    const entries: { key?: A.Expr; value: A.Expr }[] = [];
    for (const g of splitCommas(kids(n).slice(1, -1))) {
      if (g[0].name === '**' && g[1]) entries.push({ value: this.expr(g[1]) });
      else if (g.length === 3 && g[1].name === ':') entries.push({ key: this.expr(g[0]), value: this.expr(g[2]) });
      else return this.unsupported(n);
    }
    return { k: 'dict', entries, from: n.from, to: n.to };
  }

  private comprehension(n: SyntaxNode): A.Expr {
    const kind = n.name === 'ArrayComprehensionExpression' ? 'list' : n.name === 'ComprehensionExpression' ? 'generator'
      : n.name === 'SetComprehensionExpression' ? 'set' : 'dict';
    return this.comprehensionOf(n, kids(n).slice(1, -1), kind);
  }

  /** `element for target in iter if cond …` from its nodes (also a call's lone generator argument: `sum(x for x in y)`). */
  private comprehensionOf(n: { from: number; to: number }, c: readonly SyntaxNode[], kind: A.ComprehensionExpr['kind']): A.Expr {
    const firstFor = c.findIndex((x) => x.name === 'for');
    if (firstFor < 1) return { k: 'unsupported', what: `the comprehension \`${this.text.slice(n.from, n.to)}\``, from: n.from, to: n.to };
    let element: A.Expr;
    let value: A.Expr | undefined;
    if (kind === 'dict') {
      const colon = c.findIndex((x) => x.name === ':');
      if (colon < 0 || colon > firstFor) return { k: 'unsupported', what: 'a dict comprehension', from: n.from, to: n.to };
      element = this.exprList(c.slice(0, colon));
      value = this.exprList(c.slice(colon + 1, firstFor));
    } else {
      element = this.exprList(c.slice(0, firstFor));
    }
    const generators: { target: A.Expr; iter: A.Expr; ifs: A.Expr[] }[] = [];
    let i = firstFor;
    while (i < c.length && c[i].name === 'for') {
      const inIndex = c.findIndex((x, j) => j > i && x.name === 'in');
      if (inIndex < 0) return { k: 'unsupported', what: 'a comprehension without `in`', from: n.from, to: n.to };
      let j = inIndex + 1;
      while (j < c.length && c[j].name !== 'for' && c[j].name !== 'if') j++;
      const gen = { target: this.exprList(c.slice(i + 1, inIndex)), iter: this.exprList(c.slice(inIndex + 1, j)), ifs: [] as A.Expr[] };
      while (j < c.length && c[j].name === 'if') {
        let k = j + 1;
        while (k < c.length && c[k].name !== 'for' && c[k].name !== 'if') k++;
        gen.ifs.push(this.exprList(c.slice(j + 1, k)));
        j = k;
      }
      generators.push(gen);
      i = j;
    }
    return { k: 'comprehension', kind, element, value, generators, from: n.from, to: n.to };
  }

  private member(n: SyntaxNode): A.Expr {
    const c = kids(n);
    const at = { from: n.from, to: n.to };
    if (c[1]?.name === '.' && c[2]) return { k: 'attribute', object: this.expr(c[0]), name: this.src(c[2]), ...at };
    if (c[1]?.name !== '[' || c[c.length - 1].name !== ']') return this.unsupported(n);
    const inner = c.slice(2, -1);
    const groups = splitCommas(inner);
    const indices = groups.map((g) => (g.some((x) => x.name === ':') ? this.slice(g) : this.item(g)));
    return { k: 'subscript', object: this.expr(c[0]), indices, isTuple: inner.some((x) => x.name === ','), ...at };
  }

  private slice(g: readonly SyntaxNode[]): A.SliceExpr {
    const parts: (SyntaxNode | undefined)[] = [undefined];
    for (const x of g) {
      if (x.name === ':') parts.push(undefined);
      else parts[parts.length - 1] = x;
    }
    const [start, stop, step] = parts.map((p) => (p ? this.expr(p) : undefined));
    return { k: 'slice', start, stop, step, from: g[0].from, to: g[g.length - 1].to };
  }

  args(list: SyntaxNode): A.Argument[] {
    const out: A.Argument[] = [];
    for (const g of splitCommas(kids(list).slice(1, -1))) {
      const from = g[0].from;
      const to = g[g.length - 1].to;
      if (g[0].name === '*' && g[1]) out.push({ kind: 'star', value: this.expr(g[1]), from, to });
      else if (g[0].name === '**' && g[1]) out.push({ kind: 'doubleStar', value: this.expr(g[1]), from, to });
      else if (g.length === 3 && g[1].name === 'AssignOp') out.push({ kind: 'keyword', name: this.src(g[0]), value: this.expr(g[2]), from, to });
      else if (g.length === 1) out.push({ kind: 'positional', value: this.expr(g[0]), from, to });
      else if (g.some((x) => x.name === 'for')) out.push({ kind: 'positional', value: this.comprehensionOf({ from, to }, g, 'generator'), from, to });
      else out.push({ kind: 'positional', value: this.unsupported(g[0], `the argument \`${this.text.slice(from, to)}\``), from, to });
    }
    return out;
  }

  private binary(n: SyntaxNode): A.Expr {
    const c = kids(n);
    const at = { from: n.from, to: n.to };
    if (c.length < 3) return this.unsupported(n);
    const left = c[0];
    const right = c[c.length - 1];
    const op = c.slice(1, -1).map((x) => this.src(x)).join(' ');
    if (op === 'and' || op === 'or') return { k: 'boolop', op, left: this.expr(left), right: this.expr(right), ...at };
    const isCompare = c[1].name === 'CompareOp' || COMPARE_WORDS.has(c[1].name);
    if (isCompare) {
      const l = this.expr(left);
      // `a < b <= c` nests left-first in lezer; Python means `a < b and b <= c`.
      if (l.k === 'compare' && left.name === 'BinaryExpression') {
        return { k: 'compare', ops: [...l.ops, op], operands: [...l.operands, this.expr(right)], ...at };
      }
      return { k: 'compare', ops: [op], operands: [l, this.expr(right)], ...at };
    }
    return { k: 'binary', op, left: this.expr(left), right: this.expr(right), ...at };
  }
}
