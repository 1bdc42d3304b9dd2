/**
 * Preloaded into a node (`node --import <this file>`) to move its clock: Date.now() (and
 * `new Date()` without arguments) returns the real time plus an offset in milliseconds read
 * from the file named by GAVEL_CLOCK_OFFSET_FILE. The harness rewrites that file to step the
 * clock mid-run; the file is read again at most every 50 ms.
 */
import { readFileSync } from 'node:fs';

const file = process.env.GAVEL_CLOCK_OFFSET_FILE;
if (file) {
  const realNow = Date.now.bind(Date);
  let offset = 0;
  let readAt = -Infinity;
  const currentOffset = () => {
    const t = performance.now();
    if (t - readAt >= 50) {
      readAt = t;
      try {
        const value = Number(readFileSync(file, 'utf8').trim());
        if (Number.isFinite(value)) offset = value;
      } catch {
        // keep the last offset while the harness rewrites the file
      }
    }
    return offset;
  };
  const RealDate = Date;
  Date.now = () => realNow() + currentOffset();
  // `new Date()` reads the same clock; with arguments it is the real Date.
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return args.length === 0 ? Reflect.construct(target, [Date.now()], newTarget) : Reflect.construct(target, args, newTarget);
    },
  });
}
