/**
 * A small tmpfs to use as a node's DATA_DIR: a disk that really fills. Mounting needs root;
 * where it is refused the suites that need it skip with a warning, and under CI=true that is
 * an error instead, so a green CI always means the full-disk tests ran.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function tryMount(dir: string, bytes: number): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
  }
}

const probe = mkdtempSync(join(tmpdir(), 'gavel-tmpfs-probe-'));
const refused = tryMount(probe, 64 * 1024);
if (refused === null) execFileSync('umount', [probe]);
rmdirSync(probe);
if (refused !== null) {
  if (process.env.CI === 'true') throw new Error(`cannot mount a tmpfs (${refused}): the full-disk tests need root`);
  console.warn(`\n  ⚠ cannot mount a tmpfs (${refused}): SKIPPING the full-disk tests (run them as root)\n`);
}

/** False where mounting is refused (outside CI): wrap suites in `describe.skipIf(!canMountTmpfs)`. */
export const canMountTmpfs = refused === null;

export interface SmallDisk {
  dir: string;
  /** Write a filler file until the disk refuses more; returns its size. */
  fill(): number;
  /** Delete the filler. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(bytes: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-small-disk-'));
  const error = tryMount(dir, bytes);
  if (error !== null) throw new Error(`mount tmpfs on ${dir}: ${error}`);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(4096, 0x2e);
      let size = 0;
      try {
        for (;;) size += writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
      return size;
    },
    free() {
      unlinkSync(filler);
    },
    unmount() {
      execFileSync('umount', [dir]);
      rmdirSync(dir);
    },
  };
}
