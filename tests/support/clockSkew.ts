/**
 * Preloaded into a node (`--import tests/support/clockSkew.ts`) to put its wall clock off:
 * `Date.now()` and `new Date()` read the real time plus GAVEL_CLOCK_SKEW_MS, or plus the
 * number held in the file GAVEL_CLOCK_SKEW_FILE (read every 100 ms, so a test can step the
 * clock of a running node). The monotonic clock (`performance.now()`) is left alone, as a
 * real wall-clock step leaves it.
 */
import { readFileSync } from 'node:fs';

let skew = Number(process.env.GAVEL_CLOCK_SKEW_MS ?? 0);
const file = process.env.GAVEL_CLOCK_SKEW_FILE;
if (file) {
  const read = () => {
    try {
      skew = Number(readFileSync(file, 'utf8').trim()) || 0;
    } catch {
      // no file yet: no skew
    }
  };
  read();
  setInterval(read, 100).unref();
}

const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
class SkewedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(realNow() + skew);
    else super(...(args as [string]));
  }
  static override now(): number {
    return realNow() + skew;
  }
}
globalThis.Date = SkewedDate as DateConstructor;
