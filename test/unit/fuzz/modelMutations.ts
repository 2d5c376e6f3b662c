// Mutated model files for the fuzz suite: a fixture model (every one in test/fixtures/models and
// test/fixtures/workspace/models that is JSON) with a few mutations at places fast-check picks, then written back as
// text, optionally with a BOM or comments. The mutations are the inputs the issue #10 review broke the tools with:
// numbers made negative, huge, fractional, non-finite (as JSON text: 1e400) or strings that look like numbers; keys
// `__proto__`, `constructor`, `toString`; class and layer names that are Object.prototype's; deep nesting.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const FIXTURE_DIRS = [join(__dirname, '..', '..', 'fixtures', 'models'), join(__dirname, '..', '..', 'fixtures', 'workspace', 'models')];

/** Every fixture that is a model file in JSON (not the broken-syntax one, not the expected-output files). */
export const MODEL_FIXTURES: readonly { name: string; value: unknown }[] = FIXTURE_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .flatMap((f) => {
      try {
        return [{ name: f, value: JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown }];
      } catch {
        return [];
      }
    }),
);

/**
 * Small models beside the fixtures: in a model of one to three layers a mutation lands on a size that matters far more
 * often than in a fixture of twenty (the first layer's batch_size, a transposed convolution's strides, an RNN's cell).
 */
const SMALL_MODELS: { name: string; value: unknown }[] = [
  { name: 'small-dense', value: { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 3, input_shape: [4], batch_size: 2 } }] } } },
  {
    name: 'small-conv',
    value: {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'Conv2DTranspose', config: { name: 't', filters: 2, kernel_size: [3, 3], strides: [2, 1], output_padding: [1, 0], padding: 'valid', batch_input_shape: [null, 5, 4, 1] } },
          { class_name: 'MaxPooling2D', config: { name: 'p', pool_size: [2, 2], strides: [2, 2], padding: 'valid' } },
          { class_name: 'Conv2D', config: { name: 'c', filters: 4, kernel_size: [2, 2], strides: [1, 1], dilation_rate: [1, 1], padding: 'same' } },
        ],
      },
    },
  },
  {
    name: 'small-rnn',
    value: {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'RNN', config: { name: 'r', input_shape: [5, 3], return_sequences: true, cell: { class_name: 'LSTMCell', config: { units: 4 } } } },
          { class_name: 'GRU', config: { name: 'g', units: 2, reset_after: true } },
        ],
      },
    },
  },
  {
    name: 'small-functional',
    value: {
      class_name: 'Functional',
      config: {
        name: 'f',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 6] }, inbound_nodes: [] },
          { class_name: 'Sequential', name: 'inner', config: { name: 'inner', layers: [{ class_name: 'Dense', config: { name: 'i', units: 6, batch_input_shape: [null, 6] } }] }, inbound_nodes: [[['x', 0, 0, {}]]] },
          { class_name: 'Concatenate', name: 'cat', config: { name: 'cat', axis: -1 }, inbound_nodes: [[['x', 0, 0, {}], ['inner', 1, 0, {}]]] },
          { class_name: 'Embedding', name: 'e', config: { name: 'e', input_dim: 10, output_dim: 2 }, inbound_nodes: [[['cat', 0, 0, {}]]] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['e', 0, 0]],
      },
      keras_version: '2.15.0',
    },
  },
];

/** Every model the mutations start from. */
export const SEED_MODELS: readonly { name: string; value: unknown }[] = [...MODEL_FIXTURES, ...SMALL_MODELS];

/** Written into the file as they are (not as JSON strings): 1e400 parses to Infinity, 9007199254740993 rounds. */
const RAW_NUMBERS = [
  '-1', '-5', '0', '-0', '0.5', '1.5', '2.5', '1e-400', '1e400', '-1e400', '1e300', '1e20', '1e9', '65536', '2147483648',
  '9007199254740993', '4294967297',
];
/** Strings where numbers belong. */
const NUMBER_LIKE_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e400', '3', '', ' 4'];
/** Object.prototype's names and others a plain-object lookup finds. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'prototype'];
const CLASS_NAMES = [
  ...PROTOTYPE_KEYS, '__proto__Cell', 'toStringCell', 'Sequential', 'Model', 'Functional', 'InputLayer', 'Dense', 'Conv2D',
  'Conv2DTranspose', 'LSTM', 'LSTMCell', 'GRUCell', 'SimpleRNNCell', 'StackedRNNCells', 'RNN', 'Bidirectional',
  'TimeDistributed', 'Concatenate', 'Add', 'Reshape', 'Flatten', 'Embedding', 'BatchNormalization', 'NoSuchLayer', '',
];
const LAYER_NAMES = [...PROTOTYPE_KEYS, 'dup', 'dup', '', 'a`b', 'x\ny', '[link](command:x)', 'NaN'];
/** Config keys whose values are sizes, counts or axes in some layer class. */
const SIZE_KEYS = [
  'batch_size', 'units', 'filters', 'kernel_size', 'strides', 'pool_size', 'output_padding', 'dilation_rate', 'rate', 'axis',
  'input_dim', 'output_dim', 'target_shape', 'cropping', 'size', 'depth_multiplier', 'groups', 'n', 'dims', 'batch_input_shape',
  'input_shape', 'num_heads', 'key_dim',
];
const REPLACEMENT_VALUES: unknown[] = [null, [], {}, '', 'x', true, false, 0, [null], [0, 0], [-1], { class_name: 'Dense', config: {} }];

