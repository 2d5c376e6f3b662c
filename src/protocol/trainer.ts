// The channel between the extension host (or CLI) and the training process: the host sends commands, the
// trainer answers with `TrainingMessage`s (./training.ts). Both ends validate (`parseHostToTrainer`,
// `parseTrainingMessage`), since a crashed or mismatched trainer must produce a clear error, not a silent hang.
import { parseWith, literal, nullable, object, str, taggedUnion, type ParseResult, type Validator } from './validate';
import { trainingConfig, trainingMessage, type TrainingConfig, type TrainingMessage } from './training';

export interface StartTraining {
  type: 'start';
  runId: string;
  config: TrainingConfig;
  /** `lenet.dataDir` when set; null lets the trainer try its sources in order. */
  dataDir: string | null;
  /** Folder the run is saved in (`.lenet/runs/<timestamp>/` or global storage). */
  outDir: string;
}

export interface StopTraining {
  type: 'stop';
}

export type HostToTrainer = StartTraining | StopTraining;

export const hostToTrainer: Validator<HostToTrainer> = taggedUnion<HostToTrainer>({
  start: object({ type: literal('start'), runId: str, config: trainingConfig, dataDir: nullable(str), outDir: str }),
  stop: object({ type: literal('stop') }),
});

export const parseHostToTrainer = (data: unknown): ParseResult<HostToTrainer> => parseWith(hostToTrainer, data);
export const parseTrainingMessage = (data: unknown): ParseResult<TrainingMessage> => parseWith(trainingMessage, data);
