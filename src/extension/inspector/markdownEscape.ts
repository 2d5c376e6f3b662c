// Markdown for the hover from strings a model file controls (layer and class names, diagnostic messages, derivation
// lines). The inspector runs in untrusted workspaces and its hover may run one command, so a file must never be able
// to add a link, an image, HTML, a code span or a heading. Pure (unit-tested against a CommonMark renderer).
// The hover's MarkdownString has theme icons off: VS Code expands `$(name)` after rendering, inside code too, where
// no markdown escape reaches it.

/** Line breaks and other control characters would end a paragraph, a table row or a code span: shown as spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}

/**
 * Text outside code: every ASCII punctuation character backslash-escaped. CommonMark lets any of them be escaped and
 * renders an escaped one literally, so nothing in the text can start markup (links, images, emphasis, HTML, entities,
 * autolinks, table cells).
 */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * An inline code span showing `text` literally: delimited by more backticks than any run inside it (backslashes do
 * not escape inside code), padded with a space when the text starts or ends with a backtick or a space (CommonMark
 * strips one space from each side when both are there).
 */
export function markdownCode(text: string): string {
  const content = oneLine(text);
  const fence = '`'.repeat(longestBacktickRun(content) + 1);
  if (content.trim() === '') return markdownText(content === '' ? '(empty)' : content);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A fenced code block of `lines`: its fence is longer than any backtick run inside, so no line can close it. */
export function markdownCodeBlock(language: string, lines: readonly string[]): string {
  const content = lines.map(oneLine);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content.join('\n')) + 1));
  return [`${fence}${language}`, ...content, fence].join('\n');
}

/**
 * A `command:` link target with JSON arguments, as VS Code decodes it (decodeURIComponent, then JSON.parse). Parentheses
 * and the other characters encodeURIComponent leaves alone are percent-encoded too, so a layer name cannot close the
 * link early.
 */
export function commandLink(command: string, args: readonly unknown[]): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${query}`;
}
