// parseModelJson: the text of a model file → ModelIR plus diagnostics. Never throws. The model is undefined only
// when the text cannot be read as a model at all (malformed JSON, not a model, a TF.js graph model).
//   TF.js model.json        {format: "layers-model", modelTopology: {class_name, config} | {model_config: {...}}, weightsManifest}
//   Keras model.to_json()   {class_name, config, keras_version, backend}
import type { Diagnostic, JsonPath, ModelFormat, ModelIR } from '../../ir';
import { lineColumn, readJson, type JsonReadResult } from './json';
import { isObject, type JsonObject } from './jsonShape';
import { parseModelObject } from './modelConfig';
import { excessiveNestingOffset, jsonDepthMessage, MAX_JSON_DEPTH, valueNestsDeeperThan } from './nestingLimits';
import { MODEL_CLASSES } from '../../layers/registry';

export interface ParseResult {
  model?: ModelIR;
  diagnostics: Diagnostic[];
}

export const GRAPH_MODEL_MESSAGE = 'graph model has no layer configs; export a layers model';

export function parseModelJson(text: string): ParseResult {
  try {
    return parseText(text);
  } catch (err) {
    return { diagnostics: [{ severity: 'error', message: `internal error while parsing the model: ${(err as Error).message}`, path: [] }] };
  }
}

function parseText(text: string): ParseResult {
  const read = readModelText(text);
  if (read.value === undefined) return { diagnostics: read.diagnostics };
  return parseValue(read.value);
}

/** The text's JSON value, unless it is malformed or nests deeper than every reader after this one can follow. */
function readModelText(text: string): JsonReadResult {
  const tooDeep = excessiveNestingOffset(text);
  if (tooDeep !== undefined) {
    const { line, column } = lineColumn(text, tooDeep);
    return { diagnostics: [{ severity: 'error', message: jsonDepthMessage(line, column), path: [], offset: tooDeep, length: 1 }] };
  }
  return readJson(text);
}

/** The same as parseModelJson, for an already parsed JSON value (paths are relative to it). */
export function parseModelValue(root: unknown): ParseResult {
  if (valueNestsDeeperThan(root)) {
    return { diagnostics: [{ severity: 'error', message: `JSON nested more than ${MAX_JSON_DEPTH} levels deep: no model file nests this deep, so the model is not analysed`, path: [] }] };
  }
  return parseValue(root);
}

function parseValue(root: unknown): ParseResult {
  const diagnostics: Diagnostic[] = [];
  if (!isObject(root)) {
    return { diagnostics: [{ severity: 'error', message: 'not a model: the file is not a JSON object', path: [] }] };
  }
  const topology = root.modelTopology;
  if (root.format === 'graph-model' || (isObject(topology) && Array.isArray(topology.node))) {
    return { diagnostics: [{ severity: 'error', message: GRAPH_MODEL_MESSAGE, path: root.format === 'graph-model' ? ['format'] : ['modelTopology'] }] };
  }
  let modelJson: unknown;
  let path: JsonPath;
  let format: ModelFormat;
  let version: unknown;
  if (topology !== undefined) {
    format = 'tfjs-layers';
    if (!isObject(topology)) {
      return { diagnostics: [{ severity: 'error', message: 'not a model: "modelTopology" must be an object', path: ['modelTopology'] }] };
    }
    if (topology.model_config !== undefined) {
      modelJson = topology.model_config;
      path = ['modelTopology', 'model_config'];
    } else {
      modelJson = topology;
      path = ['modelTopology'];
    }
    version = topology.keras_version;
  } else if (root.class_name !== undefined) {
    modelJson = root;
    path = [];
    version = root.keras_version;
    format = typeof version === 'string' && version.startsWith('tfjs') ? 'tfjs-layers' : 'keras';
  } else if (root.model_config !== undefined) {
    modelJson = root.model_config;
    path = ['model_config'];
    version = root.keras_version;
    format = 'keras';
  } else {
    return { diagnostics: [{ severity: 'error', message: 'not a model: expected a TF.js model.json ("modelTopology") or Keras model JSON ("class_name" and "config")', path: [] }] };
  }
  // Some exporters store the model config as a JSON string.
  if (typeof modelJson === 'string') {
    const inner = readModelText(modelJson);
    if (inner.value === undefined) {
      return { diagnostics: inner.diagnostics.map((d) => ({ ...d, message: `in the embedded model config: ${d.message}`, path, offset: undefined, length: undefined })) };
    }
    modelJson = inner.value;
  }
  if (!isObject(modelJson)) {
    return { diagnostics: [{ severity: 'error', message: 'not a model: the model config must be an object with class_name and config', path }] };
  }
  const className = modelJson.class_name;
  if (typeof className !== 'string' || !MODEL_CLASSES.has(className)) {
    return {
      diagnostics: [{ severity: 'error', message: `not a model: top-level class_name is ${JSON.stringify(className)}, expected Sequential, Model or Functional`, path: [...path, 'class_name'] }],
    };
  }
  const kerasMajor = kerasMajorOf(version, modelJson);
  const model = parseModelObject(modelJson, path, { format, kerasMajor }, diagnostics);
  return { model, diagnostics };
}

function kerasMajorOf(version: unknown, modelJson: JsonObject): number {
  if (typeof version === 'string') {
    if (version.startsWith('tfjs')) return 2;
    const major = Number.parseInt(version, 10);
    if (Number.isFinite(major)) return major;
  }
  // Keras 3 writes calls as {args, kwargs} objects and shapes as batch_shape.
  const text = JSON.stringify(modelJson).slice(0, 200000);
  return text.includes('"__keras_tensor__"') || text.includes('"batch_shape"') ? 3 : 2;
}
