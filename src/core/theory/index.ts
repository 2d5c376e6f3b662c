// The course's theory calculators: output size, parameters, and a small conv network's shapes and memory.
export * from './outputSize';
export * from './parameters';
export * from './convNetwork';
export { elementsPerSample } from '../layers/shape';
// TensorFlow's window arithmetic, for the Explore engine's receptive fields (the same the layer rules use).
export { dilatedKernelSize, samePaddingSizes } from '../layers/convMath';
