/**
 * An append-only file whose every append is all-or-nothing: the file store's journals (the
 * ledger's event files, the auth journal) are written through it.
 *
 * A write can be short (a full disk takes part of it) or fail after part of it reached the
 * file, and an fsync can fail after the data was handed over; either way the end of the file
 * is then unknown. So the file keeps the length that is known to be durable, and after any
 * failure cuts the file back to it (and fsyncs) before anything else is written: a reader
 * never meets a torn line in the middle, and an append that was answered as failed leaves
 * nothing behind.
 *
 * A file that failed says so (`problem`), reports the failure once and the recovery once,
 * and, while nothing else writes, checks by itself with a backoff whether writing works
 * again, so a node that a load balancer took out of service comes back without traffic.
 */
import { existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The part of a FileHandle this module uses: a test can hand it one that writes short or fails. */
export interface WritableHandle {
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  datasync(): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** Thrown when a file store could not write: nothing of the change was kept. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

export interface AppendOnlyFileOptions {
  /** Called once when writing starts failing, with what failed. */
  onFailure?: (problem: string, error: unknown) => void;
  /** Called once when writing works again after a failure. */
  onRecovery?: (message: string) => void;
  /** Opens the file for appending (tests inject a handle that fails). */
  openHandle?: (path: string) => Promise<WritableHandle>;
  /** Delays of the self-check after a failure, in ms: doubling from the first, capped at the second. */
  probeDelays?: readonly [first: number, max: number];
}

const PROBE_BYTES = 4096;

export class AppendOnlyFile {
  private handle: WritableHandle | null = null;
  /** Bytes written and fsynced; -1 until the file is first opened. */
  private durable = -1;
  /** A write failed and the file may hold more than `durable`: cut it back before writing on. */
  private dirty = false;
  private failure: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private probeTimer: NodeJS.Timeout | null = null;
  private probeDelay = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly options: AppendOnlyFileOptions = {},
  ) {}

  /** Null while writes work; what went wrong while they fail. */
  get problem(): string | null {
    return this.failure;
  }

  /** Write all of `data` and fsync it, or leave the file as it was and reject with a `StoreWriteError`. */
  append(data: string): Promise<void> {
    return this.serially(async () => {
      const bytes = Buffer.from(data);
      try {
        const handle = await this.writable();
        await writeAll(handle, bytes);
        await handle.datasync();
      } catch (error) {
        throw await this.failed(error);
      }
      this.durable += bytes.length;
      this.recovered();
    });
  }

  /**
   * Replace the whole file with `content`: write a copy, fsync it, rename it over the file,
   * fsync the folder. Until the rename the file is untouched; a failure rejects and keeps it.
   * `content` is computed when the writes queued before it are done.
   */
  replace(content: () => string): Promise<void> {
    return this.serially(async () => {
      const next = `${this.path}.next`;
      try {
        await writeFileDurably(next, content());
        await this.handle?.close();
        this.handle = null;
        await rename(next, this.path);
        this.durable = -1; // another file now: measured again when it is next opened
        await syncFolder(dirname(this.path));
      } catch (error) {
        await rm(next, { force: true }).catch(() => {});
        throw await this.failed(error);
      }
      this.dirty = false;
      this.recovered();
    });
  }

  /** Wait for the writes in flight, stop the self-check, close the file. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopProbing();
    await this.queue;
    await this.handle?.close().catch(() => {});
    this.handle = null;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }

  /** The open handle, after cutting off whatever a failed write may have left. */
  private async writable(): Promise<WritableHandle> {
    if (!this.handle) {
      const created = !existsSync(this.path);
      const handle = await (this.options.openHandle ?? openForAppend)(this.path);
      try {
        // A new file is durable only once its folder entry is.
        if (created) await syncFolder(dirname(this.path));
        if (this.durable < 0) this.durable = (await handle.stat()).size;
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
      this.handle = handle;
    }
    if (this.dirty) {
      await this.handle.truncate(this.durable);
      await this.handle.datasync();
      this.dirty = false;
    }
    return this.handle;
  }

  private async failed(error: unknown): Promise<StoreWriteError> {
    this.dirty = this.handle !== null;
    // Cut back at once, so that the file is readable even if nothing is written again; if
    // that fails too, the next write tries again first.
    if (this.handle) await this.writable().catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    if (this.failure === null) {
      this.failure = `cannot write ${this.path}: ${message}`;
      this.options.onFailure?.(this.failure, error);
      this.probeDelay = this.options.probeDelays?.[0] ?? 250;
      this.scheduleProbe();
    }
    return new StoreWriteError(`cannot write ${this.path}: ${message}`, { cause: error });
  }

  private recovered(): void {
    if (this.failure === null) return;
    this.failure = null;
    this.stopProbing();
    this.options.onRecovery?.(`${this.path} can be written again`);
  }

  private scheduleProbe(): void {
    if (this.closed || this.probeTimer) return;
    // Jitter, so that stores that failed together do not all probe at the same instant.
    const delay = this.probeDelay * (0.75 + Math.random() * 0.5);
    this.probeDelay = Math.min(this.probeDelay * 2, this.options.probeDelays?.[1] ?? 2_000);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe().catch(() => this.scheduleProbe());
    }, delay);
    this.probeTimer.unref();
  }

  private stopProbing(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  /**
   * Write a few KB of blanks at the end, fsync, and cut them off again: the file is left as
   * it was. A crash in between leaves a blank last line, which both readers skip.
   */
  private probe(): Promise<void> {
    return this.serially(async () => {
      if (this.failure === null || this.closed) return;
      try {
        const handle = await this.writable();
        await writeAll(handle, Buffer.from(`${' '.repeat(PROBE_BYTES - 1)}\n`));
        await handle.datasync();
        this.dirty = true;
        await this.writable();
      } catch (error) {
        this.dirty = this.handle !== null;
        throw error;
      }
      this.recovered();
    });
  }
}

async function openForAppend(path: string): Promise<WritableHandle> {
  return open(path, 'a', 0o600);
}

/** Write every byte: a write may take only part of the buffer (a nearly full disk). */
export async function writeAll(handle: Pick<WritableHandle, 'write'>, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error(`short write: ${offset} of ${bytes.length} bytes written, then none`);
    offset += bytesWritten;
  }
}

/** Create or overwrite `path` with `content` and fsync it; on failure the partial file is removed. */
export async function writeFileDurably(path: string, content: string): Promise<void> {
  const handle = await open(path, 'w', 0o600);
  try {
    await writeAll(handle, Buffer.from(content));
    await handle.datasync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(path, { force: true }).catch(() => {});
    throw error;
  }
  await handle.close();
}

export async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
