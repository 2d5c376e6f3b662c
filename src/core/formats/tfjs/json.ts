// Reading JSON text with jsonc-parser: tolerant of comments (an editor's JSONC buffer) but every syntax error is
// reported with its line:column and offset, and then no model is read from the text.
import { printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../../ir';

export interface JsonReadResult {
  value?: unknown;
  diagnostics: Diagnostic[];
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function readJson(text: string): JsonReadResult {
  // A UTF-8 byte order mark (editors and Windows tools write one; Node's utf8 decoding keeps it) is not JSON: both
  // parsers reject it. It is skipped; offsets still index `text`, lines and columns are as an editor shows them.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom === 1 ? text.slice(1) : text;
  // Strict JSON (every exported model.json) goes through the native parser, several times faster than jsonc-parser
  // on large files; only text it rejects (comments, trailing commas, real errors) takes the tolerant path, which
  // also gives the error positions. Both keep the last of duplicate keys.
  try {
    return { value: JSON.parse(body) as unknown, diagnostics: [] };
  } catch {
    // fall through
  }
  const errors: ParseError[] = [];
  const value = parseJsonc(body, errors);
  if (errors.length === 0) return { value, diagnostics: [] };
  const diagnostics = errors.slice(0, 20).map((e): Diagnostic => {
    const { line, column } = lineColumn(body, e.offset);
    return {
      severity: 'error',
      message: `malformed JSON at line ${line}, column ${column}: ${describe(printParseErrorCode(e.error))}`,
      path: [],
      offset: e.offset + bom,
      length: e.length,
    };
  });
  return { diagnostics };
}

/**
 * jsonc-parser's `parse`, building the value the way JSON.parse does: every key an own data property. (`parse`
 * assigns `object[key] = value`, so a `"__proto__"` key set the object's prototype and its members appeared as
 * inherited config values: the same file read differently with and without a comment.)
 */
function parseJsonc(text: string, errors: ParseError[]): unknown {
  const root: unknown[] = [];
  let parent: Record<string, unknown> | unknown[] = root;
  let property: string | null = null;
  const parents: (Record<string, unknown> | unknown[])[] = [];
  const onValue = (value: unknown) => {
    if (Array.isArray(parent)) parent.push(value);
    else if (property !== null) Object.defineProperty(parent, property, { value, writable: true, enumerable: true, configurable: true });
  };
  const open = (container: Record<string, unknown> | unknown[]) => {
    onValue(container);
    parents.push(parent);
    parent = container;
    property = null;
  };
  const close = () => {
    parent = parents.pop() ?? root;
  };
  visit(text, {
    onObjectBegin: () => open({}),
    onObjectProperty: (name) => {
      property = name;
    },
    onObjectEnd: close,
    onArrayBegin: () => open([]),
    onArrayEnd: close,
    onLiteralValue: onValue,
    onError: (error, offset, length) => {
      errors.push({ error, offset, length });
    },
  }, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false });
  return root[0];
}

/** jsonc-parser's codes (`CommaExpected`) as words (`comma expected`). */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
