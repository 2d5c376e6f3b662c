// Which model to analyse (issue #12): the last module-level name bound to an nn.Module instance; else the
// outermost nn.Module class of the file (one that no other class of the file names), built with no arguments.
// `entry` (a variable or class name) picks another.
import type { ModelCandidate, Span } from '../trace';
import type { Interpreter } from './interpreter';
import { isModule, spanOf, type PyClass, type PyValue } from './values';

export interface EntryChoice {
  readonly name: string;
  readonly kind: 'instance' | 'class';
  readonly span: Span;
  /** The instance, or the class to build. */
  readonly value: PyValue;
}

export interface Candidates {
  readonly candidates: ModelCandidate[];
  readonly choices: EntryChoice[];
  readonly defaultChoice: EntryChoice | null;
}

export function findCandidates(py: Interpreter): Candidates {
  const instances: EntryChoice[] = [];
  const lastBinding = new Map<string, number>();
  py.moduleLevelBindings.forEach((b, i) => lastBinding.set(b.name, i));
  py.moduleLevelBindings.forEach((b, i) => {
    const current = py.globals.lookup(b.name);
    if (lastBinding.get(b.name) === i && isModule(b.value) && current === b.value) instances.push({ name: b.name, kind: 'instance', span: b.span, value: b.value });
  });
  const moduleClasses = py.classes.filter((c) => py.nnBase(c) !== undefined && py.globals.lookup(c.name) === c);
  const outermost = moduleClasses.filter((c) => !moduleClasses.some((other) => other !== c && names(py, other, c.name)));
  const classChoices: EntryChoice[] = moduleClasses.map((c) => ({ name: c.name, kind: 'class', span: spanOf(c.def.nameSpan), value: c }));
  // Of several outermost classes, the last one that can be built with no arguments (the file's model, usually).
  const buildable = outermost.filter((c) => buildsWithoutArguments(py, c));
  const defaultClass = buildable.length ? buildable[buildable.length - 1] : outermost[outermost.length - 1];
  const defaultChoice = instances.length > 0
    ? instances[instances.length - 1]
    : defaultClass ? classChoices[moduleClasses.indexOf(defaultClass)] : null;
  const choices = [...instances, ...classChoices];
  return {
    choices,
    defaultChoice,
    candidates: choices.map((c) => ({ name: c.name, kind: c.kind, span: c.span, isDefault: c === defaultChoice })),
  };
}

function buildsWithoutArguments(py: Interpreter, cls: PyClass): boolean {
  const init = py.classAttribute(cls, '__init__')?.value;
  if (typeof init !== 'object' || init === null || init.t !== 'function') return true;
  return init.def.params.slice(1).every((p) => p.kind !== 'normal' || init.defaults.has(p.name));
}

/** Whether `cls`'s source names `name` as a word. */
function names(py: Interpreter, cls: PyClass, name: string): boolean {
  const source = py.text.slice(cls.def.from, cls.def.to);
  return new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[$]/g, '\\$')}($|[^A-Za-z0-9_])`).test(source);
}
