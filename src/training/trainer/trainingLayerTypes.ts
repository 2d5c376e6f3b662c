// The two types the training layer subclasses and their registry share: in a module of their own, so the registry
// (trainingLayers.ts) imports the subclasses and the subclasses import only these, never the registry.

/** A layer class as TF.js's serialization map holds it. */
export type LayerClass = (new (config: unknown) => object) & { className: string; prototype: object };
/** TF.js's own `call` of the replaced class, for the calls a subclass leaves to it (inference, unusual configs). */
export type BaseCall = (this: unknown, inputs: unknown, kwargs: unknown) => unknown;
