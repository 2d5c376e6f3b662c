// The built-in LeNet-5 (core's definition, the one the trainer builds) as a dashboard model message.
import { lenetModelIR } from '../../core/lenet';
import type { ModelDescriptor, ModelMessage } from '../../protocol';
import { modelMessageFromIR } from './modelLoader';

export function builtinModelMessage(descriptor: ModelDescriptor): ModelMessage {
  return modelMessageFromIR(descriptor, lenetModelIR());
}
