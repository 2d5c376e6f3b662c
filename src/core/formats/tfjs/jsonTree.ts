// Offsets in model JSON, through jsonc-parser's syntax tree (the parser VS Code itself uses): tolerant of comments,
// trailing commas and half-typed text, and it keeps every node's offset and length.
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { JsonPath } from '../../ir';
import { excessiveNestingOffset } from './nestingLimits';

export interface TextRange {
  offset: number;
  length: number;
}

/**
 * The syntax tree, or no tree when the text nests deeper than MAX_JSON_DEPTH (jsonc-parser recurses per level and a
 * few thousand levels overflow the stack): then `tooDeepAt` is the offset of the bracket past the limit.
 */
export function parseJsonTree(text: string): { root: Node | undefined; errors: ParseError[]; tooDeepAt?: number } {
  const tooDeepAt = excessiveNestingOffset(text);
  if (tooDeepAt !== undefined) return { root: undefined, errors: [], tooDeepAt };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return { root, errors };
}

/**
 * The node at `path`. With duplicate keys, the LAST property wins, as in JSON.parse and in the model parser, so a
 * range always points at the value the numbers were computed from (jsonc-parser's findNodeAtLocation takes the first).
 */
export function nodeAtPath(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (!node?.children) return undefined;
    if (typeof segment === 'number') {
      node = node.type === 'array' ? node.children[segment] : undefined;
    } else {
      if (node.type !== 'object') return undefined;
      let found: Node | undefined;
      for (const property of node.children) {
        if (property.children?.[0]?.value === segment) found = property.children[1];
      }
      node = found;
    }
  }
  return node;
}

/** The range of `path`, or of its longest prefix that exists (a diagnostic about a missing key lands on its parent). */
export function rangeOfPath(root: Node, path: JsonPath): TextRange | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAtPath(root, path.slice(0, n));
    if (node) return { offset: node.offset, length: node.length };
  }
  return undefined;
}

/** Top-level object keys, for recognising a model file by its content. */
export function topLevelKeys(root: Node | undefined): Set<string> {
  const keys = new Set<string>();
  if (root?.type !== 'object') return keys;
  for (const property of root.children ?? []) {
    const key = property.children?.[0]?.value;
    if (typeof key === 'string') keys.add(key);
  }
  return keys;
}
