// The static PyTorch engine off the extension host's thread (bundled as dist/pytorchAnalysisWorker.js): a worker
// thread that analyses one text per request and posts the result back (plain data: analysis, trace, candidates).
// The engine takes tens of milliseconds of CPU on a ResNet-size file, which the host must not spend per edit.
// Imports only core: no vscode.
import { parentPort } from 'node:worker_threads';
import { analyzePyTorchSource } from '../../../core/formats/pytorch';
import type { PyTorchWorkerReply, PyTorchWorkerRequest } from './pytorchWorkerClient';

const port = parentPort;
if (!port) throw new Error('pytorchAnalysisWorker.js runs only as a worker thread');

port.on('message', (request: PyTorchWorkerRequest) => {
  let reply: PyTorchWorkerReply;
  try {
    reply = { id: request.id, result: analyzePyTorchSource(request.text, request.options) };
  } catch (e) {
    // analyzePyTorchSource never throws by contract: this is a bug, reported with its stack.
    reply = { id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
