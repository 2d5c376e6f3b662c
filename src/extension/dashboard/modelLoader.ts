// Turns a dashboard target into the `model` (or `modelError`) message: the file's current text (unsaved edits
// included) or the built-in LeNet, parsed and analysed by core. Pure of vscode apart from the types of the target.
import { analyzeModel } from '../../core';
import type { ModelIR } from '../../core';
import { parseModelJson } from '../../core/formats/tfjs';
import type { ModelDescriptor, ModelErrorMessage, ModelMessage } from '../../protocol';

/**
 * Collects each layer's config (nested models' layers included; the first of a name wins) for the details pane.
 * Layer names come from the file: collected in a Map and made own properties (Object.fromEntries), so a layer named
 * "constructor" or "__proto__" is not mistaken for, or assigned to, a member of Object.prototype.
 */
export function layerConfigsOf(model: ModelIR): Record<string, Record<string, unknown>> {
  const configs = new Map<string, Record<string, unknown>>();
  const visit = (m: ModelIR) => {
    for (const l of m.layers) {
      if (!configs.has(l.name)) configs.set(l.name, l.config);
      if (l.nested) visit(l.nested);
    }
  };
  visit(model);
  return Object.fromEntries(configs);
}

/** Analyses model JSON text for the dashboard. Never throws: a broken file becomes a `modelError` with diagnostics. */
export function modelMessageFromText(descriptor: ModelDescriptor, text: string): ModelMessage | ModelErrorMessage {
  const parsed = parseModelJson(text);
  if (!parsed.model) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error') ?? parsed.diagnostics[0];
    return {
      type: 'modelError', model: descriptor, diagnostics: parsed.diagnostics,
      message: `${descriptor.title} cannot be read as a model: ${first?.message ?? 'unknown reason'}`,
    };
  }
  return modelMessageFromIR(descriptor, parsed.model);
}

export function modelMessageFromIR(descriptor: ModelDescriptor, model: ModelIR): ModelMessage {
  return { type: 'model', model: descriptor, analysis: analyzeModel(model), layerConfigs: layerConfigsOf(model) };
}
