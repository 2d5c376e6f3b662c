// A TF.js layers model.json with `inputs` InputLayers of shape (None, 1) merged by one Concatenate: the issue #10 D6
// shape (cost grows with the number of inputs). 28,350 inputs make 4.83 million characters, just under the
// inspector's 5-million-character live limit. Output (None, inputs), 0 parameters.
export function wideConcatModel(inputs: number): string {
  const layers: object[] = [];
  const refs: [string, number, number, object][] = [];
  for (let i = 0; i < inputs; i++) {
    const name = `input_${i}`;
    layers.push({ class_name: 'InputLayer', name, config: { batch_input_shape: [null, 1], name }, inbound_nodes: [] });
    refs.push([name, 0, 0, {}]);
  }
  layers.push({ class_name: 'Concatenate', name: 'concat', config: { name: 'concat', trainable: true, axis: -1 }, inbound_nodes: [refs] });
  const topology = {
    class_name: 'Model',
    config: { name: 'wide', layers, input_layers: refs.map(([name]) => [name, 0, 0]), output_layers: [['concat', 0, 0]] },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
  return JSON.stringify({ format: 'layers-model', generatedBy: 'bench', convertedBy: null, modelTopology: topology, weightsManifest: [] });
}
