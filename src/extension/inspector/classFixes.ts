// The quick fix "did you mean Conv2D?" for a layer whose class the catalogue does not know but nearly matches a
// known one (PyTorch's Conv2d in a Keras file): where the class name string is in the text, and what to write there.
// Pure of vscode (unit-tested); the inspector turns each into a CodeAction.
import type { TextRange } from '../../core/locate/jsonTree';
import { suggestLayerClass } from '../../core/layers/classSuggestion';
import type { ModelDocument } from './modelDocuments';

export interface ClassFix {
  layer: string;
  className: string;
  suggestion: string;
  /** The class name's JSON string in the text, quotes included. */
  range: TextRange;
  /** What replaces it: the suggestion as a JSON string. */
  replacement: string;
}

export function classFixes(model: ModelDocument): ClassFix[] {
  const fixes: ClassFix[] = [];
  for (const layer of model.layers) {
    if (layer.synthetic || layer.nested) continue;
    const suggestion = suggestLayerClass(layer.className);
    const range = suggestion === undefined ? undefined : model.locator.rangeOf([...layer.path, 'class_name']);
    if (suggestion === undefined || range === undefined) continue;
    fixes.push({ layer: layer.name, className: layer.className, suggestion, range, replacement: JSON.stringify(suggestion) });
  }
  return fixes;
}
