// Reads a file named by data the host does not control (a run folder's metrics.json, the dataset folder it names)
// without letting it hang or flood the extension host: opened without blocking (a FIFO), and read only when the open
// file is a regular file of at most `maxBytes` (not /dev/zero behind a symlink, not a 10 GB file).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new Error(`${path} is not a regular file`);
    if (s.size > maxBytes) throw new Error(`${path} is ${s.size} bytes, more than the ${maxBytes} expected`);
    const out = Buffer.alloc(s.size);
    let done = 0;
    while (done < s.size) {
      const { bytesRead } = await handle.read(out, done, s.size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return out.subarray(0, done);
  } finally {
    await handle.close();
  }
}
