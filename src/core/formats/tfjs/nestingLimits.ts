// How deep a model file may nest, checked before anything recursive reads it. The JSON parsers in the editor
// (jsonc-parser) and JSON.stringify recurse once per level and overflow the stack at a few thousand levels; the
// parser and the engine recurse once per nested model. Depth is bad input, reported as a diagnostic.
//
// Real files are shallow: the fixtures here nest at most 11 JSON levels; a Keras 3 functional model adds 3 levels per
// model nested in it (config, layers, the layer), so a model nested MAX_MODEL_NESTING deep with its deepest config
// still fits within MAX_JSON_DEPTH with room to spare.

/** Most JSON levels (objects and arrays) a model file may nest. */
export const MAX_JSON_DEPTH = 256;

/** Most models a model may nest inside itself (a model used as a layer is one level). */
export const MAX_MODEL_NESTING = 32;

/**
 * The offset of the first `{` or `[` that opens level MAX_JSON_DEPTH + 1, or undefined. A linear scan of the text
 * that skips strings and comments (the editor's buffers are JSONC), without parsing it: it runs on every edit of a
 * model file, and jsonc-parser's scanner takes about ten times as long on a 5 MB file.
 */
export function excessiveNestingOffset(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  // The open brackets, innermost last. A closer pops only its own kind: jsonc-parser skips a `}` inside an array (and
  // a `]` inside an object) as an error, so counting every closer would let `[0 }}}…` hide thousands of levels from
  // this scan while the parser still recursed into them.
  const open: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (open.push(c) > limit) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      // `{` + 2 = `}`, `[` + 2 = `]`
      if (open.length > 0 && open[open.length - 1] + 2 === c) open.pop();
    }
  }
  return undefined;
}

/** Whether an already parsed value nests deeper than `limit` (iterative: the value may be as deep as it likes). */
export function valueNestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top.value !== 'object' || top.value === null) continue;
    const depth = top.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(top.value)) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
  }
  return false;
}

export function jsonDepthMessage(line: number, column: number): string {
  return `JSON nested more than ${MAX_JSON_DEPTH} levels deep at line ${line}, column ${column}: no model file nests this deep, so the file is not analysed`;
}
