// The dashboard's persisted state: what the user chose, saved by the webview with setState (so it survives the panel
// being hidden or VS Code restarting) and read back by two sides: the webview on load, and the host's serializer to
// know which model to revive. Both read it with `restoreDashboardState`, never with a cast: a state saved by an older
// build, or edited by hand, must not break the panel.
import type { DType, MemoryDevice, MemoryFramework, OptimizerName } from '../core';
import type { ModelDescriptor } from './dashboard';
import { DTYPES, MEMORY_DEVICES, MEMORY_FRAMEWORKS, OPTIMIZER_NAMES } from '../core/memory';
import {
  arrayOf, bool, literal, nonNegInt, nullable, num, objectOf, optional, parseWith, ProtocolError, record, str, type Validator,
} from './validate';

export const DASHBOARD_TABS = ['architecture', 'layers', 'memory', 'training', 'explore', 'theory'] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];

/** The layers table's sortable columns. */
export const LAYER_SORT_KEYS = ['index', 'name', 'className', 'output', 'params', 'trainable', 'nonTrainable', 'buffers', 'macs', 'memory', 'share'] as const;
export type LayerSortKey = (typeof LAYER_SORT_KEYS)[number];

/**
 * The memory view's framework (`auto`: the model's own — TF.js for TF.js/Keras files, PyTorch for PyTorch code), the
 * device PyTorch's figures assume, and the device memory (GiB) the largest batch must fit in.
 */
export interface MemoryModelChoice {
  framework: 'auto' | MemoryFramework;
  device: MemoryDevice;
  deviceGiB: number;
}

/** The largest device memory the field accepts (GiB). */
export const MAX_DEVICE_GIB = 1_000_000;

/**
 * The Explore tab's input image (issue #14), kept with its pixels so a reload shows the same image: a test image of
 * the run's dataset by its test-set index, a 28×28 drawing, or an image file as converted for the model's input
 * (`height × width × channels` uint8, before the [0, 1] scaling; `invert`: 255 − value, for dark-on-light photos).
 */
export type ExploreInputChoice =
  | { source: 'test'; index: number }
  | { source: 'drawn'; pixels: string }
  | { source: 'file'; name: string; width: number; height: number; channels: number; pixels: string; invert: boolean };

/** The largest image file input the state keeps (224×224×3 = 150,528 bytes fits; base64 of this many bytes). */
export const MAX_EXPLORE_INPUT_BYTES = 512 * 512 * 4;

export interface ExploreChoice {
  /** The saved run the built-in LeNet's Explore tab shows; null: the live run, else the newest saved run. */
  runDir: string | null;
  input: ExploreInputChoice | null;
  /** The test-image picker's class filter; null: all classes. */
  classFilter: number | null;
  /** The class whose score saliency and Grad-CAM explain; null: the predicted class. */
  targetClass: number | null;
  /** One colour scale for all maps of a layer, or one per map. */
  scale: 'shared' | 'perMap';
  /** The feature map shown enlarged (with the receptive field of the hovered pixel). */
  enlarged: { layer: string; channel: number } | null;
}

/**
 * Which model a panel shows: the built-in LeNet-5 (uri null), a model JSON file by its URI, or a PyTorch model by its
 * file's URI and entry (null: the file's default model).
 */
export type DashboardModelRef =
  | { source: 'builtin'; uri: null }
  | { source: 'file'; uri: string }
  | { source: 'pytorch'; uri: string; entry: string | null };

export interface DashboardState {
  version: 1;
  tab: DashboardTab;
  selectedLayer: string | null;
  memory: { batchSize: number; dtype: DType; optimizer: OptimizerName };
  /** Whose memory the figures are (issue #13) and the device the largest batch must fit in. */
  memoryModel: MemoryModelChoice;
  sort: { key: LayerSortKey; descending: boolean };
  /** Ids of earlier runs overlaid on the training charts. */
  overlayRuns: string[];
  /** Repeated blocks the user expanded in the layered graph (by block id). */
  expandedBlocks: string[];
  /** Theory calculator inputs by field id. */
  theory: Record<string, number>;
  /** Which model this panel shows: the host's serializer reads it to revive the panel after a reload. */
  modelRef: DashboardModelRef | null;
  /** The Explore tab's choices. */
  explore: ExploreChoice;
}

export const DEFAULT_EXPLORE_CHOICE: ExploreChoice = {
  runDir: null, input: null, classFilter: null, targetClass: null, scale: 'shared', enlarged: null,
};

