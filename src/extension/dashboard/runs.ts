// Earlier runs for the training charts' overlay, from `.lenet/runs/<timestamp>/metrics.json`. The file is written
// by the trainer; this reads the fields the charts need and tolerates both the summary shape of the protocol
// (`losses`, `epochs`) and a `history: { batches, epochs }` object. Pure of vscode (unit-tested).
import { parseWith, runSummary, type RunSummary } from '../../protocol';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

function stoppedBeforeLastEpoch(completedEpochs: unknown, config: unknown): boolean {
  const planned = obj(config).epochs;
  return typeof completedEpochs === 'number' && typeof planned === 'number' && completedEpochs < planned;
}

export function runSummaryFromMetrics(metrics: unknown, runDir: string): { ok: true; run: RunSummary } | { ok: false; error: string } {
  const m = obj(metrics);
  const history = obj(m.history);
  const dataset = obj(m.dataset);
  const folder = runDir.split(/[\\/]/).filter(Boolean).pop() ?? runDir;
  const candidate = {
    runId: typeof m.runId === 'string' ? m.runId : folder,
    runDir,
    startedAt: typeof m.startedAt === 'string' ? m.startedAt : folder,
    backend: m.backend,
    datasetName: typeof m.datasetName === 'string' ? m.datasetName : dataset.name,
    isSubset: typeof m.isSubset === 'boolean' ? m.isSubset : dataset.isSubset ?? false,
    config: m.config,
    losses: m.losses ?? history.batches ?? history.losses ?? [],
    epochs: Array.isArray(m.epochs) ? m.epochs : history.epochs ?? [],
    testAccuracy: m.testAccuracy ?? null,
    samplesPerSecond: m.samplesPerSecond ?? null,
    // The trainer writes `status`; a file without it was stopped early if it holds fewer epochs than configured.
    stoppedEarly: m.status === 'stopped' || (m.status === undefined && stoppedBeforeLastEpoch(m.completedEpochs, m.config)),
  };
  const parsed = parseWith(runSummary, candidate);
  return parsed.ok ? { ok: true, run: parsed.value } : { ok: false, error: `${runDir}/metrics.json: ${parsed.error}` };
}
