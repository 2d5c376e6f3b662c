// Oracle: convolutions and pooling over grids of sizes, kernels, strides, dilations, paddings and data formats,
// each built with TF.js itself; every output shape and parameter count must equal TF.js's.
import * as assert from 'node:assert';
import { assertMatchesTfjs, branches, tf, useCpuBackend } from './oracleHarness';

type TfLayer = import('@tensorflow/tfjs').layers.Layer;

/** Dilated kernel fits the input (TF.js does not reject a window larger than a "valid" input; Keras does). */
const fits = (n: number, k: number, d: number, padding: string) => padding === 'same' || (k - 1) * d + 1 <= n;

describe('oracle: convolutions and pooling vs TF.js', () => {
  before(useCpuBackend);

  for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
    for (const size of [7, 8, 13, 28]) {
      it(`Conv2D grid on ${size}×${size + 3}, ${dataFormat}`, async () => {
        const layers: TfLayer[] = [];
        for (const kernel of [1, 2, 3, 5]) {
          for (const stride of [1, 2, 3]) {
            for (const dilation of stride === 1 ? [1, 2] : [1]) {
              for (const padding of ['valid', 'same'] as const) {
                if (!fits(size, kernel, dilation, padding)) continue;
                layers.push(tf.layers.conv2d({ filters: 3 + stride, kernelSize: [kernel, Math.max(1, kernel - 1)], strides: stride, dilationRate: dilation, padding, dataFormat, useBias: kernel % 2 === 1 }));
              }
            }
          }
        }
        const shape = dataFormat === 'channelsLast' ? [size, size + 3, 2] : [2, size, size + 3];
        await assertMatchesTfjs(branches(shape, layers, `conv2d_${size}_${dataFormat}`));
      });
    }
  }

  it('Conv1D grid: valid, same and causal padding, strides, dilations', async () => {
    const layers: TfLayer[] = [];
    for (const kernel of [1, 2, 3, 4, 7]) {
      for (const stride of [1, 2, 3]) {
        for (const dilation of stride === 1 ? [1, 2, 3] : [1]) {
          // 'causal' is not in the grid: TF.js 4 cannot run it and its outputShape treats it as 'valid' (see layers tests).
          for (const padding of ['valid', 'same'] as const) {
            if (!fits(19, kernel, dilation, padding)) continue;
            layers.push(tf.layers.conv1d({ filters: 4, kernelSize: kernel, strides: stride, dilationRate: dilation, padding }));
          }
        }
      }
    }
    await assertMatchesTfjs(branches([19, 3], layers, 'conv1d_grid'));
  });

  it('Conv2DTranspose over a zero-length axis: TF.js\'s outputShape (n·s + max(k - s, 0)), never negative (issue #10 D2)', async () => {
    const layers: TfLayer[] = [];
    for (const kernel of [1, 3]) {
      for (const stride of [1, 10]) {
        for (const padding of ['valid', 'same'] as const) layers.push(tf.layers.conv2dTranspose({ filters: 2, kernelSize: kernel, strides: [stride, 1], padding }));
      }
    }
    const model = branches([0, 4, 1], layers, 'conv2d_transpose_empty_axis');
    // An input with a zero-length axis is reported (it holds no elements); nothing else may be.
    const analysis = await assertMatchesTfjs(model, { allowedDiagnostics: [/dimension 0: this input holds no elements/] });
    for (const l of analysis.layers) for (const s of l.outputShapes) assert.ok(s?.every((d) => d === null || d >= 0), `${l.name}: ${JSON.stringify(s)}`);
  });

  for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
    it(`Conv3D grid, ${dataFormat}`, async () => {
      const layers: TfLayer[] = [];
      for (const kernel of [1, 2, 3]) {
        for (const stride of [1, 2]) {
          for (const padding of ['valid', 'same'] as const) {
            layers.push(tf.layers.conv3d({ filters: 2, kernelSize: [kernel, 3, 2], strides: [stride, 1, stride], padding, dataFormat }));
          }
        }
      }
      await assertMatchesTfjs(branches(dataFormat === 'channelsLast' ? [5, 7, 6, 2] : [2, 5, 7, 6], layers, `conv3d_${dataFormat}`));
    });
  }

  for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
    it(`Conv2DTranspose and Conv3DTranspose grid, ${dataFormat}`, async () => {
      const layers2d: TfLayer[] = [];
      const layers3d: TfLayer[] = [];
      for (const kernel of [1, 2, 3, 4]) {
        for (const stride of [1, 2, 3]) {
          for (const padding of ['valid', 'same'] as const) {
            layers2d.push(tf.layers.conv2dTranspose({ filters: 3, kernelSize: [kernel, kernel + 1], strides: stride, padding, dataFormat, useBias: stride !== 2 }));
            if (kernel <= 3 && stride <= 2) layers3d.push(tf.layers.conv3dTranspose({ filters: 2, kernelSize: kernel, strides: stride, padding, dataFormat }));
          }
        }
      }
      await assertMatchesTfjs(branches(dataFormat === 'channelsLast' ? [5, 6, 4] : [4, 5, 6], layers2d, `conv2dT_${dataFormat}`));
      await assertMatchesTfjs(branches(dataFormat === 'channelsLast' ? [3, 4, 5, 2] : [2, 3, 4, 5], layers3d, `conv3dT_${dataFormat}`));
    });
  }

  for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
    it(`DepthwiseConv2D and SeparableConv2D with depth multipliers, ${dataFormat}`, async () => {
      const layers: TfLayer[] = [];
      for (const kernel of [1, 3, 4]) {
        for (const stride of [1, 2]) {
          for (const depthMultiplier of [1, 2, 3]) {
            for (const padding of ['valid', 'same'] as const) {
              layers.push(tf.layers.depthwiseConv2d({ kernelSize: kernel, strides: stride, depthMultiplier, padding, dataFormat, useBias: depthMultiplier !== 2 }));
              layers.push(tf.layers.separableConv2d({ filters: 5, kernelSize: kernel, strides: stride, depthMultiplier, padding, dataFormat, useBias: depthMultiplier !== 3 }));
            }
          }
        }
      }
      await assertMatchesTfjs(branches(dataFormat === 'channelsLast' ? [11, 9, 3] : [3, 11, 9], layers, `dw_sep_${dataFormat}`));
    });
  }

  for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
    it(`pooling 2-D and 3-D grid and global pooling, ${dataFormat}`, async () => {
      const layers2d: TfLayer[] = [];
      const layers3d: TfLayer[] = [];
      for (const pool of [1, 2, 3, 4]) {
        for (const stride of [undefined, 1, 2, 3]) {
          for (const padding of ['valid', 'same'] as const) {
            const args = { poolSize: [pool, Math.max(1, pool - 1)] as [number, number], strides: stride, padding, dataFormat };
            layers2d.push(tf.layers.maxPooling2d(args), tf.layers.averagePooling2d(args));
            if (pool <= 3 && stride !== 3) {
              const args3 = { poolSize: pool, strides: stride, padding, dataFormat };
              layers3d.push(tf.layers.maxPooling3d(args3), tf.layers.averagePooling3d(args3));
            }
          }
        }
      }
      layers2d.push(tf.layers.globalMaxPooling2d({ dataFormat }), tf.layers.globalAveragePooling2d({ dataFormat }));
      await assertMatchesTfjs(branches(dataFormat === 'channelsLast' ? [13, 10, 3] : [3, 13, 10], layers2d, `pool2d_${dataFormat}`));
      await assertMatchesTfjs(branches(dataFormat === 'channelsLast' ? [5, 7, 6, 2] : [2, 5, 7, 6], layers3d, `pool3d_${dataFormat}`));
    });
  }

  it('pooling 1-D grid and global 1-D pooling', async () => {
    const layers: TfLayer[] = [];
    for (const pool of [1, 2, 3, 5]) {
      for (const stride of [undefined, 1, 2, 4]) {
        for (const padding of ['valid', 'same'] as const) {
          layers.push(tf.layers.maxPooling1d({ poolSize: pool, strides: stride, padding }), tf.layers.averagePooling1d({ poolSize: pool, strides: stride, padding }));
        }
      }
    }
    layers.push(tf.layers.globalMaxPooling1d(), tf.layers.globalAveragePooling1d());
    await assertMatchesTfjs(branches([17, 4], layers, 'pool1d'));
  });

  it('unknown spatial dims stay unknown through convolutions and pooling', async () => {
    const input = tf.input({ shape: [null, null, 3] as unknown as number[] });
    const x = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
    const y = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as import('@tensorflow/tfjs').SymbolicTensor;
    const z = tf.layers.globalAveragePooling2d({}).apply(y) as import('@tensorflow/tfjs').SymbolicTensor;
    await assertMatchesTfjs(tf.model({ inputs: input, outputs: z, name: 'dynamic_size' }));
  });
});
