// Downloads one dataset file over HTTP(S) into a cache, safely:
//  - the body goes to a temporary file in the destination folder and is renamed into place only after it is complete
//    and its DECOMPRESSED bytes match the expected SHA-256, so readers never see a partial or wrong file;
//  - a failed attempt deletes its temporary file; network errors, 5xx answers, short bodies and checksum mismatches
//    are retried (after a delay), 4xx answers go straight to the next mirror;
//  - the body is bounded by the largest gzip of the expected content, and decompression by its size (a body larger
//    than the file can be, or a gzip bomb, is a wrong file: the next mirror, no retry, no disk or memory filled);
//  - progress is reported as bytes received (and the total when the server sends Content-Length).
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { basename, dirname, join } from 'node:path';
import { gunzipAtMost, maybeGunzip } from './idx';

export interface DownloadProgress {
  url: string;
  receivedBytes: number;
  /** From Content-Length; undefined when the server does not say. */
  totalBytes?: number;
  attempt: number;
}

export interface DownloadOptions {
  /** SHA-256 (hex) of the decompressed content. */
  sha256: string;
  /**
   * Size of the decompressed content, checked first for a clearer message. It also bounds the body (the largest gzip
   * of that many bytes, see gzipBound) and the decompression.
   */
  decompressedBytes?: number;
  onProgress?: (p: DownloadProgress) => void;
  /** Attempts per URL (default 3). */
  attempts?: number;
  /** Delay before a retry, doubled each time (default 1000 ms). */
  retryDelayMs?: number;
  /** Longest silence on the socket before the attempt fails (default 30 s). */
  idleTimeoutMs?: number;
  /**
   * Longest time for the whole download, every mirror and attempt (default 15 min: the largest file, 26 MB, at
   * 30 KB/s). A mirror that sends a byte now and then never trips the idle timeout; this ends it.
   */
  deadlineMs?: number;
  signal?: AbortSignal;
}

/** An error that retrying the same URL will not fix (HTTP 4xx, unsupported protocol). */
class PermanentError extends Error {}

export class DownloadError extends Error {
  constructor(message: string, readonly failures: { url: string; error: string }[]) {
    super(message);
    this.name = 'DownloadError';
  }
}

/**
 * Fetches the first URL that yields the expected content and stores it at `destPath`. Returns the URL used.
 * Rejects with a DownloadError listing every URL's last failure; no file is left at `destPath` or beside it then.
 */
