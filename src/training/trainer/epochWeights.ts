// The `weights` message after an epoch (issue #14: the Explore tab watches the filters learn). It is what the run
// folder gets from the same model.save (saveRun.ts), caught in memory: the topology under TF.js's class names (the
// training subclasses register under them), the manifest's specs and the bytes in manifest order, so a plain TF.js
// loads it with tf.io.fromMemory.
import type { TrainingWeights, WeightSpec } from '../../protocol/training';
import type { LayersModel, Tf } from './tf';

export async function epochWeightsMessage(tf: Tf, model: LayersModel, runId: string, epoch: number, epochs: number): Promise<TrainingWeights> {
  let message: TrainingWeights | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    if (artifacts.modelTopology instanceof ArrayBuffer || artifacts.modelTopology === undefined) {
      throw new Error('internal: model.save gave no layers topology');
    }
    const weightSpecs = (artifacts.weightSpecs ?? []).map((s): WeightSpec => {
      // Every weight a trainable model has is float32 (the protocol sends floats only).
      if (s.dtype !== 'float32' || s.quantization !== undefined) throw new Error(`internal: weight ${s.name} is ${s.dtype}, not float32`);
      return { name: s.name, shape: s.shape, dtype: 'float32' };
    });
    const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    message = {
      type: 'weights', runId, epoch, epochs, modelTopology: artifacts.modelTopology as Record<string, unknown>,
      weightSpecs, weightData: Buffer.from(data).toString('base64'),
    };
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (message === undefined) throw new Error('internal: model.save did not call its handler');
  return message;
}
