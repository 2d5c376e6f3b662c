// The `# input: 1x28x28` comment (corpus README "File conventions"): the input shape per sample, without the batch
// axis. Accepted: `1x28x28` (also × or *), `(1, 28, 28)`, `1, 28, 28`, 1-D `1x16000`, a feature vector `64`, and a
// trailing dtype (`50 int64` for token ids). The first such comment counts.
import type { Span } from '../trace';

export interface InputShapeComment {
  readonly shape: number[];
  readonly span: Span;
  /** `float32` unless the comment names another dtype. */
  readonly dtype: string;
}

const LINE = /^[ \t]*#[ \t]*input[ \t]*:[ \t]*(.*?)[ \t]*$/gim;
const DTYPES = new Set(['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool', 'long', 'float', 'double', 'half', 'int']);
const ALIASES: Record<string, string> = { long: 'int64', float: 'float32', double: 'float64', half: 'float16', int: 'int32' };

export function readInputShapeComment(text: string): InputShapeComment | null {
  LINE.lastIndex = 0;
  for (let m = LINE.exec(text); m; m = LINE.exec(text)) {
    const body = m[1];
    const bodyStart = m.index + m[0].indexOf(body, m[0].indexOf(':') + 1);
    const parsed = parseShape(body);
    if (!parsed) continue;
    return { shape: parsed.shape, dtype: parsed.dtype, span: { from: bodyStart, to: bodyStart + body.length } };
  }
  return null;
}

function parseShape(body: string): { shape: number[]; dtype: string } | null {
  let rest = body.trim();
  let dtype = 'float32';
  const dtypeMatch = /[\s,]+(?:torch\.)?([a-z0-9]+)$/.exec(rest);
  if (dtypeMatch && DTYPES.has(dtypeMatch[1])) {
    dtype = ALIASES[dtypeMatch[1]] ?? dtypeMatch[1];
    rest = rest.slice(0, dtypeMatch.index).trim();
  }
  rest = rest.replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
  const parts = rest.split(/\s*(?:[x×X*,])\s*/).filter((p) => p.length > 0);
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) return null;
  const shape = parts.map(Number);
  if (shape.some((d) => d <= 0)) return null;
  return { shape, dtype };
}
