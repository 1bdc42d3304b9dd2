/** S40: JSON encoded once and spliced as it is, also inside another encoded value. */
import { describe, expect, it } from 'vitest';
import { PreEncoded } from '../../server/preEncoded.ts';

describe('PreEncoded', () => {
  it('a value holding encoded parts encodes exactly as the plain value would, text that looks like a replacement pattern included', () => {
    const part = { texts: ['$& and $1', 'a "quoted" \u0000 line\n', '\u2028'] };
    const plain = { seq: 7, contributions: { items: part }, chat: ['hello'] };
    const inner = new PreEncoded(part);
    const outer = new PreEncoded({ ...plain, contributions: { items: inner } });
    expect(outer.json).toBe(JSON.stringify(plain));
    // The same inner bytes serve a second outer value, at another seq.
    expect(new PreEncoded({ ...plain, seq: 8, contributions: { items: inner } }).json).toBe(JSON.stringify({ ...plain, seq: 8 }));
    // Outside an encoder (a log, a test) it reads as the value itself.
    expect(JSON.parse(JSON.stringify({ x: inner }))).toEqual({ x: part });
  });
});
