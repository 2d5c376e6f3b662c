// TF.js draws a layer's initial weights from its initializer's `seed`, and from Math.random when that is null (the
// core's LeNet leaves it null, as Keras does). A run writes seeds derived from its own seed into every random
// initializer that has none, so its initial weights repeat with the run; the saved model.json then records them.
import { mulberry32 } from '../data/split';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of `topology` in which each initializer config with `seed: null` (every `*_initializer` of every layer, in
 * layer order, nested models included) has the next draw of mulberry32(seed) as its seed. Explicit seeds are kept;
 * initializers without a seed (zeros, ones, constants) draw nothing and are left alone.
 */
export function withSeededInitializers<Topology extends Json>(topology: Topology, seed: number): Topology {
  const next = mulberry32(seed);
  const seedLayers = (layers: unknown): unknown => (Array.isArray(layers) ? layers.map(seedLayer) : layers);
  const seedLayer = (layer: unknown): unknown => {
    if (!isObject(layer) || !isObject(layer.config)) return layer;
    const config: Json = { ...layer.config };
    for (const [key, value] of Object.entries(config)) {
      if (key.endsWith('_initializer') && isObject(value) && isObject(value.config) && value.config.seed === null) {
        config[key] = { ...value, config: { ...value.config, seed: Math.floor(next() * 2 ** 31) } };
      }
    }
    if (config.layers !== undefined) config.layers = seedLayers(config.layers);
    return { ...layer, config };
  };
  return seedLayer(topology) as Topology;
}
