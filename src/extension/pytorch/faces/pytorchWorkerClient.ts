// The host's side of the PyTorch analysis worker: posts a text, gets its analysis. The worker starts on the first
// request; when it dies every pending request fails and the next one starts a new worker. Where the worker bundle is
// not there (a build without it), the analysis runs in this thread instead: slower for the host, same answer.
import { existsSync } from 'node:fs';
import { WorkerRequests } from '../../workerRequests';
import { analyzePyTorchSource, type PyTorchAnalysisOptions, type PyTorchSourceAnalysis } from '../../../core/formats/pytorch';

export interface PyTorchWorkerRequest {
  id: number;
  text: string;
  options: PyTorchAnalysisOptions;
}

export type PyTorchWorkerReply = { id: number; result: PyTorchSourceAnalysis } | { id: number; error: string };

export class PyTorchWorkerClient {
  private readonly requests: WorkerRequests<PyTorchWorkerReply>;
  private disposed = false;
  /** Whether analyses run in the worker (false: the bundle is missing, they run in this thread). */
  readonly inWorker: boolean;

  constructor(scriptPath: string) {
    this.inWorker = existsSync(scriptPath);
    this.requests = new WorkerRequests(scriptPath, 'PyTorch analysis', (message) => new Error(message));
  }

  async analyze(text: string, options: PyTorchAnalysisOptions): Promise<PyTorchSourceAnalysis> {
    if (!this.inWorker && !this.disposed) return Promise.resolve().then(() => analyzePyTorchSource(text, options));
    const reply = await this.requests.send((id) => ({ id, text, options }) satisfies PyTorchWorkerRequest).reply;
    // An error reply has rejected already.
    return (reply as { result: PyTorchSourceAnalysis }).result;
  }

  dispose(): void {
    this.disposed = true;
    this.requests.dispose();
  }
}
