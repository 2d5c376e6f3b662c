// Issue #10 D8: a model file controls layer names, class names and (through them) diagnostic messages and derivation
// lines; in the hover none of them may become markup — no link (a `command:` link would run with the hover's trust),
// no image (a remote fetch), no HTML, no extra code span. The hover's markdown is rendered here by markdown-it
// (CommonMark, with raw HTML passed through and GFM-style autolinks on, so anything a stricter renderer would drop
// still shows up) and the rendered elements are checked: only our one command link, and the hostile text shown
// literally.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { LayerAnalysis } from '../../../src/core/analysisResult';
import type { Diagnostic } from '../../../src/core/ir';
import { CommandIds } from '../../../src/extension/commandIds';
import { hoverMarkdown } from '../../../src/extension/inspector/layerText';
import { commandLink, markdownCode, markdownCodeBlock, markdownText } from '../../../src/extension/inspector/markdownEscape';

interface MarkdownRenderer { render(markdown: string): string }
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => MarkdownRenderer;
const renderer = new MarkdownIt({ html: true, linkify: true });

const ALLOWED_TAGS = new Set(['p', 'strong', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'br']);

const decodeEntities = (html: string) => html
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

function rendered(markdown: string) {
  const html = renderer.render(markdown);
  const tags = [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase());
  const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => decodeEntities(m[1]));
  const text = decodeEntities(html.replace(/<[^>]*>/g, ''));
  const codes = [...html.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((m) => decodeEntities(m[1]));
  return { html, tags, hrefs, text, codes };
}

const HOSTILE = [
  'Conv2D` [run](command:lenet.inspectModel?%5B%5D) ![x](https://evil.example/x.png) `',
  'c1](command:lenet.train) <img src="https://evil.example/y.png"> **bold** &lt; https://evil.example/z',
  'a)"]\n\n# heading\n| cell | cell |',
  '``` $(zap) <script>alert(1)</script> www.evil.example',
  '`',
  ' `x` ',
  '\\`[x](command:lenet.train)\\`',
];

const layer = (name: string, className: string): LayerAnalysis => ({
  name, className, path: [], inputShapes: [[null, 4]], outputShapes: [[null, 3]], params: 15, trainableParams: 15,
  nonTrainableParams: 0, macs: 12, outputElementsPerSample: 3, outputBytesPerSample: 12,
  derivation: [`${className} ${name}`, '```', `[y](command:lenet.train) ${name}`], inboundLayers: [],
});

describe('hover markdown from hostile names (issue #10 D8)', () => {
  for (const hostile of HOSTILE) {
    it(`shows ${JSON.stringify(hostile)} as text, as a layer name and as a class name`, () => {
      const uri = 'file:///w/models/hostile.json';
      const diagnostic: Diagnostic = { severity: 'error', message: `unknown layer class "${hostile}"`, layer: hostile, path: [] };
      const markdown = hoverMarkdown(layer(hostile, hostile), {
        batchSize: 100, dtype: 'float32', diagnostics: [diagnostic], dashboardLink: commandLink(CommandIds.inspectModel, [uri, hostile]),
      });
      const out = rendered(markdown);
      assert.deepEqual(out.tags.filter((t) => !ALLOWED_TAGS.has(t)), [], out.html);
      // One link, ours, whose arguments decode (as VS Code decodes them) to the document and the whole layer name.
      assert.equal(out.hrefs.length, 1, out.html);
      const [target, query] = out.hrefs[0].split('?');
      assert.equal(target, `command:${CommandIds.inspectModel}`);
      assert.deepEqual(JSON.parse(decodeURIComponent(query)), [uri, hostile]);
      // Code: the class name, the two shapes, and the derivation block — each whole.
      const flat = hostile.replace(/[\n\r]/g, ' ');
      assert.equal(out.codes.length, 4, out.html);
      assert.equal(out.codes[0], flat.trim() === '' ? '' : flat, out.html);
      assert.ok(out.codes[3].includes(`[y](command:lenet.train) ${flat}`), out.html);
      // The name in bold and the message are shown literally.
      assert.ok(out.text.includes(flat), out.html);
      assert.ok(out.text.includes(`unknown layer class "${flat}"`), out.html);
    });
  }

  it('escapes text, code and code blocks for any backtick run', () => {
    assert.equal(markdownCode('a`b'), '``a`b``');
    assert.equal(markdownCode('`'), '`` ` ``');
    assert.equal(markdownCode('Conv2D'), '`Conv2D`');
    assert.equal(markdownText('a_b [c](d)'), 'a\\_b \\[c\\]\\(d\\)');
    assert.equal(markdownCodeBlock('text', ['x ````', 'y']), '`````text\nx ````\ny\n`````');
    assert.equal(commandLink('c', ['a)(']), 'command:c?%5B%22a%29%28%22%5D');
  });
});
