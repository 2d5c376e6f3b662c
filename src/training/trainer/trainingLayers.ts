// Layer classes the training process builds instead of TF.js's own, for speed, with the same arithmetic and the same
// saved format: each subclass keeps TF.js's class name, so model.json files stay standard TF.js layers models. They
// replace the classes in the module's serialization map (what modelFromJSON looks up); the layer factories
// (tf.layers.conv2d, ...) and every other process are unaffected. Each subclass's file says what it saves and why.
import { trainingBatchNormalizationClass } from './trainingBatchNormalization';
import { trainingConv2DClass } from './trainingConv2D';
import { trainingDropoutClass } from './trainingDropout';
import type { Tf } from './tf';
import type { BaseCall, LayerClass } from './trainingLayerTypes';

type SerializationMapLike = { classNameMap: Record<string, [LayerClass, unknown] | undefined> };

const SUBCLASSES: Record<string, (tf: Tf, base: LayerClass, baseCall: BaseCall) => LayerClass> = {
  Conv2D: trainingConv2DClass,
  BatchNormalization: trainingBatchNormalizationClass,
  Dropout: trainingDropoutClass,
};

/** The subclasses made so far: a map entry holding one of them is already replaced (once per TF.js module). */
const trainingClasses = new WeakSet<object>();

/**
 * Registers the training subclasses in this TF.js module (tfjs-node brings its own). Idempotent. Returns the class
 * names replaced; a class the map lacks keeps TF.js's behaviour.
 */
export function registerTrainingLayers(tf: Tf): string[] {
  const serialization = tf.serialization as unknown as { SerializationMap: { getMap(): SerializationMapLike; register(cls: unknown): void } };
  const map = serialization.SerializationMap.getMap();
  const replaced: string[] = [];
  for (const [name, makeSubclass] of Object.entries(SUBCLASSES)) {
    const entry = map.classNameMap[name];
    if (entry === undefined) continue;
    replaced.push(name);
    if (trainingClasses.has(entry[0])) continue;
    const subclass = makeSubclass(tf, entry[0], (entry[0].prototype as { call: BaseCall }).call);
    trainingClasses.add(subclass);
    // register() (not registerClass) keeps the plain class name, so saved files name TF.js's class.
    serialization.SerializationMap.register(subclass);
  }
  return replaced;
}