export const DEFAULT_DASHBOARD_STATE: DashboardState = {
  version: 1,
  tab: 'architecture',
  selectedLayer: null,
  // The notebook's training setup: batch 100, float32, Adam.
  memory: { batchSize: 100, dtype: 'float32', optimizer: 'adam' },
  // An 8 GB card, the question issue #13 starts from.
  memoryModel: { framework: 'auto', device: 'cuda', deviceGiB: 8 },
  sort: { key: 'index', descending: false },
  overlayRuns: [],
  expandedBlocks: [],
  theory: {},
  modelRef: null,
  explore: DEFAULT_EXPLORE_CHOICE,
};

/** The largest batch the memory view's field accepts, and so the largest a restored state may hold. */
export const MAX_BATCH_SIZE = 1_000_000;

const batchSize: Validator<number> = (v, p) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_BATCH_SIZE) {
    throw new ProtocolError(p, `an integer in [1, ${MAX_BATCH_SIZE}]`, v);
  }
  return v;
};

// Each field's validator, once: the strict validator and the field-by-field restore below both use them.
const tab = literal(...DASHBOARD_TABS);
const selectedLayer = nullable(str);
const dtype = literal(...DTYPES);
const optimizer = literal(...OPTIMIZER_NAMES);
const sortKey = literal(...LAYER_SORT_KEYS);

const memory = objectOf<DashboardState['memory']>({ batchSize, dtype, optimizer });

const framework = literal('auto', ...MEMORY_FRAMEWORKS);
const device = literal(...MEMORY_DEVICES);
const deviceGiB: Validator<number> = (v, p) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_DEVICE_GIB) throw new ProtocolError(p, `a number in (0, ${MAX_DEVICE_GIB}]`, v);
  return v;
};
const memoryModel = objectOf<MemoryModelChoice>({ framework, device, deviceGiB });

const sort = objectOf<DashboardState['sort']>({ key: sortKey, descending: bool });

/**
 * A built-in reference carries no URI (whatever was saved with it); a file or PyTorch reference must have one; a
 * PyTorch reference's entry is a name or null (absent in a hand-edited state: the default model).
 */
const modelRef: Validator<DashboardModelRef> = (v, p) => {
  const { source } = objectOf<{ source: DashboardModelRef['source'] }>({ source: literal('builtin', 'file', 'pytorch') })(v, p);
  if (source === 'builtin') return { source, uri: null };
  const { uri } = objectOf<{ uri: string }>({ uri: str })(v, p);
  if (source === 'file') return { source, uri };
  const { entry } = objectOf<{ entry?: string | null }>({ entry: optional(nullable(str)) })(v, p);
  return { source, uri, entry: entry ?? null };
};

/** The byte count of padded base64 text, or -1 when it is not base64. */
function base64ByteCount(s: string): number {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return -1;
  return (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
}

/** Base64 of exactly `bytes` bytes. */
const base64Pixels = (bytes: number): Validator<string> => (v, p) => {
  const s = str(v, p);
  const n = base64ByteCount(s);
  if (n !== bytes) throw new ProtocolError(p, `base64 of ${bytes} bytes`, n < 0 ? 'not base64' : `${n} bytes`);
  return s;
};
const positiveSide: Validator<number> = (v, p) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 4096) throw new ProtocolError(p, 'an integer in [1, 4096]', v);
  return v;
};

const exploreInput: Validator<ExploreInputChoice> = (v, p) => {
  const { source } = objectOf<{ source: ExploreInputChoice['source'] }>({ source: literal('test', 'drawn', 'file') })(v, p);
  if (source === 'test') return objectOf<Extract<ExploreInputChoice, { source: 'test' }>>({ source: literal('test'), index: nonNegInt })(v, p);
  if (source === 'drawn') return objectOf<Extract<ExploreInputChoice, { source: 'drawn' }>>({ source: literal('drawn'), pixels: base64Pixels(28 * 28) })(v, p);
  const f = objectOf<Extract<ExploreInputChoice, { source: 'file' }>>({
    source: literal('file'), name: str, width: positiveSide, height: positiveSide, channels: positiveSide, pixels: str, invert: bool,
  })(v, p);
  const bytes = f.width * f.height * f.channels;
  if (bytes > MAX_EXPLORE_INPUT_BYTES) throw new ProtocolError(`${p}.width`, `an image of at most ${MAX_EXPLORE_INPUT_BYTES} bytes`, `${f.height}×${f.width}×${f.channels}`);
  base64Pixels(bytes)(f.pixels, `${p}.pixels`);
  return f;
};

const exploreChoiceFields = {
  runDir: nullable(str),
  input: nullable(exploreInput),
  classFilter: nullable(nonNegInt),
  targetClass: nullable(nonNegInt),
  scale: literal('shared', 'perMap'),
  enlarged: nullable(objectOf<{ layer: string; channel: number }>({ layer: str, channel: nonNegInt })),
};
const exploreChoice = objectOf<ExploreChoice>(exploreChoiceFields);

