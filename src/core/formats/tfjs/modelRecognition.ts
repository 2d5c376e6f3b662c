// Is this JSON document a model file? Decided by content, not by file name: users keep models in files called
// anything (`model.json`, `lenet-v3.json`, `export.keras.json`).
import type { Node } from 'jsonc-parser';
import { nodeAtPath, topLevelKeys } from './jsonTree';

export type RecognizedModelKind = 'tfjs-layers' | 'keras' | 'graph-model';

export function recognizeModelJson(root: Node | undefined): RecognizedModelKind | undefined {
  const keys = topLevelKeys(root);
  if (!root || keys.size === 0) return undefined;
  const format = nodeAtPath(root, ['format'])?.value;
  if (format === 'graph-model') return 'graph-model';
  if (keys.has('modelTopology') || keys.has('model_config')) return 'tfjs-layers';
  // Keras `model.to_json()`: {"class_name": "Sequential" | "Model" | "Functional", "config": {"layers": [...]}}
  // (or the legacy Sequential whose config is the bare layer array).
  if (typeof nodeAtPath(root, ['class_name'])?.value === 'string') {
    const layers = nodeAtPath(root, ['config', 'layers']) ?? nodeAtPath(root, ['config']);
    if (layers?.type === 'array') return 'keras';
  }
  return undefined;
}
