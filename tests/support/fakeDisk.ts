/**
 * A disk that runs out of space on demand, in front of real files: writes are cut short at the
 * space left (then fail with ENOSPC, as Linux does), chunks can be made small, fsyncs can fail.
 * Its `open` is what `AppendOnlyFile` takes as `openHandle`.
 */
import { open as openFile } from 'node:fs/promises';
import type { WritableHandle } from '../../server/storage/appendOnlyFile.ts';

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

export class FakeDisk {
  /** Bytes the disk still takes; Infinity for a disk that never fills. */
  space = Infinity;
  /** The most one write call takes (a short write below it). */
  maxChunk = Infinity;
  /** Make every fsync fail with EIO. */
  failSync = false;
  writeCalls = 0;

  readonly open = async (path: string): Promise<WritableHandle> => {
    const handle = await openFile(path, 'a', 0o600);
    return {
      write: async (buffer, offset, length) => {
        this.writeCalls++;
        if (this.space <= 0) throw errno('ENOSPC', 'no space left on device, write');
        const n = Math.min(length, this.space, this.maxChunk);
        const { bytesWritten } = await handle.write(buffer, offset, n);
        this.space -= bytesWritten;
        return { bytesWritten };
      },
      truncate: async (length) => {
        const { size } = await handle.stat();
        await handle.truncate(length);
        this.space += Math.max(0, size - length);
      },
      datasync: async () => {
        if (this.failSync) throw errno('EIO', 'i/o error, fsync');
        await handle.datasync();
      },
      stat: () => handle.stat(),
      close: () => handle.close(),
    };
  };
}
