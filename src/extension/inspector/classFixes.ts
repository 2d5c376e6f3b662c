// The quick fix "did you mean Conv2D?" for a layer whose class the catalogue does not know but nearly matches a
// known one (PyTorch's Conv2d in a Keras file): where the class name string is in the text, and what to write there.
// Pure of vscode (unit-tested); computed with the analysis (it needs the JSON tree), the inspector turns each into a
// CodeAction.
import type { LayerAnalysis, JsonPath } from '../../core';
import type { TextRange } from '../../core/formats/tfjs';
import { suggestLayerClass } from '../../core';

export interface ClassFix {
  layer: string;
  className: string;
  suggestion: string;
  /** The class name's JSON string in the text, quotes included. */
  range: TextRange;
  /** What replaces it: the suggestion as a JSON string. */
  replacement: string;
}

export function classFixes(layers: readonly LayerAnalysis[], rangeOf: (path: JsonPath) => TextRange | undefined): ClassFix[] {
  const fixes: ClassFix[] = [];
  for (const layer of layers) {
    if (layer.synthetic || layer.nested) continue;
    const suggestion = suggestLayerClass(layer.className);
    const range = suggestion === undefined ? undefined : rangeOf([...layer.path, 'class_name']);
    if (suggestion === undefined || range === undefined) continue;
    fixes.push({ layer: layer.name, className: layer.className, suggestion, range, replacement: JSON.stringify(suggestion) });
  }
  return fixes;
}
