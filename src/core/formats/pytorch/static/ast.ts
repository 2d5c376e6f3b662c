// The part of Python's syntax the static engine reads, as plain objects built once per text from @lezer/python's
// tree (parse.ts). `from`/`to` are UTF-16 offsets in the analysed text (= trace.ts's Span).
export interface Node {
  readonly from: number;
  readonly to: number;
}

export type Expr =
  | NumberExpr | StringExpr | FStringExpr | ConstantExpr | NameExpr | AttributeExpr | SubscriptExpr | SliceExpr
  | EllipsisExpr | CallExpr | BinaryExpr | CompareExpr | BoolOpExpr | UnaryExpr | ConditionalExpr | SequenceExpr
  | StarredExpr | DictExpr | ComprehensionExpr | LambdaExpr | UnsupportedExpr;

export interface NumberExpr extends Node { readonly k: 'number'; readonly value: number; readonly isFloat: boolean }
export interface StringExpr extends Node { readonly k: 'string'; readonly value: string }
/** An f-string: literal parts and `{expr}` replacements, in order. */
export interface FStringExpr extends Node {
  readonly k: 'fstring';
  readonly parts: readonly (string | { readonly expr: Expr; readonly spec: string })[];
}
export interface ConstantExpr extends Node { readonly k: 'constant'; readonly value: boolean | null }
export interface NameExpr extends Node { readonly k: 'name'; readonly id: string }
export interface AttributeExpr extends Node { readonly k: 'attribute'; readonly object: Expr; readonly name: string }
/** `x[i]`, `x[a, b:c]`: `indices` are the comma-separated parts; `isTuple` when there was a comma. */
export interface SubscriptExpr extends Node {
  readonly k: 'subscript';
  readonly object: Expr;
  readonly indices: readonly Expr[];
  readonly isTuple: boolean;
}
export interface SliceExpr extends Node { readonly k: 'slice'; readonly start?: Expr; readonly stop?: Expr; readonly step?: Expr }
export interface EllipsisExpr extends Node { readonly k: 'ellipsis' }

export interface Argument extends Node {
  readonly kind: 'positional' | 'keyword' | 'star' | 'doubleStar';
  readonly name?: string;
  readonly value: Expr;
}
export interface CallExpr extends Node { readonly k: 'call'; readonly callee: Expr; readonly args: readonly Argument[] }
export interface BinaryExpr extends Node { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
/** A comparison chain `a < b <= c`; ops are `<`, `==`, `in`, `not in`, `is`, `is not`, … */
export interface CompareExpr extends Node { readonly k: 'compare'; readonly ops: readonly string[]; readonly operands: readonly Expr[] }
export interface BoolOpExpr extends Node { readonly k: 'boolop'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
export interface UnaryExpr extends Node { readonly k: 'unary'; readonly op: '-' | '+' | 'not' | '~'; readonly operand: Expr }
export interface ConditionalExpr extends Node { readonly k: 'conditional'; readonly test: Expr; readonly body: Expr; readonly orelse: Expr }
export interface SequenceExpr extends Node { readonly k: 'tuple' | 'list' | 'set'; readonly items: readonly Expr[] }
export interface StarredExpr extends Node { readonly k: 'starred'; readonly value: Expr }
export interface DictExpr extends Node {
  readonly k: 'dict';
  /** `key: value`, or `**value` (key undefined). */
  readonly entries: readonly { readonly key?: Expr; readonly value: Expr }[];
}
export interface Generator { readonly target: Expr; readonly iter: Expr; readonly ifs: readonly Expr[] }
export interface ComprehensionExpr extends Node {
  readonly k: 'comprehension';
  readonly kind: 'list' | 'generator' | 'set' | 'dict';
  readonly element: Expr;
  /** The value of a dict comprehension (element is its key). */
  readonly value?: Expr;
  readonly generators: readonly Generator[];
}
export interface LambdaExpr extends Node { readonly k: 'lambda'; readonly params: readonly Param[]; readonly body: Expr }
/** Syntax the engine does not read (or an error node): evaluating it gives an unknown value saying so. */
export interface UnsupportedExpr extends Node { readonly k: 'unsupported'; readonly what: string }

export interface Param extends Node {
  readonly name: string;
  readonly kind: 'normal' | 'star' | 'doubleStar' | 'keywordOnly';
  readonly default?: Expr;
}

export type Stmt =
  | ExprStmt | AssignStmt | AugAssignStmt | ReturnStmt | IfStmt | ForStmt | WhileStmt | SimpleStmt | FunctionDef
  | ClassDef | ImportStmt | ImportFromStmt | BlockStmt | UnsupportedStmt;

export interface ExprStmt extends Node { readonly k: 'expr'; readonly value: Expr }
/** `a = b = value`; targets may be tuples (`b, c, _, _ = x.size()`), attributes or subscripts. */
export interface AssignStmt extends Node { readonly k: 'assign'; readonly targets: readonly Expr[]; readonly value?: Expr }
export interface AugAssignStmt extends Node { readonly k: 'augassign'; readonly target: Expr; readonly op: string; readonly value: Expr }
export interface ReturnStmt extends Node { readonly k: 'return'; readonly value?: Expr }
export interface IfStmt extends Node {
  readonly k: 'if';
  readonly branches: readonly { readonly test: Expr; readonly body: readonly Stmt[] }[];
  readonly orelse?: readonly Stmt[];
}
export interface ForStmt extends Node { readonly k: 'for'; readonly target: Expr; readonly iter: Expr; readonly body: readonly Stmt[]; readonly orelse?: readonly Stmt[] }
export interface WhileStmt extends Node { readonly k: 'while'; readonly test: Expr; readonly body: readonly Stmt[] }
/** Statements with no effect on a model's structure: pass, break, continue, del, global, raise, assert. */
export interface SimpleStmt extends Node { readonly k: 'pass' | 'break' | 'continue' | 'raise' | 'assert' | 'ignored'; readonly value?: Expr }
export interface FunctionDef extends Node {
  readonly k: 'def';
  readonly name: string;
  readonly nameSpan: Node;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
  /** Decorator names (`staticmethod`, `property`). */
  readonly decorators: readonly string[];
}
export interface ClassDef extends Node {
  readonly k: 'class';
  readonly name: string;
  readonly nameSpan: Node;
  readonly bases: readonly Argument[];
  readonly body: readonly Stmt[];
}
/** `import a.b.c as d`: one entry per comma-separated name. */
export interface ImportStmt extends Node { readonly k: 'import'; readonly names: readonly { readonly path: string; readonly alias?: string }[] }
/** `from a.b import c as d, e`; `*` imports are names ['*']. */
export interface ImportFromStmt extends Node {
  readonly k: 'importfrom';
  readonly module: string;
  readonly names: readonly { readonly name: string; readonly alias?: string }[];
}
/** `with …:` and `try:` run their body (the engine never raises, so `except` bodies are skipped). */
export interface BlockStmt extends Node { readonly k: 'block'; readonly body: readonly Stmt[] }
export interface UnsupportedStmt extends Node { readonly k: 'unsupported'; readonly what: string }