export async function downloadVerified(urls: readonly string[], destPath: string, options: DownloadOptions): Promise<string> {
  const attempts = options.attempts ?? 3;
  const failures: { url: string; error: string }[] = [];
  const deadlineMs = options.deadlineMs ?? 15 * 60_000;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`not complete within the ${deadlineMs} ms deadline`)), deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const attemptOptions = { ...options, signal };
  mkdirSync(dirname(destPath), { recursive: true });
  try {
    for (const url of urls) {
      let lastError = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        options.signal?.throwIfAborted();
        if (deadline.signal.aborted) break;
        const tempPath = join(dirname(destPath), `.${basename(destPath)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
        partFiles.add(tempPath);
        try {
          await fetchToFile(url, tempPath, attemptOptions, attempt);
          verifyContent(tempPath, url, options);
          renameSync(tempPath, destPath);
          return url;
        } catch (e) {
          rmSync(tempPath, { force: true });
          // A Ctrl+C is an abort, whatever the socket said as it closed.
          options.signal?.throwIfAborted();
          lastError = deadline.signal.aborted ? (deadline.signal.reason as Error).message : (e as Error).message;
          if (e instanceof PermanentError || deadline.signal.aborted) break;
          if (attempt < attempts) await delay((options.retryDelayMs ?? 1000) * 2 ** (attempt - 1), signal).catch(() => undefined);
        } finally {
          partFiles.delete(tempPath);
        }
      }
      failures.push({ url, error: lastError });
      if (deadline.signal.aborted) break;
    }
  } finally {
    clearTimeout(timer);
  }
  const detail = failures.map((f) => `  ${f.url}: ${f.error}`).join('\n');
  throw new DownloadError(`Could not download ${basename(destPath)}:\n${detail}`, failures);
}

/**
 * Temporary files of downloads under way. A process that exits mid-download (a second Ctrl+C calls process.exit)
 * runs no finally blocks, so they are removed on exit.
 */
const partFiles = new Set<string>();
process.on('exit', () => {
  for (const path of partFiles) rmSync(path, { force: true });
});

/**
 * The largest a gzip of `n` bytes can be: zlib's deflateBound (n + n/4096 + n/16384 + n/2^25 + 7) plus the gzip
 * wrapper (18 bytes) and 1 KiB for optional header fields (a file name, a comment). A raw file of n bytes is smaller.
 */
export function gzipBound(n: number): number {
  return n + Math.floor(n / 4096) + Math.floor(n / 16384) + Math.floor(n / 2 ** 25) + 7 + 18 + 1024;
}

/** The most body bytes a download may have, when the content's size is known. */
function bodyLimit(options: DownloadOptions): { bytes: number; why: string } | undefined {
  const n = options.decompressedBytes;
  return n === undefined ? undefined : { bytes: gzipBound(n), why: `a gzip of ${n} bytes can take` };
}

function verifyContent(path: string, url: string, options: DownloadOptions): void {
  const bytes = readFileSync(path);
  const content = options.decompressedBytes !== undefined ? gunzipAtMost(bytes, url, options.decompressedBytes) : maybeGunzip(bytes, url);
  if (options.decompressedBytes !== undefined && content.length !== options.decompressedBytes) {
    throw new Error(`content is ${content.length} bytes after decompression, expected ${options.decompressedBytes}`);
  }
  const actual = createHash('sha256').update(content).digest('hex');
  if (actual !== options.sha256) throw new Error(`checksum mismatch: SHA-256 of the content is ${actual}, expected ${options.sha256}`);
}

function fetchToFile(url: string, path: string, options: DownloadOptions, attempt: number, redirects = 0): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const parsed = new URL(url);
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (client === undefined) {
      reject(new PermanentError(`unsupported protocol ${parsed.protocol}`));
      return;
    }
    let responded = false;
    const request = client.get(parsed, { signal: options.signal, timeout: options.idleTimeoutMs ?? 30_000 }, (response) => {
      responded = true;
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location !== undefined) {
        response.resume();
        if (redirects >= 5) reject(new PermanentError('too many redirects'));
        else fetchToFile(new URL(response.headers.location, url).toString(), path, options, attempt, redirects + 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        const message = `HTTP ${status} ${response.statusMessage ?? ''}`.trim();
        reject(status >= 400 && status < 500 ? new PermanentError(message) : new Error(message));
        return;
      }
      const lengthHeader = response.headers['content-length'];
      const totalBytes = lengthHeader === undefined ? undefined : Number(lengthHeader);
      const limit = bodyLimit(options);
      if (limit !== undefined && totalBytes !== undefined && totalBytes > limit.bytes) {
        response.destroy();
        reject(new PermanentError(`${totalBytes} bytes announced, more than the ${limit.bytes} bytes ${limit.why}`));
        return;
      }
      let receivedBytes = 0;
      const file = createWriteStream(path);
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        response.destroy();
        file.destroy();
        // Wait for the file handle to close so the caller can delete the temporary file.
        file.once('close', () => reject(error));
      };
      response.on('data', (chunk: Buffer) => {
        receivedBytes += chunk.length;
        if (limit !== undefined && receivedBytes > limit.bytes) {
          fail(new PermanentError(`received more than the ${limit.bytes} bytes ${limit.why}: not this file`));
          return;
        }
        options.onProgress?.({ url, receivedBytes, totalBytes, attempt });
      });
      response.on('aborted', () => fail(new Error(`connection closed after ${receivedBytes} bytes`)));
      response.on('error', (e) => fail(new Error(`connection failed after ${receivedBytes} bytes: ${e.message}`)));
      file.on('error', (e) => fail(new PermanentError(`cannot write ${path}: ${e.message}`)));
      let ended = false;
      response.on('close', () => {
        if (!ended) fail(new Error(`connection closed after ${receivedBytes} bytes`));
      });
      response.on('end', () => {
        ended = true;
        if (failed) return;
        if (totalBytes !== undefined && receivedBytes !== totalBytes) {
          fail(new Error(`truncated: received ${receivedBytes} of ${totalBytes} bytes`));
          return;
        }
        file.end(() => resolve());
      });
      response.pipe(file, { end: false });
    });
    request.on('timeout', () => request.destroy(new Error(`no data for ${options.idleTimeoutMs ?? 30_000} ms`)));
    // Errors after the response started are handled (and the file closed) by the response's listeners.
    request.on('error', (e) => {
      if (!responded) reject(e);
    });
  });
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
