/**
 * JSON encoded once, written into many Socket.IO packets. Socket.IO encodes what each `emit`
 * and ack carries once per socket (it walks it looking for binaries, then `JSON.stringify`s
 * it): for a snapshot of a large event that is megabytes of work per join or `sync`. A value
 * wrapped in `PreEncoded` is encoded once; `encodeWithPreEncoded` makes the server's encoder
 * splice those bytes into each packet, so the wire format stays exactly what it was. A
 * `PreEncoded` may hold others: their bytes are spliced into its own.
 */
import { randomUUID } from 'node:crypto';

import type { ServerToClientEvents } from '../shared/socketEvents.ts';
import type { GavelServer, GavelSocket } from './socketTypes.ts';

/** Unguessable, so that no text a person sends can be taken for a placeholder. */
const MARK = `\u0000pre-encoded:${randomUUID()}:`;

/** Values met while the server's encoder runs (synchronously), by placeholder. */
let splicing: Map<string, PreEncoded<unknown>> | null = null;

export class PreEncoded<T> {
  readonly json: string;
  declare readonly value: T;
  /** Its UTF-8 bytes, by what follows them in a packet (a packet's closing brackets). */
  private readonly bytes = new Map<string, Buffer>();

  constructor(value: T) {
    // A value encoded before, inside this one (a large part unchanged since the last seq), is spliced in, not encoded again.
    const outer = splicing;
    try {
      const { text, found } = withPlaceholders(value);
      this.json = found.size === 0 ? text : spliced(text, new Map([...found].map(([placeholder, inner]) => [placeholder, inner.json])));
    } finally {
      splicing = outer;
    }
  }

  /** Its JSON in UTF-8 and then `tail`, encoded the first time a socket needs it: the same bytes for every socket after. */
  utf8Then(tail: string): Buffer {
    let bytes = this.bytes.get(tail);
    if (!bytes) {
      bytes = Buffer.from(this.json + tail);
      this.bytes.set(tail, bytes);
    }
    return bytes;
  }

  /** Inside the server's encoder: a placeholder for the bytes. Anywhere else (a log, a test): the value itself. */
  toJSON(): unknown {
    if (!splicing) return JSON.parse(this.json);
    const placeholder = `${MARK}${splicing.size}`;
    splicing.set(JSON.stringify(placeholder), this);
    return placeholder;
  }
}

/** `value`'s JSON with the placeholders of the `PreEncoded` values in it, and those values by placeholder. */
function withPlaceholders(value: unknown): { text: string; found: Map<string, PreEncoded<unknown>> } {
  splicing = new Map();
  try {
    return { text: JSON.stringify(value), found: splicing };
  } finally {
    splicing = null;
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
      const found = new Map([...splicing].map(([placeholder, value]) => [placeholder, value.json]));
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

/** The header of an unmasked WebSocket text frame (RFC 6455 5.2) of `length` bytes: FIN, opcode 1. */
function textFrameHeader(length: number): Buffer {
  const extra = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + extra);
  header[0] = 0x81;
  header[1] = extra === 0 ? length : extra === 2 ? 126 : 127;
  if (extra === 2) header.writeUInt16BE(length, 2);
  if (extra === 8) header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/**
 * Emit `event` with `arg` to one socket, its one `PreEncoded` value written last, as the same
 * bytes for every socket: the socket's frame is its header and the text before the value,
 * then the value's UTF-8 bytes (with the packet's closing brackets) as they are, never copied,
 * where Socket.IO would splice, scan and encode a string of the same megabytes for each socket
 * (a join or a reconnect to a large event, S40). The bytes on the wire are exactly what
 * `socket.emit` sends. A socket on long-polling, or a value not last, is sent the usual way.
 */
export function emitPreEncoded<E extends keyof ServerToClientEvents>(socket: GavelSocket, event: E, arg: Parameters<ServerToClientEvents[E]>[0]): void {
  const { text, found } = withPlaceholders([event, arg]);
  const [placeholder, value] = found.size === 1 ? [...found][0]! : [];
  const at = placeholder ? text.lastIndexOf(placeholder) : -1;
  const tail = at >= 0 && placeholder ? text.slice(at + placeholder.length) : '';
  if (!value || tail.length > 8 || socket.conn.transport.name !== 'websocket') {
    socket.emit(event, ...([arg] as Parameters<ServerToClientEvents[E]>));
    return;
  }
  const head = text.slice(0, at);
  // "2": a Socket.IO event in the main namespace; "4": an Engine.IO message. A string built by
  // concatenation is not copied until read: the text is for a transport that reads it, never this one.
  const prefix = Buffer.from(`42${head}`);
  const shared = value.utf8Then(tail);
  const frame = [Buffer.concat([textFrameHeader(prefix.length + shared.length), prefix]), shared];
  // Engine.IO writes a packet's `wsPreEncodedFrame` as it is, as for Socket.IO's own broadcasts.
  socket.client._packet([`2${head}${value.json}${tail}`] as never, { preEncoded: true, wsPreEncodedFrame: frame } as never);
}
