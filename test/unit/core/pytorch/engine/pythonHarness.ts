// Runs a snippet's module-level code in the static engine's interpreter and reads back its globals as plain values
// (floats as `{ float: v }` so int vs float shows in the assertions), plus the diagnostics it raised.
import { DiagnosticSink } from '../../../../../src/core/formats/pytorch/static/diagnostics';
import { Interpreter } from '../../../../../src/core/formats/pytorch/static/interpreter';
import { parsePython } from '../../../../../src/core/formats/pytorch/static/parse';
import type { PyValue } from '../../../../../src/core/formats/pytorch/static/values';
import type { TraceDiagnostic } from '../../../../../src/core/formats/pytorch/trace';

export type Plain = number | string | boolean | null | { float: number } | { unknown: string } | Plain[] | { [key: string]: Plain } | string;

export function toPlain(v: PyValue): Plain {
  if (v === null || typeof v !== 'object') return v;
  switch (v.t) {
    case 'float': return { float: v.v };
    case 'list': case 'tuple': case 'set': return v.items.map(toPlain);
    case 'dict': return Object.fromEntries([...v.map].map(([k, x]) => [String(k), toPlain(x)]));
    case 'unknown': return { unknown: v.why };
    case 'tensor': return `Tensor[${v.shape ? v.shape.join(', ') : '?'}]`;
    case 'module': return `module ${v.className}`;
    case 'class': return `class ${v.name}`;
    case 'nnclass': return `nn.${v.name}`;
    default: return `<${v.t}>`;
  }
}

export function runPython(source: string): { get(name: string): Plain; raw(name: string): PyValue | undefined; diagnostics: TraceDiagnostic[] } {
  const diags = new DiagnosticSink();
  const py = new Interpreter(source, parsePython(source), diags);
  py.runModule();
  return {
    get: (name) => toPlain(py.globals.lookup(name) ?? null),
    raw: (name) => py.globals.lookup(name),
    diagnostics: diags.resolve(() => undefined),
  };
}
