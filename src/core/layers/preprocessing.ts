// Preprocessing and augmentation layers (TF.js 4 and Keras). Rescaling is x·scale + offset (one multiply-add per
// element); Resizing and CenterCrop set the image's height and width; random augmentations keep the shape, except
// RandomWidth/RandomHeight whose size is only known at run time.
import type { Shape } from '../ir';
import type { InferContext, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsNothing, notWorkedOut, type BackwardRule } from './backward';
import { shapePreserving, singleInput } from './denseAndShapePreserving';
import { elementsPerSample, shapeTuple } from './shape';

/** Index of the height axis of an image batch (rank 4) or single image (rank 3), by data_format. */
function heightAxis(ctx: InferContext, input: Shape): number | undefined {
  if (input.length !== 4 && input.length !== 3) {
    ctx.report('error', `${ctx.layer.className} expects images (batch, height, width, channels), got ${shapeTuple(input)}`);
    return undefined;
  }
  const format = ctx.config.dataFormat();
  if (!format) return undefined;
  return format === 'channels_first' ? input.length - 2 : input.length - 3;
}

// Rescaling (dx = scale·dy) and CenterCrop (a slice) need nothing; the others are not worked out (backward.ts).

function resizeRule(description: string, backward: BackwardRule): LayerRule {
  return {
    description,
    drawing: 'other',
    backward: { idealAutograd: backward },
    infer: (ctx) => {
      const input = singleInput(ctx);
      const height = ctx.config.int('height', undefined, 1);
      const width = ctx.config.int('width', undefined, 1);
      if (!input || height === undefined || width === undefined) return unknownResult();
      const h = heightAxis(ctx, input);
      if (h === undefined) return unknownResult();
      if (ctx.layer.className === 'CenterCrop' && ((input[h] !== null && input[h] < height) || (input[h + 1] !== null && (input[h + 1] as number) < width))) {
        // TF.js and Keras resize up instead of cropping when the image is smaller; the shape is still height×width.
        ctx.report('info', `the input ${shapeTuple(input)} is smaller than the crop ${height}×${width}: it is resized up, not cropped`);
      }
      const output = input.slice();
      output[h] = height;
      output[h + 1] = width;
      ctx.derive(`H×W ${input[h] ?? '?'}×${input[h + 1] ?? '?'} → ${height}×${width}`);
      return { outputs: [output], trainable: 0, nonTrainable: 0, macs: 0 };
    },
  };
}

function randomSizeRule(axisOffset: 0 | 1, description: string): LayerRule {
  return {
    description,
    drawing: 'other',
    backward: { idealAutograd: notWorkedOut },
    infer: (ctx) => {
      const input = singleInput(ctx);
      if (!input) return unknownResult();
      const h = heightAxis(ctx, input);
      if (h === undefined) return unknownResult();
      const output = input.slice();
      output[h + axisOffset] = null;
      ctx.derive(`${axisOffset === 0 ? 'height' : 'width'} is drawn at random per batch: unknown`);
      return { outputs: [output], trainable: 0, nonTrainable: 0, macs: 0 };
    },
  };
}

const rescaling: LayerRule = {
  description: 'x · scale + offset',
  drawing: 'other',
  backward: { idealAutograd: keepsNothing },
  infer: (ctx) => {
    const input = singleInput(ctx);
    if (!input) return unknownResult();
    const macs = elementsPerSample(input);
    ctx.derive(`MACs = ${macs ?? '?'} (one multiply-add per element)`);
    return { outputs: [input.slice()], trainable: 0, nonTrainable: 0, macs };
  },
};

const categoryEncoding: LayerRule = {
  description: 'encodes integer categories as one-hot, multi-hot or counts',
  drawing: 'other',
  backward: { idealAutograd: notWorkedOut },
  infer: (ctx) => {
    const input = singleInput(ctx);
    const numTokens = ctx.config.int('num_tokens', undefined, 1);
    if (!input || numTokens === undefined) return unknownResult();
    const mode = String(ctx.config.get('output_mode') ?? 'multi_hot').toLowerCase().replace('_', '');
    const output = input.slice();
    if (mode === 'onehot' && input[input.length - 1] !== 1) output.push(numTokens);
    else output[output.length - 1] = numTokens;
    return { outputs: [output], trainable: 0, nonTrainable: 0, macs: 0 };
  },
};

export const preprocessingRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    Rescaling: rescaling,
    Resizing: resizeRule('resizes images to height × width', notWorkedOut),
    CenterCrop: resizeRule('crops the centre height × width of images', keepsNothing),
    RandomCrop: resizeRule('crops a random height × width window of images (centre crop at inference)', notWorkedOut),
    RandomWidth: randomSizeRule(1, 'stretches images to a random width during training'),
    RandomHeight: randomSizeRule(0, 'stretches images to a random height during training'),
    CategoryEncoding: categoryEncoding,
    RandomFlip: shapePreserving('flips images at random during training', 'other', notWorkedOut),
    RandomRotation: shapePreserving('rotates images at random during training', 'other', notWorkedOut),
    RandomZoom: shapePreserving('zooms images at random during training', 'other', notWorkedOut),
    RandomContrast: shapePreserving('changes contrast at random during training', 'other', notWorkedOut),
    RandomTranslation: shapePreserving('shifts images at random during training', 'other', notWorkedOut),
    RandomBrightness: shapePreserving('changes brightness at random during training', 'other', notWorkedOut),
  },
};