export type Mutation =
  | { kind: 'number'; at: number; raw: string }
  | { kind: 'numberString'; at: number; text: string }
  | { kind: 'renameKey'; at: number; key: string }
  | { kind: 'addKey'; at: number; key: string; value: unknown }
  | { kind: 'className'; at: number; name: string }
  | { kind: 'layerName'; at: number; name: string }
  | { kind: 'setConfig'; at: number; key: string; raws: string[] }
  | { kind: 'deep'; at: number; levels: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number };

export type Wrapping = 'none' | 'bom' | 'lineComment' | 'blockComment' | 'bomAndComment';

export interface MutatedModel {
  fixture: string;
  mutations: Mutation[];
  wrapping: Wrapping;
}

const at = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('number' as const), at, raw: fc.constantFrom(...RAW_NUMBERS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('numberString' as const), at, text: fc.constantFrom(...NUMBER_LIKE_STRINGS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameKey' as const), at, key: fc.constantFrom(...PROTOTYPE_KEYS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addKey' as const), at, key: fc.constantFrom(...PROTOTYPE_KEYS), value: fc.constantFrom<unknown>({ units: 1e9 }, { class_name: 'Dense' }, 5, null, []) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('className' as const), at, name: fc.constantFrom(...CLASS_NAMES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('layerName' as const), at, name: fc.constantFrom(...LAYER_NAMES) }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('setConfig' as const), at, key: fc.constantFrom(...SIZE_KEYS), raws: fc.array(fc.constantFrom('null', ...RAW_NUMBERS), { minLength: 1, maxLength: 4 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), at, levels: fc.constantFrom(20, 250, 300, 3000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value: fc.constantFrom(...REPLACEMENT_VALUES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
);

export const mutatedModel: fc.Arbitrary<MutatedModel> = fc.record({
  fixture: fc.constantFrom(...SEED_MODELS.map((f) => f.name)),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  wrapping: fc.constantFrom<Wrapping>('none', 'none', 'none', 'none', 'bom', 'lineComment', 'blockComment', 'bomAndComment'),
});

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

/** Every value's place in the tree (iteratively: a mutation may have made it deep). */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push({ parent: node, key: i });
        stack.push(v);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node)) {
        out.push({ parent: node as Record<string, unknown>, key });
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return out;
}

const get = (s: Slot): unknown => (s.parent as Record<string | number, unknown>)[s.key];

/** Sets an own property, even one named __proto__ (a plain assignment would set the prototype instead). */
function setOwn(parent: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function pick<T>(list: T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

/** The mutated file's text. */
export function modelText(m: MutatedModel): string {
  const value = structuredClone(SEED_MODELS.find((f) => f.name === m.fixture)!.value);
  const raws: string[] = [];
  const raw = (text: string) => `@@raw${raws.push(text) - 1}@@`;
  for (const mu of m.mutations) {
    const all = slots(value);
    const where = (filter: (s: Slot) => boolean) => pick(all.filter(filter), mu.at);
    switch (mu.kind) {
      case 'number': {
        const s = where((x) => typeof get(x) === 'number');
        if (s) setOwn(s.parent, s.key, raw(mu.raw));
        break;
      }
      case 'numberString': {
        const s = where((x) => typeof get(x) === 'number');
        if (s) setOwn(s.parent, s.key, mu.text);
        break;
      }
      case 'renameKey': {
        const s = where((x) => typeof x.key === 'string');
        if (s) {
          const v = get(s);
          delete (s.parent as Record<string, unknown>)[s.key];
          setOwn(s.parent, mu.key, v);
        }
        break;
      }
      case 'addKey': {
        const s = where((x) => typeof get(x) === 'object' && get(x) !== null && !Array.isArray(get(x)));
        if (s) setOwn(get(s) as Record<string, unknown>, mu.key, structuredClone(mu.value));
        break;
      }
      case 'className': {
        const s = where((x) => x.key === 'class_name');
        if (s) setOwn(s.parent, s.key, mu.name);
        break;
      }
      case 'layerName': {
        const s = where((x) => x.key === 'name');
        if (s) setOwn(s.parent, s.key, mu.name);
        break;
      }
      case 'setConfig': {
        // A layer's config: a number, or a list of them (kernel_size [1e400, 3]).
        const s = where((x) => x.key === 'config' && typeof get(x) === 'object' && get(x) !== null && !Array.isArray(get(x)));
        if (s) setOwn(get(s) as Record<string, unknown>, mu.key, raw(mu.raws.length === 1 ? mu.raws[0] : `[${mu.raws.join(', ')}]`));
        break;
      }
      case 'deep': {
        const s = where(() => true);
        if (s) setOwn(s.parent, s.key, raw('['.repeat(mu.levels) + ']'.repeat(mu.levels)));
        break;
      }
      case 'replace': {
        const s = where(() => true);
        if (s) setOwn(s.parent, s.key, structuredClone(mu.value));
        break;
      }
      case 'delete': {
        const s = where(() => true);
        if (s) {
          if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
          else delete s.parent[s.key as string];
        }
        break;
      }
    }
  }
  let text = JSON.stringify(value, null, 1).replace(/"@@raw(\d+)@@"/g, (_, i: string) => raws[Number(i)]);
  if (m.wrapping === 'lineComment' || m.wrapping === 'bomAndComment') text = `// exported by hand\n${text}`;
  if (m.wrapping === 'blockComment') text = text.replace('{', '{ /* a comment */');
  if (m.wrapping === 'bom' || m.wrapping === 'bomAndComment') text = `\uFEFF${text}`;
  return text;
}
