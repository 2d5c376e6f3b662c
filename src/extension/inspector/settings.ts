// The `lenet.inspector.*` settings, read in one place.
import * as vscode from 'vscode';
import type { DType, OptimizerName } from '../../core/analysis';

export interface InspectorSettings {
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
  inlayHints: boolean;
  codeLens: boolean;
}

const optimizers: readonly OptimizerName[] = ['sgd', 'momentum', 'rmsprop', 'adam', 'adamax', 'adagrad', 'adadelta'];

export function readInspectorSettings(scope?: vscode.ConfigurationScope): InspectorSettings {
  const config = vscode.workspace.getConfiguration('lenet.inspector', scope);
  const batchSize = config.get<number>('batchSize', 100);
  const dtype = config.get<string>('dtype', 'float32');
  const optimizer = config.get<string>('optimizer', 'adam');
  return {
    batchSize: Number.isInteger(batchSize) && batchSize >= 1 ? batchSize : 100,
    dtype: dtype === 'float16' ? 'float16' : 'float32',
    optimizer: (optimizers as readonly string[]).includes(optimizer) ? (optimizer as OptimizerName) : 'adam',
    inlayHints: config.get<boolean>('inlayHints', true),
    codeLens: config.get<boolean>('codeLens', true),
  };
}
