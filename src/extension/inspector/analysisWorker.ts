// The model analysis off the extension host's thread (bundled as dist/analysisWorker.js): a worker thread that
// analyses a document's text, keeps the latest analysis per document, and answers the editor's questions about it
// (modelFaces.ts). It imports only the pure analysis over src/core and the pure text of the faces: no vscode, no TF.js.
import { parentPort } from 'node:worker_threads';
import type { MemoryOptions } from '../../core/memory';
import type { AnalysisReply, AnalysisRequest, DashboardAnswer } from './analysisWorkerClient';
import { dashboardModelOf, hoverAt, inlayHintsIn, summaryOf } from './modelFaces';
import { analyzeModelDocument, type ModelDocument, type ModelDocumentResult } from './modelDocuments';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js runs only as a worker thread');

const held = new Map<string, { stamp: number; result: ModelDocumentResult; options: MemoryOptions }>();

function dashboardAnswer(result: ModelDocumentResult): DashboardAnswer {
  return result.status === 'model' ? { status: 'model', ...dashboardModelOf(result.model) } : result;
}

function answer(request: AnalysisRequest): Omit<AnalysisReply, 'id'> {
  switch (request.type) {
    case 'analyze': {
      const result = analyzeModelDocument(request.text, request.version, request.options);
      held.set(request.key, { stamp: request.id, result, options: request.options });
      return { answer: summaryOf(result) };
    }
    case 'analyzeForDashboard':
      return { answer: dashboardAnswer(analyzeModelDocument(request.text, 0, request.options, Infinity)) };
    case 'forget':
      held.delete(request.key);
      return { answer: null };
    default: {
      const entry = held.get(request.key);
      if (!entry || entry.stamp !== request.stamp) return { stale: true };
      if (request.type === 'dashboard') return { answer: dashboardAnswer(entry.result) };
      if (entry.result.status !== 'model') return { answer: request.type === 'inlays' ? [] : undefined };
      const model: ModelDocument = entry.result.model;
      if (request.type === 'hover') return { answer: hoverAt(model, request.offset, request.uri, entry.options) };
      return { answer: inlayHintsIn(model, request.start, request.end) };
    }
  }
}

port.on('message', (request: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { id: request.id, ...answer(request) } as AnalysisReply;
  } catch (e) {
    // analyzeModelDocument reports bad input as diagnostics; an exception here is a bug, reported with its stack.
    reply = { id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
