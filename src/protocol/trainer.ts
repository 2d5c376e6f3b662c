// The channel between the extension host (or CLI) and the training process: the host sends commands, the
// trainer answers with `TrainingMessage`s (./training.ts). Both ends validate (`parseHostToTrainer`,
// `parseTrainingMessage`), since a crashed or mismatched trainer must produce a clear error, not a silent hang.
import { parseWith, literal, nullable, object, optional, str, taggedUnion, type ParseResult, type Validator } from './validate';
import { positiveInt, trainingConfig, trainingMessage, type TrainingConfig, type TrainingMessage } from './training';

export interface StartTraining {
  type: 'start';
  runId: string;
  config: TrainingConfig;
  /** `cnnExplorer.training.dataDir` when set; null lets the trainer try its sources in order. */
  dataDir: string | null;
  /** Folder the run is saved in (`.lenet/runs/<timestamp>/` or global storage). */
  outDir: string;
  /** The dataset download cache (the extension's global storage); absent: the trainer's default. */
  cacheDir?: string;
  /** Quick runs (tests, previews): use only the first N examples of each split. */
  limits?: ExampleLimits;
}

export interface ExampleLimits {
  train?: number;
  /** Default when `train` is set: a fifth of it (the notebook's 50k:10k ratio). */
  validation?: number;
  test?: number;
}

export interface StopTraining {
  type: 'stop';
}

export type HostToTrainer = StartTraining | StopTraining;

export const hostToTrainer: Validator<HostToTrainer> = taggedUnion<HostToTrainer>({
  start: object({
    type: literal('start'), runId: str, config: trainingConfig, dataDir: nullable(str), outDir: str,
    cacheDir: optional(str),
    limits: optional(object({ train: optional(positiveInt), validation: optional(positiveInt), test: optional(positiveInt) })),
  }),
  stop: object({ type: literal('stop') }),
});

export const parseHostToTrainer = (data: unknown): ParseResult<HostToTrainer> => parseWith(hostToTrainer, data);
export const parseTrainingMessage = (data: unknown): ParseResult<TrainingMessage> => parseWith(trainingMessage, data);
