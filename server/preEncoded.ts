/**
 * JSON encoded once, written into many Socket.IO packets. Socket.IO encodes what each `emit`
 * and ack carries once per socket (it walks it looking for binaries, then `JSON.stringify`s
 * it): for a snapshot of a large event that is megabytes of work per join or `sync`. A value
 * wrapped in `PreEncoded` is encoded once; `encodeWithPreEncoded` makes the server's encoder
 * splice those bytes into each packet, so the wire format stays exactly what it was. A
 * `PreEncoded` may hold others: their bytes are spliced into its own.
 */
import { randomUUID } from 'node:crypto';
import type { GavelServer } from './socketTypes.ts';

/** Unguessable, so that no text a person sends can be taken for a placeholder. */
const MARK = `\u0000pre-encoded:${randomUUID()}:`;

/** Values met while the server's encoder runs (synchronously), by placeholder. */
let splicing: Map<string, string> | null = null;

export class PreEncoded<T> {
  readonly json: string;
  declare readonly value: T;

  constructor(value: T) {
    // A value encoded before, inside this one (a large part unchanged since the last seq), is spliced in, not encoded again.
    const outer = splicing;
    splicing = new Map();
    try {
      const json = JSON.stringify(value);
      this.json = splicing.size === 0 ? json : spliced(json, splicing);
    } finally {
      splicing = outer;
    }
  }

  /** Inside the server's encoder: a placeholder for the bytes. Anywhere else (a log, a test): the value itself. */
  toJSON(): unknown {
    if (!splicing) return JSON.parse(this.json);
    const placeholder = `${MARK}${splicing.size}`;
    splicing.set(JSON.stringify(placeholder), this.json);
    return placeholder;
  }
}

/** Make `io`'s encoder write every `PreEncoded` value as its JSON. */
export function encodeWithPreEncoded(io: GavelServer): void {
  const { encoder } = io;
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (packet) => {
    splicing = new Map();
    try {
      const encoded = encode(packet);
      if (splicing.size === 0) return encoded;
      const found = splicing;
      return encoded.map((part) => (typeof part === 'string' ? spliced(part, found) : part));
    } finally {
      splicing = null;
    }
  };
}

function spliced(text: string, values: Map<string, string>): string {
  let out = text;
  // A function replacement: the JSON may hold `$&` and the like, which a string replacement would expand.
  for (const [placeholder, json] of values) out = out.replace(placeholder, () => json);
  return out;
}
