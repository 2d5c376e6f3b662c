// Diagnostics as the interpreter finds them, before layer names exist (a rule may reject its arguments while the
// model is still being built): each may point at a ModuleObject whose qualified name is filled in at the end.
// A TorchRuleError becomes an error on the literal it blames, with a quick fix writing the right value there.
import type { Severity } from '../../../ir';
import { TorchRuleError, type ArgValue } from '../../../layers/torch/types';
import type { CodeFix, Span, TraceDiagnostic } from '../trace';
import type { ModuleObject } from './moduleObject';
import { pythonLiteral } from './torchValues';

export interface PendingDiagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** The module concerned (its name is known only once the model is built). */
  readonly module?: ModuleObject;
  /** Or a recorded call's name. */
  readonly layer?: string;
  readonly fixes?: readonly CodeFix[];
}

export class DiagnosticSink {
  private readonly items: PendingDiagnostic[] = [];
  private readonly keys = new Set<string>();
  /** Spans that already carry an error: a second run (batch 3) adds nothing there. */
  private readonly errorSpans = new Set<string>();
  /** While false, diagnostics on spans already diagnosed are dropped (the batch-3 run repeats batch 2's). */
  acceptRepeats = true;
  /** While above 0, warnings are dropped (errors kept): code that uses the model rather than defines it. */
  warningsMuted = 0;

  add(d: PendingDiagnostic): void {
    if (this.warningsMuted > 0 && d.severity !== 'error') return;
    const spanKey = `${d.span.from}:${d.span.to}`;
    const key = `${spanKey}|${d.severity}|${d.message}`;
    if (this.keys.has(key)) return;
    if (!this.acceptRepeats && (this.errorSpans.has(spanKey) || this.hasSpan(spanKey))) return;
    this.keys.add(key);
    if (d.severity === 'error') this.errorSpans.add(spanKey);
    // Callers may pass an AST node as the span: keep plain { from, to } (the trace is JSON).
    this.items.push({ ...d, span: { from: d.span.from, to: d.span.to } });
  }

  private hasSpan(spanKey: string): boolean {
    return this.items.some((d) => `${d.span.from}:${d.span.to}` === spanKey);
  }

  warn(message: string, span: Span, module?: ModuleObject): void {
    this.add({ severity: 'warning', message, span, module });
  }

  error(message: string, span: Span, module?: ModuleObject): void {
    this.add({ severity: 'error', message, span, module });
  }

  get count(): number {
    return this.items.length;
  }

  resolve(nameOf: (m: ModuleObject) => string | undefined): TraceDiagnostic[] {
    return this.items.map(({ module, layer, ...rest }) => {
      const name = layer ?? (module ? nameOf(module) : undefined);
      return name !== undefined ? { ...rest, layer: name } : rest;
    });
  }
}

/** Where an ArgRef was written as a literal, and a fix writing `replacement` there. */
export function literalFix(arg: string | undefined, replacement: ArgValue | undefined, literalSpans: Readonly<Record<string, Span>>, text: string): { span?: Span; fix?: CodeFix } {
  if (arg === undefined) return {};
  const span = literalSpans[arg];
  if (!span || replacement === undefined) return { span };
  const newText = pythonLiteral(replacement);
  return { span, fix: { title: `Change ${text.slice(span.from, span.to)} to ${newText}`, edits: [{ span, newText }] } };
}

/** A rule's or an op's complaint (error or warning) as a diagnostic on the blamed literal, else on `fallback`. */
export function ruleDiagnostic(
  severity: Severity,
  message: string,
  arg: string | undefined,
  replacement: ArgValue | undefined,
  literalSpans: Readonly<Record<string, Span>>,
  fallback: Span,
  text: string,
  extraFixes: readonly CodeFix[] = [],
): Omit<PendingDiagnostic, 'module' | 'layer'> {
  const { span, fix } = literalFix(arg, replacement, literalSpans, text);
  const fixes = [...(fix ? [fix] : []), ...extraFixes];
  return { severity, message, span: span ?? fallback, ...(fixes.length ? { fixes } : {}) };
}

export function isRuleError(e: unknown): e is TorchRuleError {
  return e instanceof TorchRuleError;
}
