// The `cnnExplorer.inspector.*` settings (formerly `lenet.inspector.*`, still read), validated. Pure: the caller
// passes the root configuration.
import { ANALYSIS_DEFAULTS, type DType, type OptimizerName } from '../../core';
import { isDType, isMemoryDevice, isOptimizerName, type MemoryDevice, type MemoryFramework, type MemoryOptions } from '../../core/memory';
import { readRenamedSetting, type ConfigurationReader, type RenamedKey } from '../renamedSettings';

/** `auto`: the model's own framework (TF.js 4.x for model.json and Keras files, PyTorch 2.x for PyTorch code). */
export type InspectorMemoryFramework = 'auto' | Exclude<MemoryFramework, 'idealAutograd'>;
const INSPECTOR_MEMORY_FRAMEWORKS: readonly InspectorMemoryFramework[] = ['auto', 'tfjs', 'pytorch'];

export interface InspectorSettings {
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
  inlayHints: boolean;
  codeLens: boolean;
  memoryFramework: InspectorMemoryFramework;
  memoryDevice: MemoryDevice;
}

const RENAMED_NAMES = ['batchSize', 'dtype', 'optimizer', 'inlayHints', 'codeLens'] as const;
/** Added with issue #13: they never had a `lenet.inspector.*` name. */
const NEW_NAMES = ['memoryFramework', 'memoryDevice'] as const;

/** An inspector setting's key and, for those that had one, the key it had before (`lenet.inspector.<name>`). */
export interface InspectorSettingKey {
  key: string;
  oldKey?: string;
}

export const INSPECTOR_SETTING_KEYS: readonly InspectorSettingKey[] = [
  ...RENAMED_NAMES.map((name) => ({ key: `cnnExplorer.inspector.${name}`, oldKey: `lenet.inspector.${name}` })),
  ...NEW_NAMES.map((name) => ({ key: `cnnExplorer.inspector.${name}` })),
];

/** The defaults, as package.json declares them (the manifest test checks they agree). */
export const INSPECTOR_DEFAULTS: InspectorSettings = {
  ...ANALYSIS_DEFAULTS, inlayHints: true, codeLens: true, memoryFramework: 'auto', memoryDevice: 'cuda',
};

export function readInspectorSettingsFrom(config: ConfigurationReader): { settings: InspectorSettings; renamed: RenamedKey[] } {
  const renamed: RenamedKey[] = [];
  const read = (name: typeof RENAMED_NAMES[number]): unknown => {
    const s = readRenamedSetting(config, { key: `cnnExplorer.inspector.${name}`, oldKey: `lenet.inspector.${name}` });
    if (s.renamed) renamed.push(s.renamed);
    return s.value;
  };
  const batchSize = read('batchSize');
  const dtype = read('dtype');
  const optimizer = read('optimizer');
  const inlayHints = read('inlayHints');
  const codeLens = read('codeLens');
  const memoryFramework = config.get<unknown>('cnnExplorer.inspector.memoryFramework');
  const memoryDevice = config.get<unknown>('cnnExplorer.inspector.memoryDevice');
  const d = INSPECTOR_DEFAULTS;
  return {
    settings: {
      batchSize: typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize >= 1 ? batchSize : d.batchSize,
      dtype: typeof dtype === 'string' && isDType(dtype) ? dtype : d.dtype,
      optimizer: typeof optimizer === 'string' && isOptimizerName(optimizer) ? optimizer : d.optimizer,
      inlayHints: typeof inlayHints === 'boolean' ? inlayHints : d.inlayHints,
      codeLens: typeof codeLens === 'boolean' ? codeLens : d.codeLens,
      memoryFramework: INSPECTOR_MEMORY_FRAMEWORKS.find((f) => f === memoryFramework) ?? d.memoryFramework,
      memoryDevice: typeof memoryDevice === 'string' && isMemoryDevice(memoryDevice) ? memoryDevice : d.memoryDevice,
    },
    renamed,
  };
}

/**
 * The memory options the inspector analyses with: `auto` leaves the framework to core (the model's own); the device
 * only changes PyTorch figures.
 */
export function inspectorMemoryOptions(s: InspectorSettings): MemoryOptions {
  const options: MemoryOptions = { batchSize: s.batchSize, dtype: s.dtype, optimizer: s.optimizer, device: s.memoryDevice };
  if (s.memoryFramework !== 'auto') options.framework = s.memoryFramework;
  return options;
}
