// Reading JSON text with jsonc-parser: tolerant of comments (an editor's JSONC buffer) but every syntax error is
// reported with its line:column and offset, and then no model is read from the text.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../ir';

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
  // Strict JSON (every exported model.json) goes through the native parser, several times faster than jsonc-parser
  // on large files; only text it rejects (comments, trailing commas, real errors) takes the tolerant path, which
  // also gives the error positions. Both keep the last of duplicate keys.
  try {
    return { value: JSON.parse(text) as unknown, diagnostics: [] };
  } catch {
    // fall through
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false });
  if (errors.length === 0) return { value, diagnostics: [] };
  const diagnostics = errors.slice(0, 20).map((e): Diagnostic => {
    const { line, column } = lineColumn(text, e.offset);
    return {
      severity: 'error',
      message: `malformed JSON at line ${line}, column ${column}: ${describe(printParseErrorCode(e.error))}`,
      path: [],
      offset: e.offset,
      length: e.length,
    };
  });
  return { diagnostics };
}

/** jsonc-parser's codes (`CommaExpected`) as words (`comma expected`). */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