/** The strict validator: the whole state or a ProtocolError naming the first wrong field. */
export const dashboardStateValidator: Validator<DashboardState> = objectOf<DashboardState>({
  version: literal(1),
  tab,
  selectedLayer,
  memory,
  memoryModel,
  sort,
  overlayRuns: arrayOf(str),
  expandedBlocks: arrayOf(str),
  theory: record(num),
  modelRef: nullable(modelRef),
  explore: exploreChoice,
});

/** The reference a panel saves for the model it shows (from the descriptor the host sent with the model). */
export function modelRefOf(model: ModelDescriptor): DashboardModelRef | null {
  if (model.source === 'builtin') return { source: 'builtin', uri: null };
  if (model.uri === null) return null;
  return model.source === 'file' ? { source: 'file', uri: model.uri } : { source: 'pytorch', uri: model.uri, entry: model.entry ?? null };
}

export function sameModelRef(a: DashboardModelRef | null, b: DashboardModelRef | null): boolean {
  if (a === null || b === null) return a === b;
  return a.source === b.source && a.uri === b.uri && (a.source !== 'pytorch' || a.entry === (b as typeof a).entry);
}

function field<T>(validator: Validator<T>, value: unknown, fallback: T): T {
  const r = parseWith(validator, value);
  return r.ok ? r.value : fallback;
}

function own(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
}

/** The entries of a list that pass `validator`, the others dropped (an unknown run id among known ones). */
function validEntries<T>(validator: Validator<T>, v: unknown): T[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    const r = parseWith(validator, x);
    return r.ok ? [r.value] : [];
  });
}

/** The fields of a record that pass `validator`, kept as own entries (a field named "__proto__" included). */
function validFields<T>(validator: Validator<T>, v: unknown): Record<string, T> {
  const kept = Object.entries(typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}).filter(([, x]) => parseWith(validator, x).ok);
  return record(validator)(Object.fromEntries(kept), '');
}

/**
 * Reads a saved state (from any build, or none): every field that fails its validator falls back to its default, one
 * field at a time, so one stale choice does not cost the others; lists and the theory inputs keep their valid
 * entries. Only the state's own fields count (never inherited ones).
 */
export function restoreDashboardState(saved: unknown): DashboardState {
  const d = DEFAULT_DASHBOARD_STATE;
  const mem = own(saved, 'memory');
  const model = own(saved, 'memoryModel');
  const sorting = own(saved, 'sort');
  return {
    version: 1,
    tab: field(tab, own(saved, 'tab'), d.tab),
    selectedLayer: field(selectedLayer, own(saved, 'selectedLayer'), null),
    memory: {
      batchSize: field(batchSize, own(mem, 'batchSize'), d.memory.batchSize),
      dtype: field(dtype, own(mem, 'dtype'), d.memory.dtype),
      optimizer: field(optimizer, own(mem, 'optimizer'), d.memory.optimizer),
    },
    memoryModel: {
      framework: field(framework, own(model, 'framework'), d.memoryModel.framework),
      device: field(device, own(model, 'device'), d.memoryModel.device),
      deviceGiB: field(deviceGiB, own(model, 'deviceGiB'), d.memoryModel.deviceGiB),
    },
    sort: {
      key: field(sortKey, own(sorting, 'key'), d.sort.key),
      descending: own(sorting, 'descending') === true,
    },
    overlayRuns: validEntries(str, own(saved, 'overlayRuns')),
    expandedBlocks: validEntries(str, own(saved, 'expandedBlocks')),
    theory: validFields(num, own(saved, 'theory')),
    modelRef: field(modelRef, own(saved, 'modelRef'), null),
    explore: restoreExploreChoice(own(saved, 'explore')),
  };
}

/** The Explore choices field by field, like the rest of the state. */
function restoreExploreChoice(saved: unknown): ExploreChoice {
  const d = DEFAULT_EXPLORE_CHOICE;
  const f = exploreChoiceFields;
  return {
    runDir: field(f.runDir, own(saved, 'runDir'), d.runDir),
    input: field(f.input, own(saved, 'input'), d.input),
    classFilter: field(f.classFilter, own(saved, 'classFilter'), d.classFilter),
    targetClass: field(f.targetClass, own(saved, 'targetClass'), d.targetClass),
    scale: field(f.scale, own(saved, 'scale'), d.scale),
    enlarged: field(f.enlarged, own(saved, 'enlarged'), d.enlarged),
  };
}
