// A model's `{class_name, config}` object → ModelIR. Sequential models become an explicit chain of calls (with the
// InputLayer that TF.js and Keras imply from the first layer's input shape); functional models keep their calls,
// with node indices of nested models re-based to the calls the file lists (see `nestedNodeOffset`).
import type { Diagnostic, InboundNode, JsonPath, LayerIR, ModelFormat, ModelIR, TensorRef } from '../../ir';
import { declaredInputShape } from '../../layers/input';
import { MODEL_CLASSES } from '../../layers/registry';
import { parseInboundNodes, parseTensorList } from './inboundNodes';
import { isObject, type JsonObject } from './jsonShape';
import { MAX_MODEL_NESTING } from './nestingLimits';

export interface ParseSettings {
  format: ModelFormat;
  /** Keras major version that wrote the file (tfjs-layers files count as 2: same serialisation). */
  kerasMajor: number;
  /** How many models this one is nested in (0 for the file's model). */
  nesting?: number;
}

export function parseModelObject(json: JsonObject, path: JsonPath, settings: ParseSettings, diagnostics: Diagnostic[]): ModelIR {
  const className = typeof json.class_name === 'string' ? json.class_name : 'Model';
  const config = json.config;
  // Legacy Sequential (Keras 1 / early 2): `config` is the bare list of layers.
  if (Array.isArray(config)) return parseSequential(`${className.toLowerCase()}`, className, config, [...path, 'config'], settings, diagnostics, path);
  const cfg = isObject(config) ? config : {};
  if (!isObject(config)) diagnostics.push({ severity: 'error', message: `model "config" must be an object`, path: [...path, 'config'] });
  const name = typeof cfg.name === 'string' ? cfg.name : className.toLowerCase();
  const layers = Array.isArray(cfg.layers) ? cfg.layers : [];
  if (!Array.isArray(cfg.layers)) diagnostics.push({ severity: 'error', message: `model "${name}" has no "layers" list`, path: [...path, 'config'] });
  if (className === 'Sequential') return parseSequential(name, className, layers, [...path, 'config', 'layers'], settings, diagnostics, path);
  return parseFunctional(name, className, cfg, layers, [...path, 'config'], settings, diagnostics);
}

interface RawLayer {
  json: JsonObject;
  path: JsonPath;
  name: string;
  className: string;
}

function readLayers(list: unknown[], path: JsonPath, diagnostics: Diagnostic[]): RawLayer[] {
  const out: RawLayer[] = [];
  list.forEach((item, i) => {
    const p = path.concat(i);
    if (!isObject(item)) {
      diagnostics.push({ severity: 'error', message: `layer ${i} must be an object with class_name and config`, path: p });
      return;
    }
    const config = isObject(item.config) ? item.config : {};
    const className = typeof item.class_name === 'string' ? item.class_name : undefined;
    if (!className) diagnostics.push({ severity: 'error', message: `layer ${i} has no class_name`, path: p });
    let name = typeof item.name === 'string' ? item.name : typeof config.name === 'string' ? config.name : undefined;
    if (!name) {
      name = `${(className ?? 'layer').toLowerCase()}_${i}`;
      diagnostics.push({ severity: 'warning', message: `layer ${i} has no name; calling it "${name}"`, layer: name, path: p });
    }
    out.push({ json: item, path: p, name, className: className ?? 'Unknown' });
  });
  return out;
}

function toLayerIR(raw: RawLayer, settings: ParseSettings, diagnostics: Diagnostic[], inboundNodes: InboundNode[]): LayerIR {
  const config = isObject(raw.json.config) ? raw.json.config : {};
  const layer: LayerIR = { name: raw.name, className: raw.className, config, inboundNodes, path: raw.path };
  if (isObject(raw.json.build_config)) layer.buildConfig = raw.json.build_config;
  if (MODEL_CLASSES.has(raw.className)) {
    const nesting = (settings.nesting ?? 0) + 1;
    if (nesting > MAX_MODEL_NESTING) {
      // Left without `nested`: the engine reports its figures as unknown.
      diagnostics.push({ severity: 'error', message: `model "${raw.name}" is nested ${nesting} models deep; more than ${MAX_MODEL_NESTING} levels are not analysed`, layer: raw.name, path: raw.path });
    } else {
      layer.nested = parseModelObject(raw.json, raw.path, { ...settings, nesting }, diagnostics);
    }
  }
  return layer;
}

