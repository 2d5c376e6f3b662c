// The TF.js layers-model / Keras JSON front end: reading a file into the IR, and finding a layer's text again.
export { parseModelJson, parseModelValue, GRAPH_MODEL_MESSAGE, type ParseResult } from './parseModel';
export { parseJsonTree, nodeAtPath, rangeOfPath, topLevelKeys, type TextRange } from './jsonTree';
export { LayerLocator, type LocatedLayer } from './layerLocator';
export { recognizeModelJson, type RecognizedModelKind } from './modelRecognition';
export {
  readWeightsManifest, checkWeightPath, WEIGHT_DTYPE_BYTES, type WeightsManifest, type WeightsManifestResult, type WeightsGroup,
  type WeightEntry, type WeightDtype,
} from './weightsManifest';
