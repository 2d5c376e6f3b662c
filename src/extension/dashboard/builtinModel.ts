// The built-in LeNet-5 (core's definition, the one the trainer builds) as a dashboard model message. It never changes
// within a session, so the dashboards compute it once (Dashboards.builtinModel): the dashboard opens as a run starts,
// and the extension computes it just before the trainer is forked, while the host still has the machine to itself
// (the first analysis is cold code: ~30 ms of host time in a profile of a run's start on a busy 2-core machine,
// bench/RESULTS-host-delay.md).
import { lenetModelIR } from '../../core/lenet';
import type { ModelDescriptor, ModelMessage } from '../../protocol';
import { modelMessageFromIR } from './modelLoader';

export function builtinModelMessage(descriptor: ModelDescriptor): ModelMessage {
  return modelMessageFromIR(descriptor, lenetModelIR());
}