function parseSequential(
  name: string,
  className: string,
  list: unknown[],
  layersPath: JsonPath,
  settings: ParseSettings,
  diagnostics: Diagnostic[],
  modelPath: JsonPath,
): ModelIR {
  const raws = readLayers(list, layersPath, diagnostics);
  const layers: LayerIR[] = [];
  const model: ModelIR = { name, className, format: settings.format, layers, inputs: [], outputs: [], diagnostics };
  if (raws.length === 0) {
    diagnostics.push({ severity: 'error', message: `Sequential model "${name}" has no layers`, path: layersPath });
    return model;
  }
  let previous: TensorRef;
  const first = raws[0];
  if (first.className === 'InputLayer') {
    layers.push(toLayerIR(first, settings, diagnostics, []));
    previous = { layer: first.name, nodeIndex: 0, tensorIndex: 0 };
  } else {
    // TF.js and Keras create `<first>_input` from the first layer's input shape; the file does not list it.
    const { declared } = declaredInputShape(first.json);
    const inputConfig: Record<string, unknown> = { name: `${first.name}_input` };
    const nestedShape = declared ? undefined : nestedModelInputShape(first.json);
    if (nestedShape) inputConfig.batch_input_shape = nestedShape;
    if (declared) {
      const key = declared.path[declared.path.length - 1];
      if (declared.path[0] === 'config') inputConfig[key] = (first.json.config as JsonObject)[key];
      else inputConfig.batch_input_shape = declared.shape;
    }
    if (isObject(first.json.config) && first.json.config.batch_size !== undefined) inputConfig.batch_size = first.json.config.batch_size;
    const input: LayerIR = { name: `${first.name}_input`, className: 'InputLayer', config: inputConfig, inboundNodes: [], path: first.path, synthetic: true };
    if (isObject(first.json.build_config)) input.buildConfig = first.json.build_config;
    layers.push(input);
    previous = { layer: input.name, nodeIndex: 0, tensorIndex: 0 };
  }
  model.inputs = [{ ...previous }];
  for (const raw of raws) {
    if (raw === first && first.className === 'InputLayer') continue;
    if (raw.className === 'InputLayer') {
      diagnostics.push({ severity: 'error', message: `InputLayer "${raw.name}" can only be the first layer of a Sequential model`, layer: raw.name, path: raw.path });
    }
    const node: InboundNode = { inputs: [{ ...previous }] };
    layers.push(toLayerIR(raw, settings, diagnostics, [node]));
    previous = { layer: raw.name, nodeIndex: 0, tensorIndex: 0 };
  }
  model.outputs = [previous];
  void modelPath;
  return model;
}

/**
 * The input shape of a nested model that is a Sequential's first layer (transfer learning: Sequential([base, …])):
 * the model itself declares none, its first layer (an InputLayer, or a Sequential's first layer) does.
 */
function nestedModelInputShape(json: JsonObject, depth = 0): unknown {
  if (!MODEL_CLASSES.has(String(json.class_name)) || !isObject(json.config) || depth > MAX_MODEL_NESTING) return undefined;
  const inner = json.config.layers;
  const first: unknown = Array.isArray(inner) ? inner[0] : undefined;
  if (!isObject(first)) return undefined;
  return declaredInputShape(first).declared?.shape ?? nestedModelInputShape(first, depth + 1);
}

function parseFunctional(
  name: string,
  className: string,
  cfg: JsonObject,
  list: unknown[],
  configPath: JsonPath,
  settings: ParseSettings,
  diagnostics: Diagnostic[],
): ModelIR {
  const raws = readLayers(list, [...configPath, 'layers'], diagnostics);
  const layers = raws.map((raw) =>
    toLayerIR(raw, settings, diagnostics, parseInboundNodes(raw.json.inbound_nodes, raw.path.concat('inbound_nodes'), raw.name, diagnostics)),
  );
  const inputs = parseTensorList(cfg.input_layers, [...configPath, 'input_layers'], 'input_layers', diagnostics);
  const outputs = parseTensorList(cfg.output_layers, [...configPath, 'output_layers'], 'output_layers', diagnostics);
  rebaseNestedNodeIndices(layers, [inputs, outputs], settings);
  const byName = new Map<string, LayerIR>();
  for (const layer of layers) if (!byName.has(layer.name)) byName.set(layer.name, layer); // as find(): the first of a name
  for (const ref of inputs) {
    const layer = byName.get(ref.layer);
    if (layer && layer.className !== 'InputLayer') {
      diagnostics.push({ severity: 'warning', message: `model input "${ref.layer}" is a ${layer.className}, not an InputLayer`, layer: ref.layer, path: ref.path ?? configPath });
    }
  }
  if (outputs.length === 0) diagnostics.push({ severity: 'error', message: `model "${name}" declares no outputs`, path: [...configPath, 'output_layers'] });
  return { name, className, format: settings.format, layers, inputs, outputs, diagnostics };
}

/**
 * A nested model used as a layer already has one call when it is deserialised (the one that links its own inputs to
 * its outputs); the file omits that call, so references count it: the file's call i is node i + 1. TF.js always
 * skips it; Keras 2 skips it when the nested model starts with an InputLayer; Keras 3 for functional models only.
 * When the references prove the other convention (an index past the listed calls, or a 0 that would be the
 * omitted call), the one that fits them wins.
 */
function rebaseNestedNodeIndices(layers: LayerIR[], extraRefs: TensorRef[][], settings: ParseSettings): void {
  const nested = new Map(layers.filter((l) => l.nested).map((l) => [l.name, l]));
  if (nested.size === 0) return;
  // The references to each nested model, gathered in one pass (not one scan of every reference per nested model).
  const refsTo = new Map<string, TensorRef[]>();
  for (const name of nested.keys()) refsTo.set(name, []);
  const gather = (r: TensorRef) => refsTo.get(r.layer)?.push(r);
  for (const list of extraRefs) list.forEach(gather);
  for (const l of layers) for (const n of l.inboundNodes) n.inputs.forEach(gather);
  for (const [name, layer] of nested) {
    const refs = refsTo.get(name)!;
    const calls = layer.inboundNodes.length;
    const hasOwnInput = layer.nested!.layers[0]?.className === 'InputLayer';
    let preferred = 0;
    if (settings.format === 'tfjs-layers' && settings.kerasMajor < 3) preferred = 1;
    else if (settings.kerasMajor >= 3) preferred = layer.className === 'Sequential' ? 0 : 1;
    else preferred = hasOwnInput ? 1 : 0;
    const fits = (offset: number) => refs.every((r) => r.nodeIndex - offset >= 0 && r.nodeIndex - offset < calls);
    const offset = fits(preferred) ? preferred : fits(1 - preferred) ? 1 - preferred : preferred;
    if (offset === 0) continue;
    for (const r of refs) r.nodeIndex -= offset;
  }
}
