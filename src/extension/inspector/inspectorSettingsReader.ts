// The `cnnExplorer.inspector.*` settings (formerly `lenet.inspector.*`, still read), validated. Pure: the caller
// passes the root configuration.
import { ANALYSIS_DEFAULTS, type DType, type OptimizerName } from '../../core';
import { isDType, isOptimizerName } from '../../core/memory';
import { readRenamedSetting, type ConfigurationReader, type RenamedKey } from '../renamedSettings';

export interface InspectorSettings {
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
  inlayHints: boolean;
  codeLens: boolean;
}

const NAMES = ['batchSize', 'dtype', 'optimizer', 'inlayHints', 'codeLens'] as const;

/** Each inspector setting's key and the key it had before (`lenet.inspector.<name>`). */
export const INSPECTOR_SETTING_KEYS: readonly RenamedKey[] =
  NAMES.map((name) => ({ key: `cnnExplorer.inspector.${name}`, oldKey: `lenet.inspector.${name}` }));

/** The defaults, as package.json declares them (the manifest test checks they agree). */
export const INSPECTOR_DEFAULTS: InspectorSettings = { ...ANALYSIS_DEFAULTS, inlayHints: true, codeLens: true };

export function readInspectorSettingsFrom(config: ConfigurationReader): { settings: InspectorSettings; renamed: RenamedKey[] } {
  const renamed: RenamedKey[] = [];
  const read = (name: typeof NAMES[number]): unknown => {
    const s = readRenamedSetting(config, { key: `cnnExplorer.inspector.${name}`, oldKey: `lenet.inspector.${name}` });
    if (s.renamed) renamed.push(s.renamed);
    return s.value;
  };
  const batchSize = read('batchSize');
  const dtype = read('dtype');
  const optimizer = read('optimizer');
  const inlayHints = read('inlayHints');
  const codeLens = read('codeLens');
  const d = INSPECTOR_DEFAULTS;
  return {
    settings: {
      batchSize: typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize >= 1 ? batchSize : d.batchSize,
      dtype: typeof dtype === 'string' && isDType(dtype) ? dtype : d.dtype,
      optimizer: typeof optimizer === 'string' && isOptimizerName(optimizer) ? optimizer : d.optimizer,
      inlayHints: typeof inlayHints === 'boolean' ? inlayHints : d.inlayHints,
      codeLens: typeof codeLens === 'boolean' ? codeLens : d.codeLens,
    },
    renamed,
  };
}
