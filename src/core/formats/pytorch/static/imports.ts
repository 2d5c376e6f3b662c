// Imports and attribute access on imported modules: every name the user writes (`nn.Conv2d`, `F.relu`,
// `torch.nn.functional.relu`, `from torch.nn import Conv2d`, `math.ceil`) resolves to one canonical value: an nn
// class by its name, a torch function by its catalogue name (`F.relu`, `torch.cat`), or a builtin.
import type { ImportFromStmt, ImportStmt } from './ast';
import { pyFloat, unknown, type PyValue } from './values';

/** Packages the engine follows; anything else imports as an unknown value saying so. */
const KNOWN_ROOTS = new Set(['torch', 'math', 'collections', 'typing', 'functools', '__future__']);

/** torch dtypes as the catalogue names them. */
const DTYPES: Record<string, string> = {
  float32: 'float32', float: 'float32', float64: 'float64', double: 'float64', float16: 'float16', half: 'float16',
  bfloat16: 'bfloat16', int64: 'int64', long: 'int64', int32: 'int32', int: 'int32', int16: 'int16', int8: 'int8',
  uint8: 'uint8', bool: 'bool',
};

const CONTAINERS = new Set(['Module', 'Sequential', 'ModuleList', 'ModuleDict']);

const MATH_FUNCTIONS = new Set(['ceil', 'floor', 'sqrt', 'log', 'log2', 'log10', 'exp', 'pow', 'prod', 'gcd', 'isqrt', 'trunc', 'fabs']);

/** `namespace.name`. */
export function namespaceAttribute(path: string, name: string): PyValue {
  switch (path) {
    case 'torch':
      if (name === 'nn') return { t: 'namespace', path: 'torch.nn' };
      if (name === 'optim' || name === 'utils' || name === 'cuda' || name === 'backends' || name === 'jit') return { t: 'namespace', path: `torch.${name}` };
      if (name === 'Tensor') return { t: 'builtin', name: 'torch.Tensor' };
      if (name === 'Size') return { t: 'builtin', name: 'tuple' };
      if (name === 'device' || name === 'no_grad' || name === 'manual_seed' || name === 'set_grad_enabled') return { t: 'builtin', name: `torch.${name}` };
      if (name === 'Generator') return { t: 'opaque', what: 'torch.Generator' };
      if (name in DTYPES && name !== 'int' && name !== 'float' && name !== 'bool') return DTYPES[name];
      if (name === 'long' || name === 'int' || name === 'float' || name === 'double' || name === 'half' || name === 'bool') return DTYPES[name];
      return { t: 'torchfn', name: `torch.${name}` };
    case 'torch.nn':
      if (name === 'functional') return { t: 'namespace', path: 'torch.nn.functional' };
      if (name === 'init' || name === 'utils') return { t: 'namespace', path: `torch.nn.${name}` };
      if (name === 'Parameter') return { t: 'builtin', name: 'nn.Parameter' };
      if (name === 'parameter') return { t: 'namespace', path: 'torch.nn.parameter' };
      return { t: 'nnclass', name };
    case 'torch.nn.parameter':
      return name === 'Parameter' ? { t: 'builtin', name: 'nn.Parameter' } : unknown(`torch.nn.parameter.${name} is not followed`);
    case 'torch.nn.functional':
      return { t: 'torchfn', name: `F.${name}` };
    case 'torch.nn.init':
      // Initialisers change values, never shapes or counts.
      return { t: 'builtin', name: 'ignored' };
    case 'torch.optim':
    case 'torch.optim.lr_scheduler':
      return name === 'lr_scheduler' ? { t: 'namespace', path: 'torch.optim.lr_scheduler' } : { t: 'builtin', name: 'opaque' };
    case 'torch.utils': case 'torch.utils.data':
      // Data loading: never part of a model's shapes.
      return name === 'data' ? { t: 'namespace', path: 'torch.utils.data' } : { t: 'opaque', what: `torch.utils.${name}` };
    case 'torch.cuda':
      return name === 'is_available' ? { t: 'builtin', name: 'torch.cuda.is_available' } : { t: 'builtin', name: 'opaque' };
    case 'math':
      if (name === 'pi') return pyFloat(Math.PI);
      if (name === 'e') return pyFloat(Math.E);
      if (name === 'inf') return pyFloat(Infinity);
      if (MATH_FUNCTIONS.has(name)) return { t: 'builtin', name: `math.${name}` };
      return unknown(`math.${name} is not followed`);
    case 'collections':
      if (name === 'OrderedDict') return { t: 'builtin', name: 'dict' };
      return unknown(`collections.${name} is not followed`);
    case 'typing': case '__future__':
      return { t: 'builtin', name: 'opaque' };
    case 'functools':
      return name === 'partial' ? { t: 'builtin', name: 'functools.partial' } : unknown(`functools.${name} is not followed`);
    default:
      return { t: 'builtin', name: 'opaque' };
  }
}

function resolvePath(path: string): PyValue {
  const parts = path.split('.');
  if (!KNOWN_ROOTS.has(parts[0])) return unknown(`the module ${parts[0]} is not followed (only torch, math and collections are)`);
  let v: PyValue = { t: 'namespace', path: parts[0] };
  for (const part of parts.slice(1)) {
    if (typeof v !== 'object' || v === null || v.t !== 'namespace') return unknown(`${path} is not followed`);
    v = namespaceAttribute(v.path, part);
  }
  return v;
}

/** The names an import statement binds, and their values. */
export function importBindings(stmt: ImportStmt | ImportFromStmt): [string, PyValue][] {
  if (stmt.k === 'import') {
    return stmt.names.map(({ path, alias }) => {
      if (alias) return [alias, resolvePath(path)];
      // `import torch.nn` binds `torch`.
      const root = path.split('.')[0];
      return [root, resolvePath(root)];
    });
  }
  if (stmt.module.startsWith('.')) return stmt.names.map(({ name, alias }) => [alias ?? name, unknown(`the relative import of ${name} is not followed`)]);
  const module = resolvePath(stmt.module);
  return stmt.names.map(({ name, alias }): [string, PyValue] => {
    if (name === '*') return ['*', module];
    const value = typeof module === 'object' && module !== null && module.t === 'namespace'
      ? namespaceAttribute(module.path, name)
      : unknown(`${stmt.module}.${name} is not followed`);
    return [alias ?? name, value];
  });
}

export function isContainerClass(name: string): boolean {
  return CONTAINERS.has(name);
}
